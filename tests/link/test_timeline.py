"""Stories and their timelines from hand-made reports, events and question clusters."""

from __future__ import annotations

import re
from datetime import date

from claimgraph.link.events import Event, report_event
from claimgraph.link.questions import CitedClaim, QuestionCluster
from claimgraph.link.timeline import CLAIM, EVENT, OTHER_REPORTS, build_timelines
from claimgraph.records import Claim, EntityMention, Extraction
from tests.factories import HOMS, KHAN_SHAYKHUN, gas_attack, report


def _claim(extraction: Extraction, sentence: str, *times: str) -> Claim:
    """Add the claim of ``sentence`` to the extraction, dated by the times written ``times``."""
    start = extraction.document.text.index(sentence)
    indexes = [i for i, t in enumerate(extraction.times) if t.text in times]
    claim = Claim(start, start + len(sentence), sentence, None, times=indexes)
    extraction.claims.append(claim)
    return claim


def _event(*extractions: Extraction, actors: tuple[str, ...] = ()) -> Event:
    reports = [report_event(x) for x in extractions]
    reports[0].actors = list(actors)
    return Event(reports, reports[0].date, reports[0].place, [], reports[0].event_type, None, [])


def _cited(extraction: Extraction, claim: Claim) -> CitedClaim:
    document = extraction.document
    return CitedClaim(
        document_id=document.id,
        source=document.source or document.origin,
        published=document.published,
        as_of=document.published,
        dated_by_text=False,
        claim=claim,
        anchors=frozenset({"place:Khān Shaykhūn"}),
        lemmas=(),
        root="",
        answers=(),
        measures={},
    )


def _corpus() -> tuple[list[Extraction], list[Event], list[QuestionCluster]]:
    """Reuters and AFP on one gas attack; SANA answers AFP on a question; a Homs report and
    a notice of talks are linked to nothing."""
    reuters = gas_attack("a", "Reuters", "70", 70.0, "=")
    _claim(reuters, reuters.document.text, "Tuesday")  # the event's own sentence
    afp = gas_attack("b", "AFP", "at least 86", 86.0, ">=")
    afp.document.published = "2017-04-05"  # a day late: about Tuesday, reported Wednesday
    sana = report(
        "c",
        "Officials said in late March 2017 that rebels held Khan Shaykhun. "
        "The rebels have held the town since 2015. They held it for nine weeks. "
        "Fighting flared there in early 2017. The war began in March 2011. "
        "AFP and AFP reporters said the army and AFP crews were near.",
        source="SANA",
        published="2017-04-06",
        places={"Khan Shaykhun": KHAN_SHAYKHUN},
        times={
            "late March 2017": ("2017-03-21", "2017-03-31", "month_part"),
            "2015": ("2015-01-01", "2015-12-31", "year"),
            "nine weeks": ("", "", "duration"),
            "early 2017": ("2017-01-01", "2017-04-30", "year_part"),
            "March 2011": ("2011-03-01", "2011-03-31", "month"),
        },
        organizations={"the army": ("Syrian Arab Army", "saa")},
    )
    held = _claim(sana, sana.document.text.split(". ")[0] + ".", "late March 2017")
    _claim(sana, "The rebels have held the town since 2015.", "2015")
    _claim(sana, "They held it for nine weeks.", "nine weeks")
    _claim(sana, "Fighting flared there in early 2017.", "early 2017")
    _claim(sana, "The war began in March 2011.", "March 2011")
    # A news agency named more often than the army is no actor of the story.
    sana.entities += [
        EntityMention(m.start(), m.end(), "AFP", "ORGANIZATION", "Agence France-Presse", "afp")
        for m in re.finditer("AFP", sana.document.text)
    ]
    afp_claim = _claim(afp, afp.document.text, "Tuesday")
    homs = report(
        "d",
        "Shelling killed 5 people in Homs on Monday.",
        source="Homs Post",
        published=None,
        places={"Homs": HOMS},
        times={"Monday": ("2017-04-03", "2017-04-03", "day")},
        killed=("5", 5.0, "="),
    )
    talks = report(
        "e",
        "Talks will resume in Geneva on Monday.",
        source="Geneva Wire",
        published="2017-04-01",
        times={"Monday": ("2017-04-03", "2017-04-03", "day")},
    )
    _claim(talks, talks.document.text, "Monday").modality = "predicted"
    cluster = QuestionCluster("who holds Khan Shaykhun")
    cluster.claims = [_cited(afp, afp_claim), _cited(sana, held)]
    extractions = [reuters, afp, sana, homs, talks]
    events = [_event(reuters, afp, actors=("Syrian Arab Army",)), _event(homs)]
    return extractions, events, [cluster]


def test_documents_joined_by_an_event_or_a_question_are_one_story() -> None:
    stories = build_timelines(*_corpus())
    assert [(s.document_ids, s.linked) for s in stories] == [
        (["a", "b", "c"], True),
        (["d", "e"], False),
    ]
    assert stories[0].sources == ["Reuters", "AFP", "SANA"]
    assert stories[1].name == OTHER_REPORTS


def test_entries_are_ordered_by_the_date_they_are_about_then_reported() -> None:
    story = build_timelines(*_corpus())[0]
    assert [(e.kind, e.document_id, e.about.start, e.reported) for e in story.entries] == [
        (CLAIM, "c", date(2011, 3, 1), "2017-04-06"),
        (CLAIM, "c", date(2017, 1, 1), "2017-04-06"),
        (CLAIM, "c", date(2017, 3, 21), "2017-04-06"),
        (EVENT, "a", date(2017, 4, 4), "2017-04-04"),
        (EVENT, "b", date(2017, 4, 4), "2017-04-05"),
    ]


def test_an_entry_keeps_the_date_it_is_about_beside_the_date_it_was_reported() -> None:
    story = build_timelines(*_corpus())[0]
    _war, early, late_march, _reuters, afp = story.entries
    assert (early.about.end, early.about.precision) == (date(2017, 4, 30), "year")
    assert (late_march.about.end, late_march.about.precision) == (date(2017, 3, 31), "month")
    assert late_march.about.basis == "late March 2017"
    assert late_march.link is not None and late_march.link.startswith("question-")
    assert (afp.about.precision, afp.about.basis, afp.reported) == ("day", "Tuesday", "2017-04-05")
    assert afp.summary.endswith("in Khān Shaykhūn, at least 86 dead")
    assert afp.sentence is not None and afp.sentence.text.startswith("A gas attack killed")
    assert afp.link is not None and afp.link.startswith("event-")


def test_claims_dated_by_a_whole_year_or_a_duration_and_event_sentences_are_not_entries() -> None:
    story = build_timelines(*_corpus())[0]
    sentences = [e.sentence.text for e in story.entries if e.sentence is not None]
    assert not any("since 2015" in s or "nine weeks" in s for s in sentences)
    # The reports' gas-attack sentences are there once each, as their event entries.
    assert sum(s.startswith("A gas attack") for s in sentences) == 2


def test_an_undated_report_comes_after_a_dated_one_about_the_same_day() -> None:
    other = build_timelines(*_corpus())[1]
    assert [(e.document_id, e.kind, e.reported, e.summary) for e in other.entries] == [
        ("e", CLAIM, "2017-04-01", "predicted"),
        ("d", EVENT, None, "shelling in Homs, 5 dead"),
    ]


def test_a_claim_about_a_time_long_before_its_report_is_background() -> None:
    story = build_timelines(*_corpus())[0]
    assert [e.about.basis for e in story.entries if e.background] == ["March 2011"]
    assert story.news == story.entries[1:]


def test_a_story_is_named_after_its_place_actor_and_the_span_of_its_news() -> None:
    story = build_timelines(*_corpus())[0]
    assert story.name == "Khān Shaykhūn, Syrian Arab Army: 2017-01-01 to 2017-04-30"
    assert (story.start, story.end) == (date(2017, 1, 1), date(2017, 4, 30))


def test_documents_outside_the_extractions_are_left_out() -> None:
    extractions, events, clusters = _corpus()
    stories = build_timelines(extractions[2:], events, clusters)
    assert [(s.document_ids, s.linked) for s in stories] == [(["c", "d", "e"], False)]
    assert build_timelines([], events, clusters) == []
