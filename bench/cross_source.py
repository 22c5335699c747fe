"""Every figure of issue 4 (across sources) beside its goal and anchors.

    python -m bench.cross_source [--only NAME ...] [--json FILE]

Runs the benches one after the other (see :mod:`bench.runner`). A bench whose data set
is absent is skipped with a message and the others go on. Each bench also runs alone,
with more detail: ``python -m bench.<name>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.runner import run

# In the order of the items: events, syndication, questions (FA-KES clusters and
# the Mosul disputes), the stance model, report grades against FA-KES's labels.
BENCHES = (
    "fakes_events",
    "syndication",
    "questions",
    "mosul_disputes",
    "stance",
    "fakes_credibility",
)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the issue-4 benches and print their table."""
    run("python -m bench.cross_source", "claimgraph cross-source benchmarks", BENCHES, argv)


if __name__ == "__main__":
    main()
