"""Figures in a report: how many, of what, how sure the text is, and what happened to them.

One left-to-right pass over the tokens finds the number itself (digits, number words,
fractions, vague words such as "dozens", a number glued to a currency or unit: "EUR50m",
"10kW"), then widens it to the whole figure: a hedge before it ("no more than",
"around"), a range ("70 to 100", "from 1.3 to 0.03", a score "9-2"), a unit after it
("per cent", "weeks", "hp") or a currency before it, and a rate ("a day", "per share").
What is counted is read from the parse: the noun the number modifies ("54,000 Iraqi
troops"), or the noun after "of" ("dozens of foreign fighters"). The category comes
from, in order: a fixed unit (money, time, area, distance); an event word near the
figure, looked for in its modifiers ("22 dead"), then the verb governing it ("killed six
people", "managed to flee", "the death toll rose to"), then the counted noun itself ("20
refugees"), then the words right after it; the counted noun's own category ("troops" ->
FORCES); and last a percent or fraction (SHARE). Vague words, the lexicon of counted
nouns and event words, and units are data files in ``claimgraph/data``
(``vague_numbers.csv``, ``counted_categories.csv``, ``units.csv``,
``quantity_hedges.csv``, ``change_words.csv``).

Conventions: ``value`` of a range is its low end and of a vague word the convention in
``vague_numbers.csv`` (ACLED's where it has one), both conservative; ``low``/``high``
give the stated or literal range, lower end first. ``comparator`` is "up"/"down" for the
amount of a change ("rose by 5", "gained 3%", "up 0.2%"; its hedge stays in ``approx``),
else the hedge's ("at least" -> ">="), "~" for vague words, else "="; a range is "="
unless hedged. A level a change reaches is no amount: "the toll rose to 86" is the toll,
86, "=" ("rose to at least 86": ">="), and ``level_reached`` tells which way it went
(NewsQuant marks the same). A fraction has unit "fraction" and a value in [0, 1]; a
percent has unit "percent" and its value as written (15, not 0.15).

``unit`` is a unit of measure or a currency (its code from ``units.csv``: "USD", "km",
"percent", "USD per month"), or None for a count: what a count counts is ``counted``
("54,000 Iraqi troops" -> "Iraqi troops"), not its unit, so ``unit is None`` tells counts
from measures (the casualties summary relies on it). NewsQuant's convention of naming a
count's unit by its noun ("22 goals" has unit "goal") is a reading of ``counted``. An
age is a measure, unit "year of age" ("a 12-year-old boy", "Nick Hague, 44,", "women aged
25 to 54", "under the age of 5": the cue words of ``units.csv`` stay out of the figure),
and counts nobody. ``about`` is whom or what the figure is about, NewsQuant's "referred
concept": the subject of its clause ("Chris Wood has scored 22 goals"), the noun it
belongs to ("a net profit of $5bn", "Cost: $72,370") and, for a measure, the noun it
describes ("a 10kW solar array") and what it is of ("60 per cent of its revenue", "8
miles (13 km) of new tunnels").

spaCy's NER is used only to rule things out (numbers inside names, times of day): it
labels "no more than onetenth" and "stood at 86" as DATE, so DATE is not trusted and
dates are recognised by their own rules (years, day of month, leading zeros).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimgraph.data import read_rows
from claimgraph.extract.words import MONTHS, NUMBER_WORDS, TENS_WORDS
from claimgraph.records import Quantity

EVENT_CATEGORIES = frozenset({"KILL", "WOUND", "DISPLACE", "ARREST", "KIDNAP"})
# Units whose category no event word can change: "killed 20 in 3 days" is still 3 days.
FIXED_UNIT_CATEGORIES = frozenset({"MONEY", "DURATION", "TERRITORY", "OTHER"})
FRACTION_UNIT = "fraction"
AGE_UNIT = "year of age"  # units.csv: "a 12-year-old boy", "Nick Hague, 44"

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
_NUMBER_PATTERN = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"  # "1,500.5", ".500"
_DIGITS = re.compile(f"^{_NUMBER_PATTERN}$")
# A number glued to a currency before it or a size or unit after it, as one token:
# "RM120,000", "Y=590", "EUR50", "10kW", "1.0l", "32m2", "3bn", "1mil", "RM3.06mil".
_GLUED_NUMBER = re.compile(rf"^(?P<before>[^\d.]*?)(?P<number>{_NUMBER_PATTERN})(?P<after>\D.*)?$")
# Written fractions: "1/16", "3/4" (a proper fraction over a usual denominator, so that
# "4/7" with a big numerator or "24/7" is no fraction), "½", "1½".
_SLASH_FRACTION = re.compile(r"^(\d{1,2})/(2|3|4|5|8|10|16|32|64|100)$")
_VULGAR_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅛": 1 / 8}
_VULGAR = re.compile(r"^(\d*)([" + "".join(_VULGAR_FRACTIONS) + "])$")
_GLUED_SIZES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "bn": 1e9, "tn": 1e12}
# Day, month and year run together with one separator: a date, not three figures.
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,4}([-./])\d{1,2}\1\d{2,4}(?![\d.]?\d)")
# "onetenth", "two-thirds" as one token (scraped text glues them; see examples/mosul).
_GLUED_FRACTION = re.compile(
    r"^(a|one|two|three|four|five|six|seven|eight|nine|ten)-?(" + "|".join(_DENOMINATORS) + ")$"
)

_RANGE_WORDS = frozenset({"to", "-", "–", "—", "or"})
# What may stand between two figures about the same thing: a conversion in brackets ("8
# miles (13 km)"), a list ("3 years, 2 months and 14 days", "(15.3 ppg, 7.4 rpg)"), a
# list of conversions ("15.5 cm (6.1 inches) and 23.5 cm").
_LISTED = re.compile(r"^\s*\)?\s*(?:\(|,|,?\s*(?:and|or))\s*$")
_CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "cet"})
# NER labels of figures; any other label around a number marks a name ("Resolution 2254").
_FIGURE_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "ORDINAL"})
# Left dependents that are not part of what is counted: "the", "its", "the group's".
_NOT_COUNTED = frozenset({"det", "predet", "poss", "case", "punct"})
# Relative measures, whose change a relative_verb of change_words.csv states.
_RELATIVE_UNITS = frozenset({"percent", "percentage point", "basis point", "point"})
# Dependencies of a measure on the noun it describes: "a 10kW solar capacity".
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "npadvmod", "quantmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
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
    who: str | None = None
    unit: str | None = None  # the unit's code ("USD", "km"), for a unit
    name: str | None = None  # the unit's name in words ("dollar", "kilometre")
    before: bool = False  # a currency written before the number: "$5", "RM120,000"
    exact: bool = False  # matched case and all: "W" (watt), not "w"


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
    age: _Term  # the unit of an age ("year of age"), also for "Nick Hague, 44,"
    age_cues: tuple[tuple[str, ...], ...]  # words before an age: "aged", "age of"


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
    unit: _Term | None = None  # a unit glued to the number: "10kW", "RM120,000"


@dataclass(frozen=True, slots=True)
class _Change:
    """A change a figure is part of: which way, and whether the figure is the level the
    change reaches ("rose to 86", "raised the toll to 61") or its amount ("rose by 5",
    "up 0.2%")."""

    direction: str  # "up" or "down"
    level: bool


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
        if quantity is None:
            continue
        if quantities:
            previous = quantities[-1]
            between = doc.text[previous.end : quantity.start]
            if _same_change(previous, between):
                quantity.comparator = previous.comparator
            if previous.about and _LISTED.match(between):
                quantity.about = previous.about
        quantities.append(quantity)
    return quantities


def level_reached(figure: Span) -> str | None:
    """Which way a change went whose level the figure is, or None.

    ``figure`` is a figure's tokens, with what it counts where that follows it ("86
    people"). "the death toll rose to 86" and "raised the death toll to 61" give "up",
    "fell to 1.9%" "down". The amount of a change ("rose by 5", "up 0.2%") is no level
    and gives None, as does a figure no change is told of: those are told by
    ``comparator`` ("up", "down"; a level reached has the hedge's comparator or "=").
    """
    inside = range(figure.start, figure.end)
    heads = [t for t in figure if t.head.i not in inside or t.head == t]
    _, change = _governing_event(figure.doc, heads[-1], inside, _lexicon(), relative=False)
    return change.direction if change is not None and change.level else None


# -- data files ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hedges:
    """The hedges of ``data/quantity_hedges.csv``."""

    before: tuple[tuple[tuple[str, ...], str], ...]  # words and comparator, longest first
    after: dict[tuple[str, ...], str]  # "or more" -> ">="
    prepositions: frozenset[str]  # one-word hedges that are also prepositions
    on_changes: frozenset[str]  # prepositions that hedge a change's amount


@cache
def _hedges() -> _Hedges:
    rows = list(read_rows("quantity_hedges.csv"))
    before: list[tuple[tuple[str, ...], str]] = []
    after: dict[tuple[str, ...], str] = {}
    for row in rows:
        words = tuple(row["phrase"].lower().split())
        if row["position"] == "after":
            after[words] = row["comparator"]
        else:
            before.append((words, row["comparator"]))
    return _Hedges(
        tuple(sorted(before, key=lambda item: -len(item[0]))),
        after,
        frozenset(row["phrase"].lower() for row in rows if row["preposition"] == "1"),
        frozenset(row["phrase"].lower() for row in rows if row["hedges_change"] == "1"),
    )


@dataclass(frozen=True, slots=True)
class _ChangeWords:
    """The words of ``data/change_words.csv``."""

    up: frozenset[str]  # verbs of a rise
    down: frozenset[str]  # verbs of a fall
    relative: dict[str, str]  # verbs of a change of relative measures only: direction
    adverbs: dict[str, str]  # "up", "upward", "lower": direction
    level_verbs: frozenset[str]  # verbs that report a level ("stood at 86")

    def changes(self, verb: str) -> bool:
        """Whether a verb lemma states a change of any figure."""
        return verb in self.up or verb in self.down


@cache
def _change_words() -> _ChangeWords:
    rows = list(read_rows("change_words.csv"))
    verbs = {kind: {r["word"]: r["direction"] for r in rows if r["kind"] == kind} for kind in (
        "verb", "relative_verb", "adverb", "level_verb"
    )}  # fmt: skip
    up = frozenset(w for w, d in verbs["verb"].items() if d == "up")
    down = frozenset(w for w, d in verbs["verb"].items() if d == "down")
    return _ChangeWords(
        up, down, verbs["relative_verb"], verbs["adverb"], up | down | set(verbs["level_verb"])
    )


@cache
def _lexicon() -> _Lexicon:
    terms = [
        _Term(
            words=tuple(row["term"].lower().split()),
            category=row["category"] or None,
            who=row["who"] or None,
        )
        for row in read_rows("counted_categories.csv")
    ]
    age_cues: list[tuple[str, ...]] = []
    for row in read_rows("units.csv"):
        exact = row["exact"] == "1"
        if row["unit"] == AGE_UNIT and row["before"] == "1":
            age_cues.append(tuple(row["term"].lower().split()))
            continue
        terms.append(
            _Term(
                words=tuple(row["term"].split() if exact else row["term"].lower().split()),
                category=row["category"] or None,
                unit=row["unit"],
                name=row["name"],
                before=row["before"] == "1",
                exact=exact,
            )
        )
    by_word: dict[str, list[tuple[_Term, int]]] = {}
    for term in terms:
        for position, word in enumerate(term.words):
            by_word.setdefault(word.lower(), []).append((term, position))
    vague: dict[str, list[_Vague]] = {}
    for row in read_rows("vague_numbers.csv"):
        words = tuple(row["phrase"].lower().split())
        value, low, high = (float(row[key]) for key in ("value", "low", "high"))
        entry = _Vague(words, value, low, high, needs_of=row["needs_of"] == "1")
        vague.setdefault(words[0], []).append(entry)
    return _Lexicon(
        age=next(term for term in terms if term.unit == AGE_UNIT),
        age_cues=tuple(age_cues),
        by_word={word: tuple(entries) for word, entries in by_word.items()},
        vague={
            word: tuple(sorted(entries, key=lambda e: -len(e.words)))
            for word, entries in vague.items()
        },
    )


def vague_phrases() -> frozenset[str]:
    """The vague amounts of ``vague_numbers.csv`` ("dozens", "scores of"), lower case: a
    figure's ``approx`` is one of them when its value is the vague-number convention."""
    return frozenset(
        " ".join(entry.words) for entries in _lexicon().vague.values() for entry in entries
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


def _matches(token: Token, word: str, exact: bool = False) -> bool:
    if exact:
        return word == token.text
    return word == token.lower_ or word in _keys(token)


def _covering(doc: Doc, i: int, lexicon: _Lexicon) -> Iterator[tuple[_Term, int]]:
    """Lexicon terms that cover token ``i``, with the index of their first token."""
    for key in _keys(doc[i]):
        for term, position in lexicon.by_word.get(key, ()):
            first = i - position
            if first < 0 or first + len(term.words) > len(doc):
                continue
            if all(_matches(doc[first + k], w, term.exact) for k, w in enumerate(term.words)):
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
    """The longest unit term written after a number starting at token ``i``."""
    if i >= len(doc):
        return None
    return _longest(
        (term, first)
        for term, first in _covering(doc, i, lexicon)
        if term.unit and not term.before and first == i
    )


def _currency_before(doc: Doc, i: int, lexicon: _Lexicon) -> tuple[_Term, int] | None:
    """The currency written before a number that ends at token ``i``, with its first token."""
    if i < 0:
        return None
    found = [
        (term, first)
        for term, first in _covering(doc, i, lexicon)
        if term.before and first + len(term.words) - 1 == i
    ]
    return max(found, key=lambda item: len(item[0].words), default=None)


def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _words_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return all(_lower(doc, i + k) == w for k, w in enumerate(words))


# -- finding the number -------------------------------------------------------------------


def _figures(doc: Doc, lexicon: _Lexicon) -> Iterator[_Figure]:
    i, floor = 0, 0  # floor: no figure may reach back over the previous one
    previous: _Figure | None = None
    while i < len(doc):
        core = _core(doc, i, lexicon)
        if core is None:
            i += 1
            continue
        figure = _widen(doc, core, floor, lexicon)
        # "aged 25", "the age of 5 years": an age, not a count nor a duration.
        unit = figure.unit_term
        cue = _age_cue(doc, figure, previous, lexicon)
        if cue is not None and (unit is None or unit.unit == "year"):
            figure.unit_term = lexicon.age
            if figure.hedge is None and cue < figure.start:
                _take_hedge(doc, figure, floor, cue)  # "under the age of 5"
        floor = i = figure.end
        previous = figure
        yield figure


def _core(doc: Doc, i: int, lexicon: _Lexicon) -> _Core | None:
    core = _vague(doc, i, lexicon) or _fraction(doc, i) or _number(doc, i, lexicon)
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
        numerator = 1 if glued[1] == "a" else NUMBER_WORDS[glued[1]]
        value = numerator / _DENOMINATORS[glued[2]]
        return _Core(i, i + 1, value, value, value, fraction=True)
    numerator_value = 1 if lower in ("a", "an") else NUMBER_WORDS.get(lower)
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


def _number(doc: Doc, i: int, lexicon: _Lexicon) -> _Core | None:
    """Digits or number words, with size words: "54,000", "1.5 million", "two dozen"."""
    token = doc[i]
    text = token.text
    unit = None
    size = 1.0
    if _DIGITS.match(text):
        value = float(text.replace(",", ""))
        j = i + 1
        # "2 1/2 miles": a whole number and a fraction.
        if j < len(doc) and token.whitespace_ and "." not in text:
            part = _written_fraction(doc[j].text)
            if part is not None and part < 1:
                value, j = value + part, j + 1
    elif (part := _written_fraction(text)) is not None:
        if part < 1:  # "1/16 inch", "3/4 of the votes", "½": a fraction
            return _Core(i, i + 1, part, part, part, fraction=True)
        value, j = part, i + 1  # "1½ hours"
    elif glued := _glued_number(text, lexicon):
        value, size, unit = glued
        j = i + 1
    else:
        words = _number_words(doc, i)
        if words is None:
            return None
        j, value = words
        if j == i + 1 and token.lower_ == "one":
            return _Core(i, j, 1.0, 1.0, 1.0, bare_one=True)
        # "five thousand": the size word it ended on scales a range's low end.
        size = _BIG_SCALES.get(doc[j - 1].lower_, 1.0)
    money = (unit is not None and unit.before) or _currency_before(doc, i - 1, lexicon)
    # "1.5 million", "5 thousand", "2 dozen", "$5m", "1.5m" (an "m" glued on is millions);
    # not after a unit glued on ("10kW").
    takes_size = unit is None or unit.before
    while takes_size and j < len(doc):
        word = doc[j].lower_
        if word in _SIZE_WORDS:
            size = _SIZE_WORDS[word]
        elif word in ("m", "m.", "mn", "bn") and (money or not doc[j - 1].whitespace_):
            size = _GLUED_SIZES[word.rstrip(".")]
        else:
            break
        value *= size
        j += 1
    return _Core(i, j, value, value, value, size=size, unit=unit)


def _written_fraction(text: str) -> float | None:
    """The value of "1/16", "½" or "1½", else None."""
    slash = _SLASH_FRACTION.match(text)
    if slash:
        numerator, denominator = int(slash[1]), int(slash[2])
        return numerator / denominator if 0 < numerator < denominator else None
    vulgar = _VULGAR.match(text)
    if vulgar:
        return int(vulgar[1] or 0) + _VULGAR_FRACTIONS[vulgar[2]]
    return None


def _glued_number(text: str, lexicon: _Lexicon) -> tuple[float, float, _Term | None] | None:
    """A number glued to a currency or a size or unit, as one token: value, size, unit.

    Whatever is glued on must be known ("RM", "kW", "bn"), so "F-16", "COVID-19", "4G"
    and "1990s" are no figures.
    """
    found = _GLUED_NUMBER.match(text)
    if found is None or not (found["before"] or found["after"]):
        return None
    value = float(found["number"].replace(",", ""))
    size, unit = 1.0, None
    if found["before"]:
        unit = _glued_unit(found["before"], lexicon, before=True)
        if unit is None:
            return None
    after = found["after"] or ""
    for suffix, scale in _GLUED_SIZES.items():
        # "3bn", "1mil", "EUR50m": glued to a number, "m" is millions, as news money
        # writes it (metres are spaced, "5 m").
        if after.lower() == suffix:
            return value * scale, scale, unit
    if after:
        if unit is not None:
            return None
        unit = _glued_unit(after, lexicon, before=False)
        if unit is None:
            return None
    return value, size, unit


def _glued_unit(text: str, lexicon: _Lexicon, before: bool) -> _Term | None:
    """The one-word unit ``text`` stands for, written before or after a number."""
    for term, _position in lexicon.by_word.get(text.lower(), ()):
        one_word = term.unit and term.before == before and len(term.words) == 1
        if one_word and (not term.exact or term.words[0] == text):
            return term
    return None


def _number_words(doc: Doc, i: int) -> tuple[int, float] | None:
    """Number words from token ``i``: "one hundred and twenty", "twenty-five", "a million"."""
    total, current, last, j = 0.0, 0.0, "", i
    if _lower(doc, i) in ("a", "an"):
        if _lower(doc, i + 1) not in _SIZE_WORDS:
            return None
        current, last, j = 1.0, "a", i + 1
    while j < len(doc):
        word = doc[j].lower_
        if word in NUMBER_WORDS and last in ("", "tens", "-", "hundred", "big"):
            if last in ("tens", "-") and not 0 < NUMBER_WORDS[word] < 10:
                break  # "twenty-five", not "twenty ten"
            current += NUMBER_WORDS[word]
            last = "ones"
        elif word in TENS_WORDS and last in ("", "hundred", "big"):
            current += TENS_WORDS[word]
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
        elif word == "-" and last == "tens" and _lower(doc, j + 1) in NUMBER_WORDS:
            last = "-"
        elif (
            word == "and"
            and last in ("hundred", "big")
            and (_lower(doc, j + 1) in NUMBER_WORDS or _lower(doc, j + 1) in TENS_WORDS)
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


# -- widening the number to the whole figure ------------------------------------------------


def _widen(doc: Doc, core: _Core, floor: int, lexicon: _Lexicon) -> _Figure:
    figure = _Figure(core=core, start=core.start, end=core.end, unit_term=core.unit)
    _take_range(doc, figure, lexicon)
    currency = None if core.unit else _currency_before(doc, figure.start - 1, lexicon)
    if currency is not None and currency[1] >= floor:
        figure.unit_term, figure.start = currency
        _take_range(doc, figure, lexicon, prefix=currency[0])  # "$1 million to $1.25 million"
    elif core.unit is None:
        # "a 5-day truce": the unit may be hyphenated to the number.
        at = figure.end + 1 if _lower(doc, figure.end) == "-" else figure.end
        unit = _unit_from(doc, at, lexicon)
        if unit is not None:
            figure.unit_term = unit
            figure.end = at + len(unit.words)
            _take_range(doc, figure, lexicon, unit=unit)  # "between 5% and 6%"
        elif _words_at(doc, figure.end, ("-", "strong")):
            figure.strong = True
            figure.end += 2
        elif _is_age_after_name(doc, figure):
            figure.unit_term = lexicon.age
    _take_rate(doc, figure, lexicon)
    for words, comparator in _hedges().after.items():
        if _words_at(doc, figure.end, words):
            figure.hedge, figure.comparator = " ".join(words), comparator
            figure.end += len(words)
            return figure
    _take_hedge(doc, figure, floor)
    return figure


def _is_age_after_name(doc: Doc, figure: _Figure) -> bool:
    """A person's age in apposition, as news writes it: "Nick Hague, 44, has spent"."""
    core = figure.core
    text = doc[core.start].text
    if core.end - core.start != 1 or not text.isdigit() or not 0 < int(text) < 120:
        return False
    name = core.start - 1
    if _lower(doc, name) == ",":
        name -= 1
    if name < 0 or doc[name].ent_type_ != "PERSON" or doc[core.start].ent_type_ == "PERSON":
        return False
    after = doc[core.end] if core.end < len(doc) else None
    return after is not None and (after.text == "," or after.pos_ in ("AUX", "VERB"))


def _age_cue(doc: Doc, figure: _Figure, previous: _Figure | None, lexicon: _Lexicon) -> int | None:
    """Where the words start that tell the figure is an age, not a count: "women aged 25
    to 54", "under the age of 5" (see units.csv); each of a list "aged 25 and 30" is
    one, told at its own start, unless it counts a noun ("Smith, 44, and two children").
    None for a figure no such words tell."""
    if (
        previous is not None
        and previous.unit_term == lexicon.age
        and _LISTED.match(doc[previous.end : figure.start].text_with_ws)
        and not (figure.end < len(doc) and doc[figure.end].pos_ in ("NOUN", "PROPN"))
    ):
        return figure.start
    for cue in lexicon.age_cues:
        if _words_at(doc, figure.start - len(cue), cue):
            return figure.start - len(cue)
    return None


def _take_range(
    doc: Doc,
    figure: _Figure,
    lexicon: _Lexicon,
    unit: _Term | None = None,
    prefix: _Term | None = None,
) -> None:
    """Extend the figure over "70 to 100", "70-100", "five or six", "between 5 and 10".

    With ``unit`` the second number must repeat it ("5% to 6%"); with ``prefix`` it
    must repeat the currency sign ("$1 million to $2 million"); a unit glued to the first
    number must be glued to the second ("RM120,000 to RM300,000").
    """
    core = figure.core
    if core.vague or core.fraction or figure.ranged:
        return
    joiner = _lower(doc, figure.end)
    opener = _lower(doc, figure.start - 1)
    at = figure.end + 1
    if opener == "from" and _words_at(doc, figure.end, ("up", "to")):
        joiner, at = "to", at + 1  # "from 450 sq ft up to 900 sq ft"
    if not (joiner in _RANGE_WORDS or (joiner == "and" and opener == "between")):
        return
    if prefix is not None:
        at += len(prefix.words)
        repeated = _currency_before(doc, at - 1, lexicon)
        if repeated is None or repeated[0].unit != prefix.unit:
            return
    other = _number(doc, at, lexicon) if at < len(doc) else None
    if other is None or (other.unit and other.unit.unit != (core.unit and core.unit.unit)):
        return
    if _is_move(doc, figure, joiner, unit or _unit_from(doc, other.end, lexicon)):
        return
    end = other.end
    if unit is not None:
        if not all(
            end + k < len(doc) and _matches(doc[end + k], word, unit.exact)
            for k, word in enumerate(unit.words)
        ):
            return
        end += len(unit.words)
    low = core.value
    if core.size == 1.0 and other.size > 1.0 and core.value < other.value / other.size:
        low = core.value * other.size  # "5 to 6 million"
    # "3 to 1" is a ratio, not a range; but a move "from 1.3 to 0.03", two ends that
    # repeat their unit ("1.3 A/cm2 to 0.03 A/cm2") and a score "a 9-2 lead" give their
    # two ends, lower first.
    if (
        low >= other.value
        and unit is None
        and not ((opener, joiner) == ("from", "to") or _is_score(doc, figure.end, core, other))
    ):
        return
    low, high = min(low, other.value), max(low, other.value)
    core.value, core.low, core.high, core.end = low, low, high, other.end
    core.bare_one = False
    figure.end = end
    figure.ranged = True
    if (opener, joiner) in (("between", "and"), ("from", "to")):
        figure.start -= 1


def _is_move(doc: Doc, figure: _Figure, joiner: str, shared_unit: _Term | None) -> bool:
    """Whether "by X to Y" after a change verb tells the amount and the level it reached
    ("the toll rose by 15 to 35"), not a range; "rise by 5 to 10 percent", one unit
    after both ends, is a range of the amount."""
    by = figure.start - 1
    if joiner != "to" or _lower(doc, by) != "by" or shared_unit is not None:
        return False
    return _change_words().changes(doc[by].head.lemma_)


def _is_score(doc: Doc, joiner: int, first: _Core, second: _Core) -> bool:
    """Two whole numbers hyphenated with no space: a score or tally, "9-2", "89-89"."""
    return (
        doc[joiner].text == "-"
        and not doc[joiner - 1].whitespace_
        and not doc[joiner].whitespace_
        and first.end - first.start == 1
        and second.end - second.start == 1
        and doc[first.start].text.isdigit()
        and doc[second.start].text.isdigit()
    )


def _take_rate(doc: Doc, figure: _Figure, lexicon: _Lexicon) -> None:
    """Make a unit a rate: "$3,500 a month", "800,000 barrels a day", "63 cents per share".

    "per" takes any noun; "a"/"an" only a unit of time ("2 km a village" is no rate).
    """
    unit = figure.unit_term
    if unit is None:
        return
    at = figure.end + 1 if _lower(doc, figure.end) == "-" else figure.end  # "barrel-a-day"
    word = _lower(doc, at)
    if word not in ("per", "a", "an"):
        return
    at += 2 if _lower(doc, at + 1) == "-" else 1
    if at >= len(doc):
        return
    denominator = _unit_from(doc, at, lexicon)
    if denominator is not None:
        if word != "per" and denominator.category != "DURATION":
            return
        code, name, end = denominator.unit, denominator.name, at + len(denominator.words)
    elif word == "per" and doc[at].pos_ in ("NOUN", "PROPN"):
        code = name = doc[at].lemma_.lower()
        end = at + 1
    else:
        return
    figure.unit_term = replace(
        unit,
        words=(),
        unit=f"{unit.unit} per {code}",
        name=f"{unit.name} per {name}",
        before=False,
    )
    figure.end = max(figure.end, end)


def _take_hedge(doc: Doc, figure: _Figure, floor: int, age_cue: int | None = None) -> None:
    """Take the hedge right before the figure ("at least 20"), or right before the words
    from ``age_cue`` on that tell it is an age ("under the age of 5"): those words and
    the hedge stay out of the figure then."""
    end = figure.start if age_cue is None else age_cue
    for words, comparator in _hedges().before:
        start = end - len(words)
        if start < floor or not _words_at(doc, start, words):
            continue
        if (
            age_cue is None
            and len(words) == 1
            and words[0] in _hedges().prepositions
            and doc[start].dep_ == "prep"
            and not _hedges_a_change(doc[start])
        ):
            continue
        figure.hedge = doc[start:end].text.lower()
        figure.comparator = comparator
        if age_cue is None:
            figure.start = start
        return


def _hedges_a_change(preposition: Token) -> bool:
    """Whether a hedge the parser took for a preposition hedges the amount of a change:
    "Qualcomm rose under 4%", "fell around 2%"; not "rose above 4%", a level crossed."""
    verb, words = preposition.head.lemma_, _change_words()
    return preposition.lower_ in _hedges().on_changes and (
        words.changes(verb) or verb in words.relative
    )


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
    glued_after = (
        doc[core.end] if core.end < len(doc) and not doc[core.end - 1].whitespace_ else None
    )
    if figure.unit_term is None and glued_after is not None and glued_after.is_alpha:
        return True  # a code: "4G", "3D" (a known size or unit glued on is read as one)
    if _lower(doc, figure.end) in _CLOCK_WORDS or _lower(doc, figure.end) == "ago":
        return True
    for token in doc[core.start : core.end]:
        label = token.ent_type_
        if token.ent_iob_ == "O" or not label or label in _FIGURE_LABELS:
            continue
        if label == "TIME":  # a time of day, unless it has a unit: "9 ksi" is no time
            return figure.unit_term is None
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


def _is_label(doc: Doc, figure: _Figure, counted: Span | None) -> bool:
    """Whether a bare number names or numbers something rather than counts it.

    After a name, alone or before a singular noun (a count counts a plural): "the S&P 500
    is poised", "Dak Prescott (4) celebrates", "the iPhone 14 launch". After another
    number: "35 737 MAX jets", a page's furniture "Get short URL 612 0 0"; before one
    when nothing is counted.
    """
    before = figure.start - 1
    if before >= 0 and _DIGITS.match(doc[before].text):
        return True
    if counted is None and figure.end < len(doc) and _DIGITS.match(doc[figure.end].text):
        return True
    if counted is not None and counted.root.tag_ not in ("NN", "NNP"):
        return False
    if _lower(doc, before) == "(" and _lower(doc, figure.end) == ")":
        before -= 1
    return before >= 0 and doc[before].pos_ == "PROPN" and not doc[before].is_sent_start


def _ends_line(doc: Doc, figure: _Figure) -> bool:
    last = doc[figure.end - 1]
    return figure.end == len(doc) or "\n" in last.whitespace_ or "\n" in doc[figure.end].text


def _month_next_to(doc: Doc, start: int, end: int) -> bool:
    for i in (start - 1, end):
        if 0 <= i < len(doc):
            token = doc[i]
            if token.lower_.rstrip(".") in MONTHS and (token.is_title or token.is_upper):
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
    relative = unit_term is not None and unit_term.unit in _RELATIVE_UNITS
    event, change = _event(doc, figure, head, counted, lexicon, relative)
    if change is None and unit_term is not None:  # not "shot down two helicopters"
        change = _change_before(doc, figure)
    category = _category(figure, unit_term, event, counted, lexicon)
    plain = figure.hedge is None and unit_term is None and not figure.ranged
    # "one" counts in a casualty-type context or before a noun that is no subject ("put one
    # hand", "in just one area"): not "one coalition officer said", "one of the soldiers".
    one = doc[core.start]
    if (
        plain
        and core.bare_one
        and category not in EVENT_CATEGORIES
        and not (one.dep_ == "nummod" and one.head.dep_ not in _SUBJECT_DEPS)
    ):
        return None
    # A bare number closing a line is a label ("Mosul folds 2", a page number), and so is
    # one that names or numbers something (see ``_is_label``).
    if (
        plain
        and event is None
        and not core.vague
        and ((counted is None and _ends_line(doc, figure)) or _is_label(doc, figure, counted))
    ):
        return None
    # The amount of a change wins over a hedge, which stays in ``approx`` ("rose by around
    # 1%"); a level reached ("rose to 86") is no amount, and a range's bounds are stated
    # ("expected to increase between 5% and 6%"): those keep the hedge's or "=".
    if change is not None and not change.level and not figure.ranged:
        comparator = change.direction
    else:
        comparator = figure.comparator or ("~" if core.vague else "=")
    start_char = doc[figure.start].idx
    last = doc[figure.end - 1]
    # A sentence's full stop the tokenizer left on "m.": "worth up to $2.7m."
    end_char = last.idx + len(last.text.rstrip(".") if last.lower_ == "m." else last.text)
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
        about=_about(figure, head, counted),
    )


def _change_before(doc: Doc, figure: _Figure) -> _Change | None:
    """A change stated by an adverb right before the figure: "up 0.2%", "upward by 40"."""
    i = figure.start - 1
    if _lower(doc, i) == "by":
        i -= 1
    direction = _change_words().adverbs.get(_lower(doc, i))
    return _Change(direction, level=False) if direction else None


def _same_change(previous: Quantity, between: str) -> bool:
    """Whether a figure restates the change just before it: "up 0.25 points, or 0.01%"."""
    return previous.comparator in ("up", "down") and between.strip(" ,") == "or"


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
    if figure.unit_term is not None and (
        figure.unit_term.category == "DURATION" or figure.unit_term.unit == AGE_UNIT
    ):
        return None  # "a 12-year-old boy" counts no boys
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


def _about(figure: _Figure, head: Token, counted: Span | None) -> str | None:
    """Whom or what the figure is about, several phrases joined by ", " (or None).

    A measure (a figure with a unit, or a fraction) is about what it is of ("60 per cent
    of its revenue") and about the noun it modifies ("a 10kW solar capacity"); any figure
    is about the noun it belongs to ("a net profit of $5 billion", "Cost: $72,370") and
    about the subject of its clause ("Chris Wood has scored 22 goals", "Nvidia rose 8%").
    A figure inside the subject has none from there ("96 fans went"), nor has one whose
    subject is a pronoun ("they need ten users"): a count's own noun is its unit.
    """
    measured = figure.unit_term is not None or figure.core.fraction
    anchor = counted.root if counted is not None and not measured else head
    inside = range(figure.start, figure.end)
    nouns: list[Token] = []
    # What a measure is of: "60 per cent of its revenue" (its counted noun), "8 miles (13
    # km) of new tunnels" (the unit's "of" object past a conversion).
    of_object = counted.root if counted is not None else _of_object(head)
    if measured and of_object is not None and of_object.i not in inside:
        nouns.append(of_object)
    owner = anchor.head
    if (
        measured
        and anchor.dep_ in _MODIFIER_DEPS
        and owner.i not in inside
        and owner.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        nouns.append(owner)
    # The figure's preposition: its own ("fines from $250,000 to $1m") or its head's.
    preposition = owner if anchor.dep_ == "pobj" else anchor if anchor.dep_ == "prep" else None
    if preposition is not None and preposition.head.i not in inside:
        noun = preposition.head
        if noun.lemma_ == "age" and noun.dep_ == "pobj":
            noun = noun.head.head  # "children under the age of 5": the children's age
        if noun.pos_ in ("NOUN", "PROPN"):
            nouns.append(noun)
    elif anchor.dep_ == "appos" and owner.pos_ in ("NOUN", "PROPN"):
        nouns.append(owner)
    subject = _clause_subject(anchor)
    if subject is not None:
        nouns.append(subject)
    phrases: list[str] = []
    for noun in nouns:
        phrase = _concept_phrase(noun, inside)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return ", ".join(phrases) or None


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause the figure's phrase ``token`` sits in, if not itself.

    The climb goes up through nouns and prepositions, through "expected to rise" (xcomp),
    coordination, a participle's clause ("..., creating up to 400 jobs") and a reported
    clause whose subject is a pronoun ("BA is to announce it will suspend 36,000 staff");
    a relative clause's subject is its antecedent ("a package which was worth $2m"), a
    participle's the noun it modifies ("dairy prices expected to increase 4%").
    """
    for _ in range(2 * _CLIMB_LIMIT):
        parent = token.head
        if parent == token:
            return None
        if parent.pos_ in ("VERB", "AUX"):
            if token.dep_ in _SUBJECT_DEPS:
                return None  # the figure is (in) the subject
            subject = next((c for c in parent.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is not None:
                if subject.tag_ in ("WDT", "WP") and parent.dep_ == "relcl":
                    return parent.head
                if subject.pos_ != "PRON" or _of_object(subject):
                    return subject
                if parent.dep_ != "ccomp":
                    return None
            elif parent.dep_ in ("acl", "amod") and parent.head.pos_ in ("NOUN", "PROPN"):
                return parent.head  # "dairy prices expected to ...", "women aged 25"
            elif parent.dep_ not in ("xcomp", "conj", "ccomp", "advcl"):
                return None
        token = parent
    return None


def _of_object(token: Token) -> Token | None:
    return next(_of_objects(token), None)


def _concept_phrase(noun: Token, figure: range) -> str:
    """A noun with its left modifiers and its "of" object, without the figure's tokens.

    "the pace of prices increases" -> "pace of prices increases"; "a 10kW solar capacity"
    -> "solar capacity"; "a net profit of $5 billion" -> "net profit".
    """
    doc = noun.doc
    start = noun.left_edge.i
    if start <= figure.start <= noun.i:
        start = figure.stop  # a noun after the figure starts after it
    # Not over a list the parser hung on the noun: "¾ of them, 30C heat, 5pc rise".
    for token in doc[start : noun.i]:
        glued = token.text == "-" and not token.whitespace_ and not doc[token.i - 1].whitespace_
        if (token.is_punct and not glued) or token.dep_ == "cc":  # not "battery-powered"
            start = token.i + 1
    # Not its article or another figure ("a convoy of 25 trucks"); a possessor stays: "the
    # company's new model".
    while start < noun.i and (doc[start].dep_ in ("det", "predet") or doc[start].like_num):
        start += 1
    text = doc[start : noun.i + 1].text
    of_object = _of_object(noun)
    if (
        of_object is not None
        and of_object.pos_ in ("NOUN", "PROPN")
        and (of_object.right_edge.i < figure.start or of_object.left_edge.i >= figure.stop)
    ):
        text += " of " + _concept_phrase(of_object, figure)
    return text


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
    doc: Doc,
    figure: _Figure,
    head: Token,
    counted: Span | None,
    lexicon: _Lexicon,
    relative: bool = False,
) -> tuple[str | None, _Change | None]:
    """The event cue near a figure (KILL, WOUND, ...) and the change it is part of.

    ``relative``: the figure is a percent or points, which "gained" and "lost" change.
    """
    anchor = counted.root if counted is not None else head
    # 1. Its modifiers: "22 dead", "civilians killed in the raid"; not "bombs killing 3".
    for token in (head, anchor):
        found = _modifier_event(doc, token, lexicon)
        if found:
            return found, None
    # 2. Up the parse to the governing verb: "thousands of civilians died". The verb
    #    comes before the counted noun: "executed 15 detainees" is KILL, not ARREST.
    inside = range(figure.start, figure.end)
    found, change = _governing_event(doc, anchor, inside, lexicon, relative)
    if found:
        return found, change
    # 3. The counted phrase itself: "12 wounded soldiers", "20 refugees", "15 of the dead".
    if counted is not None:
        for token in [counted.root, *counted[:-1]]:
            found = _event_at(doc, token.i, lexicon)
            if found:
                return found, change
    # 4. The words right after it, for what the parser gets wrong in headlines and run-on
    #    scraped text: "22 dead in ...", "Dozens of people have been killed".
    end = counted.end if counted is not None else figure.end
    return _following_event(doc, end, lexicon), change


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
    doc: Doc, anchor: Token, inside: range, lexicon: _Lexicon, relative: bool
) -> tuple[str | None, _Change | None]:
    token, via = anchor, ""
    for _ in range(_CLIMB_LIMIT):
        parent = token.head
        if parent == token:
            break
        # A hedge the parser took for a preposition ("Over half of ...") is no barrier.
        if token.dep_ == "pobj" and parent.i not in inside:
            via = parent.lemma_.lower()
            if via == "by" and _lower(doc, inside.start - 1) == "to":
                via = "to"  # "rose by 15 to 35": the parser may hang the level on "by"
            if via not in _OPEN_PREPOSITIONS and not (
                via in _LEVEL_PREPOSITIONS and parent.head.lemma_ in _change_words().level_verbs
            ):
                break  # "killed 20 people in 3 attacks": the 3 are not the dead
        if token.dep_ == "nsubj" and _has_object(parent):
            break  # "5 gunmen killed 3 civilians": the 5 did the killing
        found = _event_at(doc, parent.i, lexicon)
        if found:
            return found, None
        if parent.pos_ in ("VERB", "AUX") and parent.lemma_ != "include":
            return _verb_event(doc, parent, token, via, lexicon, relative)
        token = parent
    return None, None


def _has_object(verb: Token) -> bool:
    """Whether the verb's subject acts on an object of its own (so is not the victim)."""
    if verb.lemma_ in _SUBJECT_UNDERGOES:
        return False
    return any(child.dep_ == "dobj" for child in verb.children)


def _verb_event(
    doc: Doc, verb: Token, below: Token, via: str, lexicon: _Lexicon, relative: bool
) -> tuple[str | None, _Change | None]:
    change = _verb_change(verb, below, via, relative)
    for child in verb.children:
        # "managed to flee", "left five people dead", "are confirmed dead";
        # not "tried to kill civilians" (the figure is the one killing).
        if child.dep_ in ("xcomp", "oprd", "acomp") and not (
            below.dep_ == "nsubj" and _has_object(child)
        ):
            found = _event_at(doc, child.i, lexicon) or _modifier_event(doc, child, lexicon)
            if found:
                return found, change
        # "Six civilians were among the dead", "identified among those killed".
        if child.dep_ == "prep" and child.lower_ == "among":
            for noun in child.children:
                found = _event_at(doc, noun.i, lexicon) or _modifier_event(doc, noun, lexicon)
                if found:
                    return found, change
    if verb.lemma_ in _change_words().level_verbs:
        # "the death toll rose to 86", "bringing the number killed to 45": the other
        # argument says what the level is of.
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child != below:
                for token in [child, *child.lefts, *_of_objects(child)]:
                    found = _event_at(doc, token.i, lexicon)
                    if found:
                        return found, change
                found = _modifier_event(doc, child, lexicon)
                if found:
                    return found, change
    return None, change


def _verb_change(verb: Token, below: Token, via: str, relative: bool) -> _Change | None:
    """The change a verb states of the figure under it, reached ``via`` a preposition:
    "rose to 86" (the level), "rose by 5", "rose 5%" (the amount)."""
    if via not in ("to", "by", "") or below.dep_ not in ("prep", "dobj", "npadvmod"):
        return None
    words = _change_words()
    if verb.lemma_ in words.up:
        direction: str | None = "up"
    elif verb.lemma_ in words.down:
        direction = "down"
    else:
        direction = words.relative.get(verb.lemma_) if relative else None
    return _Change(direction, level=via == "to") if direction else None


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
