"""The stance model (claimgraph issue 4, item 4): FNC-1 score, macro-F1 and speed.

    python -m bench.stance [--test-stances FILE --test-bodies FILE] [--pairs N]

The goal is set on the FNC-1 competition test set (Fake News Challenge stage 1,
FakeNewsChallenge/fnc-1), which is not in ``../shared/data``: a user who has it
(``competition_test_stances.csv``, ``competition_test_bodies.csv``) passes it with
``--test-stances`` and ``--test-bodies`` and gets the official FNC score (relative to the
best possible, as the published Talos 82.02, Athene 81.97, UCLMR 81.72, baseline 75.20)
and macro-F1 (best published 0.61). Without it, the bench prints the cross-validated
figures that ``tools/train_stance.py`` recorded in ``data/stance/training.json`` when it
trained the shipped model, on the FNC-1 training set with folds grouped by body (as the
organisers split) and by topic (unseen claims and bodies, as in the test set).

Speed is the shipped model's pairs per second on one CPU over ``--pairs`` FNC-1 training
pairs, each with a different body, so that no body's analysis is reused (the worst case).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bench.headline import DataMissing, Headline

# One CPU, as the goal is stated: set before numpy loads its BLAS.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from claimgraph.assess.stance import (  # noqa: E402
    StanceModel,
    StancePair,
    f1_by_label,
    fnc_score,
    macro_f1,
    read_fnc_pairs,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stance" / "fnc-1"
GOAL_FNC = 82.02  # Talos, the best FNC-1 entrant (relative FNC score, %)
GOAL_MACRO_F1 = 0.61  # the best published macro-F1 on the FNC-1 test set
GOAL_SPEED = 200.0  # pairs per second on one CPU
PUBLISHED = "Talos 82.02, Athene 81.97, UCLMR 81.72, baseline 75.20 (published, test set)"


def training_report() -> dict[str, Any]:
    """What the training script recorded beside the shipped weights."""
    path = resources.files("claimgraph.data").joinpath("stance", "training.json")
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def model_megabytes() -> float:
    """The size of the shipped model's files."""
    folder = resources.files("claimgraph.data").joinpath("stance")
    sizes = [len(item.read_bytes()) for item in folder.iterdir() if item.is_file()]
    return sum(sizes) / 1e6


def pairs_per_second(pairs: Sequence[StancePair], count: int) -> tuple[float, int]:
    """The shipped model's speed on up to ``count`` pairs with distinct bodies, loaded afresh."""
    chosen: dict[str, StancePair] = {}
    for pair in pairs:
        chosen.setdefault(pair.body_id, pair)
        if len(chosen) == count:
            break
    model = StanceModel.load()
    started = time.perf_counter()
    model.probabilities([(pair.claim, pair.body) for pair in chosen.values()])
    return len(chosen) / (time.perf_counter() - started), len(chosen)


@dataclass(frozen=True)
class TestSetScore:
    """The shipped model's figures on a labelled FNC-format test set."""

    pairs: int
    fnc_score: float
    macro_f1: float
    f1: dict[str, float]


def score_test_set(pairs: Sequence[StancePair]) -> TestSetScore:
    """The shipped model's FNC score, macro-F1 and per-label F1 on labelled ``pairs``."""
    gold = [pair.label for pair in pairs]
    if not all(gold):
        raise ValueError("the test stances have no Stance column: nothing to score against")
    guessed = [p.label for p in StanceModel.load().predict((q.claim, q.body) for q in pairs)]
    return TestSetScore(
        len(pairs),
        fnc_score(gold, guessed).relative,
        macro_f1(gold, guessed),
        f1_by_label(gold, guessed),
    )


def headlines(data: Path = DEFAULT_DATA, count: int = 1000) -> list[Headline]:
    """The cross-validated figures and the speed, for ``python -m bench.extraction``."""
    if not (data / "train_stances.csv").is_file():
        raise DataMissing(f"FNC-1 training data not found at {data}")
    validation = training_report()["cross_validation"]
    lines = []
    for group, wording in (("body", "folds by body"), ("topic", "folds by topic")):
        if group not in validation:
            continue
        mean = validation[group]["mean"]
        where = f"FNC-1 train, {len(validation[group]['folds'])}-fold CV, {wording}"
        lines += [
            Headline(
                "4 stance",
                f"FNC score, {where}",
                mean["fnc_score"],
                GOAL_FNC,
                peers=PUBLISHED,
                unit="%",
            ),
            Headline("4 stance", f"macro-F1, {where}", mean["macro_f1"], GOAL_MACRO_F1),
        ]
    speed, measured = pairs_per_second(
        read_fnc_pairs(data / "train_stances.csv", data / "train_bodies.csv"), count
    )
    lines.append(
        Headline(
            "4 stance",
            f"pairs/s on one CPU, {measured} FNC-1 pairs, distinct bodies",
            speed,
            GOAL_SPEED,
        )
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="FNC-1 training data")
    parser.add_argument("--test-stances", type=Path, help="an FNC-format stances CSV to score")
    parser.add_argument("--test-bodies", type=Path, help="its bodies CSV")
    parser.add_argument("--pairs", type=int, default=1000, help="pairs timed for the speed")
    args = parser.parse_args(argv)
    if (args.test_stances is None) != (args.test_bodies is None):
        parser.error("--test-stances and --test-bodies go together")

    report = training_report()
    print(
        f"shipped model: {model_megabytes():.1f} MB, trained in {report['seconds']} s "
        f"(seed {report['settings']['seed']}, scikit-learn {report['scikit_learn']})"
    )
    for group, validation in report["cross_validation"].items():
        print(f"cross-validation on FNC-1 train, folds by {group} (recorded at training):")
        for fold in validation["folds"]:
            print(
                f"  fold {fold['fold']}: FNC {fold['fnc_score']:.2f}  "
                f"macro-F1 {fold['macro_f1']:.4f}  F1 {json.dumps(fold['f1'])}"
            )
        mean = validation["mean"]
        print(
            f"  mean:   FNC {mean['fnc_score']:.2f} (goal > {GOAL_FNC} on the test set)  "
            f"macro-F1 {mean['macro_f1']:.4f} (goal > {GOAL_MACRO_F1})"
        )
    if args.test_stances is not None:
        figures = score_test_set(read_fnc_pairs(args.test_stances, args.test_bodies))
        print(
            f"test set {args.test_stances} ({figures.pairs} pairs): "
            f"FNC {figures.fnc_score:.2f} (goal > {GOAL_FNC}; {PUBLISHED})  "
            f"macro-F1 {figures.macro_f1:.4f} (goal > {GOAL_MACRO_F1})  "
            f"F1 {json.dumps({k: round(v, 4) for k, v in figures.f1.items()})}"
        )
    if (args.data / "train_stances.csv").is_file():
        pairs = read_fnc_pairs(args.data / "train_stances.csv", args.data / "train_bodies.csv")
        speed, measured = pairs_per_second(pairs, args.pairs)
        print(
            f"speed: {speed:.0f} pairs/s on one CPU ({measured} pairs, distinct bodies; "
            f"goal ≥ {GOAL_SPEED:.0f})"
        )
    else:
        print(f"speed: skipped, FNC-1 training data not found at {args.data}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
