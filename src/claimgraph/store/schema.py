"""The store's tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create them.

One row per record; every record row points to its document and keeps its position
(``ordinal``) in the extraction, which claims use to refer to their parts.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
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
