"""Link: what several documents say about the same thing (a first, simple version).

Figures are grouped by what they measure (category and who, or what is counted);
claims by the actor and the place they are about. Only groups that two or more
documents speak to are kept: those are what an analyst has to reconcile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from claimgraph.records import Claim, Extraction, Quantity

ACTOR_LABELS = ("ORGANIZATION", "PERSON")
# Figures that measure nothing a second source could confirm on their own.
UNCOMPARABLE_CATEGORIES = ("OTHER", "DURATION")
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
ClaimGroup = SharedTopic[Claim]


def _shared(groups: Iterable[SharedTopic[Record]]) -> list[SharedTopic[Record]]:
    """The groups that two or more documents speak to, the most widely reported first."""
    shared = [group for group in groups if group.document_count > 1]
    return sorted(shared, key=lambda g: (-len(g.sources), -len(g.items), g.topic))


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


def group_figures(extractions: Iterable[Extraction]) -> list[FigureGroup]:
    """Figure groups that two or more documents give, the most widely reported first."""
    groups: dict[str, FigureGroup] = {}
    for extraction in extractions:
        for quantity in extraction.quantities:
            topic = figure_topic(quantity)
            if topic is not None:
                group = groups.setdefault(topic, FigureGroup(topic))
                group.items.append((_cited(extraction, quantity.start, quantity.end), quantity))
    return _shared(groups.values())


def group_claims(extractions: Iterable[Extraction]) -> list[ClaimGroup]:
    """Claims grouped by (actor, place), kept where two or more documents speak to it."""
    groups: dict[tuple[str, str], ClaimGroup] = {}
    names: dict[str, str] = {}
    for extraction in extractions:
        for claim in extraction.claims:
            actors = {
                extraction.entities[i].entity_id or "": extraction.entities[i].canonical or ""
                for i in claim.entities
                if extraction.entities[i].label in ACTOR_LABELS
            }
            # Countries are too broad a "where" to tie two claims together.
            places = {
                extraction.places[i].name or extraction.places[i].text
                for i in claim.places
                if extraction.places[i].feature != "country"
            }
            names.update(actors)
            for actor in actors:
                for place in places:
                    key = (actor, place)
                    topic = f"{names[actor]} in {place}"
                    group = groups.setdefault(key, ClaimGroup(topic))
                    group.items.append((_cited(extraction, claim.start, claim.end), claim))
    return _shared(groups.values())
