"""The link and assess stages' tables: link inputs, events, question clusters, relations,
report grades and source profiles (see ``store/schema.py``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (
    "link_inputs",
    "events",
    "event_reports",
    "clusters",
    "cluster_claims",
    "relations",
    "report_grades",
    "source_profiles",
)


def _document(*, primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "document_id",
        sa.String(64),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        index=not primary_key,
    )


def _grade() -> list[sa.Column]:
    return [
        sa.Column("grade", sa.String(16), index=True),
        sa.Column("score", sa.Float),
        sa.Column("grade_record", sa.Text),
    ]


def _parent(name: str, table: str) -> sa.Column:
    return sa.Column(
        name, sa.String(64), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "link_inputs",
        _document(primary_key=True),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("claims", sa.Text, nullable=False),
        sa.Column("voice", sa.String(64), index=True),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("date_start", sa.String(10), index=True),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("place", sa.Text),
        sa.Column("place_precision", sa.String(16)),
        sa.Column("geonameid", sa.Integer),
        sa.Column("country", sa.String(2)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("event_type", sa.String(32)),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("best", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        *_grade(),
    )
    op.create_table("event_reports", _parent("event_id", "events"), _document(primary_key=True))
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("contested", sa.Integer, nullable=False),
        *_grade(),
    )
    op.create_table(
        "cluster_claims",
        _parent("cluster_id", "clusters"),
        sa.Column("document_id", sa.String(64), primary_key=True, index=True),
        sa.Column("claim_ordinal", sa.Integer, primary_key=True),
        sa.ForeignKeyConstraint(
            ["document_id", "claim_ordinal"],
            ["claims.document_id", "claims.ordinal"],
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "relations",
        _parent("cluster_id", "clusters"),
        sa.Column("ordinal", sa.Integer, primary_key=True),
        sa.Column("first_document", sa.String(64), nullable=False),
        sa.Column("first_claim", sa.Integer, nullable=False),
        sa.Column("second_document", sa.String(64), nullable=False),
        sa.Column("second_claim", sa.Integer, nullable=False),
        sa.Column("relation", sa.String(16), nullable=False, index=True),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_table(
        "report_grades",
        _document(primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
    )
    op.create_table(
        "source_profiles",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("profile", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
