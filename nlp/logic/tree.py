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
    family: str | None = None  # the analyte whose bounds differ by condition, shared by them all
    label: str | None = None  # an entity leaf's label


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


def combine(leaves: list[Leaf], gaps: list[str], list_op: str, clause_op: str) -> Node | None:
    """The leaves joined by the gaps between them. A gap is 'or' or 'and' (a connector), 'list' (a
    comma), 'plain' (other words: both hold), 'adjacent' (no word: one phrase, 'NYHA class III or
    IV heart failure'), 'part' (two parts of one bound: '140/90', or one analyte's bounds for
    different conditions) or 'break' (a clause ends). Adjacent leaves and parts join first, parts
    by ``clause_op``; a list takes the connector that ends it ('A, B, or C'), else ``list_op``
    (a quantifier's, or the section's); clauses are separate statements joined by ``clause_op``
    (the section's); inside a clause 'or' runs group under 'and'."""
    units, ops = [leaves[0].node] if leaves else [], []
    for leaf, op in zip(leaves[1:], gaps, strict=True):
        if op in ("adjacent", "part"):
            units[-1] = join("and" if op == "adjacent" else clause_op, [units[-1], leaf.node])
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
    return join(clause_op, [c for c in clauses if c is not None])


def build_logic(leaves: list[Leaf], gaps: list[str], section: str, list_op: str,
                clause_op: str) -> Node | None:
    """The criterion's tree: the statement of its leaves (obligations apart), negated under
    exclusion; ``list_op`` and ``clause_op`` as in ``combine``."""
    leaves, gaps = kept(leaves, gaps, lambda leaf: leaf.modality != "permission" or section == "inclusion")
    if not leaves:
        return None
    if section == "inclusion":
        return combine(leaves, gaps, list_op, clause_op)
    statement, between = kept(leaves, gaps, lambda leaf: leaf.modality != "obligation")
    parts = [negate(combine(statement, between, list_op, clause_op))] if statement else []
    return join("and", parts + [leaf.node for leaf in leaves if leaf.modality == "obligation"])


GAP_STRENGTH = ("break", "plain", "and", "or", "list", "part")  # strongest first


def kept(leaves: list[Leaf], gaps: list[str], keep) -> tuple[list[Leaf], list[str]]:
    """The leaves ``keep`` accepts and the gaps between them: a dropped leaf leaves the strongest
    of its two gaps (a break stays a break)."""
    at = [k for k, leaf in enumerate(leaves) if keep(leaf)]
    merged = [next((g for g in GAP_STRENGTH if g in gaps[i:j]), "adjacent")
              for i, j in zip(at, at[1:], strict=False)]
    return [leaves[k] for k in at], merged


def child_logic(children: list[str], section: str, quantifier: str | None) -> Node | None:
    """A header's tree over its sub-items, each evaluated as its own logic: 'at least one of the
    following' is 'or' under inclusion; under exclusion each sub-item's logic is already a 'not',
    so 'any of' (none may hold) is 'and' and 'all of' (not every one may hold) is 'or'."""
    nodes = [ref(c) for c in children]
    if section == "inclusion":
        return join("or" if quantifier == "any" else "and", nodes)
    return join("or" if quantifier == "all" else "and", nodes)
