"""Importers from annotation corpora into gold documents (``schema.GoldDocument``)."""


def polarity(section: str, negated: bool) -> str:
    """An entity's polarity: its criterion's section, flipped when it is negated."""
    return ("exclusion" if section == "inclusion" else "inclusion") if negated else section
