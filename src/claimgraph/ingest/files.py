"""Finding input files and reading their bytes into text, with clear complaints."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.records import InputProblem

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
SIDECAR_NAME = "sources.json"
# One report in a .txt or .html file; larger is a mistake (a dump, a binary, a log),
# and would take minutes and gigabytes in the parser. Tables are read row by row.
DEFAULT_MAX_REPORT_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_TABLE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read and the format its name says it holds."""

    path: Path
    format: str


def discover(paths: list[str]) -> Iterator[InputFile | InputProblem]:
    """Files under the given paths (folders recursively, sorted), or a problem per bad path.

    Hidden files, sidecar metadata files and files of unknown type inside folders are
    passed over silently; a file named explicitly with an unknown type is a problem.
    """
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if child.name != SIDECAR_NAME and child.suffix.lower() in FORMATS:
                    yield InputFile(child, FORMATS[child.suffix.lower()])
        elif path.is_file():
            suffix = path.suffix.lower()
            if suffix in FORMATS:
                yield InputFile(path, FORMATS[suffix])
            else:
                known = ", ".join(sorted(FORMATS))
                yield InputProblem(name, f"unsupported file type {suffix or '(none)'!r} ({known})")
        elif path.exists():
            yield InputProblem(name, "not a regular file")
        else:
            yield InputProblem(name, "no such file or directory")


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text: NUL bytes, or many control characters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str | None]:
    """Text from bytes: UTF-8 (with or without BOM) or BOM-marked UTF-16.

    Invalid UTF-8 is decoded with replacement characters; the second value then
    says where the first bad byte was, for a warning.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
        return text, (
            f"invalid UTF-8 at byte {error.start}; decoded with replacement characters (U+FFFD)"
        )


def read_text_file(
    path: Path, max_bytes: int = DEFAULT_MAX_REPORT_BYTES
) -> tuple[str, list[str]] | InputProblem:
    """The text of a one-report file with its warnings, or the reason it cannot be used."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputProblem(
                origin,
                f"file too large: {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                "limit for one report (--max-bytes)",
            )
        data = path.read_bytes()
    except OSError as error:
        return InputProblem(origin, f"cannot read: {error.strerror or error}")
    if not data.strip():
        return InputProblem(origin, "empty file")
    if looks_binary(data):
        return InputProblem(origin, "binary file, not text")
    text, warning = decode(data)
    return text, [warning] if warning else []
