"""medspaCy ConText with criteria-nlp's own rule set (``resources/context_rules.json``).

medspaCy's default rules were written for clinical notes and misfire on criteria ("any other",
"if", "prophylaxis", "test for", "resolved" all trigger there); ours are tested trap by trap.
"""


import json

from medspacy.context import ConText, ConTextRule
from spacy.language import Language
from spacy.tokens import Doc

from ..rules import load_context_rules
from ..schema import ContextRule

# ConText category -> the Span extension it sets (declared in nlp.extensions).
SPAN_ATTRS = {
    "NEGATED_EXISTENCE": {"negated": True},
    "HISTORICAL": {"historical": True},
    "HYPOTHETICAL": {"hypothetical": True},
    "FAMILY": {"family": True},
    "EXCEPTION": {"exception": True},
}


def to_medspacy(rule: ContextRule) -> ConTextRule:
    return ConTextRule(
        literal=rule.literal,
        category=rule.category,
        direction=rule.direction,
        pattern=rule.pattern,
        allowed_types=set(rule.allowed_types) if rule.allowed_types else None,
        excluded_types=set(rule.excluded_types) if rule.excluded_types else None,
        max_scope=rule.max_scope,
        max_targets=rule.max_targets,
        terminated_by=set(rule.terminated_by) if rule.terminated_by else None,
        metadata={"id": rule.id},
    )


@Language.factory("criteria_context", default_config={})
class CriteriaContext:
    """Sets negated/historical/hypothetical/family/exception on ``doc.ents``."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self._build(load_context_rules())

    def _build(self, rules: list[ContextRule]) -> None:
        self.rules = rules
        self.context = ConText(self.nlp, name=self.name, rules=None, span_attrs=SPAN_ATTRS)
        self.context.add([to_medspacy(rule) for rule in rules])

    def __call__(self, doc: Doc) -> Doc:
        return self.context(doc)

    def to_disk(self, path, exclude=()):
        path.mkdir(parents=True, exist_ok=True)
        data = {"context_rules": [r.model_dump(exclude_none=True) for r in self.rules]}
        (path / "context_rules.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))

    def from_disk(self, path, exclude=()):
        self._build(load_context_rules(path / "context_rules.json"))
        return self
