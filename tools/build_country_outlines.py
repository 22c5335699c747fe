"""Build ``src/claimgraph/data/country_outlines.json``: the map's offline base layer.

Source: Natural Earth 1:110m admin-0 countries (public domain), as the TopoJSON file
``countries-110m.json`` of the npm package ``world-atlas`` (ISC licence, by Mike
Bostock). Get it with ``cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz``,
then run ``python tools/build_country_outlines.py /tmp/package/countries-110m.json``.

The TopoJSON is decoded in pure Python (quantized, delta-encoded arcs shared between
neighbours, stitched into rings) and each country is written as one SVG path string in
an equirectangular projection: x is the longitude, y the negated latitude, in degrees,
rounded to a tenth (about 11 km, finer than the 1:110m source), so the map's viewBox is
``-180 -90 360 180``. From world-atlas 2.0.2 this gives 177 countries in about 120 kB.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).parent.parent / "src" / "claimgraph" / "data" / "country_outlines.json"
SOURCE = (
    "Natural Earth 1:110m admin-0 countries (public domain), via the npm package "
    "world-atlas countries-110m.json (ISC licence)"
)
PROJECTION = "equirectangular: x = longitude, y = -latitude, in degrees"
VIEW_BOX = "-180 -90 360 180"

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs as absolute (longitude, latitude) points.

    A quantized topology (one with a ``transform``) stores each arc's first point as an
    integer position and every later point as the difference from the one before.
    """
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: Sequence[list[Point]], indices: Sequence[int]) -> list[Point]:
    """One closed ring stitched from arcs; index ``~i`` (that is ``-i - 1``) is arc ``i``
    reversed. Each arc starts where the one before ends, so that point is kept once."""
    points: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """The geometry's polygons, each a list of rings of arc indices (none for others)."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def svg_path(rings: Sequence[Sequence[Point]]) -> str:
    """Rings as one SVG path (x = longitude, y = -latitude, a tenth of a degree), with
    points that round onto the one before dropped."""
    parts: list[str] = []
    for points in rings:
        rounded: list[tuple[float, float]] = []
        for lon, lat in points:
            point = (round(lon, 1), round(-lat, 1) + 0.0)  # + 0.0: no "-0.0"
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) < 3:
            continue
        coordinates = " ".join(f"{x:g} {y:g}" for x, y in rounded)
        parts.append(f"M{coordinates}Z")
    return "".join(parts)


def outlines(topology: dict[str, Any], object_name: str = "countries") -> list[dict[str, str]]:
    """Each country of the topology's object as ``{"id", "name", "path"}``."""
    arcs = decode_arcs(topology)
    result = []
    for geometry in topology["objects"][object_name]["geometries"]:
        rings = [ring(arcs, r) for polygon in polygons(geometry) for r in polygon]
        path = svg_path(rings)
        if path:
            name = geometry.get("properties", {}).get("name", "")
            result.append({"id": str(geometry.get("id", "")), "name": name, "path": path})
    return result


def main(argv: Sequence[str] | None = None) -> None:
    """Read the TopoJSON file given and write the outlines file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    document = {
        "source": SOURCE,
        "projection": PROJECTION,
        "viewBox": VIEW_BOX,
        "countries": outlines(topology),
    }
    args.output.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(document['countries'])} countries, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
