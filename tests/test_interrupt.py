"""Ctrl-C during analyze: the store keeps exactly the documents completed before it."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimgraph.cli import main

TABLES = ("entities", "places", "times", "quantities", "attributions", "claims")


def _per_document(db: Path) -> dict[str, tuple[int, ...]]:
    with sqlite3.connect(db) as connection:
        ids = [row[0] for row in connection.execute("select id from documents")]
        return {
            doc_id: tuple(
                connection.execute(
                    f"select count(*) from {table} where document_id = ?", (doc_id,)
                ).fetchone()[0]
                for table in TABLES
            )
            for doc_id in ids
        }


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as connection:
            return connection.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_interrupted_analyze_keeps_only_whole_documents(tmp_path: Path) -> None:
    reports = tmp_path / "reports.jsonl"
    with reports.open("w", encoding="utf-8") as handle:
        for n in range(400):
            text = (
                f"Report {n}: at least {n + 3} civilians were killed in Aleppo on Tuesday, "
                f"the Syrian Observatory said. “We counted {n + 1} bodies,” a rescue worker told "
                "Reuters. Dozens were wounded when warplanes struck the market in Idlib province."
            )
            handle.write(json.dumps({"id": f"r{n}", "text": text, "source": "Wire"}) + "\n")
    interrupted = tmp_path / "interrupted.db"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimgraph",
            "analyze",
            "--quiet",
            str(reports),
            "--db",
            str(interrupted),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _stored(interrupted) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted; completed documents are kept" in err
    kept = _per_document(interrupted)
    assert 5 <= len(kept) < 400

    complete = tmp_path / "complete.db"
    assert main(["analyze", "--quiet", str(reports), "--db", str(complete)]) == 0
    reference = _per_document(complete)
    assert {doc_id: reference[doc_id] for doc_id in kept} == kept, "no half-written document"

    # Running again finishes the job without doubling what was kept.
    assert main(["analyze", "--quiet", str(reports), "--db", str(interrupted)]) == 0
    assert _per_document(interrupted) == reference
