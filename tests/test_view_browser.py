"""The review pages in a real browser (headless Chromium): each seed trial's page has every
criterion, one highlight per entity and every threshold row, logs no console error, shows an
item's fields on hover, and prints without the side panel. Skips when no Chromium is installed
(.ci/run installs Debian's package) or playwright is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nlp.documents import load_trial
from nlp.view import render_document, render_evaluation

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "annotations" / "seeds").glob("*.json"))
CHROMIUM = os.environ.get("CRITERIA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def opened(browser, path: Path):
    """A page at ``path`` and the console errors and page errors it logged."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


@pytest.mark.parametrize("gold", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_review_page_in_chromium(browser, pipeline, gold, tmp_path):
    document = load_trial(gold, pipeline)
    path = tmp_path / f"{gold.stem}.html"
    path.write_text(render_document(document, gold.name), encoding="utf-8")
    page, problems = opened(browser, path)
    entities = [e for c in document.criteria for e in c.entities]
    thresholds = [t for c in document.criteria for t in c.thresholds]
    assert page.locator("article.criterion").count() == len(document.criteria)
    assert page.locator("mark.ent").count() == len(entities)
    assert page.locator("tr.threshold").count() == len(thresholds)
    ids = page.eval_on_selector_all("article.criterion", "els => els.map(e => e.dataset.criterion)")
    assert sorted(ids) == sorted(c.id for c in document.criteria)
    first = page.locator("mark.ent").first
    first.hover()
    assert page.locator("#details h3").inner_text() == entities[0].id
    assert page.locator("#details th", has_text="label").count() == 1
    if thresholds:
        page.locator("tr.threshold").first.click()
        assert page.locator("#details h3").inner_text() == thresholds[0].id
    page.screenshot(path=str(tmp_path / f"{gold.stem}.png"), full_page=False)
    assert (tmp_path / f"{gold.stem}.png").stat().st_size > 10_000
    page.emulate_media(media="print")
    assert not page.locator("#details").is_visible()
    assert page.locator("aside .legend").is_visible()  # the legend prints
    assert problems == []
    page.close()


def test_evaluation_page_in_chromium(browser, pipeline, tmp_path):
    from nlp.gold import read_gold
    from nlp.score import score

    golds = list(read_gold(ROOT / "annotations" / "seeds", None))
    predicted = [load_trial(path, pipeline) for path in SEEDS]
    assert [g.document.document.id for g in golds] == [p.id for p in predicted]
    report = score((g.text, g.document.document, p) for g, p in zip(golds, predicted, strict=True))
    path = tmp_path / "evaluation.html"
    pairs = [(g.document.document, p) for g, p in zip(golds, predicted, strict=True)]
    path.write_text(render_evaluation(pairs, report), encoding="utf-8")
    page, problems = opened(browser, path)
    criteria = sum(len(g.document.document.criteria) for g in golds)
    assert page.locator("article.criterion .pair").count() == criteria
    clean = page.locator("article.criterion.clean")
    assert 0 < clean.count() < criteria
    page.check("#only-errors")
    assert not clean.first.is_visible()
    assert page.locator("article.criterion.with-errors").first.is_visible()
    assert page.locator("mark.ent.fn").count() + page.locator("mark.ent.fp").count() > 0
    # An id repeats on both sides and in other documents: hovering lights up its own side only.
    gold_mark = page.locator("article.with-errors .side-gold mark.ent").first
    gold_mark.hover()
    active = page.eval_on_selector_all(".active", "els => els.map(e => e.closest('.side-gold') !== null)")
    assert active and all(active)
    page.emulate_media(media="print")
    assert not page.locator("#only-errors").is_visible()
    assert problems == []
    page.close()
