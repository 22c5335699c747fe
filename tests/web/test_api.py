"""The JSON API over a store of the Mosul reports and one hostile report.

The hostile report carries markup meant to run in a browser and a source name with
tags; the API must hand both back verbatim (escaping is the pages' job), and every
response must carry the Content-Security-Policy header.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.assess.grades import GRADE_LABELS
from claimgraph.present.web.app import CONTENT_SECURITY_POLICY, WebSettings, create_app
from tests.web.stores import HOSTILE_SOURCE, build_store

# Entity-escaped in the input, as a scraped page holds it: normalizing unescapes it, so
# the stored text holds the live markup.
HOSTILE_RAW = (
    "Zanzibarian smugglers said &lt;script&gt;alert(1)&lt;/script&gt; was found in Aleppo "
    "on Tuesday, next to an &lt;img src=x onerror=alert(1)&gt; and a "
    '&lt;a href="javascript:alert(1)"&gt;link&lt;/a&gt;, officials said.'
)
HOSTILE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:")
DEBKA = "DEBKAfile"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, nlp: Language) -> Path:
    report = {
        "id": "hostile",
        "source": HOSTILE_SOURCE,
        "published": "2017-04-04",
        "title": "<script>alert('title')</script>",
        "text": HOSTILE_RAW,
    }
    return build_store(tmp_path_factory.mktemp("web"), examples_dir, nlp, report)


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(str(store_path)))) as client:
        yield client


def get(client: TestClient, url: str, expect: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == expect, response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    return response.json()


def report_id(client: TestClient, source: str) -> str:
    (item,) = get(client, f"/api/reports?source={quote(source)}")["items"]
    return str(item["document_id"])


# -- lists, filters and paging ------------------------------------------------------------


def test_reports_are_listed_newest_first_with_their_scores(client: TestClient) -> None:
    page = get(client, "/api/reports")
    assert (page["total"], page["offset"], page["limit"]) == (3, 0, 20)
    sources = [item["source"] for item in page["items"]]
    # Hostile (2017-04-04), DEBKAfile (2016-12-06), The National (undated) last.
    assert sources == [HOSTILE_SOURCE, DEBKA, "The National"]
    assert all(0 <= item["score"] <= 1 for item in page["items"])


def test_paging_slices_the_list_and_keeps_the_total(client: TestClient) -> None:
    page = get(client, "/api/reports?offset=1&limit=1")
    assert (page["total"], len(page["items"]), page["items"][0]["source"]) == (3, 1, DEBKA)
    assert get(client, "/api/reports?offset=50")["items"] == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
        ("limit=ten", "limit"),
        ("date_from=2016-13-45", "date_from"),
        ("date_to=yesterday", "date_to"),
        ("grade=dubious", "grade"),
    ],
)
@pytest.mark.parametrize("kind", ["reports", "claims", "clusters", "events"])
def test_bad_parameters_are_a_422_naming_them(
    client: TestClient, kind: str, query: str, named: str
) -> None:
    detail = get(client, f"/api/{kind}?{query}", expect=422)["detail"]
    assert [problem["loc"][-1] for problem in detail] == [named]


def test_reports_filter_by_source_date_place_entity_and_grade(client: TestClient) -> None:
    def sources(query: str) -> set[str]:
        return {item["source"] for item in get(client, f"/api/reports?{query}")["items"]}

    assert sources(f"source={quote(HOSTILE_SOURCE)}") == {HOSTILE_SOURCE}
    assert sources("date_from=2016-12-01&date_to=2016-12-31") == {DEBKA}
    assert sources("date_from=2017-01-01") == {HOSTILE_SOURCE}  # undated reports drop out
    assert sources("place=Aleppo") == {HOSTILE_SOURCE}
    assert sources("place=Atlantis") == set()
    # Both Mosul reports answer the contested "stay or leave" question; the hostile one
    # answers none.
    assert sources("grade=contested") == {DEBKA, "The National"}
    assert sources("place=Mosul") == {DEBKA, "The National"}
    # By entity id or by canonical name: only DEBKAfile names Barack Obama.
    assert sources("entity=isis") == {DEBKA, "The National"}
    assert sources(f"entity={quote('Barack Obama')}") == {DEBKA}
    assert sources("entity=person:barack-obama") == {DEBKA}
    assert sources("entity=nobody-at-all") == set()


def test_claims_carry_their_question_and_its_grade(client: TestClient) -> None:
    page = get(client, "/api/claims?grade=contested&limit=100")
    assert page["total"] == len(page["items"]) > 0
    assert {item["grade"] for item in page["items"]} == {"contested"}
    stay_put = [item for item in page["items"] if "stay put" in item["text"]]
    assert len(stay_put) == 1 and stay_put[0]["source"] == DEBKA
    assert stay_put[0]["cluster_id"].startswith("question-")


def test_clusters_come_most_contested_first_and_filter_by_grade(client: TestClient) -> None:
    items = get(client, "/api/clusters")["items"]
    assert len(items) == 2
    assert [item["contested"] for item in items] == sorted(
        (item["contested"] for item in items), reverse=True
    )
    assert {item["grade"] for item in items} == {"contested", "overtaken"}
    (overtaken,) = get(client, "/api/clusters?grade=overtaken")["items"]
    assert overtaken["question"].startswith("offensive succeed or fail")
    assert get(client, "/api/clusters?grade=corroborated")["total"] == 0
    assert get(client, f"/api/clusters?source={quote(HOSTILE_SOURCE)}")["total"] == 0


def test_events_come_newest_first_and_filter_by_their_own_date(client: TestClient) -> None:
    items = get(client, "/api/events")["items"]
    dated = [item["date_start"] for item in items if item["date_start"]]
    assert dated == sorted(dated, reverse=True)
    assert items[-1]["date_start"] is None or all(item["date_start"] for item in items)
    december = get(client, "/api/events?date_from=2016-12-04&date_to=2016-12-04")["items"]
    assert [item["place"] for item in december] == ["Mosul"]
    assert get(client, "/api/events?place=Mosul")["total"] == 2


# -- one record ---------------------------------------------------------------------------


def test_a_report_has_its_text_records_grade_and_claim_grades(client: TestClient) -> None:
    records = get(client, f"/api/reports/{report_id(client, DEBKA)}")
    assert records["source"] == DEBKA and records["published"] == "2016-12-06"
    assert "decided to stay put" in records["text"]
    assert records["claims"] and records["attributions"] and records["places"]
    assert records["grade"]["document_id"] == records["id"]
    graded = {item["start"]: item for item in records["claim_grades"]}
    (stay_put,) = [c for c in records["claims"] if "stay put" in c["text"]]
    assert graded[stay_put["start"]]["grade"]["label"] == "contested"


def test_the_hostile_report_comes_back_verbatim(client: TestClient) -> None:
    records = get(client, "/api/reports/hostile")
    assert records["source"] == HOSTILE_SOURCE
    assert records["title"] == "<script>alert('title')</script>"
    for markup in HOSTILE_MARKUP:
        assert markup in records["text"]


def test_a_cluster_has_the_export_shape(client: TestClient) -> None:
    (contested,) = get(client, "/api/clusters?grade=contested")["items"]
    cluster = get(client, f"/api/clusters/{contested['id']}")
    assert cluster["id"] == contested["id"]
    assert cluster["question"].startswith("stay or leave")
    assert set(cluster["sources"]) == {DEBKA, "The National"}
    assert {r["relation"] for r in cluster["relations"]} >= {"contradict"}
    assert cluster["grade"]["label"] == "contested"
    assert any("stay put" in claim["text"] for claim in cluster["claims"])


def test_an_event_has_the_export_shape(client: TestClient) -> None:
    for summary in get(client, "/api/events")["items"]:
        event = get(client, f"/api/events/{summary['id']}")
        assert event["id"] == summary["id"]
        assert event["grade"]["label"] in GRADE_LABELS
        assert [r["document_id"] for r in event["reports"]]
        assert event["place"]["name"] == summary["place"]


def test_sources_are_profiles_and_a_tagged_name_is_just_a_name(client: TestClient) -> None:
    page = get(client, "/api/sources")
    assert {item["source"] for item in page["items"]} == {DEBKA, "The National", HOSTILE_SOURCE}
    assert page["total"] == 3
    evil = get(client, f"/api/sources/{quote(HOSTILE_SOURCE, safe='')}")
    assert (evil["source"], evil["documents"]) == (HOSTILE_SOURCE, 1)
    assert get(client, "/api/sources?limit=1&offset=2")["items"][0]["source"]


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/reports/no-such-report", "no-such-report"),
        ("/api/clusters/question-000000000000", "question-000000000000"),
        ("/api/events/event-nope", "event-nope"),
        ("/api/sources/Nobody%20News", "Nobody News"),
    ],
)
def test_unknown_ids_are_a_404_naming_them(client: TestClient, url: str, named: str) -> None:
    assert named in get(client, url, expect=404)["detail"]


# -- search, timeline, map ------------------------------------------------------------------


def test_search_finds_claims_and_reports_with_plain_snippets(client: TestClient) -> None:
    page = get(client, "/api/search?q=stay%20put")
    kinds = {(hit["kind"], hit["source"]) for hit in page["items"]}
    assert ("claim", DEBKA) in kinds and ("report", DEBKA) in kinds
    claim = next(hit for hit in page["items"] if hit["kind"] == "claim")
    assert claim["start"] < claim["end"]
    assert [claim["snippet"][a:b] for a, b in claim["marks"]] == ["stay", "put"]


def test_search_finds_the_hostile_report_and_returns_its_text_as_text(
    client: TestClient,
) -> None:
    hits = get(client, "/api/search?q=zanzibarian")["items"]
    assert {hit["document_id"] for hit in hits} == {"hostile"}
    report = next(hit for hit in hits if hit["kind"] == "report")
    assert "<script>alert(1)</script>" in report["snippet"]  # plain text, not HTML


@pytest.mark.parametrize("query", ['"', "NEAR(", "AND OR NOT", "*", "title:x", "-"])
def test_search_syntax_in_a_query_is_plain_text(client: TestClient, query: str) -> None:
    page = get(client, f"/api/search?q={quote(query)}")
    assert page["total"] == len(page["items"])


@settings(max_examples=60, deadline=None)
@given(query=st.text(min_size=1, max_size=40))
def test_any_search_text_is_answered_not_an_error(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200, response.text


def test_search_needs_a_query(client: TestClient) -> None:
    assert get(client, "/api/search?q=", expect=422)["detail"][0]["loc"][-1] == "q"
    assert get(client, "/api/search", expect=422)["detail"][0]["loc"][-1] == "q"


def test_the_timeline_has_the_mosul_story(client: TestClient) -> None:
    stories = get(client, "/api/timeline")["items"]
    linked = [story for story in stories if story["linked"]]
    assert linked
    entries = [entry for story in stories for entry in story["entries"]]
    assert entries and all(entry["about"]["start"] for entry in entries)


def test_the_map_has_the_events_and_named_places(client: TestClient) -> None:
    points = get(client, "/api/map")["items"]
    events = [p for p in points if p["kind"] == "event"]
    places = {p["name"] for p in points if p["kind"] == "place"}
    assert {p["name"] for p in events} == {"Mosul", "Aleppo"}
    assert "Aleppo" in places
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points)


def test_openapi_stays_and_the_cdn_docs_pages_are_off(client: TestClient) -> None:
    assert "/api/reports" in get(client, "/openapi.json")["paths"]
    for url in ("/docs", "/redoc"):
        assert client.get(url).status_code == 404


# -- writing ------------------------------------------------------------------------------

GOOD_REPORT = {
    "id": "posted",
    "source": "Test Wire",
    "title": "Shelling in Homs",
    "published": "2017-03-12",
    "text": "Shelling killed four people in the city of Homs on Sunday, the governor said.",
}


def writer(tmp_path: Path, token: str | None, max_bytes: int = 10_000) -> TestClient:
    return TestClient(create_app(WebSettings(str(tmp_path / "w.db"), token, max_bytes)))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writing_is_off_without_a_token(tmp_path: Path) -> None:
    response = writer(tmp_path, None).post("/api/reports", json=GOOD_REPORT, headers=bearer("x"))
    assert response.status_code == 403
    assert response.json()["detail"] == "writing is disabled: set CLAIMGRAPH_TOKEN"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "headers", [{}, bearer("wrong"), bearer(TOKEN + "x"), {"Authorization": TOKEN}]
)
def test_a_missing_or_wrong_token_is_a_401(tmp_path: Path, headers: dict[str, str]) -> None:
    response = writer(tmp_path, TOKEN).post("/api/reports", json=GOOD_REPORT, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_body_over_the_limit_is_a_413(tmp_path: Path) -> None:
    client = writer(tmp_path, TOKEN, max_bytes=200)
    big = {**GOOD_REPORT, "text": "Shelling. " * 100}
    response = client.post("/api/reports", json=big, headers=bearer(TOKEN))
    assert response.status_code == 413
    assert "200 bytes" in response.json()["detail"]
    # Without a Content-Length (chunked), the bytes that arrive are counted.
    chunks = iter([b'{"text": "', b"x" * 150, b"y" * 150, b'"}'])
    response = client.post("/api/reports", content=chunks, headers=bearer(TOKEN))
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[1, 2]",
        json.dumps({**GOOD_REPORT, "text": "   "}).encode(),
        json.dumps({"title": "no body"}).encode(),
        json.dumps({**GOOD_REPORT, "html": "<p>both</p>"}).encode(),
        json.dumps({**GOOD_REPORT, "published": "13/13/2017"}).encode(),
        json.dumps({**GOOD_REPORT, "text": "<p></p>"}).encode(),
        json.dumps({**GOOD_REPORT, "id": "../etc/passwd"}).encode(),
    ],
)
def test_a_malformed_or_empty_report_is_a_422(tmp_path: Path, body: bytes) -> None:
    response = writer(tmp_path, TOKEN).post("/api/reports", content=body, headers=bearer(TOKEN))
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_a_good_report_is_analysed_stored_and_readable(tmp_path: Path) -> None:
    with writer(tmp_path, TOKEN) as client:
        response = client.post("/api/reports", json=GOOD_REPORT, headers=bearer(TOKEN))
        assert response.status_code == 201, response.text
        assert response.json() == {"id": "posted", "url": "/api/reports/posted"}
        report = get(client, "/api/reports/posted")
        assert report["source"] == "Test Wire"
        assert report["places"] and report["grade"] is not None
        assert get(client, "/api/events")["total"] == 1
        assert get(client, "/api/search?q=governor")["items"][0]["document_id"] == "posted"
        again = client.post("/api/reports", json=GOOD_REPORT, headers=bearer(TOKEN))
        assert again.status_code == 409 and "posted" in again.json()["detail"]
