"""Speed and memory of ``claimgraph analyze`` on FA-KES against a bare spaCy pass.

    python -m bench.analyze_speed [--data ../shared/data/fa-kes/fa-kes-dev.csv]

Runs each side in its own process, one after the other in the same run, and prints
documents per second (after the pipeline is loaded), wall time with start-up, peak
resident memory, and the ratios. The third side is analyze with its default worker
processes (one per CPU, up to 4); their start-up is inside its clock, and its peak
memory is the largest single process. The bare side is ``spacy.load`` of the same pipeline
and ``nlp.pipe`` over the same report texts, nothing else. Skips with a message when
the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.headline import DataMissing, Headline

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"


def _bare(data: Path) -> dict[str, float]:
    import spacy

    from claimgraph.annotate import DEFAULT_PIPELINE

    with data.open(encoding="utf-8", newline="") as handle:
        texts = [row["article_content"] for row in csv.DictReader(handle)]
    nlp = spacy.load(DEFAULT_PIPELINE)
    started = time.perf_counter()
    count = sum(1 for _doc in nlp.pipe(texts, batch_size=16))
    return {"documents": count, "seconds": time.perf_counter() - started}


def _analyze(data: Path, workers: int | None) -> dict[str, float]:
    from claimgraph.ingest import IngestOptions
    from claimgraph.pipeline import Extractor, SilentReporter, run_analyze
    from claimgraph.store import Store

    extractor = Extractor(workers=workers)
    if workers == 1:
        extractor.annotator()  # load before the clock starts, as the bare side does
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        started = time.perf_counter()
        summary = run_analyze([str(data)], IngestOptions(), extractor, store, SilentReporter())
        seconds = time.perf_counter() - started
        store.close()
    return {"documents": summary.stored, "seconds": seconds, "records": summary.records}


def _run_child(side: str, data: Path) -> dict[str, float]:
    """One side in a child process: its figures, wall time with start-up and peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.analyze_speed", "--child", side, "--data", str(data)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{side} run failed with status {status}")
    result = json.loads(output)
    result["wall_seconds"] = time.perf_counter() - started
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def measure(data: Path) -> dict[str, dict[str, float]]:
    """The three sides, each run in its own process, one after the other."""
    if not data.is_file():
        raise DataMissing(f"{data} not found (FA-KES lives in ../shared/data)")
    return {side: _run_child(side, data) for side in ("bare", "analyze", "pooled")}


def headlines(data: Path = DEFAULT_DATA) -> list[Headline]:
    """The time ratio against its goal, for ``python -m bench.extraction``."""
    sides = measure(data)
    bare, ours, pooled = sides["bare"], sides["analyze"], sides["pooled"]

    def rate(side: dict[str, float]) -> str:
        return f"{side['documents'] / side['seconds']:.1f} docs/s"

    return [
        Headline(
            "speed",
            f"analyze / bare spaCy time, FA-KES dev, one process each ({os.cpu_count()} CPUs)",
            ours["seconds"] / bare["seconds"],
            2.0,
            higher_is_better=False,
            peers=(
                f"bare spaCy {rate(bare)}; analyze {rate(ours)}; default workers "
                f"{pooled['seconds'] / bare['seconds']:.2f} of the bare time"
            ),
        )
    ]


def main() -> None:
    """Run the three sides and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--child", choices=("bare", "analyze", "pooled"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "bare":
            print(json.dumps(_bare(args.data)))
        else:
            print(json.dumps(_analyze(args.data, 1 if args.child == "analyze" else None)))
        return
    try:
        sides = measure(args.data)
    except DataMissing as missing:
        print(f"skipped: {missing}")
        return
    bare, ours, pooled = sides["bare"], sides["analyze"], sides["pooled"]
    print(
        f"FA-KES dev ({args.data.name}), {platform.node()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    print(f"{'':28}{'documents':>10}{'docs/s':>9}{'process s':>11}{'wall s':>9}{'peak MB':>9}")
    named = (
        ("bare spaCy nlp.pipe", bare),
        ("claimgraph analyze", ours),
        ("analyze, default workers", pooled),
    )
    for name, r in named:
        rate = r["documents"] / r["seconds"]
        print(
            f"{name:28}{r['documents']:>10.0f}{rate:>9.1f}{r['seconds']:>11.1f}"
            f"{r['wall_seconds']:>9.1f}{r['peak_mb']:>9.0f}"
        )
    ratio = ours["seconds"] / bare["seconds"]
    print(f"time ratio analyze / bare spaCy: {ratio:.2f} (goal for issue 3: at most 2.00)")
    print(f"peak memory ratio: {ours['peak_mb'] / bare['peak_mb']:.2f}")
    print(
        f"default workers (pool started inside the clock) / bare spaCy, time: "
        f"{pooled['seconds'] / bare['seconds']:.2f}"
    )
    print(f"records stored: {ours['records']:.0f}")


if __name__ == "__main__":
    main()
