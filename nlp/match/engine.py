"""``criteria match``: a trial document against patient records, criterion by criterion.

Each top-level criterion's logic is evaluated in three values (Kleene): 'and' is false when any
argument is, true when all are; 'or' the other way; 'not' swaps true and false; unknown stays
unknown. True passes, false fails, unknown (or no logic) is unknown. A sub-item counts through its
header. The verdict is 'ineligible' when any criterion fails, 'eligible' when all pass.
"""

from __future__ import annotations

from functools import cached_property

from ..schema import Criterion, Entity, LogicNode, LogicRef, Patient, Threshold, TrialDocument
from .facts import Facts, Finding
from .kleene import kleene

RESULT = {True: "passes", False: "fails", None: "unknown"}


class Evaluation:
    """One patient against one document, with the reasons each criterion was decided by."""

    def __init__(self, facts: Facts, document: TrialDocument, patient: Patient):
        self.facts, self.patient = facts, patient
        self.criteria = {c.id: c for c in document.criteria}
        self.items: dict[str, Entity | Threshold] = {}
        self.criterion_of: dict[str, Criterion] = {}
        for crit in document.criteria:
            for item in (*crit.entities, *crit.thresholds):
                self.items[item.id], self.criterion_of[item.id] = item, crit
        self.registry = document.registry

    @cached_property
    def index(self) -> frozenset[str]:
        """The record's facts that the inclusion criteria's entities name: the disease the trial
        is for, which no exclusion of another kind of it ('Other malignancies') means."""
        included = [item for item in self.items.values()
                    if isinstance(item, Entity) and self.criterion_of[item.id].section == "inclusion"]
        return frozenset(fact for ent in included for fact in self.facts.facts_of(ent, self.patient))

    def criterion(self, crit: Criterion, reasons: list[str]) -> bool | None:
        if crit.logic is None:
            return None
        return self.node(crit.logic, reasons)

    def node(self, node: LogicNode | LogicRef, reasons: list[str]) -> bool | None:
        if isinstance(node, LogicNode):
            return kleene(node.op, [self.node(arg, reasons) for arg in node.args])
        if node.ref in self.criteria:
            return self.criterion(self.criteria[node.ref], reasons)
        item = self.items[node.ref]
        if node.part == "condition":
            found, what = self.facts.condition(item, self.patient), f"condition {item.condition!r}"
        elif isinstance(item, Threshold):
            found, what = self.facts.threshold(item, self.patient), _described(item)
        else:
            crit = self.criterion_of[node.ref]
            index = self.index if crit.section == "exclusion" else frozenset()
            if item.exception:
                statement = [e for e in crit.entities
                             if not (e.exception or e.negated or e.hypothetical or e.family)]
                exceptions = [e for e in crit.entities if e.exception]
                found = self.facts.exception(item, statement, exceptions, self.patient, index)
            else:
                found = self.facts.entity(item, self.patient, index)
            what = f"{item.label} {item.text!r}"
        return _reason(node.ref, what, found, reasons)

    def registry_ages(self, reasons: list[str]) -> bool | None:
        """The registry's minimum and maximum age and sex (an API v2 record), as one criterion."""
        reg, age, sex = self.registry, self.patient.age, self.patient.sex
        checks = []
        if reg.minimum_age_years is not None:
            checks.append(_reason("registry", f"minimum age {reg.minimum_age}",
                                  Finding(None if age is None else age >= reg.minimum_age_years,
                                          f"age: {age:g}" if age is not None else None), reasons))
        if reg.maximum_age_years is not None:
            checks.append(_reason("registry", f"maximum age {reg.maximum_age}",
                                  Finding(None if age is None else age <= reg.maximum_age_years,
                                          f"age: {age:g}" if age is not None else None), reasons))
        if reg.sex in ("FEMALE", "MALE"):
            checks.append(_reason("registry", f"sex {reg.sex}",
                                  Finding(None if sex is None else sex == reg.sex.lower(),
                                          f"sex: {sex}" if sex else None), reasons))
        return kleene("and", checks) if checks else None


def _described(th: Threshold) -> str:
    analyte = th.analyte.text if th.analyte else th.kind
    return f"{analyte} {th.text!r}"


def _reason(ref: str, what: str, found: Finding, reasons: list[str]) -> bool | None:
    if found.holds is not None:
        reasons.append(f"{ref} {what} {'holds' if found.holds else 'does not hold'}: {found.fact}")
    return found.holds


def match(facts: Facts, document: TrialDocument, patient: Patient, trial: str) -> dict:
    """The verdict line for one patient: every top-level criterion's result and its reasons."""
    evaluation = Evaluation(facts, document, patient)
    rows = []
    if document.registry is not None:
        reasons: list[str] = []
        result = evaluation.registry_ages(reasons)
        if result is not None or reasons:
            rows.append({"id": "registry", "section": "inclusion", "text": "registry eligibility fields",
                         "result": RESULT[result], "reasons": reasons})
    for crit in document.criteria:
        if crit.parent is not None:
            continue
        reasons = []
        result = evaluation.criterion(crit, reasons)
        rows.append({"id": crit.id, "section": crit.section, "text": crit.text, "result": RESULT[result],
                     "reasons": reasons})
    results = {row["result"] for row in rows}
    verdict = ("ineligible" if "fails" in results else
               "eligible" if rows and results == {"passes"} else "undetermined")
    return {"trial": trial, "patient": patient.id, "verdict": verdict, "criteria": rows}
