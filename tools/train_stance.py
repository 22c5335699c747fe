"""Train the stance model shipped in ``src/claimgraph/data/stance/``, reproducibly from a seed.

    .venv/bin/python tools/train_stance.py [--seed 1] [--folds 5] [--data ../shared/data]

Needs the ``train`` extra (scikit-learn). The data (``../shared/data``, see its README):

* FNC-1 training set (``stance/fnc-1``: 49,972 headline/body pairs, Fake News Challenge
  stage 1, derived from Emergent, Ferreira and Vlachos 2016);
* ARC (``stance/arc``: 14,233 pairs, Hanselowski et al., COLING 2018), which adds the
  "disagree" examples that FNC-1 has few of;
* optionally (``--snli``) SNLI dev (``nli/snli-dev.jsonl``, Bowman et al. 2015), entailment
  as agree, contradiction as disagree, neutral as discuss.

First it cross-validates on FNC-1 with folds grouped by article body, as the FNC-1
organisers split it (no body in two folds; ARC and SNLI join every training part, never a
test part), and prints each fold's FNC score (relative to the best possible, as the
published 82.02) and macro-F1. Then it trains on all of it and writes, under ``--out``:

* ``model.npz``: the perceptrons' weights as plain arrays (loaded with numpy and
  ``allow_pickle=False``: no scikit-learn needed, nothing executed on load);
* ``config.json``: labels, vocabulary, IDF, stop words and cue words as trained;
* ``training.json``: the seed, settings, cross-validated figures and the time taken;

and ``tests/assess/stance_reference.json``: scikit-learn's probabilities for a few
hand-written pairs, which the tests compare with the numpy inference.

The features are :class:`claimgraph.assess.stance.StanceFeaturizer`'s, the same code that
runs at inference. Early stopping holds out 10% of the training rows (seeded). The same
seed gives bit-identical weights. On one CPU the final fit takes about 80 s, and the two
5-fold cross-validations about 10 minutes more (``--folds 0`` skips them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn import __version__ as sklearn_version
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

from claimgraph.assess.stance import (
    CONFIG_FILE,
    DENSE_FEATURES,
    LABELS,
    MODEL_FILE,
    StanceFeaturizer,
    StancePair,
    StanceVocabulary,
    f1_by_label,
    fnc_score,
    macro_f1,
    read_fnc_pairs,
)
from claimgraph.data import read_rows

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "claimgraph" / "data" / "stance"
REFERENCE = ROOT / "tests" / "assess" / "stance_reference.json"
SNLI_STANCE = {"entailment": "agree", "contradiction": "disagree", "neutral": "discuss"}

# Hand-written pairs whose scikit-learn probabilities the tests compare with numpy's.
REFERENCE_PAIRS = [
    (
        "ISIS fighters agreed to leave Mosul",
        "Islamic State fighters agreed to leave Mosul under a deal, officials said on Monday. "
        "The fighters left the city in buses.",
    ),
    (
        "Apple to release a new iPhone next month",
        "Heavy rain flooded villages in the north of the country, killing six people.",
    ),
    (
        "A shark was seen swimming in a flooded street",
        "The photo of a shark in a flooded street is a hoax. It is fake and was debunked.",
    ),
    (
        "The president resigned",
        "Reports claimed that the president had resigned, but this could not be confirmed.",
    ),
]


def fnc_pairs(folder: Path, stances: str, bodies: str) -> list[StancePair]:
    """An FNC-format data set: its stances and bodies files in ``folder``."""
    return read_fnc_pairs(folder / stances, folder / bodies)


def snli_pairs(data: Path) -> list[StancePair]:
    """SNLI dev as stance pairs: the premise as body, the hypothesis as claim."""
    pairs = []
    with (data / "nli" / "snli-dev.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            if record["label"] in SNLI_STANCE:
                pairs.append(
                    StancePair(
                        record["hypothesis"],
                        record["premise"],
                        SNLI_STANCE[record["label"]],
                        f"snli-{number}",
                    )
                )
    return pairs


def build_vocabulary(pairs: Sequence[StancePair], args: argparse.Namespace) -> StanceVocabulary:
    """The vocabulary of the claims and bodies of ``pairs``, with the cue words of the CSV."""
    cues: dict[str, list[str]] = {}
    for row in read_rows("stance/cue_words.csv"):
        cues.setdefault(row["kind"], []).append(row["word"])
    texts = [text for pair in pairs for text in (pair.claim, pair.body)]
    return StanceVocabulary.build(
        texts, ENGLISH_STOP_WORDS, cues, args.max_terms, args.max_idf_words
    )


def feature_matrix(
    featurizer: StanceFeaturizer, pairs: Sequence[tuple[str, str]]
) -> sparse.csr_matrix:
    """The pairs' features as one sparse matrix, a row a pair."""
    indices, values, pointers = [], [], [0]
    for claim, body in pairs:
        row_indices, row_values = featurizer.features(claim, body)
        indices.append(row_indices)
        values.append(row_values)
        pointers.append(pointers[-1] + len(row_indices))
    return sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(pointers)),
        shape=(len(pairs), featurizer.n_features),
    )


def train(
    pairs: Sequence[StancePair], args: argparse.Namespace
) -> tuple[StanceFeaturizer, list[MLPClassifier]]:
    """Fit the vocabulary, then ``--members`` perceptrons from seeds ``--seed``, +1, ..."""
    featurizer = StanceFeaturizer(build_vocabulary(pairs, args))
    features = feature_matrix(featurizer, [(p.claim, p.body) for p in pairs])
    # Rare labels are repeated so that the loss does not all but ignore "disagree".
    repeats = np.array([args.disagree_weight if p.label == "disagree" else 1 for p in pairs])
    rows = np.repeat(np.arange(len(pairs)), repeats)
    labels = np.array([p.label for p in pairs])[rows]
    members = []
    for member in range(args.members):
        classifier = MLPClassifier(
            hidden_layer_sizes=(args.hidden,),
            alpha=args.alpha,
            batch_size=500,
            learning_rate_init=args.learning_rate,
            max_iter=args.max_iter,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=args.patience,
            random_state=args.seed + member,
        )
        classifier.fit(features[rows], labels)
        if tuple(classifier.classes_) != LABELS:
            raise RuntimeError(f"training labels {classifier.classes_} are not {LABELS}")
        members.append(classifier)
    return featurizer, members


def probabilities(
    featurizer: StanceFeaturizer,
    members: Sequence[MLPClassifier],
    pairs: Sequence[tuple[str, str]],
) -> np.ndarray:
    """The ensemble's label probabilities (the members' mean), a row a pair."""
    features = feature_matrix(featurizer, pairs)
    return np.mean([member.predict_proba(features) for member in members], axis=0)


def predict(
    featurizer: StanceFeaturizer, members: Sequence[MLPClassifier], pairs: Sequence[StancePair]
) -> list[str]:
    """The ensemble's labels for ``pairs``."""
    scores = probabilities(featurizer, members, [(p.claim, p.body) for p in pairs])
    return [LABELS[index] for index in scores.argmax(axis=1)]


def topics(pairs: Sequence[StancePair]) -> dict[str, str]:
    """Each body id and claim (as "claim:" + text) mapped to its topic.

    A topic is a connected set of claims and bodies joined by related pairs: the Emergent
    claim that FNC-1 grew from. Unrelated pairs join nothing (they were drawn at random).
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        claim, body = root("claim:" + pair.claim), root(pair.body_id)
        if pair.label != "unrelated":
            parent[claim] = body
    return {node: root(node) for node in list(parent)}


def fold_splits(
    pairs: Sequence[StancePair], grouping: str, args: argparse.Namespace
) -> list[tuple[list[StancePair], list[StancePair]]]:
    """(training, test) parts of each fold: groups are shuffled with the seed and dealt out.

    Grouping by ``body`` keeps each body in one fold (as the FNC-1 organisers split). By
    ``topic``, it keeps each topic in one fold and drops from training the pairs whose claim is on
    a test topic: the test then holds only claims and bodies of unseen topics, as the FNC-1
    competition test set does.
    """
    group = topics(pairs) if grouping == "topic" else {p.body_id: p.body_id for p in pairs}
    names = sorted(set(group.values()))
    order = np.random.default_rng(args.seed).permutation(len(names))
    fold_of = {names[index]: rank % args.folds for rank, index in enumerate(order)}

    def claim_fold(pair: StancePair) -> int | None:
        key = "claim:" + pair.claim
        return fold_of[group[key]] if key in group else None

    splits = []
    for fold in range(args.folds):
        test = [p for p in pairs if fold_of[group[p.body_id]] == fold]
        training = [p for p in pairs if fold_of[group[p.body_id]] != fold and claim_fold(p) != fold]
        splits.append((training, test))
    return splits


def cross_validate(
    fnc: Sequence[StancePair],
    extra: Sequence[StancePair],
    grouping: str,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Per-fold figures and their mean on FNC-1 (see :func:`fold_splits`).

    ``extra`` (ARC, SNLI) joins every training part and no test part.
    """
    print(f"cross-validation, folds by {grouping}:")
    results = []
    splits = fold_splits(fnc, grouping, args)
    for fold, (training, test) in enumerate(splits[: args.run_folds or None]):
        featurizer, members = train([*training, *extra], args)
        gold = [pair.label for pair in test]
        guessed = predict(featurizer, members, test)
        result = {
            "fold": fold + 1,
            "training_pairs": len(training),
            "test_pairs": len(test),
            "fnc_score": round(fnc_score(gold, guessed).relative, 2),
            "macro_f1": round(macro_f1(gold, guessed), 4),
            "f1": {k: round(v, 4) for k, v in f1_by_label(gold, guessed).items()},
            "epochs": [member.n_iter_ for member in members],
        }
        print(json.dumps(result), flush=True)
        results.append(result)
    mean = {
        key: round(float(np.mean([result[key] for result in results])), 4)
        for key in ("fnc_score", "macro_f1")
    }
    print(f"mean over {len(results)} folds by {grouping}: {json.dumps(mean)}", flush=True)
    return {"folds": results, "mean": mean}


def export(
    featurizer: StanceFeaturizer,
    members: Sequence[MLPClassifier],
    out: Path,
    report: dict[str, Any],
) -> None:
    """Write the weights, the configuration and the training report under ``out``.

    The members' hidden layers are laid side by side (features x members*hidden), as
    :class:`claimgraph.assess.stance.StanceModel` reads them. The large first-layer matrix is
    stored as float16, which halves the package (it shifts probabilities by about 1e-3).
    """
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out / MODEL_FILE,
        hidden_weights=np.hstack([m.coefs_[0] for m in members]).astype(np.float16),
        hidden_bias=np.concatenate([m.intercepts_[0] for m in members]).astype(np.float32),
        output_weights=np.stack([m.coefs_[1] for m in members]).astype(np.float32),
        output_bias=np.stack([m.intercepts_[1] for m in members]).astype(np.float32),
    )
    config = {
        "labels": list(LABELS),
        "dense_features": list(DENSE_FEATURES),
        "vocabulary": featurizer.vocabulary.to_json(),
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, separators=(",", ":")), encoding="utf-8")
    (out / "training.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    reference = [
        {"claim": claim, "body": body, "scores": dict(zip(LABELS, row.tolist(), strict=True))}
        for (claim, body), row in zip(
            REFERENCE_PAIRS, probabilities(featurizer, members, REFERENCE_PAIRS), strict=True
        )
    ]
    REFERENCE.write_text(json.dumps(reference, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line's settings (the defaults made the shipped model)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    parser.add_argument(
        "--group",
        nargs="+",
        choices=("body", "topic"),
        default=["body", "topic"],
        help="cross-validate with folds by body (as the FNC-1 organisers split), by topic, or both",
    )
    parser.add_argument(
        "--run-folds", type=int, default=0, help="cross-validate on the first N folds only"
    )
    parser.add_argument("--cv-only", action="store_true", help="cross-validate, write nothing")
    parser.add_argument("--no-arc", dest="arc", action="store_false", help="train without ARC")
    parser.add_argument("--snli", action="store_true", help="add SNLI dev to training")
    parser.add_argument("--max-terms", type=int, default=5000, help="term-frequency vocabulary")
    parser.add_argument("--max-idf-words", type=int, default=30000, help="IDF table size")
    parser.add_argument("--members", type=int, default=3, help="perceptrons averaged")
    parser.add_argument("--hidden", type=int, default=100, help="hidden units")
    parser.add_argument("--alpha", type=float, default=1e-4, help="L2 penalty")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--max-iter", type=int, default=40, help="most epochs")
    parser.add_argument("--patience", type=int, default=4, help="epochs without gain to stop")
    parser.add_argument(
        "--disagree-weight", type=int, default=1, help="times each disagree pair is repeated"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, train on everything and write the model; 2 when the data is missing."""
    args = parse_args(argv)
    stance = args.data / "stance"
    if not (stance / "fnc-1").is_dir():
        print(f"no FNC-1 data under {stance}", file=sys.stderr)
        return 2
    fnc = fnc_pairs(stance / "fnc-1", "train_stances.csv", "train_bodies.csv")
    extra = fnc_pairs(stance / "arc", "arc_stances_train.csv", "arc_bodies.csv") if args.arc else []
    if args.snli:
        extra += snli_pairs(args.data)
    print(f"FNC-1 {len(fnc)} pairs {dict(Counter(p.label for p in fnc))}; extra {len(extra)}")
    # The machine is shared: one BLAS thread keeps training from crowding it.
    with threadpool_limits(1):
        validation = {
            grouping: cross_validate(fnc, extra, grouping, args)
            for grouping in args.group
            if args.folds
        }
        if args.cv_only:
            return 0
        started = time.perf_counter()
        featurizer, members = train([*fnc, *extra], args)
        seconds = time.perf_counter() - started
    settings = {k: v for k, v in vars(args).items() if k not in ("data", "out", "cv_only")}
    report = {
        "settings": settings,
        "scikit_learn": sklearn_version,
        "training_pairs": {"fnc-1": len(fnc), "extra": len(extra)},
        "epochs": [member.n_iter_ for member in members],
        "seconds": round(seconds),
        "cross_validation": validation,
    }
    export(featurizer, members, args.out, report)
    size = sum(path.stat().st_size for path in args.out.glob("*") if path.is_file())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB); the final training took {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
