"""Self-contained HTML review pages: a document's criteria, entities, thresholds and logic
(``criteria view``), and an evaluation's errors side by side (``criteria evaluate --html``)."""

import re

from .document import render_document
from .evaluation import render_evaluation

# What a file name keeps of a record id: letters, digits, '.', '_' and '-'; the rest becomes '_'.
UNSAFE = re.compile(r"[^\w.-]+")


def page_name(stem: str, taken: set[str]) -> str:
    """A file name for a page, of ``stem``'s safe characters, not in ``taken`` (which it joins):
    two inputs of one stem, or a record id repeated, get '-2', '-3' ..."""
    safe = UNSAFE.sub("_", stem).strip(".") or "page"
    name, k = safe, 1
    while name in taken:
        k += 1
        name = f"{safe}-{k}"
    taken.add(name)
    return f"{name}.html"


__all__ = ["page_name", "render_document", "render_evaluation"]
