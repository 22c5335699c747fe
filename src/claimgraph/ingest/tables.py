"""Reports held as rows: CSV files and JSON Lines, with a documented column mapping."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from claimgraph.records import InputProblem, RawDocument

FIELDS = ("text", "title", "source", "url", "published", "id")
# The csv module's default field limit (128 KB) is smaller than some reports.
MAX_CSV_FIELD = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds each field, by candidate names, plus date formats to try."""

    candidates: Mapping[str, tuple[str, ...]]
    date_formats: tuple[str, ...]

    def with_overrides(self, overrides: Mapping[str, str]) -> ColumnMapping:
        """The mapping with ``field -> column`` choices from the command line put first."""
        unknown = set(overrides) - set(FIELDS)
        if unknown:
            raise ValueError(
                f"unknown field(s) in --column: {', '.join(sorted(unknown))} "
                f"(known: {', '.join(FIELDS)})"
            )
        merged = {f: (overrides[f],) if f in overrides else c for f, c in self.candidates.items()}
        return ColumnMapping(merged, self.date_formats)

    def resolve(self, columns: list[str]) -> dict[str, str]:
        """Field -> the column of ``columns`` that holds it (matched case-insensitively)."""
        by_lower = {c.strip().lower(): c for c in columns}
        found: dict[str, str] = {}
        for field_name, names in self.candidates.items():
            for name in names:
                if name.lower() in by_lower:
                    found[field_name] = by_lower[name.lower()]
                    break
        return found


@cache
def default_mapping() -> ColumnMapping:
    """The mapping shipped in ``claimgraph/data/csv_columns.json``."""
    path = resources.files("claimgraph.data").joinpath("csv_columns.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return ColumnMapping(
        candidates={f: tuple(data[f]) for f in FIELDS},
        date_formats=tuple(data["date_formats"]),
    )


def parse_published(value: Any, formats: tuple[str, ...]) -> str | None:
    """An ISO date from a metadata value (ISO 8601 first, then ``formats``), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def _row_to_document(
    row: Mapping[str, Any], columns: dict[str, str], origin: str, formats: tuple[str, ...]
) -> RawDocument | InputProblem:
    def field_value(name: str) -> str | None:
        value = row.get(columns[name]) if name in columns else None
        return None if value is None or str(value).strip() == "" else str(value)

    text = field_value("text")
    if text is None:
        return InputProblem(origin, "empty text")
    warnings: list[str] = []
    try:
        published = parse_published(field_value("published"), formats)
    except ValueError as error:
        published = None
        warnings.append(f"{error}; publication date left unknown")
    return RawDocument(
        origin=origin,
        raw=text,
        format="text",
        id=field_value("id"),
        source=field_value("source"),
        url=field_value("url"),
        title=field_value("title"),
        published=published,
        warnings=warnings,
    )


def read_csv(
    text: str, origin: str, mapping: ColumnMapping
) -> Iterator[RawDocument | InputProblem]:
    """One document per CSV row (tab-separated when the header has tabs and no commas)."""
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)  # process-wide, so only ever raised
    header = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in header and "," not in header else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = mapping.resolve(list(reader.fieldnames or []))
    if "text" not in columns:
        looked = ", ".join(mapping.candidates["text"])
        found = ", ".join(reader.fieldnames or []) or "none"
        yield InputProblem(
            origin,
            f"no text column (looked for {looked}; found {found}); name it with --column text=NAME",
        )
        return
    try:
        for row in reader:
            yield _row_to_document(
                row, columns, f"{origin}:{reader.line_num}", mapping.date_formats
            )
    except csv.Error as error:
        yield InputProblem(f"{origin}:{reader.line_num}", f"malformed CSV: {error}")


def json_objects(
    lines: Iterable[str], origin: str
) -> Iterator[tuple[str, dict[str, Any]] | InputProblem]:
    """The JSON object of each non-blank line with where it stands ("FILE:LINE"); a line
    that is not a JSON object is a problem naming it, and the others go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            # Without its newline: one left inside an unterminated string reads as a bad character.
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"invalid JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(record, dict):
            yield InputProblem(where, "not a JSON object")
            continue
        yield where, record


def read_jsonl(
    text: str, origin: str, mapping: ColumnMapping
) -> Iterator[RawDocument | InputProblem]:
    """One document per JSON Lines line; a bad line is a problem, the others go on."""
    for item in json_objects(text.splitlines(), origin):
        if isinstance(item, InputProblem):
            yield item
            continue
        where, record = item
        columns = mapping.resolve(list(record))
        if "text" not in columns:
            yield InputProblem(where, "no 'text' field")
            continue
        yield _row_to_document(record, columns, where, mapping.date_formats)
