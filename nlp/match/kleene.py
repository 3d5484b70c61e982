"""Three-valued (Kleene) logic: True, False, or None when unknown."""

from __future__ import annotations


def kleene(op: str, values: list[bool | None]) -> bool | None:
    """'and' is false when any value is and true when all are; 'or' the other way round; 'not'
    swaps true and false; unknown stays unknown."""
    if op == "not":
        return None if values[0] is None else not values[0]
    decisive = op == "or"  # True decides an 'or', False an 'and'
    if decisive in values:
        return decisive
    return None if None in values else not decisive
