"""Keep whom or what each figure is about (``Quantity.about``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quantities") as batch:
        batch.add_column(sa.Column("about", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("quantities") as batch:
        batch.drop_column("about")
