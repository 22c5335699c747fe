"""Time expressions: find dates, periods and durations in a report and resolve them.

Candidates come from two places: the spaCy NER's DATE and TIME entities, and a small
grammar of regular expressions run over the whole text for what the NER misses or
splits badly. The same grammar resolves both (a rule's pattern must match an NER span
in full); dateparser is only a fallback for NER spans the grammar does not know.
Overlapping candidates are settled by keeping grammar results over dateparser ones and
longer spans over shorter ones.

Every expression becomes an inclusive interval of ISO dates resolved against the
report's publication date, with a granularity from this vocabulary:

- ``day``, ``week`` (Monday to Sunday), ``month``, ``season``, ``quarter``, ``year``,
  ``decade``: one whole unit, or a range of whole units ("between 2014 and 2016" is
  2014-01-01..2016-12-31, granularity ``year``).
- ``<unit>_part`` (``month_part``, ``year_part``, ``week_part``, ...): a fraction of
  one unit. "early/mid/late 2017" split the year in thirds (Jan-Apr, May-Aug, Sep-Dec)
  and "early/mid/late December" split the month into days 1-10, 11-20 and 21-end;
  "the beginning/middle/end of" mean the same, so "by the end of December" is
  December 21-31 (``month_part``). "The first half of 2016" is ``year_part``,
  "earlier this month" runs from the 1st to the publication date (``month_part``),
  "the weekend" is Saturday-Sunday (``week_part``). The splits live in
  ``data/time_words.csv``.
- ``duration``: a length that is not anchored to the calendar ("nine weeks", "a year
  on", "two days later", "a few minutes later"); its dates are always None.

Conventions:

- A date, month or season named without a year takes the occurrence nearest before or at
  publication ("November 27" in a report of 2016-12-06 is 2016-11-27), unless its verb
  is in the future tense ("will", "shall", "going to") or a word of planning comes just
  before it ("scheduled for", "due on": ``forward`` rows of ``data/time_words.csv``),
  which picks the nearest one at or after publication. A weekday alone ("on Friday")
  works the same way, and so does "Tuesdays" modifying a noun ("Tuesdays attack":
  "Tuesday's" with its apostrophe lost), while "on Tuesdays" is no date. "Last Friday"
  and "next Friday" are never the day of, before or after publication (those are
  "today", "yesterday", "tomorrow" or plain "Friday"): said on a Saturday, "last Friday"
  is eight days back, said on a Friday seven.
- Seasons are meteorological, northern hemisphere, from ``data/time_words.csv``:
  "winter 2016" is December 2016 to February 2017.
- "N units ago" is the whole unit containing the publication date minus N units
  ("three weeks ago" is that week); "the past N units" is a rolling window ending on
  the publication date, while "last week/month/year" is the previous calendar unit.
- With no publication date only absolute dates resolve; relative ones keep their
  granularity and have None dates. Named periods ("the Second World War") are skipped.
- Numeric dates resolve only when unambiguous (ISO, or a day/month reading that is
  the same either way or only valid one way, with slashes or dashes: "13/04/2017",
  "13-04-2017"); otherwise their dates are None. Dotted dates ("06.04.2017") are the
  European form and are read day first.
- A four-digit number is not a year where it is a count ("2000 homes", "from 2000 to
  a few hundred"), a label ("resolution 2254"), a clock time ("at 1430 GMT") or a year
  before the common era ("1750 BC").
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import islice

from dateparser.date import DateDataParser
from spacy.tokens import Doc

from claimgraph.data import read_rows
from claimgraph.extract.words import MONTHS, NUMBER_WORDS, TENS_WORDS
from claimgraph.records import TimeExpression

__all__ = ["extract_times", "find_header_date"]

DAY = "day"
WEEK = "week"
MONTH = "month"
SEASON = "season"
QUARTER = "quarter"
YEAR = "year"
DECADE = "decade"
DURATION = "duration"

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3})
_WEEKDAYS.update({"fri": 4, "sat": 5, "sun": 6})
_NUMBERS = {word: n for word, n in NUMBER_WORDS.items() if n > 0}  # "one" .. "nineteen"
_SMALL = tuple(_NUMBERS)
_TENS = TENS_WORDS
# The calendar unit a counted unit resolves to ("three weeks ago" is a week).
_UNIT_GRANULARITY = {
    "second": DAY,
    "minute": DAY,
    "hour": DAY,
    "day": DAY,
    "week": WEEK,
    "fortnight": WEEK,
    "month": MONTH,
    "quarter": QUARTER,
    "year": YEAR,
    "decade": DECADE,
}
# Units shorter than a day, by how many make one: the day is the finest calendar unit.
_PER_DAY = {"second": 86400, "minute": 1440, "hour": 24}
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_HEADER_CHARS = 200
_HEADER_LINES = 3
_HEADER_MAX_CHARS = 400


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "September" is not cut to "Sep".
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


_FULL_MONTH = rf"(?:{_alternation(calendar.month_name[1:])})(?![a-z])"
_ABBR_MONTH = rf"(?:{_alternation(k for k in MONTHS if len(k) <= 4 and k != 'may')})\.?"
_MONTH_RE = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH}(?![a-z]))"
_FULL_WEEKDAY = rf"(?:{_alternation(calendar.day_name)})(?![a-z])"
# "Tuesdays": every Tuesday, or "Tuesday's" with the apostrophe lost (see _not_a_time).
_PLURAL_WEEKDAY = re.compile(rf"(?:{_alternation(calendar.day_name)})s(?![a-z])", re.IGNORECASE)
_WEEKDAY_RE = (
    rf"(?:{_FULL_WEEKDAY}|(?:{_alternation(k for k in _WEEKDAYS if len(k) <= 5)})\.?(?![a-z]))"
)
_DAY_RE = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\w)"
_YEAR_RE = r"[12][0-9]{3}(?!\d|s\b|\s*(?:BCE?|B\.C\.)(?![a-z]))"
_NUMBER_RE = (
    rf"(?:(?:{_alternation(_TENS)})(?:[\s-](?:{_alternation(_SMALL[:9])}))?"
    rf"|{_alternation(_SMALL)})(?![a-z])"
)
_COUNT_RE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{_NUMBER_RE}|a\s+couple\s+of|a\s+few|an?|several"
    r"|few|many|dozens\s+of|hundreds\s+of)(?:\s+and\s+a\s+half)?"
)
_UNIT_RE = (
    # Not "second": "a second day" counts days.
    r"(?:seconds|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?"
    r"|centur(?:y|ies))(?![a-z])"
)
_HEDGE_RE = (
    r"(?:(?:about|around|approximately|roughly|nearly|almost|some|over|under|only|just|barely"
    r"|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|another)\s+)?"
)
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Words that may govern a bare month, year or season ("in October", "since 2014").
_CONTEXT_RE = (
    r"(?:in|since|until|till|by|during|from|before|after|through|throughout|of|on|over|to|and"
    r"|or)\s+(?:the\s+)?"
)
# A time word a span needs before dateparser is asked about it.
_CUE = re.compile(
    rf"{_MONTH_RE}|{_WEEKDAY_RE}|\b(?:ago|today|tonight|yesterday|tomorrow|last|next|this"
    r"|past|coming|earlier|later)\b",
    re.IGNORECASE,
)
_STRIP = " \t\r\n'\"‘’“”,.;:!?()[]{}"
_NOT_AFTER_HEADER = re.compile(
    r"\b(?:on|in|since|until|till|by|from|before|after|between|of|to|and)\s*$", re.IGNORECASE
)
_CLOCK_BEFORE = re.compile(r"\bat\s*$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|hours|hrs|local\s+time)\b", re.IGNORECASE)
# The other end of a range of counts: "from 2000 to a few hundred", "between 500 and 1300"
# (not "in 2011 and millions fled").
_COUNT_AFTER = re.compile(
    rf"\s*(?:to|-|–)\s*(?:(?:a\s+few|several|some|about|around)\s+)?"
    rf"(?:(?!{_YEAR_RE})\d[\d,]*|hundreds?|thousands?|millions?|dozens?)(?![\w,])",
    re.IGNORECASE,
)
_COUNT_BEFORE = re.compile(
    rf"(?:(?<![\w,])(?!{_YEAR_RE})\d[\d,]*\s*(?:to|-|–)"
    rf"|\bbetween\s+(?!{_YEAR_RE})\d[\d,]*\s+and)\s*$",
    re.IGNORECASE,
)
_PUBLISHED_CUE = re.compile(r"\b(?:published|posted|updated|dated)\b[^\n]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Res:
    """A resolved interval (dates None where it cannot be anchored)."""

    start: date | None
    end: date | None
    granularity: str | None  # None: recognised, but no interval can be given


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What resolution needs beyond the words: publication date and tense."""

    published: date | None
    future: bool = False


_Handler = Callable[[re.Match[str], _Ctx], "_Res | None"]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    core: re.Pattern[str]  # matched in full against an NER span
    search: re.Pattern[str] | None  # run over the whole text; group "x" is the span
    handler: _Handler
    weak: bool = False  # may be part of a name: dropped inside non-time entities
    header: bool = False  # a full date that may print a publication date


@dataclass(frozen=True, slots=True)
class _TimeWords:
    parts: dict[tuple[str, str], tuple[int, int]]  # (word, unit) -> first, last
    seasons: dict[str, tuple[int, int]]  # word -> first month, last month
    forward: re.Pattern[str]  # planning words that, just before a date, point ahead


@cache
def _time_words() -> _TimeWords:
    """Seasons, early/mid/late splits and planning words from ``data/time_words.csv``."""
    parts: dict[tuple[str, str], tuple[int, int]] = {}
    seasons: dict[str, tuple[int, int]] = {}
    forward: list[str] = []
    for row in read_rows("time_words.csv"):
        word = row["word"].lower()
        if row["kind"] == "forward":
            forward.append(r"\s+".join(map(re.escape, word.split())))
            continue
        span = (int(row["first"]), int(row["last"]))
        if row["kind"] == "season":
            seasons[word] = span
        elif row["kind"] == "part":
            parts[(word, row["unit"])] = span
    ahead = re.compile(rf"\b(?:{'|'.join(forward) or '(?!)'})\s+(?:on\s+|the\s+)?$", re.IGNORECASE)
    return _TimeWords(parts, seasons, ahead)


# --- calendar arithmetic -----------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _shift(day: date, unit: str, n: int) -> date:
    """``day`` moved by ``n`` units (negative: back)."""
    if unit in _PER_DAY:
        return day + timedelta(days=int(n / _PER_DAY[unit]))
    if unit in ("day", "week", "fortnight"):
        return day + timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(day, n * months)


def _containing(granularity: str, day: date) -> tuple[date, date]:
    """The calendar unit of ``granularity`` that contains ``day``."""
    if granularity == WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if granularity == "weekend":
        saturday = day - timedelta(days=day.weekday()) + timedelta(days=5)
        return saturday, saturday + timedelta(days=1)
    if granularity == MONTH:
        return day.replace(day=1), _month_end(day.year, day.month)
    if granularity == QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        return date(day.year, first, 1), _month_end(day.year, first + 2)
    if granularity == YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if granularity == DECADE:
        return date(day.year // 10 * 10, 1, 1), date(day.year // 10 * 10 + 9, 12, 31)
    return day, day


def _pick(
    occurrence: Callable[[int], tuple[date, date] | None], anchor: date, mode: str
) -> tuple[date, date] | None:
    """The occurrence (by year) of a yearly date, month or season that ``mode`` asks for.

    ``past``: the latest that starts at or before the anchor; ``future``: the earliest
    that ends at or after it; ``last``/``next``: strictly before/after it; ``this``: the
    one containing it, else the one starting in its year.
    """
    # Nine years either way finds a February 29 from any anchor.
    found = [o for y in range(anchor.year - 9, anchor.year + 10) if (o := occurrence(y))]
    if mode == "this":
        found = [o for o in found if o[0] <= anchor <= o[1]] or [
            o for o in found if o[0].year == anchor.year
        ]
        return found[0] if found else None
    tests: dict[str, Callable[[tuple[date, date]], bool]] = {
        "past": lambda o: o[0] <= anchor,
        "last": lambda o: o[1] < anchor,
        "future": lambda o: o[1] >= anchor,
        "next": lambda o: o[0] > anchor,
    }
    chosen = [o for o in found if tests[mode](o)]
    if not chosen:
        return None
    return max(chosen) if mode in ("past", "last") else min(chosen)


def _yearly(
    occurrence: Callable[[int], tuple[date, date] | None],
    ctx: _Ctx,
    granularity: str,
    rel: str | None = None,
) -> _Res | None:
    """Resolve something named without a year ("November 27", "October", "winter")."""
    if ctx.published is None:
        return _Res(None, None, granularity)
    mode = (rel or "").lower() or ("future" if ctx.future else "past")
    found = _pick(occurrence, ctx.published, mode)
    return _Res(found[0], found[1], granularity) if found else None


def _day_occurrence(month: int, day: int) -> Callable[[int], tuple[date, date] | None]:
    def occurrence(year: int) -> tuple[date, date] | None:
        try:
            when = date(year, month, day)
        except ValueError:  # February 29 outside leap years
            return None
        return when, when

    return occurrence


def _month_occurrence(month: int) -> Callable[[int], tuple[date, date]]:
    return lambda year: (date(year, month, 1), _month_end(year, month))


def _season_occurrence(first: int, last: int) -> Callable[[int], tuple[date, date]]:
    # A season whose last month comes before its first (winter) ends in the next year.
    return lambda year: (
        date(year, first, 1),
        _month_end(year + (1 if last < first else 0), last),
    )


# --- words to numbers -------------------------------------------------------------


def _month(word: str) -> int | None:
    """A month number, for capitalised names only ("may" and "march" are verbs)."""
    if not word[:1].isupper():
        return None
    return MONTHS.get(word.lower().rstrip("."))


def _weekday(word: str) -> int | None:
    if not word[:1].isupper():
        return None
    return _WEEKDAYS.get(word.lower().rstrip("."))


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _count(text: str) -> int | None:
    """The number in a count ("three", "24", "twenty-five"); None where it is vague."""
    words = text.lower().replace(",", "")
    if "half" in words:
        return None
    if words in ("a", "an"):
        return 1
    if "couple" in words:
        return 2
    if words.isdigit():
        return int(words)
    parts = re.split(r"[\s-]+", words)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _NUMBERS.get(words)


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.removesuffix("s")


# --- handlers: one per grammar rule, match -> interval -----------------------------


def _full_date(year: int | None, month: int | None, day: int, ctx: _Ctx) -> _Res | None:
    if month is None:
        return None
    if year is None:
        date(2000, month, day)  # raises for days no month has (the caller drops it)
        return _yearly(_day_occurrence(month, day), ctx, DAY)
    when = date(year, month, day)
    return _Res(when, when, DAY)


def _on_day_month(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    year = int(m["y"]) if m["y"] else None
    return _full_date(year, _month(m["m"]), _day_number(m["d"]), ctx)


def _on_iso(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    when = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _Res(when, when, DAY)


def _on_numeric(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    """Resolve "13/04/2017", "13-04-2017", "06.04.2017" (the module docstring's conventions)."""
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    readings = set()
    # Day/month and month/day, except that dots are the day-first European form.
    orders = ((first, second),) if m["sep"] == "." else ((first, second), (second, first))
    for day, month in orders:
        try:
            readings.add(date(year, month, day))
        except ValueError:
            continue
    if len(readings) == 1:
        when = readings.pop()
        return _Res(when, when, DAY)
    return _Res(None, None, DAY) if readings else None


def _on_month_year(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    month = _month(m["m"])
    if month is None:
        return None
    year = int(m["y"])
    return _Res(date(year, month, 1), _month_end(year, month), MONTH)


def _on_month(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    month = _month(m["m"])
    if month is None:
        return None
    return _yearly(_month_occurrence(month), ctx, MONTH, m["rel"])


def _on_month_of_relative_year(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    """Resolve "March last year", "June of next year"."""
    month = _month(m["m"])
    if month is None:
        return None
    if ctx.published is None:
        return _Res(None, None, MONTH)
    year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _Res(date(year, month, 1), _month_end(year, month), MONTH)


def _on_year(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    year = int(m["y"])
    return _Res(date(year, 1, 1), date(year, 12, 31), YEAR)


def _on_decade(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    if m["dec"]:
        first = int(m["dec"])
    else:
        # "the '90s": the most recent such decade at publication, else the 1900s.
        base = ctx.published.year if ctx.published else 1999
        first = base // 100 * 100 + int(m["short"])
        if first > base:
            first -= 100
    return _Res(date(first, 1, 1), date(first + 9, 12, 31), DECADE)


def _on_season_year(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    first, last = _time_words().seasons[m["s"].lower()]
    start, end = _season_occurrence(first, last)(int(m["y"]))
    if m["y2"]:
        # "winter 2016-17": only a season that crosses the new year may name two years.
        second = int(m["y2"])
        second += int(m["y"]) // 100 * 100 if second < 100 else 0
        if last >= first or second != int(m["y"]) + 1:
            return None
    return _Res(start, end, SEASON)


def _on_season(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    first, last = _time_words().seasons[m["s"].lower()]
    return _yearly(_season_occurrence(first, last), ctx, SEASON, m["rel"])


def _on_quarter(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    year, first = int(m["y"]), (int(m["q"]) - 1) * 3 + 1
    return _Res(date(year, first, 1), _month_end(year, first + 2), QUARTER)


def _on_day_word(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    if ctx.published is None:
        return _Res(None, None, DAY)
    word = " ".join((m["w"] or m["w2"]).lower().split())
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
        "this": 0,
        "last": -1,  # "last night" is the night before publication
    }[word]
    when = ctx.published + timedelta(days=offset)
    return _Res(when, when, DAY)


def _on_weekday(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    weekday = _weekday(m["wd"])
    if weekday is None:
        return None
    published = ctx.published
    if published is None:
        return _Res(None, None, DAY)
    rel = (m["rel"] or "").lower()
    rel = "coming" if rel.endswith("coming") else rel  # "this coming Friday"
    delta = weekday - published.weekday()
    strict = 7 if rel in ("last", "next") else 0  # "last Friday" on a Friday is a week ago
    if rel == "this":
        when = published + timedelta(days=delta)
    elif rel in ("next", "coming") or (ctx.future and rel != "last"):
        when = published + timedelta(days=delta % 7 or strict)
    else:
        when = published - timedelta(days=-delta % 7 or strict)
    if rel in ("last", "next") and abs((when - published).days) == 1:
        # The day before publication is "yesterday" or plain "Monday"; "last Monday" on a
        # Tuesday reaches back to the week before (and "next Wednesday" forward).
        when += timedelta(days=7 if rel == "next" else -7)
    return _Res(when, when, DAY)


def _on_weekend(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    published = ctx.published
    if published is None:
        return _Res(None, None, "week_part")
    rel = (m["rel"] or "").lower()
    if rel == "the":  # the most recent (or, in the future tense, the coming) weekend
        rel = "this" if ctx.future or published.weekday() >= 5 else "last"
    week = {"this": 0, "last": -1, "next": 1}[rel]
    start, end = _containing("weekend", published + timedelta(weeks=week))
    return _Res(start, end, "week_part")


def _on_relative_period(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    """this/last/next/past/coming + unit, with or without a count or "the"."""
    rel, unit = m["rel"].lower(), _unit(m["unit"])
    plural = m["unit"].lower().endswith("s")
    granularity = _UNIT_GRANULARITY.get(unit)
    if granularity is None or (rel in ("this", "current") and (m["n"] or plural)):
        return None
    count = _count(m["n"]) if m["n"] else (None if plural else 1)
    if not m["n"] and not plural and m["the"] and rel == "next":
        return None  # "the next day" counts from the story's last event, not publication
    if ctx.published is None or count is None:
        return _Res(None, None, granularity)
    published = ctx.published
    if rel in ("this", "current"):
        return _Res(*_containing(granularity, published), granularity)
    if not m["n"] and not m["the"] and rel in ("last", "next") and unit not in _PER_DAY:
        # "last week" is the previous calendar week, not the seven days before.
        step = -1 if rel == "last" else 1
        return _Res(*_containing(granularity, _shift(published, unit, step)), granularity)
    if unit in _PER_DAY:
        # The clock time of publication is unknown: cover every day the window touches.
        days = math.ceil(count / _PER_DAY[unit])
        back, ahead = published - timedelta(days=days), published + timedelta(days=days)
    else:
        back = _shift(published, unit, -count) + timedelta(days=1)
        ahead = _shift(published, unit, count) - timedelta(days=1)
    if rel in ("past", "last"):
        return _Res(back, published, granularity)
    return _Res(published, ahead, granularity)


def _on_earlier_later(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    unit = (m["unit"] or "day").lower()
    granularity = DAY if unit == "day" else f"{unit}_part"
    if ctx.published is None:
        return _Res(None, None, granularity)
    start, end = _containing(unit, ctx.published)
    if (m["el"] or m["el2"]).lower() == "earlier":
        return _Res(start, ctx.published, granularity)
    return _Res(ctx.published, end, granularity)


def _on_ago(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    unit = _unit(m["unit"])
    granularity = _UNIT_GRANULARITY.get(unit)
    if granularity is None:
        return None
    count = _count(m["n"])
    if ctx.published is None or count is None:
        return _Res(None, None, granularity)
    sign = 1 if m["dir"].lower().startswith("from") else -1
    return _Res(*_containing(granularity, _shift(ctx.published, unit, sign * count)), granularity)


def _on_duration(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    return _Res(None, None, DURATION)


def _narrow(base: _Res, word: str) -> _Res | None:
    """The early/mid/late part of a resolved unit, by the table in time_words.csv."""
    if base.granularity in (None, DURATION) or str(base.granularity).endswith("_part"):
        return None
    granularity = f"{base.granularity}_part"
    if base.start is None or base.end is None:
        return _Res(None, None, granularity)
    parts = _time_words().parts
    start, end = base.start, base.end
    if base.granularity == YEAR and (word, YEAR) in parts:
        first, last = parts[(word, YEAR)]
        return _Res(date(start.year, first, 1), _month_end(start.year, last), granularity)
    if base.granularity == MONTH and (word, MONTH) in parts:
        first, last = parts[(word, MONTH)]
        return _Res(start.replace(day=first), start.replace(day=min(last, end.day)), granularity)
    if base.granularity == DECADE and (word, DECADE) in parts:
        first, last = parts[(word, DECADE)]
        return _Res(date(start.year + first, 1, 1), date(start.year + last, 12, 31), granularity)
    if (word, "other") not in parts:
        return None
    first, last = parts[(word, "other")]  # thirds of any other unit, by days
    days = (end - start).days + 1
    return _Res(
        start + timedelta(days=round(days * (first - 1) / 3)),
        start + timedelta(days=round(days * last / 3) - 1),
        granularity,
    )


def _resolve_base(text: str, ctx: _Ctx) -> _Res | None:
    """A base period inside a larger expression; a bare unit ("the year") is the current one."""
    unit = text.lower().removeprefix("the ").strip()
    if unit in (WEEK, MONTH, YEAR, DECADE):
        if ctx.published is None:
            return _Res(None, None, unit)
        return _Res(*_containing(unit, ctx.published), unit)
    return _resolve_text(text, ctx)


def _on_part(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    base = _resolve_base(m["base"], ctx)
    return _narrow(base, (m["pw"] or m["pw2"]).lower()) if base else None


def _on_ordinal_part(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    """Resolve "the first half of 2016", "the third quarter of last year", "the last week
    of May"."""
    base = _resolve_base(m["base"], ctx)
    sub, ordinal = m["sub"].lower(), m["ord"].lower()
    wanted = MONTH if sub == "week" else YEAR
    if base is None or base.granularity != wanted:
        return None
    granularity = {"half": "year_part", "quarter": QUARTER, "week": WEEK}[sub]
    if base.start is None or base.end is None:
        return _Res(None, None, granularity)
    count = {"half": 2, "quarter": 4, "week": 4}[sub]
    index = {"first": 0, "second": 1, "third": 2, "fourth": 3}.get(ordinal, count - 1)
    if index >= count:
        return None
    if sub == "week":
        if ordinal in ("last", "final"):
            return _Res(base.end - timedelta(days=6), base.end, WEEK)
        start = base.start + timedelta(days=7 * index)
        return _Res(start, start + timedelta(days=6), WEEK)
    months = 12 // count
    start = _add_months(base.start, index * months)
    return _Res(start, _add_months(start, months) - timedelta(days=1), granularity)


@dataclass(slots=True)
class _Partial:
    """A range endpoint's fields; the other endpoint fills in the missing ones."""

    year: int | None
    month: int | None
    day: int | None


def _partial(text: str) -> _Partial | None:
    for pattern in _endpoint_patterns():
        m = pattern.fullmatch(text)
        if m is None:
            continue
        groups = m.groupdict()
        month = _month(groups["m"]) if groups.get("m") else None
        if groups.get("m") and month is None:
            return None
        return _Partial(
            int(groups["y"]) if groups.get("y") else None,
            month,
            _day_number(groups["d"]) if groups.get("d") else None,
        )
    return None


def _on_range(m: re.Match[str], ctx: _Ctx) -> _Res | None:
    """Resolve "between 2014 and 2016", "from June to August 2016", "4-6 December", "1990-91"."""
    a, b = _partial(m["a"]), _partial(m["b"])
    if a is None or b is None:
        return None
    if b.month is None and b.year is None and b.day is not None:
        if a.month is None and a.day is None and a.year is not None:
            # "2014-16": a two-digit second year.
            b = _Partial(a.year // 100 * 100 + b.day, None, None)
        elif a.day is not None:
            b.month = a.month  # "December 4-6"
        else:
            return None
    elif b.month is None and b.day is not None:
        b.month = a.month  # "December 4 - 6, 2016"
    if a.month is None and a.day is not None:
        a.month = b.month  # "4-6 December"
    if b.month is None and (a.month is not None or b.day is not None):
        return None  # "June to 2016" names no month to end on
    if a.month is None and a.year is None:
        return None
    levels = (DAY, MONTH, YEAR)
    granularity = levels[
        max(levels.index(DAY if p.day else MONTH if p.month else YEAR) for p in (a, b))
    ]
    if b.year is None:
        if a.year is not None:
            return None
        assert b.month is not None
        occurrence = _day_occurrence(b.month, b.day) if b.day else _month_occurrence(b.month)
        found = _yearly(occurrence, ctx, granularity)
        if found is None or found.start is None:
            return found
        b.year = found.start.year
    if a.year is None:
        assert a.month is not None and b.month is not None
        later = (a.month, a.day or 1) > (b.month, b.day or 31)
        a.year = b.year - 1 if later else b.year  # "December to February 2017"
    start = date(a.year, a.month or 1, a.day or 1)
    if b.day is not None:
        assert b.month is not None
        end = date(b.year, b.month, b.day)
    else:
        end = _month_end(b.year, b.month or 12)
    return _Res(start, end, granularity) if start <= end else None


# --- the grammar -------------------------------------------------------------------


def _degroup(pattern: str) -> str:
    """A pattern without its group names, to embed in a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_DMY_CORE = rf"(?P<d>{_DAY_RE})\s+(?:of\s+)?(?P<m>{_MONTH_RE}),?(?:\s+(?P<y>{_YEAR_RE}))?"
_MDY_CORE = rf"(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?"
# "Sunday, December 4", "Fri 07 Apr 2017", "Tuesday the 4th of April".
_DMY = rf"(?:{_WEEKDAY_RE},?\s+(?:the\s+)?)?{_DMY_CORE}"
_MDY = rf"(?:{_WEEKDAY_RE},?\s+)?{_MDY_CORE}"
_MONTH_YEAR = rf"(?P<m>{_MONTH_RE})(?:\s+of)?,?\s+(?P<y>{_YEAR_RE})"
_BARE_MONTH = rf"(?:(?P<rel>last|next|this)\s+)?(?P<m>{_FULL_MONTH})"
_BARE_YEAR = rf"(?P<y>{_YEAR_RE})"
_DECADE = r"(?:(?P<dec>1[0-9]{2}0|20[0-9]0)'?s|'(?P<short>[0-9]0)s)(?![a-z])"
_RELATIVE_BASE = r"(?:this|last|next)\s+(?:week|month|year|decade|quarter)(?![a-z])"


@cache
def _season_words() -> str:
    return _alternation(_time_words().seasons)


@cache
def _part_words() -> str:
    return _alternation({word for word, _ in _time_words().parts})


@cache
def _endpoint_patterns() -> tuple[re.Pattern[str], ...]:
    """Range endpoint forms, most specific first."""
    forms = (
        _DMY,  # "Friday March 27 2015" as well as "March 27 2015"
        _MDY,
        _MONTH_YEAR,
        rf"(?P<m>{_FULL_MONTH})",
        _BARE_YEAR,
        # A bare number: a day ("4-6 December") or a two-digit year ("1990-91").
        rf"(?P<d>\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+(?P<y>{_YEAR_RE}))?(?!\w)",
    )
    return tuple(re.compile(form, re.IGNORECASE) for form in forms)


@cache
def _rules() -> tuple[_Rule, ...]:
    """The grammar, compiled once: (name, pattern, handler, flags) per expression kind."""
    seasons = _season_words()
    season_year = (
        rf"(?P<s>{seasons})(?:\s+of)?\s+(?P<y>{_YEAR_RE})(?:\s*[/-]\s*(?P<y2>\d{{4}}|\d{{2}}))?"
        r"(?!\d)"
    )
    bare_season = rf"(?:(?P<rel>last|next|this)\s+)?(?P<s>{seasons})(?![a-z])(?!\s+of\b)"
    base = "|".join(
        _degroup(p)
        for p in (
            _MONTH_YEAR,
            season_year,
            _DECADE,
            _BARE_YEAR,
            _BARE_MONTH,
            bare_season,
            _RELATIVE_BASE,
            r"(?:week|month|year|decade)(?![a-z])",
        )
    )
    endpoint = "|".join(_degroup(p.pattern) for p in _endpoint_patterns())
    words = _part_words()
    count_unit = rf"{_HEDGE_RE}(?P<n>{_COUNT_RE})[\s-]+(?:more\s+)?(?P<unit>{_UNIT_RE})"
    specs: list[tuple[str, str, _Handler, str | None, dict[str, bool]]] = [
        # name, core pattern, handler, context required in search mode (None: none), flags
        (
            "iso",
            rf"(?P<y>{_YEAR_RE})-(?P<mo>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)",
            _on_iso,
            None,
            {"header": True},
        ),
        (
            "numeric",
            rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR_RE})",
            _on_numeric,
            None,
            {"header": True},
        ),
        ("dmy", _DMY, _on_day_month, None, {"header": True}),
        ("mdy", _MDY, _on_day_month, None, {"header": True}),
        # "Apr 152017": a scrape that lost the space between a two-digit day and the year.
        (
            "mdy_glued",
            rf"(?P<m>{_MONTH_RE})\s+(?P<d>0[1-9]|[12][0-9]|3[01])(?P<y>{_YEAR_RE})",
            _on_day_month,
            None,
            {"header": True},
        ),
        ("month_year", _MONTH_YEAR, _on_month_year, None, {}),
        (
            "month_of_relative_year",
            rf"(?P<m>{_FULL_MONTH})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![a-z])",
            _on_month_of_relative_year,
            None,
            {},
        ),
        ("month", _BARE_MONTH, _on_month, _CONTEXT_RE, {"weak": True}),
        ("decade", _DECADE, _on_decade, None, {}),
        ("year", _BARE_YEAR, _on_year, _CONTEXT_RE, {"weak": True}),
        ("season_year", season_year, _on_season_year, None, {}),
        ("season", bare_season, _on_season, _CONTEXT_RE, {"weak": True}),
        ("quarter", rf"Q(?P<q>[1-4])\s*(?P<y>{_YEAR_RE})", _on_quarter, None, {}),
        (
            "part",
            rf"(?:(?:the\s+)?(?:very\s+)?(?P<pw>{words})\s+of\s+(?:the\s+)?|(?P<pw2>{words})(?:-|\s+))"
            rf"(?P<base>{base})",
            _on_part,
            None,
            {},
        ),
        (
            "ordinal_part",
            r"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+"
            rf"(?P<sub>half|quarter|week)\s+of\s+(?:the\s+)?(?P<base>{base})",
            _on_ordinal_part,
            None,
            {},
        ),
        (
            "range_between",
            rf"between\s+(?P<a>{endpoint})\s+and\s+(?P<b>{endpoint})",
            _on_range,
            None,
            {},
        ),
        (
            "range_from",
            rf"from\s+(?P<a>{endpoint})(?:\s*[-–—]\s*|\s+(?:to|until|till|through)\s+)(?P<b>{endpoint})",
            _on_range,
            None,
            {},
        ),
        ("range_dash", rf"(?P<a>{endpoint})\s*[-–—]\s*(?P<b>{endpoint})", _on_range, None, {}),
        (
            "day_word",
            r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
            rf"|yesterday|tomorrow)(?![a-z]){_TIME_OF_DAY}"
            r"|(?P<w2>this|last)\s+(?:morning|afternoon|evening|night)(?![a-z])",
            _on_day_word,
            None,
            {"weak": True},
        ),
        (
            "weekday",
            rf"(?:(?P<rel>last|next|this(?:\s+coming)?|early|late|coming)\s+)?"
            rf"(?P<wd>{_alternation(calendar.day_name)})s?(?![a-z]){_TIME_OF_DAY}",
            _on_weekday,
            None,
            {"weak": True},
        ),
        ("weekend", r"(?P<rel>the|this|last|next)\s+weekend(?![a-z])", _on_weekend, None, {}),
        (
            "relative_period",
            rf"(?:(?P<the>the)\s+)?(?P<rel>this|current|past|last|next|coming)\s+"
            rf"(?:(?P<n>{_COUNT_RE})\s+)?(?P<unit>{_UNIT_RE}|quarters?(?![a-z]))"
            # "the last year of the war" is the story's, not the calendar's
            r"(?!\s+of\b)",
            _on_relative_period,
            None,
            {},
        ),
        (
            "earlier_later",
            r"(?P<el>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)(?![a-z])"
            r"|(?P<el2>earlier|later)\s+today(?![a-z])",
            _on_earlier_later,
            None,
            {},
        ),
        ("ago", rf"{count_unit}\s+(?P<dir>ago|from\s+now)(?![a-z])", _on_ago, None, {}),
        (
            "duration",
            # "a 20-year-old" is an age; "a year on," and "two days later" are durations.
            rf"{count_unit}(?![\s-]*old(?![a-z]))(?:[\s-]+long(?![a-z]))?"
            r"(?:\s+(?:later|earlier|on(?=\s*[,.;:!?)]|\s*$))(?![a-z]))?",
            _on_duration,
            None,
            {"weak": True},
        ),
    ]
    rules = [
        _Rule(
            name=name,
            core=re.compile(core, re.IGNORECASE),
            search=re.compile(
                rf"(?<!\w)(?:{context})(?P<x>{core})" if context else rf"(?<!\w)(?:{core})",
                re.IGNORECASE,
            ),
            handler=handler,
            **flags,
        )
        for name, core, handler, context, flags in specs
    ]
    # Bare plural units ("for years", "decades of war") only when the NER marks them.
    rules.append(
        _Rule(
            "plural_units",
            re.compile(r"(?:hours|days|weeks|months|years|decades)", re.IGNORECASE),
            None,
            _on_duration,
        )
    )
    return tuple(rules)


# --- resolution --------------------------------------------------------------------


def _apply(rule: _Rule, m: re.Match[str], ctx: _Ctx) -> _Res | None:
    try:
        return rule.handler(m, ctx)
    except ValueError:  # a day no month has: not a date
        return None
    except OverflowError:  # a time expression, but beyond year 1..9999: keep it unresolved
        return _Res(None, None, None)


def _resolve_text(text: str, ctx: _Ctx) -> _Res | None:
    """Resolve a whole span of text by the first grammar rule that matches all of it."""
    for rule in _rules():
        m = rule.core.fullmatch(text)
        if m is not None and (found := _apply(rule, m, ctx)) is not None:
            return found
    return None


@lru_cache(maxsize=64)
def _date_parser(published: date) -> DateDataParser:
    # One parser per publication date: RELATIVE_BASE is a parser setting.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.combine(published, time()),
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _dateparser_fallback(text: str, published: date) -> _Res | None:
    """Ask dateparser about an NER span the grammar does not know."""
    data = _date_parser(published).get_date_data(text)
    when = data.date_obj
    # A clock time means dateparser read digits as a time ("the 1990s" -> 23:26:50).
    if when is None or when.time() != time():
        return None
    granularity = {"week": WEEK, "month": MONTH, "year": YEAR}.get(data.period, DAY)
    return _Res(*_containing(granularity, when.date()), granularity)


def _points_forward(doc: Doc, start: int, end: int) -> bool:
    """Whether a span points ahead: a planning word just before it ("scheduled for
    April 10") or its governing verb in the future tense ("will attack in May")."""
    if _time_words().forward.search(doc.text, max(0, start - 40), start):
        return True
    if not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(8):  # a few steps up the tree reach the governing verb
        if token.pos_ in ("VERB", "AUX"):
            auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in _FUTURE_AUX for a in auxes):
                return True
            if not any(a.lower_ == "to" for a in auxes):
                return False
            if token.head.lower_ == "going":  # "going to attack"
                return True
        if token.head is token:
            return False
        token = token.head
    return False


def _not_a_time(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether a span the grammar reads as a time is something else.

    A bare four-digit number may be a count, a label or a clock time
    (:func:`_number_not_year`). "Tuesdays" is every Tuesday ("on Tuesdays"), unless it
    modifies the noun after it: "Tuesdays attack" is "Tuesday's attack" with the
    apostrophe lost, as in text scraped without apostrophes.
    """
    span = text[start:end]
    if span.isdigit():
        return _number_not_year(doc, text, start, end)
    plural = _PLURAL_WEEKDAY.search(span)
    if plural is None:
        return False
    tokens = doc.char_span(start + plural.start(), start + plural.end())
    if tokens is None or len(tokens) != 1:
        return True
    token = tokens[0]
    return not (token.dep_ in ("compound", "poss", "nmod") and token.head.i > token.i)


def _number_not_year(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number is a count, a label or a clock time, not a year.

    "In 2000 homes" counts homes (the NER calls it a DATE), and so does "from 2000 to a
    few hundred"; "the 2016 elections" names a year, so a determiner or possessive before
    the number keeps it. "Resolution 2254" and "flight 1549" are labels: a number right
    after the common noun it belongs to, and before no noun of its own ("a lightning
    2014 campaign" names a year). "At 1430 GMT" is a time of day.
    """
    if _CLOCK_BEFORE.search(text[max(0, start - 8) : start]) or _CLOCK_AFTER.match(text, end):
        return True
    if _COUNT_AFTER.match(text, end) or _COUNT_BEFORE.search(text[max(0, start - 30) : start]):
        return True
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return False
    token = span[0]
    head = token.head
    if (
        token.dep_ in ("nummod", "appos", "compound")
        and head.i == token.i - 1
        and head.tag_ == "NN"
        and (token.i + 1 == len(doc) or doc[token.i + 1].pos_ not in ("NOUN", "PROPN"))
    ):
        return True
    if token.dep_ != "nummod" or head.tag_ not in ("NNS", "NNPS"):
        return False
    return token.i == 0 or doc[token.i - 1].tag_ not in ("DT", "PRP$", "POS")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the quotes, spaces and punctuation an NER span may carry at either end."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    res: _Res
    from_grammar: bool


def _grammar_candidates(doc: Doc, text: str, published: date | None) -> list[_Candidate]:
    # Time words inside names ("The Sunday Times", "Theresa May") are not times.
    in_name = bytearray(len(text))
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            in_name[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    found = []
    for rule in _rules():
        if rule.search is None:
            continue
        for m in rule.search.finditer(text):
            start, end = m.span("x") if "x" in rule.search.groupindex else m.span()
            if rule.weak and any(in_name[start:end]):
                continue
            if _not_a_time(doc, text, start, end):
                continue
            ctx = _Ctx(published, future=_points_forward(doc, start, end))
            if (res := _apply(rule, m, ctx)) is not None:
                found.append(_Candidate(start, end, res, True))
    return found


def _resolve_span(text: str, start: int, end: int, ctx: _Ctx) -> tuple[bool, _Res | None]:
    """Resolve ``text[start:end]`` in full: (whether some rule knows the form, result).

    The rule must also match the document from ``start`` without going past ``end``,
    so that its look-aheads see the words after the span: in "the last year of the
    war" the NER's "the last year" is the story's year, not the calendar's.
    """
    known = False
    for rule in _rules():
        full = rule.core.fullmatch(text, start, end)
        if full is None:
            continue
        known = True
        ahead = rule.core.match(text, start)
        if ahead is None or ahead.end() > end:
            continue
        if (found := _apply(rule, full, ctx)) is not None:
            return True, found
    return known, None


def _entity_candidates(doc: Doc, text: str, published: date | None) -> list[_Candidate]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if _not_a_time(doc, text, start, end):
            continue
        ctx = _Ctx(published, future=_points_forward(doc, start, end))
        # Try the span as it is, then without a leading "the" ("the summer of 2016").
        the = re.match(r"the\s+", text[start:end], re.IGNORECASE)
        known = False
        for begin in (start, start + the.end()) if the else (start,):
            known_here, res = _resolve_span(text, begin, end, ctx)
            known = known or known_here
            if res is not None:
                found.append(_Candidate(begin, end, res, True))
                break
        else:
            # dateparser only for forms the grammar does not know, never to overrule it.
            span = text[start:end]
            if (
                not known
                and ent.label_ == "DATE"
                and published is not None
                and _CUE.search(span)
                and (res := _dateparser_fallback(span, published)) is not None
            ):
                found.append(_Candidate(start, end, res, False))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: grammar before dateparser, then longest first."""
    ranked = sorted(candidates, key=lambda c: (not c.from_grammar, c.start - c.end, c.start))
    taken = bytearray(max((c.end for c in candidates), default=0))
    chosen: list[_Candidate] = []
    for cand in ranked:
        if not any(taken[cand.start : cand.end]):
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def extract_times(doc: Doc, published: date | None) -> list[TimeExpression]:
    """Find the time expressions in an annotated document and resolve them.

    ``published`` anchors relative expressions ("last week", "November 27"); without
    it only absolute dates get dates. Offsets are character offsets into ``doc.text``;
    the intervals, granularities and conventions are described in the module docstring.
    """
    if isinstance(published, datetime):  # a datetime would leak clock times into the ISO dates
        published = published.date()
    text = doc.text  # built from the tokens on each access
    candidates = _grammar_candidates(doc, text, published)
    candidates += _entity_candidates(doc, text, published)
    return [
        TimeExpression(
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            start_date=c.res.start.isoformat() if c.res.start else None,
            end_date=c.res.end.isoformat() if c.res.end else None,
            granularity=c.res.granularity,
        )
        for c in _select(candidates)
    ]


def find_header_date(text: str) -> date | None:
    """The publication date printed in a report's header, if there is a full one.

    The header is the first 200 characters or the first three non-blank lines,
    whichever is longer (at most 400 characters). The first date there with a day,
    month and year counts ("DEBKAfile Exclusive Report December 6, 2016", "Fri 07 Apr
    2017 at 0914 ..."), unless a preposition shows it is the date of an event
    ("On 12 February 2015, fighters ...") rather than of the report.
    """
    lines = islice(re.finditer(r"[^\n]*\S[^\n]*", text), _HEADER_LINES)
    ends = [m.end() for m in lines]
    header = text[: min(max(_HEADER_CHARS, ends[-1] if ends else 0), _HEADER_MAX_CHARS)]
    ctx = _Ctx(None)
    found: list[tuple[int, date]] = []
    for rule in _rules():
        if not rule.header or rule.search is None:
            continue
        for m in rule.search.finditer(header):
            before = header[header.rfind("\n", 0, m.start()) + 1 : m.start()]
            if _NOT_AFTER_HEADER.search(before) and not _PUBLISHED_CUE.search(before):
                continue
            res = _apply(rule, m, ctx)
            if res is not None and res.start is not None and res.granularity == DAY:
                found.append((m.start(), res.start))
                break
    return min(found)[1] if found else None
