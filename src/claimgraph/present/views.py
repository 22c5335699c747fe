"""View-building shared by the offline dossier and the web pages: a question's claims in
one column per source with its relations in order, report text marked sentence by
sentence, and the Jinja filters both templates use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

from claimgraph.assess.figures import AGREE
from claimgraph.assess.grades import GradedQuestion
from claimgraph.link.events import EventDate
from claimgraph.link.questions import CONTRADICT, UNRELATED, UPDATE, CitedClaim, ClaimRelation
from claimgraph.present.highlight import Highlighter
from claimgraph.records import Extraction

# Relations in the order they are listed: disputes first.
RELATION_ORDER = (CONTRADICT, UPDATE, AGREE)
RELATION_WORDS = {
    CONTRADICT: "contradicts",
    UPDATE: "overtaken by later reporting",
    AGREE: "agrees with",
}


def number(value: float | None) -> str:
    """A figure with thousands separators, two decimals only where it has any."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def interval(when: EventDate | None) -> str:
    """A date interval in words: "2016-12-06", or "2016-12-01 to 2016-12-31"."""
    if when is None:
        return "undated"
    if when.start == when.end:
        return when.start.isoformat()
    return f"{when.start.isoformat()} to {when.end.isoformat()}"


def add_filters(env: Environment) -> Environment:
    """``env`` with the filters the templates use: num, kind, interval, percent."""
    env.filters["num"] = number
    env.filters["kind"] = lambda v: (v or "").replace("_", " ")
    env.filters["interval"] = interval
    env.filters["percent"] = lambda v: f"{100 * v:.0f}%"
    return env


class MarkedText:
    """Report text as highlighted HTML, each document's marks found once."""

    def __init__(self, extractions: Iterable[Extraction]) -> None:
        self._extractions = {x.document.id: x for x in extractions}
        self._highlighters: dict[str, Highlighter] = {}

    def _highlighter(self, extraction: Extraction) -> Highlighter:
        document_id = extraction.document.id
        if document_id not in self._highlighters:
            self._highlighters[document_id] = Highlighter(extraction)
        return self._highlighters[document_id]

    def document(self, extraction: Extraction) -> Markup:
        """The document's whole text, marked."""
        return self._highlighter(extraction).span(0, len(extraction.document.text))

    def sentence(self, document_id: str, text: str, start: int | None = None) -> Markup:
        """``text``, a sentence of the document, marked; looked for in the document where
        ``start`` does not point at it; escaped but unmarked where it is not found."""
        extraction = self._extractions.get(document_id)
        if extraction is None or not text:
            return escape(text)
        whole = extraction.document.text
        if start is None or whole[start : start + len(text)] != text:
            start = whole.find(text)
        if start < 0:
            return escape(text)
        return self._highlighter(extraction).span(start, start + len(text))


@dataclass(frozen=True, slots=True)
class Column:
    """One source's claims in a question, side by side with the other sources'."""

    source: str
    claims: list[CitedClaim]


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A graded question as a page shows it."""

    anchor: str
    graded: GradedQuestion
    columns: list[Column]
    relations: list[ClaimRelation]  # contradictions, then updates, then agreements
    unrelated: int  # pairs that share a topic but neither confirm nor deny each other

    @property
    def disputes(self) -> int:
        """How many of the question's relations are contradictions or updates."""
        return sum(r.relation in (CONTRADICT, UPDATE) for r in self.relations)


def question_view(graded: GradedQuestion) -> QuestionView:
    """The question's claims in one column per source, and its relations in order."""
    cluster = graded.cluster
    columns = [
        Column(source, [claim for claim in cluster.claims if claim.source == source])
        for source in cluster.sources
    ]
    shown = [r for r in cluster.relations if r.relation in RELATION_ORDER]
    shown.sort(key=lambda r: RELATION_ORDER.index(r.relation))
    unrelated = sum(r.relation == UNRELATED for r in cluster.relations)
    return QuestionView(cluster.id, graded, columns, shown, unrelated)
