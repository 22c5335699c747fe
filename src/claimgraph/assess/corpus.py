"""Assessing a linked corpus: every event and question graded, every report graded, every
outlet profiled.

Grades are recomputed for the whole corpus after each re-linking: a new report can
change the grade of a question it did not join (its voice may make two reports one),
and grading, unlike linking, reads no text, so it costs little.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from claimgraph.assess.grades import (
    GradedEvent,
    GradedQuestion,
    ReportGrade,
    SourcingIndex,
    grade_event,
    grade_question,
    grade_reports,
)
from claimgraph.assess.sources import SourceProfile, profile_sources
from claimgraph.link.events import Event
from claimgraph.link.questions import QuestionCluster
from claimgraph.records import Extraction


@dataclass(slots=True)
class Assessment:
    """The grades and profiles of a corpus."""

    events: list[GradedEvent] = field(default_factory=list)
    questions: list[GradedQuestion] = field(default_factory=list)
    reports: dict[str, ReportGrade] = field(default_factory=dict)  # by document id
    sources: list[SourceProfile] = field(default_factory=list)


def assess_corpus(
    extractions: Sequence[Extraction],
    events: Sequence[Event],
    clusters: Sequence[QuestionCluster],
    voice_of: Mapping[str, str],
    priors: Mapping[str, float],
) -> Assessment:
    """Grade every event, question and report, and profile every source.

    ``voice_of`` maps each document with copies to its voice's id (a document absent from
    it is a voice of its own); ``priors`` maps outlets to the prior a user set for them.
    """
    voices = {x.document.id: voice_of.get(x.document.id, x.document.id) for x in extractions}
    sourcing = SourcingIndex(extractions)
    graded_events = [GradedEvent(e, grade_event(e, voices, sourcing)) for e in events]
    graded_questions = [GradedQuestion(c, grade_question(c, voices, sourcing)) for c in clusters]
    reports = grade_reports(extractions, events, clusters, voices)
    sources = profile_sources(extractions, events, clusters, voices, priors)
    return Assessment(
        events=graded_events,
        questions=graded_questions,
        reports={grade.document_id: grade for grade in reports},
        sources=sources,
    )
