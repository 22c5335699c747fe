"""Events across reports: hand-made extractions of a few reports of the war in Syria."""

from __future__ import annotations

import json

import pytest

from claimgraph.link.events import (
    ReportedEvent,
    ReportFigure,
    candidates_for,
    dateline_date,
    event_type,
    fatalities,
    figures_conflict,
    group_events,
    group_reports,
    news_day,
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
    make_document,
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


def test_a_reported_event_survives_a_json_round_trip() -> None:
    extraction = report(
        "a",
        "Syrian government forces shelled Homs on Tuesday, killing at least 7.",
        places={"Homs": HOMS},
        times={"Tuesday": TUESDAY},
        killed=("at least 7", 7, ">="),
        organizations={"Syrian government forces": ("Syrian Arab Army", "saa")},
    )
    reported = report_event(extraction)
    assert reported.date is not None and reported.place is not None and reported.dead is not None
    assert reported.dead.high is None and reported.dead.comparator == ">="
    assert reported.actors == ["Syrian Arab Army"]
    stored = json.loads(json.dumps(reported.to_dict()))
    assert ReportedEvent.from_dict(stored) == reported


def test_a_bare_reported_event_survives_a_json_round_trip() -> None:
    bare = ReportedEvent("a", "outlet", None, None, None, None)
    assert ReportedEvent.from_dict(json.loads(json.dumps(bare.to_dict()))) == bare


def test_stored_reports_regroup_as_their_extractions_do() -> None:
    extractions = [
        gas_attack("a", "alaraby", "at least 70", 70, ">="),
        gas_attack("b", "trt", "86", 86, "="),
        strike("c", "Homs", HOMS),
    ]
    stored = [ReportedEvent.from_dict(report_event(x).to_dict()) for x in extractions]
    assert group_reports(stored) == group_events(extractions)


def test_candidates_are_the_stored_reports_of_the_same_country_and_days() -> None:
    new = report_event(gas_attack("new", "x", "70", 70, "="))
    same_day_elsewhere = report_event(strike("homs", "Homs", HOMS))
    month_later = report_event(
        report(
            "later",
            "Air strikes killed 30 people in Khan Shaykhun on Tuesday.",
            published="2017-05-02",
            places={"Khan Shaykhun": KHAN_SHAYKHUN},
            times={"Tuesday": ("2017-05-02", "2017-05-02", "day")},
            killed=("30", 30, "="),
        )
    )
    undated = report_event(
        report(
            "undated",
            "A gas attack in Khan Shaykhun.",
            published=None,
            places={"Khan Shaykhun": KHAN_SHAYKHUN},
        )
    )
    stored = [same_day_elsewhere, month_later, undated]
    assert [r.document_id for r in candidates_for([new], stored)] == ["homs"]
    assert candidates_for([], stored) == []


def test_reports_of_one_day_with_and_without_the_day_named_are_one_event() -> None:
    # Published on Wednesday: one names Tuesday night's strike, the other only "overnight".
    named = report(
        "a",
        "Air strikes killed 30 people in Homs on Tuesday.",
        published="2017-04-05",
        places={"Homs": HOMS},
        times={"Tuesday": TUESDAY},
        killed=("30", 30, "="),
    )
    unnamed = report(
        "b",
        "Air strikes overnight killed 30 people in Homs.",
        published="2017-04-05",
        places={"Homs": HOMS},
        killed=("30", 30, "="),
    )
    assert report_event(named).date is not None
    assert str(report_event(named).date.start) == "2017-04-04"  # type: ignore[union-attr]
    assert str(news_day(report_event(unnamed)).start) == "2017-04-05"  # type: ignore[union-attr]
    assert document_groups([named, unnamed]) == [{"a", "b"}]


def test_a_span_of_days_does_not_date_an_event_to_each_of_them() -> None:
    # A weekly toll published on the 10th holds the 4th, but is no report of that day's strike.
    weekly = report(
        "b",
        "Air strikes killed 30 people in Homs in the past week.",
        published="2017-04-10",
        places={"Homs": HOMS},
        times={"the past week": ("2017-04-04", "2017-04-10", "week")},
        killed=("30", 30, "="),
    )
    assert document_groups([strike("a", "Homs", HOMS), weekly]) == [{"a"}, {"b"}]


def test_an_ambiguous_numeric_dateline_is_read_in_the_outlets_order() -> None:
    assert dateline_date("09-07-2016 Syria Terrorists Target Aleppo", "manar") == "2016-07-09"
    assert dateline_date("09.07.2016 Rockets hit Aleppo", None) == "2016-07-09"  # day first
    assert dateline_date("12-25-2016 Rockets hit Aleppo", None) is None  # no 25th month
    assert dateline_date("Rockets hit Aleppo on 09-07-2016", None) is None  # not a dateline


def test_a_report_the_pipeline_left_undated_is_dated_by_its_numeric_dateline() -> None:
    text = "09-07-2016 Rocket shells killed 44 people in Aleppo."
    extraction = report("a", text, published=None)
    extraction.document = make_document(text, doc_id="a", source="manar")
    reported = report_event(extraction)
    assert reported.published == "2016-07-09"
    assert reported.date is not None and str(reported.date.start) == "2016-07-09"


def test_a_village_the_gazetteer_cannot_locate_gives_way_to_its_governorate() -> None:
    hass = Gazetted("Hass", None, 0.0, 0.0)
    extraction = report(
        "a",
        "Air strikes killed 26 people in the village of Hass in Idlib province on Tuesday.",
        places={"Hass": hass, "Idlib province": IDLIB_PROVINCE},
        times={"Tuesday": TUESDAY},
        killed=("26", 26, "="),
    )
    extraction.places[0].lat = extraction.places[0].lon = None  # known by name only
    place = report_event(extraction).place
    assert place is not None and place.name == "Idlib Governorate"
    assert document_groups([extraction, gas_attack("b", "x", "70", 70, "=")]) == [{"a", "b"}]


def test_a_later_report_naming_the_day_is_a_candidate_for_relinking() -> None:
    new = report_event(gas_attack("new", "x", "70", 70, "="))
    later = report_event(
        report(
            "later",
            "The toll of Tuesday's gas attack on Khan Shaykhun rose to 86.",
            published="2017-04-06",
            places={"Khan Shaykhun": KHAN_SHAYKHUN},
            times={"Tuesday": TUESDAY},
            killed=("86", 86, "="),
        )
    )
    assert candidates_for([new], [later]) == [later]


def test_bodies_and_monitors_named_unquoted_are_not_actors() -> None:
    extraction = report(
        "a",
        "Syrian government forces shelled Homs on Tuesday, killing 7, days after the United "
        "Nations and the Syrian Observatory warned of an offensive.",
        places={"Homs": HOMS},
        times={"Tuesday": TUESDAY},
        killed=("7", 7, "="),
        organizations={
            "Syrian government forces": ("Syrian Arab Army", "saa"),
            "United Nations": ("United Nations", "un"),
            "Syrian Observatory": ("Syrian Observatory for Human Rights", "sohr"),
        },
    )
    assert report_event(extraction).actors == ["Syrian Arab Army"]


def test_hedged_figures_conflict_only_beyond_their_reach() -> None:
    def figure(doc: str, text: str, value: float, approx: str | None) -> ReportFigure:
        comparator = "~" if approx else "="
        return ReportFigure(doc, doc, value, value, value, text, "", comparator, approx)

    about_100 = figure("a", "about 100", 100, "about")
    assert not figures_conflict(about_100, figure("b", "95", 95, None))
    assert figures_conflict(about_100, figure("c", "70", 70, None))
    assert not figures_conflict(about_100, None)


def test_a_report_stored_before_a_field_was_added_reads_with_its_default() -> None:
    stored = report_event(gas_attack("a", "x", "at least 70", 70, ">=")).to_dict()
    del stored["dead"]["comparator"], stored["dead"]["approx"]
    dead = ReportedEvent.from_dict(stored).dead
    assert dead is not None and dead.comparator == "=" and dead.high is None
    assert not figures_conflict(dead, report_event(gas_attack("b", "y", "86", 86, "=")).dead)
