"""The JSON API under ``/api``: reports, claims, clusters, events, sources, search.

Records have the shapes of :mod:`claimgraph.present.export` (events, clusters, sources)
and :meth:`claimgraph.records.Extraction.to_dict` (a report's records); lists are pages
``{"items", "total", "offset", "limit"}`` with ``offset`` >= 0 and ``limit`` 1 to 100.
Bad parameters are a 422 naming them, unknown ids a 404 naming the id.

Report texts are returned verbatim, markup included: escaping is the job of whatever
renders them (the pages do, with Jinja's autoescape).

Writing (POST a report) needs ``Authorization: Bearer <token>`` equal to the configured
token; with none configured it is off (403).
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import threading
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language

from claimgraph.annotate import DEFAULT_PIPELINE
from claimgraph.assess.sources import read_priors
from claimgraph.link.timeline import Story, TimelineEntry
from claimgraph.pipeline import Extractor, normalize_checked, run_link
from claimgraph.present.export import cluster_record, event_record, source_record
from claimgraph.records import InputProblem, RawDocument
from claimgraph.store import Store
from claimgraph.store.queries import Filters, Page, StoreReader

router = APIRouter(prefix="/api", tags=["api"])

Record = dict[str, Any]
GradeLabel = Literal["corroborated", "single source", "contested", "overtaken"]
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 2**31 - 1  # past SQLite's 64-bit OFFSET an offset would be a 500, not a 422
UPLOAD_CHUNK = 64 * 1024


def store_reader(request: Request) -> StoreReader:
    """The app's shared :class:`StoreReader` over ``app.state.store`` (made on first use)."""
    state = request.app.state
    if getattr(state, "reader", None) is None:
        state.reader = StoreReader(state.store)
    reader: StoreReader = state.reader
    return reader


Reader = Annotated[StoreReader, Depends(store_reader)]


@dataclasses.dataclass(frozen=True, slots=True)
class Paging:
    """Which slice of a list to return."""

    offset: int
    limit: int


def paging(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
) -> Paging:
    """The ``offset`` and ``limit`` query parameters (FastAPI answers 422 outside range)."""
    return Paging(offset, limit)


def filters(
    source: Annotated[str | None, Query(description="an outlet's name")] = None,
    date_from: Annotated[date | None, Query(description="ISO date, inclusive")] = None,
    date_to: Annotated[date | None, Query(description="ISO date, inclusive")] = None,
    place: Annotated[str | None, Query(description="a place name as stored")] = None,
    entity: Annotated[str | None, Query(description="a canonical name or entity id")] = None,
    grade: Annotated[GradeLabel | None, Query(description="a grade label")] = None,
) -> Filters:
    """The list filters from the query string; dates and grades are validated (422)."""
    return Filters(
        source=source,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        place=place,
        entity=entity,
        grade=grade,
    )


PagingQuery = Annotated[Paging, Depends(paging)]
FiltersQuery = Annotated[Filters, Depends(filters)]


def _page_record(page: Page[Any]) -> Record:
    """A page of dataclass items as JSON."""
    return {
        "items": [dataclasses.asdict(item) for item in page.items],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
    }


def _not_found(kind: str, name: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no {kind} {name!r} in the store")


# -- reports and claims -------------------------------------------------------------------


@router.get("/reports")
def list_reports(reader: Reader, page: PagingQuery, where: FiltersQuery) -> Record:
    """Reports, newest first, with their grade's score."""
    return _page_record(reader.reports(where, page.offset, page.limit))


@router.get("/reports/{document_id}")
def get_report(document_id: str, reader: Reader) -> Record:
    """One report in the shape of ``claimgraph extract`` (metadata, text, records), with
    its ``grade`` and ``claim_grades``: each clustered claim's start, question cluster
    and grade in that question."""
    extraction = reader.extraction(document_id)
    if extraction is None:
        raise _not_found("report", document_id)
    grade = reader.report_grade(document_id)
    claim_grades = [
        {"start": start, "cluster_id": cluster_id, "grade": dataclasses.asdict(claim_grade)}
        for start, (cluster_id, claim_grade) in sorted(reader.claim_grades(document_id).items())
    ]
    return {
        **extraction.to_dict(),
        "grade": dataclasses.asdict(grade) if grade is not None else None,
        "claim_grades": claim_grades,
    }


@router.get("/claims")
def list_claims(reader: Reader, page: PagingQuery, where: FiltersQuery) -> Record:
    """Claims, newest report first, each with its question cluster and that one's grade."""
    return _page_record(reader.claims(where, page.offset, page.limit))


# -- question clusters and events ---------------------------------------------------------


@router.get("/clusters")
def list_clusters(reader: Reader, page: PagingQuery, where: FiltersQuery) -> Record:
    """Question clusters, most contested first."""
    return _page_record(reader.clusters(where, page.offset, page.limit))


@router.get("/clusters/{cluster_id}")
def get_cluster(cluster_id: str, reader: Reader) -> Record:
    """One question cluster with its claims, relations and grade."""
    question = reader.question(cluster_id)
    if question is None:
        raise _not_found("question cluster", cluster_id)
    return cluster_record(question, reader.voice_of())


@router.get("/events")
def list_events(reader: Reader, page: PagingQuery, where: FiltersQuery) -> Record:
    """Events, newest first."""
    return _page_record(reader.events(where, page.offset, page.limit))


@router.get("/events/{event_id}")
def get_event(event_id: str, reader: Reader) -> Record:
    """One event with its reports and grade."""
    graded = reader.event(event_id)
    if graded is None:
        raise _not_found("event", event_id)
    return event_record(graded.event, reader.voice_of(), graded.grade)


# -- sources, search, timeline, map ---------------------------------------------------------


@router.get("/sources")
def list_sources(reader: Reader, page: PagingQuery) -> Record:
    """Outlets' profiles, the most prolific first."""
    profiles = reader.sources()
    chosen = profiles[page.offset : page.offset + page.limit]
    return {
        "items": [source_record(profile) for profile in chosen],
        "total": len(profiles),
        "offset": page.offset,
        "limit": page.limit,
    }


@router.get("/sources/{name:path}")
def get_source(name: str, reader: Reader) -> Record:
    """One outlet's profile; a name may hold "/" ("AFP/Reuters", "<b>x</b>")."""
    profile = reader.source(name)
    if profile is None:
        raise _not_found("source", name)
    return source_record(profile)


@router.get("/search")
def search(
    reader: Reader,
    page: PagingQuery,
    q: Annotated[str, Query(min_length=1, max_length=500, description="words to find")],
) -> Record:
    """Reports and claim sentences holding every word of ``q``; snippets are plain text,
    ``marks`` the offsets of the matched words in them."""
    return _page_record(reader.search(q, page.offset, page.limit))


def _entry_record(entry: TimelineEntry) -> Record:
    sentence = entry.sentence
    return {
        "kind": entry.kind,
        "about": entry.about.to_dict(),
        "reported": entry.reported,
        "source": entry.source,
        "document_id": entry.document_id,
        "sentence": dataclasses.asdict(sentence) if sentence is not None else None,
        "summary": entry.summary,
        "link": entry.link,
        "background": entry.background,
    }


def _story_record(story: Story) -> Record:
    return {
        "name": story.name,
        "linked": story.linked,
        "start": story.start.isoformat() if story.start else None,
        "end": story.end.isoformat() if story.end else None,
        "document_ids": story.document_ids,
        "sources": story.sources,
        "entries": [_entry_record(entry) for entry in story.entries],
    }


@router.get("/timeline")
def timeline(reader: Reader) -> Record:
    """The stories of the store (documents joined by events and questions), each with
    its timeline of dated events and claims."""
    return {"items": [_story_record(story) for story in reader.timelines()]}


@router.get("/map")
def map_points(reader: Reader) -> Record:
    """The events and named places with coordinates."""
    return {"items": [dataclasses.asdict(point) for point in reader.map_points()]}


# -- writing ----------------------------------------------------------------------------


class NewReport(BaseModel):
    """A report to analyse: its text (plain) or its HTML, and its metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the report as plain text")
    html: str | None = Field(None, description="the report as an HTML page or fragment")
    title: str | None = None
    source: str | None = Field(None, description="the outlet")
    published: date | None = Field(None, description="ISO date")
    url: str | None = None
    id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",  # safe in a URL path as it is
        description="default: a hash of source and text",
    )

    @model_validator(mode="after")
    def _one_body(self) -> NewReport:
        bodies = [body for body in (self.text, self.html) if body is not None]
        if len(bodies) != 1:
            raise ValueError('give exactly one of "text" and "html"')
        if not bodies[0].strip():
            raise ValueError("the report is empty")
        return self

    def raw(self) -> RawDocument:
        """The report as read from an input, ready to normalize."""
        body, kind = (self.html, "html") if self.html is not None else (self.text or "", "text")
        return RawDocument(
            origin=f"api:{self.id or 'post'}",
            raw=body,
            format=kind,
            id=self.id,
            source=self.source,
            url=self.url,
            title=self.title,
            published=self.published.isoformat() if self.published else None,
        )


class Analyzer:
    """Analyses posted reports into the store, one at a time.

    The spaCy pipeline is loaded on the first report, not when the app starts: a
    read-only server never needs it. Linking regroups and regrades the whole store, so
    writes are serialized.
    """

    def __init__(self, store: Store, pipeline: str = DEFAULT_PIPELINE) -> None:
        self.store = store
        self.extractor = Extractor(pipeline, workers=1)
        self.priors = read_priors()
        self._lock = threading.Lock()

    def _nlp(self) -> Language:
        return self.extractor.annotator().nlp

    def analyze(self, report: NewReport) -> str:
        """Normalize, extract, store and link one report; its document id.

        Raises HTTPException: 422 where no text is left or it is too long, 409 where a
        report with its id is stored already.
        """
        document = normalize_checked(report.raw())
        if isinstance(document, InputProblem):
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, document.reason)
        with self._lock:
            if self.store.known_ids([document.id]):
                raise HTTPException(
                    status.HTTP_409_CONFLICT, f"report {document.id!r} is stored already"
                )
            for result in self.extractor.run([document]):
                if isinstance(result, InputProblem):
                    raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, result.reason)
                self.store.save(result)
            run_link(self.store, self._nlp, self.priors)
        return document.id


_ANALYZER_LOCK = threading.Lock()  # one Analyzer per app, even under concurrent posts


def _analyzer(request: Request) -> Analyzer:
    state = request.app.state
    with _ANALYZER_LOCK:
        if getattr(state, "analyzer", None) is None:
            state.analyzer = Analyzer(state.store)
    analyzer: Analyzer = state.analyzer
    return analyzer


def _check_token(request: Request) -> None:
    """403 where writing is off (no token configured), 401 for a missing or wrong token."""
    expected: str | None = request.app.state.settings.token
    if not expected:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "writing is disabled: set CLAIMGRAPH_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a valid token is needed: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes by its Content-Length or by
    what actually arrives (a client may send more than it declares, or no length)."""
    too_big = HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, f"the report is over the limit of {limit:,} bytes"
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_big
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_big
    return bytes(body)


@router.post(
    "/reports",
    status_code=status.HTTP_201_CREATED,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": NewReport.model_json_schema()}},
        }
    },
)
async def post_report(request: Request) -> Record:
    """Analyse a report into the store (needs the bearer token); its stored id."""
    _check_token(request)
    body = await _read_body(request, request.app.state.settings.max_upload_bytes)
    try:
        content = json.loads(body)
    except ValueError as error:  # not JSON, or not UTF-8
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"the body is not JSON: {error}"
        ) from error
    try:
        report = NewReport.model_validate(content)
    except ValidationError as error:
        problems = [
            {"loc": list(problem["loc"]), "msg": problem["msg"]} for problem in error.errors()
        ]
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems) from error
    document_id = await run_in_threadpool(_analyzer(request).analyze, report)
    return {"id": document_id, "url": f"/api/reports/{document_id}"}
