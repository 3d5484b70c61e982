"""Modifiers: the severity, stability, acuteness, activity and certainty words that grade an
entity from outside its span (``resources/modifiers.json``).

The span convention (``annotations/README.md``) keeps them out of entities, as the training
corpus does: "Uncontrolled hypertension" is the CONDITION "hypertension" with the stability
modifier "Uncontrolled". A lexicon name or a model span that begins with one is trimmed to its
head, unless the whole name is a fixed name ("unstable angina"); modifiers written just before an
entity, joined by "/" or "or" ("severe/unstable angina"), are the entity's too.
"""

from collections.abc import Collection

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..rules import load_modifier_rules
from ..schema import ModifierRules
from .serialize import RuleFile

Found = tuple[int, int, str]  # token start, token end, kind


def grade(ents: list[Span], starts: dict[int, Found], ends: dict[int, Found], joiners: set[str],
          fixed: set[str], quantifiers: frozenset[str] = frozenset()) -> list[tuple[Span, list[Found]]]:
    """Each entity trimmed of its leading modifiers, with those and the modifiers just before it
    (quantifiers may stand between: 'Known additional malignancy'), in reading order. ``starts``
    and ``ends`` index the modifier matches by their first and past-the-end token."""
    doc = ents[0].doc if ents else None
    taken = {i for e in ents for i in range(e.start, e.end)}
    graded = []
    for ent in ents:
        inside, start = [], ent.start
        while ((m := starts.get(start)) and m[1] < ent.end
               and not starts_with_fixed_name(doc[start:ent.end].text.lower(), fixed)):
            after = m[1]
            if doc[after].lower_ in joiners:  # 'severe/unstable ...': a joiner must lead to a modifier
                if after + 1 not in starts or starts[after + 1][1] >= ent.end:
                    break
                after += 1
            inside.append(m)
            start = after
        before, left = [], ent.start
        while left > 0 and doc[left - 1].lower_ in quantifiers and left - 1 not in taken:
            left -= 1  # 'Known additional malignancy'
        left = _past_joined_word(doc, left, ent.start in starts, ends, joiners, taken)
        while (m := ends.get(left)) and taken.isdisjoint(range(m[0], m[1])):
            before.insert(0, m)
            left = m[0]
            if left > 0 and doc[left - 1].lower_ in joiners and left - 1 in ends:
                left -= 1  # 'severe or uncontrolled hypertension'
        head = ent if start == ent.start else Span(doc, start, ent.end, ent.label_)
        graded.append((head, before + inside))
    return graded


def _past_joined_word(doc: Doc, left: int, graded_name: bool, ends: dict[int, Found],
                      joiners: set[str], taken: set[int]) -> int:
    """Where the modifiers before an entity end, past a joiner that coordinates them with it:
    with the entity's own first word a modifier of its fixed name ('severe/unstable angina'), or
    with a one-word conjunct that is no entity ('Known psychiatric or substance abuse disorders',
    'serious acute or chronic physical or psychiatric diseases'): the modifiers grade the whole
    coordination."""
    if left < 2 or doc[left - 1].lower_ not in joiners:
        return left
    if graded_name and left - 1 in ends:  # a modifier ends at the joiner
        return left - 1
    word = left - 2  # a bare word, not itself a modifier, right after a modifier
    if word in ends and left - 1 not in ends and word not in taken and doc[word].is_alpha:
        return word
    return left


def starts_with_fixed_name(text: str, fixed: Collection[str]) -> bool:
    """The span begins with a fixed name ('unstable angina pectoris', 'chronic kidney disease stage 4')."""
    return any(text == name or text.startswith(name + " ") or text.startswith(name + "(") for name in fixed)


@Language.factory("criteria_modifiers_v1", default_config={"rules": None})
class CriteriaModifiers(RuleFile):
    """Trims modifiers off ``doc.ents`` and records them in ``Span._.modifiers``.
    ``rules``: a modifier rule file (None: ``resources/modifiers.json``)."""

    rule_file, rule_loader = "modifiers.json", load_modifier_rules
    rule_attrs = frozenset({"rules", "matcher", "joiners", "fixed", "quantifiers"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None):
        self.nlp, self.name = nlp, name
        self._rules_from({self.rule_file: rules})

    def _build(self, rules: ModifierRules) -> None:
        self.rules = rules
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for rule in rules.kinds:
            self.matcher.add(rule.kind, [self.nlp.make_doc(word) for word in rule.words])
        self.joiners = set(rules.joiners.words)
        self.fixed = {name.lower() for name in rules.fixed_names.words}
        self.quantifiers = frozenset(word.lower() for word in rules.quantifiers.words)

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(((s, e, self.nlp.vocab.strings[k]) for k, s, e in self.matcher(doc)),
                         key=lambda m: (m[0], -m[1]))
        starts: dict[int, Found] = {}
        ends: dict[int, Found] = {}
        for m in matches:  # the longest match at each token
            starts.setdefault(m[0], m)
            if m[1] not in ends or ends[m[1]][0] > m[0]:
                ends[m[1]] = m
        graded = grade(sorted(doc.ents), starts, ends, self.joiners, self.fixed, self.quantifiers)
        doc.ents = [head for head, _ in graded]
        for head, found in graded:
            head._.modifiers = [{"kind": kind, "start": doc[s].idx, "end": doc[e - 1].idx + len(doc[e - 1])}
                                for s, e, kind in found]
        return doc
