"""Every figure of issue 3 (extraction at benchmark quality) beside its goal and peers.

    python -m bench.extraction [--only NAME ...] [--json FILE]

Runs the benches one after the other in this process (the speed bench starts its own
child processes) and prints one table: the issue's item, the metric and its data, our
figure, the goal, whether it is met, and the peers measured in the same run or
published. A bench whose data set is absent (``../shared/data`` is not in a fresh clone)
is skipped with a message and the others go on. Each bench also runs alone, with more
detail and ``--errors``: ``python -m bench.<name>``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.headline import DataMissing, Headline

# In the order of the items; the speed bench last, as it takes longest.
BENCHES = (
    "newsquant",
    "fakes_casualties",
    "polnear",
    "entities",
    "places",
    "dates",
    "analyze_speed",
)


def collect(names: Sequence[str], console: Console) -> list[Headline]:
    """The headlines of the named benches, saying which were skipped and why."""
    found: list[Headline] = []
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        try:
            lines = module.headlines()
        except DataMissing as missing:
            console.print(f"[yellow]skipped[/] bench.{name}: {missing}")
            continue
        console.print(f"bench.{name}: {time.perf_counter() - started:.0f} s")
        found.extend(lines)
    return found


def table(headlines: Sequence[Headline]) -> Table:
    """The summary table, one row per figure."""
    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    out = Table(title=f"claimgraph extraction benchmarks, {date.today()} ({machine})")
    for column in ("item", "metric", "ours", "goal", "met", "peers"):
        out.add_column(column, overflow="fold")
    for line in headlines:
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[line.met]
        ours = f"{line.ours:.1f}" if abs(line.ours) >= 10 else f"{line.ours:.3f}"
        out.add_row(line.item, line.metric, ours + line.unit, line.goal_text(), met, line.peers)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benches and print the table (and write it as JSON with --json)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--only", nargs="+", choices=BENCHES, help="run only these benches")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    console = Console()
    if not console.is_terminal:  # a log file or a pipe: wide enough for the table
        console = Console(width=180)
    headlines = collect(args.only or BENCHES, console)
    console.print(table(headlines))
    if args.json:
        rows = [{**asdict(line), "met": line.met} for line in headlines]
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
