"""Full-text search: FTS5 tables over report titles and texts and over claim sentences.

``documents_fts`` (title, text) and ``claims_fts`` (text) are external-content tables:
they index the rows of ``documents`` and ``claims`` by rowid without a second copy of
the text. Triggers keep them in step on insert, update and delete (a document's claims
leave with it through the foreign key's cascade, which fires the claims trigger too).
The porter stemmer lets "killed" find "kill".

The rowids are SQLite's own (``documents`` and ``claims`` have no INTEGER PRIMARY KEY),
which a VACUUM may renumber: after one, rebuild the index with
``INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')`` (and so for
``claims_fts``), as this migration does when it fills the tables.

Only on SQLite: the PostgreSQL equivalent (tsvector columns and GIN indexes) comes
with that backend, so other dialects skip this migration.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"
# FTS table -> (content table, indexed columns).
INDEXES = {
    "documents_fts": ("documents", ("title", "text")),
    "claims_fts": ("claims", ("text",)),
}


def _statements(fts: str, content: str, columns: tuple[str, ...]) -> list[str]:
    """The statements that create one FTS table, its sync triggers and fill it."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # External content: removing a row means telling FTS5 the values it indexed.
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old});"
    add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{content}', "
        f"content_rowid='rowid', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {content} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {content} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {content} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for fts, (content, columns) in INDEXES.items():
        for statement in _statements(fts, content, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for fts in INDEXES:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
