"""Self-contained HTML review pages: a document's criteria, entities, thresholds and logic
(``criteria view``), and an evaluation's errors side by side (``criteria evaluate --html``)."""

from .document import render_document
from .evaluation import render_evaluation

__all__ = ["render_document", "render_evaluation"]
