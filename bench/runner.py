"""Run a set of benches and print their headline figures as one table.

Shared by ``bench.extraction`` (issue 3) and ``bench.cross_source`` (issue 4): each
bench module offers ``headlines()`` (see :mod:`bench.headline`); the benches run one
after the other in this process, a bench whose data set is absent is skipped with a
message, and the table shows the issue's item, the metric and its data, our figure,
the goal, whether it is met, and the peers measured in the same run or published.
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


def table(title: str, headlines: Sequence[Headline]) -> Table:
    """The summary table, one row per figure."""
    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    out = Table(title=f"{title}, {date.today()} ({machine})")
    for column in ("item", "metric", "ours", "goal", "met", "peers"):
        out.add_column(column, overflow="fold")
    for line in headlines:
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[line.met]
        ours = f"{line.ours:.1f}" if abs(line.ours) >= 10 else f"{line.ours:.3f}"
        out.add_row(line.item, line.metric, ours + line.unit, line.goal_text(), met, line.peers)
    return out


def run(prog: str, title: str, benches: Sequence[str], argv: Sequence[str] | None) -> None:
    """Run the benches and print the table (and write it as JSON with --json)."""
    parser = argparse.ArgumentParser(prog=prog, description=title)
    parser.add_argument("--only", nargs="+", choices=benches, help="run only these benches")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    console = Console()
    if not console.is_terminal:  # a log file or a pipe: wide enough for the table
        console = Console(width=180)
    headlines = collect(args.only or benches, console)
    console.print(table(title, headlines))
    if args.json:
        rows = [{**asdict(line), "met": line.met} for line in headlines]
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
