"""The command line end to end: extract, analyze, report, help and bad inputs."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from claimgraph.cli import build_parser, main


@pytest.fixture(scope="module")
def extracted(examples_dir: Path) -> list[dict]:  # type: ignore[type-arg]
    """`claimgraph extract examples/mosul` parsed, run once for the module."""
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["extract", "--quiet", str(examples_dir / "mosul")])
    assert status == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_prints_one_valid_record_per_document(extracted: list[dict]) -> None:  # type: ignore[type-arg]
    schema_text = (
        resources.files("claimgraph.schema").joinpath("extraction.schema.json").read_text()
    )
    schema = json.loads(schema_text)
    assert [r["source"] for r in extracted] == ["DEBKAfile", "The National"]
    for record in extracted:
        jsonschema.validate(record, schema)


def test_every_span_points_into_the_text(extracted: list[dict]) -> None:  # type: ignore[type-arg]
    for record in extracted:
        text = record["text"]
        for kind in ("entities", "places", "times", "quantities", "claims"):
            for item in record[kind]:
                assert text[item["start"] : item["end"]] == item["text"], (kind, item)
        for attribution in record["attributions"]:
            for part in ("content", "source", "cue"):
                span = attribution[part]
                if span is not None:
                    assert text[span["start"] : span["end"]] == span["text"]


def test_metadata_and_inferred_date(extracted: list[dict]) -> None:  # type: ignore[type-arg]
    debka, national = extracted
    assert (debka["published"], debka["published_inferred"]) == ("2016-12-06", False)
    assert national["published"] is None
    assert "<strong>" not in national["text"] and "Read more" not in national["text"]
    assert "unhindered from Raqqa" in debka["text"]


def test_extract_reads_json_lines_from_stdin(monkeypatch, capsys) -> None:
    lines = json.dumps(
        {
            "id": "r1",
            "text": "Six civilians were killed in Aleppo, SANA said.",
            "source": "SANA",
            "published": "2017-04-19",
        }
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "\n"))
    assert main(["extract", "--quiet", "-"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (record["id"], record["source"], record["published"]) == ("r1", "SANA", "2017-04-19")
    assert any(q["value"] == 6 for q in record["quantities"])


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        tables = (
            "documents",
            "entities",
            "places",
            "times",
            "quantities",
            "attributions",
            "claims",
        )
        return {t: connection.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_analyze_twice_adds_nothing_twice(tmp_path: Path, examples_dir: Path, capsys) -> None:
    db = tmp_path / "c.db"
    assert main(["analyze", str(examples_dir / "mosul"), "--db", str(db)]) == 0
    first = _counts(db)
    assert first["documents"] == 2 and first["quantities"] > 5 and first["attributions"] > 5
    summary = capsys.readouterr().err
    assert re.search(r"2 documents read, 0 skipped, 2 stored, \d+ records", summary)
    assert main(["analyze", str(examples_dir / "mosul"), "--db", str(db)]) == 0
    assert _counts(db) == first
    assert "0 stored, 2 already stored" in capsys.readouterr().err


def test_analyze_goes_on_past_bad_inputs(tmp_path: Path, capsys) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("A bomb blast killed six people in Aleppo on Tuesday.")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "latin1.txt").write_bytes("Des réfugiés ont fui Alep vers Idlib.".encode("latin-1"))
    (inputs / "table.csv").write_text("name,count\nAleppo,6\n")
    db = tmp_path / "c.db"
    status = main(
        ["analyze", "--quiet", str(inputs), str(tmp_path / "missing.txt"), "--db", str(db)]
    )
    assert status == 1, "some inputs were skipped"
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith(("error:", "warning:"))]
    assert f"error: {inputs / 'empty.txt'}: empty file" in lines
    assert f"error: {inputs / 'binary.txt'}: binary file, not text" in lines
    assert any(line.startswith(f"error: {inputs / 'table.csv'}: no text column") for line in lines)
    assert f"error: {tmp_path / 'missing.txt'}: no such file or directory" in lines
    assert any(
        line.startswith(f"warning: {inputs / 'latin1.txt'}: invalid UTF-8") for line in lines
    )
    assert _counts(db)["documents"] == 2, "the good file and the re-decoded one are stored"


def test_report_writes_an_offline_dossier(tmp_path: Path, examples_dir: Path) -> None:
    db = tmp_path / "c.db"
    assert main(["analyze", "--quiet", str(examples_dir / "mosul"), "--db", str(db)]) == 0
    out = tmp_path / "dossier.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", html), "nothing from a CDN"
    for expected in (
        "DEBKAfile",
        "The National",
        "2016-12-06",
        'class="figure"',
        'class="date"',
        'class="place"',
        'class="speaker"',
        'class="said',
        "54,000",
        "Irbil",
        "Dustin A Lewis",
        "Figures that several sources give",
        "Casualties of the main event",
    ):
        assert expected in html, expected
    assert not (tmp_path / "dossier.html.part").exists()
    # Unprompted, the two Mosul disputes: who meant to stay, and the offensive overtaken.
    questions = html[html.index('<section id="questions">') : html.index('<section id="figures">')]
    stay = questions[questions.index("stay or leave") :]
    assert "contradicts" in stay and "decided to stay put" in stay
    assert "never intended to fight to the death" in stay
    offensive = questions[questions.index("offensive succeed or fail") :]
    assert "overtaken by later reporting" in offensive and "victory was total" in offensive


def test_report_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Officials said <script>alert(1)</script> six people died in Homs. "
        '<img src=x onerror="alert(2)">'
    )
    db = tmp_path / "c.db"
    main(["analyze", "--quiet", str(hostile), "--db", str(db), "--source", "<b>Evil</b> News"])
    out = tmp_path / "d.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt; News" in html


def test_report_without_a_database_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert (
        main(["report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "x.html")]) == 2
    )
    assert "no such database" in capsys.readouterr().err


def test_every_command_says_what_it_does(capsys) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    top = capsys.readouterr().out
    for command in ("analyze", "extract", "report"):
        assert re.search(rf"^\s+{command}\s+\S.+$", top, re.MULTILINE), command
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        assert "usage: claimgraph " + command in capsys.readouterr().out


def test_console_script_is_installed() -> None:
    assert (
        shutil.which("claimgraph")
        or Path(__import__("sys").executable).with_name("claimgraph").exists()
    )


def test_repeated_report_is_counted_once_and_an_id_clash_is_refused(tmp_path: Path, capsys) -> None:
    rows = [
        {"id": "a", "text": "Six people were killed in Aleppo."},
        {"id": "a", "text": "Six people were killed in Aleppo."},
        {"id": "a", "text": "A different report under the same id."},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["analyze", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"error: {path}:3: id a already used by {path}:1" in err
    assert "2 documents read (1 exact repeats counted once), 1 skipped (1 id a already" in err
    assert _counts(db)["documents"] == 1


def test_html_page_is_extracted_with_its_title_and_date(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Blast in Aleppo</title>"
        '<meta property="article:published_time" content="2017-04-19T08:00:00Z"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        "<p>A bomb blast killed six people in Aleppo on Tuesday, state television said.</p>"
        "<p>Rescue workers said at least twenty people were wounded in the attack.</p>"
        "</article><footer>Copyright 2017 Example News</footer></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", "--quiet", str(page), "--source", "Example News"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (record["title"], record["published"]) == ("Blast in Aleppo", "2017-04-19")
    assert "Copyright" not in record["text"] and "Home" not in record["text"]
    assert {t["start_date"] for t in record["times"]} == {"2017-04-18"}
    assert {q["value"] for q in record["quantities"]} == {6.0, 20.0}
    assert [p["country"] for p in record["places"]] == ["SY"]


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path, capsys) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database\n" * 100, encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("Six people were killed.", encoding="utf-8")
    assert main(["analyze", "--quiet", str(report), "--db", str(not_db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"claimgraph: error: {not_db}: cannot open the store")
    assert len(err.splitlines()) == 1


def test_database_folder_is_created(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Six people were killed in Aleppo.", encoding="utf-8")
    db = tmp_path / "new" / "folder" / "c.db"
    assert main(["analyze", "--quiet", str(report), "--db", str(db)]) == 0
    assert _counts(db)["documents"] == 1


def test_stance_labels_each_pair_and_names_bad_lines(tmp_path: Path, capsys) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "p1",
                        "claim": "Apple to unveil a new iPhone in September",
                        "body": "Heavy rain flooded villages in the north on Tuesday, "
                        "killing six people and forcing hundreds from their homes.",
                    }
                ),
                '{"id": "p2", "claim": "truncated',
                json.dumps({"id": "p3", "body": "No claim here."}),
                json.dumps({"id": 4, "claim": "Rebels took Idlib", "body": "Rebels took Idlib."}),
            ]
        ),
        encoding="utf-8",
    )
    assert main(["stance", str(pairs)]) == 1, "bad lines were skipped"
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["id"] for r in records] == ["p1", 4]
    assert records[0]["label"] == "unrelated"
    for record in records:
        assert set(record) == {"id", "label", "scores"}
        assert set(record["scores"]) == {"agree", "disagree", "discuss", "unrelated"}
        assert record["label"] == max(record["scores"], key=record["scores"].get)
    assert captured.err.splitlines() == [
        f"error: {pairs}:2: invalid JSON: Unterminated string starting at at column 23",
        f"error: {pairs}:3: no 'claim' field",
    ]


def test_stance_reads_stdin_and_says_what_it_does(monkeypatch, capsys) -> None:
    line = json.dumps({"id": "s", "claim": "ISIS left Mosul", "body": "ISIS left Mosul."})
    monkeypatch.setattr("sys.stdin", io.StringIO(line + "\n"))
    assert main(["stance", "-"]) == 0
    (record,) = [json.loads(out) for out in capsys.readouterr().out.splitlines()]
    assert record["id"] == "s"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["stance", "--help"])
    assert "agree, disagree, discuss or unrelated" in capsys.readouterr().out


def test_stance_on_a_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.jsonl"
    assert main(["stance", str(missing)]) == 2
    assert capsys.readouterr().err == f"claimgraph: error: {missing}: no such file\n"
