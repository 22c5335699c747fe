"""Every figure of issue 3 (extraction at benchmark quality) beside its goal and peers.

    python -m bench.extraction [--only NAME ...] [--json FILE]

Runs the benches one after the other (see :mod:`bench.runner`; the speed bench starts
its own child processes). A bench whose data set is absent (``../shared/data`` is not in
a fresh clone) is skipped with a message and the others go on. Each bench also runs
alone, with more detail and ``--errors``: ``python -m bench.<name>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.runner import run

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


def main(argv: Sequence[str] | None = None) -> None:
    """Run the issue-3 benches and print their table."""
    run("python -m bench.extraction", "claimgraph extraction benchmarks", BENCHES, argv)


if __name__ == "__main__":
    main()
