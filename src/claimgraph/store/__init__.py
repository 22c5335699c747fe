"""Store: documents and their records in SQLite (WAL) by default, any SQLAlchemy URL otherwise.

Each document is written with all its records in one transaction, so an interrupted
run leaves the store as it was after the last completed document. The schema is
created and upgraded by Alembic migrations shipped in the package.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, bindparam, create_engine, delete, event, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from claimgraph.assess.corpus import Assessment
from claimgraph.assess.grades import GradedEvent, GradedQuestion
from claimgraph.link.corpus import (
    ClaimKey,
    LinkInputs,
    LinkUpdate,
    claims_by_key,
    event_id,
)
from claimgraph.link.events import Event, ReportedEvent, event_of
from claimgraph.link.questions import QuestionCluster
from claimgraph.records import (
    Attribution,
    Casualties,
    Claim,
    Document,
    EntityMention,
    Extraction,
    Place,
    Quantity,
    Span,
    TimeExpression,
)
from claimgraph.store import links, schema

DEFAULT_DATABASE = "claimgraph.db"


def report_order(report: ReportedEvent) -> tuple[bool, str, str, str]:
    """Reports in the order the store gives documents: by publication date, then source."""
    return (report.published is None, report.published or "", report.source, report.document_id)


class StoreError(RuntimeError):
    """The store cannot be opened or used (not a database, no permission, ...)."""


# Record kind -> (table, record class); the order is the Extraction's field order.
RECORD_KINDS: dict[str, tuple[Any, type]] = {
    "entities": (schema.entities, EntityMention),
    "places": (schema.places, Place),
    "times": (schema.times, TimeExpression),
    "quantities": (schema.quantities, Quantity),
    "attributions": (schema.attributions, Attribution),
    "claims": (schema.claims, Claim),
}
CLAIM_REFS = ("quantities", "entities", "places", "times")


def database_url(target: str) -> str:
    """A SQLAlchemy URL for a path (SQLite) or a URL given as such."""
    return target if "://" in target else f"sqlite:///{Path(target).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _record_row(kind: str, document_id: str, ordinal: int, record: Any) -> dict[str, Any]:
    """The table row of one record."""
    row: dict[str, Any] = {"document_id": document_id, "ordinal": ordinal}
    if isinstance(record, Attribution):
        content, source, cue = record.content, record.source, record.cue
        row.update(start_char=content.start, end_char=content.end, text=content.text)
        row.update(
            source_start=source.start if source else None,
            source_end=source.end if source else None,
            source_text=source.text if source else None,
            cue_start=cue.start if cue else None,
            cue_end=cue.end if cue else None,
            cue_text=cue.text if cue else None,
            speaker=record.speaker,
            speaker_kind=record.speaker_kind,
            direct=record.direct,
            pieces=json.dumps([[p.start, p.end, p.text] for p in record.pieces]),
        )
        return row
    values = dataclasses.asdict(record)
    row["start_char"], row["end_char"] = values.pop("start"), values.pop("end")
    if kind == "claims":
        for ref in CLAIM_REFS:
            row[f"{_singular(ref)}_refs"] = json.dumps(values.pop(ref))
    row.update(values)
    return row


def record_from_row(kind: str, row: Any) -> Any:
    """The record of one table row."""
    values = dict(row._mapping)
    values.pop("document_id")
    values.pop("ordinal")
    start, end = values.pop("start_char"), values.pop("end_char")
    if kind == "attributions":
        source = (
            Span(values["source_start"], values["source_end"], values["source_text"])
            if values["source_start"] is not None
            else None
        )
        cue = (
            Span(values["cue_start"], values["cue_end"], values["cue_text"])
            if values["cue_start"] is not None
            else None
        )
        return Attribution(
            content=Span(start, end, values["text"]),
            source=source,
            cue=cue,
            speaker=values["speaker"],
            speaker_kind=values["speaker_kind"],
            direct=bool(values["direct"]),
            pieces=[Span(*piece) for piece in json.loads(values["pieces"] or "[]")],
        )
    if kind == "claims":
        refs = {ref: json.loads(values.pop(f"{_singular(ref)}_refs")) for ref in CLAIM_REFS}
        return Claim(start=start, end=end, **values, **refs)
    return RECORD_KINDS[kind][1](start=start, end=end, **values)


def document_from_row(row: Any) -> tuple[Document, Casualties | None]:
    """The document of a ``documents`` row and its casualty summary."""
    values = dict(row._mapping)
    values.pop("added_at")
    summary = values.pop("casualties")
    casualties = Casualties.from_dict(json.loads(summary)) if summary else None
    return Document(**values), casualties


def _singular(kind: str) -> str:
    return {"quantities": "quantity", "entities": "entity", "places": "place", "times": "time"}[
        kind
    ]


class Store:
    """The claim store: one SQLite file by default."""

    def __init__(self, target: str = DEFAULT_DATABASE) -> None:
        url = database_url(target)
        self.engine: Engine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
            if self.engine.url.database:
                Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.migrate()
        except SQLAlchemyError as error:
            self.engine.dispose()
            reason = getattr(error, "orig", None) or error  # the driver's own message
            raise StoreError(f"{target}: cannot open the store ({reason})") from error

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        config = Config()
        location = resources.files("claimgraph.store").joinpath("migrations")
        config.set_main_option("script_location", str(location))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are stored already."""
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as connection:
            for offset in range(0, len(wanted), 500):
                chunk = wanted[offset : offset + 500]
                query = select(schema.documents.c.id).where(schema.documents.c.id.in_(chunk))
                found.update(connection.scalars(query))
        return found

    def save(self, extraction: Extraction) -> int:
        """Store a document and all its records in one transaction; the number of records.

        A document already stored (same id) is left as it is and 0 is returned.
        """
        document = extraction.document
        with self.engine.begin() as connection:
            if self._has(connection, document.id):
                return 0
            row = dataclasses.asdict(document)
            row["added_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
            if extraction.casualties is not None:
                row["casualties"] = json.dumps(dataclasses.asdict(extraction.casualties))
            connection.execute(schema.documents.insert(), [row])
            stored = 0
            for kind, (table, _cls) in RECORD_KINDS.items():
                records = getattr(extraction, kind)
                if records:
                    rows = [_record_row(kind, document.id, i, r) for i, r in enumerate(records)]
                    connection.execute(table.insert(), rows)
                    stored += len(rows)
        return stored

    @staticmethod
    def _has(connection: Connection, document_id: str) -> bool:
        query = select(schema.documents.c.id).where(schema.documents.c.id == document_id)
        return connection.execute(query).first() is not None

    def extractions(self, document_ids: Collection[str] | None = None) -> Iterator[Extraction]:
        """The stored documents with their records, by publication date then source:
        every one, or those of ``document_ids`` (ids not stored are left out)."""
        with self.engine.connect() as connection:
            grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
            for kind, (table, _cls) in RECORD_KINDS.items():
                query = select(table).order_by(table.c.document_id, table.c.ordinal)
                if document_ids is not None:
                    query = query.where(table.c.document_id.in_(document_ids))
                for row in connection.execute(query):
                    grouped[row.document_id][kind].append(record_from_row(kind, row))
            docs = schema.documents
            query = select(docs).order_by(
                docs.c.published.is_(None), docs.c.published, docs.c.source
            )
            if document_ids is not None:
                query = query.where(docs.c.id.in_(document_ids))
            for row in connection.execute(query):
                document, casualties = document_from_row(row)
                records = grouped.get(document.id, {})
                extraction = Extraction(document, casualties=casualties)
                for kind in RECORD_KINDS:
                    setattr(extraction, kind, records.get(kind, []))
                yield extraction

    def counts(self) -> dict[str, int]:
        """The number of documents and of each record kind stored."""
        with self.engine.connect() as connection:
            tables = [("documents", schema.documents)]
            tables += [(kind, table) for kind, (table, _cls) in RECORD_KINDS.items()]
            return {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in tables
            }

    # -- link and assess --------------------------------------------------------------

    def unlinked_ids(self) -> set[str]:
        """The stored documents the link stage has not seen yet."""
        docs, inputs = schema.documents, schema.link_inputs
        query = select(docs.c.id).where(~docs.c.id.in_(select(inputs.c.document_id)))
        with self.engine.connect() as connection:
            return set(connection.scalars(query))

    def link_inputs(self, document_ids: Collection[str] | None = None) -> list[LinkInputs]:
        """The link inputs of every linked document, or of those of ``document_ids``."""
        query = select(schema.link_inputs)
        if document_ids is not None:
            query = query.where(schema.link_inputs.c.document_id.in_(document_ids))
        with self.engine.connect() as connection:
            return [links.link_inputs_from_row(row) for row in connection.execute(query)]

    def event_members(self, event_ids: Collection[str] | None = None) -> dict[str, list[str]]:
        """Each stored event's id (every one, or those of ``event_ids``) -> its reports'
        document ids."""
        query = select(schema.event_reports)
        if event_ids is not None:
            query = query.where(schema.event_reports.c.event_id.in_(event_ids))
        found: dict[str, list[str]] = defaultdict(list)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                found[row.event_id].append(row.document_id)
        return dict(found)

    def cluster_members(
        self, cluster_ids: Collection[str] | None = None
    ) -> dict[str, list[ClaimKey]]:
        """Each stored question cluster's id (every one, or those of ``cluster_ids``) ->
        its claims' (document id, ordinal)."""
        table = schema.cluster_claims
        query = select(table).order_by(
            table.c.cluster_id, table.c.document_id, table.c.claim_ordinal
        )
        if cluster_ids is not None:
            query = query.where(table.c.cluster_id.in_(cluster_ids))
        found: dict[str, list[ClaimKey]] = defaultdict(list)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                found[row.cluster_id].append((row.document_id, row.claim_ordinal))
        return dict(found)

    def save_links(
        self, inputs: Sequence[LinkInputs], changes: LinkUpdate, voice_of: Mapping[str, str]
    ) -> None:
        """Store new documents' link inputs and what re-linking changed, in one transaction.

        ``voice_of`` maps every document with copies to its voice's id. Either all of it is
        stored or none: a document's inputs are never kept without the groups it joined.
        """
        table = schema.link_inputs
        with self.engine.begin() as connection:
            if inputs:
                rows = [links.link_inputs_row(i, voice_of.get(i.document_id)) for i in inputs]
                connection.execute(table.insert(), rows)
            connection.execute(update(table).values(voice=None))
            if voice_of:
                by_document = table.c.document_id == bindparam("document")
                connection.execute(
                    update(table).where(by_document).values(voice=bindparam("voice_id")),
                    [{"document": d, "voice_id": v} for d, v in voice_of.items()],
                )
            if changes.retired_events:
                retired = schema.events.c.id.in_(changes.retired_events)
                connection.execute(delete(schema.events).where(retired))
            for event in changes.events:
                row, members = links.event_rows(event)
                connection.execute(schema.events.insert(), [row])
                connection.execute(schema.event_reports.insert(), members)
            if changes.retired_clusters:
                retired = schema.clusters.c.id.in_(changes.retired_clusters)
                connection.execute(delete(schema.clusters).where(retired))
            for cluster in changes.clusters:
                row, claims, relations = links.cluster_rows(cluster, changes.claim_keys)
                connection.execute(schema.clusters.insert(), [row])
                connection.execute(schema.cluster_claims.insert(), claims)
                if relations:
                    connection.execute(schema.relations.insert(), relations)

    def voice_of(self) -> dict[str, str]:
        """Each document with copies -> its voice's id."""
        table = schema.link_inputs
        query = select(table.c.document_id, table.c.voice).where(table.c.voice.is_not(None))
        with self.engine.connect() as connection:
            return {row.document_id: row.voice for row in connection.execute(query)}

    def linked(
        self, event_ids: Collection[str] | None = None, cluster_ids: Collection[str] | None = None
    ) -> tuple[list[Event], list[QuestionCluster]]:
        """The stored events, most reported first, then by date; and the question
        clusters, most contested first, then the largest. Every one, or only those of
        ``event_ids`` and ``cluster_ids`` (then only their documents' inputs are read)."""
        event_members = self.event_members(event_ids)
        members = self.cluster_members(cluster_ids)
        if event_ids is None and cluster_ids is None:
            inputs = self.link_inputs()
        else:
            needed = {d for documents in event_members.values() for d in documents}
            needed |= {d for keys in members.values() for d, _ordinal in keys}
            inputs = self.link_inputs(needed)
        reported = {i.document_id: i.event for i in inputs}
        # A stored event is rebuilt from its reports as they were grouped, not regrouped:
        # rules changed by an upgrade must not split it under its stored grade.
        events = [
            event_of(sorted((reported[d] for d in documents), key=report_order))
            for documents in event_members.values()
        ]
        claims = claims_by_key(inputs)
        relations: dict[str, list[Any]] = defaultdict(list)
        clusters_query, relations_query = select(schema.clusters), select(schema.relations)
        if cluster_ids is not None:
            clusters_query = clusters_query.where(schema.clusters.c.id.in_(cluster_ids))
            relations_query = relations_query.where(schema.relations.c.cluster_id.in_(cluster_ids))
        with self.engine.connect() as connection:
            for row in connection.execute(relations_query):
                relations[row.cluster_id].append(row)
            rows = list(connection.execute(clusters_query))
        rows.sort(key=lambda row: (-row.contested, -row.claims, row.question, row.id))
        clusters = [
            links.cluster_from_rows(row, members[row.id], relations[row.id], claims) for row in rows
        ]
        events.sort(
            key=lambda e: (-len(e.reports), e.date.start if e.date else date.max, event_id(e))
        )
        return events, clusters

    def save_assessment(self, assessment: Assessment) -> None:
        """Store the grades, the report grades and the source profiles (replacing those
        stored), in one transaction."""
        with self.engine.begin() as connection:
            for graded in assessment.events:
                connection.execute(
                    update(schema.events)
                    .where(schema.events.c.id == event_id(graded.event))
                    .values(**links.grade_columns(graded.grade))
                )
            for question in assessment.questions:
                connection.execute(
                    update(schema.clusters)
                    .where(schema.clusters.c.id == question.cluster.id)
                    .values(**links.grade_columns(question.grade))
                )
            connection.execute(delete(schema.report_grades))
            if assessment.reports:
                rows = [links.report_grade_row(r) for r in assessment.reports.values()]
                connection.execute(schema.report_grades.insert(), rows)
            connection.execute(delete(schema.source_profiles))
            if assessment.sources:
                rows = [links.profile_row(profile) for profile in assessment.sources]
                connection.execute(schema.source_profiles.insert(), rows)

    def assessment(self) -> Assessment:
        """The graded events and questions, report grades and source profiles stored by
        the last ``analyze``."""
        events, clusters = self.linked()
        grades = (schema.events, schema.clusters)
        reports = select(schema.report_grades, schema.documents.c.source).join(schema.documents)
        with self.engine.connect() as connection:
            event_grades, cluster_grades = (
                {row.id: links.grade_from_row(row) for row in connection.execute(select(table))}
                for table in grades
            )
            report_grades = [
                links.report_grade_from_row(row) for row in connection.execute(reports)
            ]
            profiles = [
                links.profile_from_row(row)
                for row in connection.execute(select(schema.source_profiles))
            ]
        return Assessment(
            events=[
                GradedEvent(event, grade)
                for event in events
                if (grade := event_grades.get(event_id(event))) is not None
            ],
            questions=[
                GradedQuestion(cluster, grade)
                for cluster in clusters
                if (grade := cluster_grades.get(cluster.id)) is not None
            ],
            reports={grade.document_id: grade for grade in report_grades},
            sources=profiles,
        )
