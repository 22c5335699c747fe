"""Keep the quoted pieces of an attribution whose content has a gap (``Attribution.pieces``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attributions") as batch:
        batch.add_column(sa.Column("pieces", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("attributions") as batch:
        batch.drop_column("pieces")
