"""The stance of a report body towards a claim: agree, disagree, discuss or unrelated.

The model follows UCLMR's small recipe for the Fake News Challenge (Riedel, Augenstein,
Spithourakis, Riedel: "A simple but tough-to-beat baseline for the Fake News Challenge
stance detection task", 2017): the claim's and the body's term frequencies over a capped
vocabulary and their TF-IDF cosine, into a multilayer perceptron with one hidden layer. It
adds a few hand features in the spirit of the FNC-1 baseline and of Athene (Hanselowski et
al., 2018): word and bigram overlap, overlap with the body's lead and with the body
sentences nearest the claim, and refuting, negation and hedging cues
(``data/stance/cue_words.csv``) near the claim's words.

``tools/train_stance.py`` trains it (an ensemble of a few such perceptrons) with
scikit-learn and writes plain arrays (``data/stance/model.npz``) and a JSON configuration
(``data/stance/config.json``: the vocabulary, the IDF table, the stop words and cue lists as
trained), so inference here needs only numpy, and loading a model never runs code (no
pickle). The training script builds its features with this module's
:class:`StanceFeaturizer`, so training and inference cannot drift.

The FNC-1 scorer (:func:`fnc_score`) and a reader for FNC-format CSV files
(:func:`read_fnc_pairs`) serve the training script and ``python -m bench.stance``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.ingest.tables import json_objects
from claimgraph.records import InputProblem

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED: frozenset[str] = frozenset({"agree", "disagree", "discuss"})
CUE_KINDS: tuple[str, ...] = ("refute", "negation", "hedge")
MODEL_FILE = "model.npz"
CONFIG_FILE = "config.json"
LEAD_TOKENS = 100  # the body's lead: its first words, where news states its main claim
NEAR_SENTENCES = 3  # the body sentences sharing most words with the claim

# Lower-cased words with an optional "'t" ("don't" stays one negation word); "'s" drops.
_TOKEN = re.compile(r"[^\W_]+(?:'t)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

FloatArray = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.int32]


def tokenize(text: str) -> list[str]:
    """The lower-cased word tokens of ``text`` ("Don’t" -> "don't"; one-letter words dropped)."""
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    return [token for token in tokens if len(token) > 1]


@dataclass(frozen=True)
class StanceVocabulary:
    """What the features need from training: vocabulary, IDF, stop words and cue words.

    ``terms`` index the term-frequency blocks; ``idf`` weighs the TF-IDF cosines over a
    larger table; a word missing from it gets ``unseen_idf`` (a word seen in one document).
    """

    terms: Mapping[str, int]
    idf: Mapping[str, float]
    unseen_idf: float
    stop_words: frozenset[str]
    cues: Mapping[str, frozenset[str]]

    def to_json(self) -> dict[str, Any]:
        """The vocabulary as JSON-ready data (``terms`` as a list in index order)."""
        return {
            "terms": sorted(self.terms, key=self.terms.__getitem__),
            "idf": dict(sorted(self.idf.items())),
            "unseen_idf": self.unseen_idf,
            "stop_words": sorted(self.stop_words),
            "cues": {kind: sorted(words) for kind, words in self.cues.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StanceVocabulary:
        """The inverse of :meth:`to_json`."""
        return cls(
            terms={word: index for index, word in enumerate(data["terms"])},
            idf=dict(data["idf"]),
            unseen_idf=float(data["unseen_idf"]),
            stop_words=frozenset(data["stop_words"]),
            cues={kind: frozenset(words) for kind, words in data["cues"].items()},
        )

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        stop_words: Iterable[str],
        cues: Mapping[str, Iterable[str]],
        max_terms: int,
        max_idf_words: int,
    ) -> StanceVocabulary:
        """Count document frequencies over distinct ``texts`` and keep the commonest words.

        The term-frequency vocabulary is the ``max_terms`` words with the highest total count
        (as scikit-learn's ``max_features``); the IDF table keeps the ``max_idf_words`` words of
        highest document frequency, smoothed as scikit-learn does: ln((1 + n) / (1 + df)) + 1.
        """
        stops = frozenset(stop_words)
        counts: Counter[str] = Counter()
        document_frequency: Counter[str] = Counter()
        documents = 0
        for text in dict.fromkeys(texts):
            words = [token for token in tokenize(text) if token not in stops]
            counts.update(words)
            document_frequency.update(set(words))
            documents += 1
        # Ties broken alphabetically so that the vocabulary does not depend on input order.
        by_count = sorted(counts, key=lambda word: (-counts[word], word))
        by_df = sorted(document_frequency, key=lambda word: (-document_frequency[word], word))
        # Five decimals keep the JSON small; rounded here, training sees what inference reads.
        idf = {
            word: round(math.log((1 + documents) / (1 + document_frequency[word])) + 1, 5)
            for word in by_df[:max_idf_words]
        }
        return cls(
            terms={word: index for index, word in enumerate(by_count[:max_terms])},
            idf=idf,
            unseen_idf=round(math.log((1 + documents) / 2) + 1, 5),
            stop_words=stops,
            cues={kind: frozenset(words) for kind, words in cues.items()},
        )


@dataclass(frozen=True)
class _Text:
    """One claim or body, analysed once (bodies recur across many pairs)."""

    term_indices: IndexArray
    term_values: FloatArray  # L2-normalised term frequencies over the vocabulary
    tfidf: dict[str, float]  # L2-normalised TF-IDF over content words
    lead_tfidf: dict[str, float]
    content: frozenset[str]  # the words that are not stop words
    bigrams: frozenset[tuple[str, str]]
    lead_content: frozenset[str]
    sentences: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (content, all words)
    cue_counts: dict[str, int]
    length: int


def unit_vector(weights: Mapping[str, float]) -> dict[str, float]:
    """Sparse weights scaled to length 1 (empty where all are zero)."""
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {word: value / norm for word, value in weights.items()} if norm else {}


def cosine(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """The cosine of two unit-length sparse vectors: their dot product."""
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(word, 0.0) for word, value in left.items())


def _share(part: frozenset[Any], whole: frozenset[Any]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _squash(count: float) -> float:
    """A count as a feature near [0, 1]: 0 -> 0, 1 -> 0.23, 5 -> 0.60, 20 -> 1.0."""
    return min(math.log1p(count) / 3.0, 1.0)


DENSE_FEATURES: tuple[str, ...] = (
    "tfidf cosine",
    "tfidf cosine with the body's lead",
    "share of claim words in the body",
    "share of claim bigrams in the body",
    "share of claim words in the body's lead",
    "best share of claim words in one body sentence",
    "body length",
    *(f"{kind} in the claim" for kind in CUE_KINDS),
    *(f"{kind} in the body" for kind in CUE_KINDS),
    *(f"{kind} in the body sentences nearest the claim" for kind in CUE_KINDS),
)


class StanceFeaturizer:
    """A claim-body pair as a sparse feature vector.

    Its blocks: the claim's term frequencies, the body's, then :data:`DENSE_FEATURES`.
    """

    def __init__(self, vocabulary: StanceVocabulary) -> None:
        self.vocabulary = vocabulary
        self._dense_start = 2 * len(vocabulary.terms)
        # Bodies recur across pairs (FNC-1 pairs each of its 1,683 bodies with ~30 claims).
        self._analyse = lru_cache(maxsize=4096)(self._analyse_text)

    @property
    def n_features(self) -> int:
        """The length of a feature vector."""
        return self._dense_start + len(DENSE_FEATURES)

    def _weights(self, words: Sequence[str]) -> dict[str, float]:
        idf = self.vocabulary.idf
        unseen = self.vocabulary.unseen_idf
        return unit_vector({w: n * idf.get(w, unseen) for w, n in Counter(words).items()})

    def _analyse_text(self, text: str) -> _Text:
        vocabulary = self.vocabulary
        tokens = tokenize(text)
        content = [token for token in tokens if token not in vocabulary.stop_words]
        term_counts = Counter(
            vocabulary.terms[word] for word in content if word in vocabulary.terms
        )
        indices = np.array(sorted(term_counts), dtype=np.int32)
        values = np.array([term_counts[index] for index in indices], dtype=np.float32)
        if values.size:
            values /= np.linalg.norm(values)
        lead = [token for token in tokens[:LEAD_TOKENS] if token not in vocabulary.stop_words]
        sentences = []
        for sentence in _SENTENCE_END.split(text):
            words = frozenset(tokenize(sentence))
            if words:
                sentences.append((words - vocabulary.stop_words, words))
        return _Text(
            term_indices=indices,
            term_values=values,
            tfidf=self._weights(content),
            lead_tfidf=self._weights(lead),
            content=frozenset(content),
            bigrams=frozenset(pairwise(content)),
            lead_content=frozenset(lead),
            sentences=tuple(sentences),
            cue_counts={
                kind: sum(1 for token in tokens if token in words)
                for kind, words in vocabulary.cues.items()
            },
            length=len(tokens),
        )

    def _near(self, head: _Text, text: _Text) -> list[tuple[float, frozenset[str]]]:
        """The body sentences sharing most content words with the claim: (share, words)."""
        overlaps = [(_share(head.content, content), words) for content, words in text.sentences]
        overlaps.sort(key=lambda item: -item[0])
        return overlaps[:NEAR_SENTENCES]

    def _dense(self, head: _Text, text: _Text) -> list[float]:
        """The hand features of one pair, in the order of :data:`DENSE_FEATURES`."""
        near = self._near(head, text)
        near_words = [words for share, words in near if share > 0]
        cues = self.vocabulary.cues
        return [
            cosine(head.tfidf, text.tfidf),
            cosine(head.tfidf, text.lead_tfidf),
            _share(head.content, text.content),
            _share(head.bigrams, text.bigrams),
            _share(head.content, text.lead_content),
            near[0][0] if near else 0.0,
            _squash(text.length / 20),
            *(min(head.cue_counts[kind], 1.0) for kind in CUE_KINDS),
            *(_squash(text.cue_counts[kind]) for kind in CUE_KINDS),
            *(_squash(sum(len(words & cues[kind]) for words in near_words)) for kind in CUE_KINDS),
        ]

    def features(self, claim: str, body: str) -> tuple[IndexArray, FloatArray]:
        """The pair's non-zero features: their indices (ascending) and values."""
        head, text = self._analyse(claim), self._analyse(body)
        size = len(self.vocabulary.terms)
        dense = np.array(self._dense(head, text), dtype=np.float32)
        indices = np.concatenate(
            [
                head.term_indices,
                text.term_indices + size,
                np.arange(self._dense_start, self.n_features, dtype=np.int32),
            ]
        ).astype(np.int32)
        values = np.concatenate([head.term_values, text.term_values, dense])
        return indices, values


@dataclass(frozen=True)
class StancePrediction:
    """A pair's stance: the most likely label and the probability of each label."""

    label: str
    scores: dict[str, float]


@dataclass
class StanceModel:
    """The trained perceptrons over :class:`StanceFeaturizer` features, run with numpy.

    The model is an ensemble of perceptrons trained from successive seeds, whose label
    probabilities are averaged (averaging tames the spread between seeds). Their hidden
    layers sit side by side in one matrix, so a pair's features are gathered once.
    """

    featurizer: StanceFeaturizer
    hidden_weights: FloatArray  # (features, members * hidden)
    hidden_bias: FloatArray  # (members * hidden,)
    output_weights: FloatArray  # (members, hidden, labels)
    output_bias: FloatArray  # (members, labels)
    config: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path | None = None) -> StanceModel:
        """The model in ``directory``, by default the one shipped in ``claimgraph.data``."""
        root: Traversable = directory or resources.files("claimgraph.data").joinpath("stance")
        config = json.loads(root.joinpath(CONFIG_FILE).read_text(encoding="utf-8"))
        with root.joinpath(MODEL_FILE).open("rb") as handle:
            # allow_pickle=False: a model file is data and can never run code.
            arrays = np.load(io.BytesIO(handle.read()), allow_pickle=False)
            weights = {name: arrays[name].astype(np.float32) for name in arrays.files}
        if tuple(config["labels"]) != LABELS:
            raise ValueError(f"stance model labels {config['labels']} are not {list(LABELS)}")
        featurizer = StanceFeaturizer(StanceVocabulary.from_json(config["vocabulary"]))
        if weights["hidden_weights"].shape[0] != featurizer.n_features:
            raise ValueError("stance model weights do not fit its vocabulary")
        return cls(featurizer, **weights, config=config)

    def probabilities(self, pairs: Iterable[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """The label probabilities of each (claim, body) pair, one row each, in LABELS order."""
        rows = []
        for claim, body in pairs:
            indices, values = self.featurizer.features(claim, body)
            # A sparse row times the weights: only the rows of its non-zero features.
            rows.append(values @ self.hidden_weights[indices])
        if not rows:
            return np.zeros((0, len(LABELS)))
        members, hidden_size, _ = self.output_weights.shape
        hidden = np.maximum(np.vstack(rows) + self.hidden_bias, 0.0)
        hidden = hidden.reshape(len(rows), members, hidden_size)
        logits = np.einsum("bmh,mhl->bml", hidden, self.output_weights) + self.output_bias
        logits = logits.astype(np.float64)
        logits -= logits.max(axis=2, keepdims=True)
        exp = np.exp(logits)
        return (exp / exp.sum(axis=2, keepdims=True)).mean(axis=1)

    def predict(self, pairs: Iterable[tuple[str, str]]) -> list[StancePrediction]:
        """The stance of each (claim, body) pair."""
        return [
            StancePrediction(
                LABELS[int(row.argmax())],
                {label: round(float(p), 4) for label, p in zip(LABELS, row, strict=True)},
            )
            for row in self.probabilities(pairs)
        ]


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The shipped stance model, loaded once."""
    return StanceModel.load()


def classify(claim: str, body: str) -> StancePrediction:
    """The stance of ``body`` towards ``claim`` under the shipped model."""
    (prediction,) = default_model().predict([(claim, body)])
    return prediction


def label_lines(
    lines: Iterable[str], origin: str, model: StanceModel | None = None
) -> Iterator[dict[str, Any] | InputProblem]:
    """Label JSON Lines requests ``{"id", "claim", "body"}`` as ``{"id", "label", "scores"}``.

    A line that is not such an object (not JSON, no string claim or body, no id) gives an
    :class:`InputProblem` naming ``origin:LINE``, and the other lines go on.
    """
    model = model or default_model()
    for item in json_objects(lines, origin):
        if isinstance(item, InputProblem):
            yield item
            continue
        where, record = item
        missing = [name for name in ("id", "claim", "body") if name not in record]
        if missing:
            yield InputProblem(
                where, "no " + " or ".join(f"'{name}'" for name in missing) + " field"
            )
            continue
        if not isinstance(record["claim"], str) or not isinstance(record["body"], str):
            yield InputProblem(where, "'claim' and 'body' must be strings")
            continue
        (prediction,) = model.predict([(record["claim"], record["body"])])
        yield {"id": record["id"], "label": prediction.label, "scores": prediction.scores}


# --- evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class StancePair:
    """A labelled claim-body pair; ``body_id`` groups the pairs of one body for splits."""

    claim: str
    body: str
    label: str
    body_id: str


@dataclass(frozen=True)
class FncScore:
    """The FNC-1 score of a run, the best possible score, and the score as a percentage."""

    score: float
    best: float

    @property
    def relative(self) -> float:
        """The score as a percentage of the best possible (as the published 82.02)."""
        return 100 * self.score / self.best if self.best else 0.0


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> FncScore:
    """The Fake News Challenge stage 1 score (FakeNewsChallenge/fnc-1, ``scorer.py``).

    Each pair earns 0.25 when related/unrelated is right (both unrelated, or both one of
    agree/disagree/discuss), and 0.75 more when a related pair gets its exact label; the best
    score is 0.25 per unrelated pair and 1 per related pair.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    score = best = 0.0
    for truth, guess in zip(gold, predicted, strict=True):
        related = truth in RELATED
        best += 1.0 if related else 0.25
        if related == (guess in RELATED):
            score += 0.25
            if related and truth == guess:
                score += 0.75
    return FncScore(score, best)


def f1_by_label(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Each label's F1 (0 where the label is neither gold nor predicted anywhere)."""
    scores = {}
    for label in LABELS:
        hits = sum(1 for t, g in zip(gold, predicted, strict=True) if t == g == label)
        guessed = sum(1 for g in predicted if g == label)
        actual = sum(1 for t in gold if t == label)
        scores[label] = 2 * hits / (guessed + actual) if guessed + actual else 0.0
    return scores


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The mean F1 over the four labels (the F1m of Hanselowski et al., COLING 2018)."""
    return sum(f1_by_label(gold, predicted).values()) / len(LABELS)


def read_fnc_pairs(stances: Path, bodies: Path) -> list[StancePair]:
    """The pairs of an FNC-format data set: ``Headline,Body ID,Stance`` and ``Body ID,articleBody``.

    A stances file without a Stance column (an unlabelled test set) gives empty labels.
    """
    with bodies.open(encoding="utf-8", newline="") as handle:
        texts = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with stances.open(encoding="utf-8", newline="") as handle:
        rows: Iterator[dict[str, str]] = csv.DictReader(handle)
        return [
            StancePair(
                row["Headline"], texts[row["Body ID"]], row.get("Stance") or "", row["Body ID"]
            )
            for row in rows
        ]
