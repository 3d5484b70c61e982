"""medspaCy ConText with criteria-nlp's own rule set (``resources/context_rules.json``).

medspaCy's default rules were written for clinical notes and misfire on criteria ("any other",
"if", "prophylaxis", "test for", "resolved" all trigger there); ours are tested trap by trap.
"""


import json
from bisect import bisect_right

from medspacy.common.medspacy_matcher import MedspacyMatcher
from medspacy.context import ConTextGraph, ConTextModifier, ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules import load_context_rules
from ..schema import ContextRule, ContextRules, ScopeRules

# ConText category -> the Span extension it sets (declared in nlp.extensions).
SPAN_ATTRS = {
    "NEGATED_EXISTENCE": {"negated": True},
    "HISTORICAL": {"historical": True},
    "HYPOTHETICAL": {"hypothetical": True},
    "FAMILY": {"family": True},
    "EXCEPTION": {"exception": True},
}


def resolve_scope(doc: Doc, edges, scope: ScopeRules) -> list[tuple[Span, str]]:
    """The (entity, category) pairs that ConText's (target, modifier) edges assert.

    medspaCy hands a cue limited to one target the nearest entity in its scope. In criteria that
    entity is often a premodifier ('no *cholesterol* medication') or the first item of a list ('not
    pregnant or nursing'), so such a cue moves on to the head of the noun phrase and spreads over
    the list.
    """
    ents = sorted(doc.ents, key=lambda e: e.start)
    index = {(e.start, e.end): i for i, e in enumerate(ents)}
    pairs = []
    for target, modifier in edges:
        if modifier.category not in SPAN_ATTRS:
            continue
        i = index[(target.start, target.end)]
        if modifier.max_targets == 1:
            forward = target.start >= modifier.modifier_span[1]
            if forward:
                i = _head(ents, i, modifier.scope_span[1], set(scope.head_nouns.words))
            members = _list_members(ents, i, 1 if forward else -1, set(scope.coordinators.words))
        else:
            members = [i]
        pairs += [(ents[k], modifier.category) for k in members]
    return pairs


def _head(ents: list[Span], i: int, scope_end: int, head_nouns: set[str]) -> int:
    """Index of the entity that ents[i] premodifies, directly or through '<head noun> of'."""
    while i + 1 < len(ents) and ents[i + 1].end <= scope_end:
        gap = [t.lower_ for t in ents[i].doc[ents[i].end : ents[i + 1].start]]
        noun = gap[0] if len(gap) == 2 else ents[i][-1].lower_
        if gap and not (len(gap) <= 2 and gap[-1] == "of" and noun in head_nouns):
            break
        i += 1
    return i


def _list_members(ents: list[Span], i: int, step: int, coordinators: set[str]) -> list[int]:
    """ents[i] and the entities joined to it, in reading direction step, by coordinators only."""
    members = [i]
    while 0 <= i + step < len(ents):
        a, b = sorted((ents[i], ents[i + step]), key=lambda e: e.start)
        gap = {t.lower_ for t in a.doc[a.end : b.start]}
        if not gap or not gap <= coordinators or a.sent != b.sent:
            break
        i += step
        members.append(i)
    return members


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

    def _build(self, rules: ContextRules) -> None:
        self.rules = rules
        # ConText's own matcher settings: of overlapping cues the longest wins ("not restricted to").
        self.matcher = MedspacyMatcher(self.nlp, name=self.name, phrase_matcher_attr="LOWER", prune=True)
        self.matcher.add([to_medspacy(rule) for rule in rules.context_rules])

    def edges(self, doc: Doc) -> list[tuple[Span, ConTextModifier]]:
        """medspaCy ConText's (target, modifier) edges, one ConTextGraph per sentence.

        ConText builds one graph per Doc, which compares every cue with every other cue and every
        target: quadratic in the length of the page. A scope never leaves its sentence (one
        criterion), so a graph per sentence gives the same edges in linear time.
        """
        starts = [sent.start for sent in doc.sents]
        groups: dict[int, tuple[list, list]] = {}

        def group(token_i: int) -> tuple[list, list]:
            return groups.setdefault(bisect_right(starts, token_i), ([], []))

        for ent in doc.ents:
            group(ent.start)[0].append(ent)
        for match_id, start, end in self.matcher(doc):
            rule = self.matcher.rule_map[self.nlp.vocab[match_id].text]
            group(start)[1].append(ConTextModifier(rule, start, end, doc))
        edges = []
        for targets, modifiers in groups.values():
            # prune_on_modifier_overlap: a cue inside an entity ('Do Not Resuscitate') is no cue.
            graph = ConTextGraph(targets=targets, modifiers=modifiers, prune_on_modifier_overlap=True)
            graph.update_scopes()
            graph.apply_modifiers()
            edges += graph.edges
        return edges

    def __call__(self, doc: Doc) -> Doc:
        for target, category in resolve_scope(doc, self.edges(doc), self.rules.scope):
            for attr, value in SPAN_ATTRS[category].items():
                setattr(target._, attr, value)
        return doc

    def to_disk(self, path, exclude=()):
        path.mkdir(parents=True, exist_ok=True)
        data = json.dumps(self.rules.model_dump(exclude_none=True), indent=1, ensure_ascii=False)
        (path / "context_rules.json").write_text(data)

    def from_disk(self, path, exclude=()):
        self._build(load_context_rules(path / "context_rules.json"))
        return self
