"""Decoding the world-atlas TopoJSON into the SVG outlines of the offline map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.build_country_outlines import decode_arcs, main, outlines, ring, svg_path

# Two arcs that together close one square from (10, 0) to (20, 10) in degrees, quantized
# with a scale of 0.5 and delta-encoded: arc 0 runs along the bottom and up the right
# side, arc 1 along the top and down the left side, drawn the other way round so that the
# square's ring must take it reversed (~1). A second country shares arc 0 only.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 0]},
    "arcs": [
        [[0, 0], [20, 0], [0, 20]],  # (10, 0) -> (20, 0) -> (20, 10)
        [[0, 0], [0, 20], [20, 0]],  # (10, 0) -> (10, 10) -> (20, 10)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, ~1]], "id": "1", "properties": {"name": "Square"}},
                {
                    "type": "MultiPolygon",
                    "arcs": [[[0]]],
                    "id": "2",
                    "properties": {"name": "Edge"},
                },
                {"type": "Point", "coordinates": [0, 0], "properties": {"name": "Dot"}},
            ],
        }
    },
}


def test_delta_encoded_quantized_arcs_become_absolute_degrees() -> None:
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(10.0, 0.0), (20.0, 0.0), (20.0, 10.0)]
    assert arcs[1] == [(10.0, 0.0), (10.0, 10.0), (20.0, 10.0)]


def test_an_unquantized_topology_keeps_its_positions() -> None:
    assert decode_arcs({"arcs": [[[1.5, 2.5], [3, 4]]]}) == [[(1.5, 2.5), (3.0, 4.0)]]


def test_a_ring_takes_a_negative_index_reversed_and_keeps_shared_points_once() -> None:
    square = ring(decode_arcs(TOPOLOGY), [0, ~1])
    assert square == [(10, 0), (20, 0), (20, 10), (10, 10), (10, 0)]


def test_paths_negate_latitude_and_drop_points_that_round_together() -> None:
    path = svg_path([[(10.0, 0.0), (10.01, 0.02), (20.0, 5.0), (10.0, 5.0)]])
    assert path == "M10 0 20 -5 10 -5Z"
    assert svg_path([[(1.0, 1.0), (1.01, 1.01)]]) == ""  # too small to draw


def test_each_country_becomes_one_path_and_other_geometries_are_left_out() -> None:
    countries = outlines(TOPOLOGY)
    assert [(c["id"], c["name"]) for c in countries] == [("1", "Square"), ("2", "Edge")]
    assert countries[0]["path"] == "M10 0 20 0 20 -10 10 -10 10 0Z"


def test_the_tool_writes_its_source_projection_and_view_box(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, output = tmp_path / "world.json", tmp_path / "outlines.json"
    source.write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    main([str(source), "--output", str(output)])
    written = json.loads(output.read_text(encoding="utf-8"))
    assert "Natural Earth" in written["source"]
    assert written["viewBox"] == "-180 -90 360 180"
    assert len(written["countries"]) == 2
    assert "2 countries" in capsys.readouterr().out
