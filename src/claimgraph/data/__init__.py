"""Data files users may extend: aliases, lexicons, conventions, column mappings.

The CSV files may carry comment lines starting with "#" that document them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of the data file ``name`` as dicts, values stripped, "#" lines skipped."""
    path = resources.files("claimgraph.data").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines):
        yield {key: (value or "").strip() for key, value in row.items() if key is not None}
