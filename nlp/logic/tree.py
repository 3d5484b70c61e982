"""The logic of one criterion: its leaves in reading order, joined by what the words between them
say ('or', 'and', a bare list, a clause break), with the section applied.

The tree says what an eligible patient satisfies. A leaf is an entity (the patient has it), a
threshold (the patient's value satisfies it as written), a threshold's condition, or a sub-item.
'or' binds tighter than 'and' ("no stroke or MI, and no HIV"). An exclusion criterion's statement
goes under 'not'; an obligation's clause stays outside it and a permission's clause, which carves
something out and requires nothing, is dropped.
"""

from __future__ import annotations

from typing import NamedTuple

Node = dict  # {"op": "and"|"or"|"not", "args": [...]} or {"ref": id[, "part": "condition"]}


class Leaf(NamedTuple):
    """One leaf or small subtree in reading order: ``start``/``end`` are the characters that place
    it among the others (an analyte's mention for a threshold) and ``mask`` the characters it owns
    that no gap may read (a threshold's value and condition)."""

    start: int
    end: int
    node: Node
    modality: str | None = None
    mask: tuple[tuple[int, int], ...] = ()
    group: tuple | None = None  # the parts of one expression share it ('140/90 mmHg')
    conditional: bool = False  # a bound with a condition, or the plain bound it overrides


def ref(id_: str, part: str | None = None) -> Node:
    return {"ref": id_, "part": part} if part else {"ref": id_}


def join(op: str, args: list[Node]) -> Node | None:
    """``op`` over ``args``, flattening nested nodes of the same op; one argument stands alone."""
    flat: list[Node] = []
    for arg in args:
        flat.extend(arg["args"] if arg.get("op") == op else [arg])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else {"op": op, "args": flat}


def negate(node: Node) -> Node:
    return node["args"][0] if node.get("op") == "not" else {"op": "not", "args": [node]}


def alternatives(run: list[Node]) -> Node | None:
    """Alternatives joined by 'or'; when every one is denied, one cue denies them all ('Not
    pregnant or nursing', 'no stroke or MI'): neither may hold, so they join by 'and'."""
    if len(run) > 1 and all(node.get("op") == "not" for node in run):
        return join("and", run)
    return join("or", run)


def combine(leaves: list[Leaf], gaps: list[str], list_op: str) -> Node | None:
    """The leaves joined by the gaps between them. A gap is 'or' or 'and' (a connector), 'list' (a
    comma), 'plain' (other words: both hold), 'adjacent' (no word: one phrase, 'NYHA class III or
    IV heart failure') or 'break' (a clause ends). Adjacent leaves join first; a list takes the
    connector that ends it ('A, B, or C'), else ``list_op``; clauses are separate statements,
    joined like a list; inside a clause 'or' runs group under 'and'."""
    units, ops = [leaves[0].node] if leaves else [], []
    for leaf, op in zip(leaves[1:], gaps, strict=True):
        if op == "adjacent":
            units[-1] = join("and", [units[-1], leaf.node])
        else:
            units.append(leaf.node)
            ops.append(op)
    ahead = "break"
    for k in range(len(ops) - 1, -1, -1):  # from the right: the connector that ends each list
        if ops[k] == "list":
            ops[k] = ahead if ahead in ("or", "and") else list_op
        else:
            ahead = ops[k]
    clauses, groups, run = [], [], units[:1]
    for node, op in zip(units[1:], ops, strict=True):
        if op == "or":
            run.append(node)
            continue
        groups.append(alternatives(run))
        run = [node]
        if op == "break":
            clauses.append(join("and", groups))
            groups = []
    if run:
        groups.append(alternatives(run))
    clauses.append(join("and", groups))
    return join(list_op, [c for c in clauses if c is not None])


def build_logic(leaves: list[Leaf], gaps: list[str], section: str, list_op: str) -> Node | None:
    """The criterion's tree: the statement of its leaves (obligations apart), negated under exclusion."""
    kept = [(k, leaf) for k, leaf in enumerate(leaves)
            if leaf.modality != "permission" or section == "inclusion"]
    if not kept:
        return None
    # A dropped leaf leaves the strongest of its two gaps: a break stays a break.
    merged: list[str] = []
    for (i, _), (j, _) in zip(kept, kept[1:], strict=False):
        between = gaps[i:j]
        merged.append(next((g for g in ("break", "plain", "and", "or", "list") if g in between), "adjacent"))
    if section == "inclusion":
        return combine([leaf for _, leaf in kept], merged, list_op)
    statement = [(leaf, gap) for (_, leaf), gap in zip(kept, ["break", *merged], strict=True)
                 if leaf.modality != "obligation"]
    duties = [leaf.node for _, leaf in kept if leaf.modality == "obligation"]
    parts = []
    if statement:
        parts.append(negate(combine([leaf for leaf, _ in statement], [g for _, g in statement[1:]],
                                    list_op)))
    return join("and", parts + duties)


def child_logic(children: list[str], section: str, quantifier: str | None) -> Node | None:
    """A header's tree over its sub-items, each evaluated as its own logic: 'at least one of the
    following' is 'or' under inclusion; under exclusion each sub-item's logic is already a 'not',
    so 'any of' (none may hold) is 'and' and 'all of' (not every one may hold) is 'or'."""
    nodes = [ref(c) for c in children]
    if section == "inclusion":
        return join("or" if quantifier == "any" else "and", nodes)
    return join("or" if quantifier == "all" else "and", nodes)
