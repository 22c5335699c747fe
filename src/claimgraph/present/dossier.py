"""The self-contained HTML dossier: what the sources dispute, the events they report, how
each source fares, each story's timeline, and every document highlighted.

One file, no scripts or styles from the network: it opens offline and can be mailed.
Sections, each with an anchor (``id``) so that it can be linked:

* ``questions``: the questions the sources answer (contradictions and updates first), one
  column per source with each claim's sentence highlighted, each relation with its
  evidence, and the question's grade with its reasons; each question at
  ``question-...`` (the id ``claimgraph export clusters`` gives it);
* ``figures``: figures of one measure that several documents give;
* ``events``: one card per event (``event-...``, as exported): date, place, type, actors,
  the dead as best, low and high, each report's own figure with its sentence (copies of
  one text shown as one voice), and the grade with its reasons;
* ``sources``: each source's profile;
* ``timeline``: per story (``story-1``, ...), the date each entry is about beside the date
  it was reported, as a table with a bar drawn in CSS (no script);
* ``doc-<id>``: each document, its text highlighted, and its records.

Report text reaches the page only escaped: by Jinja's autoescape, or through
:mod:`claimgraph.present.highlight`, which escapes every piece of text it marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph import __version__
from claimgraph.assess.grades import GradedEvent, GradedQuestion
from claimgraph.assess.sources import SourceProfile
from claimgraph.link.corpus import event_id
from claimgraph.link.events import ReportedEvent
from claimgraph.link.syndication import Voice
from claimgraph.link.timeline import Story, TimelineEntry, event_sentence
from claimgraph.link.topics import group_figures
from claimgraph.present.views import RELATION_WORDS, MarkedText, add_filters, question_view
from claimgraph.records import CASUALTY_GROUPS, Extraction, Span


def _environment() -> Environment:
    return add_filters(
        Environment(
            loader=PackageLoader("claimgraph.present", "templates"),
            autoescape=select_autoescape(["html", "j2"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@dataclass(frozen=True, slots=True)
class _Voice:
    """The reports of one event that are copies of one text, shown as one voice."""

    report: ReportedEvent  # the first of them in the event's order
    copies: list[ReportedEvent]
    sentence: Span | None  # the sentence of the first that tells of the event


@dataclass(frozen=True, slots=True)
class _Event:
    """A graded event as the dossier shows it."""

    anchor: str
    graded: GradedEvent
    voices: list[_Voice]


def _event(graded: GradedEvent, voice_of: dict[str, int], by_id: dict[str, Extraction]) -> _Event:
    """The event with its reports grouped into voices (a report in no voice is its own)."""
    groups: dict[object, list[ReportedEvent]] = {}
    for report in graded.event.reports:
        groups.setdefault(voice_of.get(report.document_id, report.document_id), []).append(report)
    voices = []
    for first, *copies in groups.values():
        extraction = by_id.get(first.document_id)
        sentence = event_sentence(extraction, first) if extraction is not None else None
        voices.append(_Voice(first, copies, sentence))
    return _Event(event_id(graded.event), graded, voices)


@dataclass(frozen=True, slots=True)
class _Row:
    """A timeline entry with where its marks sit, as percentages of the story's scale.

    ``before`` is True for an entry about a time before the scale begins (background the
    report recalls): it gets an arrow at the left edge instead of a bar.
    """

    entry: TimelineEntry
    left: float
    width: float
    reported_at: float | None
    before: bool


@dataclass(frozen=True, slots=True)
class _Timeline:
    """A story as the dossier draws it."""

    anchor: str
    story: Story
    first: date
    last: date
    rows: list[_Row]  # the news entries
    background: list[_Row]  # the background entries, listed apart so they do not crowd it


def _timeline(index: int, story: Story) -> _Timeline | None:
    """The story's entries on one scale: from the earliest date a news entry (not
    background) is about or was reported to the latest. None where there is no entry."""
    if not story.entries:
        return None
    news = story.news
    reported = [date.fromisoformat(e.reported) for e in news if e.reported]
    first = min([e.about.start for e in news] + reported)
    last = max([e.about.end for e in news] + reported)
    days = (last - first).days + 1  # an interval's end day is part of it

    def at(day: date) -> float:
        return round(min(100.0, max(0.0, 100 * (day - first).days / days)), 2)

    apart = len(news) < len(story.entries)  # where every entry is background, none is apart
    rows: dict[bool, list[_Row]] = {False: [], True: []}
    for entry in story.entries:
        start, end = max(entry.about.start, first), min(entry.about.end, last)
        width = round(100 * ((end - start).days + 1) / days, 2)
        reported_at = at(date.fromisoformat(entry.reported)) if entry.reported else None
        row = _Row(entry, at(start), max(0.5, width), reported_at, entry.about.end < first)
        rows[apart and entry.background].append(row)
    return _Timeline(f"story-{index}", story, first, last, rows[False], rows[True])


def render_dossier(
    extractions: Sequence[Extraction],
    title: str = "claimgraph dossier",
    *,
    questions: Sequence[GradedQuestion] = (),
    events: Sequence[GradedEvent] = (),
    sources: Sequence[SourceProfile] = (),
    timelines: Sequence[Story] = (),
    voices: Sequence[Voice] = (),
) -> str:
    """The dossier's HTML for the given documents (in the order given).

    ``questions`` and ``events`` are the graded clusters and events of
    :mod:`claimgraph.assess.grades`; questions where sources contradict each other or later
    reporting overtakes an earlier claim come first, each relation with its evidence.
    ``sources`` are the outlets' profiles, ``timelines`` the stories of
    :func:`claimgraph.link.timeline.build_timelines`, and ``voices`` the copies of one text
    (:mod:`claimgraph.link.syndication`), each shown as one voice in an event.
    """
    by_id = {x.document.id: x for x in extractions}
    voice_of = {
        member.document_id: index for index, voice in enumerate(voices) for member in voice.members
    }
    shown_questions = sorted((question_view(q) for q in questions), key=lambda q: -q.disputes)
    drawn = (_timeline(index, story) for index, story in enumerate(timelines, start=1))
    template = _environment().get_template("dossier.html.j2")
    return template.render(
        title=title,
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        extractions=extractions,
        marked=MarkedText(extractions),
        figure_groups=group_figures(extractions),
        questions=shown_questions,
        disputed=sum(q.disputes > 0 for q in shown_questions),
        events=[_event(graded, voice_of, by_id) for graded in events],
        profiles=list(sources),
        timelines=[timeline for timeline in drawn if timeline is not None],
        relation_words=RELATION_WORDS,
        sources=sorted({x.document.source or "unknown" for x in extractions}),
        casualty_groups=CASUALTY_GROUPS,
    )
