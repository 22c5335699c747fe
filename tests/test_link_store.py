"""Linking and grading in `analyze`: stored, incremental, atomic, and exported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.cli import main
from claimgraph.ingest import IngestOptions
from claimgraph.link.corpus import event_id, read_link_inputs, relink
from claimgraph.pipeline import Extractor, SilentReporter, run_analyze, run_link
from claimgraph.store import Store, links

# Two outlets on one gas attack (70 and 100 dead: a contested toll), a bombing in another
# city on another day, and a third outlet on the gas attack that arrives later.
IDLIB_AJ = {
    "id": "aj-idlib",
    "source": "Al Jazeera",
    "published": "2017-04-04",
    "title": "Gas attack kills 70 in Idlib",
    "text": "Seventy people were killed in a suspected chemical attack on the town of "
    "Khan Sheikhoun in Idlib province on Tuesday, the Syrian Observatory for Human Rights "
    "said. Rescue workers said many of the dead were children.",
}
IDLIB_TRT = {
    "id": "trt-idlib",
    "source": "TRT",
    "published": "2017-04-04",
    "title": "Chemical attack in Idlib",
    "text": "A chemical attack killed 100 people in Khan Sheikhoun, in Syria's Idlib "
    "province, on Tuesday, local health officials said. Hundreds more were treated for "
    "breathing problems.",
}
HOMS_SANA = {
    "id": "sana-homs",
    "source": "SANA",
    "published": "2017-03-12",
    "title": "Bombing in Homs",
    "text": "A car bomb killed six people in the city of Homs on Sunday, the governor of "
    "Homs said. Police said the blast hit a crowded market in the Zahra district.",
}
IDLIB_LATE = {
    "id": "bbc-idlib",
    "source": "BBC",
    "published": "2017-04-04",
    "title": "Idlib chemical attack",
    "text": "The death toll from the chemical attack on Khan Sheikhoun in Idlib province on "
    "Tuesday stands at 100 people, local doctors said.",
}


def write_reports(folder: Path, name: str, reports: list[dict[str, str]]) -> Path:
    path = folder / name
    path.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    return path


def analyze(db: Path, *reports: Path) -> int:
    return main(["analyze", "--quiet", *map(str, reports), "--db", str(db)])


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The same four reports analysed in two runs (three, then one) and in one run."""
    folder = tmp_path_factory.mktemp("linked")
    first = write_reports(folder, "first.jsonl", [IDLIB_AJ, IDLIB_TRT, HOMS_SANA])
    late = write_reports(folder, "late.jsonl", [IDLIB_LATE])
    both = write_reports(folder, "all.jsonl", [IDLIB_AJ, IDLIB_TRT, HOMS_SANA, IDLIB_LATE])
    twice, once = folder / "twice.db", folder / "once.db"
    assert analyze(twice, first) == 0
    assert analyze(twice, late) == 0
    assert analyze(once, both) == 0
    yield twice, once


def memberships(db: Path) -> tuple[dict[str, list[str]], list[list[tuple[str, int]]]]:
    store = Store(str(db))
    try:
        events = {eid: sorted(members) for eid, members in store.event_members().items()}
        clusters = sorted(sorted(keys) for keys in store.cluster_members().values())
    finally:
        store.close()
    return events, clusters


def test_adding_reports_in_two_runs_links_as_one_run_does(stores: tuple[Path, Path]) -> None:
    twice, once = stores
    assert memberships(twice) == memberships(once)
    events, _clusters = memberships(twice)
    assert sorted(events.values()) == [["aj-idlib", "bbc-idlib", "trt-idlib"], ["sana-homs"]]


def test_every_event_and_question_is_graded_and_every_source_profiled(
    stores: tuple[Path, Path],
) -> None:
    store = Store(str(stores[0]))
    try:
        assessment = store.assessment()
        assert store.unlinked_ids() == set()
    finally:
        store.close()
    assert len(assessment.events) == 2
    idlib = next(g for g in assessment.events if len(g.event.reports) == 3)
    assert idlib.grade.label == "contested"  # 70 and 100 for one toll
    assert (idlib.grade.low, idlib.grade.high) == (70, 100)
    assert idlib.grade.reasons
    assert set(assessment.reports) == {"aj-idlib", "trt-idlib", "sana-homs", "bbc-idlib"}
    assert {p.source for p in assessment.sources} == {"Al Jazeera", "TRT", "SANA", "BBC"}


def test_relinking_regroups_only_what_the_new_report_touches(nlp: Language, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    try:
        first = write_reports(tmp_path, "first.jsonl", [IDLIB_AJ, IDLIB_TRT, HOMS_SANA])
        extractor = Extractor(workers=1)
        run_analyze([str(first)], IngestOptions(), extractor, store, SilentReporter())
        run_link(store, lambda: nlp, {})
        homs = next(eid for eid, docs in store.event_members().items() if docs == ["sana-homs"])
        late = write_reports(tmp_path, "late.jsonl", [IDLIB_LATE])
        run_analyze([str(late)], IngestOptions(), extractor, store, SilentReporter())
        (fresh,) = [x for x in store.extractions() if x.document.id == "bbc-idlib"]
        new = read_link_inputs([fresh], nlp)
        changes = relink(new, store.link_inputs(), store.event_members(), store.cluster_members())
    finally:
        store.close()
    assert homs not in changes.retired_events
    assert [sorted(r.document_id for r in e.reports) for e in changes.events] == [
        ["aj-idlib", "bbc-idlib", "trt-idlib"]
    ]
    assert all(event_id(e) != homs for e in changes.events)


def test_a_failure_while_storing_links_keeps_the_store_as_it_was(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(str(tmp_path / "c.db"))
    try:
        reports = write_reports(tmp_path, "r.jsonl", [IDLIB_AJ, IDLIB_TRT])
        run_analyze([str(reports)], IngestOptions(), Extractor(workers=1), store, SilentReporter())

        def broken(*_args: Any) -> Any:
            raise RuntimeError("disk full")

        monkeypatch.setattr(links, "event_rows", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            run_link(store, lambda: nlp, {})
        assert store.unlinked_ids() == {"aj-idlib", "trt-idlib"}
        assert store.event_members() == {}
        monkeypatch.undo()
        run_link(store, lambda: nlp, {})
        assert store.unlinked_ids() == set()
    finally:
        store.close()


def export(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["export", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_clusters_export_their_claims_relations_and_grade(
    stores: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clusters = export(capsys, "clusters", "--db", str(stores[0]))
    toll = next(c for c in clusters if any(r["relation"] == "contradict" for r in c["relations"]))
    assert toll["grade"]["label"] == "contested"
    claims = {(c["document_id"], c["span"][0]): c for c in toll["claims"]}
    for relation in toll["relations"]:
        for side in ("first", "second"):
            claim = claims[relation[side]["document_id"], relation[side]["start"]]
            assert claim["text"] in IDLIB_AJ["text"] + IDLIB_TRT["text"] + IDLIB_LATE["text"]
        assert relation["evidence"]


def test_sources_export_one_profile_per_outlet(
    stores: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    sources = export(capsys, "sources", "--db", str(stores[0]))
    assert sorted(s["source"] for s in sources) == ["Al Jazeera", "BBC", "SANA", "TRT"]
    bbc = next(s for s in sources if s["source"] == "BBC")
    assert bbc["documents"] == 1 and 0 <= bbc["track_record"] <= 1


def test_a_priors_file_that_cannot_be_read_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = write_reports(tmp_path, "r.jsonl", [HOMS_SANA])
    status = main(
        ["analyze", "--quiet", str(reports), "--db", str(tmp_path / "c.db"), "--priors", "none.csv"]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.splitlines()) == 1 and "none.csv" in err
    assert not (tmp_path / "c.db").exists()
