"""Questions across reports: claims clustered by question, and their relations."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.extract import extract
from claimgraph.ingest import IngestOptions
from claimgraph.link.questions import (
    AGREE,
    CONTRADICT,
    UNRELATED,
    UPDATE,
    ClaimRelation,
    QuestionCluster,
    cluster_questions,
    read_answers,
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
