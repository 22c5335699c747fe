"""Exports: the linked record as one JSON object (or CSV row) per event or voice.

``claimgraph export KIND`` computes what it writes from the stored extractions on the
fly: events by :func:`claimgraph.link.events.group_events`, voices (groups of
near-duplicate reports) by :func:`claimgraph.link.syndication.find_voices`. One function
per kind turns the extractions into plain JSON-ready records (:func:`event_records`,
:func:`voice_records`), so a web API can serve the same shapes.

Records:

* an **event**: ``id``, ``date`` (start, end, precision, and the ``basis`` it was read
  from), ``place`` (name, precision, geonameid, lat, lon, country, admin1), ``actors``,
  ``type``, ``fatalities`` (best, low, high), ``sources`` and its ``reports``: each with
  document id, source, published, title, the report's own reading of the date and place,
  and its ``figure`` for the dead (as written, value, low, high, and the sentence it was
  read from; ``high`` is null where the report leaves the top open: "at least 70"), and
  the ``voice`` it belongs to where it is a copy of another stored report (null where it
  is not): copies are one voice, not corroboration;
* a **voice**: ``id``, ``origin`` (the member published first), ``members`` (document id,
  source, published, in order of publication), ``sources``, and the near-duplicate
  ``pairs`` that join them with their estimated Jaccard similarity.

Absent values are null. An ``id`` is a hash of the member document ids, so the same
group gets the same id in every export. Figures that are whole numbers are written as
integers.

CSV has one row per record, like the JSON Lines: nested objects become dotted columns
(``date.start``, ``place.name``), lists become a JSON array in their cell (``actors``,
``reports``, ``pairs``). One row per (event, report) was the other choice; it does not
extend to records with two lists (a claim cluster's claims and relations), and a JSON
cell is read back whole by any CSV reader.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from claimgraph.link.events import (
    Event,
    EventDate,
    EventPlace,
    Fatalities,
    ReportedEvent,
    ReportFigure,
    group_events,
)
from claimgraph.link.syndication import Member, Voice, find_voices
from claimgraph.records import Extraction

__all__ = [
    "EVENT_COLUMNS",
    "EXPORT_KINDS",
    "FORMATS",
    "VOICE_COLUMNS",
    "event_record",
    "event_records",
    "voice_record",
    "voice_records",
    "write_csv",
    "write_jsonl",
]

Record = dict[str, Any]

FORMATS = ("jsonl", "csv")
JACCARD_DIGITS = 3  # the MinHash estimate's standard error is about 0.04 (syndication.py)

_DATE_FIELDS = ("start", "end", "precision", "basis")
_PLACE_FIELDS = ("name", "precision", "geonameid", "lat", "lon", "country", "admin1")
# The CSV columns of each kind, in order: a record's leaves, dotted (see the docstring).
EVENT_COLUMNS = (
    "id",
    *(f"date.{name}" for name in _DATE_FIELDS),
    *(f"place.{name}" for name in _PLACE_FIELDS),
    "actors",
    "type",
    "fatalities.best",
    "fatalities.low",
    "fatalities.high",
    "sources",
    "reports",
)
VOICE_COLUMNS = (
    "id",
    "origin.document_id",
    "origin.source",
    "origin.published",
    "members",
    "sources",
    "pairs",
)


def _number(value: float | None) -> float | int | None:
    """A count as an integer where it is whole (70, not 70.0)."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _group_id(prefix: str, document_ids: Iterable[str]) -> str:
    """A stable id for a group of reports: the same members give the same id."""
    digest = hashlib.sha1("\n".join(sorted(document_ids)).encode()).hexdigest()
    return f"{prefix}-{digest[:12]}"


def _date(when: EventDate | None) -> Record | None:
    if when is None:
        return None
    return {
        "start": when.start.isoformat(),
        "end": when.end.isoformat(),
        "precision": when.precision,
        "basis": when.basis,
    }


def _place(where: EventPlace | None) -> Record | None:
    if where is None:
        return None
    return {name: getattr(where, name) for name in _PLACE_FIELDS}


def _figure(figure: ReportFigure | None) -> Record | None:
    if figure is None:
        return None
    return {
        "text": figure.text,
        "value": _number(figure.value),
        "low": _number(figure.low),
        "high": _number(figure.high),
        "sentence": figure.sentence,
    }


def _fatalities(dead: Fatalities | None) -> Record | None:
    if dead is None:
        return None
    return {"best": _number(dead.best), "low": _number(dead.low), "high": _number(dead.high)}


def _report(report: ReportedEvent, voice_of: Mapping[str, str]) -> Record:
    return {
        "document_id": report.document_id,
        "source": report.source,
        "published": report.published,
        "title": report.title,
        "date": _date(report.date),
        "place": _place(report.place),
        "figure": _figure(report.dead),
        "voice": voice_of.get(report.document_id),
    }


def event_record(event: Event, voice_of: Mapping[str, str] | None = None) -> Record:
    """One event as a JSON-ready record (the shape in the module docstring).

    ``voice_of`` maps the document id of each report that has copies to its voice's id.
    """
    return {
        "id": _group_id("event", (report.document_id for report in event.reports)),
        "date": _date(event.date),
        "place": _place(event.place),
        "actors": list(event.actors),
        "type": event.event_type,
        "fatalities": _fatalities(event.fatalities),
        "sources": event.sources,
        "reports": [_report(report, voice_of or {}) for report in event.reports],
    }


def event_records(extractions: Iterable[Extraction]) -> Iterator[Record]:
    """The events the reports tell of, most reported first, as records."""
    stored = list(extractions)  # read twice: for the voices, then for the events
    voice_of = {
        member["document_id"]: voice["id"]
        for voice in voice_records(stored)
        for member in voice["members"]
    }
    return (event_record(event, voice_of) for event in group_events(stored))


def _member(member: Member) -> Record:
    return {
        "document_id": member.document_id,
        "source": member.source,
        "published": member.published,
    }


def voice_record(voice: Voice) -> Record:
    """One group of near-duplicate reports as a JSON-ready record (module docstring)."""
    return {
        "id": _group_id("voice", (member.document_id for member in voice.members)),
        "origin": _member(voice.origin),
        "members": [_member(member) for member in voice.members],
        "sources": voice.sources,
        "pairs": [
            {
                "first": pair.first,
                "second": pair.second,
                "jaccard": round(pair.jaccard, JACCARD_DIGITS),
            }
            for pair in voice.pairs
        ],
    }


def voice_records(extractions: Iterable[Extraction]) -> Iterator[Record]:
    """The groups of two or more near-duplicate reports, largest first, as records."""
    voices = find_voices(extraction.document for extraction in extractions)
    return (voice_record(voice) for voice in voices)


# Kind -> (records of the extractions, CSV columns): what `claimgraph export` offers.
EXPORT_KINDS = {
    "events": (event_records, EVENT_COLUMNS),
    "voices": (voice_records, VOICE_COLUMNS),
}


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """Write one JSON object per line; the number written."""
    written = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written


def _cell(record: Record, column: str) -> Any:
    """The value at a dotted column: "" where it or an object above it is null; a list
    as JSON text."""
    value: Any = record
    for key in column.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(records: Iterable[Record], columns: Sequence[str], out: TextIO) -> int:
    """Write a header and one row per record (module docstring); the number of rows.

    Nothing at all is written where there are no records.
    """
    writer = csv.writer(out)
    written = 0
    for record in records:
        if not written:
            writer.writerow(columns)
        writer.writerow([_cell(record, column) for column in columns])
        written += 1
    return written
