"""The HTML pages: overview, report, question, event, source, timeline, map, search.

Every page is a Jinja template under ``templates/`` extending ``base.html.j2`` (navigation
and a search box), rendered with autoescape on: report text reaches a page only escaped,
by Jinja or by :mod:`claimgraph.present.highlight`. No page holds an inline script or a
style attribute (the Content-Security-Policy forbids both): the looks are classes of
``static/app.css`` and the behaviour small scripts under ``static/``. Charts, maps and the
timeline are inline SVG computed here, in coordinates the templates only print.

Ids are path parameters; an unknown id gets the HTML "not found" page with status 404.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph.assess.grades import GradedEvent
from claimgraph.link.timeline import Story, TimelineEntry
from claimgraph.present.highlight import Highlighter
from claimgraph.present.views import RELATION_WORDS, MarkedText, add_filters, question_view
from claimgraph.present.web.api import store_reader
from claimgraph.store.queries import Filters, MapPoint

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
OVERVIEW_SIZE = 10
# The base path of each kind of page that has an id.
PAGE_PATHS = {
    "report": "/reports/",
    "question": "/questions/",
    "event": "/events/",
    "source": "/sources/",
}


def page_path(kind: str, ident: str) -> str:
    """The path of the page of ``kind`` for ``ident``, the id quoted whole (a source name
    may hold a slash or a question mark)."""
    return PAGE_PATHS[kind] + quote(ident, safe="")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimgraph.present.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["href"] = page_path
    env.globals["relation_words"] = RELATION_WORDS
    return add_filters(env)


templates = Jinja2Templates(env=_environment())


PAGE_CACHE_SIZE = 512  # rendered pages kept per app (a FA-KES report page is ~60 KB)


class PageCache:
    """Rendered pages by URL, kept while the store is unchanged.

    A page is a function of the store, so it is rendered once per store version
    (:meth:`StoreReader.version`: documents added or linked) and served from memory after
    that; the least recently used pages go first. Under load this is the difference
    between a page's 10 ms of queries and rendering and a dictionary lookup.
    """

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self._size = size
        self._version: tuple[Any, ...] | None = None
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: tuple[Any, ...], url: str) -> bytes | None:
        """The page rendered for ``url`` at ``version``, if kept."""
        with self._lock:
            if version != self._version:
                self._version, self._pages = version, OrderedDict()
                return None
            body = self._pages.get(url)
            if body is not None:
                self._pages.move_to_end(url)
            return body

    def put(self, version: tuple[Any, ...], url: str, body: bytes) -> None:
        """Keep a page rendered at ``version``."""
        with self._lock:
            if version == self._version:
                self._pages[url] = body
                while len(self._pages) > self._size:
                    self._pages.popitem(last=False)


_PAGE_CACHE_LOCK = threading.Lock()


def _page_cache(request: Request) -> PageCache:
    state = request.app.state
    with _PAGE_CACHE_LOCK:
        if getattr(state, "page_cache", None) is None:
            state.page_cache = PageCache()
    cache: PageCache = state.page_cache
    return cache


def cached_page(handler: Callable[..., HTMLResponse]) -> Callable[..., HTMLResponse]:
    """Serve ``handler``'s page from the :class:`PageCache` while the store is unchanged
    (found pages only: a 404 is rendered each time)."""

    @functools.wraps(handler)
    def serve(*args: Any, **kwargs: Any) -> HTMLResponse:
        request: Request = kwargs["request"]
        cache = _page_cache(request)
        version = store_reader(request).version()
        url = f"{request.url.path}?{request.url.query}"
        body = cache.get(version, url)
        if body is not None:
            return HTMLResponse(body)
        response = handler(*args, **kwargs)
        if response.status_code == 200:
            cache.put(version, url, bytes(response.body))
        return response

    return serve


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def not_found(request: Request, what: str, ident: str) -> HTMLResponse:
    """The HTML 404 page for an unknown report, question, event, source or path."""
    return _page(request, "not_found.html.j2", 404, what=what, ident=ident)


# -- maps --------------------------------------------------------------------------------

# The map's projection is the outlines file's: x = longitude, y = -latitude (degrees).
WORLD_VIEW = (-180.0, -90.0, 360.0, 180.0)
PATH_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MAP_PADDING = 4.0  # degrees around the points
MAP_MIN_SPAN = 16.0  # degrees of longitude at the closest
EVENT_MAP_SPAN = 24.0  # degrees of longitude around one event


@dataclass(frozen=True, slots=True)
class Outline:
    """A country's outline as an SVG path in the map's projection, and its bounding box
    (west, north, east, south as x and y: ``x0 <= x1``, ``y0 <= y1``)."""

    name: str
    path: str
    box: tuple[float, float, float, float]

    def meets(self, x: float, y: float, width: float, height: float) -> bool:
        """Whether the outline's box meets the window (x, y, width, height)."""
        x0, y0, x1, y1 = self.box
        return x0 <= x + width and x <= x1 and y0 <= y + height and y <= y1


@dataclass(frozen=True, slots=True)
class MapMark:
    """A point on a map: an event (linked to its page) or a place."""

    kind: str
    x: float
    y: float
    r: float
    label: str
    href: str | None


@dataclass(frozen=True, slots=True)
class MapView:
    """A map as the template draws it: the outlines, the points, the window shown."""

    view_box: str
    countries: list[Outline]
    points: list[MapMark]


@cache
def country_outlines() -> list[Outline]:
    """The countries of ``data/country_outlines.json`` (Natural Earth 1:110m)."""
    source = files("claimgraph.data").joinpath("country_outlines.json").read_text("utf-8")
    outlines = []
    for country in json.loads(source)["countries"]:
        # The paths are "Mx y x y ...Z" pairs: every other number is an x.
        numbers = [float(n) for n in PATH_NUMBER.findall(country["path"])]
        xs, ys = numbers[0::2], numbers[1::2]
        box = (min(xs), min(ys), max(xs), max(ys))
        outlines.append(Outline(country["name"], country["path"], box))
    return outlines


def _outlines_in(x: float, y: float, width: float, height: float) -> list[Outline]:
    """The outlines that meet the window: a regional map ships only its neighbourhood."""
    return [o for o in country_outlines() if o.meets(x, y, width, height)]


def _window(points: list[MapPoint]) -> tuple[float, float, float, float]:
    """The (x, y, width, height) around the points, padded, at least
    :data:`MAP_MIN_SPAN` wide, twice as wide as high; the world where there is none."""
    if not points:
        return WORLD_VIEW
    west = min(p.lon for p in points) - MAP_PADDING
    east = max(p.lon for p in points) + MAP_PADDING
    north = max(p.lat for p in points) + MAP_PADDING
    south = min(p.lat for p in points) - MAP_PADDING
    width = max(east - west, 2 * (north - south), MAP_MIN_SPAN)
    height = width / 2
    centre_x, centre_y = (west + east) / 2, -(north + south) / 2
    return (centre_x - width / 2, centre_y - height / 2, width, height)


def map_view(points: list[MapPoint]) -> MapView:
    """The whole world's outlines and the points, the window framed on the points; event
    circles grow with the square root of their reports, so the area tells the count."""
    x, y, width, height = _window(points)
    unit = width / 240  # a point's radius at one report
    marks = [
        MapMark(
            p.kind,
            round(p.lon, 3),
            round(-p.lat, 3),
            round(unit * (2 * math.sqrt(max(p.count, 1)) if p.kind == "event" else 1), 3),
            p.label,
            page_path("event", p.id) if p.kind == "event" else None,
        )
        for p in sorted(points, key=lambda p: p.kind != "place")  # events drawn on top
    ]
    view_box = " ".join(
        f"{v:g}" for v in (round(x, 2), round(y, 2), round(width, 2), round(height, 2))
    )
    return MapView(view_box, country_outlines(), marks)


def event_map(graded: GradedEvent) -> MapView | None:
    """A small map around the event's place, None where it has no coordinates."""
    place = graded.event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    label = f"{place.name} ({place.lat:.3f}, {place.lon:.3f})"
    width, height = EVENT_MAP_SPAN, EVENT_MAP_SPAN / 2
    x, y = place.lon - width / 2, -place.lat - height / 2
    mark = MapMark("event", place.lon, -place.lat, width / 80, label, None)
    view_box = f"{x:g} {y:g} {width:g} {height:g}"
    return MapView(view_box, _outlines_in(x, y, width, height), [mark])


# -- the event's figures chart -----------------------------------------------------------

CHART_WIDTH = 640
CHART_LABEL = 170  # the left band holding each row's source
CHART_ROW = 26
CHART_TICKS = 5


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One report's figure: its range as a bar, its value as a dot (``open`` where the
    figure has no upper bound, "at least 70": the bar runs to the chart's edge)."""

    label: str
    text: str
    y: float
    low_x: float
    high_x: float
    best_x: float
    open: bool


@dataclass(frozen=True, slots=True)
class FigureChart:
    """The figures each report gives for the event's dead, on one scale."""

    width: int
    height: int
    rows: list[ChartRow]
    ticks: list[tuple[float, str]]
    conservative_x: float | None
    conservative: float | None


def _nice_top(value: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def figure_chart(graded: GradedEvent) -> FigureChart | None:
    """The chart of the reports' figures for the dead, None where no report gives one."""
    figures = [(r.source, r.dead) for r in graded.event.reports if r.dead is not None]
    if not figures:
        return None
    conservative = graded.grade.conservative
    values = [v for _, dead in figures for v in (dead.low, dead.high, dead.value) if v]
    top = _nice_top(max([*values, conservative or 0.0]) * 1.05)
    plot = CHART_WIDTH - CHART_LABEL - 20

    def at(value: float) -> float:
        return round(CHART_LABEL + plot * value / top, 1)

    rows = [
        ChartRow(
            source,
            dead.text,
            20 + index * CHART_ROW,
            at(dead.low),
            at(dead.high if dead.high is not None else top),
            at(dead.value),
            dead.high is None,
        )
        for index, (source, dead) in enumerate(figures)
    ]
    steps = [top * i / CHART_TICKS for i in range(CHART_TICKS + 1)]
    ticks = [(at(value), f"{value:,.0f}") for value in steps]
    height = 20 + len(rows) * CHART_ROW + 24
    conservative_x = at(conservative) if conservative is not None else None
    return FigureChart(CHART_WIDTH, height, rows, ticks, conservative_x, conservative)


# -- the timeline ------------------------------------------------------------------------

TIMELINE_WIDTH = 960
TIMELINE_LABEL = 190
TIMELINE_ROW = 18
MAX_STORIES = 25
MAX_ROWS = 200  # entries drawn per story; the rest are counted


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One entry on the axis: the days it is about (``start``, ``end``, counted from the
    story's first day) as a bar, the day it was reported as a tick (None: undated), and
    where they sit on the whole span (``x``, ``width``, ``reported_x``) until the script
    zooms."""

    entry: TimelineEntry
    y: float
    start: int
    end: int
    reported: int | None
    href: str | None
    x: float
    width: float
    reported_x: float | None


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """A story's entries on one time axis; ``days`` is the length of its span."""

    anchor: str
    story: Story
    first: date
    days: int
    rows: list[TimelineRow]
    background: int  # entries about times before the span, not drawn
    overflow: int  # entries past the first MAX_ROWS, not drawn
    ticks: list[tuple[int, str, float]]  # day, label, x on the whole span
    height: int


def _entry_href(entry: TimelineEntry) -> str | None:
    """Where an entry links: its event's page, or its claim in its report."""
    if entry.kind == "event" and entry.link:
        return page_path("event", entry.link)
    if entry.sentence is not None:
        return f"{page_path('report', entry.document_id)}#claim-{entry.sentence.start}"
    return page_path("report", entry.document_id)


def _ticks(first: date, days: int) -> list[tuple[int, str]]:
    """Day offsets and labels of the axis: the first of each month, or every few days
    where the span is shorter than two months."""
    if days <= 62:
        step = max(1, days // 8)
        return [
            (d, date.fromordinal(first.toordinal() + d).isoformat()) for d in range(0, days, step)
        ]
    ticks = []
    month = date(first.year, first.month, 1)
    while (month - first).days < days:
        if month >= first:
            ticks.append(((month - first).days, month.strftime("%Y-%m")))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    every = max(1, len(ticks) // 12)
    return ticks[::every]


def timeline_chart(index: int, story: Story) -> TimelineChart | None:
    """The story's news entries on one axis, from the earliest day an entry is about or
    was reported to the latest; None where it has none."""
    news = story.news
    if not news:
        return None
    reported = [date.fromisoformat(e.reported) for e in news if e.reported]
    first = min([e.about.start for e in news] + reported)
    last = max([e.about.end for e in news] + reported)
    days = (last - first).days + 1  # an interval's end day is part of it
    in_span = [e for e in story.entries if e.about.end >= first]
    drawn = in_span[:MAX_ROWS]

    def at(day: int) -> float:
        return round(TIMELINE_LABEL + (TIMELINE_WIDTH - TIMELINE_LABEL - 10) * day / days, 1)

    rows = []
    for i, entry in enumerate(drawn):
        start = max(0, (entry.about.start - first).days)
        end = min(days, (entry.about.end - first).days + 1)
        day = (date.fromisoformat(entry.reported) - first).days if entry.reported else None
        reported_x = at(day) if day is not None else None
        width = max(2.0, at(end) - at(start))
        row = TimelineRow(
            entry, 30 + i * TIMELINE_ROW, start, end, day, _entry_href(entry),
            at(start), round(width, 1), reported_x,
        )  # fmt: skip
        rows.append(row)
    ticks = [(day, label, at(day)) for day, label in _ticks(first, days)]
    height = 40 + len(rows) * TIMELINE_ROW
    background, overflow = len(story.entries) - len(in_span), len(in_span) - len(drawn)
    return TimelineChart(
        f"story-{index}", story, first, days, rows, background, overflow, ticks, height
    )


# -- pages -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, name="overview_page")
@cached_page
def overview_page(request: Request) -> HTMLResponse:
    """Counts, the most contested questions, the newest events, the sources."""
    reader = store_reader(request)
    return _page(
        request,
        "overview.html.j2",
        section="Overview",
        counts=reader.counts(),
        clusters=reader.clusters(Filters(), 0, OVERVIEW_SIZE),
        events=reader.events(Filters(), 0, OVERVIEW_SIZE),
        sources=reader.sources(),
    )


@router.get("/search", response_class=HTMLResponse, name="search_page")
@cached_page
def search_page(
    request: Request, q: str = Query("", max_length=500), offset: int = Query(0, ge=0)
) -> HTMLResponse:
    """Reports and claims matching every word of ``q``, with plain-text snippets."""
    hits = store_reader(request).search(q, offset, PAGE_SIZE) if q.strip() else None
    search_url = "/search?" + urlencode({"q": q}) + "&"
    return _page(request, "search.html.j2", query=q, hits=hits, search_url=search_url)


@router.get("/reports/{document_id}", response_class=HTMLResponse, name="report_page")
@cached_page
def report_page(request: Request, document_id: str) -> HTMLResponse:
    """The report's text highlighted, its claims with their grades, its own grade."""
    reader = store_reader(request)
    extraction = reader.extraction(document_id)
    if extraction is None:
        return not_found(request, "report", document_id)
    text = Highlighter(extraction).with_claims((c.start, c.end) for c in extraction.claims)
    return _page(
        request,
        "report.html.j2",
        x=extraction,
        text=text,
        claim_grades=reader.claim_grades(document_id),
        report_grade=reader.report_grade(document_id),
    )


@router.get("/questions/{cluster_id}", response_class=HTMLResponse, name="question_page")
@cached_page
def question_page(request: Request, cluster_id: str) -> HTMLResponse:
    """The question's claims side by side, its relations with evidence, its grade."""
    reader = store_reader(request)
    graded = reader.question(cluster_id)
    if graded is None:
        return not_found(request, "question", cluster_id)
    extractions = reader.extractions({claim.document_id for claim in graded.cluster.claims})
    return _page(
        request, "question.html.j2", q=question_view(graded), marked=MarkedText(extractions)
    )


@router.get("/events/{event_id}", response_class=HTMLResponse, name="event_page")
@cached_page
def event_page(request: Request, event_id: str) -> HTMLResponse:
    """The event's facts, each report's figure on a chart, its reports, its place."""
    graded = store_reader(request).event(event_id)
    if graded is None:
        return not_found(request, "event", event_id)
    return _page(
        request,
        "event.html.j2",
        e=graded,
        event_id=event_id,
        chart=figure_chart(graded),
        place_map=event_map(graded),
    )


@router.get("/sources/{name:path}", response_class=HTMLResponse, name="source_page")
@cached_page
def source_page(request: Request, name: str, offset: int = Query(0, ge=0)) -> HTMLResponse:
    """The outlet's profile and its reports, a page at a time."""
    reader = store_reader(request)
    reports = reader.reports(Filters(source=name), offset, PAGE_SIZE)
    profile = reader.source(name)
    if profile is None and reports.total == 0:
        return not_found(request, "source", name)
    claims = reader.claims(Filters(source=name), 0, PAGE_SIZE)
    return _page(
        request,
        "source.html.j2",
        name=name,
        profile=profile,
        reports=reports,
        claims=claims,
        pager_url=page_path("source", name) + "?",
    )


@router.get("/timeline", response_class=HTMLResponse, name="timeline_page")
@cached_page
def timeline_page(request: Request) -> HTMLResponse:
    """Each story's events and dated claims on a zoomable axis: the date each is about
    as a bar, the date it was reported as a tick."""
    stories = store_reader(request).timelines()
    drawn = (timeline_chart(i, s) for i, s in enumerate(stories[:MAX_STORIES], start=1))
    charts = [chart for chart in drawn if chart is not None]
    return _page(
        request,
        "timeline.html.j2",
        section="Timeline",
        charts=charts,
        stories=len(stories),
        width=TIMELINE_WIDTH,
        label_width=TIMELINE_LABEL,
    )


@router.get("/map", response_class=HTMLResponse, name="map_page")
@cached_page
def map_page(request: Request) -> HTMLResponse:
    """Events and places on the offline base map."""
    points = store_reader(request).map_points()
    events = [p for p in points if p.kind == "event"]
    return _page(
        request,
        "map.html.j2",
        section="Map",
        world=map_view(points),
        events=sorted(events, key=lambda p: -p.count),
        places=sum(p.kind == "place" for p in points),
    )
