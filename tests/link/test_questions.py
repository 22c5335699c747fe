"""Questions across reports: claims clustered by question, and their relations."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.assess.stance import LABELS as STANCE_LABELS
from claimgraph.assess.stance import StancePrediction
from claimgraph.extract import extract
from claimgraph.ingest import IngestOptions
from claimgraph.link import questions
from claimgraph.link.questions import (
    AGREE,
    CONTRADICT,
    UNRELATED,
    UPDATE,
    CitedClaim,
    ClaimRelation,
    QuestionCluster,
    cluster_claims,
    cluster_questions,
    corpus_counts,
    read_answers,
    read_claims,
)
from claimgraph.pipeline import Extractor, SilentReporter, run_extract
from claimgraph.records import Extraction
from tests.factories import make_document


def report(
    nlp: Language, text: str, doc_id: str, source: str, published: str | None = None
) -> Extraction:
    """The extraction of a hand-made report, through the real pipeline."""
    document = make_document(text, doc_id=doc_id, source=source, published=published)
    return extract(document, nlp(text))


def relation_between(
    clusters: list[QuestionCluster], first: str, second: str
) -> ClaimRelation | None:
    """The relation of the claims whose sentences contain ``first`` and ``second``."""
    for cluster in clusters:
        for relation in cluster.relations:
            texts = (relation.first.text, relation.second.text)
            if any(first in a and second in b for a, b in (texts, texts[::-1])):
                return relation
    return None


# -- reading a claim's answer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "frame", "pole"),
    [
        ("The commanders decided to stay put in the city.", "stay or leave", 1),
        ("The fighters never intended to fight to the death.", "stay or leave", -1),
        ("The militants tried to negotiate an escape.", "stay or leave", -1),
        ("The militants refused to leave the town.", "stay or leave", 1),
        ("The army offensive proved unable to beat the rebels.", "offensive succeed or fail", -1),
        (
            "The failure of the offensive could no longer be denied.",
            "offensive succeed or fail",
            -1,
        ),
        ("The army won a total victory in the city.", "offensive succeed or fail", 1),
    ],
)
def test_answers_read_with_negation_and_reversal(
    nlp: Language, sentence: str, frame: str, pole: int
) -> None:
    answers = {answer.frame: answer.pole for answer in read_answers(nlp(sentence))}
    assert answers == {frame: pole}


def test_leaving_outside_an_intention_answers_nothing(nlp: Language) -> None:
    # "stay or leave" asks what they meant to do: a plain report of leaving is not an answer.
    assert read_answers(nlp("The leaders talked about leaving the city on Monday.")) == ()


def test_a_failure_that_is_no_offensive_answers_nothing(nlp: Language) -> None:
    # "failed" says how an offensive goes only in a sentence about one.
    assert read_answers(nlp("Russia has failed to pressure the regime into a ceasefire.")) == ()


# -- relations between reports ---------------------------------------------------------------


def test_opposite_intentions_contradict(nlp: Language) -> None:
    first = report(
        nlp,
        "Rebel commanders in Saraqib decided to stay and fight, local sources said.",
        "a",
        "Outlet A",
        "2019-05-01",
    )
    second = report(
        nlp,
        "In Saraqib, the rebel commanders tried to negotiate a withdrawal with the army.",
        "b",
        "Outlet B",
        "2019-05-02",
    )
    relation = relation_between(cluster_questions([first, second], nlp), "stay", "withdrawal")
    assert relation is not None and relation.relation == CONTRADICT
    assert relation.basis == "frame"
    assert "Outlet A" in relation.evidence and "Outlet B" in relation.evidence


def test_a_denial_of_the_same_predicate_contradicts(nlp: Language) -> None:
    first = report(
        nlp, "Syrian government forces captured the town of Saraqib on Monday.", "a", "Outlet A"
    )
    second = report(
        nlp,
        "Syrian government forces did not capture the town of Saraqib on Monday.",
        "b",
        "Outlet B",
    )
    relation = relation_between(cluster_questions([first, second], nlp), "captured", "did not")
    assert relation is not None and relation.relation == CONTRADICT
    assert relation.basis in ("frame", "polarity")


def test_the_same_statement_in_other_words_agrees(nlp: Language) -> None:
    first = report(
        nlp,
        "Turkish warplanes struck Kurdish positions near Afrin on Saturday, the monitor said.",
        "a",
        "Outlet A",
    )
    second = report(
        nlp,
        "Turkish warplanes struck positions of Kurdish fighters near Afrin on Saturday.",
        "b",
        "Outlet B",
    )
    relation = relation_between(cluster_questions([first, second], nlp), "monitor", "fighters")
    assert relation is not None and relation.relation == AGREE


def test_a_vaguer_figure_agrees_and_a_different_one_contradicts(nlp: Language) -> None:
    text = "{} people were killed in the chemical attack on Khan Sheikhoun, medics said."
    vague = report(nlp, text.format("At least 70"), "a", "Outlet A", "2017-04-04")
    exact = report(nlp, text.format("Eighty-six"), "b", "Outlet B", "2017-04-04")
    other = report(nlp, text.format("A hundred"), "c", "Outlet C", "2017-04-04")
    low = report(nlp, text.format("Fifty"), "d", "Outlet D", "2017-04-04")
    clusters = cluster_questions([vague, exact, other, low], nlp)
    agreeing = relation_between(clusters, "At least 70", "Eighty-six")
    assert agreeing is not None and (agreeing.relation, agreeing.basis) == (AGREE, "figures")
    contradicting = relation_between(clusters, "Fifty", "A hundred")
    assert contradicting is not None and contradicting.relation == CONTRADICT


def test_a_later_result_overtakes_an_earlier_assessment(nlp: Language) -> None:
    early = report(
        nlp,
        "The army offensive on Raqqa has stalled and its commanders are unable to beat the "
        "militants.",
        "a",
        "Outlet A",
        "2017-07-01",
    )
    late = report(
        nlp, "The army won a total victory in Raqqa, officials said.", "b", "Outlet B", "2017-10-20"
    )
    relation = relation_between(cluster_questions([early, late], nlp), "stalled", "victory")
    assert relation is not None and relation.relation == UPDATE
    assert relation.first.source == "Outlet A"  # the earlier report is the one overtaken
    assert "overtaken by later reporting" in relation.evidence


def test_the_same_result_on_the_same_day_contradicts_rather_than_updates(nlp: Language) -> None:
    failed = report(
        nlp, "The army offensive on Raqqa has stalled, officials said.", "a", "A", "2017-10-20"
    )
    won = report(nlp, "The army won a total victory in Raqqa.", "b", "B", "2017-10-20")
    relation = relation_between(cluster_questions([failed, won], nlp), "stalled", "victory")
    assert relation is not None and relation.relation == CONTRADICT


def test_claims_about_different_things_in_one_place_are_unrelated(nlp: Language) -> None:
    first = report(
        nlp,
        "Government forces shelled the market in Douma on Tuesday, killing shoppers.",
        "a",
        "Outlet A",
    )
    second = report(
        nlp,
        "Aid convoys delivered flour and medicine to Douma residents in the market on Tuesday.",
        "b",
        "Outlet B",
    )
    for cluster in cluster_questions([first, second], nlp):
        assert all(relation.relation == UNRELATED for relation in cluster.relations)


def test_claims_of_one_document_are_never_paired(nlp: Language) -> None:
    text = (
        "Rebel commanders in Saraqib decided to stay and fight. "
        "Rebel commanders in Saraqib tried to negotiate a withdrawal."
    )
    assert cluster_questions([report(nlp, text, "a", "Outlet A")], nlp) == []


def test_figures_of_one_measure_in_other_places_are_not_one_question(nlp: Language) -> None:
    # The same day and the same measure, but two towns: two tolls, not one in dispute.
    first = report(
        nlp, "70 people were killed in Khan Sheikhoun, medics said.", "a", "A", "2017-04-04"
    )
    second = report(nlp, "100 people were killed in Douma, medics said.", "b", "B", "2017-04-04")
    assert cluster_questions([first, second], nlp) == []


# -- tolls: one question, and how the figures stand -----------------------------------------


TOLL = "{} people were killed in the chemical attack on Khan Sheikhoun, medics said."
RISEN = "The death toll from the chemical attack on Khan Sheikhoun rose to {}, medics said."


def test_two_tolls_of_one_attack_are_one_question_in_dispute(nlp: Language) -> None:
    low = report(nlp, TOLL.format("70"), "a", "Outlet A", "2017-04-04")
    high = report(nlp, TOLL.format("100"), "b", "Outlet B", "2017-04-04")
    (cluster,) = cluster_questions([low, high], nlp)
    (relation,) = cluster.relations
    assert (relation.relation, relation.basis) == (CONTRADICT, "figures")
    # The evidence cites both sentences with their source and date.
    for source in ("Outlet A (2017-04-04): '70 people", "Outlet B (2017-04-04): '100 people"):
        assert source in relation.evidence


def test_a_later_higher_toll_updates_the_earlier(nlp: Language) -> None:
    early = report(nlp, TOLL.format("70"), "a", "Outlet A", "2017-04-04")
    late = report(nlp, RISEN.format("86"), "b", "Outlet B", "2017-04-05")
    relation = relation_between(cluster_questions([early, late], nlp), "70", "86")
    assert relation is not None and (relation.relation, relation.basis) == (UPDATE, "figures")
    assert (relation.first.source, relation.second.source) == ("Outlet A", "Outlet B")


def test_a_toll_that_rose_overtakes_a_lower_one_of_the_same_day(nlp: Language) -> None:
    # The day cannot order them, but "rose to 86" says the count moved past 70.
    lower = report(nlp, TOLL.format("70"), "a", "Outlet A", "2017-04-04")
    risen = report(nlp, RISEN.format("86"), "b", "Outlet B", "2017-04-04")
    relation = relation_between(cluster_questions([risen, lower], nlp), "70", "86")
    assert relation is not None and relation.relation == UPDATE
    assert relation.second.source == "Outlet B"  # the overtaking figure
    assert "the count rose to '86'" in relation.evidence


def test_a_lower_toll_reported_later_contradicts(nlp: Language) -> None:
    # A toll does not fall: the later, lower figure disputes the earlier one.
    early = report(nlp, RISEN.format("86"), "a", "Outlet A", "2017-04-04")
    late = report(nlp, TOLL.format("70"), "b", "Outlet B", "2017-04-06")
    relation = relation_between(cluster_questions([early, late], nlp), "86", "70")
    assert relation is not None and relation.relation == CONTRADICT


def test_tolls_of_different_days_in_one_town_are_not_compared(nlp: Language) -> None:
    # Both reports are of Tuesday, but the sentences tell of Monday's raids and Tuesday's.
    monday = report(
        nlp,
        "On Monday 21 civilians were killed in coalition raids on Manbij.",
        "a",
        "A",
        "2016-07-19",
    )
    tuesday = report(
        nlp,
        "On Tuesday over 100 civilians were killed in coalition raids on Manbij.",
        "b",
        "B",
        "2016-07-19",
    )
    relation = relation_between(cluster_questions([monday, tuesday], nlp), "21", "100")
    assert relation is None or relation.relation not in (CONTRADICT, UPDATE)


def test_a_toll_added_to_others_is_not_the_toll_of_the_attack(nlp: Language) -> None:
    whole = report(
        nlp,
        "Sixteen people were killed in raids on Kafr Takharim on Monday, a monitor said.",
        "a",
        "A",
        "2016-10-24",
    )
    added = report(
        nlp,
        "Another seven people including two children were killed in raids on Kafr Takharim "
        "on Monday.",
        "b",
        "B",
        "2016-10-24",
    )
    relation = relation_between(cluster_questions([whole, added], nlp), "Sixteen", "Another")
    assert relation is None or relation.relation not in (CONTRADICT, UPDATE)


def test_a_toll_told_in_parts_does_not_contradict_the_whole(nlp: Language) -> None:
    whole = report(
        nlp, "More than 19 civilians were killed in Douma on Sunday.", "a", "A", "2017-11-26"
    )
    parts = report(
        nlp,
        "On Sunday air strikes on Douma killed 17 civilians while artillery fire on Douma "
        "killed another two civilians.",
        "b",
        "B",
        "2017-11-26",
    )
    relation = relation_between(cluster_questions([whole, parts], nlp), "More than 19", "17")
    assert relation is None or relation.relation not in (CONTRADICT, UPDATE)


def test_a_total_with_its_breakdown_keeps_the_total(nlp: Language) -> None:
    breakdown = report(
        nlp,
        "On Monday 21 civilians were killed in Manbij, 15 in a northern district and another "
        "six in a village.",
        "a",
        "A",
        "2016-07-19",
    )
    (claim,) = read_claims([breakdown], nlp)
    assert [figure.value for figure in claim.measures.values()] == [21]


def test_a_revised_toll_of_the_same_day_overtakes_the_lower(nlp: Language) -> None:
    first = report(
        nlp,
        "55 people were wounded in the bombing of a wedding in Hasakah on Monday, medics said.",
        "a",
        "A",
        "2016-10-03",
    )
    revised = report(
        nlp,
        "About 100 people were wounded in Hasakah, said a medical source who gave the updated "
        "toll.",
        "b",
        "B",
        "2016-10-03",
    )
    relation = relation_between(cluster_questions([first, revised], nlp), "55", "About 100")
    assert relation is not None and (relation.relation, relation.basis) == (UPDATE, "figures")
    assert relation.second.source == "B"


def test_an_undated_report_cannot_dispute_a_toll(nlp: Language) -> None:
    # Undated, the figure may be of another raid on the same town.
    undated = report(
        nlp, "Warplanes raided sites in Palmyra killing around 70 militants.", "a", "A"
    )
    dated = report(
        nlp, "At least 100 militants were killed in raids on Palmyra.", "b", "B", "2016-03-12"
    )
    relation = relation_between(cluster_questions([undated, dated], nlp), "70", "100")
    assert relation is None or relation.relation == UNRELATED


# -- hedges, predictions and the stance model ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Capturing Saraqib would be the army's most significant victory yet.",
        "Government forces have been trying to capture Saraqib in a weeks-long offensive.",
        "The army will retake Saraqib in its offensive, commanders said.",
    ],
)
def test_an_answer_under_a_modal_or_an_attempt_is_hypothetical(
    nlp: Language, sentence: str
) -> None:
    (answer,) = read_answers(nlp(sentence))
    assert answer.frame == "offensive succeed or fail" and answer.hypothetical


def test_an_answer_given_outright_is_no_hypothesis(nlp: Language) -> None:
    (answer,) = read_answers(nlp("The army captured Saraqib after a weeks-long offensive."))
    assert not answer.hypothetical


def test_a_prediction_does_not_contradict_a_reported_failure(nlp: Language) -> None:
    predicted = report(
        nlp, "Capturing Saraqib would be the army's biggest victory yet.", "a", "A", "2019-05-01"
    )
    failed = report(
        nlp, "The army offensive on Saraqib has stalled, officials said.", "b", "B", "2019-05-01"
    )
    relation = relation_between(cluster_questions([predicted, failed], nlp), "would", "stalled")
    assert relation is None or relation.relation == UNRELATED


def test_a_later_result_overtakes_an_earlier_prediction(nlp: Language) -> None:
    predicted = report(
        nlp,
        "The army offensive will never capture Saraqib, the rebels said.",
        "a",
        "A",
        "2019-05-01",
    )
    captured = report(
        nlp, "The army captured Saraqib on Friday after its offensive.", "b", "B", "2019-08-20"
    )
    relation = relation_between(cluster_questions([predicted, captured], nlp), "never", "Friday")
    assert relation is not None and relation.relation == UPDATE


class _FixedStance:
    """A stance model that gives every pair the same reading."""

    def __init__(self, label: str, score: float) -> None:
        rest = (1 - score) / 3
        self.prediction = StancePrediction(
            label, {name: score if name == label else rest for name in STANCE_LABELS}
        )

    def predict(self, pairs: list[tuple[str, str]]) -> list[StancePrediction]:
        return [self.prediction for _pair in pairs]


def stance_relation(
    nlp: Language,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
    second: str,
    label: str,
    score: float,
) -> ClaimRelation:
    """The relation of two like statements with the stance model's reading fixed."""
    monkeypatch.setattr(questions, "default_model", lambda: _FixedStance(label, score))
    a, b = read_claims(
        [report(nlp, first, "a", "A", "2019-05-01"), report(nlp, second, "b", "B", "2019-05-01")],
        nlp,
    )
    (relation,) = questions.relate_pairs([(a, b, 0.5)])
    return relation


GOLAN = "An Israeli air strike on a village of the Golan Heights killed five soldiers on Wednesday."


def test_a_loose_disagreement_of_the_stance_model_is_no_contradiction(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = "Hader is a Druze village that lies along the ceasefire line of the Golan Heights."
    relation = stance_relation(nlp, monkeypatch, village, GOLAN, "disagree", 0.65)
    assert relation.relation == UNRELATED
    # Confident, but the sentences share no predicate and neither denies anything.
    relation = stance_relation(nlp, monkeypatch, village, GOLAN, "disagree", 0.95)
    assert relation.relation == UNRELATED


def test_a_confident_disagreement_with_a_denial_contradicts(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    denial = "The army denied reports that an Israeli strike hit the Golan Heights on Wednesday."
    relation = stance_relation(nlp, monkeypatch, GOLAN, denial, "disagree", 0.9)
    assert (relation.relation, relation.basis) == (CONTRADICT, "stance")
    assert "deny" in relation.evidence


def test_a_loose_agreement_between_different_predicates_is_no_agreement(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    fallen = "A resident of Deir al-Zor said that four towns of the tribe had fallen."
    leave = "An activist from Deir al-Zor said residents had been given three days to leave."
    assert stance_relation(nlp, monkeypatch, fallen, leave, "agree", 0.6).relation == UNRELATED
    assert stance_relation(nlp, monkeypatch, fallen, leave, "agree", 0.9).relation == AGREE


# -- clusters are questions, not topics ------------------------------------------------------


def test_a_chain_of_statements_about_one_city_is_not_one_cluster(nlp: Language) -> None:
    # Each sentence shares words with the next, none with the one after: a topic
    # ("Aleppo"), not a question. Chaining links put all four in one cluster.
    chain = [
        "Warplanes bombed the old market in Aleppo on Monday.",
        "Warplanes bombed the old market in Aleppo as aid trucks waited at the city gates.",
        "Aid trucks waited at the city gates of Aleppo while diplomats negotiated a truce.",
        "Diplomats negotiated a truce for the city of Aleppo in Ankara on Monday.",
    ]
    reports = [report(nlp, text, str(i), f"Outlet {i}") for i, text in enumerate(chain)]
    clusters = cluster_questions(reports, nlp)
    assert clusters  # neighbours in the chain still pair up
    for cluster in clusters:
        texts = " ".join(claim.text for claim in cluster.claims)
        assert not ("market" in texts and "Ankara" in texts), texts


def test_a_city_named_in_many_reports_places_no_figure(nlp: Language) -> None:
    first = report(
        nlp, "Air strikes killed 12 civilians in Aleppo, a monitor said.", "a", "A", "2016-08-14"
    )
    second = report(
        nlp, "Rocket fire killed 3 civilians in Aleppo, state media said.", "b", "B", "2016-08-14"
    )
    claims = read_claims([first, second], nlp)
    # In two reports, Aleppo tells where the toll is: one toll, in dispute.
    relation = relation_between(cluster_claims(claims), "12 civilians", "3 civilians")
    assert relation is not None and relation.relation == CONTRADICT
    # Named in 150 of 400 reports, it is a city where many things happen: two tolls.
    counts = corpus_counts(claims)
    wide = dataclasses.replace(
        counts, anchor_reports={**counts.anchor_reports, "place:Aleppo": 150}, reports=400
    )
    assert wide.weak_anchors() == {"place:Aleppo"}
    assert cluster_claims(claims, wide) == []


# -- stored claims ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def toll_reports(nlp: Language) -> list[Extraction]:
    return [
        report(
            nlp,
            "Rebel commanders in Khan Sheikhoun decided to stay and fight. " + TOLL.format("70"),
            "a",
            "Outlet A",
            "2017-04-04",
        ),
        report(
            nlp,
            "In Khan Sheikhoun, rebel commanders tried to negotiate a withdrawal. "
            + RISEN.format("86"),
            "b",
            "Outlet B",
            "2017-04-05",
        ),
        report(nlp, TOLL.format("At least 100"), "c", "Outlet C", None),
    ]


def stored(claims: list[CitedClaim]) -> list[CitedClaim]:
    """The claims as the store keeps them: JSON text, read back."""
    return [CitedClaim.from_dict(json.loads(json.dumps(claim.to_dict()))) for claim in claims]


def test_a_claim_is_the_same_after_a_trip_through_json(
    nlp: Language, toll_reports: list[Extraction]
) -> None:
    claims = read_claims(toll_reports, nlp)
    assert any(claim.answers for claim in claims) and any(claim.risen for claim in claims)
    assert stored(claims) == claims


def test_claims_stored_before_dates_and_hypotheses_were_read_still_load(
    nlp: Language, toll_reports: list[Extraction]
) -> None:
    for claim in read_claims(toll_reports, nlp):
        data = claim.to_dict()
        del data["told"]
        for answer in data["answers"]:
            del answer["hypothetical"]
        loaded = CitedClaim.from_dict(json.loads(json.dumps(data)))
        assert loaded.told is None
        assert loaded == dataclasses.replace(
            claim,
            told=None,
            answers=tuple(dataclasses.replace(a, hypothetical=False) for a in claim.answers),
        )


def test_stored_claims_cluster_as_the_reports_do(
    nlp: Language, toll_reports: list[Extraction]
) -> None:
    from_reports = cluster_questions(toll_reports, nlp)
    claims = stored(read_claims(toll_reports, nlp))
    assert len(from_reports) == 2  # the frame and the toll
    assert cluster_claims(claims) == from_reports
    assert cluster_claims(claims, corpus_counts(claims)) == from_reports


def test_a_cluster_id_comes_from_its_members_in_any_order(
    nlp: Language, toll_reports: list[Extraction]
) -> None:
    cluster = cluster_questions(toll_reports, nlp)[0]
    reordered = QuestionCluster(cluster.question, cluster.claims[::-1])
    assert reordered.id == cluster.id and cluster.id.startswith("question-")
    assert QuestionCluster(cluster.question, cluster.claims[1:]).id != cluster.id


# -- the Mosul reports -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mosul_clusters(nlp: Language, examples_dir: Path) -> list[QuestionCluster]:
    extractions, _summary = run_extract(
        [str(examples_dir / "mosul")], IngestOptions(), Extractor(), SilentReporter()
    )
    return cluster_questions(list(extractions), nlp)


def test_mosul_staying_put_contradicts_never_meaning_to_fight_to_the_death(
    mosul_clusters: list[QuestionCluster],
) -> None:
    for theirs in ("never intended to fight to the death", "tried to negotiate an escape"):
        relation = relation_between(mosul_clusters, "decided to stay put", theirs)
        assert relation is not None and relation.relation == CONTRADICT, theirs
        assert "DEBKAfile" in relation.evidence and "The National" in relation.evidence


def test_mosul_failed_offensive_is_overtaken_by_the_total_victory(
    mosul_clusters: list[QuestionCluster],
) -> None:
    relation = relation_between(mosul_clusters, "The failure of the US-backed", "victory was total")
    assert relation is not None and relation.relation == UPDATE
    assert relation.first.source == "DEBKAfile" and relation.second.source == "The National"
    assert "overtaken by later reporting" in relation.evidence
