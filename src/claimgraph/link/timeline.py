"""Timelines: a story's events and dated claims in the order of the dates they are about.

**Stories.** A story is a connected group of documents: two documents are joined when
they are reports of one event (an event with two or more reports) or when claims of
theirs are in one question cluster; joins chain (A and B share an event, B and C a
question: one story). A document joined to no other forms no story of its own; all such
documents go into one last story, :data:`OTHER_REPORTS`, marked ``linked=False``: its
events are events too (monitors code most events from a single report), and leaving
them off would leave the timeline short of events the corpus holds, while giving each
its own story would bury the linked ones among hundreds of one-report stories.

**Entries.** Each entry holds the date it is about beside the date it was reported (the
document's publication date, or None where the document is undated), its source,
document id, the sentence (with its span in the document's text) and its kind:

* ``event``: one entry per report of each event, dated as that report dates the event
  (:attr:`claimgraph.link.events.ReportedEvent.date`, else the event's agreed date):
  its type, place and own figure for the dead. Its sentence is that of the report's figure
  for the dead, else the claim that holds the date it was read from, else the report's
  first claim. A report whose event has no date (undated and naming none) has no entry.
* ``claim``: every claim of the story's documents with a time reference precise enough
  to place on a line, resolved to dates: a day, a week or a month, or a part of one ("the
  weekend", "the end of December"), each with that precision; or a part of a year (a
  season, a quarter, "early 2017"), with precision ``year``. Of several, the most
  precise, then the shortest, then the first. Claims dated only by a whole year or
  longer ("in 2015", "since 2011"), or by a duration ("nine weeks"), are left out: most
  are background (on FA-KES, the year the war began), and a story's line would stretch
  back years to hold them, squeezing its weeks into a sliver. A claim whose sentence is
  already its report's event entry is not repeated.

A claim entry about a time that ended more than :data:`BACKGROUND_DAYS` before its report
was published is ``background``: history the report recalls ("Syria's conflict erupted in
March 2011"), not the story's news. It stays on the timeline, in its place, but does not
stretch the story's span (:attr:`Story.start`, :attr:`Story.end`, the name's dates).

Entries are ordered by the date they are about (start, then end), then by the date they
were reported (undated last), then document and position in it.

**Names.** A story is named after the place below country level its documents name most
(countries where they name none), the actor they name most (of the actors that the
events found: the armed groups, forces and governments of ``data/conflict_entities.csv``,
not the agencies and monitors that tell of them), and its span:
"Mosul, Islamic State (ISIS): 2016-06-01 to 2016-12-31". Stories are ordered by their number
of documents, then by their first date; :data:`OTHER_REPORTS` comes last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from claimgraph.link.corpus import event_id
from claimgraph.link.events import Event, EventDate, ReportedEvent
from claimgraph.link.questions import QuestionCluster
from claimgraph.records import Extraction, Span, TimeExpression

__all__ = [
    "BACKGROUND_DAYS",
    "CLAIM",
    "CLAIM_PRECISION",
    "EVENT",
    "OTHER_REPORTS",
    "Story",
    "TimelineEntry",
    "build_timelines",
    "event_sentence",
]

EVENT = "event"
CLAIM = "claim"
OTHER_REPORTS = "Other reports (linked to no other report)"
# The granularities of a time expression that date a claim, and the precision each gives.
CLAIM_PRECISION = {
    "day": "day",
    "day_part": "day",
    "week": "week",
    "week_part": "week",
    "month": "month",
    "month_part": "month",
    "season": "year",
    "quarter": "year",
    "year_part": "year",
}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# Past a year, a time a report speaks of is outside the news cycle of what it reports.
BACKGROUND_DAYS = 365


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event report or dated claim: what it is about, when, and who reported it when.

    ``about`` is the date the entry is about; ``reported`` the document's publication date
    (ISO), None where undated. ``sentence`` is the sentence with its span in the document's
    text, None where the report gives none. ``link`` is the id of the event
    (:func:`claimgraph.link.corpus.event_id`) or question cluster
    (:attr:`claimgraph.link.questions.QuestionCluster.id`) the entry belongs to, if any.
    """

    kind: str  # EVENT or CLAIM
    about: EventDate
    reported: str | None
    source: str
    document_id: str
    sentence: Span | None
    summary: str  # for an event its type, place and dead; for a claim its modality
    link: str | None = None
    background: bool = False  # a claim about a time long before its report (module docstring)

    def sort_key(self) -> tuple[date, date, bool, str, str, int]:
        """About (start, end), then reported (undated last), document and position."""
        position = self.sentence.start if self.sentence is not None else -1
        reported = self.reported or ""
        return (
            self.about.start,
            self.about.end,
            not reported,
            reported,
            self.document_id,
            position,
        )


@dataclass(slots=True)
class Story:
    """Documents joined by shared events or questions, and their timeline."""

    name: str
    document_ids: list[str]
    sources: list[str]
    entries: list[TimelineEntry] = field(default_factory=list)
    linked: bool = True  # False for OTHER_REPORTS

    @property
    def news(self) -> list[TimelineEntry]:
        """The entries that are not background; all of them where every one is."""
        return [entry for entry in self.entries if not entry.background] or self.entries

    @property
    def start(self) -> date | None:
        """The earliest date a news entry is about, None where there is no entry."""
        return min((entry.about.start for entry in self.news), default=None)

    @property
    def end(self) -> date | None:
        """The latest date a news entry is about, None where there is no entry."""
        return max((entry.about.end for entry in self.news), default=None)


def build_timelines(
    extractions: Sequence[Extraction],
    events: Iterable[Event],
    clusters: Iterable[QuestionCluster],
) -> list[Story]:
    """The stories of the documents with their timelines (rules in the module docstring).

    Events and clusters may name documents that are not among ``extractions``; those are
    left out.
    """
    by_id = {x.document.id: x for x in extractions}
    events, clusters = list(events), list(clusters)
    question_of = {
        (claim.document_id, claim.claim.start): cluster.id
        for cluster in clusters
        for claim in cluster.claims
    }
    entries_of: dict[str, list[TimelineEntry]] = {document_id: [] for document_id in by_id}
    for event in events:
        for report in event.reports:
            extraction = by_id.get(report.document_id)
            entry = _event_entry(extraction, event, report) if extraction is not None else None
            if entry is not None:
                entries_of[report.document_id].append(entry)
    for document_id, entries in entries_of.items():
        entries += _claim_entries(by_id[document_id], entries, question_of)
    actors = {actor for event in events for report in event.reports for actor in report.actors}
    stories = []
    for members, linked in _components(by_id, events, clusters):
        entries = sorted(
            (entry for document_id in members for entry in entries_of[document_id]),
            key=TimelineEntry.sort_key,
        )
        sources = list(dict.fromkeys(_source(by_id[d]) for d in members))
        story = Story(OTHER_REPORTS, members, sources, entries, linked)
        if linked:
            story.name = _name([by_id[d] for d in members], story, actors)
        stories.append(story)
    return sorted(
        stories,
        key=lambda s: (not s.linked, -len(s.document_ids), s.start or date.max, s.name),
    )


def _components(
    by_id: dict[str, Extraction], events: Sequence[Event], clusters: Sequence[QuestionCluster]
) -> list[tuple[list[str], bool]]:
    """Groups of document ids joined by events and clusters, in the extractions' order,
    each with whether it is linked; the documents joined to none make one last group."""
    parent = {document_id: document_id for document_id in by_id}

    def root(document_id: str) -> str:
        while parent[document_id] != document_id:
            parent[document_id] = parent[parent[document_id]]
            document_id = parent[document_id]
        return document_id

    groups: list[list[str]] = [[r.document_id for r in event.reports] for event in events]
    groups += [[claim.document_id for claim in cluster.claims] for cluster in clusters]
    for group in groups:
        known = list(dict.fromkeys(d for d in group if d in parent))
        for other in known[1:]:
            parent[root(other)] = root(known[0])
    members: dict[str, list[str]] = {}
    for document_id in by_id:
        members.setdefault(root(document_id), []).append(document_id)
    linked = [(group, True) for group in members.values() if len(group) > 1]
    alone = [group[0] for group in members.values() if len(group) == 1]
    return linked + ([(alone, False)] if alone else [])


def _source(extraction: Extraction) -> str:
    return extraction.document.source or extraction.document.origin


def _event_entry(
    extraction: Extraction, event: Event, report: ReportedEvent
) -> TimelineEntry | None:
    """The entry of one report of an event; None where neither dates it."""
    about = report.date or event.date
    if about is None:
        return None
    place = report.place or event.place
    summary = report.event_type or event.event_type or "event"
    if place is not None:
        summary += f" in {place.name}"
    if report.dead is not None:
        summary += f", {report.dead.text} dead"
    return TimelineEntry(
        kind=EVENT,
        about=about,
        reported=extraction.document.published,
        source=report.source,
        document_id=report.document_id,
        sentence=event_sentence(extraction, report),
        summary=summary,
        link=event_id(event),
    )


def event_sentence(extraction: Extraction, report: ReportedEvent) -> Span | None:
    """The sentence that tells of the report's event: that of its figure for the dead, else
    the claim holding the date the event was read from, else the report's first claim
    (None where it has none)."""
    claims = [Span(c.start, c.end, c.text) for c in extraction.claims]
    if report.dead is not None:
        text = extraction.document.text
        start = text.find(report.dead.sentence)
        if start >= 0:
            return Span(start, start + len(report.dead.sentence), report.dead.sentence)
    for claim, span in zip(extraction.claims, claims, strict=True):
        if report.date is not None and any(
            extraction.times[i].text == report.date.basis for i in claim.times
        ):
            return span
    return claims[0] if claims else None


def _claim_entries(
    extraction: Extraction,
    event_entries: Sequence[TimelineEntry],
    question_of: dict[tuple[str, int], str],
) -> list[TimelineEntry]:
    """The entries of the document's claims that are dated precisely enough, less those
    whose sentence is already one of its event entries (module docstring)."""
    document = extraction.document
    told = {entry.sentence for entry in event_entries}
    entries = []
    for claim in extraction.claims:
        span = Span(claim.start, claim.end, claim.text)
        about = _claim_date([extraction.times[i] for i in claim.times])
        if about is None or span in told:
            continue
        recalled = document.published is not None and (
            (date.fromisoformat(document.published) - about.end).days > BACKGROUND_DAYS
        )
        entries.append(
            TimelineEntry(
                kind=CLAIM,
                about=about,
                reported=document.published,
                source=_source(extraction),
                document_id=document.id,
                sentence=span,
                summary=claim.modality + (", negative" if claim.polarity == "negative" else ""),
                link=question_of.get((document.id, claim.start)),
                background=recalled,
            )
        )
    return entries


def _claim_date(times: Sequence[TimeExpression]) -> EventDate | None:
    """The most precise, then shortest, then first of the times that date a claim."""
    dates = [
        EventDate(
            date.fromisoformat(time.start_date),
            date.fromisoformat(time.end_date),
            CLAIM_PRECISION[time.granularity],
            time.text,
        )
        for time in times
        if time.granularity in CLAIM_PRECISION and time.start_date and time.end_date
    ]
    return min(
        dates,
        key=lambda d: (_PRECISION_RANK[d.precision], d.end - d.start),
        default=None,
    )


def _name(extractions: Sequence[Extraction], story: Story, actors: set[str]) -> str:
    """The story's most named place and actor (of ``actors``), and its span."""
    places = [p for x in extractions for p in x.places if p.feature != "country"]
    places = places or [p for x in extractions for p in x.places]
    named = [e.canonical for x in extractions for e in x.entities if e.canonical in actors]
    parts = [
        counts.most_common(1)[0][0]
        for counts in (Counter(p.name or p.text for p in places), Counter(named))
        if counts
    ]
    what = ", ".join(parts) or f"{len(extractions)} linked reports"
    start, end = story.start, story.end
    if start is None or end is None:
        return what
    when = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
    return f"{what}: {when}"
