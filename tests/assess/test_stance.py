"""The stance model: the FNC-1 scorer, the features, the shipped model and JSON Lines input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimgraph.assess.stance import (
    DENSE_FEATURES,
    LABELS,
    StanceFeaturizer,
    StanceModel,
    StanceVocabulary,
    classify,
    default_model,
    f1_by_label,
    fnc_score,
    label_lines,
    macro_f1,
    read_fnc_pairs,
    tokenize,
)
from claimgraph.records import InputProblem

REFERENCE = Path(__file__).with_name("stance_reference.json")

# --- the FNC-1 score and macro-F1, against hand-computed values ----------------------------


def test_fnc_score_weighs_related_and_exact_labels() -> None:
    gold = ["agree", "unrelated", "discuss", "disagree", "unrelated"]
    guessed = ["agree", "unrelated", "agree", "unrelated", "discuss"]
    # agree right: 0.25 + 0.75; unrelated right: 0.25; discuss as agree: related right, 0.25;
    # disagree as unrelated: 0; unrelated as discuss: 0.
    score = fnc_score(gold, guessed)
    assert score.score == pytest.approx(1.5)
    assert score.best == pytest.approx(1 + 0.25 + 1 + 1 + 0.25)
    assert score.relative == pytest.approx(100 * 1.5 / 3.5)


def test_fnc_score_is_100_for_a_perfect_run_and_0_for_all_swapped() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated"]
    assert fnc_score(gold, gold).relative == pytest.approx(100)
    swapped = ["unrelated", "unrelated", "unrelated", "agree"]
    assert fnc_score(gold, swapped).score == 0


def test_fnc_score_refuses_runs_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        fnc_score(["agree", "discuss"], ["agree"])


def test_macro_f1_averages_all_four_labels() -> None:
    gold = ["agree", "agree", "discuss", "unrelated"]
    guessed = ["agree", "discuss", "discuss", "unrelated"]
    # agree: 1 hit, 1 guessed, 2 true -> 2/3; discuss: 1 hit, 2 guessed, 1 true -> 2/3;
    # disagree: never there -> 0; unrelated: 1.
    assert f1_by_label(gold, guessed) == pytest.approx(
        {"agree": 2 / 3, "disagree": 0.0, "discuss": 2 / 3, "unrelated": 1.0}
    )
    assert macro_f1(gold, guessed) == pytest.approx((2 / 3 + 2 / 3 + 1) / 4)


def test_fnc_files_are_read_with_their_bodies(tmp_path: Path) -> None:
    (tmp_path / "bodies.csv").write_text(
        'Body ID,articleBody\n7,"Rain fell, and fell."\n', encoding="utf-8"
    )
    (tmp_path / "stances.csv").write_text(
        'Headline,Body ID,Stance\n"It rained, a lot",7,agree\n', encoding="utf-8"
    )
    (pair,) = read_fnc_pairs(tmp_path / "stances.csv", tmp_path / "bodies.csv")
    assert (pair.claim, pair.body, pair.label, pair.body_id) == (
        "It rained, a lot",
        "Rain fell, and fell.",
        "agree",
        "7",
    )


# --- features --------------------------------------------------------------------------------


def test_tokens_keep_negated_verbs_whole() -> None:
    assert tokenize("ISIS didn’t leave Mosul's old city, a U.S. official said") == [
        "isis",
        "didn't",
        "leave",
        "mosul",
        "old",
        "city",
        "official",
        "said",
    ]


def _small_featurizer() -> StanceFeaturizer:
    texts = ["rebels seized the town", "the army retook the town", "rain fell on the town"]
    vocabulary = StanceVocabulary.build(
        texts,
        stop_words={"the", "on"},
        cues={"refute": ["false"], "negation": ["not"], "hedge": ["reportedly"]},
        max_terms=3,
        max_idf_words=10,
    )
    return StanceFeaturizer(vocabulary)


def test_vocabulary_keeps_the_commonest_words_and_round_trips_through_json() -> None:
    vocabulary = _small_featurizer().vocabulary
    # "town" is in every text; ties are broken alphabetically.
    assert list(vocabulary.terms) == ["town", "army", "fell"]
    assert vocabulary.idf["town"] < vocabulary.idf["rebels"]
    assert StanceVocabulary.from_json(json.loads(json.dumps(vocabulary.to_json()))) == vocabulary


def test_features_place_claim_body_and_hand_features_in_their_blocks() -> None:
    featurizer = _small_featurizer()
    assert featurizer.n_features == 2 * 3 + len(DENSE_FEATURES)
    indices, values = featurizer.features(
        "The army retook the town", "The claim that the army retook the town is false."
    )
    dense = dict(zip(DENSE_FEATURES, values[-len(DENSE_FEATURES) :], strict=True))
    assert list(indices[:2]) == [0, 1], "claim block: town, army"
    assert {3, 4} <= set(indices.tolist()), "body block: town, army"
    assert dense["share of claim words in the body"] == 1.0
    assert dense["refute in the body"] > 0
    assert dense["refute in the body sentences nearest the claim"] > 0
    assert dense["negation in the claim"] == 0


# --- the shipped model -----------------------------------------------------------------------


def test_numpy_inference_matches_the_training_time_probabilities() -> None:
    # Written by tools/train_stance.py from scikit-learn's predict_proba; the first-layer
    # weights ship as float16, hence the tolerance.
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    found = default_model().probabilities([(r["claim"], r["body"]) for r in reference])
    expected = np.array([[r["scores"][label] for label in LABELS] for r in reference])
    assert found == pytest.approx(expected, abs=5e-3)
    assert found.argmax(axis=1).tolist() == expected.argmax(axis=1).tolist()


def test_model_loads_from_a_folder_and_refuses_weights_that_do_not_fit(tmp_path: Path) -> None:
    shipped = default_model()
    np.savez(
        tmp_path / "model.npz",
        hidden_weights=shipped.hidden_weights[:-1],
        hidden_bias=shipped.hidden_bias,
        output_weights=shipped.output_weights,
        output_bias=shipped.output_bias,
    )
    (tmp_path / "config.json").write_text(json.dumps(shipped.config), encoding="utf-8")
    with pytest.raises(ValueError, match="do not fit"):
        StanceModel.load(tmp_path)


def test_a_pair_about_different_things_is_unrelated() -> None:
    (prediction,) = default_model().predict(
        [
            (
                "Apple to unveil a new iPhone in September",
                "Heavy rain flooded villages in the north of the country on Tuesday, "
                "killing six people and forcing hundreds from their homes.",
            )
        ]
    )
    assert prediction.label == "unrelated"
    assert prediction.scores["unrelated"] > 0.9
    assert sum(prediction.scores.values()) == pytest.approx(1, abs=1e-3)


CLAIM = "Man bitten by shark in Florida"


def test_a_body_that_reports_the_claim_as_fact_agrees() -> None:
    prediction = classify(
        CLAIM,
        "A man was bitten by a shark while swimming off the coast of Florida on Sunday. "
        "The man was taken to hospital with leg injuries, police said.",
    )
    assert prediction.label == "agree"


def test_a_body_that_calls_the_claim_a_hoax_disagrees() -> None:
    prediction = classify(
        CLAIM,
        "A report that a man was bitten by a shark in Florida is fake. The story was a hoax "
        "invented by a satirical website, officials said.",
    )
    assert prediction.label == "disagree"


def test_a_body_that_only_relays_unconfirmed_reports_discusses() -> None:
    prediction = classify(
        CLAIM,
        "A man was reportedly bitten by a shark in Florida on Sunday, according to "
        "unconfirmed reports. Officials have not confirmed the attack.",
    )
    assert prediction.label == "discuss"


def test_a_flat_denial_weighs_towards_disagree_but_is_not_always_labelled_so() -> None:
    # A weakness the tests pin down: with no refuting word but "denied" and "false", the
    # shipped model splits between agree and disagree (0.58 / 0.42 when trained).
    prediction = classify(
        "The Pope resigned",
        "The Pope did not resign. The Vatican denied reports that the Pope had resigned, "
        "calling them false.",
    )
    assert prediction.label in {"agree", "disagree"}
    assert prediction.scores["disagree"] > 0.3
    assert prediction.scores["discuss"] < 0.05


def test_an_empty_body_is_unrelated_not_an_error() -> None:
    (prediction,) = default_model().predict([("ISIS fighters left Mosul", "")])
    assert prediction.label == "unrelated"


# --- JSON Lines requests ---------------------------------------------------------------------


def test_label_lines_answers_good_lines_and_names_bad_ones() -> None:
    lines = [
        json.dumps({"id": 1, "claim": "Rebels seized Idlib", "body": "Rebels seized Idlib."}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "x", "claim": "Rebels seized Idlib"}),
        json.dumps({"id": "y", "claim": "Rebels seized Idlib", "body": 3}),
    ]
    out = list(label_lines(lines, "pairs.jsonl"))
    answer = out[0]
    assert isinstance(answer, dict)
    assert answer["id"] == 1 and answer["label"] in LABELS
    assert set(answer["scores"]) == set(LABELS)
    problems = [str(item) for item in out[1:] if isinstance(item, InputProblem)]
    assert problems == [
        "pairs.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes "
        "at column 2",
        "pairs.jsonl:4: not a JSON object",
        "pairs.jsonl:5: no 'body' field",
        "pairs.jsonl:6: 'claim' and 'body' must be strings",
    ]
