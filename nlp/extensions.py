"""Every custom Doc and Span extension of criteria-nlp, declared once, with plain-data values."""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Set by components on every Doc (None before they ran: a shared mutable default would leak).
DOC_EXTENSIONS = (
    "criteria_sections",  # [{"section", "plain_language", "heading_start", "start", "end", "rule"}]
    "criteria",  # [{"id", "section", "start", "end", "parent"}]
    "thresholds",  # [{"criterion_id", ...the fields of schema.Threshold}]
    "logic",  # {criterion id: tree of {"op", "args"} / {"ref"[, "part"]}}, set by criteria_logic
    "analyte_candidates",  # [(start, end, label)]: the lexicon-first merge thresholds link to
    # [{"short": {"start", "end", "text"}, "long": {...}}]: each occurrence of a defined short
    # form and its definition's long form, set by criteria_abbreviations
    "abbreviations",
    # Set by the tokenizer when the normalized view differs from the input (nlp.normalize):
    "input_text",  # the input exactly as read; doc.text is its view
    "input_shifts",  # [[view offset, dropped characters before it]], the view's offset map
)
# criteria_context writes the first six (after scope resolution); polarity derives from the five flags.
SPAN_EXTENSIONS = {
    "negated": False,
    "historical": False,
    "hypothetical": False,
    "family": False,
    "exception": False,
    "cue_rules": None,  # {"negated": rule id, ...}: the rule that set each of the five above
    "polarity": None,  # "inclusion" | "exclusion"
    "criterion_id": None,
    "modality": None,  # "obligation" | "permission": the entity's clause, set by criteria_modality
    "modifiers": None,  # [{"kind", "start", "end"}], set by criteria_modifiers (None: none found)
    # the label a lexicon name takes once a threshold measures it ('HBV DNA < 2000 IU/mL'), set by
    # criteria_entities where the model's label stands until then; criteria_thresholds applies it
    "measured_label": None,
}


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()
