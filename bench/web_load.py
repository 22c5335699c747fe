"""Load on the web app: concurrent clients on loopback against the FA-KES store.

    python -m bench.web_load [--data ../shared/data/fa-kes/fa-kes-dev.csv] [--clients 50]
        [--seconds 30] [--no-cache]

The FA-KES reports (Salem, Al Feel, Elbassuoni, Jaber, Farah: "FA-KES: A Fake News Dataset
around the Syrian War", ICWSM 2019) are analysed into a store as ``claimgraph analyze``
would (the extractions from ``bench.fakes_events``'s cache, then linking and grading).
The store is kept in the temporary directory, keyed on the data file and the package's
sources other than those that only read the store (``present/``, ``store/queries.py``),
so a second run starts at once.

``claimgraph serve`` then runs in a child process on a free loopback port, and the
clients (asyncio tasks with one HTTP connection each, in this process) request, each in
turn and without pause, the overview ``/``, a report page and a question page: the report
and the question the API lists first (the newest report, the most contested question).
Every response is read whole; one that is not 200, or that fails or takes over ten
seconds, is an error.

The issue's goal: with 50 clients for 30 seconds, p95 latency under 200 ms and no errors.
The same is measured with one client, the latency of a request alone, for reference.
Clients that never pause keep the server saturated, so the latency under load is about
the clients' number over the server's throughput (Little's law): a median under 200 ms
with 50 clients takes some 250 requests a second. The clients share the machine with the
server (the table says how much of a core they used): on a shared two-core machine, run
nothing else meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import claimgraph
from bench.fakes_events import CITATION, DEFAULT_DATA, extract_all
from bench.headline import DataMissing, Headline
from claimgraph.annotate import load_pipeline
from claimgraph.assess.sources import read_priors
from claimgraph.ingest import IngestOptions
from claimgraph.pipeline import run_link
from claimgraph.present.web.serve import serving_process
from claimgraph.store import Store

GOAL_P95_MS = 200.0
REQUEST_TIMEOUT_S = 10.0
SOURCE_SUFFIXES = frozenset({".py", ".csv", ".json", ".txt"})  # not model weights
# What only reads the store: editing it keeps the cached store.
READ_ONLY_PARTS = frozenset({"present", "store/queries.py"})
STORE_PREFIX = "claimgraph-web-load-"


@dataclass
class PageLoad:
    """The latencies and errors of one page under load."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, other: PageLoad) -> None:
        """Count ``other``'s requests in this one's."""
        self.latencies_ms += other.latencies_ms
        self.errors += other.errors

    def percentile(self, share: float) -> float:
        """The latency under which ``share`` (0 to 1) of the answered requests fall."""
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[
            round(share * 100) - 1
        ]


@dataclass(frozen=True)
class LoadRun:
    """What ``clients`` clients measured in ``seconds`` seconds, page by page."""

    clients: int
    seconds: float
    pages: dict[str, PageLoad]
    client_cpu_s: float  # what the clients themselves cost: they share the machine

    def overall(self) -> PageLoad:
        """All pages' requests together."""
        total = PageLoad()
        for page_load in self.pages.values():
            total.add(page_load)
        return total


def _store_path(data: Path) -> Path:
    """A temporary file named after the data and the sources that write the store."""
    digest = hashlib.sha256()
    digest.update(str(data.resolve()).encode())
    digest.update(str(data.stat().st_mtime_ns).encode())
    package = Path(claimgraph.__file__).parent
    for source in sorted(package.rglob("*")):
        relative = source.relative_to(package)
        if (
            source.is_file()
            and source.suffix in SOURCE_SUFFIXES
            and relative.parts[0] not in READ_ONLY_PARTS
            and relative.as_posix() not in READ_ONLY_PARTS
        ):
            digest.update(relative.as_posix().encode())
            digest.update(source.read_bytes())
    return Path(tempfile.gettempdir()) / f"{STORE_PREFIX}{digest.hexdigest()[:16]}.db"


def build_store(data: Path, *, use_cache: bool = True) -> Path:
    """The FA-KES reports extracted, stored, linked and graded, from the cache when fresh."""
    path = _store_path(data)
    if use_cache and path.is_file():
        return path
    # Built under a temporary name and renamed: an interrupted build leaves no half store.
    building = path.with_suffix(".building.db")
    building.unlink(missing_ok=True)
    store = Store(str(building))
    try:
        for extraction in extract_all(data, IngestOptions(), use_cache=use_cache):
            store.save(extraction)
        run_link(store, load_pipeline, read_priors(None))
    finally:
        store.close()
    building.replace(path)
    for stale in path.parent.glob(f"{STORE_PREFIX}*"):
        if not stale.name.startswith(path.name):  # stores of older sources, their WAL files
            stale.unlink(missing_ok=True)
    return path


async def _first_id(client: httpx.AsyncClient, listing: str) -> str:
    response = await client.get(listing, params={"limit": 1})
    response.raise_for_status()
    items = response.json()["items"]
    if not items:
        raise RuntimeError(f"{listing} lists nothing: is the store empty?")
    key = "document_id" if "document_id" in items[0] else "id"
    return str(items[0][key])


async def pages_to_load(base_url: str) -> dict[str, str]:
    """The three pages the clients cycle over, by name: overview, a report, a question."""
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S) as client:
        report = await _first_id(client, "/api/reports")
        question = await _first_id(client, "/api/clusters")
    return {"overview": "/", "report": f"/reports/{report}", "question": f"/questions/{question}"}


async def _client(
    base_url: str, paths: dict[str, str], deadline: float, start_at: int
) -> dict[str, PageLoad]:
    """One client: the pages in turn, from ``start_at``, until ``deadline``."""
    loads = {name: PageLoad() for name in paths}
    cycle = list(paths.items())
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(
        base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits
    ) as client:
        turn = start_at
        while time.perf_counter() < deadline:
            name, path = cycle[turn % len(cycle)]
            turn += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                loads[name].latencies_ms.append((time.perf_counter() - started) * 1000)
            else:
                loads[name].errors += 1
    return loads


async def load(base_url: str, paths: dict[str, str], clients: int, seconds: float) -> LoadRun:
    """``clients`` clients requesting ``paths`` in turn for ``seconds`` seconds."""
    deadline = time.perf_counter() + seconds
    cpu_before = time.process_time()
    # Each client starts at another page, so that all pages are under load at once.
    results = await asyncio.gather(
        *(_client(base_url, paths, deadline, start_at=i) for i in range(clients))
    )
    pages = {name: PageLoad() for name in paths}
    for result in results:
        for name, page_load in result.items():
            pages[name].add(page_load)
    return LoadRun(clients, seconds, pages, time.process_time() - cpu_before)


def _row(name: str, page_load: PageLoad, seconds: float) -> str:
    answered = len(page_load.latencies_ms)
    return (
        f"  {name:<9} {answered:>7} {answered / seconds:>8.1f} "
        f"{page_load.percentile(0.50):>7.1f} {page_load.percentile(0.95):>7.1f} "
        f"{page_load.percentile(0.99):>7.1f} {page_load.errors:>6}"
    )


def print_run(run: LoadRun, paths: dict[str, str]) -> None:
    """A table: requests, requests per second, p50/p95/p99 latency (ms) and errors."""
    print(
        f"{run.clients} client{'s' if run.clients > 1 else ''}, {run.seconds:g} s "
        f"(the clients used {run.client_cpu_s / run.seconds:.0%} of a core)"
    )
    print(
        f"  {'page':<9} {'answered':>7} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}"
    )
    for name, page_load in run.pages.items():
        print(_row(name, page_load, run.seconds) + f"  {paths[name]}")
    print(_row("all", run.overall(), run.seconds))


def measure(
    data: Path, clients: int, seconds: float, *, use_cache: bool = True
) -> tuple[LoadRun, LoadRun, dict[str, str]]:
    """The run under load and the one-client reference, with the pages they requested."""
    db = build_store(data, use_cache=use_cache)
    with serving_process(str(db)) as base_url:
        paths = asyncio.run(pages_to_load(base_url))
        asyncio.run(load(base_url, paths, clients, 1.0))  # warm up: templates, caches
        under_load = asyncio.run(load(base_url, paths, clients, seconds))
        alone = asyncio.run(load(base_url, paths, 1, seconds))
    return under_load, alone, paths


def headlines(data: Path = DEFAULT_DATA, clients: int = 50, seconds: float = 30) -> list[Headline]:
    """The load goal (p95 latency, errors) for a bench table."""
    if not data.is_file():
        raise DataMissing(f"FA-KES data not found at {data}")
    under_load, alone, _paths = measure(data, clients, seconds)
    overall, reference = under_load.overall(), alone.overall()
    answered = len(overall.latencies_ms)
    metric = f"{clients} clients for {seconds:g} s on loopback, FA-KES store"
    return [
        Headline(
            "load",
            f"p95 latency, overview + report + question pages, {metric}",
            overall.percentile(0.95),
            GOAL_P95_MS,
            higher_is_better=False,
            unit=" ms",
            peers=(
                f"{answered / seconds:.0f} requests/s; one client alone: "
                f"p95 {reference.percentile(0.95):.1f} ms"
            ),
        ),
        Headline("load", f"errors, {metric}", overall.errors, 0, higher_is_better=False),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the FA-KES store and measure it under load, then with one client."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="FA-KES CSV file")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=30, help="seconds of load (30)")
    parser.add_argument("--no-cache", action="store_true", help="rebuild the store")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: FA-KES data not found at {args.data}")
        return
    under_load, alone, paths = measure(
        args.data, args.clients, args.seconds, use_cache=not args.no_cache
    )
    print(f"FA-KES {args.data.name} ({CITATION}), served by `claimgraph serve` on loopback")
    print_run(under_load, paths)
    print_run(alone, paths)
    overall = under_load.overall()
    met = overall.percentile(0.95) < GOAL_P95_MS and overall.errors == 0
    print(
        f"goal: p95 < {GOAL_P95_MS:g} ms and no errors with {args.clients} clients: "
        f"{'met' if met else 'not met'} (p95 {overall.percentile(0.95):.1f} ms, "
        f"{overall.errors} errors)"
    )


if __name__ == "__main__":
    main()
