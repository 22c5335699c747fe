"""Cross-source grouping of figures (the first link stage)."""

from __future__ import annotations

from dataclasses import replace

from claimgraph.link.topics import figure_topic, group_figures
from claimgraph.records import Extraction, Quantity
from tests.test_store import make_extraction


def _quantity(value: float, category: str = "KILL", who: str | None = "civilians") -> Quantity:
    return Quantity(0, 3, "Six", value, value, value, None, "=", None, "civilians", category, who)


def test_figures_for_the_same_measure_from_two_documents_are_grouped() -> None:
    sana = make_extraction("d1", "SANA")
    reuters = replace(make_extraction("d2", "Reuters"), quantities=[_quantity(8)])
    lone = replace(make_extraction("d3", "AFP"), quantities=[_quantity(3, "WOUND")])
    (group,) = group_figures([sana, reuters, lone])
    assert group.topic == "KILL civilians in Aleppo (2017-04-19)"
    assert group.sources == ["SANA", "Reuters"]
    assert [q.value for _cited, q in group.items] == [6.0, 8.0]
    assert group.items[0][0].sentence == sana.claims[0].text


def test_figures_within_one_document_or_uncomparable_are_not_grouped() -> None:
    one = replace(make_extraction("d1"), quantities=[_quantity(6), _quantity(7)])
    assert group_figures([one]) == []
    assert figure_topic(_quantity(9, "DURATION", None)) is None
    assert figure_topic(_quantity(9, "FORCES", None)) == "FORCES civilians"


def _dated(doc_id: str, source: str, published: str | None, value: float) -> Extraction:
    extraction = replace(make_extraction(doc_id, source), quantities=[_quantity(value)])
    return replace(extraction, document=replace(extraction.document, published=published))


def test_reports_months_apart_are_different_episodes() -> None:
    reports = [
        _dated("a", "SANA", "2016-12-13", 6),
        _dated("b", "Reuters", "2016-12-15", 8),
        _dated("c", "AFP", "2017-06-01", 30),
        _dated("d", "Anadolu", "2017-06-20", 31),
        _dated("e", "BBC", "2018-01-05", 2),
    ]
    groups = group_figures(reports)
    assert sorted((g.topic, tuple(g.sources)) for g in groups) == [
        ("KILL civilians in Aleppo (2016-12-13 to 2016-12-15)", ("SANA", "Reuters")),
        ("KILL civilians in Aleppo (2017-06-01 to 2017-06-20)", ("AFP", "Anadolu")),
    ]


def test_an_undated_report_joins_the_only_episode() -> None:
    groups = group_figures(
        [_dated("a", "DEBKAfile", "2016-12-06", 9000), _dated("b", "X", None, 12)]
    )
    assert [(g.topic, g.sources) for g in groups] == [
        ("KILL civilians in Aleppo (2016-12-06 and undated)", ["DEBKAfile", "X"])
    ]
