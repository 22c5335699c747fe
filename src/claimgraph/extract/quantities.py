"""Figures in a report: how many, of what, how sure the text is, and what happened to them.

One left-to-right pass over the tokens finds the number itself (digits, number words,
fractions, vague words such as "dozens"), then widens it to the whole figure: a hedge
before it ("no more than", "around"), a range ("70 to 100"), a unit after it ("per cent",
"weeks") or a currency sign before it. What is counted is read from the parse: the noun
the number modifies ("54,000 Iraqi troops"), or the noun after "of" ("dozens of foreign
fighters"). The category comes from, in order: a fixed unit (money, time, area,
distance); an event word near the figure, looked for in its modifiers ("22 dead"), then
the verb governing it ("killed six people", "managed to flee", "the death toll rose to"),
then the counted noun itself ("20 refugees"), then the words right after it; the counted
noun's own category ("troops" -> FORCES); and last a percent or fraction (SHARE). Vague
words and the lexicon of counted nouns, event words and units are data files in
``claimgraph/data`` (``vague_numbers.csv``, ``counted_categories.csv``).

Conventions: ``value`` of a range is its low end and of a vague word the convention in
``vague_numbers.csv`` (ACLED's where it has one), both conservative; ``low``/``high``
give the stated or literal range. ``comparator`` is the hedge's ("at least" -> ">="),
"~" for vague words, "up"/"down" for a figure a change verb reaches ("rose to 86"),
else "=". A fraction has unit "fraction" and a value in [0, 1]; a percent has unit
"percent" and its value as written (15, not 0.15).

spaCy's NER is used only to rule things out (numbers inside names, times of day): it
labels "no more than onetenth" and "stood at 86" as DATE, so DATE is not trusted and
dates are recognised by their own rules (years, day of month, leading zeros).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimgraph.data import read_rows
from claimgraph.records import Quantity

EVENT_CATEGORIES = frozenset({"KILL", "WOUND", "DISPLACE", "ARREST", "KIDNAP"})
# Units whose category no event word can change: "killed 20 in 3 days" is still 3 days.
FIXED_UNIT_CATEGORIES = frozenset({"MONEY", "DURATION", "TERRITORY", "OTHER"})
FRACTION_UNIT = "fraction"

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_BIG_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_SIZE_WORDS = {"hundred": 100.0, "dozen": 12.0, **_BIG_SCALES}
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# "3bn", "5mn": a size glued to the digits by the writer.
# Day, month and year run together with one separator: a date, not three figures.
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,4}([-./])\d{1,2}\1\d{2,4}(?![\d.]?\d)")
_GLUED_SIZE = re.compile(r"^(\d+(?:\.\d+)?)(bn|mn|m)$")
# "onetenth", "two-thirds" as one token (scraped text glues them; see examples/mosul).
_GLUED_FRACTION = re.compile(
    r"^(a|one|two|three|four|five|six|seven|eight|nine|ten)-?(" + "|".join(_DENOMINATORS) + ")$"
)

# Hedge words before a figure and the comparator each one states.
_HEDGES: dict[tuple[str, ...], str] = {
    ("no", "more", "than"): "<=",
    ("not", "more", "than"): "<=",
    ("at", "most"): "<=",
    ("up", "to"): "<=",
    ("as", "many", "as"): "<=",
    ("as", "much", "as"): "<=",
    ("no", "fewer", "than"): ">=",
    ("no", "less", "than"): ">=",
    ("not", "less", "than"): ">=",
    ("at", "least"): ">=",
    ("more", "than"): ">",
    ("over",): ">",
    ("above",): ">",
    ("upwards", "of"): ">",
    ("in", "excess", "of"): ">",
    ("just", "over"): ">",
    ("well", "over"): ">",
    ("less", "than"): "<",
    ("fewer", "than"): "<",
    ("under",): "<",
    ("below",): "<",
    ("just", "under"): "<",
    ("nearly",): "~",
    ("almost",): "~",
    ("around",): "~",
    ("about",): "~",
    ("some",): "~",
    ("approximately",): "~",
    ("roughly",): "~",
    ("close", "to"): "~",
    ("an", "estimated"): "~",
    ("estimated",): "~",
    ("circa",): "~",
    ("exactly",): "=",
}
# One-word hedges that are also prepositions: "fighting around three towns" is a place.
# ("over" is left out: the parser takes "Over half of ..." as a preposition too.)
_PREPOSITION_HEDGES = frozenset({"above", "under", "below", "around", "about"})
_HEDGES_LONGEST_FIRST = sorted(_HEDGES.items(), key=lambda item: -len(item[0]))
_RIGHT_HEDGES = {
    ("or", "so"): "~",
    ("or", "more"): ">=",
    ("or", "fewer"): "<=",
    ("or", "less"): "<=",
}
_RANGE_WORDS = frozenset({"to", "-", "–", "—", "or"})
# Signs written before the number; the lexicon gives their unit ("$" -> USD).
_CURRENCY_SIGNS = frozenset({"$", "us$", "€", "£"})
_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
_CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "cet"})
# NER labels of figures; any other label around a number marks a name ("Resolution 2254").
_FIGURE_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "ORDINAL"})
# Left dependents that are not part of what is counted: "the", "its", "the group's".
_NOT_COUNTED = frozenset({"det", "predet", "poss", "case", "punct"})
_CHANGE_UP = frozenset({"rise", "climb", "increase", "jump", "grow", "mount", "soar", "surge"})
_CHANGE_DOWN = frozenset({"fall", "drop", "decline", "decrease", "dip", "plunge", "shrink"})
# Verbs that report a level rather than an event: their other argument says what the
# figure is of ("the death toll stood at 86", "put the toll at 40").
_LEVEL_VERBS = (
    _CHANGE_UP
    | _CHANGE_DOWN
    | {
        "be",
        "stand",
        "reach",
        "hit",
        "top",
        "exceed",
        "put",
        "bring",
        "raise",
        "push",
    }
)
# Prepositions a figure can sit under and still belong to the clause's event:
# "killing 100 including 25 children", "the deaths of 20 civilians".
_OPEN_PREPOSITIONS = frozenset({"of", "include", "including", "among"})
_LEVEL_PREPOSITIONS = frozenset({"to", "at", "by", "from"})
_CLIMB_LIMIT = 6
# Verbs whose subject undergoes the event even with an object: "half the population
# fled their homes", "five soldiers lost their lives", "thousands made it out".
_SUBJECT_UNDERGOES = frozenset({"flee", "escape", "leave", "lose", "make"})
# Words that may stand between a figure and its event word: "have been reported killed".
LINKING_WORDS = frozenset(
    {
        "have",
        "has",
        "had",
        "been",
        "were",
        "was",
        "are",
        "is",
        "be",
        "being",
        "reportedly",
        "reported",
        "confirmed",
        "also",
        "all",
        "still",
        "more",
        "others",
        "other",
    }
)


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]
    category: str | None
    who: str | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class _Vague:
    words: tuple[str, ...]
    value: float
    low: float
    high: float
    needs_of: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    # word -> (term, position of the word in the term), to find terms covering a token.
    by_word: dict[str, tuple[tuple[_Term, int], ...]]
    # first word -> vague phrases starting with it, longest first
    vague: dict[str, tuple[_Vague, ...]]


@dataclass(slots=True)
class _Core:
    """The number itself, before hedges and units: tokens [start, end)."""

    start: int
    end: int
    value: float
    low: float
    high: float
    size: float = 1.0  # the size word it ended on ("million"), to scale "5 to 6 million"
    vague: str | None = None  # the vague phrase as written, lower-cased
    fraction: bool = False
    bare_one: bool = False  # the single word "one": a figure only in some contexts


@dataclass(slots=True)
class _Figure:
    core: _Core
    start: int
    end: int
    hedge: str | None = None
    comparator: str | None = None
    unit_term: _Term | None = None
    ranged: bool = False
    strong: bool = False  # "a 5,000-strong force"


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every figure in an annotated document, in text order.

    ``doc`` is the spaCy ``Doc`` of the normalized text (tagger, parser, lemmatizer and
    NER are used when present); offsets are character offsets into ``doc.text``.
    Years, dates, times of day, ordinals, numbers inside names and "one" used as a
    pronoun or determiner ("one officer said") are not figures and are left out.
    """
    lexicon = _lexicon()
    quantities: list[Quantity] = []
    for figure in _figures(doc, lexicon):
        quantity = _describe(doc, figure, lexicon)
        if quantity is not None:
            quantities.append(quantity)
    return quantities


# -- data files ---------------------------------------------------------------------------


@cache
def _lexicon() -> _Lexicon:
    by_word: dict[str, list[tuple[_Term, int]]] = {}
    for row in read_rows("counted_categories.csv"):
        term = _Term(
            words=tuple(row["term"].lower().split()),
            category=row["category"] or None,
            who=row["who"] or None,
            unit=row["unit"] or None,
        )
        for position, word in enumerate(term.words):
            by_word.setdefault(word, []).append((term, position))
    vague: dict[str, list[_Vague]] = {}
    for row in read_rows("vague_numbers.csv"):
        words = tuple(row["phrase"].lower().split())
        value, low, high = (float(row[key]) for key in ("value", "low", "high"))
        entry = _Vague(words, value, low, high, needs_of=row["needs_of"] == "1")
        vague.setdefault(words[0], []).append(entry)
    return _Lexicon(
        by_word={word: tuple(entries) for word, entries in by_word.items()},
        vague={
            word: tuple(sorted(entries, key=lambda e: -len(e.words)))
            for word, entries in vague.items()
        },
    )


# -- token helpers ------------------------------------------------------------------------


def _keys(token: Token) -> set[str]:
    """The forms a lexicon word may match: lower case, lemma, naive singular."""
    lower = token.lower_
    keys = {lower, token.lemma_.lower()}
    # The tagger sometimes leaves plurals unlemmatized ("pieces" as AUX).
    if lower.endswith("ies") and len(lower) > 4:
        keys.add(lower[:-3] + "y")
    elif lower.endswith(("ches", "shes", "sses", "xes")):
        keys.add(lower[:-2])
    elif lower.endswith("s") and not lower.endswith("ss"):
        keys.add(lower[:-1])
    return keys


def _matches(token: Token, word: str) -> bool:
    return word == token.lower_ or word in _keys(token)


def _covering(doc: Doc, i: int, lexicon: _Lexicon) -> Iterator[tuple[_Term, int]]:
    """Lexicon terms that cover token ``i``, with the index of their first token."""
    for key in _keys(doc[i]):
        for term, position in lexicon.by_word.get(key, ()):
            first = i - position
            if first < 0 or first + len(term.words) > len(doc):
                continue
            if all(_matches(doc[first + k], w) for k, w in enumerate(term.words)):
                yield term, first


def _longest(found: Iterable[tuple[_Term, int]]) -> _Term | None:
    best = max(found, key=lambda item: len(item[0].words), default=None)
    return best[0] if best else None


def _term_at(doc: Doc, i: int, lexicon: _Lexicon, category: bool = False) -> _Term | None:
    """The longest term covering token ``i`` (with a category, if asked)."""
    return _longest(
        (term, first) for term, first in _covering(doc, i, lexicon) if not category or term.category
    )


def _event_at(doc: Doc, i: int, lexicon: _Lexicon) -> str | None:
    for term, _first in _covering(doc, i, lexicon):
        if term.category in EVENT_CATEGORIES and not term.unit:
            return term.category
    return None


def _unit_from(doc: Doc, i: int, lexicon: _Lexicon) -> _Term | None:
    """The longest unit term starting at token ``i``."""
    if i >= len(doc):
        return None
    return _longest(
        (term, first) for term, first in _covering(doc, i, lexicon) if term.unit and first == i
    )


def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _words_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return all(_lower(doc, i + k) == w for k, w in enumerate(words))


# -- finding the number -------------------------------------------------------------------


def _figures(doc: Doc, lexicon: _Lexicon) -> Iterator[_Figure]:
    i, floor = 0, 0  # floor: no figure may reach back over the previous one
    while i < len(doc):
        core = _core(doc, i, lexicon)
        if core is None:
            i += 1
            continue
        figure = _widen(doc, core, floor, lexicon)
        floor = i = figure.end
        yield figure


def _core(doc: Doc, i: int, lexicon: _Lexicon) -> _Core | None:
    core = _vague(doc, i, lexicon) or _fraction(doc, i) or _number(doc, i)
    if core is not None and core.fraction:
        # "a quarter of a million", "half a million": a fraction of a size is a count.
        j = core.end + 1 if _lower(doc, core.end) == "of" else core.end
        size = _BIG_SCALES.get(_lower(doc, j + 1))
        if _lower(doc, j) in ("a", "an", "one") and size:
            value = core.value * size
            return _Core(i, j + 2, value, value, value, size=size)
    return core


def _vague(doc: Doc, i: int, lexicon: _Lexicon) -> _Core | None:
    for entry in lexicon.vague.get(doc[i].lower_, ()):
        if not _words_at(doc, i, entry.words):
            continue
        end = i + len(entry.words)
        if entry.needs_of and _lower(doc, end) != "of":
            continue
        # "several hundred", "a few dozen": the vague word counts the size word.
        size = _SIZE_WORDS.get(_lower(doc, end), 1.0)
        return _Core(
            i,
            end + 1 if size > 1.0 else end,
            entry.value * size,
            entry.low * size,
            entry.high * size,
            size=size,
            vague=" ".join(entry.words),
        )
    return None


def _fraction(doc: Doc, i: int) -> _Core | None:
    lower = doc[i].lower_
    glued = _GLUED_FRACTION.match(lower)
    if glued:
        numerator = 1 if glued[1] == "a" else _ONES[glued[1]]
        value = numerator / _DENOMINATORS[glued[2]]
        return _Core(i, i + 1, value, value, value, fraction=True)
    numerator_value = 1 if lower in ("a", "an") else _ONES.get(lower)
    if numerator_value is not None and 0 < numerator_value <= 10:
        j = i + 2 if _lower(doc, i + 1) == "-" else i + 1
        denominator = _DENOMINATORS.get(_lower(doc, j))
        # "a third" is an ordinal unless a partitive follows: "a third attacker", but
        # "a third of the city".
        if denominator and (lower not in ("a", "an") or _lower(doc, j + 1) == "of"):
            value = numerator_value / denominator
            return _Core(i, j + 1, value, value, value, fraction=True)
    # "half of the city", "nearly half the population", "half a million"; not "the first
    # half".
    if lower == "half" and i + 1 < len(doc):
        after = doc[i + 1]
        before = _lower(doc, i - 1)
        partitive = after.lower_ == "of" or after.dep_ in ("det", "poss")
        if (partitive or _lower(doc, i + 2) in _BIG_SCALES) and before not in (
            "first",
            "second",
            "last",
            "latter",
            "other",
            "the",
        ):
            return _Core(i, i + 1, 0.5, 0.5, 0.5, fraction=True)
    return None


def _number(doc: Doc, i: int) -> _Core | None:
    """Digits or number words, with size words: "54,000", "1.5 million", "two dozen"."""
    token = doc[i]
    text = token.text
    if _DIGITS.match(text):
        value = float(text.replace(",", ""))
        j = i + 1
    else:
        glued = _GLUED_SIZE.match(token.lower_)
        if glued:
            size = 1e6 if glued[2] in ("m", "mn") else 1e9
            value = float(glued[1]) * size
            return _Core(i, i + 1, value, value, value, size=size)
        words = _number_words(doc, i)
        if words is None:
            return None
        j, value = words
        if j == i + 1 and token.lower_ == "one":
            return _Core(i, j, 1.0, 1.0, 1.0, bare_one=True)
    size = 1.0
    # "1.5 million", "5 thousand", "2 dozen", "$5m", "1.5m" (an "m" glued on is millions).
    while j < len(doc):
        word = doc[j].lower_
        if word in _SIZE_WORDS:
            size = _SIZE_WORDS[word]
        elif word == "m" and (_is_currency(doc, i - 1) or not doc[j - 1].whitespace_):
            size = 1e6
        else:
            break
        value *= size
        j += 1
    return _Core(i, j, value, value, value, size=size)


def _number_words(doc: Doc, i: int) -> tuple[int, float] | None:
    """Number words from token ``i``: "one hundred and twenty", "twenty-five", "a million"."""
    total, current, last, j = 0.0, 0.0, "", i
    if _lower(doc, i) in ("a", "an"):
        if _lower(doc, i + 1) not in _SIZE_WORDS:
            return None
        current, last, j = 1.0, "a", i + 1
    while j < len(doc):
        word = doc[j].lower_
        if word in _ONES and last in ("", "tens", "-", "hundred", "big"):
            if last in ("tens", "-") and not 0 < _ONES[word] < 10:
                break  # "twenty-five", not "twenty ten"
            current += _ONES[word]
            last = "ones"
        elif word in _TENS and last in ("", "hundred", "big"):
            current += _TENS[word]
            last = "tens"
        elif word == "hundred" and last in ("ones", "tens", "a"):
            current *= 100
            last = "hundred"
        elif word == "dozen" and last in ("ones", "tens", "a"):
            current *= 12
            last = "dozen"
        elif word in _BIG_SCALES and last in ("ones", "tens", "hundred", "dozen", "a", "half"):
            total += current * _BIG_SCALES[word]
            current, last = 0.0, "big"
        elif word == "-" and last == "tens" and _lower(doc, j + 1) in _ONES:
            last = "-"
        elif (
            word == "and"
            and last in ("hundred", "big")
            and (_lower(doc, j + 1) in _ONES or _lower(doc, j + 1) in _TENS)
        ):
            pass  # "one hundred and twenty": the next word adds on
        elif (
            word == "and" and last in ("ones", "tens") and _words_at(doc, j + 1, ("a", "half"))
        ):  # "two and a half", "one and a half million"
            current += 0.5
            j += 2
            last = "half"
        else:
            break
        j += 1
    if last in ("", "a", "-"):
        return None
    return j, total + current


def _is_currency(doc: Doc, i: int) -> bool:
    return _lower(doc, i) in _CURRENCY_SIGNS


# -- widening the number to the whole figure ------------------------------------------------


def _widen(doc: Doc, core: _Core, floor: int, lexicon: _Lexicon) -> _Figure:
    figure = _Figure(core=core, start=core.start, end=core.end)
    _take_range(doc, figure)
    if figure.start - 1 >= floor and _is_currency(doc, figure.start - 1):
        figure.unit_term = _unit_from(doc, figure.start - 1, lexicon)
        figure.start -= 1
        _take_range(doc, figure, prefixed=True)  # "$1 million to $1.25 million"
    else:
        # "a 5-day truce": the unit may be hyphenated to the number.
        at = figure.end + 1 if _lower(doc, figure.end) == "-" else figure.end
        unit = _unit_from(doc, at, lexicon)
        if unit is not None and unit.words[0] not in _CURRENCY_SIGNS:
            figure.unit_term = unit
            figure.end = at + len(unit.words)
            _take_range(doc, figure, unit=unit)  # "between 5% and 6%"
        elif _words_at(doc, figure.end, ("-", "strong")):
            figure.strong = True
            figure.end += 2
    for words, comparator in _RIGHT_HEDGES.items():
        if _words_at(doc, figure.end, words):
            figure.hedge, figure.comparator = " ".join(words), comparator
            figure.end += len(words)
            return figure
    _take_hedge(doc, figure, floor)
    return figure


def _take_range(
    doc: Doc, figure: _Figure, unit: _Term | None = None, prefixed: bool = False
) -> None:
    """Extend the figure over "70 to 100", "70-100", "five or six", "between 5 and 10".

    With ``unit`` the second number must repeat it ("5% to 6%"); with ``prefixed`` it
    must repeat the currency sign ("$1 million to $2 million").
    """
    core = figure.core
    if core.vague or core.fraction or figure.ranged:
        return
    joiner = _lower(doc, figure.end)
    opener = _lower(doc, figure.start - 1)
    if not (joiner in _RANGE_WORDS or (joiner == "and" and opener == "between")):
        return
    at = figure.end + 1
    if prefixed:
        if not _is_currency(doc, at):
            return
        at += 1
    other = _number(doc, at) if at < len(doc) else None
    if other is None:
        return
    end = other.end
    if unit is not None:
        if not all(
            end + k < len(doc) and _matches(doc[end + k], word) for k, word in enumerate(unit.words)
        ):
            return
        end += len(unit.words)
    low = core.value
    if core.size == 1.0 and other.size > 1.0 and core.value < other.value / other.size:
        low = core.value * other.size  # "5 to 6 million"
    if low >= other.value:  # "3 to 1" is a ratio, not a range
        return
    core.value, core.low, core.high, core.end = low, low, other.value, other.end
    core.bare_one = False
    figure.end = end
    figure.ranged = True
    if (opener, joiner) in (("between", "and"), ("from", "to")):
        figure.start -= 1


def _take_hedge(doc: Doc, figure: _Figure, floor: int) -> None:
    for words, comparator in _HEDGES_LONGEST_FIRST:
        start = figure.start - len(words)
        if start < floor or not _words_at(doc, start, words):
            continue
        if len(words) == 1 and words[0] in _PREPOSITION_HEDGES and doc[start].dep_ == "prep":
            continue
        figure.hedge = doc[start : figure.start].text.lower()
        figure.comparator = comparator
        figure.start = start
        return


# -- what is not a figure -----------------------------------------------------------------


def _in_numeric_date(doc: Doc, figure: _Figure) -> bool:
    """True when the figure's number is a part of a numeric date such as "29-06-2016"."""
    start = doc[figure.core.start].idx
    window_start = max(0, start - 12)
    window = doc.text[window_start : start + 12]
    return any(
        m.start() + window_start <= start < m.end() + window_start
        for m in _NUMERIC_DATE.finditer(window)
    )


def _not_a_figure(doc: Doc, figure: _Figure, counted: Span | None) -> bool:
    """Years, dates, times of day, numbers inside names."""
    core = figure.core
    first = doc[core.start]
    if core.vague or core.fraction:
        return False
    text = first.text
    if len(text) > 1 and text[0] == "0" and text[1].isdigit():  # "07 Apr", "at 0914"
        return True
    if _in_numeric_date(doc, figure):  # "29-06-2016", "06.04.2017", "4/7/17"
        return True
    if _lower(doc, figure.end) in _CLOCK_WORDS or _lower(doc, figure.end) == "ago":
        return True
    if _lower(doc, figure.end) == "old" or _words_at(doc, figure.end, ("-", "old")):
        return True  # an age: "a 12-year-old boy"
    for token in doc[core.start : core.end]:
        label = token.ent_type_
        if token.ent_iob_ == "O" or not label or label in _FIGURE_LABELS:
            continue
        if label == "TIME":
            return not _is_duration(figure)
        # A name around the number ("UN Resolution 2254"); the NER also calls a lone
        # number PRODUCT or ORG at times, which makes it no name.
        name_start, name_end = _entity_around(doc, token.i)
        return name_start < core.start or name_end > core.end
    if figure.unit_term is not None:
        return False
    if _month_next_to(doc, core.start, core.end):
        return True
    if _year_like(text) and figure.hedge is None:
        in_date = first.ent_type_ == "DATE"
        counts_people = counted is not None and counted.root.tag_ in ("NNS", "NNPS")
        if in_date or not counts_people:
            return True
    head = first.head if core.end - core.start == 1 else None
    # "Resolution 2254", "Route 7": a number hanging off the noun just before it.
    return head is not None and head.i == core.start - 1 and head.pos_ in ("NOUN", "PROPN")


def _entity_around(doc: Doc, i: int) -> tuple[int, int]:
    """The token range [first, last) of the entity that token ``i`` belongs to."""
    first, last = i, i + 1
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    return first, last


def _ends_line(doc: Doc, figure: _Figure) -> bool:
    last = doc[figure.end - 1]
    return figure.end == len(doc) or "\n" in last.whitespace_ or "\n" in doc[figure.end].text


def _is_duration(figure: _Figure) -> bool:
    return figure.unit_term is not None and figure.unit_term.category == "DURATION"


def _month_next_to(doc: Doc, start: int, end: int) -> bool:
    for i in (start - 1, end):
        if 0 <= i < len(doc):
            token = doc[i]
            if token.lower_.rstrip(".") in _MONTHS and (token.is_title or token.is_upper):
                return True
    return False


def _year_like(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


# -- what is counted, and what happened ---------------------------------------------------


def _describe(doc: Doc, figure: _Figure, lexicon: _Lexicon) -> Quantity | None:
    head = _expression_head(doc, figure)
    counted = _counted(doc, figure, head)
    if _not_a_figure(doc, figure, counted):
        return None
    core = figure.core
    unit_term = figure.unit_term
    counted_term = _term_at(doc, counted.root.i, lexicon) if counted is not None else None
    if unit_term is None and counted_term is not None and counted_term.unit:
        unit_term = counted_term  # "millions of dollars"
    event, direction = _event(doc, figure, head, counted, lexicon)
    category = _category(figure, unit_term, event, counted, lexicon)
    plain = figure.hedge is None and unit_term is None and not figure.ranged
    # "one" counts only in a casualty-type context: not "one coalition officer said".
    if plain and core.bare_one and category not in EVENT_CATEGORIES:
        return None
    # A bare number closing a line is a label: "Mosul folds 2", a page number.
    if plain and counted is None and event is None and not core.vague and _ends_line(doc, figure):
        return None
    # An unhedged range is "=": its bounds are stated exactly, and low/high carry them.
    comparator = figure.comparator or ("~" if core.vague else direction or "=")
    start_char = doc[figure.start].idx
    last = doc[figure.end - 1]
    end_char = last.idx + len(last.text)
    if unit_term is not None:
        unit: str | None = unit_term.unit
    else:
        unit = FRACTION_UNIT if core.fraction else None
    return Quantity(
        start=start_char,
        end=end_char,
        text=doc.text[start_char:end_char],
        value=core.value,
        low=core.low,
        high=core.high,
        approx=figure.hedge or core.vague,
        comparator=comparator,
        unit=unit,
        counted=counted.text if counted is not None else None,
        category=category,
        who=_who(doc, counted, lexicon),
    )


def _expression_head(doc: Doc, figure: _Figure) -> Token:
    """The token of the figure whose syntactic head lies outside it."""
    if figure.strong:  # "5,000-strong force": the number hangs off "strong"
        return doc[figure.end - 1]
    inside = range(figure.start, figure.end)
    heads = [t for t in doc[figure.start : figure.end] if t.head.i not in inside or t.head == t]
    core_heads = [t for t in heads if figure.core.start <= t.i < figure.core.end]
    return (core_heads or heads)[-1]


def _counted(doc: Doc, figure: _Figure, head: Token) -> Span | None:
    """What the figure counts: the noun it modifies, or the noun after "of"."""
    if figure.unit_term is not None and figure.unit_term.category == "DURATION":
        return None
    after = figure.end
    if _lower(doc, after) == "of" and doc[after].head.i in range(figure.start, figure.end):
        objects = [c for c in doc[after].children if c.dep_ == "pobj"]
        # "dozens of foreign fighters", "15 of the wounded"; not "two of them".
        if objects and objects[0].pos_ not in ("PRON", "NUM", "DET"):
            return _noun_phrase(doc, objects[0], after + 1)
        return None
    noun = head.head
    if noun.i < after or noun.pos_ not in ("NOUN", "PROPN") or noun.i - after > 5:
        # The parser sometimes leaves the number hanging ("0" taken for punctuation):
        # a plural noun right after it is still what it counts.
        if after < len(doc) and doc[after].tag_ == "NNS" and doc[after].head.i != head.i:
            return doc[after : after + 1]
        return None
    # Only the noun's own modifiers may stand between: not "Mosul folds 2\n\nIraqi forces".
    for token in doc[after : noun.i]:
        if token.is_space or token.dep_ in ("cc", "conj") or not noun.is_ancestor(token):
            return None
        if token.is_punct and token.whitespace_ and doc[token.i - 1].whitespace_:
            return None  # a free-standing dash: "kills at least 58 - YouTube"
    return _noun_phrase(doc, noun, after)


def _noun_phrase(doc: Doc, noun: Token, floor: int) -> Span:
    start = max(floor, noun.left_edge.i)
    for child in noun.lefts:
        if child.dep_ in _NOT_COUNTED and child.right_edge.i >= start:
            start = child.right_edge.i + 1
    return doc[min(start, noun.i) : noun.i + 1]


def _who(doc: Doc, counted: Span | None, lexicon: _Lexicon) -> str | None:
    # The head noun alone decides ("police officer" is a term of its own): a modifier
    # says nothing of who is counted in "two jihadist strongholds".
    if counted is None:
        return None
    term = _longest(
        (term, first) for term, first in _covering(doc, counted.root.i, lexicon) if term.who
    )
    return term.who if term is not None else None


def _category(
    figure: _Figure,
    unit_term: _Term | None,
    event: str | None,
    counted: Span | None,
    lexicon: _Lexicon,
) -> str:
    if figure.strong:
        return "FORCES"
    if unit_term is not None and unit_term.category in FIXED_UNIT_CATEGORIES:
        return unit_term.category
    if event is not None:
        return event
    if counted is not None:
        term = _term_at(counted.doc, counted.root.i, lexicon, category=True)
        if term is not None and term.category:
            return term.category
    if unit_term is not None and unit_term.category:
        return unit_term.category
    return "SHARE" if figure.core.fraction else "OTHER"


def _event(
    doc: Doc, figure: _Figure, head: Token, counted: Span | None, lexicon: _Lexicon
) -> tuple[str | None, str | None]:
    """The event cue near a figure (KILL, WOUND, ...) and a change direction (up, down)."""
    anchor = counted.root if counted is not None else head
    # 1. Its modifiers: "22 dead", "civilians killed in the raid"; not "bombs killing 3".
    for token in (head, anchor):
        found = _modifier_event(doc, token, lexicon)
        if found:
            return found, None
    # 2. Up the parse to the governing verb: "thousands of civilians died". The verb
    #    comes before the counted noun: "executed 15 detainees" is KILL, not ARREST.
    inside = range(figure.start, figure.end)
    found, direction = _governing_event(doc, anchor, inside, lexicon)
    if found:
        return found, direction
    # 3. The counted phrase itself: "12 wounded soldiers", "20 refugees", "15 of the dead".
    if counted is not None:
        for token in [counted.root, *counted[:-1]]:
            found = _event_at(doc, token.i, lexicon)
            if found:
                return found, direction
    # 4. The words right after it, for what the parser gets wrong in headlines and run-on
    #    scraped text: "22 dead in ...", "Dozens of people have been killed".
    end = counted.end if counted is not None else figure.end
    return _following_event(doc, end, lexicon), direction


def _modifier_event(doc: Doc, token: Token, lexicon: _Lexicon) -> str | None:
    for child in token.children:
        if child.dep_ in ("amod", "acl", "relcl") and not _has_object(child):
            # Not a relative clause about something else: "a resident whose children
            # were detained".
            if any(
                c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT")
                for c in child.children
            ):
                continue
            found = _event_at(doc, child.i, lexicon)
            if found:
                return found
    return None


def _governing_event(
    doc: Doc, anchor: Token, inside: range, lexicon: _Lexicon
) -> tuple[str | None, str | None]:
    token, via = anchor, ""
    for _ in range(_CLIMB_LIMIT):
        parent = token.head
        if parent == token:
            break
        # A hedge the parser took for a preposition ("Over half of ...") is no barrier.
        if token.dep_ == "pobj" and parent.i not in inside:
            via = parent.lemma_.lower()
            if via not in _OPEN_PREPOSITIONS and not (
                via in _LEVEL_PREPOSITIONS and parent.head.lemma_ in _LEVEL_VERBS
            ):
                break  # "killed 20 people in 3 attacks": the 3 are not the dead
        if token.dep_ == "nsubj" and _has_object(parent):
            break  # "5 gunmen killed 3 civilians": the 5 did the killing
        found = _event_at(doc, parent.i, lexicon)
        if found:
            return found, None
        if parent.pos_ in ("VERB", "AUX") and parent.lemma_ != "include":
            return _verb_event(doc, parent, token, via, lexicon)
        token = parent
    return None, None


def _has_object(verb: Token) -> bool:
    """Whether the verb's subject acts on an object of its own (so is not the victim)."""
    if verb.lemma_ in _SUBJECT_UNDERGOES:
        return False
    return any(child.dep_ == "dobj" for child in verb.children)


def _verb_event(
    doc: Doc, verb: Token, below: Token, via: str, lexicon: _Lexicon
) -> tuple[str | None, str | None]:
    direction = None
    if via in ("to", "by", "") and below.dep_ in ("prep", "dobj", "npadvmod"):
        if verb.lemma_ in _CHANGE_UP:
            direction = "up"
        elif verb.lemma_ in _CHANGE_DOWN:
            direction = "down"
    for child in verb.children:
        # "managed to flee", "left five people dead", "are confirmed dead";
        # not "tried to kill civilians" (the figure is the one killing).
        if child.dep_ in ("xcomp", "oprd", "acomp") and not (
            below.dep_ == "nsubj" and _has_object(child)
        ):
            found = _event_at(doc, child.i, lexicon) or _modifier_event(doc, child, lexicon)
            if found:
                return found, direction
        # "Six civilians were among the dead", "identified among those killed".
        if child.dep_ == "prep" and child.lower_ == "among":
            for noun in child.children:
                found = _event_at(doc, noun.i, lexicon) or _modifier_event(doc, noun, lexicon)
                if found:
                    return found, direction
    if verb.lemma_ in _LEVEL_VERBS:
        # "the death toll rose to 86", "bringing the number killed to 45": the other
        # argument says what the level is of.
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child != below:
                for token in [child, *child.lefts, *_of_objects(child)]:
                    found = _event_at(doc, token.i, lexicon)
                    if found:
                        return found, direction
                found = _modifier_event(doc, child, lexicon)
                if found:
                    return found, direction
    return None, direction


def _of_objects(token: Token) -> Iterator[Token]:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            yield from (c for c in child.children if c.dep_ == "pobj")


def _following_event(doc: Doc, i: int, lexicon: _Lexicon) -> str | None:
    while i < len(doc) and doc[i].lower_ in LINKING_WORDS:
        i += 1
    if i >= len(doc):
        return None
    found = _event_at(doc, i, lexicon)
    after = doc[i + 1] if i + 1 < len(doc) else None
    # "5 gunmen killed 3 civilians": an object after the verb makes the figure its agent.
    if after is not None and after.pos_ in ("NUM", "DET", "NOUN", "PROPN", "PRON"):
        return None
    return found
