"""The pipeline's extractor: one process or several, same results in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.cli import main
from claimgraph.ingest import IngestOptions
from claimgraph.pipeline import (
    MAX_AUTO_WORKERS,
    MIN_DOCUMENTS_PER_WORKER,
    Extractor,
    RunSummary,
    SilentReporter,
    prepare,
)


def test_small_inputs_stay_in_one_process_and_large_ones_spread() -> None:
    auto = Extractor()
    assert auto.workers_for(1) == 1
    assert auto.workers_for(MIN_DOCUMENTS_PER_WORKER * 2 - 1) == 1
    assert 1 <= auto.workers_for(10_000) <= MAX_AUTO_WORKERS
    assert Extractor(workers=3).workers_for(1) == 3
    assert Extractor(workers=0).workers_for(100) == 1


def test_worker_processes_give_the_same_extractions_in_order(examples_dir: Path) -> None:
    documents = prepare(
        [str(examples_dir / "mosul")], IngestOptions(), RunSummary(), SilentReporter()
    )
    documents = documents * 3  # six documents, so that both workers get some
    alone = list(Extractor(workers=1).run(documents))
    pooled = list(Extractor(workers=2).run(documents))
    assert pooled == alone
    assert [x.document.source for x in pooled] == ["DEBKAfile", "The National"] * 3


def test_unknown_pipeline_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Six people were killed.", encoding="utf-8")
    assert main(["extract", "--pipeline", "no_such_pipeline", str(report)]) == 2
    err = capsys.readouterr().err
    assert "spaCy pipeline 'no_such_pipeline' is not installed" in err
    assert len(err.strip().splitlines()) == 1
