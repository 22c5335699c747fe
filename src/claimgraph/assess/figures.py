"""Figures compared: do two reports' numbers for the same thing agree?

Each figure is read as the set of numbers it allows (a :class:`Reading`): a plain "86"
allows 86 only; "at least 70" any number from 70 up; "more than 70" anything above 70;
"no more than 50" anything up to 50; "about 100" 90 to 110; "70 to 100" that range;
"dozens" 24 to 99 (the literal range the quantities extractor reads from
``vague_numbers.csv``). How far a hedge reaches is in ``data/figure_tolerances.csv``,
which users may adjust. Two figures then:

* agree when they allow the same numbers ("86" and "86", "about 100" and "around 100");
* are compatible (compatible but of different precision) when what they allow overlaps
  but differs: "at least 70" and "86" (86 ≥ 70), "about 100" and "95", "dozens" and
  "58". Neither says the other is wrong; one is vaguer;
* contradict when no number satisfies both: 70 and 100, "at least 70" and "50";
* or one updates the other: a running toll (the dead, the wounded) only rises as bodies
  are found and counted, so where the later report's figure lies wholly above the
  earlier one's, the later overtakes it rather than contradicting it ("70" on 4 April,
  "86" on 5 April). A later figure below an earlier one is a contradiction: a toll does
  not fall. Figures published the same day, or undated, cannot be ordered.

The caller decides that two figures are about the same thing (the same event, the same
group of people); comparing a change ("rose by 5") with a level, or figures in different
units, is refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from claimgraph.data import read_rows
from claimgraph.records import CasualtyFigure, Extraction, Quantity

AGREE = "agree"
COMPATIBLE = "compatible"  # compatible but of different precision
CONTRADICT = "contradict"
UPDATE = "update"

# Counts that only grow as they are tallied, so a later, higher figure is an update.
# Displaced and detained people go home or are freed, so those counts can fall.
RISING_CATEGORIES = frozenset({"KILL", "WOUND"})
CHANGE_COMPARATORS = frozenset({"up", "down"})
TOLERANCE_FILE = "figure_tolerances.csv"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far a hedged number reaches: shares of it below and above (None: no end),
    and the least reach in units on a side that reaches at all."""

    below: float | None
    above: float | None
    at_least: float = 0.0


@cache
def default_tolerances() -> dict[str, Tolerance]:
    """The tolerances of ``data/figure_tolerances.csv``, by hedge word or comparator."""

    def share(text: str) -> float | None:
        return float(text) if text else None

    return {
        row["hedge"].lower(): Tolerance(
            share(row["below"]), share(row["above"]), float(row["at_least"] or 0)
        )
        for row in read_rows(TOLERANCE_FILE)
    }


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as compared: the words, the numbers, the hedge, who gave it and when.

    ``value``, ``low``, ``high``, ``comparator`` and ``approx`` follow
    :class:`~claimgraph.records.Quantity`. ``rising`` marks a running toll that only
    grows as it is counted (see :data:`RISING_CATEGORIES`).
    """

    text: str
    value: float | None
    low: float | None = None
    high: float | None = None
    comparator: str = "="
    approx: str | None = None
    unit: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date
    rising: bool = False

    @classmethod
    def from_quantity(
        cls, quantity: Quantity, source: str | None = None, published: str | None = None
    ) -> Figure:
        """A quantity as a figure, a running toll where its category is one."""
        return cls(
            quantity.text,
            quantity.value,
            quantity.low,
            quantity.high,
            quantity.comparator or "=",
            quantity.approx,
            quantity.unit,
            source,
            published,
            rising=quantity.category in RISING_CATEGORIES,
        )

    @classmethod
    def from_casualty(cls, figure: CasualtyFigure, extraction: Extraction) -> Figure:
        """A report's casualty figure (a running toll), with the report's source and date.

        A total added up from parts reads as its parts joined with "+", hedged the way
        its parts are: "at least" where any part is a floor and none a ceiling.
        """
        document = extraction.document
        indexes = [figure.quantity] if figure.quantity is not None else figure.parts
        parts = [extraction.quantities[i] for i in indexes]
        return cls(
            " + ".join(q.text for q in parts) or figure.sentence.text,
            figure.value,
            figure.low,
            figure.high,
            _joint_comparator([q.comparator or "=" for q in parts]),
            parts[0].approx if len(parts) == 1 else None,
            parts[0].unit if parts else None,
            document.source,
            document.published,
            rising=True,
        )

    @property
    def cited(self) -> str:
        """The figure's words and its source: "'at least 70' (Reuters)"."""
        return f"'{self.text}' ({self.source})" if self.source else f"'{self.text}'"


def _joint_comparator(comparators: list[str]) -> str:
    """The comparator of a sum of parts: exact only where every part is."""
    kinds = set(comparators)
    if kinds <= {"="}:
        return "="
    if kinds <= {"=", ">=", ">"}:
        return ">="
    if kinds <= {"=", "<=", "<"}:
        return "<="
    return "~"


@dataclass(frozen=True, slots=True)
class Reading:
    """The numbers a figure allows: from ``low`` to ``high``, each end open or not."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def intersection(self, other: Reading) -> Reading:
        """The numbers both allow: empty (low above high, or a point with an open end)
        where they do not overlap."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        return Reading(
            low,
            high,
            (self.low == low and self.low_open) or (other.low == low and other.low_open),
            (self.high == high and self.high_open) or (other.high == high and other.high_open),
        )

    def overlaps(self, other: Reading) -> bool:
        """Whether some number is allowed by both."""
        common = self.intersection(other)
        return common.low < common.high or (
            common.low == common.high and not common.low_open and not common.high_open
        )

    @property
    def single(self) -> float | None:
        """The one number allowed, where there is only one."""
        return self.low if self.low == self.high else None

    def describe(self) -> str:
        """The reading in words: "86", "70 or more", "90 to 110", "below 50"."""
        if self.single is not None:
            return _number(self.low)
        if math.isinf(self.high):
            return (
                f"more than {_number(self.low)}"
                if self.low_open
                else f"{_number(self.low)} or more"
            )
        if math.isinf(self.low):
            return (
                f"below {_number(self.high)}" if self.high_open else f"up to {_number(self.high)}"
            )
        return f"{_number(self.low)} to {_number(self.high)}"


def _number(value: float) -> str:
    """A number as a reader writes it: "1,300", "86", "2.5"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"


def read_figure(figure: Figure, tolerances: Mapping[str, Tolerance] | None = None) -> Reading:
    """The numbers a figure allows, its hedge widened by the tolerances."""
    table = default_tolerances() if tolerances is None else tolerances
    number = figure.value if figure.value is not None else figure.low
    if number is None:
        raise ValueError(f"the figure {figure.text!r} has no number")
    low = figure.low if figure.low is not None else number
    high = figure.high if figure.high is not None else number
    comparator = figure.comparator
    if comparator in CHANGE_COMPARATORS:
        raise ValueError(f"{figure.text!r} is a change, not a level: compare levels only")
    low_open, high_open = comparator == ">", comparator == "<"
    if low < high:  # a stated range or a vague word: as stated, only its open side lifted
        if comparator in (">=", ">"):
            return Reading(low, math.inf, low_open=low_open)
        if comparator in ("<=", "<"):
            return Reading(-math.inf, high, high_open=high_open)
        return Reading(low, high)
    tolerance = table.get((figure.approx or "").lower()) or table.get(comparator) or table["="]
    below = math.inf if tolerance.below is None else _reach(number, tolerance.below, tolerance)
    above = math.inf if tolerance.above is None else _reach(number, tolerance.above, tolerance)
    return Reading(number - below, number + above, low_open, high_open)


def _reach(number: float, share: float, tolerance: Tolerance) -> float:
    return max(abs(number) * share, tolerance.at_least) if share > 0 else 0.0


@dataclass(frozen=True, slots=True)
class FigureComparison:
    """How two figures stand: agree, compatible, contradict or update, and why.

    For an update, ``first`` is the earlier figure and ``second`` the later one.
    """

    relation: str
    evidence: str
    first: Figure
    second: Figure


def compare_figures(
    first: Figure, second: Figure, tolerances: Mapping[str, Tolerance] | None = None
) -> FigureComparison:
    """The relation between two figures about the same thing, with a one-sentence reason
    that cites both ("'at least 70' (Reuters) is consistent with '86' (SANA): 86 ≥ 70.")."""
    if first.unit != second.unit:
        raise ValueError(f"{first.text!r} and {second.text!r} are in different units")
    a, b = read_figure(first, tolerances), read_figure(second, tolerances)
    if a == b:
        both = "both give " + a.describe()
        return FigureComparison(
            AGREE, f"{first.cited} agrees with {second.cited}: {both}.", first, second
        )
    if a.overlaps(b):
        why = _why_compatible(first, a, second, b)
        evidence = f"{first.cited} is consistent with {second.cited}: {why}."
        return FigureComparison(COMPATIBLE, evidence, first, second)
    ordered = _in_order(first, second)
    lower_first = a.high <= b.low
    tolls = ordered is not None and first.rising and second.rising
    if tolls and ordered is not None and lower_first == (ordered[1] is second):
        earlier, later = ordered  # the later toll is the higher one
        low, high = (a, b) if lower_first else (b, a)
        evidence = (
            f"{later.cited} of {later.published} updates {earlier.cited} of "
            f"{earlier.published}: a toll rises as it is counted, and the later figure "
            f"is higher ({_gap(low, high)})."
        )
        return FigureComparison(UPDATE, evidence, earlier, later)
    lower, upper = ((first, a), (second, b)) if lower_first else ((second, b), (first, a))
    evidence = (
        f"{first.cited} contradicts {second.cited}: {_gap(lower[1], upper[1])}"
        f"{_readings(lower, upper)}"
        + (", and a toll does not fall with later reporting." if tolls else ".")
    )
    return FigureComparison(CONTRADICT, evidence, first, second)


def _in_order(first: Figure, second: Figure) -> tuple[Figure, Figure] | None:
    """The two figures as (earlier, later), or None where they cannot be ordered."""
    if not first.published or not second.published or first.published == second.published:
        return None
    return (first, second) if first.published < second.published else (second, first)


def _why_compatible(first: Figure, a: Reading, second: Figure, b: Reading) -> str:
    """Why two overlapping readings are consistent: "86 ≥ 70", "90 ≤ 95 ≤ 110"."""
    for point, other in ((a.single, b), (b.single, a)):
        if point is not None:
            return _within(point, other)
    common = a.intersection(b)
    return f"both allow {common.describe()}{_readings((first, a), (second, b))}"


def _within(point: float, reading: Reading) -> str:
    """A number's place in a reading, as an inequality."""
    value = _number(point)
    low_sign, high_sign = ("<" if reading.low_open else "≤"), ("<" if reading.high_open else "≤")
    if math.isinf(reading.high):
        return f"{value} {'>' if reading.low_open else '≥'} {_number(reading.low)}"
    if math.isinf(reading.low):
        return f"{value} {'<' if reading.high_open else '≤'} {_number(reading.high)}"
    return f"{_number(reading.low)} {low_sign} {value} {high_sign} {_number(reading.high)}"


def _gap(lower: Reading, upper: Reading) -> str:
    """Why two readings do not meet: "70 < 100", or "more than 70 excludes 70"."""
    if lower.high < upper.low:
        return f"{_number(lower.high)} < {_number(upper.low)}"
    shared = _number(upper.low)
    return f"{upper.describe() if upper.low_open else lower.describe()} excludes {shared}"


def _readings(*figures: tuple[Figure, Reading]) -> str:
    """How hedged single numbers were read, where a tolerance widened them."""
    widened = [
        f"'{figure.text}' read as {reading.describe()}"
        for figure, reading in figures
        if reading.single is None
        and not math.isinf(reading.low)
        and not math.isinf(reading.high)
        and (figure.low is None or figure.high is None or figure.low == figure.high)
    ]
    return f" ({'; '.join(widened)})" if widened else ""
