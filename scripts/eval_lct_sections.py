"""Section agreement on the LCT corpus: does each annotated entity land in a criterion of the
section its heading gives? The corpus is read by ``nlp.importers.lct`` (its ``SPAN_LABELS`` spans).

    python scripts/eval_lct_sections.py ../shared/corpora/lct
"""

from __future__ import annotations

import argparse
from bisect import bisect_right
from pathlib import Path

from lct import corpus_arg

from nlp.importers.lct import read_corpus
from nlp.pipeline import build


def section_agreement(corpus: Path) -> tuple[int, int, int, int]:
    """(documents, entities with a gold section, entities in the right section, outside any)."""
    nlp = build()
    splitter = nlp.select_pipes(enable=["criteria_sections", "criteria_splitter"])
    total = agree = outside = 0
    docs = read_corpus(corpus)
    for doc in docs:
        criteria = sorted(nlp(doc.text)._.criteria, key=lambda c: c["start"])
        starts = [c["start"] for c in criteria]
        for ent in doc.entities:
            gold = doc.gold_section(ent.start)
            if gold is None:
                continue
            total += 1
            i = bisect_right(starts, ent.start) - 1
            if i < 0 or criteria[i]["end"] < ent.end:
                outside += 1
            elif criteria[i]["section"] == gold:
                agree += 1
    splitter.restore()
    return len(docs), total, agree, outside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=corpus_arg)
    args = parser.parse_args()
    docs, total, agree, outside = section_agreement(args.corpus)
    print(f"documents: {docs}  entities with a gold section: {total}")
    print(f"section agreement: {agree / total:.4f} ({agree}/{total}); "
          f"entities outside every criterion: {outside}")


if __name__ == "__main__":
    main()
