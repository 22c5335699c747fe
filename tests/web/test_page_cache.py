"""Rendered pages are kept while the store is unchanged, and dropped when it changes."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.cli import main
from claimgraph.present.web.app import WebSettings, create_app
from claimgraph.present.web.pages import PageCache

REPORT = {
    "source": "SANA",
    "published": "2017-03-12",
    "title": "Bombing in Homs",
    "text": "A car bomb killed six people in the city of Homs on Sunday, the governor said.",
}


def test_a_page_is_kept_for_its_version_and_the_oldest_go_first() -> None:
    cache = PageCache(size=2)
    assert cache.get((1,), "/a") is None
    cache.put((1,), "/a", b"A")
    cache.put((1,), "/b", b"B")
    assert cache.get((1,), "/a") == b"A"  # now the most recently used
    cache.put((1,), "/c", b"C")
    assert cache.get((1,), "/b") is None, "the least recently used page went"
    assert cache.get((2,), "/a") is None, "a new version drops every page"
    cache.put((1,), "/a", b"stale")
    assert cache.get((2,), "/a") is None, "a page rendered at an old version is not kept"


def test_the_overview_shows_a_report_added_after_it_was_served(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps({**REPORT, "id": "one"}), encoding="utf-8")
    assert main(["analyze", "--quiet", str(first), "--db", str(db)]) == 0
    client = TestClient(create_app(WebSettings(str(db))))
    assert "<strong>1</strong>reports" in client.get("/").text
    assert "<strong>1</strong>reports" in client.get("/").text  # served from the cache
    second = tmp_path / "second.jsonl"
    other = {**REPORT, "id": "two", "text": REPORT["text"] + " Police closed the road."}
    second.write_text(json.dumps(other), encoding="utf-8")
    assert main(["analyze", "--quiet", str(second), "--db", str(db)]) == 0
    assert "<strong>2</strong>reports" in client.get("/").text
