"""Obligations and permissions: a clause that says what a patient must do or may have keeps its
own direction in either section ('... must undergo a pregnancy test within 7 days'), and a
permission inside an exclusion criterion sets no requirement ('hydroxyurea is permitted more than
24 hours before the first dose'). Under inclusion the written direction is already the rule."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from ..schema import Requirement


class Cue(NamedTuple):
    start: int  # token index
    end: int
    modality: str  # 'obligation' | 'permission'


def modality_of(cues: list[Cue], breaks: list[int], token: int, first: int, last: int,
                brackets: list[int] | None = None, starts: list[int] | None = None) -> str | None:
    """The modality of the clause holding ``token``: that of the cue nearest it in the same clause
    of the criterion spanning tokens ``first``..``last`` (exclusive). ``cues`` and ``breaks`` (the
    clause-break tokens) are sorted. ``brackets`` gives each token's innermost open bracket (-1:
    none): a cue inside brackets governs only their inside ('<= 1.5 x ULN (isolated bilirubin >
    1.5 x ULN is acceptable if ...)'). ``starts``: the cues' starts, when the caller keeps them."""
    k = bisect_right(breaks, token)
    start = max(first, breaks[k - 1] + 1 if k else first)
    end = min(last, breaks[k] if k < len(breaks) else last)
    starts = starts if starts is not None else [c.start for c in cues]

    def governs(cue: Cue) -> bool:
        return brackets is None or brackets[cue.start] in (-1, brackets[token])

    # Cues do not overlap, so the nearest is the first that governs on either side of the token.
    at = bisect_right(starts, token)
    left = next((c for c in (cues[k] for k in range(at - 1, -1, -1)) if c.start < start or governs(c)), None)
    right = next((c for c in (cues[k] for k in range(at, len(cues))) if c.end > end or governs(c)), None)
    left = left if left is not None and left.start >= start else None
    right = right if right is not None and right.end <= end else None
    if left is None or right is None:
        return (left or right).modality if left or right else None
    closer = left if min(abs(left.start - token), abs(left.end - 1 - token)) <= right.start - token else right
    return closer.modality


def requirement_for(threshold: dict, section: str, modality: str | None) -> dict | None:
    """What an eligible patient satisfies: the threshold itself under inclusion, an obligation or
    a permission; its complement under exclusion. A permission inside an exclusion criterion
    carves something out of it and requires nothing: no requirement."""
    if modality == "permission" and section == "exclusion":
        return None
    direction = "inclusion" if modality == "obligation" else section
    return Requirement.of(threshold["comparator"], threshold["value"], threshold["upper"],
                          threshold["values"], direction).model_dump()
