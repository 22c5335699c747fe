"""Cross-validate a learned pair scorer for events on FA-KES dev, beside the hand-set rules.

    .venv/bin/python -m bench.events_learned [--data ../shared/data/fa-kes/fa-kes-dev.csv]
        [--seed 1] [--folds 5] [--linkage average|complete]

The scorer is a logistic regression (numpy, Newton steps with an L2 penalty: no
scikit-learn needed) over :data:`FEATURES` of two reports
(:class:`~claimgraph.link.events.ReportedEvent`) and their texts: whether a candidate day
is shared and the gap between the closest ones, the level at which the places agree and
the kilometres between them, same event type, an actor in common, figures that conflict
or agree (:func:`~claimgraph.link.events.figures_conflict`), the cosine of the two
reports' term vectors (:func:`term_vector`: word overlap, one signal beside the extracted
fields) and same source. Reports are grouped by average (or complete) linkage over the
scorer's probability, at a threshold chosen inside the training folds (the one of
:data:`THRESHOLDS` with the best pairwise F1 there).

Honesty. The folds are split by the annotators' events, never by pair: the documents
joined by a gold pair (one annotated date and location, see ``bench/fakes_events.py``)
are one unit, and the units are dealt to ``--folds`` folds in a seeded random order. Each
pair is scored by a model trained on the folds that hold neither of its reports, at that
model's threshold; the whole file is then grouped once with every pair's score read
against its own model's threshold (logit p - logit t), so the out-of-fold figure counts
pairs across folds as the rules' whole-file figure counts them. It is printed for the
whole file and for the halves of ``bench/fakes_events.py``, beside the rules' figures;
then a second check trains on the tune half only and groups the held-out half.

Result, pairwise F1 (annotated date hidden), the rules' figures in brackets: out of fold
with average linkage 0.583 whole file (0.590), 0.612 tune half (0.638), 0.710 held-out
half (0.702) with seed 1; 0.580 and 0.574 whole with seeds 2 and 3; with complete linkage
0.560 whole. Trained on the tune half, 0.662 on the held-out half (0.636 with complete
linkage). With the annotated date read as the publication date (the benchmark's reference
line), 0.787 out of fold against the rules' 0.801. The term vectors' cosine gets a weight
near zero once dates and places are in: its ROC AUC over all pairs is 0.85 (0.78 for a
lead of 300 characters; a report's 20 to 40 heaviest words do as well as the whole text,
and general-English rarity as well as the corpus's IDF), but 0.70 among the pairs that
share a day and 0.56 among those whose places agree but share no day, where the rules lose
their recall: there, 570 pairs have a cosine above 0.4, and 7 of them are the annotators'
(41 of 12,666 in all). The scorer used as a veto on the rules' pairs (the rules propose,
the scorer drops the unlikely; a trial outside this script) lost more recall than it
gained precision (0.550 whole). The scorer does not beat the rules by more than
:data:`SHIP_MARGIN` out of fold, so no weights are shipped and ``claimgraph.link.events``
keeps its rules; this script only measures. Were a later feature to clear the margin, the
weights of a fit on the whole file would go to
``src/claimgraph/data/events_pair_weights.json``, read by ``group_reports``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from bench.fakes_events import (
    DEFAULT_DATA,
    HIDDEN_DATE,
    Pair,
    PairScore,
    annotated_events,
    extract_all,
    gold_pairs,
    half_documents,
    predicted_pairs,
    score,
)
from claimgraph.assess.stance import cosine
from claimgraph.ingest import IngestOptions
from claimgraph.link.events import (
    ReportedEvent,
    date_gap,
    figures_conflict,
    group_reports,
    place_level,
    report_event,
)

FEATURES = (
    "bias",
    "shared day",
    "log days apart",
    "no date",
    "same town",
    "same governorate",
    "same country only",
    "log km apart",
    "same type",
    "actor in common",
    "figures conflict",
    "figures agree",
    "term cosine",
    "same source",
)
TERMS_KEPT = 20  # a report's most telling words: 20 to 40 do as well as the whole text
FAR_DAYS = 365  # gaps are capped here, and an undated pair counts as this far apart
FAR_KM = 500.0  # about Syria's width; an unplaced pair counts as this far apart
L2 = 1.0
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
EDGE_FLOOR = 0.02  # pairs less likely than this are left out of the grouping
SHIP_MARGIN = 0.02  # how far out of fold the scorer must beat the rules to be shipped
_WORD = re.compile(r"[a-z]+")


@cache
def _rarity(word: str) -> float:
    """How telling a word is: 8 less its Zipf frequency in English (0 for "the"-like words).

    The weight comes from general English, not from the reports at hand, so that a
    report's vector does not change as the corpus grows.
    """
    return max(0.0, 8.0 - zipf_frequency(word, "en"))


def term_vector(text: str, kept: int = TERMS_KEPT) -> dict[str, float]:
    """The ``kept`` heaviest words of ``text`` by (1 + log count) x rarity, unit length."""
    counts = Counter(word for word in _WORD.findall(text.lower()) if len(word) > 2)
    weights = {word: (1 + math.log(n)) * _rarity(word) for word, n in counts.items()}
    top = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:kept])
    norm = math.sqrt(sum(value * value for value in top.values())) or 1.0
    return {word: value / norm for word, value in top.items()}


def pair_features(
    a: ReportedEvent, b: ReportedEvent, terms_a: Mapping[str, float], terms_b: Mapping[str, float]
) -> list[float]:
    """The values of :data:`FEATURES` for two reports and their term vectors."""
    gap = date_gap(a, b)
    level = place_level(a.place, b.place) if a.place and b.place else None
    km = a.place.km_to(b.place) if a.place and b.place else None
    conflict = figures_conflict(a.dead, b.dead)
    values = (
        1.0,
        gap == 0,
        math.log1p(min(gap if gap is not None else FAR_DAYS, FAR_DAYS)),
        gap is None,
        level == "town",
        level == "governorate",
        level == "country",
        math.log1p(min(km if km is not None else FAR_KM, FAR_KM)),
        a.event_type is not None and a.event_type == b.event_type,
        bool(set(a.actors) & set(b.actors)),
        conflict,
        a.dead is not None and b.dead is not None and not conflict,
        cosine(terms_a, terms_b),
        a.source == b.source,
    )
    return [float(value) for value in values]


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(margin: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-margin))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Weights of an L2-penalised logistic regression (the bias, column 0, unpenalised)."""
    weights = np.zeros(x.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(x.shape[1] - 1)])
    for _step in range(100):
        p = _sigmoid(x @ weights)
        gradient = x.T @ (p - y) + penalty @ weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return weights


def group(
    nodes: Sequence[int], edges: Mapping[tuple[int, int], float], threshold: float, linkage: str
) -> list[list[int]]:
    """Agglomerative groups of ``nodes``: merge the two closest groups while their linkage
    (average or least probability over all their pairs, a missing pair 0) exceeds ``threshold``."""
    members = {node: [node] for node in nodes}
    group_of = {node: node for node in nodes}
    while True:
        links: dict[tuple[int, int], list[float]] = {}
        for (i, j), p in edges.items():
            gi, gj = sorted((group_of[i], group_of[j]))
            if gi != gj:
                total, count, least = links.get((gi, gj), [0.0, 0.0, 1.0])
                links[gi, gj] = [total + p, count + 1, min(least, p)]
        best, merge = threshold, None
        for (gi, gj), (total, count, least) in links.items():
            size = len(members[gi]) * len(members[gj])
            value = total / size if linkage == "average" else (least if count == size else 0.0)
            if value > best:
                best, merge = value, (gi, gj)
        if merge is None:
            return list(members.values())
        keep, absorbed = merge
        for node in members[absorbed]:
            group_of[node] = keep
        members[keep].extend(members.pop(absorbed))


class PairData:
    """Every pair of reports of the file: its features, its gold label and its reports."""

    def __init__(self, reports: Sequence[ReportedEvent], texts: Sequence[str], gold: set[Pair]):
        self.ids = [report.document_id for report in reports]
        vectors = [term_vector(text) for text in texts]
        self.pairs = np.array(list(itertools.combinations(range(len(reports)), 2)))
        self.x = np.array(
            [pair_features(reports[i], reports[j], vectors[i], vectors[j]) for i, j in self.pairs]
        )
        self.y = np.array([self.pair_ids(i, j) in gold for i, j in self.pairs], dtype=float)
        self.gold = gold

    def pair_ids(self, i: int, j: int) -> Pair:
        """The document ids of a pair, ordered as the benchmark orders them."""
        a, b = self.ids[i], self.ids[j]
        return (a, b) if a < b else (b, a)

    def within(self, documents: np.ndarray) -> np.ndarray:
        """Which pairs have both reports among ``documents`` (a mask over the reports)."""
        return documents[self.pairs[:, 0]] & documents[self.pairs[:, 1]]

    def grouped_pairs(
        self, chosen: np.ndarray, probability: np.ndarray, threshold: float, linkage: str
    ) -> set[Pair]:
        """The pairs put together when the reports of ``chosen`` are grouped."""
        edges = {
            (int(i), int(j)): float(p)
            for (i, j), p in zip(self.pairs[chosen], probability, strict=True)
            if p > EDGE_FLOOR
        }
        nodes = sorted({node for edge in edges for node in edge})  # the rest stand alone
        groups = group(nodes, edges, threshold, linkage)
        return {self.pair_ids(i, j) for g in groups for i, j in itertools.combinations(g, 2)}

    def train(self, documents: np.ndarray, linkage: str) -> tuple[np.ndarray, float]:
        """Weights fitted on the pairs within ``documents``, and the threshold that groups
        them best (pairwise F1 against their gold pairs)."""
        chosen = self.within(documents)
        weights = fit_logistic(self.x[chosen], self.y[chosen])
        probability = _sigmoid(self.x[chosen] @ weights)
        names = {self.ids[i] for i in np.flatnonzero(documents)}
        gold = {pair for pair in self.gold if pair[0] in names and pair[1] in names}

        def f1(threshold: float) -> float:
            return score(self.grouped_pairs(chosen, probability, threshold, linkage), gold).f1

        return weights, max(THRESHOLDS, key=f1)


def event_folds(ids: Sequence[str], gold: set[Pair], folds: int, seed: int) -> np.ndarray:
    """Each report's fold: the reports joined by gold pairs go together, units dealt in a
    seeded random order."""
    unit = {document: document for document in ids}

    def root(document: str) -> str:
        while unit[document] != document:
            document = unit[document]
        return document

    for a, b in sorted(gold):
        unit[root(a)] = root(b)
    units = sorted({root(document) for document in ids})
    order = np.random.default_rng(seed).permutation(len(units))
    fold_of = {units[u]: rank % folds for rank, u in enumerate(order)}
    return np.array([fold_of[root(document)] for document in ids])


def out_of_fold(data: PairData, fold: np.ndarray, folds: int, linkage: str) -> set[Pair]:
    """The whole file grouped with each pair scored by a model that saw neither report."""
    margin = np.full(len(data.pairs), -np.inf)
    fold_i, fold_j = fold[data.pairs[:, 0]], fold[data.pairs[:, 1]]
    for a, b in itertools.combinations_with_replacement(range(folds), 2):
        weights, threshold = data.train((fold != a) & (fold != b), linkage)
        scored = ((fold_i == a) & (fold_j == b)) | ((fold_i == b) & (fold_j == a))
        margin[scored] = data.x[scored] @ weights - _logit(threshold)
    everything = np.ones(len(data.pairs), dtype=bool)
    return data.grouped_pairs(everything, _sigmoid(margin), 0.5, linkage)


def _line(label: str, result: PairScore) -> str:
    return (
        f"{label}: P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f} "
        f"[{result.both} of {result.predicted} right, {result.gold} gold]"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Cross-validate the scorer by event and print its figures beside the rules'."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="FA-KES CSV file")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fold split")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--linkage", choices=("average", "complete"), default="average")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: FA-KES data not found at {args.data}")
        return
    readings = annotated_events(args.data)
    gold = gold_pairs(readings)
    halves = half_documents(readings)
    extractions = extract_all(args.data, IngestOptions(columns=HIDDEN_DATE))
    reports = [report_event(extraction) for extraction in extractions]
    texts = [f"{e.document.title or ''}\n{e.document.text}" for e in extractions]
    data = PairData(reports, texts, gold)
    rules = predicted_pairs(group_reports(reports))
    fold = event_folds(data.ids, gold, args.folds, args.seed)
    learned = out_of_fold(data, fold, args.folds, args.linkage)
    print(f"{len(reports)} reports, {len(data.pairs)} pairs, {len(gold)} gold pairs")
    for label, documents in (("whole file", None), *halves.items()):
        print(_line(f"rules, {label}", score(rules, gold, documents)))
        print(_line(f"scorer out of fold, {label}", score(learned, gold, documents)))
    tune = np.array([document in halves["tune"] for document in data.ids])
    weights, threshold = data.train(tune, args.linkage)
    held_out = ~tune
    chosen = data.within(held_out)
    probability = _sigmoid(data.x[chosen] @ weights)
    transfer = data.grouped_pairs(chosen, probability, threshold, args.linkage)
    print(
        _line(
            "scorer trained on the tune half, held-out half",
            score(transfer, gold, halves["held-out"]),
        )
    )
    margin = score(learned, gold).f1 - score(rules, gold).f1
    verdict = "ship" if margin > SHIP_MARGIN else "do not ship: the rules stay"
    print(f"out-of-fold margin over the rules, whole file: {margin:+.3f} ({verdict})")
    weights, threshold = data.train(np.ones(len(data.ids), dtype=bool), args.linkage)
    fitted = ", ".join(f"{name} {w:+.2f}" for name, w in zip(FEATURES, weights, strict=True))
    print(f"fit on the whole file (tuned, for reading only): {fitted}; threshold {threshold}")


if __name__ == "__main__":
    main()
