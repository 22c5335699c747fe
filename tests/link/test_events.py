"""Events across reports: hand-made extractions of a few reports of the war in Syria."""

from __future__ import annotations

import pytest

from claimgraph.link.events import (
    ReportFigure,
    event_type,
    fatalities,
    figures_conflict,
    group_events,
    report_event,
)
from claimgraph.records import Extraction
from tests.factories import (
    AL_QUTAYFAH,
    DAMASCUS,
    EASTERN_GHOUTA,
    HAMA,
    HOMS,
    IDLIB_PROVINCE,
    KAFR_NABL,
    KHAN_SHAYKHUN,
    SYRIA,
    TUESDAY,
    Gazetted,
    gas_attack,
    report,
)


def document_groups(extractions: list[Extraction]) -> list[set[str]]:
    return sorted(
        ({r.document_id for r in event.reports} for event in group_events(extractions)),
        key=sorted,
    )


def test_two_outlets_on_the_same_strike_on_the_same_day_are_one_event() -> None:
    events = group_events(
        [gas_attack("a", "alaraby", "at least 70", 70, ">="), gas_attack("b", "trt", "86", 86, "=")]
    )
    assert len(events) == 1
    event = events[0]
    assert event.sources == ["alaraby", "trt"]
    assert event.event_type == "chemical attack"
    assert event.place is not None and event.place.name == "Khān Shaykhūn"
    assert event.place.precision == "town"
    assert event.date is not None and str(event.date.start) == "2017-04-04"
    assert event.date.precision == "day"


def test_at_least_70_and_86_give_86_within_70_to_86_with_each_source() -> None:
    (event,) = group_events(
        [gas_attack("a", "alaraby", "at least 70", 70, ">="), gas_attack("b", "trt", "86", 86, "=")]
    )
    assert event.fatalities is not None
    assert (event.fatalities.best, event.fatalities.low, event.fatalities.high) == (86, 70, 86)
    by_source = {figure.source: figure for figure in event.figures}
    assert by_source["alaraby"].text == "at least 70"
    assert by_source["alaraby"].high is None  # "at least" leaves the top open
    assert by_source["trt"].value == 86
    assert "Khan Shaykhun" in by_source["trt"].sentence


def test_conflicting_figures_give_the_lowest_as_best_and_the_whole_range() -> None:
    figures = [
        ReportFigure(doc, doc, value, value, value, f"{value:g}", "")
        for doc, value in (("a", 70.0), ("b", 72.0), ("c", 86.0), ("d", 100.0))
    ]
    summary = fatalities(figures)
    assert summary is not None
    assert (summary.best, summary.low, summary.high) == (70, 70, 100)
    assert figures_conflict(figures[0], figures[3])
    open_ended = ReportFigure("e", "e", 70.0, 70.0, None, "at least 70", "")
    assert not figures_conflict(open_ended, figures[3])
    assert fatalities([]) is None


def test_a_vague_figure_widens_the_range_but_names_no_best() -> None:
    dozens = ReportFigure("a", "a", 24.0, 24.0, 99.0, "dozens", "")
    exact = ReportFigure("b", "b", 58.0, 58.0, 58.0, "58", "")
    summary = fatalities([dozens, exact])
    assert summary is not None
    assert (summary.best, summary.low, summary.high) == (58, 24, 99)


def test_the_same_town_a_month_apart_is_two_events() -> None:
    text = "Shelling killed 5 people in Homs on Monday."
    first = report(
        "a",
        text,
        published="2017-03-06",
        places={"Homs": HOMS},
        times={"Monday": ("2017-03-06", "2017-03-06", "day")},
        killed=("5", 5, "="),
    )
    second = report(
        "b",
        text,
        published="2017-04-03",
        places={"Homs": HOMS},
        times={"Monday": ("2017-04-03", "2017-04-03", "day")},
        killed=("5", 5, "="),
    )
    assert document_groups([first, second]) == [{"a"}, {"b"}]


def test_the_same_day_in_two_governorates_is_two_events() -> None:
    homs = report(
        "b",
        "Air strikes killed 12 people in Homs on Tuesday.",
        places={"Homs": HOMS},
        times={"Tuesday": TUESDAY},
        killed=("12", 12, "="),
    )
    assert document_groups([gas_attack("a", "alaraby", "70", 70, "="), homs]) == [{"a"}, {"b"}]


def test_a_report_two_days_later_of_tuesdays_attack_joins_it() -> None:
    later = report(
        "b",
        "Rescuers were still counting the dead on Thursday of Tuesday's attack on Kafr Nabl "
        "that killed 20 people.",
        published="2017-04-06",
        places={"Kafr Nabl": KAFR_NABL},
        times={"Thursday": ("2017-04-06", "2017-04-06", "day"), "Tuesday": TUESDAY},
        killed=("20", 20, "="),
    )
    same_day = report(
        "a",
        "An air strike on Kafr Nabl killed 20 people on Tuesday.",
        places={"Kafr Nabl": KAFR_NABL},
        times={"Tuesday": TUESDAY},
        killed=("20", 20, "="),
    )
    event = report_event(later)
    assert event.date is not None and str(event.date.start) == "2017-04-04"
    assert event.date.basis == "Tuesday"
    assert document_groups([same_day, later]) == [{"a", "b"}]


def test_a_town_and_its_governorate_on_the_same_day_are_one_event() -> None:
    province = report(
        "b",
        "Regime jets dropped toxic gas in Idlib province on Tuesday, killing 58 people.",
        places={"Idlib province": IDLIB_PROVINCE},
        times={"Tuesday": TUESDAY},
        killed=("58", 58, "="),
    )
    town = gas_attack("a", "alaraby", "72", 72, "=")
    assert report_event(province).place is not None
    assert report_event(province).place.precision == "governorate"  # type: ignore[union-attr]
    assert document_groups([town, province]) == [{"a", "b"}]


def test_nearby_towns_on_the_same_day_are_one_place_at_governorate_level() -> None:
    kafr_nabl = report(
        "b",
        "A gas attack killed 70 people in Kafr Nabl on Tuesday.",
        places={"Kafr Nabl": KAFR_NABL},
        times={"Tuesday": TUESDAY},
        killed=("70", 70, "="),
    )
    assert document_groups([gas_attack("a", "x", "70", 70, "="), kafr_nabl]) == [{"a", "b"}]


def strike(doc_id: str, phrase: str, place: Gazetted) -> Extraction:
    """A report of air strikes killing 30 people at ``phrase`` on Tuesday 4 April 2017."""
    return report(
        doc_id,
        f"Air strikes killed 30 people in {phrase} on Tuesday.",
        places={phrase: place},
        times={"Tuesday": TUESDAY},
        killed=("30", 30, "="),
    )


def test_neighbouring_governorate_seats_on_the_same_day_are_two_events() -> None:
    assert document_groups([strike("a", "Homs", HOMS), strike("b", "Hama", HAMA)]) == [
        {"a"},
        {"b"},
    ]


def test_a_city_and_its_outskirts_across_a_governorate_line_are_one_place() -> None:
    groups = document_groups(
        [strike("a", "Damascus", DAMASCUS), strike("b", "Eastern Ghouta", EASTERN_GHOUTA)]
    )
    assert groups == [{"a", "b"}]


def test_complete_linkage_does_not_chain_places_that_do_not_agree() -> None:
    # Damascus agrees with its outskirts, the outskirts with a town of their governorate
    # 30 km on, but Damascus not with that town: never all three in one event.
    groups = document_groups(
        [
            strike("a", "Damascus", DAMASCUS),
            strike("b", "Eastern Ghouta", EASTERN_GHOUTA),
            strike("c", "Al Qutayfah", AL_QUTAYFAH),
        ]
    )
    assert len(groups) == 2
    assert all(len(group) <= 2 for group in groups)
    assert {"a", "c"} not in groups


def test_reports_placed_only_in_the_country_need_the_same_type_and_figures() -> None:
    def country_report(doc_id: str, text: str, written: str, value: float) -> Extraction:
        return report(
            doc_id,
            text,
            places={"Syria": SYRIA},
            times={"Tuesday": TUESDAY},
            killed=(written, value, "="),
        )

    car_bomb = country_report("a", "A car bomb killed 9 people in Syria on Tuesday.", "9", 9)
    same = country_report("b", "A car bomb killed 9 people in Syria on Tuesday.", "9", 9)
    air = country_report("c", "Air strikes killed 40 people in Syria on Tuesday.", "40", 40)
    assert document_groups([car_bomb, same, air]) == [{"a", "b"}, {"c"}]


def test_undated_or_unplaced_reports_stand_alone() -> None:
    undated = report(
        "b",
        "A gas attack killed 70 people in Khan Shaykhun.",
        published=None,
        places={"Khan Shaykhun": KHAN_SHAYKHUN},
        killed=("70", 70, "="),
    )
    assert report_event(undated).date is None
    assert document_groups([gas_attack("a", "x", "70", 70, "="), undated]) == [{"a"}, {"b"}]


def test_actors_are_the_forces_named_not_the_monitor_or_the_outlet_that_tell_it() -> None:
    extraction = report(
        "a",
        "Syrian government forces shelled Homs on Tuesday, killing 7, the Syrian Observatory "
        "told Reuters.",
        places={"Homs": HOMS},
        times={"Tuesday": TUESDAY},
        killed=("7", 7, "="),
        organizations={
            "Syrian government forces": ("Syrian Arab Army", "saa"),
            "Syrian Observatory": ("Syrian Observatory for Human Rights", "sohr"),
            "Reuters": ("Reuters", "reuters"),
        },
        speaker="the Syrian Observatory",
    )
    assert report_event(extraction).actors == ["Syrian Arab Army"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A barrel bomb hit the market", "airstrike"),
        ("A car bomb exploded near the market", "bombing"),
        ("Dozens dead in suspected gas attack", "chemical attack"),
        ("Mortars rained on the old city", "shelling"),
        ("Fierce clashes erupted near the airport", "clashes"),
        ("Talks resumed in Geneva", None),
    ],
)
def test_event_type_is_the_first_act_the_report_names(text: str, expected: str | None) -> None:
    assert event_type([text]) == expected


def test_event_type_reads_the_title_before_the_body() -> None:
    assert event_type(["Air raids kill 10", "A car bomb went off later"]) == "airstrike"
