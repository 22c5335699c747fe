"""Grades of questions, events, claims and reports, on small hand-made corpora."""

from __future__ import annotations

from claimgraph.assess.figures import AGREE, CONTRADICT, UPDATE, Figure
from claimgraph.assess.grades import (
    CONTESTED,
    CORROBORATED,
    OVERTAKEN,
    SINGLE_SOURCE,
    SourcingIndex,
    claim_grades,
    claim_sourcing,
    event_report_grades,
    grade_event,
    grade_question,
    grade_reports,
    noisy_or,
    sourcing_weights,
)
from claimgraph.link.events import group_events
from claimgraph.link.questions import CitedClaim, ClaimRelation, QuestionCluster
from claimgraph.records import Attribution, Claim, Extraction, Span
from tests.factories import gas_attack, make_document

NO_VOICES: dict[str, str] = {}


def cited(
    document_id: str,
    source: str,
    text: str,
    *,
    published: str | None = "2017-07-10",
    modality: str = "asserted",
    measures: dict[str, Figure] | None = None,
) -> CitedClaim:
    """A claim as the question linker reads it, at the start of its document."""
    claim = Claim(0, len(text), text, None, modality=modality)
    return CitedClaim(
        document_id=document_id,
        source=source,
        published=published,
        as_of=published,
        dated_by_text=False,
        claim=claim,
        anchors=frozenset({"actor:isis"}),
        lemmas=(),
        root="",
        answers=(),
        measures=measures or {},
    )


def cluster(claims: list[CitedClaim], *relations: tuple[int, int, str]) -> QuestionCluster:
    """A question cluster of ``claims`` with relations (first, second, relation) by index."""
    made = QuestionCluster("how many fighters: Mosul", claims)
    made.relations = [
        ClaimRelation(
            claims[i],
            claims[j],
            relation,
            "figures",
            f"{claims[i].cited} {relation} {claims[j].cited}",
        )
        for i, j, relation in relations
    ]
    return made


def attributed(
    document_id: str, source: str, text: str, speaker_kind: str, speaker: str | None
) -> Extraction:
    """A one-claim report whose claim stands on ``speaker`` of ``speaker_kind``."""
    extraction = Extraction(make_document(text, doc_id=document_id, source=source))
    whole = Span(0, len(text), text)
    extraction.attributions.append(
        Attribution(whole, None, None, speaker, speaker_kind, direct=False)
    )
    extraction.claims.append(Claim(0, len(text), text, 0))
    return extraction


def test_two_independent_voices_agreeing_corroborate() -> None:
    claims = [
        cited("national", "The National", "About 9,000 ISIS fighters were in Mosul."),
        cited("reuters", "Reuters", "Some 9,000 Islamic State fighters held Mosul."),
    ]
    grade = grade_question(cluster(claims, (0, 1, AGREE)), NO_VOICES)
    assert grade.label == CORROBORATED
    assert "The National (2017-07-10)" in grade.reasons[0]
    assert "Reuters" in grade.reasons[0]
    single = grade_question(cluster(claims[:1]), NO_VOICES)
    assert grade.score > single.score


def test_the_same_wire_text_on_two_sites_is_a_single_source() -> None:
    text = "About 9,000 ISIS fighters were in Mosul, Reuters reported."
    claims = [cited("ahram", "Ahram", text), cited("sputnik", "Sputnik", text)]
    one_voice = {"ahram": "voice-1", "sputnik": "voice-1"}
    grade = grade_question(cluster(claims, (0, 1, AGREE)), one_voice)
    assert grade.label == SINGLE_SOURCE
    assert any("one voice" in reason and "Ahram = Sputnik" in reason for reason in grade.reasons)
    # The copy does not raise the score: it is as if Ahram alone had said it.
    assert grade.score == grade_question(cluster(claims[:1]), NO_VOICES).score


def test_a_copy_does_not_contest_its_original() -> None:
    claims = [cited("ahram", "Ahram", "70 died."), cited("sputnik", "Sputnik", "100 died.")]
    grade = grade_question(cluster(claims, (0, 1, CONTRADICT)), {"sputnik": "ahram"})
    assert grade.label == SINGLE_SOURCE


def test_70_and_100_on_one_day_contest_the_toll_with_70_conservative() -> None:
    events = group_events(
        [
            gas_attack("reuters", "Reuters", "70", 70, "="),
            gas_attack("sana", "SANA", "100", 100, "="),
        ]
    )
    (event,) = events
    grade = grade_event(event, NO_VOICES)
    assert grade.label == CONTESTED
    assert (grade.conservative, grade.low, grade.high) == (70, 70, 100)
    assert "'70' (Reuters) contradicts '100' (SANA)" in grade.reasons[0]
    assert any("conservative figure 70, range 70 to 100" in r for r in grade.reasons)
    assert grade.score < 0.5


def test_at_least_70_and_86_do_not_contest() -> None:
    (event,) = group_events(
        [
            gas_attack("reuters", "Reuters", "at least 70", 70, ">="),
            gas_attack("sana", "SANA", "86", 86, "="),
        ]
    )
    grade = grade_event(event, NO_VOICES)
    assert grade.label == CORROBORATED
    assert (grade.conservative, grade.low, grade.high) == (86, 70, 86)


def test_a_later_higher_toll_overtakes_the_earlier_report_not_the_event() -> None:
    early = gas_attack("reuters", "Reuters", "70", 70, "=")
    late = gas_attack("sana", "SANA", "86", 86, "=")
    late.document.published = "2017-04-05"
    (event,) = group_events([early, late])
    assert grade_event(event, NO_VOICES).label != CONTESTED
    grades = event_report_grades(event, NO_VOICES)
    assert grades["reuters"].label == OVERTAKEN
    assert grades["sana"].label != OVERTAKEN


def test_a_later_result_overtaking_a_prediction_is_overtaken() -> None:
    claims = [
        cited(
            "debka",
            "DEBKAfile",
            "The offensive will fail.",
            published="2016-12-06",
            modality="predicted",
        ),
        cited("national", "The National", "The offensive won a total victory."),
    ]
    made = cluster(claims, (0, 1, UPDATE))
    grade = grade_question(made, NO_VOICES)
    assert grade.label == OVERTAKEN
    assert "overtaken by later reporting" in grade.reasons[0]
    grades = claim_grades(made, NO_VOICES)
    assert grades["debka", 0].label == OVERTAKEN
    assert grades["national", 0].label == SINGLE_SOURCE
    assert grades["debka", 0].score < grades["national", 0].score


def test_contradicting_voices_contest_and_each_claim_says_so() -> None:
    claims = [
        cited("debka", "DEBKAfile", "ISIS decided to stay put in Mosul."),
        cited("national", "The National", "ISIS never intended to fight to the death."),
    ]
    made = cluster(claims, (0, 1, CONTRADICT))
    grade = grade_question(made, NO_VOICES)
    assert grade.label == CONTESTED
    assert "DEBKAfile" in grade.reasons[0] and "The National" in grade.reasons[0]
    assert {g.label for g in claim_grades(made, NO_VOICES).values()} == {CONTESTED}


def test_a_named_official_outscores_our_sources() -> None:
    named = attributed(
        "a", "Reuters", "Barazi said the strike killed six.", "named_person", "Talal Barazi"
    )
    ours = attributed("b", "DEBKAfile", "Our sources say six died.", "publisher", "our sources")
    anonymous = attributed("c", "AFP", "A diplomat said six died.", "anonymous", "a diplomat")
    on_record = claim_sourcing(named, named.claims[0])
    assert on_record.support > claim_sourcing(anonymous, anonymous.claims[0]).support
    assert claim_sourcing(anonymous, anonymous.claims[0]).support > (
        claim_sourcing(ours, ours.claims[0]).support
    )
    assert on_record.describe() == "sourced to a named person (Talal Barazi)"


def test_a_hedge_lowers_the_support_and_is_cited() -> None:
    plain = attributed("a", "AFP", "The strike killed six.", "organization", "the monitor")
    hedged = attributed(
        "b", "AFP", "The strike reportedly killed six.", "organization", "the monitor"
    )
    firm = claim_sourcing(plain, plain.claims[0])
    soft = claim_sourcing(hedged, hedged.claims[0])
    assert soft.support < firm.support
    assert soft.hedges == ("reportedly",)
    assert "hedged: 'reportedly'" in soft.describe()


def test_a_hedge_phrase_is_cited_once() -> None:
    extraction = attributed(
        "a", "AFP", "It is believed that six died.", "organization", "the monitor"
    )
    assert claim_sourcing(extraction, extraction.claims[0]).hedges == ("it is believed",)


def test_a_hedged_modality_without_a_listed_word_still_lowers() -> None:
    text = "The strike may have killed six."
    extraction = attributed("a", "AFP", text, "organization", "the monitor")
    extraction.claims[0].modality = "hedged"
    firm = attributed("b", "AFP", "The strike killed six.", "organization", "the monitor")
    assert (
        claim_sourcing(extraction, extraction.claims[0]).support
        < claim_sourcing(firm, firm.claims[0]).support
    )


def test_sourcing_weights_follow_the_issue_order() -> None:
    speakers = sourcing_weights().speakers
    assert (
        speakers["named_person"]
        > speakers["organization"]
        > speakers["anonymous"]
        > speakers["publisher"]
    )


def test_the_sourcing_index_tells_speakers_apart_in_a_question() -> None:
    named = attributed(
        "a", "Reuters", "Barazi said 9,000 fighters held Mosul.", "named_person", "Talal Barazi"
    )
    ours = attributed("b", "DEBKAfile", "Our sources say 9,000 held Mosul.", "publisher", None)
    index = SourcingIndex([named, ours])
    claims = [
        cited("a", "Reuters", named.claims[0].text),
        cited("b", "DEBKAfile", ours.claims[0].text),
    ]
    grades = claim_grades(cluster(claims), NO_VOICES, index)
    assert grades["a", 0].score > grades["b", 0].score
    assert "named person (Talal Barazi)" in grades["a", 0].reasons[0]


def test_noisy_or_combines_independent_support() -> None:
    assert noisy_or([0.6, 0.6]) == 0.84
    assert noisy_or([]) == 0.0


def test_figure_questions_carry_the_conservative_figure_and_range() -> None:
    def fighters(text: str, value: float, comparator: str = "=") -> Figure:
        return Figure(text, value, value, value, comparator)

    claims = [
        cited(
            "a",
            "The National",
            "At least 5,000 fighters.",
            measures={"FORCES": fighters("at least 5,000", 5000, ">=")},
        ),
        cited("b", "DEBKAfile", "9,000 fighters.", measures={"FORCES": fighters("9,000", 9000)}),
    ]
    grade = grade_question(cluster(claims, (0, 1, AGREE)), NO_VOICES)
    assert (grade.conservative, grade.low, grade.high) == (9000, 5000, 9000)
    assert claim_grades(cluster(claims, (0, 1, AGREE)), NO_VOICES)["a", 0].conservative == 9000


def test_report_grades_work_from_events_alone_and_rank_a_contested_report_lower() -> None:
    reports = [
        gas_attack("reuters", "Reuters", "70", 70, "="),
        gas_attack("afp", "AFP", "70", 70, "="),
        gas_attack("sana", "SANA", "100", 100, "="),
    ]
    grades = {
        g.document_id: g for g in grade_reports(reports, group_events(reports), [], NO_VOICES)
    }
    # Both sides are contested; the side two voices bear out scores higher.
    assert grades["reuters"].score > grades["sana"].score
    assert any("contested" in reason for reason in grades["sana"].reasons)


def test_a_report_whose_claims_are_contradicted_grades_below_one_borne_out() -> None:
    debka = attributed("debka", "DEBKAfile", "ISIS decided to stay put.", "publisher", None)
    national = attributed(
        "national", "The National", "ISIS tried to negotiate an escape.", "anonymous", None
    )
    reuters = attributed(
        "reuters", "Reuters", "ISIS sought a way out.", "named_person", "an Iraqi general"
    )
    claims = [
        cited("debka", "DEBKAfile", debka.claims[0].text),
        cited("national", "The National", national.claims[0].text),
        cited("reuters", "Reuters", reuters.claims[0].text),
    ]
    made = cluster(claims, (0, 1, CONTRADICT), (0, 2, CONTRADICT), (1, 2, AGREE))
    grades = {g.document_id: g for g in grade_reports([debka, national, reuters], [], [made], {})}
    alone = {g.document_id: g for g in grade_reports([debka, national, reuters], [], [], {})}
    assert grades["debka"].score < alone["debka"].score
    assert grades["national"].score > alone["national"].score
    assert "1 contested" in grades["debka"].reasons[0]
    # Contested too, but borne out by Reuters: its side outweighs "our sources".
    assert "1 contested" in grades["national"].reasons[0]


def test_an_event_told_without_a_figure_or_title_quotes_its_report_s_first_claim() -> None:
    text = "Our sources say the army offensive stalled east of the city."
    report = attributed("d", "DEBKAfile", text, "publisher", None)
    report.document.title = None
    (event,) = group_events([report])
    grade = grade_event(event, NO_VOICES, SourcingIndex([report]))
    assert grade.label == SINGLE_SOURCE
    assert f"DEBKAfile (undated): '{text}'" in grade.reasons[0]
    assert "''" not in grade.reasons[0]
