"""Rows of the link and assess tables, and the records read back from them.

The store keeps what linking and grading made (``schema.LINK_TABLES``): each document's
link inputs, the events and question clusters with their members and relations, the
grades, the report grades and the source profiles. This module turns those records into
rows and back; :class:`claimgraph.store.Store` runs the queries.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from claimgraph.assess.grades import Grade, ReportGrade
from claimgraph.assess.sources import SourceProfile
from claimgraph.link.corpus import ClaimKey, LinkInputs, event_id
from claimgraph.link.events import Event, ReportedEvent
from claimgraph.link.questions import CitedClaim, ClaimRelation, QuestionCluster

CONTESTING = ("contradict", "update")


def link_inputs_row(inputs: LinkInputs, voice: str | None) -> dict[str, Any]:
    """The ``link_inputs`` row of one document."""
    return {
        "document_id": inputs.document_id,
        "event": json.dumps(inputs.event.to_dict(), ensure_ascii=False),
        "claims": json.dumps(
            [[ordinal, claim.to_dict()] for ordinal, claim in sorted(inputs.claims.items())],
            ensure_ascii=False,
        ),
        "voice": voice,
    }


def link_inputs_from_row(row: Any) -> LinkInputs:
    """The link inputs of one ``link_inputs`` row."""
    claims = {ordinal: CitedClaim.from_dict(item) for ordinal, item in json.loads(row.claims)}
    return LinkInputs(row.document_id, ReportedEvent.from_dict(json.loads(row.event)), claims)


def event_rows(event: Event) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An event's ``events`` row (without its grade) and its ``event_reports`` rows."""
    eid = event_id(event)
    when, where, dead = event.date, event.place, event.fatalities
    row = {
        "id": eid,
        "date_start": when.start.isoformat() if when else None,
        "date_end": when.end.isoformat() if when else None,
        "date_precision": when.precision if when else None,
        "place": where.name if where else None,
        "place_precision": where.precision if where else None,
        "geonameid": where.geonameid if where else None,
        "country": where.country if where else None,
        "lat": where.lat if where else None,
        "lon": where.lon if where else None,
        "event_type": event.event_type,
        "reports": len(event.reports),
        "best": dead.best if dead else None,
        "low": dead.low if dead else None,
        "high": dead.high if dead else None,
    }
    members = [{"event_id": eid, "document_id": r.document_id} for r in event.reports]
    return row, members


def cluster_rows(
    cluster: QuestionCluster, keys: Mapping[tuple[str, int], ClaimKey]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A cluster's ``clusters`` row (without its grade), its ``cluster_claims`` rows and
    its ``relations`` rows; ``keys`` gives each claim's (document id, ordinal)."""
    cid = cluster.id

    def key(claim: CitedClaim) -> ClaimKey:
        return keys[claim.document_id, claim.claim.start]

    row = {
        "id": cid,
        "question": cluster.question,
        "claims": len(cluster.claims),
        "sources": len(cluster.sources),
        "contested": sum(r.relation in CONTESTING for r in cluster.relations),
    }
    claims = [
        {"cluster_id": cid, "document_id": document, "claim_ordinal": ordinal}
        for document, ordinal in sorted({key(claim) for claim in cluster.claims})
    ]
    relations = [
        {
            "cluster_id": cid,
            "ordinal": ordinal,
            "first_document": key(relation.first)[0],
            "first_claim": key(relation.first)[1],
            "second_document": key(relation.second)[0],
            "second_claim": key(relation.second)[1],
            "relation": relation.relation,
            "basis": relation.basis,
            "evidence": relation.evidence,
        }
        for ordinal, relation in enumerate(cluster.relations)
    ]
    return row, claims, relations


def cluster_from_rows(
    row: Any,
    members: Sequence[ClaimKey],
    relations: Sequence[Any],
    claims: Mapping[ClaimKey, CitedClaim],
) -> QuestionCluster:
    """A question cluster read back: its claims from the link inputs, its relations."""
    cluster = QuestionCluster(row.question, [claims[key] for key in members])
    cluster.relations = [
        ClaimRelation(
            claims[r.first_document, r.first_claim],
            claims[r.second_document, r.second_claim],
            r.relation,
            r.basis,
            r.evidence,
        )
        for r in sorted(relations, key=lambda r: r.ordinal)
    ]
    return cluster


def grade_columns(grade: Grade) -> dict[str, Any]:
    """The grade columns of an ``events`` or ``clusters`` row."""
    record = json.dumps(dataclasses.asdict(grade), ensure_ascii=False)
    return {"grade": grade.label, "score": grade.score, "grade_record": record}


def grade_from_row(row: Any) -> Grade | None:
    """The grade of an ``events`` or ``clusters`` row (None before grading)."""
    if row.grade_record is None:
        return None
    values = json.loads(row.grade_record)
    values["reasons"] = tuple(values["reasons"])
    return Grade(**values)


def report_grade_row(grade: ReportGrade) -> dict[str, Any]:
    """The ``report_grades`` row of one report."""
    reasons = json.dumps(list(grade.reasons), ensure_ascii=False)
    return {"document_id": grade.document_id, "score": grade.score, "reasons": reasons}


def report_grade_from_row(row: Any) -> ReportGrade:
    """The grade of a ``report_grades`` row joined with its document's source."""
    reasons = tuple(json.loads(row.reasons))
    return ReportGrade(row.document_id, row.source or "", row.score, reasons)


def profile_row(profile: SourceProfile) -> dict[str, Any]:
    """The ``source_profiles`` row of one outlet."""
    record = json.dumps(dataclasses.asdict(profile), ensure_ascii=False)
    return {"source": profile.source, "profile": record}


def profile_from_row(row: Any) -> SourceProfile:
    """The profile of a ``source_profiles`` row."""
    values = json.loads(row.profile)
    values["reasons"] = tuple(values.get("reasons", ()))
    return SourceProfile(**values)
