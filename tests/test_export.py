"""`claimgraph export`: events, clusters, sources and voices as JSON Lines or CSV, from a
store and by hand."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimgraph.assess.grades import Grade
from claimgraph.cli import build_parser, main
from claimgraph.link.events import group_events
from claimgraph.link.syndication import find_voices
from claimgraph.present.export import (
    CLUSTER_COLUMNS,
    EVENT_COLUMNS,
    SOURCE_COLUMNS,
    VOICE_COLUMNS,
    event_record,
    voice_record,
    write_csv,
    write_jsonl,
)
from claimgraph.records import Extraction
from claimgraph.store import Store
from tests.factories import HOMS, TUESDAY, gas_attack, make_document, report

# Two outlets on one gas attack (70 and 86 dead), a bombing elsewhere on another day, and
# a Reuters story run again by another site under its own headline and tag line.
ALEPPO_WIRE = (
    "Syrian rebels and the government reached a deal on Tuesday to evacuate fighters and "
    "civilians from the last rebel-held districts of eastern Aleppo, rebel officials said. "
    "The deal followed weeks of heavy bombardment that killed hundreds of people. Buses "
    "were expected to begin moving people out of the city early on Wednesday, a rebel "
    "official told Reuters by telephone from Turkey."
)
REPORTS = [
    {
        "id": "aj-idlib",
        "source": "Al Jazeera",
        "published": "2017-04-04",
        "title": "Gas attack kills 70 in Idlib",
        "text": "At least 70 people were killed in a suspected chemical attack on the town of "
        "Khan Sheikhoun in Idlib province on Tuesday, according to the Syrian Observatory "
        "for Human Rights. Rescue workers said many of the dead were children.",
    },
    {
        "id": "trt-idlib",
        "source": "TRT",
        "published": "2017-04-04",
        "title": "Chemical attack in Idlib",
        "text": "A chemical attack killed 86 people in Khan Sheikhoun, in Syria's Idlib "
        "province, on Tuesday, local health officials said. Hundreds more were treated for "
        "breathing problems.",
    },
    {
        "id": "sana-homs",
        "source": "SANA",
        "published": "2017-03-12",
        "title": "Bombing in Homs",
        "text": "A car bomb killed six people in the city of Homs on Sunday, the governor of "
        "Homs said. Police said the blast hit a crowded market in the Zahra district.",
    },
    {
        "id": "reuters-aleppo",
        "source": "Reuters",
        "published": "2016-12-13",
        "title": "Aleppo evacuation deal reached",
        "text": ALEPPO_WIRE,
    },
    {
        "id": "yahoo-aleppo",
        "source": "Yahoo News",
        "published": "2016-12-13",
        "title": "Deal reached to evacuate eastern Aleppo",
        "text": ALEPPO_WIRE + " Reporting by Reuters staff.",
    },
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of REPORTS, analyzed once for the module by the real pipeline."""
    folder = tmp_path_factory.mktemp("export")
    reports = folder / "reports.jsonl"
    reports.write_text("\n".join(json.dumps(r) for r in REPORTS), encoding="utf-8")
    db = folder / "c.db"
    assert main(["analyze", "--quiet", str(reports), "--db", str(db)]) == 0
    return db


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `claimgraph export ARGS`: the status, stdout and stderr."""
    capsys.readouterr()
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def by_source(event: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["source"]: item for item in event["reports"]}


def test_events_give_each_event_its_place_date_range_and_each_source_figure(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = export(capsys, "events", "--db", str(database))
    assert status == 0
    events = jsonl(out)
    assert sorted(len(e["reports"]) for e in events) == [1, 2, 2]
    (gas,) = [e for e in events if e["type"] == "chemical attack"]
    assert gas["sources"] == ["Al Jazeera", "TRT"]
    assert gas["date"] == {
        "start": "2017-04-04",
        "end": "2017-04-04",
        "precision": "day",
        "basis": "Tuesday",
    }
    assert (gas["place"]["name"], gas["place"]["geonameid"]) == ("Khān Shaykhūn", 168325)
    assert (gas["place"]["precision"], gas["place"]["country"]) == ("town", "SY")
    # "at least 70" and 86 do not conflict: 86 is the conservative figure.
    assert gas["fatalities"] == {"best": 86, "low": 70, "high": 86}
    reports = by_source(gas)
    assert reports["Al Jazeera"]["document_id"] == "aj-idlib"
    assert reports["Al Jazeera"]["published"] == "2017-04-04"
    figure = reports["Al Jazeera"]["figure"]
    assert (figure["text"], figure["low"], figure["high"]) == ("At least 70", 70, None)
    assert (figure["comparator"], figure["approx"]) == (">=", "at least")
    assert figure["sentence"].startswith("At least 70 people were killed")
    assert reports["TRT"]["figure"]["value"] == 86
    assert "Khan Sheikhoun" in reports["TRT"]["figure"]["sentence"]
    assert reports["TRT"]["voice"] is None
    (homs,) = [e for e in events if e["sources"] == ["SANA"]]
    assert homs["place"]["name"] == "Homs" and homs["date"]["start"] == "2017-03-12"
    assert homs["fatalities"] == {"best": 6, "low": 6, "high": 6}


def test_a_wire_copy_is_one_voice_and_its_event_reports_say_so(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = export(capsys, "voices", "--db", str(database))
    assert status == 0
    (voice,) = jsonl(out)
    assert voice["origin"] == {
        "document_id": "reuters-aleppo",
        "source": "Reuters",
        "published": "2016-12-13",
    }
    assert [m["document_id"] for m in voice["members"]] == ["reuters-aleppo", "yahoo-aleppo"]
    assert voice["sources"] == ["Reuters", "Yahoo News"]
    (pair,) = voice["pairs"]
    assert (pair["first"], pair["second"]) == ("reuters-aleppo", "yahoo-aleppo")
    assert 0.8 < pair["jaccard"] <= 1.0
    _status, out, _err = export(capsys, "events", "--db", str(database))
    (aleppo,) = [e for e in jsonl(out) if "Reuters" in e["sources"]]
    assert {r["voice"] for r in aleppo["reports"]} == {voice["id"]}


@pytest.mark.parametrize(
    ("kind", "columns"),
    [
        ("events", EVENT_COLUMNS),
        ("clusters", CLUSTER_COLUMNS),
        ("sources", SOURCE_COLUMNS),
        ("voices", VOICE_COLUMNS),
    ],
)
def test_csv_has_one_row_per_record_with_the_same_values_as_json_lines(
    database: Path, capsys: pytest.CaptureFixture[str], kind: str, columns: tuple[str, ...]
) -> None:
    _status, out, _err = export(capsys, kind, "--db", str(database))
    records = jsonl(out)
    status, out, _err = export(capsys, kind, "--db", str(database), "--format", "csv")
    assert status == 0
    reader = csv.reader(io.StringIO(out, newline=""))
    assert tuple(next(reader)) == columns
    rows = list(reader)
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        for column, cell in zip(columns, row, strict=True):
            value = dotted(record, column)
            if isinstance(value, list):
                assert json.loads(cell) == value, column
            else:
                assert cell == ("" if value is None else str(value)), column


def test_out_writes_the_file_whole_and_says_how_many(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "events.jsonl"
    status, out, err = export(capsys, "events", "--db", str(database), "--out", str(target))
    assert (status, out) == (0, "")
    assert err == f"wrote {target} (3 events)\n"
    assert len(jsonl(target.read_text(encoding="utf-8"))) == 3
    assert not (tmp_path / "events.jsonl.part").exists()


def test_a_missing_database_is_a_one_line_error_and_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    status, out, err = export(capsys, "events", "--db", str(missing))
    assert (status, out) == (2, "")
    assert err == f"claimgraph: error: {missing}: no such database (run analyze first)\n"
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database\n" * 100, encoding="utf-8")
    status, out, err = export(capsys, "voices", "--db", str(not_db))
    assert (status, out) == (2, "")
    assert err.startswith(f"claimgraph: error: {not_db}: cannot open the store")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("kind", ["events", "clusters", "sources", "voices"])
@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_an_empty_store_gives_no_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, form: str
) -> None:
    db = tmp_path / "empty.db"
    Store(str(db)).close()
    assert export(capsys, kind, "--db", str(db), "--format", form)[:2] == (0, "")


def test_export_says_what_it_does(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--help"])
    usage = capsys.readouterr().out
    assert "{events,clusters,sources,voices}" in usage and "--format {jsonl,csv}" in usage
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "claims"])
    assert "invalid choice: 'claims'" in capsys.readouterr().err


# The shaping functions, on hand-made extractions.


def dotted(record: dict[str, Any], column: str) -> Any:
    """The value at a dotted column of a record (None through a null object)."""
    value: Any = record
    for key in column.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def leaves(record: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """The dotted paths of a record's values that are not objects, in order."""
    for key, value in record.items():
        if isinstance(value, dict):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield prefix + key


def test_an_event_record_has_whole_numbers_an_open_top_and_a_stable_id() -> None:
    reports = [
        gas_attack("a", "alaraby", "at least 70", 70, ">="),
        gas_attack("b", "trt", "86", 86, "="),
    ]
    (event,) = group_events(reports)
    grade = Grade("corroborated", 0.8123, ("two voices agree",), 86, 70, 86)
    record = event_record(event, grade=grade)
    assert record["fatalities"] == {"best": 86, "low": 70, "high": 86}
    assert record["grade"]["label"] == "corroborated" and record["grade"]["score"] == 0.812
    assert all(isinstance(n, int) for n in record["fatalities"].values())
    alaraby = by_source(record)["alaraby"]
    assert alaraby["figure"]["high"] is None, "at least 70 leaves the top open"
    assert alaraby["figure"]["text"] == "at least 70"
    assert alaraby["date"]["basis"] == "Tuesday" and alaraby["voice"] is None
    (reordered,) = group_events(reversed(reports))
    assert event_record(reordered)["id"] == record["id"]
    (other,) = group_events(reports[:1])
    assert event_record(other)["id"] != record["id"]
    # A complete record has exactly the CSV columns: none is lost or left empty by name.
    assert tuple(leaves(record)) == EVENT_COLUMNS


def test_a_report_with_no_date_place_or_figure_gives_nulls_and_empty_cells() -> None:
    bare = report("x", "Talks went on.", published=None)
    (event,) = group_events([bare])
    record = event_record(event)
    assert (record["date"], record["place"], record["fatalities"]) == (None, None, None)
    assert record["reports"][0]["figure"] is None
    out = io.StringIO()
    assert write_csv([record], EVENT_COLUMNS, out) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["date.start"] == row["place.name"] == row["fatalities.best"] == ""
    assert row["actors"] == "[]"


def test_a_figure_sentence_with_commas_quotes_and_a_line_break_survives_csv() -> None:
    text = 'Shelling killed 12 people in Homs on Tuesday, "a massacre",\nthe monitor said.'
    homs = report(
        "h", text, places={"Homs": HOMS}, times={"Tuesday": TUESDAY}, killed=("12", 12, "=")
    )
    records = [event_record(event) for event in group_events([homs])]
    out = io.StringIO()
    write_csv(records, EVENT_COLUMNS, out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    (item,) = json.loads(row["reports"])
    assert item["figure"]["sentence"] == records[0]["reports"][0]["figure"]["sentence"]
    assert '"a massacre",\nthe monitor' in item["figure"]["sentence"]


WIRE = (
    "Government forces and their allies advanced on the last rebel districts of the city on "
    "Monday after a night of air strikes, a war monitor said, and thousands of residents "
    "fled towards the west carrying what they could while aid groups warned that food and "
    "medicine were running out in the besieged neighbourhoods."
)


def wire_copy(doc_id: str, source: str, published: str, tag: str) -> Extraction:
    return Extraction(
        make_document(f"{WIRE} {tag}", doc_id=doc_id, source=source, published=published)
    )


def test_a_voice_record_starts_from_the_earliest_copy_with_rounded_jaccard() -> None:
    later = wire_copy("late", "Site B", "2017-04-05", "Reporting by the Beirut bureau.")
    earlier = wire_copy("early", "Wire", "2017-04-04", "Editing by the desk.")
    unrelated = Extraction(make_document("Heavy rain fell on the coast.", doc_id="rain"))
    (voice,) = find_voices(e.document for e in (later, earlier, unrelated))
    record = voice_record(voice)
    assert record["origin"]["document_id"] == "early"
    assert [m["document_id"] for m in record["members"]] == ["early", "late"]
    assert record["sources"] == ["Wire", "Site B"]
    (pair,) = record["pairs"]
    assert pair["jaccard"] == round(pair["jaccard"], 3) and 0.3 <= pair["jaccard"] < 1
    assert tuple(leaves(record)) == VOICE_COLUMNS
    out = io.StringIO()
    assert write_jsonl([record], out) == 1
    assert json.loads(out.getvalue()) == record


def test_write_csv_writes_nothing_without_records() -> None:
    out = io.StringIO()
    assert write_csv([], VOICE_COLUMNS, out) == 0
    assert out.getvalue() == ""
