"""Load and validate the rule and lexicon files in ``nlp/resources/``.

Components read them once, when they are built, and keep them in their serialized
state (``to_disk``), so a saved pipeline never reads this folder again.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from .schema import ContextRules, SectionRules, TargetRule

RESOURCES = resources.files(__package__) / "resources"


class RuleFileError(ValueError):
    """A rule file that does not match its schema."""


def _read(path: Path | str) -> str:
    if isinstance(path, str):
        return (RESOURCES / path).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _unique_ids(rules, source) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(f"{source}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)


def load_section_rules(path: Path | str = "section_rules.json") -> SectionRules:
    try:
        rules = SectionRules.model_validate_json(_read(path))
    except ValidationError as err:
        raise RuleFileError(f"{path}: {err}") from None
    _unique_ids([*rules.headings, *rules.furniture], path)
    return rules


def load_context_rules(path: Path | str = "context_rules.json") -> ContextRules:
    try:
        rules = ContextRules.model_validate_json(_read(path))
    except ValidationError as err:
        raise RuleFileError(f"{path}: {err}") from None
    _unique_ids(rules.context_rules, path)
    return rules


def load_target_rules(path: Path | str = "lexicon") -> list[TargetRule]:
    """Read every ``*.jsonl`` file of the lexicon folder, or one JSONL file."""
    root = RESOURCES / path if isinstance(path, str) else path
    files = sorted(root.iterdir(), key=lambda p: p.name) if root.is_dir() else [root]
    rules: list[TargetRule] = []
    for file in files:
        if not file.name.endswith(".jsonl"):
            continue
        for lineno, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rules.append(TargetRule.model_validate(json.loads(line)))
            except (ValidationError, json.JSONDecodeError) as err:
                raise RuleFileError(f"{file.name}:{lineno}: {err}") from None
    _unique_ids(rules, path)
    return rules
