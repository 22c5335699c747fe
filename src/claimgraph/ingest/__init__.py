"""Ingest: read files, folders, CSV, JSON Lines or stdin into raw documents with metadata.

Metadata comes, from weakest to strongest, from the input itself (CSV/JSONL columns),
a sidecar ``sources.json`` beside the files, and ``--source``/``--published`` on the
command line. Every bad input becomes an :class:`InputProblem` and the rest go on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from claimgraph.ingest.files import (
    DEFAULT_MAX_REPORT_BYTES,
    DEFAULT_MAX_TABLE_BYTES,
    SIDECAR_NAME,
    InputFile,
    decode,
    discover,
    read_text_file,
)
from claimgraph.ingest.tables import (
    ColumnMapping,
    default_mapping,
    parse_published,
    read_csv,
    read_jsonl,
)
from claimgraph.records import InputProblem, RawDocument

__all__ = ["IngestOptions", "read_inputs", "read_stdin"]


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs: metadata overrides, column mapping, size limit."""

    source: str | None = None
    published: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_REPORT_BYTES

    def mapping(self) -> ColumnMapping:
        """The column mapping with this run's ``--column`` overrides."""
        return default_mapping().with_overrides(self.columns)


Sidecar = dict[str, dict[str, Any]]


def load_sidecar(directory: Path) -> tuple[Sidecar, InputProblem | None]:
    """Per-file metadata from ``directory/sources.json``, and a warning if it is unreadable.

    The file holds a list of ``{"file", "source", "published", "url", "title"}`` objects
    or an object keyed by file name.
    """
    path = directory / SIDECAR_NAME
    if not path.is_file():
        return {}, None
    try:
        data = json.loads(decode(path.read_bytes())[0])
        rows = data if isinstance(data, list) else [{"file": k, **v} for k, v in data.items()]
        return {str(row["file"]): row for row in rows}, None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        reason = f"unreadable sidecar metadata ({error}); ignored"
        return {}, InputProblem(str(path), reason, fatal=False)


def _apply_metadata(
    document: RawDocument, meta: Mapping[str, Any], options: IngestOptions
) -> RawDocument:
    """The document with sidecar values where it has none, then command-line values."""
    formats = options.mapping().date_formats
    updates: dict[str, Any] = {}
    for key in ("source", "url", "title", "id"):
        if getattr(document, key) is None and meta.get(key):
            updates[key] = str(meta[key])
    if document.published is None and meta.get("published"):
        try:
            updates["published"] = parse_published(meta["published"], formats)
        except ValueError as error:
            document.warnings.append(f"sidecar: {error}")
    if options.source:
        updates["source"] = options.source
    if options.published:
        updates["published"] = parse_published(options.published, formats)
    return replace(document, **updates) if updates else document


def _read_file(
    item: InputFile, options: IngestOptions, mapping: ColumnMapping
) -> Iterator[RawDocument | InputProblem]:
    is_table = item.format in ("csv", "jsonl")
    limit = DEFAULT_MAX_TABLE_BYTES if is_table else options.max_bytes
    result = read_text_file(item.path, limit)
    if isinstance(result, InputProblem):
        yield result
        return
    text, warnings = result
    origin = str(item.path)
    if is_table:
        reader = read_csv if item.format == "csv" else read_jsonl
        rows = reader(text, origin, mapping)
        if warnings:
            yield InputProblem(origin, warnings[0], fatal=False)
        yield from rows
    else:
        yield RawDocument(origin=origin, raw=text, format=item.format, warnings=warnings)


def read_inputs(
    paths: list[str], options: IngestOptions | None = None
) -> Iterator[RawDocument | InputProblem]:
    """Raw documents from files and folders, in a stable order, with their metadata.

    ``-`` among the paths reads JSON Lines from standard input.
    """
    options = options or IngestOptions()
    mapping = options.mapping()
    sidecars: dict[Path, Sidecar] = {}
    for name in paths:
        if name == "-":
            yield from read_stdin(sys.stdin, options)
            continue
        for item in discover([name]):
            if isinstance(item, InputProblem):
                yield item
                continue
            folder = item.path.parent
            if folder not in sidecars:
                sidecars[folder], problem = load_sidecar(folder)
                if problem is not None:
                    yield problem
            sidecar = sidecars[folder]
            for document in _read_file(item, options, mapping):
                if isinstance(document, RawDocument):
                    document = _apply_metadata(document, sidecar.get(item.path.name, {}), options)
                yield document


def read_stdin(stream: TextIO, options: IngestOptions) -> Iterator[RawDocument | InputProblem]:
    """Raw documents from JSON Lines on a text stream, one per line, named ``-:LINE``."""
    for document in read_jsonl(stream.read(), "-", options.mapping()):
        yield (
            _apply_metadata(document, {}, options)
            if isinstance(document, RawDocument)
            else document
        )
