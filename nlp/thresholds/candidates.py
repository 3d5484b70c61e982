"""The analytes a value may measure: the words, entities and lexicon names around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .grammar import Grammar
from .mentions import Mention, Spans
from .patterns import (
    CLAUSE_BREAK,
    LAST_WORD,
    MEASURED,
    NEXT_WORD,
    NOUN_GAP,
    PARENTHESES,
    TOKEN,
    WORD,
)

if TYPE_CHECKING:
    from .expressions import Expression


def _measured_before(grammar: Grammar, text: str, floor: int, expr: Expression, entities: Spans,
                     analytes: list[Mention]) -> list[Mention]:
    """The measurement or observation the recognizer found just before a value, in its clause and
    after any lexicon analyte ('AMH levels age appropriate (≥2.3 ng/ml)', 'Clinical Frailty Score
    above 7 prior admission'), with the analytes coordinated with it ('PaO2/FiO2 < 300')."""
    after = analytes[-1].end if analytes else floor
    found = [e for e in entities.starting(after, expr.start) if e.label in MEASURED]
    if not found:
        return []
    entity = found[-1]
    if analytes and not text[after:entity.start].strip(" ("):
        return []  # 'HbA1c(NGSP) >= 10.0 %': a name right after a lexicon analyte qualifies it
    end = min(entity.end, expr.start)  # 'Gleason 6-7': the recognizer's span may take the number
    if any(e.label != "DEMOGRAPHIC" and grammar.word_join.fullmatch(text[entity.end:e.start].strip())
           for e in entities.starting(entity.end, expr.start)):
        return []  # 'smoker or carbon monoxide concentration ≥ 6 ppm': the other one is nearer
    gap = text[end:expr.start]
    # 'The ETDRS letter score in the study eye must be between 24 and 70 letters': verbs and
    # articles do not count
    said = [w for w in WORD.findall(gap)
            if w.lower() not in grammar.copulas and w.lower() not in grammar.articles]
    if CLAUSE_BREAK.search(gap) or len(said) > grammar.limits.measured_gap_words:
        return []
    if any(len(w) > 1 and w.isupper() for w in said):
        return []  # 'full-mouth PD was≤ 3mm': an abbreviation nearer the value names it
    opening = gap.rfind("(")
    unclosed = opening >= 0 and ")" not in gap[opening:]
    inside = [w.lower() for w in WORD.findall(gap, opening)] if unclosed else []
    if any(w not in grammar.score_words for w in inside):
        return []  # 'abnormal renal function (Scr >1.5N)': the words in the parenthesis name it,
        # but not in 'pelvic pain (score ≥ 3 on Visual Analog Scale)'
    named = Mention(entity.start, _trimmed_end(text, entity.start, end), label=entity.label)
    return _coordinated(grammar, text, _with_measurements(grammar, text, analytes, entities, floor, named))


def _measured_right_after(grammar: Grammar, text: str, expr: Expression, entities: Spans,
                          words: list[Mention]) -> list[Mention]:
    """The recognizer's measurement or observation right after a value, when no entity names one
    before it: 'a total of less than or equal to 8 menses per year'."""
    if words and entities.overlaps(words[-1]):
        return []
    found = [e for e in entities.starting(expr.end, expr.end + grammar.limits.right_after_chars)
             if e.label in MEASURED]
    if not found or not grammar.right_after.fullmatch(text, expr.end, found[0].start):
        return []
    return found[:1]


def _named_before_scale(grammar: Grammar, text: str, floor: int, expr: Expression, entities: Spans,
                        scale: Mention) -> bool:
    """Whether the recognizer's span just before a value names it rather than the scale after it:
    a measurement ('T-score ⩽ -3DS on at least 1 site'), or an observation the value is said of
    or whose scale the recognizer does not know ('Pain > 4 on a visual numerical scale', against
    'pain rated at least 5 on the 10-point numerical rating scale')."""
    before = _measured_before(grammar, text, floor, expr, entities, [])
    known = any(e.label in MEASURED for e in entities.starting(scale.start, scale.end))
    # 'Pain intensity of > 4/10 on a 0-10 VAS scale': the value is said of it
    said_of = grammar.measured_value_gap
    return any(m.label == "MEASUREMENT" or not known or said_of.fullmatch(text, m.end, expr.start)
               for m in before)


def _with_measurements(grammar: Grammar, text: str, analytes: list[Mention], entities: Spans, floor: int,
                       last: Mention) -> list[Mention]:
    """The lexicon analytes before ``last`` (the analyte nearest a value) and, among them, the
    recognizer's measurements that none overlaps, in order, then ``last``: what may be coordinated
    with it. Not observations ('No smokers or smokers of less than 10 cigarettes a day'), and not
    after a bare comma ('arrhythmia of grade ≥2 by NCI-CTCAE criteria, QTc prolongation')."""
    before = [a for a in analytes if a.end <= last.start]
    taken = Spans(before)
    extra = [e for e in entities.inside(floor, last.start)
             if e.label == "MEASUREMENT" and not taken.overlaps(e)]
    joined = sorted(before + extra, key=lambda m: m.start) + [last]
    return [m for m, after in zip(joined, joined[1:] + [None], strict=True)
            if m.entry is not None or after is None or grammar.word_join.search(text, m.end, after.start)]


def _noun_after(grammar: Grammar, text: str, expr: Expression, entities: Spans,
                following: Spans, words: list[Mention]) -> list[Mention]:
    """'at least 6 mm probing depth', '5% or more blasts in bone marrow': a quantity right before
    a noun measures that noun; a dimension ('lesions of 10-25 mm size') is of the words before."""
    if expr.unit is None or expr.time_unit:
        return []
    # 'a minimum of 10 mL of whole blood', '> 50% of child's lifespan': a measurement or observation
    if of := grammar.quantity_of.match(text, expr.end):
        measured = [e for e in entities.starting(of.end(), of.end() + grammar.limits.quantity_of_chars)
                    if e.label in MEASURED]
        between = WORD.findall(text, of.end(), measured[0].start) if measured else None
        if measured and len(between) <= grammar.limits.quantity_of_words:
            return measured[:1]
    if not NOUN_GAP.match(text, expr.end) or _measurement_of(grammar, text, expr, entities):
        return []
    noun = _phrase_at(grammar, text, expr.end, entities, grammar.noun_after_stop_words)
    if not noun or grammar.determiner.match(text, expr.end).end() != expr.end:
        return []
    if words and text[noun[0].start:noun[-1].end].lower() in grammar.dimension_words:
        return []
    after = next(iter(following.starting(noun[-1].end)), None)
    if after is not None and not text[noun[-1].end:after.start].strip(" :"):
        return []  # 'ANC ≥ 1500/mm3 platelets ≥ 100,000': the next value's own analyte
    return noun


def _measurement_of(grammar: Grammar, text: str, expr: Expression, entities: Spans) -> bool:
    """'an IV fluid challenge of at least 30 ml/kg fluids': the measurement before 'of' is what
    the value measures, not the noun after it."""
    reach = max(0, expr.start - grammar.limits.measurement_of_chars)
    before = [e for e in entities.starting(reach, expr.start) if e.label == "MEASUREMENT"]
    return bool(before) and bool(grammar.of_before.fullmatch(text, before[-1].end, expr.start))


def _window_event(grammar: Grammar, text: str, expr: Expression, entities: Spans,
                  before: list[Mention]) -> list[Mention]:
    """What a window is relative to: the event after it ('7 days prior to SBRT'), else the events
    before it ('bleeding tendency or coagulation dysfunction within the previous 6 months'); none
    when it is the study itself ('before the first dose', 'of the study')."""
    cue = grammar.window_elapsed.match(text, expr.end) or grammar.window_after.match(text, expr.end)
    at = cue.end() + text.startswith("-", cue.end()) if cue else 0  # '6 months post-stroke'
    if cue and (head := grammar.event_head.match(text, at)):
        at = head.end()  # 'since the completion of systemic cytotoxic therapy'
    event = _phrase_at(grammar, text, at, entities, grammar.analyte_stop_words) if cue else []
    if event:
        return [] if grammar.study_anchor.match(text, event[0].start) else event
    return _coordinated(grammar, text, before) if before else []


def _postposed(grammar: Grammar, text: str, expr: Expression, mentions: Spans,
               expressions: Spans) -> list[Mention]:
    """'≥140 mmHg SBP': a lexicon analyte right after the value, unless the next value is its own."""
    # '> 24 weeks gestation': the analyte may begin inside the unit ('weeks gestation')
    after = next((m for m in mentions.starting(expr.start) if m.entry and m.end > expr.end), None)
    if after is None or not grammar.on_scale.fullmatch(text[expr.end:max(after.start, expr.end)]):
        return []
    following = next(iter(expressions.starting(after.end)), None)
    if following is not None and not text[after.end:following.start].strip(" :"):
        return []
    # '1.5 times upper limit of normal of serum creatinine, Alkaline phosphatase, AST (AST)'
    chain = [after]
    for mention in mentions.starting(after.end, following.start if following else None):
        if mention.entry is None:
            continue
        if _one_analyte(grammar, text, chain[-1], mention):
            chain[-1] = Mention(chain[-1].start, _past_bracket(text, mention.end), mention.entry)
        elif grammar.analyte_join.fullmatch(PARENTHESES.sub(" ", text[chain[-1].end:mention.start])):
            chain.append(mention)
        else:
            break
    return chain


def _instrument(grammar: Grammar, text: str, floor: int, expr: Expression,
                words: list[Mention], entities: Spans) -> list[Mention]:
    """The instrument a bare score belongs to: named after 'on' ('a score of 24 or above on the
    Folstein Mini-Mental State Exam') or before the score words ('(TICS) score <= 20')."""
    said = [w.lower() for m in words for w in text[m.start:m.end].split()]
    if not all(w in grammar.score_words for w in said):
        return []
    if on := grammar.on_instrument.match(text, expr.end):
        named = _phrase_at(grammar, text, on.end(), Spans([]), grammar.instrument_stop_words,
                           most=grammar.limits.instrument_words)
        if named and (words or text[named[0].start].isupper()):
            # the recognizer's name may be longer: 'from Alcohol and Health Questionnaire 8'
            known = [e for e in entities.starting(named[0].start, named[0].start + 1) if e.label in MEASURED]
            end = max([named[-1].end] + [_trimmed_end(text, e.start, e.end, ")] ") for e in known])
            return [Mention(named[0].start, end)]
    if words:
        named = _words_before(grammar, text, floor, words[0].start)
        if named and grammar.named_before.fullmatch(text, named[0].end, words[0].start):
            return [Mention(named[0].start, words[0].end)]
    return []


def _trimmed_end(text: str, start: int, end: int, chars: str | None = None) -> int:
    """The end of a span less trailing ``chars`` (whitespace by default) the recognizer took in:
    'Questionnaire 8)'."""
    return start + len(text[start:end].rstrip(chars))


def _dimension_after(grammar: Grammar, text: str, expr: Expression, words: list[Mention]) -> list[Mention]:
    """'Single nodule, 3 to 8 cm of largest diameter': the dimension, when a comma sets the size
    off from the words before it."""
    if expr.unit is None or (words and "," not in text[words[-1].end:expr.start]):
        return []
    m = grammar.dimension.match(text, expr.end)
    return [Mention(m.start(1), m.end(1))] if m else []


def _scale_named_after(grammar: Grammar, text: str, expr: Expression) -> list[Mention]:
    m = grammar.scale_after.match(text, expr.end)
    return [Mention(m.start(1), m.end(1))] if m else []


def _before_parenthesis(grammar: Grammar, text: str, start: int) -> list[Mention]:
    opening = text.rfind("(", 0, start)
    return _words_before(grammar, text, 0, opening) if opening > 0 else []


def _person_before(grammar: Grammar, text: str, floor: int, start: int) -> list[Mention]:
    """The person ('women', 'patients') a number of years or a bare number right after describes."""
    last = LAST_WORD.search(text, floor, start)
    # 'participants must be ≥ 18', not 'MG-ADL profile must be ≥ 6'
    for _ in range(grammar.limits.copulas_skipped):
        if last is None or last.group(1).lower() not in grammar.copulas:
            break
        last = LAST_WORD.search(text, floor, last.start())
    if last is None or last.group(1).lower() not in grammar.person_words:
        return []
    return [Mention(last.start(1), last.end(1))]


def _rate_noun(grammar: Grammar, text: str, expr: Expression) -> list[Mention]:
    """'No more than 14 drinks per week', 'less than 10 cigarettes a day': with nothing named
    before it, what a rate counts."""
    if expr.unit is None or not expr.unit_pint or not expr.unit_pint.startswith("1/"):
        return []
    rate = grammar.rate.match(" " + expr.unit)  # the unit's own words before 'per', '/' or 'a'
    if rate is None or not rate.group(1).strip():
        return []
    start = _unit_span(text, expr)[0]
    return [Mention(start, start + rate.end(1) - 1)]


def _phrase_at(grammar: Grammar, text: str, pos: int, entities: Spans,
               stop: set[str], most: int | None = None) -> list[Mention]:
    """The entity, or else the first few words (``most``: ``limits.phrase_words``), that start at
    pos (after a determiner)."""
    kept, most = [], grammar.limits.phrase_words if most is None else most
    pos = grammar.determiner.match(text, pos).end()
    while len(kept) < most and (word := NEXT_WORD.match(text, pos)):
        if word.group(1).lower() in stop:
            break
        kept.append(word)
        pos = word.end()
    while kept and kept[-1].group(1).lower() in grammar.name_joiners:
        kept.pop()
    if not kept:
        return []
    return [entities.at(kept[0].start(1)) or Mention(kept[0].start(1), kept[-1].end(1))]


def _age_after(grammar: Grammar, text: str, expr: Expression) -> list[Mention]:
    """'18 years of age', '18 years old': the age word right after the expression."""
    m = grammar.optional_of.match(text, expr.end)
    age = grammar.age_word.match(text, m.end())
    return [Mention(age.start(), age.end(), age=True)] if age else []


def _unit_span(text: str, expr: Expression) -> tuple[int, int]:
    at = text.rfind(expr.unit, expr.start, expr.end)
    return at, at + len(expr.unit)


def _coordinated(grammar: Grammar, text: str, analytes: list[Mention]) -> list[Mention]:
    """'AST or ALT <= 5 x ULN': the last analyte and those joined to it by or/and/slash."""
    chosen, anchor = [analytes[-1]], analytes[-1]
    for mention in reversed(analytes[:-1]):
        gap = PARENTHESES.sub(" ", text[mention.end:anchor.start])
        if _one_analyte(grammar, text, mention, anchor):
            chosen[-1] = anchor = Mention(mention.start, _past_bracket(text, chosen[-1].end), mention.entry)
            continue
        # 'bleeding tendency or coagulation dysfunction' where a span ends at 'bleeding'
        joined = grammar.coordination_after_word.fullmatch(text, mention.end, anchor.start)
        if joined:
            mention = Mention(mention.start, joined.end(1), mention.entry, mention.age)
        elif not (grammar.analyte_join.fullmatch(gap)
                  or mention.entry and anchor.entry and grammar.join_then_word.fullmatch(gap)):
            break
        chosen.append(mention)
        anchor = mention
    return chosen[::-1]


def _one_analyte(grammar: Grammar, text: str, first: Mention, second: Mention) -> bool:
    """Whether two mentions name one analyte: 'AST(aspartate aminotransferase)', 'oxygen saturation
    [by pulse oximetry]'."""
    if first.entry is not second.entry:
        return False
    if not PARENTHESES.sub(" ", text[first.end:second.start]).strip():
        return True
    return first.entry is not None and bool(grammar.measured_by.fullmatch(text, first.end, second.start))


def _past_bracket(text: str, end: int) -> int:
    """``end``, or one further over the bracket that closes a name there."""
    return end + (text[end:end + 1] in (")", "]"))


def _with_abbreviation(grammar: Grammar, text: str, mention: Mention, start: int) -> Mention:
    """'hemoglobin (Hb) > 13 g/dL': the analyte's span takes in the abbreviation after it."""
    abbreviation = grammar.abbreviation.match(text, mention.end, start)
    if abbreviation is None or text[abbreviation.end():start].strip(" :,"):
        return mention
    return Mention(mention.start, abbreviation.end(), mention.entry, mention.age)


def _words_before(grammar: Grammar, text: str, floor: int, start: int) -> list[Mention]:
    """The last one to four words before the comparator: an open-vocabulary analyte, with its
    abbreviation ('total body surface area (TBSA) > 10%'), past an 'i.e.' ('30-day mortality (i.e.,
    ≥ 10%)')."""
    if explained := grammar.that_is.search(text, floor, start):
        start = explained.start()
    abbreviation = grammar.trailing_abbreviation.search(text[floor:start])
    if abbreviation:
        # 'clinical attachment level (CAL) ≥ 5mm', 'muscle mass index (AMMI) (<7 kg/m^2'
        named = _words_before(grammar, text, floor, floor + abbreviation.start())
        return [Mention(m.start, floor + abbreviation.end(1)) for m in named]
    words = list(TOKEN.finditer(text[floor:start]))
    if not words or text[floor + words[-1].end():start].strip().strip(" :(,-"):  # a line may wrap
        return []
    picked = []
    for seen, w in enumerate(reversed(words)):
        if w.group().lower() in grammar.analyte_stop_words:
            # 'accounting for > 50%' skips two words, not a clause
            if picked or seen >= grammar.limits.stop_words_skipped:
                break
            continue
        if (len(picked) == grammar.limits.words_before
                or picked and text[floor + w.end():floor + picked[-1].start()].strip()):
            break
        picked.append(w)
    # one lower-case letter alone names nothing: a list item 'b) is at least 2cm', the 's' of
    # 'mm2/s) of 1.8' ('K ≥ 3.5 mmol/L' is potassium)
    if not picked or len(picked) == 1 and len(picked[0].group()) == 1 and picked[0].group().islower():
        return []
    return [Mention(floor + picked[-1].start(), floor + picked[0].end())]
