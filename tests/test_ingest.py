"""Reading inputs: formats, metadata, column mapping and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.ingest import IngestOptions, read_inputs, read_stdin
from claimgraph.records import InputProblem, RawDocument


def _read(
    paths: list[Path | str], **options: object
) -> tuple[list[RawDocument], list[InputProblem]]:
    documents, problems = [], []
    for item in read_inputs([str(p) for p in paths], IngestOptions(**options)):  # type: ignore[arg-type]
        (problems if isinstance(item, InputProblem) else documents).append(item)
    return documents, problems


def test_text_file_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Six civilians were killed in Aleppo.", encoding="utf-8")
    documents, problems = _read([path])
    assert problems == []
    assert [d.raw for d in documents] == ["Six civilians were killed in Aleppo."]
    assert documents[0].format == "text" and documents[0].origin == str(path)


def test_folder_is_read_recursively_in_order_skipping_hidden_and_sidecar(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two", encoding="utf-8")
    (tmp_path / "one.txt").write_text("one", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("not a report", encoding="utf-8")
    (tmp_path / "sources.json").write_text("[]", encoding="utf-8")
    documents, problems = _read([tmp_path])
    assert [d.raw for d in documents] == ["two", "one"]
    assert problems == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("picture.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_bad_files_get_one_line_reasons(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A report.", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    documents, problems = _read([bad, good])
    assert [d.raw for d in documents] == ["A report."], "the run goes on with the other files"
    assert len(problems) == 1 and problems[0].fatal
    assert problems[0].origin == str(bad) and reason in problems[0].reason
    assert "\n" not in str(problems[0])


def test_missing_path_is_reported(tmp_path: Path) -> None:
    documents, problems = _read([tmp_path / "nope.txt"])
    assert documents == []
    assert problems[0].reason == "no such file or directory"


def test_file_of_50_mb_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        line = "Fighting continued in the city on Tuesday. " * 100 + "\n"
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line)
    documents, problems = _read([big])
    assert documents == []
    assert "file too large" in problems[0].reason and "MB" in problems[0].reason


def test_invalid_utf8_is_decoded_with_replacement_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Des réfugiés ont fui Alep.".encode("latin-1"))
    documents, problems = _read([path])
    assert "\ufffd" in documents[0].raw and documents[0].raw.startswith("Des r")
    assert any("invalid UTF-8 at byte 5" in w for w in documents[0].warnings)
    assert problems == []


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Shelling hit Idlib.".encode("utf-16"))
    documents, _problems = _read([path])
    assert documents[0].raw == "Shelling hit Idlib."


FAKES_CSV = (
    "unit_id,article_title,article_content,source,date,location,label\n"
    "1914947532,Homs governor says,"
    '"Fri 07 Apr 2017 at 0914 A U.S. missile strike hit ""the base"".",'
    "reuters,4/7/17,homs,1\n"
    "1914947533,Aleppo blast,A bomb blast killed six people in Aleppo.,sana,4/19/17,aleppo,0\n"
)


def test_fakes_csv_loads_through_the_documented_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "fa-kes.csv"
    path.write_text(FAKES_CSV, encoding="utf-8")
    documents, problems = _read([path])
    assert problems == []
    assert [(d.id, d.source, d.published, d.title) for d in documents] == [
        ("1914947532", "reuters", "2017-04-07", "Homs governor says"),
        ("1914947533", "sana", "2017-04-19", "Aleppo blast"),
    ]
    assert documents[0].raw.endswith('hit "the base".')
    assert documents[1].origin == f"{path}:3"


def test_csv_without_text_column_is_refused_with_the_columns_it_has(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("name,count\nAleppo,6\n", encoding="utf-8")
    documents, problems = _read([path])
    assert documents == []
    assert "no text column" in problems[0].reason and "found name, count" in problems[0].reason


def test_column_override_names_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("story,outlet\nShelling hit Idlib.,SANA\n", encoding="utf-8")
    documents, _problems = _read([path], columns={"text": "story", "source": "outlet"})
    assert [(d.raw, d.source) for d in documents] == [("Shelling hit Idlib.", "SANA")]


def test_unknown_override_field_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        IngestOptions(columns={"body": "x"}).mapping()


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    lines = [
        json.dumps({"text": "First report.", "source": "SANA", "published": "2017-04-04"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": "Second report.", "published": "sometime"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    documents, problems = _read([path])
    assert [d.raw for d in documents] == ["First report.", "Second report."]
    assert documents[0].published == "2017-04-04"
    assert documents[1].published is None and "unreadable date" in documents[1].warnings[0]
    assert [(p.origin, p.reason.split(":")[0]) for p in problems] == [
        (f"{path}:2", "invalid JSON"),
        (f"{path}:3", "no 'text' field"),
        (f"{path}:4", "not a JSON object"),
    ]


def test_sidecar_metadata_applies_and_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Report A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Report B.", encoding="utf-8")
    sidecar = [
        {"file": "a.txt", "source": "DEBKAfile", "published": "2016-12-06"},
        {"file": "b.txt", "source": "The National", "published": None},
    ]
    (tmp_path / "sources.json").write_text(json.dumps(sidecar), encoding="utf-8")
    documents, _problems = _read([tmp_path])
    assert [(d.source, d.published) for d in documents] == [
        ("DEBKAfile", "2016-12-06"),
        ("The National", None),
    ]
    documents, _problems = _read([tmp_path], source="Wire", published="2017-01-02")
    assert {(d.source, d.published) for d in documents} == {("Wire", "2017-01-02")}


def test_broken_sidecar_is_a_warning_not_a_stop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Report A.", encoding="utf-8")
    (tmp_path / "sources.json").write_text("{broken", encoding="utf-8")
    documents, problems = _read([tmp_path])
    assert [d.raw for d in documents] == ["Report A."]
    assert len(problems) == 1 and not problems[0].fatal and "sidecar" in problems[0].reason


def test_stdin_reads_json_lines() -> None:
    import io

    stream = io.StringIO('{"text": "One.", "id": "x1"}\n{"text": "Two."}\n')
    documents = [d for d in read_stdin(stream, IngestOptions()) if isinstance(d, RawDocument)]
    assert [(d.id, d.raw, d.origin) for d in documents] == [
        ("x1", "One.", "-:1"),
        (None, "Two.", "-:2"),
    ]
