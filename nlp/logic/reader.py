"""Read a criterion's leaves and the words between them off the Doc: the rules of
``resources/logic_rules.json``, compiled once, over a criterion's tokens and spans."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..intervals import NO_INTERVALS, Intervals
from ..lead_in import label_end
from ..schema import LogicRules, entity_id, threshold_id
from .tree import Leaf, build_logic, child_logic, join, kept, negate, ref

CONDITION_GAP = 40  # the most characters (spaces, a bracket) between a value and its condition
EXCEPTIONS = ("except",)  # the group of the leaf of what 'except' carves out
EVIDENCE = "evidence"  # the gap before one way to show a leaf, another of which is no leaf
ALTERNATIVES = ("or", "adjacent")  # gaps that keep a means' ways going ('or imaging or CT')
DEFINED = "defined"  # the gap between an entity and the bracketed values that define it


class LogicReader:
    def __init__(self, rules: LogicRules, make_doc):
        self.rules = rules

        def words(phrase: str) -> str:
            return " ".join(t.lower_ for t in make_doc(phrase))

        self.connectors = [(f" {words(c.phrase)} ", c.op) for c in rules.connectors]
        self.connectors.sort(key=lambda c: c[1] != "or")  # an 'or' anywhere in a gap wins: 'and/or'
        self.quantifiers = [(f" {words(q.phrase)} ", q.quantifier) for q in rules.quantifiers]
        self.separators = set(rules.list_separators.words)
        self.breaks = set(rules.clause_breaks.words)
        self.lead_in_ends = set(rules.lead_in_ends.words)
        self.appositions = set(rules.appositions.words)
        self.heads = set(rules.treatment_heads.words)
        self.companions = set(rules.companions.words)
        self.means, self.means_ends = set(rules.means.words), set(rules.means.ends)
        self.way_joiners, self.way_labels = set(rules.means.joiners), set(rules.means.way_labels)
        self.clause_openers, self.causes = set(rules.means.clause_openers), set(rules.means.causes)
        reactions = rules.reaction_heads
        self.reactions, self.reaction_links = set(reactions.words), set(reactions.links)
        self.reaction_joiners = set(reactions.joiners)
        self.labels = set(rules.leaf_labels)
        self.definable, self.closers = set(rules.definitions.labels), set(rules.definitions.closers)

    def logic(self, doc: Doc) -> dict[str, dict | None]:
        """{criterion id: tree} for every criterion of the Doc."""
        criteria = doc._.criteria or ()
        text = doc.text  # rebuilt from the tokens on each read: read it once
        ents: dict[str, list[Span]] = {}
        for ent in doc.ents:
            ents.setdefault(ent._.criterion_id, []).append(ent)
        thresholds: dict[str, list[dict]] = {}
        for th in doc._.thresholds or ():
            listed = thresholds.setdefault(th["criterion_id"], [])
            th["id"] = threshold_id(th["criterion_id"], len(listed))
            listed.append(th)
        children: dict[str, list[str]] = {}
        for crit in criteria:
            if crit["parent"]:
                children.setdefault(crit["parent"], []).append(crit["id"])
        found = {}
        for crit in criteria:
            cid, section = crit["id"], crit["section"]
            quantifier = self.quantifier(doc, crit["start"], crit["end"])
            if cid in children:
                found[cid] = child_logic(children[cid], section, quantifier)
                continue
            leaves = self.after_title(doc, crit, self.leaves(doc, text, section, ents.get(cid, []),
                                                             thresholds.get(cid, [])))
            if quantifier:
                leaves = self.after_lead_in(doc, crit, leaves)
            list_op = {"any": "or", "all": "and"}.get(quantifier, self.rules.list_op[section])
            masks = Intervals([m for leaf in leaves for m in leaf.mask])
            part_op = self.rules.list_op[section]  # clauses, and the parts of one bound
            gaps = [self.between(doc, a, b, masks) for a, b in zip(leaves, leaves[1:], strict=False)]
            leaves, gaps = without_defined(*self.without_evidence(doc, leaves, gaps, masks), section)
            found[cid] = build_logic(leaves, gaps, section, list_op, part_op)
        return found

    @staticmethod
    def words(doc: Doc, start: int, end: int, masks: Intervals = NO_INTERVALS) -> list[str]:
        """The lower-cased tokens inside start:end, whitespace and masked characters left out."""
        span = doc.char_span(start, end, alignment_mode="contract") if end > start else None
        return [t.lower_ for t in span or () if not t.is_space and not masks.covers(t.idx)]

    def gap(self, doc: Doc, start: int, end: int, masks: Intervals, restates: bool = True,
            parallel: bool = False) -> str:
        """What the words between two leaves say: 'break', 'or', 'and', 'list', 'plain', or
        'adjacent' when there are none, or what a means before them makes of it (``means_gap``).
        ``restates``: the leaf before is an entity, which a bracketed leaf right after restates (a
        bound it is not: what shows a bound is how it is measured); ``parallel``: the leaf after
        opens a means of its own."""
        words = self.words(doc, start, end, masks)
        if not words:
            return "adjacent"
        if self.breaks.intersection(words):
            return "break"
        if words and set(words) <= self.appositions:  # a bracket restates an entity, not a bound
            return "or" if restates else "plain"
        joined = f" {' '.join(words)} "
        phrase, op = next(((phrase, op) for phrase, op in self.connectors if phrase in joined), ("", None))
        return (self.means_gap(joined, phrase, op, parallel, of_bound=not restates)
                or op or ("list" if self.separators.intersection(words) else "plain"))

    def means_gap(self, joined: str, phrase: str, op: str | None, parallel: bool,
                  of_bound: bool = False) -> str | None:
        """After a means marker the leaf after shows the one before ('HCC confirmed by biopsy',
        'diabetes, as evidenced by HbA1c >= 13%'): 'plain', both hold. One alternative of an
        unfound means ('by histopathology or imaging') is required of no one: ``EVIDENCE``, and
        so is the means of a bound (``of_bound``: 'grade >= 2 by NCI-CTCAE', 'LVEF >= 50% by
        echocardiogram or MUGA'), which says how the value is measured, not what else holds. A
        parallel alternative, or a clause opener after the 'or', keeps the connector; a marker
        after a word of cause or treatment ('caused by', 'involvement by', 'treated by') opens no
        means. None: no means stands before the connector's last occurrence in the gap, since the
        last end token."""
        before, _, after = joined.rpartition(phrase) if op else (joined, "", "")
        words = before.split()
        words = words[max((k + 1 for k, w in enumerate(words) if w in self.means_ends), default=0):]
        markers = [k for k, w in enumerate(words)
                   if w in self.means and not (k and words[k - 1] in self.causes)]
        if not markers or op and parallel:
            return None
        if of_bound and not op:
            return EVIDENCE
        if op != "or" or markers[-1] == len(words) - 1:  # no word between the marker and the 'or'
            return "plain"
        return op if self.clause_openers.intersection(after.split()[:1]) else EVIDENCE

    def between(self, doc: Doc, a: Leaf, b: Leaf, masks: Intervals) -> str:
        """The gap between two leaves. The parts of one expression ('140/90 mmHg') and the bounds
        of one analyte for different conditions ('QTc >450 ms in men, >470 ms in women', 'AST <=
        2.5 x ULN (<= 5 x ULN for patients with liver metastases)') are one 'part'; other bounds
        on one mention are read between their values."""
        if b.group == EXCEPTIONS:  # carved out of the whole statement, not of the leaf before it
            return "plain"
        if a.group is not None and a.group == b.group or a.family is not None and a.family == b.family:
            return "part"
        if self.defined_by_values(doc, a, b, masks):
            return DEFINED
        if a.group is not None and b.group is not None and (a.start, a.end) == (b.start, b.end):
            return self.gap(doc, a.group[1], b.group[0], masks)
        return self.gap(doc, a.end, b.start, masks, restates=a.group is None,
                        parallel=self.opens_means(doc, b))

    def without_evidence(self, doc: Doc, leaves: list[Leaf], gaps: list[str],
                         masks: Intervals) -> tuple[list[Leaf], list[str]]:
        """The leaves less the entities that are one way to show the leaf before when another is
        no leaf or the leaf is a bound (``EVIDENCE``: 'HCC, confirmed by histopathology or
        imaging', 'LVEF >= 45% by echocardiogram or MUGA'), each with the gap before it, and the
        ways that go on after one (``means_goes_on``); a bound is never evidence."""
        found, between, chained = leaves[:1], [], False
        for k, gap in enumerate(gaps):
            b = leaves[k + 1]
            chained = b.group is None and (gap == EVIDENCE or chained and self.means_goes_on(
                doc, leaves[k], b, gap, masks, closed_by_or=next(
                    (g for g in gaps[k:] if g != "list"), None) == "or"))
            if not chained:
                found.append(b)
                between.append("plain" if gap == EVIDENCE else gap)
        return found, between

    def means_goes_on(self, doc: Doc, a: Leaf, b: Leaf, gap: str, masks: Intervals,
                      closed_by_or: bool) -> bool:
        """Whether b, not denied, is one more way after the way a: a test, device or finding with only
        joiners between them ('or imaging or CT', 'computed tomography (CT)', 'by MRI, CT scan,
        or physical exam' when an 'or' closes the list); a condition or drug is a leaf again ('by
        echocardiogram or MUGA, or heart failure')."""
        return (b.label in self.way_labels and b.node.get("op") != "not"
                and (gap in ALTERNATIVES or gap == "list" and closed_by_or)
                and set(self.words(doc, a.end, b.start, masks)) <= self.way_joiners)

    def defined_by_values(self, doc: Doc, a: Leaf, b: Leaf, masks: Intervals) -> bool:
        """'Normal hematological function (platelets > 75 ...)': an entity of a definable label,
        not denied ('No poorly controlled diabetes (glucose > 250)' denies the entity, not the
        value), then a bracket that opens on a threshold whose value is inside it (not
        'rheumatoid arthritis (RA) for >= 3 months')."""
        if (a.label not in self.definable or a.node.get("op") == "not"  # the values are not denied
                or b.group is None or b.group == EXCEPTIONS):
            return False
        words = self.words(doc, a.end, b.start, masks)
        return bool(words) and set(words) <= self.appositions and not self.closers.intersection(
            self.words(doc, a.end, b.group[0]))

    def opens_means(self, doc: Doc, leaf: Leaf) -> bool:
        """Whether the word right after the leaf is a means marker ('over-expression *by* IHC')."""
        span = doc.char_span(leaf.start, leaf.end, alignment_mode="expand")
        after = next((t for t in doc[span.end:] if not t.is_space), None) if span is not None else None
        return after is not None and after.lower_ in self.means

    def quantifier(self, doc: Doc, start: int, end: int) -> str | None:
        words = f" {' '.join(self.words(doc, start, end))} "
        return next((q for phrase, q in self.quantifiers if phrase in words), None)

    def leaves(self, doc: Doc, text: str, section: str, ents: list[Span],
               thresholds: list[dict]) -> list[Leaf]:
        """The criterion's leaves in reading order: its thresholds (with their conditions) and the
        entities of the leaf labels that no threshold names or holds."""
        leaves, owned = self.threshold_leaves(text, section, thresholds)
        exceptions, objects = [], self.reaction_objects(doc, ents)
        for k, ent in enumerate(ents):
            if (ent.label_ not in self.labels or ent._.family or k in objects
                    or owned.overlaps(ent.start_char, ent.end_char)):
                continue
            if ent._.modality == "permission":
                continue  # what a clause allows is carved out and required of no one
            node = ref(entity_id(ent._.criterion_id, k))
            if ent._.exception:
                exceptions.append(node)
                continue
            leaves.append(Leaf(ent.start_char, ent.end_char, negate(node) if ent._.negated else node,
                               ent._.modality, label=ent.label_))
        leaves.sort(key=lambda leaf: (leaf.start, leaf.end))
        nexts = [*leaves[1:], None]
        leaves = [leaf for leaf, after in zip(leaves, nexts[:len(leaves)], strict=True)
                  if not self.names_its_agent(doc, text, leaf, after)]
        if exceptions:  # what 'except' carves out may not hold for the statement to
            last = leaves[-1].end if leaves else 0
            leaves.append(Leaf(last, last, negate(join("or", exceptions)), group=EXCEPTIONS))
        return leaves

    def reaction_objects(self, doc: Doc, ents: list[Span]) -> set[int]:
        """The indices of the entities that a reaction no entity names is to ('Allergy to
        *penicillin* or *sulfonamides*'): what excludes is the allergy, not the drug, so they
        are no leaves. Adjacent entities, and those of the object's label joined to it by
        ``joiners`` only, are the object too."""
        covered = {i for ent in ents for i in range(ent.start, ent.end)}
        objects: set[int] = set()
        for k, ent in enumerate(ents):
            head = ent.start - 2
            if (k in objects or head < 0 or head in covered or doc[head].lower_ not in self.reactions
                    or doc[head + 1].lower_ not in self.reaction_links):
                continue
            objects.add(k)
            j = k
            while j + 1 < len(ents):
                words = set(self.words(doc, ents[j].end_char, ents[j + 1].start_char))
                if words and not (ents[j + 1].label == ent.label and words <= self.reaction_joiners):
                    break
                j += 1
                objects.add(j)
        return objects

    def threshold_leaves(self, text: str, section: str,
                         thresholds: list[dict]) -> tuple[list[Leaf], Intervals]:
        """A leaf per threshold, placed at its analyte's mention, and the characters the thresholds
        own (analytes, values, conditions), which no entity leaf may overlap."""
        found, owned = [], []
        for th in thresholds:
            analyte = th["analyte"]
            start, end = (analyte["start"], analyte["end"]) if analyte else (th["start"], th["end"])
            mask = [(th["start"], th["end"])]
            if th["condition"]:  # written right after the value, past some spaces
                at = text.find(th["condition"], th["end"], th["end"] + len(th["condition"]) + CONDITION_GAP)
                if at >= 0:
                    mask.append((at, at + len(th["condition"])))
            owned += [(start, end), *mask]
            key = (analyte or {}).get("name") or (analyte or {}).get("text", "").lower()
            found.append((Leaf(start, end, ref(th["id"]), th.get("modality"), tuple(mask),
                               (th["start"], th["end"], start)), key, th))
        conditions: dict[str, list[dict]] = {}
        for _, key, th in found:
            if th["condition"] and key:  # bounds of no named analyte are no family
                conditions.setdefault(key, []).append(ref(th["id"], "condition"))
        leaves = [leaf._replace(node=conditional(leaf.node, th, conditions.get(key), section),
                                family=key if key in conditions else None)
                  for leaf, key, th in found]
        return leaves, Intervals(owned)

    def names_its_agent(self, doc: Doc, text: str, leaf: Leaf, after: Leaf | None) -> bool:
        """'treatment' in 'Prior treatment with sorafenib': the agent is the leaf."""
        if after is None or leaf.group is not None or text[leaf.start:leaf.end].lower() not in self.heads:
            return False
        words = set(self.words(doc, leaf.end, after.start))
        return bool(words) and words <= self.companions

    def after_title(self, doc: Doc, crit: dict, leaves: list[Leaf]) -> list[Leaf]:
        """'Contraindications to Protocol Therapy: Known hypersensitivity to ...': the title's words
        are context."""
        span = doc.char_span(crit["start"], crit["end"], alignment_mode="contract")
        colon = label_end(span, self.rules.lead_in_label) if span is not None else None
        if colon is None:
            return leaves
        after = [leaf for leaf in leaves if leaf.start > doc[colon].idx]
        return after or leaves

    def after_lead_in(self, doc: Doc, crit: dict, leaves: list[Leaf]) -> list[Leaf]:
        """'Any of the following conditions within 12 months: MI, angina, ...': the words before
        the colon say what the list is about, as a header does; the list is the statement."""
        span = doc.char_span(crit["start"], crit["end"], alignment_mode="contract") or ()
        end = next((t.idx for t in span if t.text in self.lead_in_ends), None)
        after = [leaf for leaf in leaves if end is None or leaf.start > end]
        return after or leaves


def without_defined(leaves: list[Leaf], gaps: list[str], section: str) -> tuple[list[Leaf], list[str]]:
    """'Normal hematological function (platelets > 75 ...)' under inclusion: the values say what
    the entity is, and a record that fails one fails it, so the entity goes and its gaps merge;
    under exclusion either states it ('Decompensated cirrhosis (Child-Pugh B or C)': 'or')."""
    if section != "inclusion":
        return leaves, ["or" if gap == DEFINED else gap for gap in gaps]
    defined = [leaf for leaf, gap in zip(leaves, gaps, strict=False) if gap == DEFINED]
    return kept(leaves, gaps, lambda leaf: leaf not in defined) if defined else (leaves, gaps)


def conditional(node: dict, th: dict, conditions: list[dict] | None, section: str) -> dict:
    """A conditional bound applies when its condition holds; the plain bound of the same analyte
    applies when none of the conditions does."""
    if th["condition"]:
        cond = ref(th["id"], "condition")
        return join("or", [negate(cond), node]) if section == "inclusion" else join("and", [cond, node])
    if not conditions:
        return node
    if section == "inclusion":
        return join("or", [*conditions, node])
    return join("and", [*(negate(c) for c in conditions), node])
