"""Each criterion's logic (``nlp.logic`` does the work; rules in ``resources/logic_rules.json``)."""

from spacy.language import Language
from spacy.tokens import Doc

from ..logic import LogicReader
from ..rules import load_logic_rules
from ..schema import LogicRules
from .serialize import RuleFile


@Language.factory("criteria_logic_v1", default_config={"rules": None})
class CriteriaLogic(RuleFile):
    """Sets ``doc._.logic``: {criterion id: tree}, over the ids ``doc_to_document`` gives.
    ``rules``: a logic rule file (None: ``resources/logic_rules.json``)."""

    rule_file, rule_loader = "logic_rules.json", load_logic_rules
    rule_attrs = frozenset({"rules", "reader"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None):
        self.nlp, self.name = nlp, name
        self._rules_from({self.rule_file: rules})

    def _build(self, rules: LogicRules) -> None:
        self.rules, self.reader = rules, LogicReader(rules, self.nlp.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        doc._.logic = self.reader.logic(doc)
        return doc
