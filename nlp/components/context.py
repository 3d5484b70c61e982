"""medspaCy ConText with criteria-nlp's own rule set (``resources/context_rules.json``).

medspaCy's default rules were written for clinical notes and misfire on criteria ("any other",
"if", "prophylaxis", "test for", "resolved" all trigger there); ours are tested trap by trap.
"""

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..lead_in import label_end
from ..rules import across_line_breaks, load_context_rules, one_pattern_a_first_word
from ..schema import ContextRule, ContextRules, HeaderScope, InheritedAssertions, ScopeRules
from .serialize import RuleFile

if TYPE_CHECKING:
    from medspacy.context import ConTextModifier, ConTextRule

# medspaCy is imported when a component is built, not with this module: spaCy imports every
# registered factory's module whenever it makes a Language (the entry points), and medspaCy's
# own import takes most of a second.

# ConText category -> the Span extension it sets (declared in nlp.extensions).
SPAN_ATTRS = {
    "NEGATED_EXISTENCE": {"negated": True},
    "HISTORICAL": {"historical": True},
    "HYPOTHETICAL": {"hypothetical": True},
    "FAMILY": {"family": True},
    "EXCEPTION": {"exception": True},
}


# (entity, ConText category, id of the rule that asserts it)
Assertion = tuple[Span, str, str]


def resolve_scope(doc: Doc, edges, scope: ScopeRules) -> list[Assertion]:
    """The assertions that ConText's (target, modifier) edges make.

    medspaCy hands a cue limited to one target the nearest entity in its scope. In criteria that
    entity is often a premodifier ('no *cholesterol* medication') or the first item of a list ('not
    pregnant or nursing'), so such a cue moves on to the head of the noun phrase and spreads over
    the list. A head joined to its object by a companion word ('no prior *treatment* with
    *anti-PD-1*') hands the cue on to the object too: what is denied is the treatment with it.
    A qualifying prefix on a premodifier carves it out of its head instead ('non-*HCC*
    malignancy': a malignancy other than HCC), so the premodifier is an exception.
    """
    ents = sorted(doc.ents, key=lambda e: e.start)
    index = {(e.start, e.end): i for i, e in enumerate(ents)}
    pairs = []
    qualifier_cues = set(scope.qualifier_prefixes.words)
    heads, coordinators = set(scope.head_nouns.words), set(scope.coordinators.words)
    separators = set(scope.list_separators.words)
    determiners, catch_alls = set(scope.determiners.words), set(scope.catch_alls.words)
    for target, modifier in edges:
        if modifier.category not in SPAN_ATTRS:
            continue
        i = index[(target.start, target.end)]
        if modifier.rule.literal in qualifier_cues and _premodifies(ents, i):
            pairs.append((target, "EXCEPTION", scope.qualifier_prefixes.id))
            continue
        if modifier.max_targets == 1:
            forward = target.start >= modifier.modifier_span[1]
            chain = [i]
            if forward:
                i = _head(ents, i, modifier.scope_span[1], heads)
                chain = _companions(ents, i, modifier.scope_span[1], scope)
            members = chain[:-1] + _list_members(ents, chain[-1], 1 if forward else -1,
                                                 coordinators, separators, determiners, catch_alls)
        else:
            members = [i]
        pairs += [(ents[k], modifier.category, modifier.rule.metadata["id"]) for k in members]
    return pairs


def header_pairs(doc: Doc, criteria: list[dict], modifiers: list["ConTextModifier"],
                 rule: HeaderScope) -> list[Assertion]:
    """The assertions on the entities under a header that ends in ':' with an open cue.

    'Patients must not have:', 'None of the following:', 'History of any of the following:': a
    forward cue of the header with no entity and no terminating cue after it in the header covers
    every entity of the header's sub-items, at any depth; a negated header in a section of
    ``rule.restated_negation`` only restates the section. A cue inside an entity is no cue
    ('Non-small cell lung cancer with:'), as in the ConText graph.
    """
    children: dict[str, list[dict]] = {}
    for crit in criteria:
        if crit["parent"] is not None:
            children.setdefault(crit["parent"], []).append(crit)
    if not children:
        return []
    text, ents = doc.text, sorted(doc.ents)  # both are rebuilt on each read: read them once
    in_entity = {i for e in ents for i in range(e.start, e.end)}
    cues = sorted((m for m in modifiers if in_entity.isdisjoint(range(*m.modifier_span))),
                  key=lambda m: m.modifier_span)
    cue_starts = [m.modifier_span[0] for m in cues]
    ends = [m.modifier_span[0] for m in cues if m.category == "TERMINATE"]
    ent_starts, ent_chars = [e.start for e in ents], [e.start_char for e in ents]
    pairs = []
    for crit in criteria:
        if crit["id"] not in children or not text[crit["start"]:crit["end"]].rstrip().endswith(":"):
            continue
        header = doc.char_span(crit["start"], crit["end"], alignment_mode="expand")
        categories: dict[str, str] = {}  # category -> the header cue's rule id
        for m in cues[bisect_left(cue_starts, header.start):bisect_left(cue_starts, header.end)]:
            after = m.modifier_span[1]
            if (m.category in SPAN_ATTRS and m.direction in ("FORWARD", "BIDIRECTIONAL")
                    and after <= header.end and not _any_in(ent_starts, after, header.end)
                    and not _any_in(ends, after, header.end)):
                categories.setdefault(m.category, m.rule.metadata["id"])
        if crit["section"] in rule.restated_negation:
            categories.pop("NEGATED_EXISTENCE", None)
        for below in _descendants(crit["id"], children) if categories else ():
            for ent in ents[bisect_left(ent_chars, below["start"]):bisect_left(ent_chars, below["end"])]:
                if ent.end_char <= below["end"]:
                    pairs += [(ent, category, rule_id) for category, rule_id in sorted(categories.items())]
    return pairs


def self_negating(doc: Doc, words: frozenset[str], rule_id: str) -> list[Assertion]:
    """Entities that are a word negating itself ('*untreated* metastases'): ConText skips a cue
    inside an entity, so the word is its own cue. ``words`` are lower-case."""
    return [(ent, "NEGATED_EXISTENCE", rule_id) for ent in doc.ents if ent.text.lower() in words]


def inherited_by_exceptions(doc: Doc, pairs: list[Assertion], rule: InheritedAssertions) -> list[Assertion]:
    """An exception's assertions of ``rule.categories`` that the entity it is carved out of
    carries: the nearest entity before it in its sentence that is no exception itself."""
    asserted: dict[tuple[int, int], set[str]] = {}
    for target, category, _ in pairs:
        asserted.setdefault((target.start, target.end), set()).add(category)
    inherited, carved_from = [], None
    for ent in sorted(doc.ents, key=lambda e: e.start):
        if carved_from is not None and carved_from.sent != ent.sent:
            carved_from = None
        found = asserted.get((ent.start, ent.end), set())
        if "EXCEPTION" not in found:
            carved_from = ent
        elif carved_from is not None:
            kept = asserted.get((carved_from.start, carved_from.end), set())
            inherited += [(ent, category, rule.id) for category in rule.categories if category in kept]
    return inherited


def _any_in(sorted_positions: list[int], start: int, end: int) -> bool:
    """Whether a position of the sorted list lies in [start, end)."""
    k = bisect_left(sorted_positions, start)
    return k < len(sorted_positions) and sorted_positions[k] < end


def _descendants(crit_id: str, children: dict[str, list[dict]]) -> list[dict]:
    found = []
    for child in children.get(crit_id, []):
        found += [child, *_descendants(child["id"], children)]
    return found


def _head(ents: list[Span], i: int, scope_end: int, head_nouns: set[str]) -> int:
    """Index of the entity that ents[i] premodifies, directly or through '<head noun> of'."""
    while i + 1 < len(ents) and ents[i + 1].end <= scope_end:
        gap = [t.lower_ for t in ents[i].doc[ents[i].end : ents[i + 1].start]]
        noun = gap[0] if len(gap) == 2 else ents[i][-1].lower_
        if gap and not (len(gap) <= 2 and gap[-1] == "of" and noun in head_nouns):
            break
        i += 1
    return i


def _premodifies(ents: list[Span], i: int) -> bool:
    """ents[i] runs straight into the next entity of its own kind ('non-*HCC* *malignancy*'); a
    premodifier of another kind is denied of it ('non-*pregnant* *women*')."""
    return i + 1 < len(ents) and ents[i + 1].start == ents[i].end and ents[i + 1].label == ents[i].label


def _companions(ents: list[Span], i: int, scope_end: int, scope: ScopeRules) -> list[int]:
    """ents[i] and, when it ends in a treatment noun, each entity after it joined by a companion
    word and determiners only ('treatment with an approved *anti-PD-1*'), within the cue's scope."""
    chain, joins, fillers = [i], set(scope.companions.words), set(scope.determiners.words)
    heads = set(scope.treatment_nouns.words)
    while i + 1 < len(ents) and ents[i + 1].end <= scope_end and ents[i][-1].lower_ in heads:
        gap = [t.lower_ for t in ents[i].doc[ents[i].end : ents[i + 1].start]]
        if not (gap and gap[0] in joins and set(gap[1:]) <= fillers):
            break
        i += 1
        chain.append(i)
    return chain


def _list_members(ents: list[Span], i: int, step: int, coordinators: set[str], separators: set[str],
                  determiners: set[str], catch_alls: set[str]) -> list[int]:
    """ents[i] and the entities joined to it, in reading direction step, by coordinators, or by
    separators in a list that a coordinator closes ('no diabetes, hypertension(,) or asthma'):
    walking forward the members after a separator wait for the coordinator, walking backward
    from the end the coordinator comes first. A member's own modifiers and determiners may stand
    in the gap ('no diabetes, severe asthma or uncontrolled hypertension'); a catch-all closes the
    list before it ('no diabetes, *hypertension* or any other chronic disease'; walking backward
    it ends the list at the catch-all)."""
    members, pending, closed = [i], [], False
    while 0 <= i + step < len(ents):
        a, b = sorted((ents[i], ents[i + step]), key=lambda e: e.start)
        graded = {k for m in b._.modifiers or () for k in range(m["start"], m["end"])}
        gap = {t.lower_ for t in a.doc[a.end : b.start] if t.idx not in graded}
        if (a.sent != b.sent or not gap & (coordinators | separators)
                or not gap <= coordinators | separators | determiners | catch_alls):
            break
        if gap & catch_alls:
            members += pending if gap & coordinators else []
            break
        i += step
        if gap & coordinators:
            closed = True
            members += pending + [i]
            pending = []
        elif closed and step < 0:
            members.append(i)
        else:
            pending.append(i)
    return members


def cue_pattern(rule: ContextRule, tokenize) -> list[dict] | None:
    """The rule's token pattern, its words allowed to wrap over two lines ('but not limited' at a
    line's end, 'to:' on the next: ``across_line_breaks``); None for a one-word literal, which
    the phrase matcher finds."""
    pattern = rule.pattern
    if pattern is None:
        pattern = [{"LOWER": t.lower_} for t in tokenize(rule.literal) if not t.is_space]
        if len(pattern) < 2:
            return None
    return across_line_breaks(pattern)


def to_medspacy(rule: ContextRule, tokenize) -> "ConTextRule":
    from medspacy.context import ConTextRule

    return ConTextRule(
        literal=rule.literal,
        category=rule.category,
        direction=rule.direction,
        pattern=cue_pattern(rule, tokenize),
        allowed_types=set(rule.allowed_types) if rule.allowed_types else None,
        excluded_types=set(rule.excluded_types) if rule.excluded_types else None,
        max_scope=rule.max_scope,
        max_targets=rule.max_targets,
        terminated_by=set(rule.terminated_by) if rule.terminated_by else None,
        metadata={"id": rule.id},
    )


@Language.factory("criteria_context_v1", default_config={"rules": None})
class CriteriaContext(RuleFile):
    """Sets negated/historical/hypothetical/family/exception on ``doc.ents``. ``rules``: a
    context rule file (None: ``resources/context_rules.json``)."""

    rule_file, rule_loader, dump_options = "context_rules.json", load_context_rules, {"exclude_none": True}
    rule_attrs = frozenset({"rules", "cue_rules", "matcher", "phrase_matcher", "graph_class",
                            "modifier_class", "self_negating"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None):
        self.nlp = nlp
        self.name = name
        self._rules_from({self.rule_file: rules})

    def _build(self, rules: ContextRules) -> None:
        from medspacy.context import ConTextGraph, ConTextModifier

        self.rules = rules
        self.self_negating = frozenset(word.lower() for word in rules.scope.self_negating.words)
        self.graph_class, self.modifier_class = ConTextGraph, ConTextModifier
        # medspaCy's MedspacyMatcher, with a pattern's first words as words, not a set (faster):
        # a phrase matcher on lower-cased words for one-word cues, a token matcher for the rest,
        # and of overlapping cues the longest wins ("not restricted to").
        self.cue_rules = {rule.id: to_medspacy(rule, self.nlp.make_doc) for rule in rules.context_rules}
        self.matcher = Matcher(self.nlp.vocab)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for rule_id, cue in self.cue_rules.items():
            if cue.pattern is None:
                self.phrase_matcher.add(rule_id, [self.nlp.make_doc(cue.literal.lower())])
            else:
                self.matcher.add(rule_id, one_pattern_a_first_word(cue.pattern))

    def modifiers(self, doc: Doc) -> list["ConTextModifier"]:
        """Every cue of the rule set in doc."""
        from medspacy.common.util import prune_overlapping_matches

        matches = prune_overlapping_matches(self.matcher(doc) + self.phrase_matcher(doc))
        return [self.modifier_class(self.cue_rules[self.nlp.vocab.strings[match_id]], start, end, doc)
                for match_id, start, end in matches]

    def edges(self, doc: Doc, modifiers: list["ConTextModifier"]) -> list[tuple[Span, "ConTextModifier"]]:
        """medspaCy ConText's (target, modifier) edges, one ConTextGraph per sentence.

        ConText builds one graph per Doc, which compares every cue with every other cue and every
        target: quadratic in the length of the page. A scope never leaves its sentence (one
        criterion), so a graph per sentence gives the same edges in linear time.
        """
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]
        groups: dict[int, tuple[list, list]] = {}

        def group(token_i: int) -> tuple[list, list]:
            return groups.setdefault(bisect_right(starts, token_i), ([], []))

        for ent in doc.ents:
            group(ent.start)[0].append(ent)
        for modifier in modifiers:
            group(modifier.modifier_span[0])[1].append(modifier)
        edges = []
        for key, (targets, cues) in groups.items():
            # A cue on an entity ('Do Not Resuscitate', 'non-healing wound') is no cue, and
            # leaves out before ConText's scopes are set, so it ends no other cue's scope
            # (medspaCy's prune_on_modifier_overlap drops it only after).
            inside = {i for t in targets for i in range(t.start, t.end)}
            cues = [m for m in cues if inside.isdisjoint(range(*m.modifier_span))]
            graph = self.graph_class(targets=targets, modifiers=cues)
            graph.update_scopes()
            graph.apply_modifiers()
            colon = label_end(sents[key - 1], self.rules.scope.lead_in_label) if key else None
            edges += [(target, modifier) for target, modifier in graph.edges
                      if colon is None or not (modifier.modifier_span[1] <= colon < target.start)]
        return edges

    def __call__(self, doc: Doc) -> Doc:
        modifiers = self.modifiers(doc)
        pairs = resolve_scope(doc, self.edges(doc, modifiers), self.rules.scope)
        pairs += header_pairs(doc, doc._.criteria or [], modifiers, self.rules.scope.headers)
        pairs += self_negating(doc, self.self_negating, self.rules.scope.self_negating.id)
        pairs += inherited_by_exceptions(doc, pairs, self.rules.scope.exception_inherits)
        for target, category, rule_id in pairs:
            for attr, value in SPAN_ATTRS[category].items():
                setattr(target._, attr, value)
                # first come, first kept: ConText's own edges before the scope rules' additions
                target._.cue_rules = {attr: rule_id, **(target._.cue_rules or {})}
        return doc
