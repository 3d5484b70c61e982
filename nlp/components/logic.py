"""Each criterion's logic (``nlp.logic`` does the work; rules in ``resources/logic_rules.json``)."""

import json

from spacy.language import Language
from spacy.tokens import Doc

from ..logic import LogicReader
from ..rules import load_logic_rules
from ..schema import LogicRules


@Language.factory("criteria_logic_v1", default_config={})
class CriteriaLogic:
    """Sets ``doc._.logic``: {criterion id: tree}, over the ids ``doc_to_document`` gives."""

    def __init__(self, nlp: Language, name: str):
        self.nlp, self.name = nlp, name
        self._build(load_logic_rules())

    def _build(self, rules: LogicRules) -> None:
        self.rules, self.reader = rules, LogicReader(rules, self.nlp.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        doc._.logic = self.reader.logic(doc)
        return doc

    def to_disk(self, path, exclude=()):
        path.mkdir(parents=True, exist_ok=True)
        (path / "logic_rules.json").write_text(
            json.dumps(self.rules.model_dump(), indent=1, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):
        self._build(load_logic_rules(path / "logic_rules.json"))
        return self
