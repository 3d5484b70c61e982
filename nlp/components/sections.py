"""Find the inclusion and exclusion sections of a criteria text or a whole trial page.

medspaCy's Sectionizer ends a section only at the next heading; on a saved trial page the
criteria are followed by page furniture (site lists, FAQs, buttons), and the words
"inclusion criteria" also appear inside prose. So headings here must stand at a line start
or end in a colon, and a section also ends at a furniture line or, on a page, at the first
paragraph that is not a list item.
"""


import re
from dataclasses import asdict, dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..intervals import Intervals
from ..rules import load_section_rules
from ..schema import HeadingRule, SectionRules
from .serialize import RuleFile

LIST_MARKER = re.compile(
    r"[ \t]*(?:[-*•▪◦·o](?=\s)|\(?\d{1,3}[.)](?!\d)|\(\d{1,3}\)|\(?[a-zA-Z][.)](?=\s)"
    r"|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)](?=\s))"
)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A page has prose before its criteria; a registry eligibility field starts with them.
PAGE_PREAMBLE_LINES = 3


@dataclass(frozen=True)
class Section:
    section: str  # "inclusion" | "exclusion"
    plain_language: bool
    heading_start: int
    start: int  # body start: just after the heading
    end: int
    rule: str


LINE_START = r"(?:^|(?<=\n))[ \t]*(?:(?:[-*•]|\d{1,2}[.)])[ \t]+)?"


def _line_starts(rule: HeadingRule) -> tuple[re.Pattern, ...]:
    """The heading at the start of a line: up to three words before it ('Key Inclusion
    Criteria'), an aside and a few words after it ('Inclusion criteria for patients:'), then a
    colon; or, without one, title-case words before it and no sentence after it to the line's end
    ('Exclusion Criteria.', not 'Meets all inclusion criteria.' or 'Further inclusion criteria
    apply.'). A rule that stands
    ``alone`` (the bare 'Exclusion'), which also names a step inside criteria ('after the
    exclusion of other causes'), takes words around it only before a colon ('Part A Exclusion:',
    'Inclusion conditions:'), or title-case words before it alone on its line ('Subject
    Exclusion'). A full-width colon is a colon."""
    if not rule.alone:
        aside, after = r"(?:[ \t]*+\([^)]{0,120}\))?", r"[ \t*\-–—]++[^\s:：][^:：\n]{0,39}"
        return (
            re.compile(LINE_START + rf"(?:[A-Za-z-]+[ \t]+){{0,3}}?(?P<h>{rule.pattern}){aside}(?:{after})?"
                       r"[ \t*]*+[:：]", re.IGNORECASE),
            # without a colon the words before are a title's, and a sentence after it is no title
            re.compile(LINE_START + rf"(?:(?-i:[A-Z])[\w-]*[ \t]+){{0,3}}?(?P<h>{rule.pattern}){aside}"
                       rf"(?:{after}(?<!\.)|[ \t*]*+\.?)(?=[ \t]*+(?:\n|$))", re.IGNORECASE),
        )
    return (
        re.compile(LINE_START + rf"(?:[A-Za-z-]+[ \t]+){{0,3}}?(?P<h>{rule.pattern})"
                   r"(?:[ \t]++[^\s:：][^:：\n]{0,39})?[ \t]*+[:：]", re.IGNORECASE),
        re.compile(LINE_START + rf"(?:(?-i:[A-Z])[\w-]*[ \t]+){{0,3}}?(?P<h>{rule.pattern})[ \t]*+(?=\n|$)",
                   re.IGNORECASE),
    )


class SectionFinder:
    """Compiled heading and furniture rules; ``find`` is a pure function of the text."""

    def __init__(self, rules: SectionRules):
        self.rules = rules
        self._headings = []
        for rule in rules.headings:
            inline = re.compile(
                rf"(?<=[\s.;])(?:key[ \t]+)?(?P<h>{rule.pattern})[ \t]*:", re.IGNORECASE
            )
            self._headings.append((rule, *_line_starts(rule), inline))
        furniture = "|".join(f"(?:{r.pattern})" for r in rules.furniture)
        self._furniture = re.compile(
            rf"(?:^|(?<=\n))[ \t]*(?:{furniture})[ \t]*(?=\n|$)", re.IGNORECASE
        )

    def headings(self, text: str) -> list[tuple[int, int, str, bool, str]]:
        """(heading start, body start, section, plain language?, rule id), in text order."""
        found: dict[int, tuple[int, int, str, bool, str]] = {}
        for rule, *regexes in self._headings:
            for regex in regexes:
                # a match starting inside a heading an earlier rule found is no heading
                covered = Intervals([(s, e) for s, e, *_ in found.values()])
                for m in regex.finditer(text):
                    if not covered.covers(m.start()):
                        found[m.start()] = (m.start(), m.end(), rule.section, rule.plain_language, rule.id)
        ordered = sorted(found.values())
        # Drop a heading found inside another one ("exclusion" inside "exclusion criteria").
        kept: list[tuple[int, int, str, bool, str]] = []
        for head in ordered:
            if kept and head[0] < kept[-1][1]:
                continue
            kept.append(head)
        return kept

    def find(self, text: str) -> list[Section]:
        heads = self.headings(text)
        if not heads:
            body = text.strip()
            if not body:
                return []
            start = text.index(body)
            return [Section("inclusion", False, start, start, start + len(body), "no-heading")]
        preamble = [ln for ln in text[: heads[0][0]].splitlines() if ln.strip()]
        is_page = len(preamble) >= PAGE_PREAMBLE_LINES
        sections = []
        for i, (h_start, b_start, name, plain, rule_id) in enumerate(heads):
            limit = heads[i + 1][0] if i + 1 < len(heads) else len(text)
            end = self._body_end(text, b_start, limit, is_page)
            sections.append(Section(name, plain, h_start, b_start, end, rule_id))
        if not all(s.plain_language for s in sections):
            sections = [s for s in sections if not s.plain_language]
        return sections

    def _body_end(self, text: str, start: int, limit: int, is_page: bool) -> int:
        end = limit
        furniture = self._furniture.search(text, start, limit)
        if furniture:
            end = furniture.start()
        if is_page:
            for gap in BLANK_LINE.finditer(text, start, end):
                if not text[start : gap.start()].strip():
                    continue  # blank lines between the heading and the first item
                if not LIST_MARKER.match(text, gap.end()):
                    end = gap.start()
                    break
        return start + len(text[start:end].rstrip())


@Language.factory("criteria_sections_v1", default_config={"rules": None})
class CriteriaSections(RuleFile):
    """Sets ``doc._.criteria_sections``: the inclusion/exclusion sections, as plain dicts.
    ``rules``: a section rule file (None: ``resources/section_rules.json``)."""

    rule_file, rule_loader = "section_rules.json", load_section_rules
    rule_attrs = frozenset({"rules", "finder"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None):
        self.name = name
        self._rules_from({self.rule_file: rules})

    def _build(self, rules: SectionRules) -> None:
        self.rules, self.finder = rules, SectionFinder(rules)

    def __call__(self, doc: Doc) -> Doc:
        doc._.criteria_sections = [asdict(s) for s in self.finder.find(doc.text)]
        return doc
