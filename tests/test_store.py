"""The store: round trips, idempotence, atomic writes and migrations matching the schema."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from claimgraph.records import (
    Attribution,
    Casualties,
    CasualtyCounts,
    CasualtyFigure,
    Claim,
    EntityMention,
    Extraction,
    Place,
    Quantity,
    Span,
    TimeExpression,
)
from claimgraph.store import Store, schema
from claimgraph.store.queries import SEARCH_TABLES, StoreReader
from tests.factories import make_document

TEXT = "Six civilians were killed in Aleppo on Tuesday, SANA said."


def make_extraction(doc_id: str = "doc1", source: str = "SANA") -> Extraction:
    document = make_document(
        TEXT, doc_id=doc_id, source=source, published="2017-04-19", title="Blast"
    )
    return Extraction(
        document,
        entities=[EntityMention(50, 54, "SANA", "ORGANIZATION", "SANA", "organization:sana")],
        places=[Place(29, 35, "Aleppo", "Aleppo", 170063, 36.2, 37.16, "SY", "city")],
        times=[TimeExpression(39, 46, "Tuesday", "2017-04-18", "2017-04-18", "day")],
        quantities=[
            Quantity(0, 3, "Six", 6.0, 6.0, 6.0, None, "=", None, "civilians", "KILL", "civilians")
        ],
        attributions=[
            Attribution(
                Span(0, 46, TEXT[:46]),
                Span(48, 52, "SANA"),
                Span(53, 57, "said"),
                "SANA",
                "media_outlet",
                False,
                [Span(0, 24, TEXT[:24]), Span(29, 46, TEXT[29:46])],  # pieces kept in order
            )
        ],
        claims=[Claim(0, len(TEXT), TEXT, 0, [0], [0], [0], [0], "positive", "asserted")],
    )


def test_round_trip_keeps_every_record(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    original = make_extraction()
    assert store.save(original) == 6
    (loaded,) = list(store.extractions())
    assert loaded == original
    store.close()


def test_casualties_summary_is_kept(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    original = make_extraction()
    sentence = Span(0, 46, TEXT[:46])
    original.casualties = Casualties(
        killed=CasualtyCounts(civilians=CasualtyFigure(6.0, 6.0, 6.0, 0, sentence)),
        wounded=CasualtyCounts(total=CasualtyFigure(20.0, 20.0, 20.0, None, sentence, [1, 2])),
    )
    store.save(original)
    (loaded,) = list(store.extractions())
    assert loaded.casualties == original.casualties
    assert loaded == original


def test_a_store_made_by_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("claimgraph.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "insert into documents (id, origin, published_inferred, language, format, text, "
            "raw, added_at) values ('old', 'o.txt', 0, 'en', 'text', 'Old text.', 'Old text.', "
            "'2026-01-01')"
        )
    engine.dispose()
    store = Store(str(path))
    (old,) = list(store.extractions())
    assert (old.document.id, old.document.text, old.casualties) == ("old", "Old text.", None)
    store.save(make_extraction())
    assert store.counts()["documents"] == 2


def test_saving_the_same_document_twice_adds_nothing(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    store.save(make_extraction())
    before = store.counts()
    assert store.save(make_extraction()) == 0
    assert store.counts() == before
    assert store.known_ids(["doc1", "doc2"]) == {"doc1"}


def test_reopening_keeps_data_and_does_not_remigrate(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    Store(path).save(make_extraction())
    assert Store(path).counts()["documents"] == 1


def test_interrupted_save_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch) -> None:
    store = Store(str(tmp_path / "c.db"))
    store.save(make_extraction("doc1"))
    before = store.counts()
    real_row = __import__("claimgraph.store", fromlist=["_record_row"])._record_row

    def interrupt_on_claims(kind, *args):
        if kind == "claims":
            raise KeyboardInterrupt  # Ctrl-C in the middle of writing a document
        return real_row(kind, *args)

    monkeypatch.setattr("claimgraph.store._record_row", interrupt_on_claims)
    with pytest.raises(KeyboardInterrupt):
        store.save(make_extraction("doc2"))
    assert store.counts() == before
    assert store.known_ids(["doc2"]) == set()


def _declared(name: str | None, kind: str, _parents: object) -> bool:
    """Whether schema.metadata declares it: not the search tables (FTS5 virtual tables
    and their shadow tables, made by migration 0006 in SQL)."""
    return not (kind == "table" and name is not None and name.startswith(SEARCH_TABLES))


def test_migrations_create_exactly_the_declared_schema(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _declared})
        differences = compare_metadata(context, schema.metadata)
    assert differences == []


def test_wal_mode_is_on(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _search_rows(store: Store, word: str) -> tuple[int, int]:
    """How many report rows and claim rows of the search tables hold ``word``."""
    with store.engine.connect() as connection:
        return tuple(
            connection.exec_driver_sql(
                f"select count(*) from {table} where {table} match ?", (word,)
            ).scalar_one()
            for table in SEARCH_TABLES
        )


def test_search_tables_follow_saves_and_deletes(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    store.save(make_extraction("doc1"))
    store.save(make_extraction("doc2", source="TRT"))
    assert _search_rows(store, "Aleppo") == (2, 2)
    assert _search_rows(store, "Blast") == (2, 0)  # the title is indexed, not in claims
    with store.engine.begin() as connection:
        connection.exec_driver_sql("delete from documents where id = 'doc1'")
    # The claims went with the document (foreign key cascade) and out of the index too.
    assert _search_rows(store, "Aleppo") == (1, 1)
    hits = StoreReader(store).search("aleppo civilians", 0, 10)
    assert {(hit.kind, hit.document_id) for hit in hits.items} == {
        ("report", "doc2"),
        ("claim", "doc2"),
    }


def test_upgrading_to_search_indexes_the_documents_already_stored(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("claimgraph.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        connection.exec_driver_sql(
            "insert into documents (id, origin, published_inferred, language, format, text, "
            "raw, added_at) values ('old', 'o.txt', 0, 'en', 'text', 'Shelling in Deir ez-Zor.', "
            "'x', '2026-01-01')"
        )
    engine.dispose()
    store = Store(str(path))
    (hit,) = StoreReader(store).search("shelled", 0, 10).items  # the stemmer: shelled ~ shelling
    assert (hit.document_id, hit.snippet, hit.marks) == (
        "old",
        "Shelling in Deir ez-Zor.",
        ((0, 8),),
    )
