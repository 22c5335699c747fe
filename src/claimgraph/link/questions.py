"""Questions: claims from different reports about the same question, and how they relate.

Two claims are about the same question (they are *linked*) when they share an anchor (a
canonical actor, or a place below country level, that the sentence names) and either

* give figures of the same measure (:func:`claimgraph.link.topics.figure_topic`, a toll
  of "people" or "victims" read as one of anyone; civilians are another measure, a scope
  and not a dispute) in the same place (a town or smaller place in common, not a
  region), their reports at most :data:`FIGURE_GAP_DAYS` apart and the days their
  sentences tell of meeting ("on Monday" is not "on Tuesday"): one toll of one event.
  A figure added to others ("another seven people", and the children among them) is no
  toll, nor are parts ("17 in Mesraba ... another two in Douma"); a total followed by
  its parts keeps the total;
* answer the same question frame of ``data/question_frames.csv`` ("stay or leave": did
  the fighters mean to hold the city or get out of it), read from the parse, with
  negation and reversing words ("never intended to", "unable to") taken into account,
  their reports at most :data:`FRAME_GAP_DAYS` apart;
* or say much the same in words: a TF-IDF cosine over their content lemmas (stop words,
  punctuation and numbers left out) of at least :data:`SIMILAR`, their reports at most
  :data:`STATEMENT_GAP_DAYS` apart. A word's weight is its rarity over all the claims
  known (:func:`corpus_counts`), so a city named everywhere ("Aleppo") counts for little.

An anchor named in many reports, or month after month, is weak (see
:data:`WEAK_ANCHOR_REPORTS`): a city where many things happen places no figure and no frame
answer, and statements that share only weak anchors must share most of their words
(:data:`RESTATE`).

A cluster is one question: every two of its claims are linked (complete linkage). Links
are merged strongest first (figures, then frames, then the most similar wording), and
two groups join only where each claim of one is linked to each claim of the other. Chains
("shelling in Aleppo" - "aid to Aleppo" - "a ceasefire in Aleppo") never make a cluster,
as they did when any chain of links did. Only clusters with claims of two or more
documents are kept; a claim is in at most one cluster.

Each pair of claims from different documents in a cluster gets a relation, with evidence
that cites both sentences with their source and date:

* figures of the same measure: :func:`claimgraph.assess.figures.compare_figures`
  ("compatible" counts as agreement, its evidence says why; a later, higher figure of a
  running toll is an update). A figure the sentence tells as a level a count rose to ("the
  toll rose to 86") is a running count whatever it counts, and it overtakes a lower
  figure of a report that is not later than its own: the text itself says the count has
  moved past it, as does a figure the sentence calls the revised toll ("who gave the
  updated toll"). Where the higher figure is the earlier report's, or is no level
  reached, the figures contradict, unless a report is undated: it cannot be put on the
  other's day, and its figure may be of another attack in the same town (unrelated);
* opposite answers to one frame contradict, equal answers agree; where the frame's
  answer is a state of affairs that changes (how an offensive is going), a later report
  of a result overtakes an earlier assessment or prediction: an update. A hedged,
  predicted or hypothetical answer ("would be its biggest victory", "trying to capture",
  cues in ``data/questions_cues.csv``) neither contradicts nor confirms an asserted one,
  and answers about times that do not meet (a drive that failed in June, a hospital won
  back in July) both hold: unrelated;
* otherwise, for claims similar in words: opposite polarity about the same predicate
  (the same main verb, past a verb of saying) contradicts; else the stance model (claim
  = one sentence, body = the other; all pairs of all clusters in one batch) is asked. Its
  "disagree" contradicts only with a probability of :data:`STANCE_DISAGREE_CONFIDENCE`
  and a sign that the claims dispute one thing (the same predicate, opposite polarity,
  or a word of denial in one only); its "agree" agrees with a probability of
  :data:`STANCE_AGREE_CONFIDENCE`, or of :data:`STANCE_CONFIDENCE` with the same
  predicate. Claims that share most of their content words (cosine at least
  :data:`RESTATE`) with the same polarity, and that the model does not confidently see
  disagree, agree; anything else is unrelated. A false contradiction misleads an analyst
  most (the dossier shows them first), so each rule leaves a pair unrelated where in
  doubt.

Reports are ordered by publication date; an undated report is dated no earlier than the
latest date its asserted claims refer to (a report that tells of early 2017 in the past
was written after it began).

Reading a claim takes a parse of its sentence (:func:`read_claims`); what it reads is a
:class:`CitedClaim`, which turns to JSON and back (:meth:`CitedClaim.to_dict`), so that
stored claims are re-clustered (:func:`cluster_claims`) with no parse.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import combinations
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph.assess.figures import AGREE, COMPATIBLE, Figure, compare_figures, read_figure
from claimgraph.assess.stance import StancePrediction, cosine, default_model, unit_vector
from claimgraph.data import read_rows
from claimgraph.extract.quantities import level_reached
from claimgraph.link.topics import ACTOR_LABELS, MAX_GAP_DAYS, figure_topic, main_place
from claimgraph.records import Claim, Extraction, Place, Quantity

CONTRADICT = "contradict"
UPDATE = "update"
UNRELATED = "unrelated"
RELATIONS = (AGREE, CONTRADICT, UPDATE, UNRELATED)

FRAME_FILE = "question_frames.csv"
CUE_FILE = "questions_cues.csv"
CASUALTY_GROUP_FILE = "casualty_groups.csv"
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
# The strength of a link, which orders the merging: a shared measure or frame says more
# than shared words (whose strength is their cosine, below 1).
FIGURE_LINK = 3.0
FRAME_LINK = 2.0
# An anchor named in this many reports or more, and in more than this share of them, or in
# reports of this many months, is weak: a city where many things happen (FA-KES dev: Aleppo
# in 152 of 393 reports, Damascus in 124; Homs and Deir ez-Zor in 34 reports of 17 and 16
# months, where Manbij's 22 reports fall in 4 months, Khan Shaykhun's 21 in 6), whose name
# tells no event or question from another. A weak anchor places no figure or frame answer,
# and statements sharing only weak anchors need RESTATE words in common. The count keeps a
# small corpus, where every report names its town, clear of it.
WEAK_ANCHOR_REPORTS = 20
WEAK_ANCHOR_SHARE = 0.1
WEAK_ANCHOR_MONTHS = 12
# The stance model's label must carry at least this probability to count at all. Trained
# on article bodies, it reads two lone sentences loosely: on FA-KES every "disagree" it gave
# with less than 0.7 was wrong (six of six, hand-labelled), so a disagreement counts only
# from STANCE_DISAGREE_CONFIDENCE and with a sign that the claims dispute one thing (see
# _disputes), and an agreement from STANCE_AGREE_CONFIDENCE, or from STANCE_CONFIDENCE
# where the two sentences share their main verb.
STANCE_CONFIDENCE = 0.5
STANCE_DISAGREE_CONFIDENCE = 0.8
STANCE_AGREE_CONFIDENCE = 0.8
# The prefixes of place anchors: towns and smaller places, and regions.
PLACES = ("place:", "region:")
# Where a figure's sentence tells the count rose to it (extract.quantities.level_reached).
RISE = "up"


@dataclass(frozen=True, slots=True)
class FrameCue:
    """A row of ``question_frames.csv``: a lemma sequence and what it does in its frame."""

    frame: str
    lemmas: tuple[str, ...]
    role: str  # "answer", "intent", "topic" or "flip"
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


@cache
def cue_words(role: str, frame: str | None = None) -> frozenset[str]:
    """The lemmas of ``data/questions_cues.csv`` with ``role``; for ``frame``, those that
    serve it or every frame ("*")."""
    return frozenset(
        row["cue"].lower()
        for row in read_rows(CUE_FILE)
        if row["role"] == role and (frame is None or row["frame"] in ("*", frame))
    )


@dataclass(frozen=True, slots=True)
class FrameAnswer:
    """How a claim answers a frame: its pole (+1 or -1), the words and their kinds.

    ``hypothetical`` marks an answer given only under a modal or an attempt ("would be
    its biggest victory", "trying to capture"): a prediction or a condition, not a fact.
    """

    frame: str
    pole: int
    cues: tuple[str, ...]  # the cue words as written, negation and reversal included
    kinds: frozenset[str]
    negated: bool  # whether a negation or reversing word turned any cue around
    hypothetical: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready values."""
        return {
            "frame": self.frame,
            "pole": self.pole,
            "cues": list(self.cues),
            "kinds": sorted(self.kinds),
            "negated": self.negated,
            "hypothetical": self.hypothetical,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrameAnswer:
        """The answer from :meth:`to_dict`'s shape."""
        return cls(
            data["frame"],
            data["pole"],
            tuple(data["cues"]),
            frozenset(data["kinds"]),
            data["negated"],
            data.get("hypothetical", False),
        )


@dataclass(frozen=True, slots=True)
class CitedClaim:
    """A claim with where it comes from and what the linking read from it.

    ``as_of`` is the date the report is known to speak from: its publication date, else
    the latest date its asserted claims refer to (``dated_by_text`` then True).
    ``measures`` holds the claim's first figure of each measure; ``risen`` the measures
    whose figure the sentence tells as a level a count rose to ("the toll rose to 86").
    ``setting`` is the place the report is mostly about (:func:`~claimgraph.link.topics.
    main_place`), where a frame answer that names no place is read. ``told`` is the span
    of the dates the sentence itself tells of (first and last ISO day of its resolved
    times, durations left out), None where it tells of none: figures of days that do not
    meet are of different events.
    """

    document_id: str
    source: str
    published: str | None
    as_of: str | None
    dated_by_text: bool
    claim: Claim
    anchors: frozenset[str]
    lemmas: tuple[str, ...]
    root: str  # the lemma of the sentence's main verb, past a verb of saying
    answers: tuple[FrameAnswer, ...]
    measures: dict[str, Figure]
    risen: frozenset[str] = frozenset()
    setting: str | None = None  # the report's main place below country level, as an anchor
    told: tuple[str, str] | None = None

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

    def to_dict(self) -> dict[str, Any]:
        """The claim as JSON-ready values (sets as sorted lists), for the store."""
        return {
            "document_id": self.document_id,
            "source": self.source,
            "published": self.published,
            "as_of": self.as_of,
            "dated_by_text": self.dated_by_text,
            "claim": dataclasses.asdict(self.claim),
            "anchors": sorted(self.anchors),
            "lemmas": list(self.lemmas),
            "root": self.root,
            "answers": [answer.to_dict() for answer in self.answers],
            # Figure is a flat record of plain values: its fields are its JSON shape.
            "measures": {name: dataclasses.asdict(f) for name, f in self.measures.items()},
            "risen": sorted(self.risen),
            "setting": self.setting,
            "told": list(self.told) if self.told else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CitedClaim:
        """The claim from :meth:`to_dict`'s shape; equal to the claim it was made from."""
        return cls(
            document_id=data["document_id"],
            source=data["source"],
            published=data["published"],
            as_of=data["as_of"],
            dated_by_text=data["dated_by_text"],
            claim=Claim(**data["claim"]),
            anchors=frozenset(data["anchors"]),
            lemmas=tuple(data["lemmas"]),
            root=data["root"],
            answers=tuple(FrameAnswer.from_dict(answer) for answer in data["answers"]),
            measures={name: Figure(**values) for name, values in data["measures"].items()},
            risen=frozenset(data.get("risen", ())),
            setting=data.get("setting"),
            told=(told[0], told[1]) if (told := data.get("told")) else None,
        )


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

    @property
    def id(self) -> str:
        """A stable id from the members: "question-" and a hash of their sorted
        (document id, claim start); the same claims give the same id in any order."""
        members = sorted(f"{claim.document_id}:{claim.claim.start}" for claim in self.claims)
        digest = hashlib.sha1("\n".join(members).encode()).hexdigest()
        return f"question-{digest[:12]}"


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
    its answers count only in a sentence that holds one. A cue under an unreal word of
    ``questions_cues.csv`` (a modal: "would be its biggest victory"; for a result, an
    attempt: "trying to capture") answers only hypothetically, and only where no cue of
    the frame answers outright. The sentence's pole for a frame is the sign of the sum;
    a tie answers nothing.
    """
    cues = frame_cues()
    flips = {cue.lemmas[0] for cue in cues if cue.role == "flip"}
    intents: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for cue in cues:
        if cue.role in ("intent", "topic"):
            (intents if cue.role == "intent" else topics)[cue.frame].add(cue.lemmas[0])
    lemmas = {token.lemma_.lower() for token in doc}
    found: dict[tuple[str, bool], list[tuple[int, str, str, bool]]] = defaultdict(list)
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
            unreal = _unreal(token, heads, cue_words("unreal", cue.frame))
            hit = (cue.pole * (-1) ** turns, words, cue.kind, turns > 0)
            found[cue.frame, unreal].append(hit)
    answers = []
    for (frame, unreal), hits in found.items():
        total = sum(pole for pole, _words, _kind, _turned in hits)
        if total and not (unreal and (frame, False) in found):
            answers.append(
                FrameAnswer(
                    frame,
                    1 if total > 0 else -1,
                    tuple(dict.fromkeys(words for _pole, words, _kind, _turned in hits)),
                    frozenset(kind for _pole, _words, kind, _turned in hits),
                    any(turned for *_rest, turned in hits),
                    hypothetical=unreal,
                )
            )
    return tuple(answers)


def _unreal(token: Token, heads: Sequence[Token], unreal: frozenset[str]) -> bool:
    """Whether the cue ``token`` is said only as a possibility: under an unreal head
    ("trying to capture") or with an unreal auxiliary on it or on a head above it
    ("would be its biggest victory", "will retake")."""
    return any(
        node.lemma_.lower() in unreal
        or any(child.dep_ == "aux" and child.lemma_.lower() in unreal for child in node.children)
        for node in (token, *heads)
    )


@cache
def _reporting_verbs() -> frozenset[str]:
    """The verbs of ``attribution_cues.csv`` (say, tell, report ...): a sentence's root
    that is one tells who speaks, and what is said lies in its clause."""
    return frozenset(
        row["cue"].lower() for row in read_rows("attribution_cues.csv") if row["kind"] == "verb"
    )


def _predicate(doc: Doc) -> str:
    """The lemma of what the sentence says happens: its main verb, or where that is a
    verb of saying with a clause ("residents said the towns had fallen"), the clause's."""
    if not len(doc):
        return ""
    head = doc[:].root
    while head.lemma_.lower() in _reporting_verbs():
        clause = next((child for child in head.children if child.dep_ == "ccomp"), None)
        if clause is None:
            break
        head = clause
    return head.lemma_.lower()


def _content_lemmas(doc: Doc) -> tuple[str, ...]:
    """The lemmas that carry content: no stop words, punctuation or numbers."""
    return tuple(
        token.lemma_.lower()
        for token in doc
        if token.is_alpha and not token.is_stop and len(token) > 1
    )


def _place_anchor(place: Place) -> str:
    """A place below country level as an anchor: "region:Idlib Governorate" for a
    region, "place:Khān Shaykhūn" for a town or anything smaller."""
    kind = "region" if place.feature == "region" else "place"
    return f"{kind}:{place.name or place.text}"


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
        _place_anchor(place)
        for place in (extraction.places[i] for i in claim.places)
        if place.feature != "country"
    }
    return frozenset(actors | places)


def _setting(extraction: Extraction) -> str | None:
    """The anchor of the place below country level the report names most."""
    name = main_place(extraction)
    place = next((p for p in extraction.places if (p.name or p.text) == name), None)
    return _place_anchor(place) if place is not None else None


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


def _told(extraction: Extraction, claim: Claim) -> tuple[str, str] | None:
    """The first and last day of the dates the claim's sentence tells of (durations, which
    place nothing on the calendar, left out), or None where it tells of none."""
    spans = [
        (time.start_date, time.end_date)
        for time in (extraction.times[i] for i in claim.times)
        if time.start_date and time.end_date and time.granularity != "duration"
    ]
    if not spans:
        return None
    return min(start for start, _end in spans), max(end for _start, end in spans)


def _entity_components(nlp: Language) -> list[str]:
    """The pipeline's components that only find entities (NER, entity rulers): the claim
    parse needs lemmas and dependencies, and the entities are in the extraction already."""
    entity_attributes = {"doc.ents", "token.ent_type", "token.ent_iob"}
    return [
        name
        for name in nlp.pipe_names
        if (assigns := set(nlp.get_pipe_meta(name).assigns)) and assigns <= entity_attributes
    ]


@cache
def _anyone_nouns() -> frozenset[str]:
    """The nouns of ``casualty_groups.csv`` that count people of any kind ("people",
    "victims", "the dead"): a figure of them is the whole toll."""
    return frozenset(
        row["term"]
        for row in read_rows(CASUALTY_GROUP_FILE)
        if row["match"] == "noun" and row["group"] == "total"
    )


def _measure(quantity: Quantity) -> str | None:
    """What a figure measures (:func:`~claimgraph.link.topics.figure_topic`), with a toll
    of people of any kind ("70 people were killed", "the death toll rose to 86") read as
    the category alone, so that both are one toll."""
    topic = figure_topic(quantity)
    if topic is None:
        return None
    category, _, subject = topic.partition(" ")
    singular = {subject, subject.removesuffix("s"), subject.removesuffix("ies") + "y"}
    return category if singular & _anyone_nouns() else topic


def _additive(tokens: Span) -> bool:
    """Whether a figure is told as added to others ("another seven", "five more"), or
    counts some of such a figure ("two children" in "another seven people including two
    children"): a noun above it carries the additive word."""
    doc, additive = tokens.doc, cue_words("additive")
    before = doc[tokens.start - 1].lemma_.lower() if tokens.start > 0 else ""
    after = doc[tokens.end].lemma_.lower() if tokens.end < len(doc) else ""
    if before in additive or after in cue_words("additive_after"):
        return True
    return any(
        child.dep_ in ("det", "amod") and child.lemma_.lower() in additive
        for noun in _ancestry(tokens.root)
        if noun.pos_ in ("NOUN", "PROPN", "NUM")
        for child in noun.children
    )


def _revised(doc: Doc) -> bool:
    """Whether the sentence tells of a revised toll: "who gave the updated toll"."""
    tolls = cue_words("toll")
    return any(
        token.lemma_.lower() in cue_words("revised") and token.head.lemma_.lower() in tolls
        for token in doc
    )


def _figures(
    extraction: Extraction, claim: Claim, doc: Doc
) -> tuple[dict[str, Figure], frozenset[str]]:
    """The claim's figure of each measure, and the measures whose figure is a level the
    sentence tells a count rose to or a revised toll (a running count, then).

    A measure told in parts is not one toll: a figure added to others ("another seven")
    has no measure, and where a sentence gives several figures of one measure (other
    than the first figure again, as a headline and its body repeat it), only a total
    followed by its parts ("21 civilians, 15 in Manbij and six in Al-Tukhar") keeps the
    total; parts alone ("17 in Mesraba ... another two in Douma") give none.
    """
    document = extraction.document
    source = document.source or document.origin
    told: dict[str, list[Figure]] = defaultdict(list)
    rising: set[str] = set()
    added: set[str] = set()
    for index in claim.quantities:
        quantity = extraction.quantities[index]
        measure = _measure(quantity)
        if measure is None or quantity.value is None:
            continue
        tokens = doc.char_span(
            quantity.start - claim.start, quantity.end - claim.start, alignment_mode="expand"
        )
        if tokens is not None and len(tokens) > 0:
            if _additive(tokens):
                added.add(measure)
            elif not told[measure] and level_reached(tokens) == RISE:
                rising.add(measure)
        told[measure].append(Figure.from_quantity(quantity, source, document.published))
    revised = _revised(doc)
    measures: dict[str, Figure] = {}
    risen: set[str] = set()
    for measure, (first, *others) in told.items():
        parts = [figure for figure in others if figure.value != first.value]
        total = sum(part.value or 0 for part in parts)
        if (measure in added and not parts) or (parts and first.value != total):
            continue
        if measure in rising or revised:
            risen.add(measure)
            first = dataclasses.replace(first, rising=True)
        measures[measure] = first
    return measures, frozenset(risen)


def read_claims(extractions: Iterable[Extraction], nlp: Language) -> list[CitedClaim]:
    """Every claim of the extractions, read for linking; the claim sentences are parsed in
    one pass, without the pipeline's entity components."""
    pending: list[tuple[Extraction, Claim, tuple[str | None, bool]]] = []
    settings: dict[str, str | None] = {}
    for extraction in extractions:
        dated = _as_of(extraction)
        pending.extend((extraction, claim, dated) for claim in extraction.claims)
        settings[extraction.document.id] = _setting(extraction)
    texts = (claim.text for _extraction, claim, _dated in pending)
    docs = nlp.pipe(texts, disable=_entity_components(nlp))
    cited = []
    for (extraction, claim, (as_of, by_text)), doc in zip(pending, docs, strict=True):
        document = extraction.document
        measures, risen = _figures(extraction, claim, doc)
        cited.append(
            CitedClaim(
                document_id=document.id,
                source=document.source or document.origin,
                published=document.published,
                as_of=as_of,
                dated_by_text=by_text,
                claim=claim,
                anchors=_anchors(extraction, claim),
                lemmas=_content_lemmas(doc),
                root=_predicate(doc),
                answers=read_answers(doc),
                measures=measures,
                risen=risen,
                setting=settings[document.id],
                told=_told(extraction, claim),
            )
        )
    return cited


# -- similarity --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusCounts:
    """How rare the words and anchors of a corpus are, for :func:`cluster_claims`.

    ``idf`` is the smoothed inverse document frequency of each content lemma, each claim
    sentence a document (``log((1 + n) / (1 + df)) + 1``); ``anchor_reports`` the number of
    reports naming each anchor, of ``reports`` in all; ``anchor_months`` the number of
    calendar months of the dated reports naming it.
    """

    idf: Mapping[str, float]
    anchor_reports: Mapping[str, int]
    reports: int
    anchor_months: Mapping[str, int] = field(default_factory=dict)

    def weak_anchors(self) -> frozenset[str]:
        """The anchors named too widely to tell events or questions apart: in at least
        :data:`WEAK_ANCHOR_REPORTS` reports and more than :data:`WEAK_ANCHOR_SHARE` of
        them, or in reports of :data:`WEAK_ANCHOR_MONTHS` months or more."""
        return frozenset(
            anchor
            for anchor, count in self.anchor_reports.items()
            if (count >= WEAK_ANCHOR_REPORTS and count > WEAK_ANCHOR_SHARE * self.reports)
            or self.anchor_months.get(anchor, 0) >= WEAK_ANCHOR_MONTHS
        )


def corpus_counts(claims: Iterable[CitedClaim]) -> CorpusCounts:
    """The counts of ``claims``. Computed over every claim a store knows and passed to
    :func:`cluster_claims`, they weigh the claims being re-clustered by their rarity in
    all of it."""
    lemma_claims: Counter[str] = Counter()
    anchor_documents: dict[str, set[str]] = defaultdict(set)
    anchor_months: dict[str, set[str]] = defaultdict(set)
    documents: set[str] = set()
    size = 0
    for claim in claims:
        size += 1
        lemma_claims.update(set(claim.lemmas))
        documents.add(claim.document_id)
        for anchor in claim.anchors:
            anchor_documents[anchor].add(claim.document_id)
            if claim.as_of:
                anchor_months[anchor].add(claim.as_of[:7])
    return CorpusCounts(
        idf={lemma: math.log((1 + size) / (1 + n)) + 1 for lemma, n in lemma_claims.items()},
        anchor_reports={anchor: len(named) for anchor, named in anchor_documents.items()},
        reports=len(documents),
        anchor_months={anchor: len(months) for anchor, months in anchor_months.items()},
    )


def _tfidf(claims: Sequence[CitedClaim], idf: Mapping[str, float]) -> list[dict[str, float]]:
    """Each claim's L2-normalised TF-IDF weights over its content lemmas."""
    unseen = max(idf.values(), default=1.0)  # a word no known claim has is as rare as any
    return [
        unit_vector(
            {
                lemma: count * idf.get(lemma, unseen)
                for lemma, count in Counter(claim.lemmas).items()
            }
        )
        for claim in claims
    ]


def _near(a: CitedClaim, b: CitedClaim, days: int) -> bool:
    """Whether the claims' reports lie at most ``days`` apart (True where either is undated)."""
    if not a.as_of or not b.as_of:
        return True
    return abs((date.fromisoformat(a.as_of) - date.fromisoformat(b.as_of)).days) <= days


def _frame_anchors(claim: CitedClaim) -> frozenset[str]:
    """What a frame answer is about: the claim's anchors, with its report's setting where
    it names no place ("ISIS never intended to fight to the death", in a report on Mosul):
    a frame asks about a campaign, and a report on one tells where it is once."""
    if claim.setting is None or any(anchor.startswith(PLACES) for anchor in claim.anchors):
        return claim.anchors
    return claim.anchors | {claim.setting}


def comparison_anchors(claim: CitedClaim) -> frozenset[str]:
    """The anchors by which the linker finds the claims to compare with ``claim``: only
    claims that share one are ever linked. Its own anchors, and for a frame answer its
    report's setting where it names no place."""
    return _frame_anchors(claim) if claim.answers else claim.anchors


def _shared_frame(
    a: CitedClaim, b: CitedClaim, weak: frozenset[str]
) -> tuple[FrameAnswer, FrameAnswer] | None:
    """The first frame both claims answer, with each one's answer, where they are about a
    shared actor or place that is not ``weak`` (a city with many battles) and their reports
    are near enough in time for one question."""
    # A setting meets only a place the other claim names: two settings are two reports
    # about one town, not two answers to one question.
    shared = _frame_anchors(a) & _frame_anchors(b) & (a.anchors | b.anchors)
    if not shared - weak or not _near(a, b, FRAME_GAP_DAYS):
        return None
    theirs = {answer.frame: answer for answer in b.answers}
    for answer in a.answers:
        if answer.frame in theirs:
            return answer, theirs[answer.frame]
    return None


def _one_day_or_span(a: CitedClaim, b: CitedClaim) -> bool:
    """Whether the dates the claims tell of can be one event's: they meet, or either
    claim tells of none ("on Monday" and "on Tuesday" cannot; "last month" and a
    headline of today cannot)."""
    if a.told is None or b.told is None:
        return True
    return a.told[0] <= b.told[1] and b.told[0] <= a.told[1]


def _shared_measure(a: CitedClaim, b: CitedClaim, weak: frozenset[str]) -> str | None:
    """The first measure both claims give a figure for, where the figures can be of one
    event: the claims name a town or smaller place in common that is not ``weak`` (a city
    where many things happen), their reports are near enough in time, and the days the
    sentences tell of meet. A region (a governorate, Eastern Ghouta) holds many towns and
    their many events: it places no figure."""
    places = (anchor for anchor in a.anchors & b.anchors if anchor.startswith("place:"))
    if (
        not any(place not in weak for place in places)
        or not _near(a, b, FIGURE_GAP_DAYS)
        or not _one_day_or_span(a, b)
    ):
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


def _unasserted(claim: CitedClaim, answer: FrameAnswer) -> bool:
    """Whether the answer is a hedge, a prediction or a condition rather than a fact."""
    return answer.hypothetical or claim.claim.modality != "asserted"


def _relate_frame(
    a: CitedClaim, b: CitedClaim, answer_a: FrameAnswer, answer_b: FrameAnswer
) -> ClaimRelation:
    """The relation of two answers to one frame (see the module's docstring)."""
    ordered = _ordered(a, b)
    if ordered is not None:
        earlier, later = ordered
        early, late = (answer_a, answer_b) if earlier is a else (answer_b, answer_a)
        provisional = "state" in early.kinds or _unasserted(earlier, early)
        if provisional and "result" in late.kinds and not _unasserted(later, late):
            outcome = "overtaken" if early.pole != late.pole else "borne out"
            evidence = (
                f"{earlier.cited} was {outcome} by later reporting, {later.cited}: "
                f"{_describe(late)}, a result, where the earlier {_describe(early)}."
            )
            relation = UPDATE if early.pole != late.pole else AGREE
            return ClaimRelation(earlier, later, relation, "frame", evidence)
    if _unasserted(a, answer_a) != _unasserted(b, answer_b):
        # What may be or was tried neither bears out nor belies what is reported done.
        return _unrelated(a, b)
    if not _one_day_or_span(a, b):
        # A state of affairs at one time and another later both hold.
        return _unrelated(a, b)
    same = answer_a.pole == answer_b.pole
    verb = "agrees with" if same else "contradicts"
    evidence = f"{a.cited} {verb} {b.cited}: {_describe(answer_a)}; {_describe(answer_b)}."
    return ClaimRelation(a, b, AGREE if same else CONTRADICT, "frame", evidence)


def _risen_past(a: CitedClaim, b: CitedClaim, measure: str) -> ClaimRelation | None:
    """An update where one claim's figure is a level its count rose to, wholly above the
    other's, in a report that is not the earlier of the two; else None."""
    for lower, higher in ((a, b), (b, a)):
        if measure not in higher.risen:
            continue
        low, high = lower.measures[measure], higher.measures[measure]
        later_lower = lower.as_of and higher.as_of and lower.as_of > higher.as_of
        if read_figure(low).high <= read_figure(high).low and not later_lower:
            evidence = (
                f"{higher.cited} updates {lower.cited}: the count rose to '{high.text}', "
                f"above '{low.text}', in a report no earlier ({measure})."
            )
            return ClaimRelation(lower, higher, UPDATE, "figures", evidence)
    return None


def _relate_figures(a: CitedClaim, b: CitedClaim, measure: str) -> ClaimRelation | None:
    """The relation of two claims' figures of one measure; None where they cannot be
    compared (different units, or a change beside a level)."""
    figure_a = a.measures[measure]
    try:
        comparison = compare_figures(figure_a, b.measures[measure])
    except ValueError:
        return None
    if comparison.relation == CONTRADICT:
        overtaking = _risen_past(a, b, measure)
        if overtaking is not None:
            return overtaking
        if not a.as_of or not b.as_of:
            # An undated report cannot be put on the day of the other's event: figures
            # that differ may be of another attack in the same town.
            return _unrelated(a, b)
    relation = AGREE if comparison.relation == COMPATIBLE else comparison.relation
    first, second = (a, b) if comparison.first is figure_a else (b, a)
    evidence = f"{comparison.evidence} ({measure}: {first.cited}; {second.cited})"
    return ClaimRelation(first, second, relation, "figures", evidence)


def _unrelated(a: CitedClaim, b: CitedClaim) -> ClaimRelation:
    evidence = f"{a.cited} and {b.cited} share a topic but neither confirms nor denies the other."
    return ClaimRelation(a, b, UNRELATED, "none", evidence)


def _settled(
    a: CitedClaim, b: CitedClaim, similarity: float, weak: frozenset[str]
) -> ClaimRelation | None:
    """The relation of two claims of one question where figures, a frame or polarity
    decide it, or where they are too unlike in words for any rule; None where the stance
    model must decide. ``weak`` anchors place no figure (see :func:`cluster_claims`)."""
    measure = _shared_measure(a, b, weak)
    if measure is not None:
        relation = _relate_figures(a, b, measure)
        if relation is not None:
            return relation
    frame = _shared_frame(a, b, weak)
    if frame is not None:
        return _relate_frame(a, b, *frame)
    if similarity < SIMILAR or not _near(a, b, STATEMENT_GAP_DAYS):
        return _unrelated(a, b)
    if a.claim.polarity != b.claim.polarity and a.root and a.root == b.root:
        negative = a if a.claim.polarity == "negative" else b
        evidence = (
            f"{a.cited} contradicts {b.cited}: both say whether '{a.root}' holds, and "
            f"{negative.source} denies it."
        )
        return ClaimRelation(a, b, CONTRADICT, "polarity", evidence)
    return None


def _disputes(a: CitedClaim, b: CitedClaim) -> str | None:
    """Why two like statements may dispute one thing, in words, or None: they share
    their main verb, differ in polarity, or one holds a word of denial the other lacks."""
    if a.root and a.root == b.root:
        return f"both say whether '{a.root}' holds"
    if a.claim.polarity != b.claim.polarity:
        return "one of them is negated"
    denials = (set(a.lemmas) ^ set(b.lemmas)) & cue_words("denial")
    return f"'{sorted(denials)[0]}' disputes the other" if denials else None


def _by_stance(
    a: CitedClaim, b: CitedClaim, similarity: float, prediction: StancePrediction
) -> ClaimRelation:
    """The relation of two like statements by the stance model's reading and their words:
    a disagreement needs a high confidence and a sign of dispute (:func:`_disputes`), an
    agreement a high confidence or a shared main verb (see :data:`STANCE_CONFIDENCE`)."""
    score = prediction.scores[prediction.label]
    dispute = _disputes(a, b)
    if prediction.label == "disagree" and score >= STANCE_DISAGREE_CONFIDENCE and dispute:
        evidence = (
            f"{a.cited} is disputed by {b.cited} (stance model: disagree, {score:.2f}; {dispute})."
        )
        return ClaimRelation(a, b, CONTRADICT, "stance", evidence)
    same_polarity = a.claim.polarity == b.claim.polarity
    sure = score >= STANCE_AGREE_CONFIDENCE or (
        score >= STANCE_CONFIDENCE and bool(a.root) and a.root == b.root
    )
    if prediction.label == "agree" and sure and same_polarity:
        evidence = f"{a.cited} agrees with {b.cited} (stance model: agree, {score:.2f})."
        return ClaimRelation(a, b, AGREE, "stance", evidence)
    # A loose "disagree" does not undo a restatement; a confident one leaves it unsettled.
    doubted = prediction.label == "disagree" and score >= STANCE_DISAGREE_CONFIDENCE
    if similarity >= RESTATE and same_polarity and not doubted:
        evidence = (
            f"{a.cited} agrees with {b.cited}: they say the same in much the same words "
            f"(TF-IDF cosine {similarity:.2f}), with the same polarity."
        )
        return ClaimRelation(a, b, AGREE, "wording", evidence)
    return _unrelated(a, b)


def relate_pairs(
    pairs: Sequence[tuple[CitedClaim, CitedClaim, float]], weak: frozenset[str] = frozenset()
) -> list[ClaimRelation]:
    """The relation of each pair of claims of one question, with its evidence.

    Each pair comes with its TF-IDF cosine, which decides whether the polarity and stance
    rules apply (they need claims about the same thing in words). The stance model reads
    all the pairs it must decide in one batch. ``weak`` anchors place no figure.
    """
    settled = [_settled(a, b, similarity, weak) for a, b, similarity in pairs]
    asked = [pair for pair, relation in zip(pairs, settled, strict=True) if relation is None]
    predictions = iter(default_model().predict([(a.text, b.text) for a, b, _ in asked]))
    return [
        relation if relation is not None else _by_stance(*pair, next(predictions))
        for pair, relation in zip(pairs, settled, strict=True)
    ]


# -- clusters ----------------------------------------------------------------------------


def _link_strength(a: CitedClaim, b: CitedClaim, similarity: float, weak: frozenset[str]) -> float:
    """How strongly two claims are about one question, 0 where they are not (see the
    module docstring)."""
    if _shared_measure(a, b, weak) is not None:
        return FIGURE_LINK
    if _shared_frame(a, b, weak) is not None:
        return FRAME_LINK
    shared = a.anchors & b.anchors
    enough = SIMILAR if shared - weak else RESTATE  # a weak anchor wants more words shared
    if shared and similarity >= enough and _near(a, b, STATEMENT_GAP_DAYS):
        return similarity
    return 0.0


def _links(
    claims: Sequence[CitedClaim], vectors: Sequence[Mapping[str, float]], weak: frozenset[str]
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """The links between claims by index pair (lower index first) with their strength,
    and the cosine of every pair compared; only claims sharing an anchor are compared."""
    by_anchor: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        for anchor in comparison_anchors(claim):
            by_anchor[anchor].append(index)
    similarity: dict[tuple[int, int], float] = {}
    links: dict[tuple[int, int], float] = {}
    for members in by_anchor.values():
        for i, j in combinations(members, 2):
            if (i, j) in similarity:
                continue
            similarity[i, j] = cosine(vectors[i], vectors[j])
            strength = _link_strength(claims[i], claims[j], similarity[i, j], weak)
            if strength > 0:
                links[i, j] = strength
    return links, similarity


def _complete_linkage(
    documents: Sequence[str], links: Mapping[tuple[int, int], float]
) -> list[list[int]]:
    """Groups of indexes in which every two of different documents are linked (the
    document of each index in ``documents``): links are taken strongest first (ties in
    index order), and two groups merge only where all such pairs between them are linked.
    Claims of one report need no link of their own: they are never related."""
    group_of = list(range(len(documents)))
    groups: dict[int, list[int]] = {index: [index] for index in range(len(documents))}
    for i, j in sorted(links, key=lambda pair: (-links[pair], pair)):
        kept, merged = group_of[i], group_of[j]
        if kept == merged:
            continue
        pairs = (
            (min(x, y), max(x, y))
            for x in groups[kept]
            for y in groups[merged]
            if documents[x] != documents[y]
        )
        if all(pair in links for pair in pairs):
            for member in groups[merged]:
                group_of[member] = kept
            groups[kept].extend(groups.pop(merged))
    return [sorted(members) for members in groups.values()]


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


def cluster_claims(
    claims: Sequence[CitedClaim], counts: CorpusCounts | None = None
) -> list[QuestionCluster]:
    """Clusters of claims from two or more documents about one question, with the relation
    of each pair from different documents; clusters with more contradictions first.

    ``counts`` (:func:`corpus_counts`) weigh the words and tell the weak anchors; by
    default they are counted over ``claims``. Pass the counts of the whole corpus when
    re-clustering a part of it. No parse is needed: stored claims re-cluster as they are.
    """
    counts = corpus_counts(claims) if counts is None else counts
    weak = counts.weak_anchors()
    links, similarity = _links(claims, _tfidf(claims, counts.idf), weak)
    groups = [
        members
        for members in _complete_linkage([claim.document_id for claim in claims], links)
        if len({claims[i].document_id for i in members}) > 1
    ]
    # Every two claims of a group are linked, so the cosine of each pair is known.
    pairs = [
        [
            (i, j)
            for i, j in combinations(members, 2)
            if claims[i].document_id != claims[j].document_id
        ]
        for members in groups
    ]
    relations = iter(
        relate_pairs(
            [(claims[i], claims[j], similarity[i, j]) for group in pairs for i, j in group],
            weak,
        )
    )
    clusters = []
    for members, group_pairs in zip(groups, pairs, strict=True):
        cluster = QuestionCluster(_question([claims[i] for i in members]))
        cluster.claims = [claims[i] for i in members]
        cluster.relations = [next(relations) for _pair in group_pairs]
        clusters.append(cluster)

    def weight(cluster: QuestionCluster) -> tuple[int, int, str]:
        contested = sum(r.relation in (CONTRADICT, UPDATE) for r in cluster.relations)
        return -contested, -len(cluster.claims), cluster.question

    return sorted(clusters, key=weight)


def cluster_questions(extractions: Iterable[Extraction], nlp: Language) -> list[QuestionCluster]:
    """The question clusters of the extractions' claims: :func:`read_claims`, then
    :func:`cluster_claims` with the words weighed over these claims."""
    return cluster_claims(read_claims(extractions, nlp))
