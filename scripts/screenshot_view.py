"""The README's screenshot of a review page, taken in headless Chromium.

    python scripts/screenshot_view.py annotations/seeds/NCT05602974.json scripts/examples/review-page.png

Renders the pipeline's document of the trial (of a gold file's text, where `criteria view` would
show the gold's annotations), hovers the first threshold row so that the side panel shows its
fields, and saves a 1280x900 PNG.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from nlp.documents import load_trial
from nlp.io import InputError
from nlp.pipeline import load
from nlp.view import render_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trial", type=Path, help="A trial: text, page, API v2 record, gold or document.")
    parser.add_argument("png", type=Path, help="Where to write the screenshot.")
    parser.add_argument("--chromium", default=shutil.which("chromium"), help="The Chromium executable.")
    args = parser.parse_args()
    if not args.chromium:
        sys.exit("screenshot_view: no Chromium found (apt-get install chromium, or --chromium PATH)")
    from playwright.sync_api import sync_playwright

    try:
        document = load_trial(args.trial, load())
    except InputError as err:
        sys.exit(f"screenshot_view: {err}")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path = Path(folder) / "page.html"
        page_path.write_text(render_document(document, args.trial.name), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri())
        page.locator("tr.threshold").first.hover()
        page.screenshot(path=str(args.png))
        browser.close()
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
