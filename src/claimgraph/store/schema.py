"""The store's tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create them.

One row per record; every record row points to its document and keeps its position
(``ordinal``) in the extraction, which claims use to refer to their parts.

The link and assess stages' results (migration 0005) sit beside them: what each document
gives the linking (``link_inputs``), the events and question clusters with their members,
relations and grades, the per-report grades and the source profiles. Columns an analyst
filters on are columns; the rest of a record is a JSON cell.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("origin", Text, nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("published_inferred", Boolean, nullable=False),
    Column("language", String(16), nullable=False),
    Column("format", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("added_at", String(32), nullable=False),
    Column("casualties", Text),  # JSON of records.Casualties (migration 0002)
)


def _record_table(name: str, *columns: Column) -> Table:
    """A table of one record kind: document, position, span, then its own columns."""
    return Table(
        name,
        metadata,
        Column(
            "document_id",
            String(64),
            ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("ordinal", Integer, primary_key=True),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("text", Text, nullable=False),
        *columns,
    )


entities = _record_table(
    "entities",
    Column("label", String(32), nullable=False),
    Column("canonical", Text),
    Column("entity_id", Text, index=True),
)
places = _record_table(
    "places",
    Column("name", Text),
    Column("geonameid", Integer, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("feature", String(16)),
)
times = _record_table(
    "times",
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("granularity", String(16)),
)
quantities = _record_table(
    "quantities",
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approx", Text),
    Column("comparator", String(8)),
    Column("unit", Text),
    Column("counted", Text),
    Column("category", String(16), nullable=False),
    Column("who", Text),
    Column("about", Text),
)
attributions = _record_table(
    "attributions",
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("speaker", Text),
    Column("speaker_kind", String(16), nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("pieces", Text),  # JSON [[start, end, text], ...] (migration 0004)
)
claims = _record_table(
    "claims",
    Column("attribution", Integer),
    Column("quantity_refs", Text, nullable=False),
    Column("entity_refs", Text, nullable=False),
    Column("place_refs", Text, nullable=False),
    Column("time_refs", Text, nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("modality", String(16), nullable=False),
)

RECORD_TABLES = (entities, places, times, quantities, attributions, claims)


# -- link and assess (migration 0005) -------------------------------------------------


def _document_column(*, primary_key: bool = False) -> Column:
    return Column(
        "document_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        index=not primary_key,
    )


link_inputs = Table(
    "link_inputs",
    metadata,
    _document_column(primary_key=True),
    Column("event", Text, nullable=False),  # JSON of link.events.ReportedEvent
    Column("claims", Text, nullable=False),  # JSON list of link.questions.CitedClaim
    Column("voice", String(64), index=True),  # its voice's id where it has copies
)


def _grade_columns() -> list[Column]:
    return [
        Column("grade", String(16), index=True),
        Column("score", Float),
        Column("grade_record", Text),  # JSON of assess.grades.Grade
    ]


events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("date_precision", String(8)),
    Column("place", Text),
    Column("place_precision", String(16)),
    Column("geonameid", Integer),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("event_type", String(32)),
    Column("reports", Integer, nullable=False),
    Column("best", Float),
    Column("low", Float),
    Column("high", Float),
    *_grade_columns(),
)
event_reports = Table(
    "event_reports",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    _document_column(primary_key=True),
)
clusters = Table(
    "clusters",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("question", Text, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("sources", Integer, nullable=False),
    Column("contested", Integer, nullable=False),  # relations that contradict or update
    *_grade_columns(),
)
cluster_claims = Table(
    "cluster_claims",
    metadata,
    Column(
        "cluster_id", String(64), ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("document_id", String(64), primary_key=True, index=True),
    Column("claim_ordinal", Integer, primary_key=True),
    ForeignKeyConstraint(
        ["document_id", "claim_ordinal"],
        ["claims.document_id", "claims.ordinal"],
        ondelete="CASCADE",
    ),
)
relations = Table(
    "relations",
    metadata,
    Column(
        "cluster_id", String(64), ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("ordinal", Integer, primary_key=True),
    Column("first_document", String(64), nullable=False),
    Column("first_claim", Integer, nullable=False),
    Column("second_document", String(64), nullable=False),
    Column("second_claim", Integer, nullable=False),
    Column("relation", String(16), nullable=False, index=True),
    Column("basis", String(16), nullable=False),
    Column("evidence", Text, nullable=False),
)
report_grades = Table(
    "report_grades",
    metadata,
    _document_column(primary_key=True),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of strings
)
source_profiles = Table(
    "source_profiles",
    metadata,
    Column("source", Text, primary_key=True),
    Column("profile", Text, nullable=False),  # JSON of assess.sources.SourceProfile
)

LINK_TABLES = (
    link_inputs,
    events,
    event_reports,
    clusters,
    cluster_claims,
    relations,
    report_grades,
    source_profiles,
)
