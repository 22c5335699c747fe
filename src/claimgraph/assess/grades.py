"""Grades: how far to trust a question's answer, an event's account, a report.

A grade has a label, a score and its reasons in words that cite the sentences it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.link.events import Event
from claimgraph.link.questions import QuestionCluster

CORROBORATED = "corroborated"
SINGLE_SOURCE = "single source"
CONTESTED = "contested"
OVERTAKEN = "overtaken"
GRADE_LABELS = (CORROBORATED, SINGLE_SOURCE, CONTESTED, OVERTAKEN)


@dataclass(frozen=True, slots=True)
class Grade:
    """A verdict with its score (0 to 1: how well supported) and the reasons for it.

    For figures, ``conservative`` is the figure monitors would report and ``low`` and
    ``high`` the range the independent sources give; None elsewhere.
    """

    label: str  # one of GRADE_LABELS
    score: float
    reasons: tuple[str, ...]
    conservative: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(slots=True)
class GradedQuestion:
    """A question cluster with its grade."""

    cluster: QuestionCluster
    grade: Grade


@dataclass(slots=True)
class GradedEvent:
    """An event with its grade."""

    event: Event
    grade: Grade


@dataclass(slots=True)
class ReportGrade:
    """How far one report's account is borne out: its score and the reasons."""

    document_id: str
    source: str
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
