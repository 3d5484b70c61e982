"""A criterion's opening title ('Inability to Participate: Any condition that ...'), which both
ConText scope and the criterion logic read as context for what follows."""

from __future__ import annotations

from spacy.tokens import Span

from .schema import LeadInLabel


def label_end(sent: Span, rule: LeadInLabel) -> int | None:
    """The doc index of the colon closing the title sent opens with, if it has one: at most
    ``rule.max_tokens`` words before it, text after it, and every long word capitalized."""
    words = [t for t in sent if not t.is_space]
    for k, token in enumerate(words[: rule.max_tokens + 1]):
        if token.text == ":":
            title = [w.text for w in words[:k] if w.is_alpha and len(w.text) >= rule.min_capitalized]
            if 0 < k < len(words) - 1 and title and all(w[0].isupper() for w in title):
                return token.i
            return None
    return None


def restated_title(sent: Span, ents: list[Span], rule: LeadInLabel) -> list[Span]:
    """The entities (of ``ents``, any in the Doc) in the title sent opens with that an entity of the
    same label after its colon names again ('Performance Status: ECOG Performance Status of 0 or 1')."""
    colon = label_end(sent, rule)
    if colon is None:
        return []
    inside = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
    body = {e.label_ for e in inside if e.start > colon}
    return [e for e in inside if e.end <= colon and e.label_ in body]
