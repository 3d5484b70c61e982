"""Load and validate the rule and lexicon files in ``nlp/resources/``.

Components read them once, when they are built, and keep them in their serialized
state (``to_disk``), so a saved pipeline never reads this folder again.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from pydantic import ValidationError
from spacy.tokens import Doc, Token

from .schema import (
    AnalyteEntry,
    ContextRules,
    CorpusConventions,
    EntityRules,
    LexiconEntry,
    LogicRules,
    MatchRules,
    ModalityRules,
    ModifierRules,
    Relabel,
    SectionRules,
    TargetRule,
    ThresholdRules,
    first_error,
)

RESOURCES = resources.files(__package__) / "resources"


class RuleFileError(ValueError):
    """A rule file that does not match its schema, or that cannot be read."""


def _read(path: Path | str) -> str:
    try:
        return (RESOURCES / path if isinstance(path, str) else path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or err
        raise RuleFileError(f"{path}: cannot read the rule file: {reason}") from None


def _one_line(err: ValidationError | json.JSONDecodeError) -> str:
    """A validation error on one line: the first problem, and how many more there are."""
    if isinstance(err, json.JSONDecodeError):
        return f"invalid JSON: {err}"
    more = len(err.errors()) - 1
    return first_error(err) + (f" (and {more} more)" if more else "")


def _unique_ids(rules, source) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(f"{source}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)


def _load(model, path: Path | str, with_ids):
    """A rule file validated by its schema model, whose rules (``with_ids`` of it) have unique ids."""
    try:
        rules = model.model_validate_json(_read(path))
    except ValidationError as err:
        raise RuleFileError(f"{path}: {_one_line(err)}") from None
    _unique_ids(with_ids(rules), path)
    return rules


def load_section_rules(path: Path | str = "section_rules.json") -> SectionRules:
    return _load(SectionRules, path, lambda rules: [*rules.headings, *rules.furniture])


def load_context_rules(path: Path | str = "context_rules.json") -> ContextRules:
    return _load(ContextRules, path, lambda rules: rules.context_rules)


def load_modifier_rules(path: Path | str = "modifiers.json") -> ModifierRules:
    return _load(ModifierRules, path, lambda rules: rules.kinds)


def load_modality_rules(path: Path | str = "modality_rules.json") -> ModalityRules:
    return _load(ModalityRules, path,
                 lambda rules: [*rules.cues, rules.relative_pronouns, rules.clause_breaks, rules.brackets])


def load_logic_rules(path: Path | str = "logic_rules.json") -> LogicRules:
    return _load(LogicRules, path, lambda rules: [*rules.connectors, *rules.quantifiers, rules.lead_in_label,
                                                  rules.means, rules.reaction_heads, rules.definitions])


def load_match_rules(path: Path | str = "match_rules.json") -> MatchRules:
    return _load(MatchRules, path, lambda rules: [*rules.analyte_groups, *rules.concept_classes])


def load_entity_rules(path: Path | str = "entity_rules.json") -> EntityRules:
    return _load(EntityRules, path,
                 lambda rules: [rules.restated_title, *rules.lexicon_labels,
                                *rules.relabels])


def load_corpus_conventions(path: Path | str = "lct_conventions.json") -> CorpusConventions:
    return _load(CorpusConventions, path, lambda rules: rules.joins)


def _jsonl(file: Path, model):
    items = []
    for lineno, line in enumerate(_read(file).splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except (ValidationError, json.JSONDecodeError) as err:
            raise RuleFileError(f"{file}:{lineno}: {_one_line(err)}") from None
    return items


def _resource(path: Path | str):
    return RESOURCES / path if isinstance(path, str) else path


def load_lexicon(path: Path | str = "lexicon") -> list[LexiconEntry]:
    """Every entry of every ``*.jsonl`` file of the lexicon folder, or of one JSONL file; every
    analyte's canonical unit must be one pint understands."""
    from .units import check_unit

    root = _resource(path)
    if root.is_dir():
        files = [p for p in sorted(root.iterdir(), key=lambda p: p.name) if p.name.endswith(".jsonl")]
    else:
        files = [root]  # one file, whatever its name
    entries = [e for file in files for e in _jsonl(file, LexiconEntry)]
    _unique_ids(entries, path)
    for entry in entries:
        if entry.analyte is None:
            continue
        try:
            check_unit(entry.analyte.unit)
        except ValueError as err:
            raise RuleFileError(f"{path}: analyte {entry.id}: unit {entry.analyte.unit!r}: {err}") from None
    return entries


def analytes_of(entries: list[LexiconEntry]) -> list[AnalyteEntry]:
    """The entries with an analyte block: what thresholds link values to."""
    return [AnalyteEntry.of(e) for e in entries if e.analyte is not None]


def load_analytes(path: Path | str = "lexicon") -> list[AnalyteEntry]:
    return analytes_of(load_lexicon(path))


def compiled_relabels(relabels: list[Relabel]) -> list[tuple[Relabel, re.Pattern]]:
    """Each relabel with its pattern compiled (ignoring case), for the LCT import and the entity
    component alike."""
    return [(rule, re.compile(rule.pattern, re.I)) for rule in relabels]


LINE_BREAK = {"IS_SPACE": True, "OP": "*"}


def across_line_breaks(pattern: list[dict]) -> list[dict]:
    """A token pattern with whitespace tokens allowed between its elements, so that words wrapped
    over two lines ('serum' at a line's end, 'creatinine' on the next) still match; not beside a
    punctuation mark written to the letter ('-' of 'drug-free'), as a line break there makes
    another text ('-  Free' of a bullet)."""
    spaced = pattern[:1]
    for before, element in zip(pattern, pattern[1:], strict=False):
        spaced += [element] if _written_to_the_letter(before) or _written_to_the_letter(element) \
            else [LINE_BREAK, element]
    return spaced


def one_pattern_a_first_word(pattern: list[dict]) -> list[list[dict]]:
    """``pattern`` as one pattern for each word of a set its first element matches ('{"LOWER":
    {"IN": ["no", "not"]}}, ...' as '{"LOWER": "no"}, ...' and '{"LOWER": "not"}, ...'), the
    same matches: spaCy's Matcher starts every pattern at every token, and tests an attribute
    equal to a word in C but a set in Python (ConText's cues on the 797 LCT texts: 1.02 -> 0.32 s)."""
    [(attr, value)] = pattern[0].items() if len(pattern[0]) == 1 else [(None, None)]
    if not (isinstance(value, dict) and set(value) == {"IN"}):
        return [pattern]
    return [[{attr: word}, *pattern[1:]] for word in dict.fromkeys(value["IN"])]


def unwrapped(doc: Doc) -> tuple[Doc, list[Token]]:
    """The words of ``doc`` as a Doc without the whitespace tokens between them (``doc`` itself when
    it has none), and the tokens of ``doc`` they are, so that a matcher finds a name wrapped over
    two lines ('serum' at a line's end, 'creatinine' on the next) and its match maps back."""
    words = [t for t in doc if not t.is_space]
    if len(words) == len(doc):
        return doc, words
    return Doc(doc.vocab, words=[t.text for t in words]), words


def _written_to_the_letter(element: dict) -> bool:
    words = [element.get(key) for key in ("TEXT", "LOWER", "NORM")]
    return "ORTH" in element or any(isinstance(w, str) and not any(c.isalnum() for c in w) for w in words)


def target_rules(entries: list[LexiconEntry], tokenize) -> list[TargetRule]:
    """The TargetMatcher's rules: a synonym matches on lower-cased tokens, an abbreviation on the
    exact text of the tokens ``tokenize`` (a str -> Doc) splits it into."""
    rules = []
    for entry in entries:
        for form in entry.synonyms:
            rules.append(TargetRule(id=entry.id, comment=entry.comment, literal=form, label=entry.label))
        for form in entry.abbreviations:
            pattern = [{"TEXT": token.text} for token in tokenize(form) if not token.is_space]
            rules.append(TargetRule(id=entry.id, comment=entry.comment, literal=form, label=entry.label,
                                    pattern=pattern))
    return rules


def load_threshold_rules(path: Path | str = "threshold_rules.json",
                         analytes: list[AnalyteEntry] | None = None) -> ThresholdRules:
    """The threshold grammar; each scale must name an analyte of the lexicon."""
    rules = _load(ThresholdRules, path, lambda r: [*r.comparators, *r.units, *r.references, *r.scales,
                                                    *r.leading_scales])
    from .units import check_unit

    for unit in rules.units:
        try:
            check_unit(unit.pint)
        except ValueError as err:
            raise RuleFileError(f"{path}: unit {unit.id}: pint {unit.pint!r}: {err}") from None
    from .thresholds.kind_rules import KIND_RULES
    from .thresholds.resolvers import RESOLVERS

    for what, listed, known_rules in (("linking rule", rules.linking.resolvers, RESOLVERS),
                                      ("kind rule", rules.linking.kinds, KIND_RULES)):
        for rule in listed:
            if rule.id not in known_rules:
                raise RuleFileError(f"{path}: {what} {rule.id!r} is no function of the package "
                                    f"(known: {', '.join(known_rules)})")
        _unique_ids(listed, path)
    known = {a.id for a in analytes or ()}
    for scale in rules.scales:
        if analytes is not None and scale.analyte not in known:
            raise RuleFileError(f"{path}: scale {scale.id} names unknown analyte {scale.analyte!r}")
    return rules
