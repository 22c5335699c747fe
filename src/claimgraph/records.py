"""Typed records passed between the stages (the contract in DESIGN.md, "Records").

All offsets are character offsets into the document's normalized ``text``.
Records flow one way: ingest makes :class:`RawDocument`, normalize makes
:class:`Document`, extract makes :class:`Extraction`, the store keeps them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the normalized text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class RawDocument:
    """One report as read from its input, before normalization.

    ``origin`` names where it came from (a path, ``path:line`` or ``-:line``), so
    that errors and provenance can point back to it.
    """

    origin: str
    raw: str
    format: str  # "text", "html", "jsonl", "csv"
    id: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A normalized report: the text every span points into, plus its metadata."""

    id: str
    origin: str
    source: str | None
    url: str | None
    title: str | None
    published: str | None  # ISO date, or None where unknown
    published_inferred: bool  # True when the date was read from the text's header
    language: str
    text: str
    raw: str  # kept for provenance
    format: str


@dataclass(slots=True)
class EntityMention:
    """A named thing: person, organization, location, nationality, weapon, platform."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORGANIZATION, LOCATION, NATIONALITY, WEAPON, MILITARY_PLATFORM, ...
    canonical: str | None = None  # the canonical name when an alias table knows it
    entity_id: str | None = None  # stable id of the canonical entity ("isis"), if known


@dataclass(slots=True)
class Place:
    """A place mention resolved against the gazetteer."""

    start: int
    end: int
    text: str
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str | None = None  # "city", "country", "region", "feature"


@dataclass(slots=True)
class TimeExpression:
    """A time expression resolved to an interval against the publication date."""

    start: int
    end: int
    text: str
    start_date: str | None = None  # ISO date
    end_date: str | None = None  # ISO date, inclusive
    # day, week, month, season, quarter, year, decade; "<unit>_part" for an early, mid or
    # late part of one ("month_part": "the end of December"); "duration" for lengths
    granularity: str | None = None


@dataclass(slots=True)
class Quantity:
    """A figure, with what it counts and how sure the text is of it."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: str | None = None  # the hedge word: "around", "some", "at least", "dozens" ...
    comparator: str | None = None  # "=", "~", "<", "<=", ">", ">=", "up", "down"
    unit: str | None = None  # "percent", "USD", "km", ... or None for a count
    counted: str | None = None  # what is counted: "Iraqi troops"
    category: str = "OTHER"  # KILL, WOUND, DISPLACE, ... (DESIGN.md)
    who: str | None = None  # civilians, children, women, fighters, soldiers, ...
    about: str | None = None  # whom or what the figure is about: "Chris Wood" (22 goals)


@dataclass(slots=True)
class Attribution:
    """Who said what: the content, the source span and its resolved speaker."""

    content: Span
    source: Span | None
    cue: Span | None
    speaker: str | None
    speaker_kind: str  # see SPEAKER_KINDS
    direct: bool
    # The quoted pieces where ``content`` runs over words that are not the speaker's
    # (a quote split around "he said", or quotes that go on after it); else empty.
    pieces: list[Span] = field(default_factory=list)


SPEAKER_KINDS = (
    "named_person",
    "anonymous",  # "one coalition officer", "a senior western diplomat"
    "organization",
    "media_outlet",  # "Reuters reported"
    "publisher",  # the outlet itself: "our sources report"
    "unattributed",
)


@dataclass(slots=True)
class Claim:
    """A checkable statement: one sentence with what it says and on whose word.

    The lists hold indexes into the same :class:`Extraction`'s record lists.
    """

    start: int
    end: int
    text: str
    attribution: int | None
    quantities: list[int] = field(default_factory=list)
    entities: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    polarity: str = "positive"  # "positive" or "negative"
    modality: str = "asserted"  # "asserted", "hedged", "predicted"


@dataclass(slots=True)
class CasualtyFigure:
    """One casualty figure of a report's main event and where it came from.

    ``quantity`` is the index of the figure in the same :class:`Extraction`'s
    ``quantities``; a total added up from parts has ``quantity`` None and the indexes of
    its parts in ``parts``. ``sentence`` is the sentence the figure (or its first part)
    was read from.
    """

    value: float | None
    low: float | None
    high: float | None
    quantity: int | None
    sentence: Span
    parts: list[int] = field(default_factory=list)


@dataclass(slots=True)
class CasualtyCounts:
    """The figures of one outcome (killed or wounded) by who was hit; None where untold.

    ``civilians`` is the report's figure for civilians (which usually takes in its
    children and women), ``combatants`` for fighters, soldiers and police, and
    ``total`` for everyone hit, however described.
    """

    civilians: CasualtyFigure | None = None
    children: CasualtyFigure | None = None
    women: CasualtyFigure | None = None
    combatants: CasualtyFigure | None = None
    total: CasualtyFigure | None = None


CASUALTY_GROUPS = ("civilians", "children", "women", "combatants", "total")


@dataclass(slots=True)
class Casualties:
    """A report's own best figures for its main event: the dead and the wounded."""

    killed: CasualtyCounts = field(default_factory=CasualtyCounts)
    wounded: CasualtyCounts = field(default_factory=CasualtyCounts)

    def any_figure(self) -> bool:
        """True when the report gives at least one casualty figure."""
        return any(
            getattr(counts, group) is not None
            for counts in (self.killed, self.wounded)
            for group in CASUALTY_GROUPS
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Casualties:
        """The summary from its JSON shape (``dataclasses.asdict`` of one)."""

        def figure(item: dict[str, Any] | None) -> CasualtyFigure | None:
            if item is None:
                return None
            return CasualtyFigure(
                value=item["value"],
                low=item["low"],
                high=item["high"],
                quantity=item["quantity"],
                sentence=Span(**item["sentence"]),
                parts=list(item.get("parts", [])),
            )

        def counts(item: dict[str, Any]) -> CasualtyCounts:
            return CasualtyCounts(**{group: figure(item.get(group)) for group in CASUALTY_GROUPS})

        return cls(killed=counts(data["killed"]), wounded=counts(data["wounded"]))


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: list[EntityMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    casualties: Casualties | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``claimgraph extract`` (see schema/extraction.schema.json)."""
        doc = dataclasses.asdict(self.document)
        out: dict[str, Any] = {
            key: doc[key]
            for key in ("id", "source", "url", "title", "published", "published_inferred")
        }
        out.update(language=doc["language"], origin=doc["origin"], text=doc["text"])
        for name in ("entities", "places", "times", "quantities", "attributions", "claims"):
            out[name] = [dataclasses.asdict(item) for item in getattr(self, name)]
        casualties = self.casualties
        out["casualties"] = None if casualties is None else dataclasses.asdict(casualties)
        return out


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A one-line complaint about one input; the run goes on with the rest.

    ``fatal`` problems mean the input was skipped; the others are warnings.
    """

    origin: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
