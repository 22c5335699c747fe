"""Time expressions against a hand-annotated gold set (goal: at least 90% resolved correctly).

    python -m bench.dates [--errors]

Reads ``tests/data/time_gold.jsonl`` (in the repository, so nothing from ../shared is
needed), runs ``extract_times(nlp(sentence), published)`` on each annotated sentence and
prints the share of expressions resolved correctly, overall, per source group (the two
Mosul reports, the FA-KES sample) and per gold granularity, with the goal beside each.
``--errors`` lists every failure, gold against what was predicted over its span.

How the gold set was made and which conventions it follows: ``tests/data/README.md``.

Scoring, per gold line:

* an expression with a granularity is correct when some predicted expression overlaps
  its span and has the same start date, end date and granularity (a gold line with a
  granularity and no dates, such as a duration or an ambiguous "04-09-2014", needs a
  prediction with no dates and that granularity);
* an expression with no granularity (a named or vague period, an anaphor: "the Second
  World War", "recent weeks", "at that time") is correct when nothing overlapping it
  was given dates: being skipped and being found without dates are both right;
* a negative ("no more than one tenth", "between 500 and 1300") is correct when no
  predicted expression overlaps it at all. Negatives are reported apart and are not
  part of the accuracy.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from bench.gold import DATA, GoldSpan, read_gold, share
from bench.headline import Headline
from claimgraph.annotate import load_pipeline
from claimgraph.extract.times import extract_times
from claimgraph.records import TimeExpression

GOLD = DATA / "time_gold.jsonl"
GOAL = 0.9
UNRESOLVED = "(no dates)"  # the group of gold lines with no granularity


@dataclass(frozen=True, slots=True)
class GoldItem(GoldSpan):
    """One annotated expression (or negative) in its sentence."""

    published: str | None
    start_date: str | None = None
    end_date: str | None = None
    granularity: str | None = None
    negative: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A gold line, whether the prediction got it right, and what overlapped it."""

    item: GoldItem
    correct: bool
    overlapping: tuple[TimeExpression, ...]


def load_gold(path: Path = GOLD) -> list[GoldItem]:
    """The gold lines, checked: each ``text`` must stand at its ``offset``."""
    return read_gold(path, GoldItem)


def predict(
    nlp: Language, items: Iterable[GoldItem]
) -> dict[tuple[str, str | None], list[TimeExpression]]:
    """The extractor's expressions for each distinct (sentence, publication date)."""
    keys = list(dict.fromkeys((item.sentence, item.published) for item in items))
    docs = nlp.pipe(sentence for sentence, _published in keys)
    return {
        (sentence, published): extract_times(
            doc, date.fromisoformat(published) if published else None
        )
        for (sentence, published), doc in zip(keys, docs, strict=True)
    }


def judge(item: GoldItem, found: Sequence[TimeExpression]) -> Outcome:
    """Score one gold line against the expressions predicted for its sentence."""
    overlapping = item.overlapping(found)
    if item.negative:
        correct = not overlapping
    elif item.granularity is None:
        correct = all(t.start_date is None for t in overlapping)
    else:
        wanted = (item.start_date, item.end_date, item.granularity)
        correct = any((t.start_date, t.end_date, t.granularity) == wanted for t in overlapping)
    return Outcome(item, correct, overlapping)


def score(
    items: Iterable[GoldItem], predictions: dict[tuple[str, str | None], list[TimeExpression]]
) -> list[Outcome]:
    """An outcome per gold line."""
    return [judge(item, predictions[(item.sentence, item.published)]) for item in items]


def accuracy(outcomes: Sequence[Outcome]) -> float:
    """The share of correct outcomes (1.0 for none)."""
    return share(outcomes, lambda o: o.correct)


def _row(label: str, outcomes: Sequence[Outcome]) -> str:
    right = sum(o.correct for o in outcomes)
    return f"{label:24} {right:>7} {len(outcomes):>6} {accuracy(outcomes):>9.1%} {GOAL:>6.0%}"


def report(outcomes: Sequence[Outcome]) -> list[str]:
    """The accuracy table: overall, per source group, per gold granularity, negatives."""
    positives = [o for o in outcomes if not o.item.negative]
    negatives = [o for o in outcomes if o.item.negative]
    reports = len({o.item.doc for o in positives})
    lines = [
        f"Time expressions resolved correctly: {len(positives)} gold expressions "
        f"in {reports} reports ({GOLD.relative_to(GOLD.parents[2])})",
        f"{'':24} {'correct':>7} {'total':>6} {'accuracy':>9} {'goal':>6}",
        _row("overall", positives),
    ]
    for group in ("Mosul", "FA-KES"):
        lines.append(_row(f"  {group}", [o for o in positives if o.item.group == group]))
    lines.append("by gold granularity")
    granularities = sorted({o.item.granularity or UNRESOLVED for o in positives})
    for granularity in granularities:
        mine = [o for o in positives if (o.item.granularity or UNRESOLVED) == granularity]
        lines.append(_row(f"  {granularity}", mine))
    clean = sum(o.correct for o in negatives)
    lines.append(f"negatives with no time found: {clean}/{len(negatives)} (goal: all)")
    return lines


def _describe(t: TimeExpression) -> str:
    return f"{t.text!r} {t.start_date}..{t.end_date} {t.granularity}"


def errors(outcomes: Sequence[Outcome]) -> list[str]:
    """One block per failure: the gold line, then what was predicted over its span."""
    lines = []
    for o in outcomes:
        if o.correct:
            continue
        item = o.item
        if item.negative:
            wanted = "negative: no time"
        else:
            wanted = f"{item.start_date}..{item.end_date} {item.granularity or UNRESOLVED}"
        lines.append(f"{item.doc} (published {item.published}): {item.text!r}")
        lines.append(f"    gold:      {wanted}" + (f"  [{item.note}]" if item.note else ""))
        predicted = "; ".join(_describe(t) for t in o.overlapping) or "nothing"
        lines.append(f"    predicted: {predicted}")
        lines.append(f"    sentence:  {item.sentence}")
    return lines


def headlines() -> list[Headline]:
    """The share resolved correctly, for ``python -m bench.extraction``."""
    items = load_gold()
    positives = [o for o in score(items, predict(load_pipeline(), items)) if not o.item.negative]
    return [
        Headline(
            "6 dates",
            f"resolved correctly, gold of Mosul + FA-KES dev ({len(positives)} expressions)",
            100 * accuracy(positives),
            100 * GOAL,
            unit="%",
        )
    ]


def main(argv: Sequence[str] | None = None) -> None:
    """Print the accuracy table, and with --errors the failures."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.dates", description="Time expressions against the gold set."
    )
    parser.add_argument("--errors", action="store_true", help="list the failures")
    args = parser.parse_args(argv)
    items = load_gold()
    outcomes = score(items, predict(load_pipeline(), items))
    print("\n".join(report(outcomes)))
    if args.errors:
        print("\n".join(["", "Failures", *errors(outcomes)]))


if __name__ == "__main__":
    main()
