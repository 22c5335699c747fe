"""Draw the sentences to annotate for the entity gold sets, as the pipeline splits them.

    python -m bench.entity_sample --seed 5 [--mosul] [--sentences 10] [--exclude GOLD ...]

Prints one JSON line per sentence (``doc``, ``published``, ``sentence``, ``entities: []``)
for an annotator to fill in by hand, following the conventions of ``tests/data/README.md``.
The FA-KES reports are drawn one per source, sources in sorted order, with
``random.Random(seed).choice`` over each source's rows sorted by ``unit_id``; a report whose
text repeats one already drawn, or that a gold file given to ``--exclude`` has, is drawn
again from the same generator (seeds 5 and 23 drew no such report). Only the first
``--sentences`` distinct sentences of each report are kept (a sentence a report repeats
word for word is annotated once). ``--mosul`` adds every sentence of the two
Mosul reports (the dev set has them; the held-out set does not).

Texts go through ``claimgraph.normalize`` and the pipeline's sentence splitter
(``claimgraph.annotate.load_pipeline``), so each ``sentence`` is exactly what the
extractors see. The publication date is the report's dateline where the normalizer finds
one, else the CSV's ``date`` column (FA-KES) or ``examples/mosul/sources.json``, with The
National's undated report set to 2018-07-10 as in the time gold.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimgraph.annotate import load_pipeline
from claimgraph.ingest.tables import default_mapping, parse_published
from claimgraph.normalize import normalize
from claimgraph.records import Document, RawDocument

ROOT = Path(__file__).resolve().parent.parent
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"
MOSUL = ROOT / "examples" / "mosul"
# The Mosul reports: gold doc name, file, publication date (see tests/data/README.md).
MOSUL_REPORTS = (
    ("debka", "debkafile-2016-12-06-mosul-offensive.txt", "2016-12-06"),
    ("national", "the-national-mosul-back-door.txt", "2018-07-10"),
)


@dataclass(frozen=True, slots=True)
class Report:
    """A report to annotate: its gold doc name, raw text and fallback publication date."""

    doc: str
    text: str
    published: str | None


def draw_fakes(path: Path, seed: int, exclude: frozenset[str] = frozenset()) -> list[Report]:
    """One FA-KES report per source (sorted), drawn with ``random.Random(seed)``.

    A draw whose doc name is in ``exclude`` (reports another gold set has), or whose
    text repeats one already drawn, is drawn again from the same generator.
    """
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_source: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    rng = random.Random(seed)
    formats = default_mapping().date_formats
    drawn: list[Report] = []
    seen_texts: set[str] = set()
    for source in sorted(by_source):
        candidates = sorted(by_source[source], key=lambda r: r["unit_id"])
        if all(
            f"fakes-{source}-{r['unit_id']}" in exclude or r["article_content"] in seen_texts
            for r in candidates
        ):
            continue  # nothing left to draw from this source
        row = rng.choice(candidates)
        while f"fakes-{source}-{row['unit_id']}" in exclude or row["article_content"] in seen_texts:
            row = rng.choice(candidates)
        seen_texts.add(row["article_content"])
        published = parse_published(row["date"], formats)
        drawn.append(Report(f"fakes-{source}-{row['unit_id']}", row["article_content"], published))
    return drawn


def mosul_reports() -> list[Report]:
    """The two Mosul reports of ``examples/mosul``."""
    return [
        Report(doc, (MOSUL / name).read_text(encoding="utf-8"), published)
        for doc, name, published in MOSUL_REPORTS
    ]


def sentence_lines(reports: Sequence[Report], limit: int | None) -> Iterator[dict[str, object]]:
    """A skeleton gold line per sentence of each report (the first ``limit`` when given)."""
    nlp = load_pipeline()
    for report in reports:
        document = normalize(RawDocument(origin=report.doc, raw=report.text, format="text"))
        if not isinstance(document, Document):
            raise ValueError(f"{report.doc}: {document.reason}")
        published = report.published
        if document.published and report.doc.startswith("fakes-"):
            published = document.published  # the dateline beats the CSV column
        # Stripped of the line breaks the splitter leaves at their end; a sentence the
        # report repeats word for word is annotated once.
        sentences = list(dict.fromkeys(s.text.strip() for s in nlp(document.text).sents))
        sentences = [sentence for sentence in sentences if sentence]
        for sentence in sentences[:limit]:
            yield {"doc": report.doc, "published": published, "sentence": sentence, "entities": []}


def main(argv: Sequence[str] | None = None) -> None:
    """Print the skeleton lines of the drawn reports."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.entity_sample", description="Sentences to annotate for entities."
    )
    parser.add_argument("--seed", type=int, required=True, help="5 for dev, 23 for held-out")
    parser.add_argument("--sentences", type=int, default=10, help="sentences per FA-KES report")
    parser.add_argument("--mosul", action="store_true", help="add all Mosul sentences first")
    parser.add_argument("--data", type=Path, default=FAKES, help="the FA-KES dev CSV")
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="+",
        default=[],
        metavar="GOLD",
        help="gold files whose reports are drawn again (41: the three earlier place sets)",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        sys.exit(f"{args.data} is absent: the FA-KES data lives in ../shared/data")
    lines = list(sentence_lines(mosul_reports(), None)) if args.mosul else []
    exclude = frozenset(
        json.loads(line)["doc"]
        for path in args.exclude
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    lines += sentence_lines(draw_fakes(args.data, args.seed, exclude), args.sentences)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
