"""The first schema: documents and their extracted records.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RECORD_TABLES = ("entities", "places", "times", "quantities", "attributions", "claims")


def _record_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column(
            "document_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("ordinal", sa.Integer, primary_key=True),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        *columns,
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    _record_table(
        "entities",
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("canonical", sa.Text),
        sa.Column("entity_id", sa.Text),
    )
    op.create_index("ix_entities_entity_id", "entities", ["entity_id"])
    _record_table(
        "places",
        sa.Column("name", sa.Text),
        sa.Column("geonameid", sa.Integer),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("country", sa.String(2)),
        sa.Column("feature", sa.String(16)),
    )
    op.create_index("ix_places_geonameid", "places", ["geonameid"])
    _record_table(
        "times",
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_date", sa.String(10)),
        sa.Column("granularity", sa.String(16)),
    )
    _record_table(
        "quantities",
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("approx", sa.Text),
        sa.Column("comparator", sa.String(8)),
        sa.Column("unit", sa.Text),
        sa.Column("counted", sa.Text),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("who", sa.Text),
    )
    _record_table(
        "attributions",
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("source_text", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_kind", sa.String(16), nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
    )
    _record_table(
        "claims",
        sa.Column("attribution", sa.Integer),
        sa.Column("quantity_refs", sa.Text, nullable=False),
        sa.Column("entity_refs", sa.Text, nullable=False),
        sa.Column("place_refs", sa.Text, nullable=False),
        sa.Column("time_refs", sa.Text, nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    for name in reversed(RECORD_TABLES):
        op.drop_table(name)
    op.drop_table("documents")
