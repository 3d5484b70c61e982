"""The modality of each threshold's clause, and the requirement it sets (``nlp.logic.modality``
does the work; rules in ``resources/modality_rules.json``)."""

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..logic import Cue, modality_of, requirement_for
from ..rules import load_modality_rules
from ..schema import ModalityRules
from .serialize import RuleFile


@Language.factory("criteria_modality_v1", default_config={"rules": None})
class CriteriaModality(RuleFile):
    """Sets ``modality`` and rewrites ``requirement`` of each dict in ``doc._.thresholds``, and
    sets ``Span._.modality`` of the entities in an obligation's or a permission's clause.
    ``rules``: a modality rule file (None: ``resources/modality_rules.json``)."""

    rule_file, rule_loader = "modality_rules.json", load_modality_rules
    rule_attrs = frozenset({"rules", "matcher", "pronouns", "breaks", "opening", "closing"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None):
        self.nlp, self.name = nlp, name
        self._rules_from({self.rule_file: rules})

    def _build(self, rules: ModalityRules) -> None:
        self.rules = rules
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for cue in rules.cues:
            self.matcher.add(cue.modality, [self.nlp.make_doc(cue.phrase)])
        self.pronouns = set(rules.relative_pronouns.words)
        self.breaks = set(rules.clause_breaks.words)
        half = len(rules.brackets.words) // 2
        self.opening, self.closing = set(rules.brackets.words[:half]), set(rules.brackets.words[half:])

    def cues(self, doc: Doc) -> list[Cue]:
        """The cues of the Doc, longest first where they overlap, pseudo cues and cues opening a
        relative clause left out."""
        taken: set[int] = set()
        found = []
        for key, start, end in sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1])):
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            modality = self.nlp.vocab.strings[key]
            if modality != "pseudo" and not (start and doc[start - 1].lower_ in self.pronouns):
                found.append(Cue(start, end, modality))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        cues = self.cues(doc)
        if not cues:
            return doc
        breaks = [t.i for t in doc if t.text in self.breaks]
        starts = [c.start for c in cues]
        idx = [t.idx for t in doc]
        brackets, open_at = [], []
        for t in doc:  # each token's innermost open bracket, -1 outside any
            if t.text in self.closing and open_at:
                open_at.pop()
            brackets.append(open_at[-1] if open_at else -1)
            if t.text in self.opening:
                open_at.append(t.i)
        criteria = {c["id"]: c for c in doc._.criteria or ()}

        def clause(criterion_id: str, start: int) -> tuple[dict, str | None]:
            crit = criteria[criterion_id]
            token = max(bisect_right(idx, start) - 1, 0)
            first, last = bisect_left(idx, crit["start"]), bisect_left(idx, crit["end"])
            return crit, modality_of(cues, breaks, token, first, last, brackets, starts)

        for ent in doc.ents:
            if ent._.criterion_id in criteria:
                ent._.modality = clause(ent._.criterion_id, ent.start_char)[1]
        for threshold in doc._.thresholds or ():
            crit, modality = clause(threshold["criterion_id"], threshold["start"])
            if modality is not None:
                threshold["modality"] = modality
                threshold["requirement"] = requirement_for(threshold, crit["section"], modality)
        return doc
