"""The web tests' store: the Mosul reports and one hostile report, analysed and linked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language

from claimgraph.ingest import IngestOptions
from claimgraph.pipeline import Extractor, SilentReporter, run_analyze, run_link
from claimgraph.store import Store

HOSTILE_SOURCE = "<b>Evil</b>"


def build_store(folder: Path, examples_dir: Path, nlp: Language, hostile: dict[str, Any]) -> Path:
    """A store at ``folder/web.db`` of examples/mosul and the ``hostile`` report (a dict
    with id, source, published, title and text), extracted, linked and graded."""
    report = folder / "hostile.jsonl"
    report.write_text(json.dumps(hostile), encoding="utf-8")
    path = folder / "web.db"
    store = Store(str(path))
    try:
        paths = [str(examples_dir / "mosul"), str(report)]
        run_analyze(paths, IngestOptions(), Extractor(workers=1), store, SilentReporter())
        run_link(store, lambda: nlp, {})
    finally:
        store.close()
    return path
