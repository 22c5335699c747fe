"""Questions: claims from different reports about the same question, and how they relate.

Two claims from different documents are about the same question when they share an
anchor (a canonical actor, or a place below country level, that the sentence names) and
either

* answer the same question frame of ``data/question_frames.csv`` ("stay or leave": did
  the fighters mean to hold the city or get out of it), read from the parse, with
  negation and reversing words ("never intended to", "unable to") taken into account;
* give figures of the same measure (:func:`claimgraph.link.topics.figure_topic`);
* or say much the same in words: a TF-IDF cosine over their content lemmas (stop words,
  punctuation and numbers left out) of at least :data:`SIMILAR`.

Clusters are the connected groups of such links. Each pair of claims from different
documents in a cluster gets a relation, with evidence that quotes both:

* figures of the same measure: :func:`claimgraph.assess.figures.compare_figures`
  ("compatible" counts as agreement, its evidence says why);
* opposite answers to one frame contradict, equal answers agree; where the frame's
  answer is a state of affairs that changes (how an offensive is going), a later report
  of a result overtakes an earlier assessment or prediction: an update;
* otherwise, for claims similar in words: opposite polarity about the same predicate
  (the same main verb) contradicts; else the stance model (claim = one sentence, body =
  the other) decides agree or contradict (disagree); claims that share most of their
  content words (cosine at least :data:`RESTATE`) with the same polarity, and that the
  model does not see disagree, agree; anything else is unrelated.

Reports are ordered by publication date; an undated report is dated no earlier than the
latest date its asserted claims refer to (a report that tells of early 2017 in the past
was written after it began).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.assess.figures import AGREE, COMPATIBLE, Figure, compare_figures
from claimgraph.assess.stance import cosine, default_model, unit_vector
from claimgraph.data import read_rows
from claimgraph.link.topics import ACTOR_LABELS, MAX_GAP_DAYS, figure_topic
from claimgraph.records import Claim, Extraction

CONTRADICT = "contradict"
UPDATE = "update"
UNRELATED = "unrelated"
RELATIONS = (AGREE, CONTRADICT, UPDATE, UNRELATED)

FRAME_FILE = "question_frames.csv"
# Claims whose content lemmas have a TF-IDF cosine of at least this are about the same
# thing when they share an anchor: two sentences that share about half their content words.
SIMILAR = 0.35
# Claims this similar in words (most content words shared) with the same polarity restate
# one another where the stance model sees no disagreement: trained on article bodies, it
# reads a lone sentence as "discuss" more often than not.
RESTATE = 0.6
# How far apart two reports may be and still speak to one question, by what links them:
# figures of one toll come within days of its event (FA-KES outlets report an attack on the
# day or the next); statements in like words belong to one episode (as in topics); a frame
# asks about a campaign, which runs for months (the battle of Mosul lasted nine).
FIGURE_GAP_DAYS = 7
STATEMENT_GAP_DAYS = MAX_GAP_DAYS
FRAME_GAP_DAYS = 365
# The stance model's label must carry at least this probability to count.
STANCE_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class FrameCue:
    """A row of ``question_frames.csv``: a lemma sequence and what it does in its frame."""

    frame: str
    lemmas: tuple[str, ...]
    role: str  # "answer", "intent" or "flip"
    pole: int  # +1 or -1 for answers, 0 otherwise
    kind: str  # "result", "state" or "action" for answers


@cache
def frame_cues() -> tuple[FrameCue, ...]:
    """The cues of ``data/question_frames.csv``."""
    return tuple(
        FrameCue(
            row["frame"],
            tuple(row["cue"].lower().split()),
            row["role"],
            {"+": 1, "-": -1}.get(row["pole"], 0),
            row["kind"],
        )
        for row in read_rows(FRAME_FILE)
    )


@dataclass(frozen=True, slots=True)
class FrameAnswer:
    """How a claim answers a frame: its pole (+1 or -1), the words and their kinds."""

    frame: str
    pole: int
    cues: tuple[str, ...]  # the cue words as written, negation and reversal included
    kinds: frozenset[str]
    negated: bool  # whether a negation or reversing word turned any cue around


@dataclass(frozen=True, slots=True)
class CitedClaim:
    """A claim with where it comes from and what the linking read from it.

    ``as_of`` is the date the report is known to speak from: its publication date, else
    the latest date its asserted claims refer to (``dated_by_text`` then True).
    """

    document_id: str
    source: str
    published: str | None
    as_of: str | None
    dated_by_text: bool
    claim: Claim
    anchors: frozenset[str]
    lemmas: tuple[str, ...]
    root: str  # the lemma of the sentence's main verb
    answers: tuple[FrameAnswer, ...]
    measures: dict[str, Figure]

    @property
    def text(self) -> str:
        """The claim's sentence."""
        return self.claim.text

    @property
    def cited(self) -> str:
        """The source, its date and the sentence: "DEBKAfile (2016-12-06): '...'"."""
        if self.published:
            when = self.published
        elif self.as_of:
            when = f"undated, tells of {self.as_of} or later"
        else:
            when = "undated"
        return f"{self.source} ({when}): '{self.text}'"


@dataclass(frozen=True, slots=True)
class ClaimRelation:
    """How two claims of one question stand, on what basis, with evidence citing both.

    ``basis`` is "figures", "frame", "polarity", "stance", "wording" or "none". For an update,
    ``first`` is the earlier claim and ``second`` the later one that overtakes it.
    """

    first: CitedClaim
    second: CitedClaim
    relation: str
    basis: str
    evidence: str


@dataclass
class QuestionCluster:
    """Claims from two or more documents about the same question, and their relations."""

    question: str
    claims: list[CitedClaim] = field(default_factory=list)
    relations: list[ClaimRelation] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """The distinct sources, in order of appearance."""
        return list(dict.fromkeys(claim.source for claim in self.claims))


# -- reading a claim ---------------------------------------------------------------------


def _matches(doc: Doc, lemmas: tuple[str, ...]) -> list[Token]:
    """The first tokens of each place ``doc``'s lemmas run as ``lemmas``."""
    words = [token.lemma_.lower() for token in doc]
    size = len(lemmas)
    return [doc[i] for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == lemmas]


def _ancestry(token: Token) -> list[Token]:
    """The token and its heads up to the root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:  # a root is its own head
        chain.append(chain[-1].head)
    return chain


def _negated(token: Token) -> bool:
    """Whether the token has a negation of its own: "never intended", "not able", or one
    on an adverb of it ("could no longer be denied")."""
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "advmod" and (
            child.lower_ in ("never", "no") or any(g.dep_ == "neg" for g in child.children)
        ):
            return True
    return False


def read_answers(doc: Doc) -> tuple[FrameAnswer, ...]:
    """How the parsed sentence ``doc`` answers each frame of the cue file, if it does.

    Each answer cue points its pole, reversed once for every negation on it or on a head
    above it and for every reversing word above it ("unable to beat": not beating). Where
    a frame has intention verbs, only the cues under one count; where it has topic words,
    its answers count only in a sentence that holds one. The sentence's pole for a
    frame is the sign of the sum; a tie answers nothing.
    """
    cues = frame_cues()
    flips = {cue.lemmas[0] for cue in cues if cue.role == "flip"}
    intents: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for cue in cues:
        if cue.role in ("intent", "topic"):
            (intents if cue.role == "intent" else topics)[cue.frame].add(cue.lemmas[0])
    lemmas = {token.lemma_.lower() for token in doc}
    found: dict[str, list[tuple[int, str, str, bool]]] = defaultdict(list)
    for cue in cues:
        if cue.role != "answer":
            continue
        if topics.get(cue.frame) and not lemmas & topics[cue.frame]:
            continue
        for token in _matches(doc, cue.lemmas):
            heads = _ancestry(token)[1:]
            frame_intents = intents.get(cue.frame)
            if frame_intents and not any(head.lemma_.lower() in frame_intents for head in heads):
                continue
            turns = sum(1 for head in heads if head.lemma_.lower() in flips)
            turns += sum(1 for node in (token, *heads) if _negated(node))
            words = doc[token.i : token.i + len(cue.lemmas)].text
            found[cue.frame].append((cue.pole * (-1) ** turns, words, cue.kind, turns > 0))
    answers = []
    for frame, hits in found.items():
        total = sum(pole for pole, _words, _kind, _turned in hits)
        if total:
            answers.append(
                FrameAnswer(
                    frame,
                    1 if total > 0 else -1,
                    tuple(dict.fromkeys(words for _pole, words, _kind, _turned in hits)),
                    frozenset(kind for _pole, _words, kind, _turned in hits),
                    any(turned for *_rest, turned in hits),
                )
            )
    return tuple(answers)


def _content_lemmas(doc: Doc) -> tuple[str, ...]:
    """The lemmas that carry content: no stop words, punctuation or numbers."""
    return tuple(
        token.lemma_.lower()
        for token in doc
        if token.is_alpha and not token.is_stop and len(token) > 1
    )


def _anchors(extraction: Extraction, claim: Claim) -> frozenset[str]:
    """The claim's canonical actors and its places below country level.

    Only what the sentence itself names: a document's main place lent to sentences that
    name none tied figures of other places (a convoy leaving Raqqa) to it.
    """
    actors = {
        f"actor:{mention.entity_id or mention.text}"
        for mention in (extraction.entities[i] for i in claim.entities)
        if mention.label in ACTOR_LABELS
    }
    places = {
        f"place:{place.name or place.text}"
        for place in (extraction.places[i] for i in claim.places)
        if place.feature != "country"
    }
    return frozenset(actors | places)


def _as_of(extraction: Extraction) -> tuple[str | None, bool]:
    """The report's date: published, else the latest start of a time its asserted
    claims tell of (True as the second item then)."""
    if extraction.document.published:
        return extraction.document.published, False
    told = [
        time.start_date
        for claim in extraction.claims
        if claim.modality == "asserted"
        for time in (extraction.times[i] for i in claim.times)
        if time.start_date
    ]
    return (max(told), True) if told else (None, False)


def read_claims(extractions: Iterable[Extraction], nlp: Language) -> list[CitedClaim]:
    """Every claim of the extractions, parsed once and read for linking."""
    pending: list[tuple[Extraction, Claim, tuple[str | None, bool]]] = []
    for extraction in extractions:
        dated = _as_of(extraction)
        pending.extend((extraction, claim, dated) for claim in extraction.claims)
    docs = nlp.pipe(claim.text for _extraction, claim, _dated in pending)
    cited = []
    for (extraction, claim, (as_of, by_text)), doc in zip(pending, docs, strict=True):
        document = extraction.document
        source = document.source or document.origin
        measures: dict[str, Figure] = {}
        for index in claim.quantities:
            quantity = extraction.quantities[index]
            measure = figure_topic(quantity)
            if measure is not None and quantity.value is not None:
                figure = Figure.from_quantity(quantity, source, document.published)
                measures.setdefault(measure, figure)
        cited.append(
            CitedClaim(
                document_id=document.id,
                source=source,
                published=document.published,
                as_of=as_of,
                dated_by_text=by_text,
                claim=claim,
                anchors=_anchors(extraction, claim),
                lemmas=_content_lemmas(doc),
                root=doc[:].root.lemma_.lower() if len(doc) else "",
                answers=read_answers(doc),
                measures=measures,
            )
        )
    return cited


# -- similarity --------------------------------------------------------------------------


def _tfidf(claims: Sequence[CitedClaim]) -> list[dict[str, float]]:
    """Each claim's L2-normalised TF-IDF weights over content lemmas (smoothed IDF)."""
    frequency: Counter[str] = Counter()
    for claim in claims:
        frequency.update(set(claim.lemmas))
    size = len(claims)
    vectors = []
    for claim in claims:
        weights = {
            lemma: count * (math.log((1 + size) / (1 + frequency[lemma])) + 1)
            for lemma, count in Counter(claim.lemmas).items()
        }
        vectors.append(unit_vector(weights))
    return vectors


def _near(a: CitedClaim, b: CitedClaim, days: int) -> bool:
    """Whether the claims' reports lie at most ``days`` apart (True where either is undated)."""
    if not a.as_of or not b.as_of:
        return True
    return abs((date.fromisoformat(a.as_of) - date.fromisoformat(b.as_of)).days) <= days


def _shared_frame(a: CitedClaim, b: CitedClaim) -> tuple[FrameAnswer, FrameAnswer] | None:
    """The first frame both claims answer, with each one's answer, where their reports are
    near enough in time for one question."""
    if not _near(a, b, FRAME_GAP_DAYS):
        return None
    theirs = {answer.frame: answer for answer in b.answers}
    for answer in a.answers:
        if answer.frame in theirs:
            return answer, theirs[answer.frame]
    return None


def _shared_measure(a: CitedClaim, b: CitedClaim) -> str | None:
    """The first measure both claims give a figure for, where their reports are near enough
    in time to be about one event."""
    if not _near(a, b, FIGURE_GAP_DAYS):
        return None
    return next((measure for measure in a.measures if measure in b.measures), None)


# -- relations ---------------------------------------------------------------------------


def _ordered(a: CitedClaim, b: CitedClaim) -> tuple[CitedClaim, CitedClaim] | None:
    """The two claims as (earlier, later) by their reports' dates, None where unordered."""
    if not a.as_of or not b.as_of or a.as_of == b.as_of:
        return None
    return (a, b) if a.as_of < b.as_of else (b, a)


def _describe(answer: FrameAnswer) -> str:
    words = ", ".join(f"'{cue}'" for cue in answer.cues)
    turned = " (turned around by a negation or a reversing word)" if answer.negated else ""
    side = "yes" if answer.pole > 0 else "no"
    return f"{words}{turned} answers '{answer.frame}' with {side} to its first term"


def _relate_frame(
    a: CitedClaim, b: CitedClaim, answer_a: FrameAnswer, answer_b: FrameAnswer
) -> ClaimRelation:
    """The relation of two answers to one frame (see the module's docstring)."""
    ordered = _ordered(a, b)
    if ordered is not None:
        earlier, later = ordered
        early, late = (answer_a, answer_b) if earlier is a else (answer_b, answer_a)
        provisional = "state" in early.kinds or earlier.claim.modality != "asserted"
        if provisional and "result" in late.kinds and later.claim.modality == "asserted":
            outcome = "overtaken" if early.pole != late.pole else "borne out"
            evidence = (
                f"{earlier.cited} was {outcome} by later reporting, {later.cited}: "
                f"{_describe(late)}, a result, where the earlier {_describe(early)}."
            )
            relation = UPDATE if early.pole != late.pole else AGREE
            return ClaimRelation(earlier, later, relation, "frame", evidence)
    same = answer_a.pole == answer_b.pole
    verb = "agrees with" if same else "contradicts"
    evidence = f"{a.cited} {verb} {b.cited}: {_describe(answer_a)}; {_describe(answer_b)}."
    return ClaimRelation(a, b, AGREE if same else CONTRADICT, "frame", evidence)


def relate(a: CitedClaim, b: CitedClaim, similarity: float) -> ClaimRelation:
    """The relation between two claims of one question, with its evidence.

    ``similarity`` is their TF-IDF cosine, which decides whether the polarity and stance
    rules apply (they need claims about the same thing in words).
    """
    measure = _shared_measure(a, b)
    if measure is not None:
        try:
            comparison = compare_figures(a.measures[measure], b.measures[measure])
        except ValueError:  # different units, or a change beside a level
            comparison = None
        if comparison is not None:
            relation = AGREE if comparison.relation == COMPATIBLE else comparison.relation
            first, second = (a, b) if comparison.first.text == a.measures[measure].text else (b, a)
            evidence = f"{comparison.evidence} ({measure}: {first.cited}; {second.cited})"
            return ClaimRelation(first, second, relation, "figures", evidence)
    frame = _shared_frame(a, b)
    if frame is not None:
        return _relate_frame(a, b, *frame)
    if similarity >= SIMILAR and _near(a, b, STATEMENT_GAP_DAYS):
        if a.claim.polarity != b.claim.polarity and a.root and a.root == b.root:
            negative = a if a.claim.polarity == "negative" else b
            evidence = (
                f"{a.cited} contradicts {b.cited}: both say whether '{a.root}' holds, and "
                f"{negative.source} denies it."
            )
            return ClaimRelation(a, b, CONTRADICT, "polarity", evidence)
        (prediction,) = default_model().predict([(a.text, b.text)])
        confident = prediction.scores[prediction.label] >= STANCE_CONFIDENCE
        if confident and prediction.label == "disagree":
            evidence = f"{a.cited} is disputed by {b.cited} (stance model: disagree)."
            return ClaimRelation(a, b, CONTRADICT, "stance", evidence)
        same_polarity = a.claim.polarity == b.claim.polarity
        if confident and prediction.label == "agree" and same_polarity:
            evidence = f"{a.cited} agrees with {b.cited} (stance model: agree)."
            return ClaimRelation(a, b, AGREE, "stance", evidence)
        if similarity >= RESTATE and same_polarity and prediction.label != "disagree":
            evidence = (
                f"{a.cited} agrees with {b.cited}: they say the same in much the same words "
                f"(TF-IDF cosine {similarity:.2f}), with the same polarity."
            )
            return ClaimRelation(a, b, AGREE, "wording", evidence)
    evidence = f"{a.cited} and {b.cited} share a topic but neither confirms nor denies the other."
    return ClaimRelation(a, b, UNRELATED, "none", evidence)


# -- clusters ----------------------------------------------------------------------------


def _linked(a: CitedClaim, b: CitedClaim, similarity: float) -> bool:
    """Whether two claims of different documents are about the same question."""
    if a.document_id == b.document_id or not a.anchors & b.anchors:
        return False
    return (
        (similarity >= SIMILAR and _near(a, b, STATEMENT_GAP_DAYS))
        or _shared_frame(a, b) is not None
        or _shared_measure(a, b) is not None
    )


def _question(claims: Sequence[CitedClaim]) -> str:
    """A cluster's question in words: its commonest frame or measure, and its anchors."""
    topics = Counter(
        topic
        for claim in claims
        for topic in (*(answer.frame for answer in claim.answers), *claim.measures)
    )
    anchors = Counter(anchor for claim in claims for anchor in claim.anchors)
    shared = [anchor.split(":", 1)[1] for anchor, count in anchors.most_common(2) if count > 1]
    what = topics.most_common(1)[0][0] if topics else "statements"
    return f"{what}: {', '.join(shared)}" if shared else what


def cluster_questions(extractions: Iterable[Extraction], nlp: Language) -> list[QuestionCluster]:
    """Clusters of claims from two or more documents about one question, with the relation
    of each pair from different documents; clusters with more contradictions first."""
    claims = read_claims(extractions, nlp)
    vectors = _tfidf(claims)
    by_anchor: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        for anchor in claim.anchors:
            by_anchor[anchor].append(index)
    # Union-find over the links; only claims sharing an anchor are ever compared.
    parent = list(range(len(claims)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    similarity: dict[tuple[int, int], float] = {}
    for members in by_anchor.values():
        for i, j in combinations(members, 2):
            if (i, j) in similarity:
                continue
            similarity[i, j] = cosine(vectors[i], vectors[j])
            if _linked(claims[i], claims[j], similarity[i, j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(claims)):
        groups[root(index)].append(index)
    clusters = []
    for members in groups.values():
        if len({claims[i].document_id for i in members}) < 2:
            continue
        cluster = QuestionCluster(_question([claims[i] for i in members]))
        cluster.claims = [claims[i] for i in members]
        for i, j in combinations(members, 2):
            if claims[i].document_id != claims[j].document_id:
                score = similarity.get((i, j), cosine(vectors[i], vectors[j]))
                cluster.relations.append(relate(claims[i], claims[j], score))
        clusters.append(cluster)

    def weight(cluster: QuestionCluster) -> tuple[int, int, str]:
        contested = sum(r.relation in (CONTRADICT, UPDATE) for r in cluster.relations)
        return -contested, -len(cluster.claims), cluster.question

    return sorted(clusters, key=weight)
