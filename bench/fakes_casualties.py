"""Casualties per report on FA-KES: claimgraph's killed figures against the annotators'.

    python -m bench.fakes_casualties [--data ../shared/data/fa-kes/fa-kes-dev.csv] [--errors N]

FA-KES (Salem, Al Feel, Elbassuoni, Jaber, Farah: "FA-KES: A Fake News Dataset around
the Syrian War", ICWSM 2019) gives each report (``article_content``) the number of
people its main event killed, as crowd annotators read them from the text:
``nb_civilians``, ``nb_children``, ``nb_women`` and ``nb_noncivilians``, integers with
"0" for none found. The reports go through the project pipeline (``run_extract``, the
CSV read as ``claimgraph extract`` reads it: ``unit_id`` is the document id) and each
extraction's ``casualties.killed`` is compared with its row.

How the annotators counted, read from the data: ``nb_civilians`` is every non-combatant
dead of the main event, children and women included (it is at least ``nb_children`` and
``nb_women`` in all but a few rows), and a report's "six people" or "22 dead" counts as
six or 22 civilians ("A bomb blast killed six people" -> 6). claimgraph's own
``civilians`` is only what the report calls civilians (a total of "people" stays in
``total``), so the civilians compared here are read the annotators' way:

* the report's civilians figure where it gives one;
* else its total, less its combatants where it gives those ("40 dead ... two
  civilians" gives 2, "at least 70 ... 70 fighters" gives none); a vague total
  ("dozens") gives no count;
* else children plus women where it gives either.

A second line shows claimgraph's civilians field as it stands. ``nb_children`` and
``nb_women`` are compared with ``children`` and ``women``, ``nb_noncivilians`` with
``combatants``. A figure equals the annotators' when its value is the same number.
Goals: the civilians figure equals the annotators' in at least 80% of the rows where
they found civilians dead (nb_civilians > 0), and the report gets no civilians figure in
at least 85% of the rows where they found none (nb_civilians == 0).

FA-KES annotated some reports more than once, with different numbers: rows that repeat
a ``unit_id`` with the same text are one document to the pipeline, so each such row is
scored against that one extraction (and at most one of its readings can match). A row
whose report was not extracted is scored as getting no figure. ``--errors N`` prints the
first N rows (in file order) where the civilians figure differs: title, the annotators'
numbers, ours and the sentence it came from.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.headline import DataMissing, Headline
from claimgraph.ingest import IngestOptions
from claimgraph.pipeline import Extractor, SilentReporter, run_extract
from claimgraph.records import CasualtyCounts, CasualtyFigure, Extraction

CITATION = (
    'Salem, Al Feel, Elbassuoni, Jaber, Farah, "FA-KES: A Fake News Dataset around the '
    'Syrian War", ICWSM 2019'
)
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"
GOAL_EXACT = 0.80  # of rows with nb_civilians > 0: our civilians figure equals theirs
GOAL_NONE = 0.85  # of rows with nb_civilians == 0: no civilians figure of ours


@dataclass(frozen=True)
class Reading:
    """One compared field: the annotators' column and our figure for it."""

    name: str
    column: str
    ours: Callable[[CasualtyCounts], tuple[float | None, CasualtyFigure | None]]


@dataclass
class Tally:
    """One field's confusion: rows with a gold figure, and rows without."""

    exact: int = 0
    different: int = 0
    missing: int = 0
    none: int = 0
    some: int = 0
    unreadable: int = 0
    mismatches: list[tuple[dict[str, str], float | None, CasualtyFigure | None]] = field(
        default_factory=list
    )

    def add(
        self, row: dict[str, str], gold: int, ours: float | None, figure: CasualtyFigure | None
    ) -> None:
        """Count one row's comparison."""
        if gold > 0:
            if ours is None:
                self.missing += 1
            elif ours == gold:
                self.exact += 1
            else:
                self.different += 1
        elif ours is None:
            self.none += 1
        else:
            self.some += 1
        if ours != (gold or None):
            self.mismatches.append((row, ours, figure))

    @property
    def exact_share(self) -> float:
        """Of the rows with a gold figure, the share where ours equals it."""
        positive = self.exact + self.different + self.missing
        return self.exact / positive if positive else 0.0

    @property
    def none_share(self) -> float:
        """Of the rows without a gold figure, the share where we give none either."""
        negative = self.none + self.some
        return self.none / negative if negative else 0.0


def _figure(figure: CasualtyFigure | None) -> tuple[float | None, CasualtyFigure | None]:
    return (None if figure is None else figure.value), figure


def annotators_civilians(killed: CasualtyCounts) -> tuple[float | None, CasualtyFigure | None]:
    """Our civilians as FA-KES counts them: non-combatant dead (see the module docstring)."""
    if killed.civilians is not None:
        return _figure(killed.civilians)
    total = killed.total
    if total is not None and total.value is not None and total.low == total.high:
        combatants = killed.combatants.value if killed.combatants else None
        rest = total.value - (combatants or 0.0)
        return (rest, total) if rest > 0 else (None, None)
    parts = [f for f in (killed.children, killed.women) if f is not None and f.value is not None]
    if parts:
        return sum(f.value or 0.0 for f in parts), parts[0]
    return None, None


READINGS = (
    Reading("civilians", "nb_civilians", annotators_civilians),
    Reading("civilians as named", "nb_civilians", lambda k: _figure(k.civilians)),
    Reading("children", "nb_children", lambda k: _figure(k.children)),
    Reading("women", "nb_women", lambda k: _figure(k.women)),
    Reading("combatants", "nb_noncivilians", lambda k: _figure(k.combatants)),
)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The CSV rows, as the annotators left them."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return list(csv.DictReader(handle))


def extract_all(path: Path) -> dict[str, Extraction]:
    """Every report of the CSV through the project pipeline, by document id (unit_id)."""
    extractions, _summary = run_extract([str(path)], IngestOptions(), Extractor(), SilentReporter())
    return {extraction.document.id: extraction for extraction in extractions}


def score(rows: list[dict[str, str]], extractions: dict[str, Extraction]) -> dict[str, Tally]:
    """Each reading's confusion over all rows."""
    tallies = {reading.name: Tally() for reading in READINGS}
    for row in rows:
        extraction = extractions.get(row["unit_id"])
        casualties = extraction.casualties if extraction is not None else None
        killed = casualties.killed if casualties is not None else CasualtyCounts()
        for reading in READINGS:
            tally = tallies[reading.name]
            gold = (row.get(reading.column) or "").strip()
            if not gold.isdigit():
                tally.unreadable += 1
                continue
            tally.add(row, int(gold), *reading.ours(killed))
    return tallies


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_table(tallies: dict[str, Tally]) -> None:
    """The confusion of each field, rows with a gold figure and rows without."""
    print(
        f"{'killed':20s} {'gold>0':>6s} {'exact':>13s} {'ours different':>14s} "
        f"{'ours none':>9s} | {'gold=0':>6s} {'ours none':>15s} {'ours some':>9s}"
    )
    for reading in READINGS:
        t = tallies[reading.name]
        positive = t.exact + t.different + t.missing
        negative = t.none + t.some
        print(
            f"{reading.name:20s} {positive:6d} {t.exact:6d} {_pct(t.exact, positive)} "
            f"{t.different:14d} {t.missing:9d} | {negative:6d} {t.none:8d} "
            f"{_pct(t.none, negative)} {t.some:9d}"
        )
    unreadable = {name: t.unreadable for name, t in tallies.items() if t.unreadable}
    if unreadable:
        print(f"rows left out for a gold value that is not a whole number: {unreadable}")


def print_goals(tally: Tally) -> None:
    """The two goals on civilians, with the figures beside them."""
    for label, got, goal in (
        ("civilians equal to the annotators' where they found some", tally.exact_share, GOAL_EXACT),
        ("no civilians figure where they found none", tally.none_share, GOAL_NONE),
    ):
        verdict = "met" if got >= goal else "NOT met"
        print(f"goal: {label}: {100 * got:.1f}% (goal >= {100 * goal:.0f}%) {verdict}")


def print_errors(tally: Tally, limit: int, extractions: dict[str, Extraction]) -> None:
    """The first ``limit`` rows where our civilians figure differs from the annotators'."""
    shown = tally.mismatches[:limit]
    print(f"\n== {len(shown)} of {len(tally.mismatches)} civilians mismatches, in file order")
    for row, ours, figure in shown:
        gold = ", ".join(
            f"{column.removeprefix('nb_')} {row.get(column, '?')}"
            for column in ("nb_civilians", "nb_children", "nb_women", "nb_noncivilians")
        )
        print(f"- {row.get('article_title', '').strip()[:100]} [{row['unit_id']}]")
        print(f"    gold: {gold}")
        extraction = extractions.get(row["unit_id"])
        if extraction is None:
            print("    ours: (report not extracted)")
            continue
        print(f"    ours: {'none' if ours is None else f'{ours:g}'}")
        if figure is not None:
            quantity = (
                extraction.quantities[figure.quantity].text if figure.quantity is not None else "+"
            )
            print(f"    from: {quantity!r} in {_short(figure.sentence.text)!r}")


def _short(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def headlines(data: Path = DEFAULT_DATA) -> list[Headline]:
    """The two goals on killed civilians, for ``python -m bench.extraction``."""
    if not data.is_file():
        raise DataMissing(f"FA-KES data not found at {data}")
    tallies = score(read_rows(data), extract_all(data))
    ours, named = tallies["civilians"], tallies["civilians as named"]
    where = "FA-KES dev, annotators' reading (tuned on it)"
    return [
        Headline(
            "2 casualties",
            f"killed civilians equal where the annotators found some, {where}",
            100 * ours.exact_share,
            100 * GOAL_EXACT,
            peers=f"our civilians field alone {100 * named.exact_share:.1f}",
            unit="%",
        ),
        Headline(
            "2 casualties",
            f"no killed-civilians figure where they found none, {where}",
            100 * ours.none_share,
            100 * GOAL_NONE,
            peers=f"our civilians field alone {100 * named.none_share:.1f}",
            unit="%",
        ),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    """Extract the FA-KES reports and print the comparison with the annotators."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="FA-KES CSV file")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N mismatches")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: FA-KES data not found at {args.data}")
        return
    rows = read_rows(args.data)
    extractions = extract_all(args.data)
    repeats = Counter(row["unit_id"] for row in rows)
    repeated = sum(n - 1 for n in repeats.values() if n > 1)
    missing = sum(1 for row in rows if row["unit_id"] not in extractions)
    print(f"FA-KES {args.data.name} ({CITATION})")
    print(
        f"{len(rows)} rows, {len(repeats)} reports, {len(extractions)} extracted; {repeated} "
        f"rows repeat a report annotated again with other numbers and are scored against its "
        f"one extraction" + (f"; {missing} rows' reports not extracted" if missing else "")
    )
    print(
        "civilians: the annotators' reading of ours (civilians, else total less combatants, "
        "else children + women); civilians as named: our civilians field alone"
    )
    print()
    tallies = score(rows, extractions)
    print_table(tallies)
    print()
    print_goals(tallies["civilians"])
    if args.errors > 0:
        print_errors(tallies["civilians"], args.errors, extractions)


if __name__ == "__main__":
    main()
