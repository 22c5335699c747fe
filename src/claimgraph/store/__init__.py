"""Store: documents and their records in SQLite (WAL) by default, any SQLAlchemy URL otherwise.

Each document is written with all its records in one transaction, so an interrupted
run leaves the store as it was after the last completed document. The schema is
created and upgraded by Alembic migrations shipped in the package.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

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
from claimgraph.store import schema

DEFAULT_DATABASE = "claimgraph.db"


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


def _record_from_row(kind: str, row: Any) -> Any:
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

    def extractions(self) -> Iterator[Extraction]:
        """Every stored document with its records, by publication date then source."""
        with self.engine.connect() as connection:
            grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
            for kind, (table, _cls) in RECORD_KINDS.items():
                query = select(table).order_by(table.c.document_id, table.c.ordinal)
                for row in connection.execute(query):
                    grouped[row.document_id][kind].append(_record_from_row(kind, row))
            docs = schema.documents
            query = select(docs).order_by(
                docs.c.published.is_(None), docs.c.published, docs.c.source
            )
            for row in connection.execute(query):
                values = dict(row._mapping)
                values.pop("added_at")
                summary = values.pop("casualties")
                document = Document(**values)
                records = grouped.get(document.id, {})
                extraction = Extraction(document)
                for kind in RECORD_KINDS:
                    setattr(extraction, kind, records.get(kind, []))
                if summary:
                    extraction.casualties = Casualties.from_dict(json.loads(summary))
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
