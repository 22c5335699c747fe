"""Read-only views of the store for the web app and API: targeted queries, one page at a time.

:class:`claimgraph.store.Store` reads whole tables (it feeds linking and grading);
a web page needs one report, one question or one event and the rows around it. Each
method here loads only the rows it shows: a question reads its own cluster, claims and
relations and the link inputs of its documents, so a page renders in milliseconds on a
store of hundreds of reports. Rows become records through the converters of
:mod:`claimgraph.store.links` and the Store's own record reader.

Lists come as a :class:`Page` (items, total, offset, limit) filtered by :class:`Filters`.
Search runs on the SQLite FTS5 tables of migration 0006 (report titles and texts, claim
sentences).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, Table, and_, exists, func, or_, select, text
from sqlalchemy.engine import Connection

from claimgraph.assess.grades import (
    CONTESTED,
    OVERTAKEN,
    Grade,
    GradedEvent,
    GradedQuestion,
    ReportGrade,
    SourcingIndex,
    claim_grades,
)
from claimgraph.assess.sources import SourceProfile
from claimgraph.link.timeline import Story, build_timelines
from claimgraph.records import Extraction
from claimgraph.store import (
    Store,
    links,
    schema,
)

__all__ = [
    "ClaimSummary",
    "ClusterSummary",
    "EventSummary",
    "Filters",
    "MapPoint",
    "Page",
    "ReportSummary",
    "SearchHit",
    "StoreReader",
]

T = TypeVar("T")

# Grades that mean the sources disagree: a cluster graded so counts as contested.
DISPUTED = (CONTESTED, OVERTAKEN)
# The FTS5 tables of migration 0006; FTS5 adds shadow tables named "<table>_<part>".
SEARCH_TABLES = ("documents_fts", "claims_fts")
# FTS5 snippet() markers: control characters no normalized report text holds.
MATCH_OPEN, MATCH_CLOSE = "\x02", "\x03"
SNIPPET_ELLIPSIS = "…"
SNIPPET_TOKENS = 16
SEARCH_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list is narrowed to; every field optional, dates ISO ``YYYY-MM-DD``.

    ``place`` is a place name as stored (``places.name``, ``events.place``); ``entity`` a
    canonical entity name or entity id; ``grade`` one of the grade labels.
    """

    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    entity: str | None = None
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items and where it sits in the whole (``total`` items)."""

    items: list[T]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """A report in a list: its metadata and its grade's score (None before grading)."""

    document_id: str
    source: str | None
    title: str | None
    published: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """A claim in a list: its sentence, where it is, and its question (if clustered)."""

    document_id: str
    source: str | None
    published: str | None
    start: int
    end: int
    text: str
    polarity: str
    modality: str
    cluster_id: str | None
    grade: str | None  # the grade of its question, None where it is in none


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """A question cluster in a list."""

    id: str
    question: str
    claims: int
    sources: int
    contested: int  # relations that contradict or update
    grade: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class EventSummary:
    """An event in a list: its date, place, type, reports, figures and grade."""

    id: str
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    event_type: str | None
    reports: int
    best: float | None
    low: float | None
    high: float | None
    grade: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A report or claim that matches a search.

    ``snippet`` is plain text (never HTML) cut around the match; ``marks`` are the
    (start, end) offsets of the matched words in it. ``start`` and ``end`` are a claim's
    span in its document, None for a report hit.
    """

    kind: str  # "report" or "claim"
    document_id: str
    source: str | None
    title: str | None
    start: int | None
    end: int | None
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class MapPoint:
    """An event or a named place with coordinates; ``count`` its reports."""

    kind: str  # "event" or "place"
    id: str
    name: str
    lat: float
    lon: float
    label: str
    count: int


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression from what a user typed: every word must occur.

    Each word is quoted, so FTS5 operators and punctuation in the query are plain text.
    """
    return " ".join(f'"{word}"' for word in SEARCH_WORD.findall(query))


def plain_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet without its match markers, and the offsets of the marked words."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    for piece in re.split(f"({MATCH_OPEN}[^{MATCH_CLOSE}]*{MATCH_CLOSE})", marked):
        if piece.startswith(MATCH_OPEN):
            word = piece[1:-1]
            marks.append((length, length + len(word)))
            piece = word
        parts.append(piece)
        length += len(piece)
    return "".join(parts), tuple(marks)


def _documents_where(filters: Filters, *, dates: bool = True, place: bool = True) -> Select | None:
    """The ids of the documents the filters' document conditions allow (None: all).

    ``dates`` and ``place`` say whether the publication date and the places a report
    names count; events filter on their own date and place instead.
    """
    docs = schema.documents
    conditions: list[ColumnElement[bool]] = []
    if filters.source is not None:
        conditions.append(docs.c.source == filters.source)
    if dates and filters.date_from is not None:
        conditions.append(docs.c.published >= filters.date_from)
    if dates and filters.date_to is not None:
        conditions.append(docs.c.published <= filters.date_to)
    if place and filters.place is not None:
        places = schema.places
        named = and_(places.c.document_id == docs.c.id, places.c.name == filters.place)
        conditions.append(exists().where(named))
    if filters.entity is not None:
        entities = schema.entities
        who = or_(entities.c.canonical == filters.entity, entities.c.entity_id == filters.entity)
        conditions.append(exists().where(and_(entities.c.document_id == docs.c.id, who)))
    if not conditions:
        return None
    return select(docs.c.id).where(*conditions)


def _graded_documents(grade: str) -> Select:
    """The ids of the documents in an event or question cluster with that grade."""
    events, clusters = schema.events, schema.clusters
    in_events = (
        select(schema.event_reports.c.document_id)
        .join(events, events.c.id == schema.event_reports.c.event_id)
        .where(events.c.grade == grade)
    )
    in_clusters = (
        select(schema.cluster_claims.c.document_id)
        .join(clusters, clusters.c.id == schema.cluster_claims.c.cluster_id)
        .where(clusters.c.grade == grade)
    )
    return in_events.union(in_clusters)  # type: ignore[return-value]


def _page(connection: Connection, query: Select, offset: int, limit: int) -> tuple[list[Any], int]:
    """The rows of one page of ``query`` and the number of rows of the whole."""
    total = connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = list(connection.execute(query.offset(offset).limit(limit)))
    return rows, total


class StoreReader:
    """Read-only views of a store for the API and the pages (targeted SQL per request)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        # The timelines need the whole store; they are kept until it changes.
        self._timelines: tuple[tuple[Any, ...], list[Story]] | None = None
        self._timelines_lock = threading.Lock()

    # -- overview ---------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Documents, claims, events, question clusters, sources (outlets) and contested
        clusters (graded contested or overtaken)."""
        docs, clusters = schema.documents, schema.clusters
        queries = {
            "documents": select(func.count()).select_from(docs),
            "claims": select(func.count()).select_from(schema.claims),
            "events": select(func.count()).select_from(schema.events),
            "clusters": select(func.count()).select_from(clusters),
            "sources": select(func.count(docs.c.source.distinct())),
            "contested": select(func.count()).where(clusters.c.grade.in_(DISPUTED)),
        }
        with self.engine.connect() as connection:
            return {name: connection.execute(q).scalar_one() for name, q in queries.items()}

    # -- reports and claims -----------------------------------------------------------

    def reports(self, filters: Filters, offset: int, limit: int) -> Page[ReportSummary]:
        """Reports, newest first, with their grade's score."""
        docs, grades = schema.documents, schema.report_grades
        query = select(docs.c.id, docs.c.source, docs.c.title, docs.c.published, grades.c.score)
        query = query.outerjoin(grades, grades.c.document_id == docs.c.id)
        if (matching := _documents_where(filters)) is not None:
            query = query.where(docs.c.id.in_(matching))
        if filters.grade is not None:
            query = query.where(docs.c.id.in_(_graded_documents(filters.grade)))
        query = query.order_by(
            docs.c.published.is_(None), docs.c.published.desc(), docs.c.source, docs.c.id
        )
        with self.engine.connect() as connection:
            rows, total = _page(connection, query, offset, limit)
        items = [ReportSummary(r.id, r.source, r.title, r.published, r.score) for r in rows]
        return Page(items, total, offset, limit)

    def claims(self, filters: Filters, offset: int, limit: int) -> Page[ClaimSummary]:
        """Claims, newest report first and in text order, with their question's grade."""
        docs, claims = schema.documents, schema.claims
        members, clusters = schema.cluster_claims, schema.clusters
        query = (
            select(
                claims.c.document_id,
                docs.c.source,
                docs.c.published,
                claims.c.start_char,
                claims.c.end_char,
                claims.c.text,
                claims.c.polarity,
                claims.c.modality,
                members.c.cluster_id,
                clusters.c.grade,
            )
            .join(docs, docs.c.id == claims.c.document_id)
            .outerjoin(
                members,
                and_(
                    members.c.document_id == claims.c.document_id,
                    members.c.claim_ordinal == claims.c.ordinal,
                ),
            )
            .outerjoin(clusters, clusters.c.id == members.c.cluster_id)
        )
        if (matching := _documents_where(filters)) is not None:
            query = query.where(claims.c.document_id.in_(matching))
        if filters.grade is not None:
            query = query.where(clusters.c.grade == filters.grade)
        query = query.order_by(
            docs.c.published.is_(None), docs.c.published.desc(), docs.c.id, claims.c.ordinal
        )
        with self.engine.connect() as connection:
            rows, total = _page(connection, query, offset, limit)
        items = [
            ClaimSummary(
                r.document_id,
                r.source,
                r.published,
                r.start_char,
                r.end_char,
                r.text,
                r.polarity,
                r.modality,
                r.cluster_id,
                r.grade,
            )
            for r in rows
        ]
        return Page(items, total, offset, limit)

    def extraction(self, document_id: str) -> Extraction | None:
        """One stored document with all its records, None where it is not stored."""
        found = self.extractions([document_id])
        return found[0] if found else None

    def extractions(self, document_ids: Collection[str]) -> list[Extraction]:
        """The stored documents of ``document_ids`` with their records (read together)."""
        return list(self.store.extractions(document_ids))

    def report_grade(self, document_id: str) -> ReportGrade | None:
        """The report's grade, None before grading or where it is not stored."""
        query = (
            select(schema.report_grades, schema.documents.c.source)
            .join(schema.documents)
            .where(schema.report_grades.c.document_id == document_id)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return links.report_grade_from_row(row) if row is not None else None

    def claim_grades(self, document_id: str) -> dict[int, tuple[str, Grade]]:
        """Each of the report's clustered claims by start -> (its cluster's id, the claim's
        own grade in that question)."""
        members = schema.cluster_claims
        query = select(members.c.cluster_id).where(members.c.document_id == document_id)
        query = query.distinct().order_by(members.c.cluster_id)
        with self.engine.connect() as connection:
            cluster_ids = list(connection.scalars(query))
        questions = [q for cid in cluster_ids if (q := self.question(cid)) is not None]
        # One sourcing index over every document the questions cite: each is read once.
        cited = {claim.document_id for q in questions for claim in q.cluster.claims}
        sourcing = SourcingIndex(self.extractions(cited))
        voice_of = self.voice_of()
        found: dict[int, tuple[str, Grade]] = {}
        for question in questions:
            grades = claim_grades(question.cluster, voice_of, sourcing)
            for (document, start), grade in grades.items():
                if document == document_id:
                    found.setdefault(start, (question.cluster.id, grade))
        return found

    # -- question clusters ------------------------------------------------------------

    def clusters(self, filters: Filters, offset: int, limit: int) -> Page[ClusterSummary]:
        """Question clusters, most contested first, then the largest."""
        clusters, members = schema.clusters, schema.cluster_claims
        query = select(clusters)
        if (matching := _documents_where(filters)) is not None:
            mine = and_(members.c.cluster_id == clusters.c.id, members.c.document_id.in_(matching))
            query = query.where(exists().where(mine))
        if filters.grade is not None:
            query = query.where(clusters.c.grade == filters.grade)
        query = query.order_by(
            clusters.c.contested.desc(),
            clusters.c.claims.desc(),
            clusters.c.question,
            clusters.c.id,
        )
        with self.engine.connect() as connection:
            rows, total = _page(connection, query, offset, limit)
        items = [
            ClusterSummary(r.id, r.question, r.claims, r.sources, r.contested, r.grade, r.score)
            for r in rows
        ]
        return Page(items, total, offset, limit)

    def question(self, cluster_id: str) -> GradedQuestion | None:
        """One graded question cluster with its claims and relations (None: not stored or
        not graded)."""
        grade = self._grade(schema.clusters, cluster_id)
        if grade is None:
            return None
        _events, clusters = self.store.linked(event_ids=(), cluster_ids=[cluster_id])
        return GradedQuestion(clusters[0], grade) if clusters else None

    def _grade(self, table: Table, group_id: str) -> Grade | None:
        """The stored grade of an event or cluster (None: not stored or not graded)."""
        with self.engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.id == group_id)).first()
        return links.grade_from_row(row) if row is not None else None

    # -- events -----------------------------------------------------------------------

    def events(self, filters: Filters, offset: int, limit: int) -> Page[EventSummary]:
        """Events, newest first (undated last); dates and place are the event's own."""
        events, members = schema.events, schema.event_reports
        query = select(events)
        if (matching := _documents_where(filters, dates=False, place=False)) is not None:
            mine = and_(members.c.event_id == events.c.id, members.c.document_id.in_(matching))
            query = query.where(exists().where(mine))
        if filters.date_from is not None:
            query = query.where(events.c.date_end >= filters.date_from)
        if filters.date_to is not None:
            query = query.where(events.c.date_start <= filters.date_to)
        if filters.place is not None:
            query = query.where(events.c.place == filters.place)
        if filters.grade is not None:
            query = query.where(events.c.grade == filters.grade)
        query = query.order_by(
            events.c.date_start.is_(None),
            events.c.date_start.desc(),
            events.c.reports.desc(),
            events.c.id,
        )
        with self.engine.connect() as connection:
            rows, total = _page(connection, query, offset, limit)
        items = [
            EventSummary(
                r.id,
                r.date_start,
                r.date_end,
                r.date_precision,
                r.place,
                r.country,
                r.lat,
                r.lon,
                r.event_type,
                r.reports,
                r.best,
                r.low,
                r.high,
                r.grade,
                r.score,
            )
            for r in rows
        ]
        return Page(items, total, offset, limit)

    def event(self, event_id: str) -> GradedEvent | None:
        """One graded event rebuilt from its reports as grouped (None: not stored or not
        graded)."""
        grade = self._grade(schema.events, event_id)
        if grade is None:
            return None
        events, _clusters = self.store.linked(event_ids=[event_id], cluster_ids=())
        return GradedEvent(events[0], grade) if events else None

    # -- sources ----------------------------------------------------------------------

    def sources(self) -> list[SourceProfile]:
        """Every outlet's profile, the most prolific first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(schema.source_profiles))
            profiles = [links.profile_from_row(row) for row in rows]
        return sorted(profiles, key=lambda p: (-p.documents, p.source))

    def source(self, name: str) -> SourceProfile | None:
        """One outlet's profile, None where there is none."""
        table = schema.source_profiles
        with self.engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.source == name)).first()
        return links.profile_from_row(row) if row is not None else None

    def voice_of(self) -> dict[str, str]:
        """Each document with copies -> its voice's id."""
        return self.store.voice_of()

    # -- search -----------------------------------------------------------------------

    def search(self, query: str, offset: int, limit: int) -> Page[SearchHit]:
        """Reports (title, text) and claim sentences matching every word of ``query``,
        best first (FTS5's bm25 rank); an empty page for a query with no word."""
        match = fts_query(query)
        if not match or self.engine.dialect.name != "sqlite":
            return Page([], 0, offset, limit)
        marks = {"open": MATCH_OPEN, "close": MATCH_CLOSE, "dots": SNIPPET_ELLIPSIS}
        hits = f"""
            SELECT 'report' AS kind, d.id AS document_id, d.source, d.title,
                   NULL AS start_char, NULL AS end_char,
                   snippet(documents_fts, -1, :open, :close, :dots, {SNIPPET_TOKENS}) AS snippet,
                   documents_fts.rank AS rank
            FROM documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid
            WHERE documents_fts MATCH :match
            UNION ALL
            SELECT 'claim', c.document_id, d.source, d.title, c.start_char, c.end_char,
                   snippet(claims_fts, 0, :open, :close, :dots, {SNIPPET_TOKENS}),
                   claims_fts.rank
            FROM claims_fts JOIN claims AS c ON c.rowid = claims_fts.rowid
            JOIN documents AS d ON d.id = c.document_id
            WHERE claims_fts MATCH :match
        """
        page = text(
            f"SELECT * FROM ({hits}) ORDER BY rank, document_id, start_char "
            "LIMIT :limit OFFSET :offset"
        )
        count = text(f"SELECT count(*) FROM ({hits})")
        values = {"match": match, **marks}
        with self.engine.connect() as connection:
            total = connection.execute(count, values).scalar_one()
            rows = connection.execute(page, {**values, "limit": limit, "offset": offset})
            items = []
            for row in rows:
                snippet, found = plain_snippet(row.snippet or "")
                items.append(
                    SearchHit(
                        row.kind,
                        row.document_id,
                        row.source,
                        row.title,
                        row.start_char,
                        row.end_char,
                        snippet,
                        found,
                    )
                )
        return Page(items, total, offset, limit)

    # -- timelines and map ------------------------------------------------------------

    def version(self) -> tuple[Any, ...]:
        """What changes whenever documents are added or linked: the key of cached views."""
        docs = schema.documents
        query = select(
            func.count(),
            func.max(docs.c.added_at),
            select(func.count()).select_from(schema.link_inputs).scalar_subquery(),
        ).select_from(docs)
        with self.engine.connect() as connection:
            return tuple(connection.execute(query).one())

    def timelines(self) -> list[Story]:
        """The stories of the store with their timelines.

        Building them needs every extraction and link (seconds on a large store), so they
        are cached until the store changes: the key is the number of documents, the last
        ``added_at`` and the number of linked documents (linking follows every addition).
        """
        version = self.version()
        with self._timelines_lock:
            if self._timelines is None or self._timelines[0] != version:
                events, clusters = self.store.linked()
                stories = build_timelines(list(self.store.extractions()), events, clusters)
                self._timelines = (version, stories)
            return self._timelines[1]

    def map_points(self) -> list[MapPoint]:
        """The events with coordinates, then the named places reports mention (each
        place once, ``count`` the reports naming it)."""
        events, places = schema.events, schema.places
        event_rows = select(events).where(events.c.lat.is_not(None), events.c.lon.is_not(None))
        place_rows = (
            select(
                places.c.name,
                places.c.geonameid,
                places.c.lat,
                places.c.lon,
                func.count(places.c.document_id.distinct()).label("reports"),
            )
            .where(places.c.lat.is_not(None), places.c.lon.is_not(None))
            .group_by(places.c.name, places.c.geonameid, places.c.lat, places.c.lon)
            .order_by(places.c.name)
        )
        with self.engine.connect() as connection:
            found = [
                MapPoint(
                    "event",
                    row.id,
                    row.place or "",
                    row.lat,
                    row.lon,
                    _event_label(row),
                    row.reports,
                )
                for row in connection.execute(event_rows.order_by(events.c.date_start, events.c.id))
            ]
            for row in connection.execute(place_rows):
                name = row.name or ""
                reports = f"{row.reports} report" + ("s" if row.reports != 1 else "")
                place_id = str(row.geonameid) if row.geonameid is not None else name
                found.append(
                    MapPoint(
                        "place", place_id, name, row.lat, row.lon, f"{name}: {reports}", row.reports
                    )
                )
        return found


def _event_label(row: Any) -> str:
    """An event's one-line label: date, type, place and toll."""
    parts = [row.date_start or "undated", row.event_type or "event"]
    if row.place:
        parts.append(f"in {row.place}")
    if row.best is not None:
        parts.append(f"{row.best:g} dead")
    return " ".join(parts)
