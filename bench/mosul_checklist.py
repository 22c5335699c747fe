"""How much of the expected Mosul extraction claimgraph finds (goal: at least 90%).

    python -m bench.mosul_checklist

Extracts the two bundled Mosul reports (examples/mosul) and checks each item of
examples/mosul/expected.json: a figure, date, place or attributed statement with
its value. Prints one line per item and the share found, per kind and overall.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from claimgraph.ingest import IngestOptions
from claimgraph.pipeline import Extractor, SilentReporter, run_extract
from claimgraph.records import Extraction

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mosul"
KINDS = ("quantities", "times", "places", "attributions")


def _close(a: float | None, b: float, tolerance: float) -> bool:
    return a is not None and abs(a - b) <= tolerance


def _matches(kind: str, record: Any, want: dict[str, Any]) -> bool:
    if kind == "quantities":
        return (
            want["text"].lower() in record.text.lower()
            and ("value" not in want or _close(record.value, want["value"], 1e-6))
            and want.get("counted", "").lower() in (record.counted or "").lower()
            and ("approx" not in want or (record.approx or "").lower() == want["approx"])
            and ("category" not in want or record.category == want["category"])
        )
    if kind == "times":
        return (
            want["text"] in record.text
            and (record.start_date, record.end_date) == (want["start_date"], want["end_date"])
            and ("granularity" not in want or record.granularity == want["granularity"])
        )
    if kind == "places":
        return (
            record.text == want["text"]
            and record.country == want["country"]
            and ("lat" not in want or _close(record.lat, want["lat"], 0.2))
            and ("lon" not in want or _close(record.lon, want["lon"], 0.2))
        )
    return (
        record.cue is not None
        and record.cue.text == want["cue"]
        and record.speaker_kind == want["speaker_kind"]
        and ("speaker" not in want or (record.speaker or "").lower() == want["speaker"].lower())
        and record.content.text.lstrip("“\"' ").startswith(want.get("content_starts", ""))
    )


def check(
    extractions: Iterable[Extraction], expected: dict[str, Any]
) -> list[tuple[str, str, bool]]:
    """(kind, item description, found) for every expected item."""
    by_source = {x.document.source: x for x in extractions}
    results = []
    for kind in KINDS:
        for want in expected[kind]:
            extraction = by_source.get(want["source"])
            records = getattr(extraction, kind) if extraction else []
            found = any(_matches(kind, record, want) for record in records)
            described = ", ".join(f"{k}={v}" for k, v in want.items() if k != "source")
            results.append((kind, f"{want['source']}: {described}", found))
    return results


def extract_example() -> list[Extraction]:
    """The extractions of the bundled Mosul reports."""
    extractions, _summary = run_extract(
        [str(EXAMPLE)], IngestOptions(), Extractor(workers=1), SilentReporter()
    )
    return list(extractions)


def load_expected() -> dict[str, Any]:
    """The expected items, from examples/mosul/expected.json."""
    return json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))


def main() -> None:
    """Print each item, then the share found per kind and overall."""
    results = check(extract_example(), load_expected())
    for kind, described, found in results:
        print(f"{'ok  ' if found else 'MISS'} {kind:13} {described}")
    for kind in KINDS:
        mine = [found for k, _d, found in results if k == kind]
        print(f"{kind:13} {sum(mine)}/{len(mine)} found")
    total = sum(found for _k, _d, found in results)
    print(f"overall       {total}/{len(results)} = {total / len(results):.0%} (goal: at least 90%)")


if __name__ == "__main__":
    main()
