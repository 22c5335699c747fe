"""Topics: figures that several documents give for the same measure (a first, simple
version; claims are grouped into questions by :mod:`claimgraph.link.questions`).

Figures are grouped by what they measure (category and who, or what is counted) and
where, split into episodes by publication date. Only groups that two or more documents speak to are
kept: those are what an analyst has to reconcile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from claimgraph.records import Claim, Extraction, Quantity

ACTOR_LABELS = ("ORGANIZATION", "PERSON")
# Figures that measure nothing a second source could confirm on their own.
UNCOMPARABLE_CATEGORIES = ("OTHER", "DURATION")
# Reports of one measure in one place more than a month apart are about different
# episodes (FA-KES covers years of shelling in the same towns).
MAX_GAP_DAYS = 30
Record = TypeVar("Record", Quantity, Claim)


@dataclass(frozen=True, slots=True)
class Cited:
    """Where a record comes from: the document, its source and date, the sentence."""

    document_id: str
    source: str
    published: str | None
    sentence: str


@dataclass
class SharedTopic(Generic[Record]):
    """Records (figures or claims) that several documents give about the same thing."""

    topic: str
    items: list[tuple[Cited, Record]] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """The distinct sources, in order of appearance."""
        return list(dict.fromkeys(cited.source for cited, _record in self.items))

    @property
    def document_count(self) -> int:
        """How many documents speak to this topic."""
        return len({cited.document_id for cited, _record in self.items})


FigureGroup = SharedTopic[Quantity]


def _sentence_of(extraction: Extraction, start: int, end: int) -> str:
    for claim in extraction.claims:
        if claim.start <= start and end <= claim.end:
            return claim.text
    text = extraction.document.text
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right = min((i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=-1)
    return text[left : right + 1 if right >= 0 else len(text)].strip()


def _cited(extraction: Extraction, start: int, end: int) -> Cited:
    document = extraction.document
    return Cited(
        document.id,
        document.source or document.origin,
        document.published,
        _sentence_of(extraction, start, end),
    )


def figure_topic(quantity: Quantity) -> str | None:
    """The measure a figure gives ("KILL civilians"), or None if it is not comparable."""
    if quantity.category in UNCOMPARABLE_CATEGORIES:
        return None
    subject = quantity.who or (quantity.counted or "").lower().strip()
    return f"{quantity.category} {subject}".strip() if subject else quantity.category


def _local_places(extraction: Extraction, claim: Claim) -> list[str]:
    """The places a claim names below country level (a country is too broad a "where")."""
    places = (extraction.places[i] for i in claim.places)
    return list(dict.fromkeys(p.name or p.text for p in places if p.feature != "country"))


def main_place(extraction: Extraction) -> str | None:
    """The place below country level a document names most often (the first on a tie)."""
    names = [p.name or p.text for p in extraction.places if p.feature != "country"]
    counts = Counter(names)
    return max(dict.fromkeys(names), key=lambda name: counts[name], default=None)


def _figure_places(extraction: Extraction) -> dict[int, str | None]:
    """Where each figure is: its sentence's first local place, else the document's main one."""
    fallback = main_place(extraction)
    where: dict[int, str | None] = {}
    for claim in extraction.claims:
        places = _local_places(extraction, claim)
        for index in claim.quantities:
            where[index] = places[0] if places else fallback
    return {i: where.get(i, fallback) for i in range(len(extraction.quantities))}


def _episodes(group: SharedTopic[Record]) -> list[SharedTopic[Record]]:
    """A group split where its reports lie more than MAX_GAP_DAYS apart.

    Undated reports join the only dated episode, or form one of their own when the
    dated reports fall into several.
    """
    dated = sorted(
        (item for item in group.items if item[0].published), key=lambda i: i[0].published or ""
    )
    undated = [item for item in group.items if not item[0].published]
    runs: list[list[tuple[Cited, Record]]] = []
    previous: date | None = None
    for item in dated:
        day = date.fromisoformat(item[0].published or "")
        if previous is not None and (day - previous).days <= MAX_GAP_DAYS:
            runs[-1].append(item)
        else:
            runs.append([item])
        previous = day
    if len(runs) == 1:
        runs[0].extend(undated)
    elif undated:
        runs.append(undated)
    episodes = []
    for run in runs:
        days = sorted({cited.published for cited, _record in run if cited.published})
        when = [f"{days[0]} to {days[-1]}" if len(days) > 1 else days[0]] if days else []
        if any(not cited.published for cited, _record in run):
            when.append("undated")
        span = f" ({' and '.join(when)})"
        episodes.append(SharedTopic(group.topic + span, run))
    return episodes


def _shared(groups: Iterable[SharedTopic[Record]]) -> list[SharedTopic[Record]]:
    """The episodes of the groups that two or more documents speak to, widest first."""
    episodes = [episode for group in groups for episode in _episodes(group)]
    shared = [episode for episode in episodes if episode.document_count > 1]
    return sorted(shared, key=lambda g: (-len(g.sources), -len(g.items), g.topic))


def group_figures(extractions: Iterable[Extraction]) -> list[FigureGroup]:
    """Figures for the same measure in the same place and period from two or more documents."""
    groups: dict[str, FigureGroup] = {}
    for extraction in extractions:
        places = _figure_places(extraction)
        for index, quantity in enumerate(extraction.quantities):
            measure = figure_topic(quantity)
            if measure is None:
                continue
            topic = f"{measure} in {places[index]}" if places[index] else measure
            group = groups.setdefault(topic, FigureGroup(topic))
            group.items.append((_cited(extraction, quantity.start, quantity.end), quantity))
    return _shared(groups.values())
