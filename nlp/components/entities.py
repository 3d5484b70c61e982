"""Rule-based entities: medspaCy's TargetMatcher over the lexicon in ``resources/lexicon/``."""



from medspacy.target_matcher import TargetMatcher
from medspacy.target_matcher import TargetRule as MedspacyTargetRule
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..rules import load_target_rules
from ..schema import TargetRule
from .polarity import criterion_at


def to_medspacy(rule: TargetRule) -> MedspacyTargetRule:
    return MedspacyTargetRule(
        literal=rule.literal, category=rule.label, pattern=rule.pattern, metadata={"id": rule.id}
    )


@Language.factory("criteria_entities", default_config={})
class CriteriaEntities:
    """Adds lexicon matches to ``doc.ents`` (longest match wins where they overlap)."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self._build(load_target_rules())

    def _build(self, rules: list[TargetRule]) -> None:
        self.rules = rules
        self.matcher = TargetMatcher(self.nlp, name=self.name, result_type=None)
        self.matcher.add([to_medspacy(rule) for rule in rules])

    def __call__(self, doc: Doc) -> Doc:
        criteria = sorted(doc._.criteria or (), key=lambda c: c["start"])
        starts = [c["start"] for c in criteria]
        inside = [
            span for span in self.matcher(doc)
            if criterion_at(criteria, starts, span.start_char, span.end_char) is not None
        ]
        # Where spans overlap, the longest wins (spaCy's filter_spans).
        doc.ents = filter_spans([*doc.ents, *inside])
        return doc

    def to_disk(self, path, exclude=()):
        path.mkdir(parents=True, exist_ok=True)
        lines = (r.model_dump_json(exclude_none=True) for r in self.rules)
        (path / "lexicon.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def from_disk(self, path, exclude=()):
        self._build(load_target_rules(path / "lexicon.jsonl"))
        return self
