"""The dossier's sections rendered from hand-made grades, profiles and stories."""

from __future__ import annotations

import re
from datetime import date

from claimgraph.assess.grades import CONTESTED, CORROBORATED, Grade, GradedEvent, GradedQuestion
from claimgraph.assess.sources import SourceProfile
from claimgraph.link.events import Event, EventDate, EventPlace, Fatalities, report_event
from claimgraph.link.questions import CitedClaim, ClaimRelation, QuestionCluster
from claimgraph.link.syndication import Member, NearDuplicate, Voice
from claimgraph.link.timeline import CLAIM, EVENT, Story, TimelineEntry
from claimgraph.present.dossier import render_dossier
from claimgraph.records import Claim, Extraction, Quantity, Span
from tests.factories import gas_attack, make_document

HOSTILE = "Rebels said <script>alert(1)</script> they held the town <img src=x onerror=alert(1)>."
STAYED = "Our sources say the fighters decided to stay put in the town."


def _with_claim(extraction: Extraction, sentence: str) -> Claim:
    start = extraction.document.text.index(sentence)
    claim = Claim(start, start + len(sentence), sentence, None)
    extraction.claims.append(claim)
    return claim


def _cited(extraction: Extraction, claim: Claim) -> CitedClaim:
    document = extraction.document
    return CitedClaim(
        document.id, document.source or "", document.published, document.published, False,
        claim, frozenset(), (), "", (), {},
    )  # fmt: skip


def _corpus() -> tuple[list[Extraction], dict[str, object]]:
    """Three reports of a gas attack (two of them one wire text) and a hostile report
    that contradicts a report that the fighters stayed."""
    reuters = gas_attack("a", "Reuters", "70", 70.0, "=")
    copy = gas_attack("b", "Daily Copy", "70", 70.0, "=")
    afp = gas_attack("c", "AFP", "100", 100.0, "=")
    stayed = Extraction(
        make_document(STAYED, doc_id="s", source="DEBKAfile", published="2016-12-06")
    )
    stayed.quantities.append(Quantity(0, 3, "Our", None))  # a mark inside the sentence
    hostile = Extraction(
        make_document(HOSTILE, doc_id="h", source="<b>Evil</b> News", published="2017-07-10")
    )
    first, second = (
        _cited(stayed, _with_claim(stayed, STAYED)),
        _cited(hostile, _with_claim(hostile, HOSTILE)),
    )
    cluster = QuestionCluster("stay or leave: the town", [first, second])
    cluster.relations = [
        ClaimRelation(first, second, "agree", "stance", "EVIDENCE OF AGREEMENT"),
        ClaimRelation(first, second, "contradict", "frame", "'decided to stay' against 'held'"),
    ]
    question = GradedQuestion(cluster, Grade(CONTESTED, 0.2, ("two independent sources disagree",)))
    reports = [report_event(x) for x in (reuters, copy, afp)]
    event = Event(
        reports=reports,
        date=EventDate(date(2017, 4, 4), date(2017, 4, 4), "day", "Tuesday"),
        place=EventPlace("Khān Shaykhūn", "town", 168325, "SY"),
        actors=["Syrian government"],
        event_type="chemical attack",
        fatalities=Fatalities(best=70, low=70, high=100),
        figures=[r.dead for r in reports if r.dead is not None],
    )
    graded_event = GradedEvent(
        event, Grade(CORROBORATED, 0.8, ("Reuters and AFP agree",), 70, 70, 100)
    )
    voice = Voice(
        [Member("a", "Reuters", "2017-04-04"), Member("b", "Daily Copy", "2017-04-04")],
        [NearDuplicate("a", "b", 0.9)],
    )
    profile = SourceProfile(
        "<b>Evil</b> News", 1, 1, 2, 1, 0.5, 0.25, 0, 1, 0, 0.5, 0.41, ("TRACK REASON",)
    )
    attack = TimelineEntry(
        EVENT,
        EventDate(date(2017, 4, 4), date(2017, 4, 4), "day", "Tuesday"),
        "2017-07-10",
        "<b>Evil</b> News",
        "h",
        Span(0, len(HOSTILE), HOSTILE),
        "chemical attack in Khān Shaykhūn",
    )
    war = TimelineEntry(
        CLAIM,
        EventDate(date(2011, 3, 1), date(2011, 3, 31), "month", "March 2011"),
        "2017-07-10",
        "<b>Evil</b> News",
        "h",
        None,
        "asserted",
        background=True,
    )
    story = Story("Khān Shaykhūn: 2017-04-04", ["h"], ["<b>Evil</b> News"], [war, attack])
    sections = {
        "questions": [question],
        "events": [graded_event],
        "sources": [profile],
        "timelines": [story],
        "voices": [voice],
    }
    return [reuters, copy, afp, stayed, hostile], sections


def _render() -> str:
    extractions, sections = _corpus()
    return render_dossier(extractions, "Test dossier", **sections)  # type: ignore[arg-type]


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}">')
    return html[start : html.index("</section>", start)]


def test_every_section_is_there_with_an_anchor() -> None:
    html = _render()
    for anchor in ("questions", "figures", "events", "sources", "timeline"):
        assert f'<section id="{anchor}">' in html and f'href="#{anchor}"' in html
    assert re.search(r'<details id="question-[0-9a-f]{12}"', html)
    assert re.search(r'<div class="card" id="event-[0-9a-f]{12}"', html)
    assert '<details id="story-1"' in html


def test_a_question_shows_each_source_side_by_side_and_contradictions_first() -> None:
    questions = _section(_render(), "questions")
    assert (
        "<h4>DEBKAfile</h4>" in questions and "<h4>&lt;b&gt;Evil&lt;/b&gt; News</h4>" in questions
    )
    assert questions.index("contradicts") < questions.index("agrees with")
    assert "&#39;decided to stay&#39; against &#39;held&#39;" in questions
    assert "EVIDENCE OF AGREEMENT" in questions
    # The claim's sentence is highlighted: its figure mark sits inside the side column.
    assert '<span class="figure" title="OTHER: ?" tabindex="0">Our</span>' in questions
    assert "decided to stay put" in questions
    # Each side of a relation links to its claim in the columns.
    assert 'id="claim-s-0"' in questions and 'href="#claim-s-0"' in questions
    assert "contested" in questions and "two independent sources disagree" in questions


def test_an_event_shows_its_facts_figures_voices_and_grade() -> None:
    events = _section(_render(), "events")
    for text in (
        "2017-04-04 (day; from “Tuesday”)",
        "Khān Shaykhūn (town, SY)",
        "chemical attack",
        "Syrian government",
        "best 70, low 70, high 100",
        "corroborated",
        "Reuters and AFP agree",
        "conservative figure 70, range 70–100",
    ):
        assert text in events, text
    # Reuters and its copy are one voice; AFP is another.
    assert "2 voices, 3 reports" in events
    assert "one voice with Daily Copy" in events
    assert events.count("<tr><td><strong>") == 2
    assert "A gas attack killed" in events and 'class="figure"' in events


def test_the_sources_table_and_the_timeline_show_their_figures() -> None:
    html = _render()
    sources = _section(html, "sources")
    for text in ("1 of 2", "50%", "25%", "0 / 1 / 0", "0.50", "0.41", "TRACK REASON"):
        assert text in sources, text
    timeline = _section(html, "timeline")
    assert "Khān Shaykhūn: 2017-04-04" in timeline
    row = timeline[timeline.index('<tr><td class="when">2017-04-04') :]
    assert row.index("2017-04-04") < row.index("2017-07-10"), "about, then reported"
    # One day at the start of a 98-day scale; reported on its last day.
    assert 'class="about event" style="left: 0.0%; width: 1.02%"' in timeline
    assert 'class="reported" style="left: 98.98%"' in timeline
    # Background is listed apart, with an arrow for a bar that would stretch the scale.
    assert "Background: 1 entry about times more than a year before their report" in timeline
    assert timeline.index("2011-03-01 to 2011-03-31") < timeline.index("◀ earlier")
    assert timeline.count('class="about') == 1 and ">background</span>" in timeline


def test_report_text_is_escaped_everywhere() -> None:
    html = _render()
    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>Evil</b>"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html.lower()


def test_no_section_needs_its_inputs() -> None:
    html = render_dossier([])
    assert "No two sources contradict each other" in html
    assert "No event was found" in html and "No event or dated claim" in html
