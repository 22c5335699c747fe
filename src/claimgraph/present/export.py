"""Exports: the linked record as one JSON object (or CSV row) per event, question
cluster, source or voice.

``claimgraph export KIND`` writes what ``analyze`` stored: the events, question clusters
and source profiles with their grades (:class:`claimgraph.assess.corpus.Assessment`).
Voices (groups of near-duplicate reports) are found from the stored texts on the fly by
:func:`claimgraph.link.syndication.find_voices`. One function per kind turns records into
plain JSON-ready dicts (:func:`event_record`, :func:`cluster_record`,
:func:`source_record`, :func:`voice_record`), so a web API can serve the same shapes.

Records:

* an **event**: ``id``, ``date`` (start, end, precision, and the ``basis`` it was read
  from), ``place`` (name, precision, geonameid, lat, lon, country, admin1), ``actors``,
  ``type``, ``fatalities`` (best, low, high), ``sources`` and its ``reports``: each with
  document id, source, published, title, the report's own reading of the date and place,
  and its ``figure`` for the dead (as written, value, low, high, its comparator and hedge
  word, and the sentence it was read from; ``high`` is null where the report leaves the
  top open: "at least 70"), and
  the ``voice`` it belongs to where it is a copy of another stored report (null where it
  is not): copies are one voice, not corroboration; and its ``grade``;
* a **cluster** (a question the sources answer): ``id``, ``question``, ``sources``, its
  ``claims`` (document id, source, published, the sentence's ``text`` and ``span`` in
  the document, its ``figures`` by measure, polarity, modality, voice), the pairwise
  ``relations`` (the two claims as document id and span start, the ``relation``: agree,
  contradict, update or unrelated, its ``basis`` and its ``evidence`` in words) and its
  ``grade``;
* a **source**: the outlet's profile (:class:`claimgraph.assess.sources.SourceProfile`);
* a **grade** (inside events and clusters): ``label`` (corroborated, single source,
  contested, overtaken), ``score`` (0 to 1), ``reasons``, and for figures the
  ``conservative`` figure with the ``low`` and ``high`` of the range;
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
import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from claimgraph.assess.figures import Figure
from claimgraph.assess.grades import Grade, GradedQuestion
from claimgraph.assess.sources import SourceProfile
from claimgraph.link.corpus import event_id, voice_id
from claimgraph.link.events import (
    Event,
    EventDate,
    EventPlace,
    Fatalities,
    ReportedEvent,
    ReportFigure,
)
from claimgraph.link.questions import CitedClaim
from claimgraph.link.syndication import Member, Voice

__all__ = [
    "CLUSTER_COLUMNS",
    "EVENT_COLUMNS",
    "FORMATS",
    "SOURCE_COLUMNS",
    "VOICE_COLUMNS",
    "cluster_record",
    "event_record",
    "source_record",
    "voice_record",
    "write_csv",
    "write_jsonl",
]

Record = dict[str, Any]

FORMATS = ("jsonl", "csv")
JACCARD_DIGITS = 3  # the MinHash estimate's standard error is about 0.04 (syndication.py)
SCORE_DIGITS = 3

_DATE_FIELDS = ("start", "end", "precision", "basis")
_PLACE_FIELDS = ("name", "precision", "geonameid", "lat", "lon", "country", "admin1")
_GRADE_FIELDS = ("label", "score", "reasons", "conservative", "low", "high")
_GRADE_COLUMNS = tuple(f"grade.{name}" for name in _GRADE_FIELDS)
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
    *_GRADE_COLUMNS,
)
CLUSTER_COLUMNS = ("id", "question", "sources", "claims", "relations", *_GRADE_COLUMNS)
SOURCE_COLUMNS = tuple(field.name for field in dataclasses.fields(SourceProfile))
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


def _grade(grade: Grade | None) -> Record | None:
    if grade is None:
        return None
    return {
        "label": grade.label,
        "score": round(grade.score, SCORE_DIGITS),
        "reasons": list(grade.reasons),
        "conservative": _number(grade.conservative),
        "low": _number(grade.low),
        "high": _number(grade.high),
    }


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
        "comparator": figure.comparator,
        "approx": figure.approx,
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


def event_record(
    event: Event, voice_of: Mapping[str, str] | None = None, grade: Grade | None = None
) -> Record:
    """One event as a JSON-ready record (the shape in the module docstring).

    ``voice_of`` maps the document id of each report that has copies to its voice's id.
    """
    return {
        "id": event_id(event),
        "date": _date(event.date),
        "place": _place(event.place),
        "actors": list(event.actors),
        "type": event.event_type,
        "fatalities": _fatalities(event.fatalities),
        "sources": event.sources,
        "reports": [_report(report, voice_of or {}) for report in event.reports],
        "grade": _grade(grade),
    }


def _measure(measure: str, figure: Figure) -> Record:
    return {
        "measure": measure,
        "text": figure.text,
        "value": _number(figure.value),
        "low": _number(figure.low),
        "high": _number(figure.high),
        "comparator": figure.comparator,
    }


def _claim(claim: CitedClaim, voice_of: Mapping[str, str]) -> Record:
    return {
        "document_id": claim.document_id,
        "source": claim.source,
        "published": claim.published,
        "text": claim.text,
        "span": [claim.claim.start, claim.claim.end],
        "figures": [_measure(measure, f) for measure, f in claim.measures.items()],
        "polarity": claim.claim.polarity,
        "modality": claim.claim.modality,
        "voice": voice_of.get(claim.document_id),
    }


def cluster_record(question: GradedQuestion, voice_of: Mapping[str, str] | None = None) -> Record:
    """One question cluster with its claims, relations and grade (module docstring)."""
    cluster = question.cluster
    return {
        "id": cluster.id,
        "question": cluster.question,
        "sources": cluster.sources,
        "claims": [_claim(claim, voice_of or {}) for claim in cluster.claims],
        "relations": [
            {
                "first": {"document_id": r.first.document_id, "start": r.first.claim.start},
                "second": {"document_id": r.second.document_id, "start": r.second.claim.start},
                "relation": r.relation,
                "basis": r.basis,
                "evidence": r.evidence,
            }
            for r in cluster.relations
        ],
        "grade": _grade(question.grade),
    }


def source_record(profile: SourceProfile) -> Record:
    """One outlet's profile as a JSON-ready record."""
    record = dataclasses.asdict(profile)
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in record.items()
    }


def _member(member: Member) -> Record:
    return {
        "document_id": member.document_id,
        "source": member.source,
        "published": member.published,
    }


def voice_record(voice: Voice) -> Record:
    """One group of near-duplicate reports as a JSON-ready record (module docstring)."""
    return {
        "id": voice_id(voice),
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
