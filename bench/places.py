"""Place mentions geocoded against a hand-annotated gold set (goals: 92% entry, 98% country).

    python -m bench.places [--errors] [--gold FILE | --all]

Reads ``tests/data/place_gold.jsonl`` (in the repository, so nothing from ../shared is
needed; ``--gold`` names another file of that format, such as the held-out
``tests/data/place_gold_heldout.jsonl``; ``--all`` prints one line per gold set present:
the dev set and held-out set 1, both of which have guided changes, and the fresh held-out
set 2, ``tests/data/place_gold_heldout2.jsonl``, which has not), runs ``extract_places`` on
each report's annotated sentences, one report at a time (see :func:`predict`), and prints,
overall, per source group (the two Mosul reports, the FA-KES sample) and per gold kind, the share of
gold mentions resolved to the right GeoNames entry and to the right country, with the goals
of issue 3 beside them (the right entry for 92% of mentions, the right country for 98%), the
Mordecai3 anchor (92.6% exact on its test sets) and the recall of mentions. ``--errors``
lists every failure, gold against what was predicted over its span.

How the gold set was made and which conventions it follows: ``tests/data/README.md``.

Scoring, per gold mention:

* it is *found* when some predicted place overlaps its span;
* its *entry* is right when an overlapping prediction has the gold GeoNames id, or, for gold
  with no id (a governorate, river or region that only ``places_extra.csv`` knows, or a village
  the gazetteer lacks), no id, the gold name and the gold country; the table says how many
  right entries are places no gazetteer row names (a village the extractor names as written
  and places in the document's country);
* its *country* is right when an overlapping prediction has the gold country (``None`` for a
  river or a region across countries).

A mention that is not found is wrong on both counts; predictions that overlap no gold
mention (organizations, stray words) are not scored.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from bench.gold import DATA, GoldSpan, read_gold, share
from bench.headline import Headline
from claimgraph.annotate import load_pipeline
from claimgraph.extract.places import extract_places, load_gazetteer
from claimgraph.records import Place

GOLD = DATA / "place_gold.jsonl"
# Every gold set, labelled by whether it guided the extractor's changes ("tuned") or not.
GOLD_SETS = (
    ("dev (tuned)", GOLD),
    ("held-out 1 (tuned)", DATA / "place_gold_heldout.jsonl"),
    ("held-out 2 (fresh)", DATA / "place_gold_heldout2.jsonl"),
)
ENTRY_GOAL = 0.92
COUNTRY_GOAL = 0.98
MORDECAI3 = 0.926  # Mordecai3's exact-match accuracy on its test sets, for scale
KINDS = ("city", "region", "country", "feature")


@dataclass(frozen=True, slots=True)
class GoldItem(GoldSpan):
    """One annotated place mention in its sentence."""

    geonameid: int | None
    name: str
    country: str | None
    kind: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A gold mention, whether it was found, its entry and country right, and what overlapped."""

    item: GoldItem
    found: bool
    entry: bool
    country: bool
    overlapping: tuple[Place, ...]


def load_gold(path: Path = GOLD) -> list[GoldItem]:
    """The gold lines, checked: each ``text`` must stand at its ``offset``, kinds known."""
    items = read_gold(path, GoldItem)
    unknown = sorted({item.kind for item in items} - set(KINDS))
    if unknown:
        raise ValueError(f"{path}: unknown kind(s) {', '.join(unknown)}")
    return items


def predict(nlp: Language, items: Iterable[GoldItem]) -> dict[tuple[str, str], list[Place]]:
    """The extractor's places for each distinct sentence, read in its document's context.

    A report's annotated sentences are joined, one a line (a line break always ends a
    sentence), and extracted as one document, as the pipeline extracts a report: the
    country in focus and the cities a bare "the Old City" belongs to come from the whole.
    Each (document, sentence) gets the places within it, with offsets into the sentence.
    """
    by_doc: dict[str, list[str]] = {}
    for item in items:
        sentences = by_doc.setdefault(item.doc, [])
        if item.sentence not in sentences:
            sentences.append(item.sentence)
    texts = {doc: "\n".join(sentences) for doc, sentences in by_doc.items()}
    gazetteer = load_gazetteer()
    predictions: dict[tuple[str, str], list[Place]] = {}
    for (doc, sentences), annotated in zip(by_doc.items(), nlp.pipe(texts.values()), strict=True):
        found = extract_places(annotated, gazetteer)
        start = 0
        for sentence in sentences:
            end = start + len(sentence)
            predictions[doc, sentence] = [
                replace(place, start=place.start - start, end=place.end - start)
                for place in found
                if start <= place.start and place.end <= end
            ]
            start = end + 1
    return predictions


def judge(item: GoldItem, found: Sequence[Place]) -> Outcome:
    """Score one gold mention against the places predicted for its sentence."""
    overlapping = item.overlapping(found)
    if item.geonameid is not None:
        entry = any(p.geonameid == item.geonameid for p in overlapping)
    else:
        entry = any(
            p.geonameid is None and p.name == item.name and p.country == item.country
            for p in overlapping
        )
    country = any(p.country == item.country for p in overlapping)
    return Outcome(item, bool(overlapping), entry, country, overlapping)


def score(
    items: Iterable[GoldItem], predictions: dict[tuple[str, str], list[Place]]
) -> list[Outcome]:
    """An outcome per gold mention."""
    return [judge(item, predictions[item.doc, item.sentence]) for item in items]


def entry_accuracy(outcomes: Sequence[Outcome]) -> float:
    """The share of mentions resolved to the right entry (1.0 for none)."""
    return share(outcomes, lambda o: o.entry)


def country_accuracy(outcomes: Sequence[Outcome]) -> float:
    """The share of mentions resolved to the right country (1.0 for none)."""
    return share(outcomes, lambda o: o.country)


def recall(outcomes: Sequence[Outcome]) -> float:
    """The share of mentions found at all (1.0 for none)."""
    return share(outcomes, lambda o: o.found)


def unlisted_right(outcomes: Sequence[Outcome]) -> int:
    """How many right entries are places no gazetteer row names (villages named as written)."""
    gazetteer = load_gazetteer()
    return sum(
        1
        for o in outcomes
        if o.entry
        and o.item.geonameid is None
        and not any(entry.name == o.item.name for entry in gazetteer.candidates(o.item.name))
    )


def _row(label: str, outcomes: Sequence[Outcome]) -> str:
    return (
        f"{label:14} {len(outcomes):>5} {recall(outcomes):>7.1%} "
        f"{entry_accuracy(outcomes):>7.1%} {ENTRY_GOAL:>5.0%} "
        f"{country_accuracy(outcomes):>8.1%} {COUNTRY_GOAL:>5.0%}"
    )


def report(outcomes: Sequence[Outcome], gold: Path = GOLD) -> list[str]:
    """The table: overall, per source group, per gold kind."""
    reports = len({o.item.doc for o in outcomes})
    root = GOLD.parents[2]
    shown = gold.resolve().relative_to(root) if gold.resolve().is_relative_to(root) else gold
    lines = [
        f"Place mentions geocoded: {len(outcomes)} gold mentions in {reports} reports ({shown})",
        f"{'':14} {'total':>5} {'found':>7} {'entry':>7} {'goal':>5} {'country':>8} {'goal':>5}",
        _row("overall", outcomes),
    ]
    for group in ("Mosul", "FA-KES"):
        lines.append(_row(f"  {group}", [o for o in outcomes if o.item.group == group]))
    lines.append("by gold kind")
    for kind in KINDS:
        lines.append(_row(f"  {kind}", [o for o in outcomes if o.item.kind == kind]))
    lines.append(
        f"anchor: Mordecai3 resolves {MORDECAI3:.1%} of toponyms exactly on its test sets; "
        "'found' is the recall of gold mentions (a predicted place overlaps them); "
        f"{unlisted_right(outcomes)} right entries are places the gazetteer lacks, "
        "named as written"
    )
    return lines


def summary(nlp: Language) -> list[str]:
    """One line per gold set present (see GOLD_SETS)."""
    lines = [
        f"{'gold set':26} {'total':>5} {'found':>7} {'entry':>7} {'goal':>5} "
        f"{'country':>8} {'goal':>5}"
    ]
    for label, path in GOLD_SETS:
        if path.exists():
            items = load_gold(path)
            lines.append(_row(f"{label:26}", score(items, predict(nlp, items))))
    return lines


def headlines() -> list[Headline]:
    """Entry and country accuracy per gold set present, for ``python -m bench.extraction``."""
    nlp = load_pipeline()
    found = []
    for label, path in GOLD_SETS:
        if not path.exists():
            continue
        items = load_gold(path)
        outcomes = score(items, predict(nlp, items))
        data = f"{label}, {len(outcomes)} mentions"
        found += [
            Headline(
                "5 places",
                f"right GeoNames entry, {data}",
                100 * entry_accuracy(outcomes),
                100 * ENTRY_GOAL,
                peers=f"Mordecai3 {100 * MORDECAI3:.1f} (published)",
                unit="%",
            ),
            Headline(
                "5 places",
                f"right country, {data}",
                100 * country_accuracy(outcomes),
                100 * COUNTRY_GOAL,
                unit="%",
            ),
        ]
    return found


def _describe(place: Place) -> str:
    return f"{place.text!r} -> {place.geonameid} {place.name} {place.country} {place.feature}"


def errors(outcomes: Sequence[Outcome]) -> list[str]:
    """One block per mention with a wrong entry or country: gold, then what overlapped it."""
    lines = []
    for o in outcomes:
        if o.entry and o.country:
            continue
        item = o.item
        if not o.found:
            wrong = "not found"
        elif not o.entry and not o.country:
            wrong = "entry and country"
        else:
            wrong = "entry" if not o.entry else "country"
        note = f"  [{item.note}]" if item.note else ""
        lines.append(f"{item.doc}: {item.text!r} ({wrong})")
        lines.append(
            f"    gold:      {item.geonameid} {item.name} {item.country} {item.kind}{note}"
        )
        predicted = "; ".join(_describe(p) for p in o.overlapping) or "nothing"
        lines.append(f"    predicted: {predicted}")
        lines.append(f"    sentence:  {item.sentence}")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    """Print the accuracy table, and with --errors the failures."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.places", description="Place mentions against the gold set."
    )
    parser.add_argument("--errors", action="store_true", help="list the failures")
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help=f"the gold file (default: {GOLD.name})"
    )
    parser.add_argument(
        "--all", action="store_true", help="one line per gold set present, tuned or fresh"
    )
    args = parser.parse_args(argv)
    if args.all:
        print("\n".join(summary(load_pipeline())))
        return
    items = load_gold(args.gold)
    outcomes = score(items, predict(load_pipeline(), items))
    print("\n".join(report(outcomes, args.gold)))
    if args.errors:
        print("\n".join(["", "Failures", *errors(outcomes)]))


if __name__ == "__main__":
    main()
