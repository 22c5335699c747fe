"""The HTML pages over a store of the Mosul reports and one hostile report.

Each page renders what it should; report-derived text (the hostile report's text, title
and source name) is escaped everywhere it appears; no page holds inline script or a style
attribute (the Content-Security-Policy forbids both); unknown ids get an HTML 404.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from claimgraph.assess.grades import Grade, GradedEvent
from claimgraph.link.events import EventPlace, ReportedEvent, ReportFigure, event_of
from claimgraph.present.web.app import WebSettings, create_app
from claimgraph.present.web.pages import figure_chart, map_view, page_path
from claimgraph.store.queries import MapPoint
from tests.web.stores import HOSTILE_SOURCE, build_store

# Entity-escaped, as a scraped page holds it: normalizing unescapes it, so the stored
# text holds the live markup.
HOSTILE_TEXT = (
    "Officials in Aleppo said &lt;script&gt;alert(1)&lt;/script&gt; was found on Tuesday, "
    "next to an &lt;img src=x onerror=alert(1)&gt; and a "
    '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;, the governor said.'
)
HOSTILE_TITLE = '<img src=x onerror=alert("title")>'


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, nlp: Language
) -> Iterator[TestClient]:
    report = {
        "id": "hostile",
        "source": HOSTILE_SOURCE,
        "published": "2017-04-04",
        "title": HOSTILE_TITLE,
        "text": HOSTILE_TEXT,
    }
    path = build_store(tmp_path_factory.mktemp("pages"), examples_dir, nlp, report)
    with TestClient(create_app(WebSettings(str(path)))) as client:
        yield client


def page(client: TestClient, url: str, expect: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == expect, url
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def links(html: str, kind: str) -> list[str]:
    """The distinct paths of the page's links to pages of ``kind`` (e.g. "questions")."""
    return sorted(set(re.findall(rf'href="(/{kind}/[^"#?]+)', html)))


def ids_of(client: TestClient) -> dict[str, list[str]]:
    """The paths of the store's question, event, source and report pages."""
    overview = page(client, "/")
    found = {kind: links(overview, kind) for kind in ("questions", "events", "sources")}
    found["reports"] = [
        link for source in found["sources"] for link in links(page(client, source), "reports")
    ]
    return found


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def all_pages(client: TestClient) -> dict[str, str]:
    urls = ["/", "/timeline", "/map", "/search?q=alert", "/search?q=Mosul"]
    urls += [url for paths in ids_of(client).values() for url in paths]
    return {url: page(client, url) for url in urls}


# -- what each page shows ---------------------------------------------------------------


def test_the_overview_counts_and_links_the_contested_questions_and_events(
    client: TestClient,
) -> None:
    html = page(client, "/")
    assert "stay or leave" in html
    assert len(links(html, "questions")) == 2
    assert len(links(html, "events")) >= 2
    assert 'action="/search"' in html  # the search box, as on every page


def test_the_two_mosul_disputes_show_their_claims_side_by_side_with_evidence(
    client: TestClient,
) -> None:
    questions = [page(client, url) for url in ids_of(client)["questions"]]
    stay = next(html for html in questions if "stay or leave" in html)
    offensive = next(html for html in questions if "offensive succeed or fail" in html)
    for html in (stay, offensive):
        assert html.count('class="side"') == 2  # one column per source
        assert "DEBKAfile" in html and "The National" in html
        assert 'class="grade' in html
        assert 'class="place"' in html or 'class="entity' in html  # sentences highlighted
    assert 'class="relation contradict"' in stay and "contradicts" in stay
    assert 'class="relation update"' in offensive and "overtaken by later reporting" in offensive
    evidence = re.findall(r"<td>([^<]{20,})</td></tr>", stay)
    assert evidence, "each relation row ends with its evidence"


def test_a_claim_links_to_its_sentence_in_the_report(client: TestClient) -> None:
    [stay_url] = [u for u in ids_of(client)["questions"] if "stay or leave" in page(client, u)]
    target = re.search(r'href="(/reports/[^"#]+)#claim-(\d+)"', page(client, stay_url))
    assert target is not None
    report = page(client, target.group(1))
    sentence = re.search(rf'<span class="claim" id="claim-{target.group(2)}">', report)
    assert sentence is not None
    assert '<script src="/static/target.js"' in report  # adds class "target" to it


def test_the_report_marks_its_records_with_values_on_hover_and_focus(client: TestClient) -> None:
    debka = next(u for u in ids_of(client)["sources"] if u.endswith("/DEBKAfile"))
    [report_url] = links(page(client, debka), "reports")
    html = page(client, report_url)
    for css in ("figure", "date", "place", "speaker", "said"):
        assert re.search(rf'<span class="{css}[^"]*" title="[^"]+" tabindex="0">', html), css
    assert "Claims (" in html and "in its question" in html  # the side panel's grades
    assert "Report grade" in html


def test_the_event_page_charts_the_figures_and_places_the_event(client: TestClient) -> None:
    events = [page(client, url) for url in ids_of(client)["events"]]
    charted = [html for html in events if '<svg class="chart figures"' in html]
    assert charted, "a Mosul event gives a figure for the dead"
    assert all('class="best"' in html and 'class="range"' in html for html in charted)
    assert any('<svg class="map small"' in html and "event-point" in html for html in events)


def test_the_map_draws_country_outlines_and_linked_event_points(client: TestClient) -> None:
    html = page(client, "/map")
    assert html.count('<path class="country"') > 100
    assert re.search(r'<a href="/events/[^"]+"><circle class="event-point"', html)
    assert 'class="place-point"' in html


def test_the_timeline_draws_bars_for_the_reported_and_the_about_dates(client: TestClient) -> None:
    html = page(client, "/timeline")
    assert '<svg class="timeline"' in html
    assert len(re.findall(r'<rect class="about (?:event|claim)" data-from=', html)) >= 2
    assert 'class="reported"' in html
    assert '<script src="/static/timeline.js"' in html


def test_the_source_page_shows_the_profile_and_its_reports(client: TestClient) -> None:
    html = page(client, "/sources/DEBKAfile")
    assert "Track record" in html and len(links(html, "reports")) == 1


def test_search_finds_reports_and_claims(client: TestClient) -> None:
    html = page(client, "/search?q=Mosul")
    assert 'class="tag">claim<' in html and 'class="tag">report<' in html
    assert re.search(r'href="/reports/[^"]+#claim-\d+"', html)
    assert "Type words" in page(client, "/search?q=")


# -- hostile input and the Content-Security-Policy --------------------------------------


def test_the_hostile_report_renders_as_text_on_every_page(client: TestClient) -> None:
    pages = all_pages(client)
    hostile = [html for html in pages.values() if "alert(1)" in html]
    assert len(hostile) >= 3  # its report, its source page, the search for "alert"
    assert any("&lt;b&gt;Evil&lt;/b&gt;" in html for html in pages.values())
    for url, html in pages.items():
        assert "<script>alert" not in html, url
        assert "<b>Evil" not in html, url
        for tag, attrs in tags(html):
            assert "onerror" not in attrs, url
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), url
            assert tag != "img", url


def test_no_page_has_inline_script_or_style(client: TestClient) -> None:
    for url, html in all_pages(client).items():
        for tag, attrs in tags(html):
            assert "style" not in attrs, f"{url}: style attribute on <{tag}>"
            assert tag != "style", url
            source = attrs.get("src") or ""
            assert tag != "script" or source.startswith("/static/"), url
            assert not any(name.startswith("on") for name in attrs), url


def test_the_hostile_source_name_is_a_working_link(client: TestClient) -> None:
    url = page_path("source", HOSTILE_SOURCE)
    assert url == "/sources/%3Cb%3EEvil%3C%2Fb%3E"
    assert "&lt;b&gt;Evil&lt;/b&gt;" in page(client, url)


@pytest.mark.parametrize(
    "url",
    ["/reports/nope", "/questions/question-0", "/events/event-0", "/sources/Nobody", "/nope/x"],
)
def test_unknown_ids_get_an_html_404(client: TestClient, url: str) -> None:
    html = page(client, url, expect=404)
    assert "Not found" in html and 'action="/search"' in html


def test_an_unknown_api_path_stays_json(client: TestClient) -> None:
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_bad_paging_is_a_client_error(client: TestClient) -> None:
    assert client.get("/search?q=Mosul&offset=-1").status_code == 422


# -- the pieces, on hand-made records ---------------------------------------------------


def _report(document_id: str, source: str, low: float, high: float | None) -> ReportedEvent:
    dead = ReportFigure(document_id, source, low, low, high, f"{low:g}", "s")
    place = EventPlace("Mosul", "town", None, "IQ", 36.34, 43.13)
    return ReportedEvent(document_id, source, None, None, None, place, dead=dead)


def test_the_chart_draws_each_range_with_an_open_ended_one_to_the_edge() -> None:
    event = event_of([_report("a", "A", 70, 70), _report("b", "B", 100, None)])
    grade = Grade("contested", 0.4, (), conservative=70.0, low=70.0, high=100.0)
    chart = figure_chart(GradedEvent(event, grade))
    assert chart is not None
    fixed, open_ended = chart.rows
    assert fixed.low_x == fixed.high_x == fixed.best_x and not fixed.open
    assert open_ended.open and open_ended.high_x == chart.ticks[-1][0]  # the axis' end
    assert chart.conservative_x == fixed.best_x


def test_the_map_frames_its_points_and_sizes_events_by_reports() -> None:
    points = [
        MapPoint("event", "event-1", "Mosul", 36.34, 43.13, "Mosul", 4),
        MapPoint("event", "event-2", "Aleppo", 36.2, 37.16, "Aleppo", 1),
        MapPoint("place", "1", "Raqqa", 35.95, 39.01, "Raqqa: 1 report", 1),
    ]
    view = map_view(points)
    x, y, width, height = map(float, view.view_box.split())
    assert width == 2 * height
    for p in points:
        assert x < p.lon < x + width and y < -p.lat < y + height
    mosul, aleppo = (m for m in view.points if m.kind == "event")
    assert mosul.r == 2 * aleppo.r  # four reports: twice the radius, four times the area
    assert view.points[0].kind == "place"  # drawn first, under the events
    assert mosul.href == "/events/event-1" and view.points[0].href is None
    assert map_view([]).view_box == "-180 -90 360 180"


def test_page_paths_quote_the_whole_id() -> None:
    assert page_path("report", "a/b?c#d") == "/reports/a%2Fb%3Fc%23d"
    assert page_path("source", "The National") == "/sources/The%20National"
