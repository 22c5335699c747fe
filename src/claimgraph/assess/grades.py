"""Grades: how far to trust a question's answer, an event's account, a report.

A grade has a label, a score and its reasons in words that cite the sentences it rests on.

**Who speaks** (:class:`Sourcing`). Each claim stands on someone's word: the speaker kind
of its attribution (a named official, an organization or document, another outlet, "a
senior diplomat", the reporter's own word, "our sources") gives its *support*, the weight
``data/sourcing_weights.csv`` sets for that kind; a hedge word in its sentence
("reportedly", "it is believed"), or else a hedged or predicted modality, multiplies it
down. Copies of one text (a wire story on two sites: one *voice*, ``voice_of``) are one
source: a voice's support is that of its best-sourced claim, and a copy never
corroborates its original.

**Labels**, for a question cluster (:func:`grade_question`) or an event
(:func:`grade_event`), from the relations between the statements of different voices:

* *contested*: two independent voices contradict each other, neither overtaken;
* *overtaken*: a later report overtakes an earlier answer (an assessment or a prediction
  turned by a result); the score is then that of the answer that stands;
* *corroborated*: two or more independent voices agree. How well they are sourced is in
  the score, not the label: two voices on "our sources" are corroborated at 0.36, two
  named officials at 0.84, and the reasons say which;
* *single source*: one voice only, or voices that neither confirm nor deny each other.

**Scores** (0 to 1, how well supported the answer is). The statements that agree form
*sides*; a side's support is the noisy-or of its voices' supports, 1 - (1 - a)(1 - b)
(independent witnesses each able to be right). A corroborated or single-source answer
scores its side's support; a contested one its strongest side's support times one minus
the strongest opposing side's; an overtaken statement's own grade (:func:`claim_grades`)
is multiplied by the ``overtaken`` weight of the data file.

**Events**: the reports of one event agree that it happened; their figures for the dead
are compared (:func:`claimgraph.assess.figures.compare_figures`), so 70 and 100 on one
day contest the toll, "at least 70" and 86 do not, and a later, higher toll updates an
earlier one (the earlier report's figure is overtaken; the event is not). The grade
carries the conservative figure and the range (:func:`claimgraph.link.events.fatalities`).

**Reports** (:func:`grade_report`): how far one report's account is borne out, the mean
of what there is evidence for: its standing in its event (corroborated, its figure
within the others' or not), its claims' grades in the question clusters, and its
sourcing and hedging (the mean support of its claims).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from statistics import fmean

from claimgraph.assess.figures import AGREE, COMPATIBLE, CONTRADICT, UPDATE, Figure, compare_figures
from claimgraph.data import read_rows
from claimgraph.link.events import Event, ReportedEvent, ReportFigure, fatalities
from claimgraph.link.questions import CitedClaim, QuestionCluster
from claimgraph.records import Claim, Extraction

CORROBORATED = "corroborated"
SINGLE_SOURCE = "single source"
CONTESTED = "contested"
OVERTAKEN = "overtaken"
GRADE_LABELS = (CORROBORATED, SINGLE_SOURCE, CONTESTED, OVERTAKEN)

WEIGHTS_FILE = "sourcing_weights.csv"
UNKNOWN_SPEAKER = "unknown"
# Sentences quoted in reasons are cut to this many characters.
QUOTE_CHARS = 160

# A claim by (document id, its start offset in the document): what the linked clusters
# know of a claim (link.corpus's ClaimKey, by ordinal, is the store's).
ClaimPosition = tuple[str, int]
# The voice of a document: the id of its group of copies (absent: a voice of its own).
VoiceOf = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Grade:
    """A verdict with its score (0 to 1: how well supported) and the reasons for it.

    For figures, ``conservative`` is the figure monitors would report and ``low`` and
    ``high`` the range the independent sources give; None elsewhere.
    """

    label: str  # one of GRADE_LABELS
    score: float
    reasons: tuple[str, ...]
    conservative: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(slots=True)
class GradedQuestion:
    """A question cluster with its grade."""

    cluster: QuestionCluster
    grade: Grade


@dataclass(slots=True)
class GradedEvent:
    """An event with its grade."""

    event: Event
    grade: Grade


@dataclass(slots=True)
class ReportGrade:
    """How far one report's account is borne out: its score and the reasons."""

    document_id: str
    source: str
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


# -- weights -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourcingWeights:
    """The values of ``data/sourcing_weights.csv`` (its comments say what each means)."""

    speakers: Mapping[str, float]
    hedges: Mapping[str, float]
    modalities: Mapping[str, float]
    overtaken: float
    prior_strength: float


@cache
def sourcing_weights() -> SourcingWeights:
    """The weights of ``data/sourcing_weights.csv``."""
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for row in read_rows(WEIGHTS_FILE):
        table[row["factor"]][row["key"].lower()] = float(row["weight"])
    return SourcingWeights(
        speakers=table["speaker"],
        hedges=table["hedge"],
        modalities=table["modality"],
        overtaken=table["label"][OVERTAKEN],
        prior_strength=table["track_record"]["prior_strength"],
    )


@cache
def _hedge_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each hedge word of the weights file as a whole-word, any-case pattern."""
    return tuple(
        (re.compile(r"\b" + r"\s+".join(map(re.escape, hedge.split())) + r"\b", re.I), hedge)
        for hedge in sourcing_weights().hedges
    )


# -- sourcing ----------------------------------------------------------------------------

_SPEAKER_WORDS = {
    "named_person": "a named person",
    "organization": "an organization or document",
    "media_outlet": "another outlet",
    "anonymous": "an anonymous source",
    "publisher": "the outlet's own sources",
    "unattributed": "no one (unattributed)",
    UNKNOWN_SPEAKER: "an unread source",
}


@dataclass(frozen=True, slots=True)
class Sourcing:
    """On whose word a sentence stands, how hedged it is, and the support that gives it."""

    speaker_kind: str  # records.SPEAKER_KINDS, or "unknown"
    speaker: str | None
    hedges: tuple[str, ...]  # the hedge words of the weights file found in the sentence
    modality: str
    support: float

    def describe(self) -> str:
        """The sourcing in words: "sourced to a named person (Talal Barazi); hedged:
        'reportedly'"."""
        words = f"sourced to {_SPEAKER_WORDS.get(self.speaker_kind, self.speaker_kind)}"
        if self.speaker and self.speaker_kind not in ("unattributed", UNKNOWN_SPEAKER):
            words += f" ({self.speaker})"
        if self.hedges:
            words += "; hedged: " + ", ".join(f"'{hedge}'" for hedge in self.hedges)
        elif self.modality != "asserted":
            words += f"; {self.modality}"
        return words


def read_sourcing(text: str, speaker_kind: str, speaker: str | None, modality: str) -> Sourcing:
    """The sourcing of a sentence: its speaker's weight times its strongest hedge's."""
    weights = sourcing_weights()
    found = [hedge for pattern, hedge in _hedge_patterns() if pattern.search(text)]
    # "is believed" inside "it is believed" is one hedge, cited once.
    hedges = tuple(h for h in found if not any(h != other and h in other for other in found))
    if hedges:
        factor = min(weights.hedges[hedge] for hedge in hedges)
    else:
        factor = weights.modalities.get(modality, 1.0)
    speaker_weight = weights.speakers.get(speaker_kind, weights.speakers[UNKNOWN_SPEAKER])
    return Sourcing(speaker_kind, speaker, hedges, modality, speaker_weight * factor)


def claim_sourcing(extraction: Extraction, claim: Claim) -> Sourcing:
    """The sourcing of one claim of ``extraction``, from its attribution."""
    if claim.attribution is None:
        return read_sourcing(claim.text, "unattributed", None, claim.modality)
    attribution = extraction.attributions[claim.attribution]
    return read_sourcing(claim.text, attribution.speaker_kind, attribution.speaker, claim.modality)


class SourcingIndex:
    """The sourcing of every claim of a corpus, by claim and by sentence.

    Question clusters and events do not carry attributions; grading them with an index
    lets the reasons and scores tell a named official from "our sources".
    """

    def __init__(self, extractions: Iterable[Extraction]) -> None:
        self._claims: dict[ClaimPosition, Sourcing] = {}
        self._sentences: dict[str, list[tuple[str, Sourcing]]] = defaultdict(list)
        for extraction in extractions:
            document_id = extraction.document.id
            for claim in extraction.claims:
                sourcing = claim_sourcing(extraction, claim)
                self._claims[document_id, claim.start] = sourcing
                self._sentences[document_id].append((claim.text, sourcing))

    def of_claim(self, document_id: str, start: int) -> Sourcing | None:
        """The sourcing of the claim of ``document_id`` starting at ``start``."""
        return self._claims.get((document_id, start))

    def of_sentence(self, document_id: str, sentence: str) -> Sourcing | None:
        """The sourcing of the claim that holds ``sentence`` (or that it holds)."""
        for text, sourcing in self._sentences.get(document_id, ()):
            if sentence in text or text in sentence:
                return sourcing
        return None

    def lead(self, document_id: str) -> tuple[str, Sourcing] | None:
        """The document's first claim sentence with its sourcing (None without claims)."""
        sentences = self._sentences.get(document_id)
        return sentences[0] if sentences else None

    def of_document(self, document_id: str) -> list[Sourcing]:
        """The sourcing of each claim of the document."""
        return [sourcing for _text, sourcing in self._sentences.get(document_id, ())]


def _cited_sourcing(claim: CitedClaim, index: SourcingIndex | None) -> Sourcing:
    """A cited claim's sourcing: from the index, else its modality and hedges alone."""
    found = index.of_claim(claim.document_id, claim.claim.start) if index else None
    if found is not None:
        return found
    return read_sourcing(claim.text, UNKNOWN_SPEAKER, None, claim.claim.modality)


# -- the grading core --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """What is graded: one claim of a question, or one report of an event."""

    key: str
    document_id: str
    voice: str
    source: str
    cited: str  # "DEBKAfile (2016-12-06): '...'"
    sourcing: Sourcing


@dataclass(frozen=True, slots=True)
class Link:
    """How two statements of different voices stand: agree, contradict or update (in
    which ``second`` overtakes ``first``), with the evidence in words."""

    first: str
    second: str
    relation: str
    evidence: str


def noisy_or(supports: Iterable[float]) -> float:
    """The support of independent voices together: 1 - product of (1 - each)."""
    return 1.0 - math.prod(1.0 - support for support in supports)


def _voice_support(statements: Iterable[Statement]) -> float:
    """The noisy-or of the voices, each counted once at its best-sourced statement."""
    best: dict[str, float] = {}
    for statement in statements:
        best[statement.voice] = max(best.get(statement.voice, 0.0), statement.sourcing.support)
    return noisy_or(best.values())


def _sides(statements: Sequence[Statement], links: Sequence[Link]) -> list[list[Statement]]:
    """The groups of statements joined by agreement, strongest first."""
    parent = {statement.key: statement.key for statement in statements}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for link in links:
        if link.relation == AGREE and link.first in parent and link.second in parent:
            parent[root(link.first)] = root(link.second)
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        groups[root(statement.key)].append(statement)
    return sorted(groups.values(), key=lambda side: -_voice_support(side))


def _quoted(statements: Sequence[Statement], limit: int = 3) -> str:
    """The first ``limit`` statements cited one by one with their sourcing, and a count
    of the rest."""
    quoted = "; ".join(f"{s.cited} ({s.sourcing.describe()})" for s in statements[:limit])
    rest = len(statements) - limit
    return quoted + (f"; and {rest} more" if rest > 0 else "")


def _copies_reason(statements: Sequence[Statement]) -> str | None:
    """A reason naming the reports that are copies of one text, if any are."""
    by_voice: dict[str, dict[str, str]] = defaultdict(dict)
    for statement in statements:
        by_voice[statement.voice][statement.document_id] = statement.source
    groups = [sources for sources in by_voice.values() if len(sources) > 1]
    if not groups:
        return None
    named = "; ".join(" = ".join(group.values()) for group in groups)
    return f"copies of one text count as one voice, not as corroboration: {named}"


def _independent(statements: Sequence[Statement], links: Sequence[Link]) -> list[Link]:
    """The links that join two different voices (a copy's agreement is no corroboration)."""
    voice = {s.key: s.voice for s in statements}
    return [link for link in links if voice.get(link.first) != voice.get(link.second)]


def _opposing_support(
    side: Sequence[Statement], others: Sequence[Sequence[Statement]], contradictions: Sequence[Link]
) -> float:
    """The support of the strongest of ``others`` that contradicts ``side`` (0 if none)."""
    mine = {s.key for s in side}
    against = {
        key
        for link in contradictions
        for key, other in ((link.first, link.second), (link.second, link.first))
        if other in mine
    }
    return max(
        (_voice_support(other) for other in others if any(s.key in against for s in other)),
        default=0.0,
    )


def _grade(statements: Sequence[Statement], links: Sequence[Link]) -> Grade:
    """The grade of a question or event from its statements and their links."""
    links = _independent(statements, links)
    overtaken = {link.first for link in links if link.relation == UPDATE}
    standing = [s for s in statements if s.key not in overtaken]
    live = [
        link
        for link in links
        if link.relation == CONTRADICT and not {link.first, link.second} & overtaken
    ]
    sides = _sides(standing, links)
    # Where later reports overtook earlier ones, the answer that stands is theirs.
    overtaking = {link.second for link in links if link.relation == UPDATE} - overtaken
    best = next(
        (side for side in sides if any(s.key in overtaking for s in side)),
        sides[0] if sides else [],
    )
    support = _voice_support(best)
    voices = {s.voice for s in best}
    reasons: list[str] = []
    if live:
        opposing = _opposing_support(best, sides[1:], live)
        score = support * (1.0 - opposing)
        label = CONTESTED
        reasons.append(
            f"contested by independent voices ({len(live)} contradiction"
            f"{'s' if len(live) > 1 else ''}): " + " ".join(link.evidence for link in live[:3])
        )
        reasons.append(
            f"score {score:.2f}: the best-supported side ({support:.2f}) against the "
            f"strongest side opposing it ({opposing:.2f})"
        )
    elif overtaken:
        label = OVERTAKEN
        score = support
        updates = [link for link in links if link.relation == UPDATE]
        reasons.append("overtaken by later reporting: " + " ".join(u.evidence for u in updates[:3]))
        stands = [s for s in best if s.key in overtaking] or best
        reasons.append(
            f"score {score:.2f}: the support of the answer that stands: {_quoted(stands)}"
        )
    elif len(voices) > 1:
        label = CORROBORATED
        score = support
        reasons.append(f"corroborated by {len(voices)} independent voices: {_quoted(best)}")
        if not any(s.sourcing.speaker_kind in ("named_person", "organization") for s in best):
            reasons.append("none of them names a person, an organization or a document")
        reasons.append(f"score {score:.2f}: the voices' supports combined (noisy-or)")
    else:
        label = SINGLE_SOURCE
        score = support
        reasons.append(f"single source: {_quoted(best)}")
        others = {s.voice for s in statements} - voices
        if others:
            reasons.append(
                f"{len(others)} other voice{'s' if len(others) > 1 else ''} speak to it "
                "without confirming or denying it"
            )
        reasons.append(f"score {score:.2f}: the support of one voice's sourcing")
    copies = _copies_reason(statements)
    if copies:
        reasons.append(copies)
    return Grade(label, round(score, 4), tuple(reasons))


def _other(link: Link, key: str, by_key: Mapping[str, Statement]) -> Statement:
    """The statement at the other end of ``link`` from ``key``."""
    return by_key[link.second if link.first == key else link.first]


def _statement_grades(statements: Sequence[Statement], links: Sequence[Link]) -> dict[str, Grade]:
    """Each statement's own grade (see :func:`claim_grades`)."""
    by_key = {s.key: s for s in statements}
    links_of: dict[str, list[Link]] = defaultdict(list)
    for link in _independent(statements, links):
        links_of[link.first].append(link)
        links_of[link.second].append(link)
    overtaken_factor = sourcing_weights().overtaken
    grades = {}
    for statement in statements:
        key = statement.key
        mine = links_of[key]
        agreeing = [_other(link, key, by_key) for link in mine if link.relation == AGREE]
        contradicting = [link for link in mine if link.relation == CONTRADICT]
        overtaking = [link for link in mine if link.relation == UPDATE and link.first == key]
        support = _voice_support([statement, *agreeing])
        reasons = [f"{statement.cited} ({statement.sourcing.describe()})"]
        if overtaking:
            label, score = OVERTAKEN, support * overtaken_factor
            reasons.append(
                "overtaken by later reporting: " + " ".join(link.evidence for link in overtaking)
            )
        elif contradicting:
            opposing = _voice_support(_other(link, key, by_key) for link in contradicting)
            label, score = CONTESTED, support * (1.0 - opposing)
            reasons.append("contradicted: " + " ".join(link.evidence for link in contradicting))
        elif agreeing:
            label, score = CORROBORATED, support
            reasons.append(f"corroborated by {_quoted(agreeing)}")
        else:
            label, score = SINGLE_SOURCE, support
            reasons.append("no independent voice confirms or denies it")
        reasons.append(f"score {score:.2f}")
        grades[key] = Grade(label, round(score, 4), tuple(reasons))
    return grades


def _shorten(text: str) -> str:
    """A sentence cut to :data:`QUOTE_CHARS` characters for a reason."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3].rstrip() + "..."


# -- questions ---------------------------------------------------------------------------


def _claim_statement_key(claim: CitedClaim) -> str:
    return f"{claim.document_id}\t{claim.claim.start}"


def _question_statements(
    cluster: QuestionCluster, voice_of: VoiceOf, sourcing: SourcingIndex | None
) -> tuple[list[Statement], list[Link]]:
    """A cluster's claims as statements, its relations (not "unrelated") as links."""
    statements = [
        Statement(
            _claim_statement_key(claim),
            claim.document_id,
            voice_of.get(claim.document_id, claim.document_id),
            claim.source,
            claim.cited.replace(claim.text, _shorten(claim.text)),
            _cited_sourcing(claim, sourcing),
        )
        for claim in cluster.claims
    ]
    links = [
        Link(
            _claim_statement_key(relation.first),
            _claim_statement_key(relation.second),
            relation.relation,
            relation.evidence,
        )
        for relation in cluster.relations
        if relation.relation in (AGREE, CONTRADICT, UPDATE)
    ]
    return statements, links


def _as_report_figure(claim: CitedClaim, figure: Figure) -> ReportFigure:
    """A claim's figure as an event figure, for :func:`fatalities` (open above for "at
    least")."""
    value = figure.value if figure.value is not None else figure.low or 0.0
    open_above = figure.comparator in (">=", ">")
    return ReportFigure(
        document_id=claim.document_id,
        source=claim.source,
        value=value,
        low=figure.low if figure.low is not None else value,
        high=None if open_above else (figure.high if figure.high is not None else value),
        text=figure.text,
        sentence=claim.text,
    )


def _question_figures(cluster: QuestionCluster) -> list[ReportFigure]:
    """The figures of the cluster's commonest measure, one per claim that gives one."""
    counts: dict[str, int] = defaultdict(int)
    for claim in cluster.claims:
        for measure in claim.measures:
            counts[measure] += 1
    if not counts:
        return []
    measure = max(counts, key=lambda m: counts[m])
    return [
        _as_report_figure(claim, claim.measures[measure])
        for claim in cluster.claims
        if measure in claim.measures
    ]


def _with_range(grade: Grade, figures: Sequence[ReportFigure]) -> Grade:
    """The grade with the conservative figure and the range of ``figures``, if any."""
    dead = fatalities(figures)
    if dead is None:
        return grade
    given = ", ".join(f"'{f.text}' ({f.source})" for f in figures)
    reason = f"conservative figure {dead.best:g}, range {dead.low:g} to {dead.high:g}, from {given}"
    return Grade(
        grade.label,
        grade.score,
        (*grade.reasons, reason),
        conservative=dead.best,
        low=dead.low,
        high=dead.high,
    )


def grade_question(
    cluster: QuestionCluster, voice_of: VoiceOf, sourcing: SourcingIndex | None = None
) -> Grade:
    """The grade of a question cluster: its label, score and reasons (module docstring).

    ``voice_of`` maps a document id to its voice (copies of one text share one; a
    document absent from it is a voice of its own). ``sourcing`` (built from the
    extractions) tells the speakers apart; without it every claim counts as "unknown"
    and only its hedges tell. Figure questions carry the conservative figure and range.
    """
    statements, links = _question_statements(cluster, voice_of, sourcing)
    return _with_range(_grade(statements, links), _question_figures(cluster))


def claim_grades(
    cluster: QuestionCluster, voice_of: VoiceOf, sourcing: SourcingIndex | None = None
) -> dict[ClaimPosition, Grade]:
    """Each claim's own grade within its question, keyed by (document id, claim start).

    A claim is overtaken where a later claim overtakes it (score times the "overtaken"
    weight), contested where an independent voice contradicts it (its support times one
    minus its opponents'), corroborated where one agrees (the noisy-or of its voice and
    theirs), else single source (its own support). A figure claim carries its question's
    conservative figure and range.
    """
    statements, links = _question_statements(cluster, voice_of, sourcing)
    grades = _statement_grades(statements, links)
    figures = _question_figures(cluster)
    by_claim: dict[ClaimPosition, Grade] = {}
    for claim in cluster.claims:
        grade = grades[_claim_statement_key(claim)]
        by_claim[claim.document_id, claim.claim.start] = (
            _with_range(grade, figures) if claim.measures else grade
        )
    return by_claim


# -- events ------------------------------------------------------------------------------


def _event_words(event: Event) -> str:
    """The event in words: "the air strike in Khan Shaykhun on 2017-04-04"."""
    words = f"the {event.event_type or 'event'}"
    if event.place is not None:
        words += f" in {event.place.name}"
    if event.date is not None:
        words += f" on {event.date.start}"
    return words


def _report_statement(
    report: ReportedEvent, voice_of: VoiceOf, sourcing: SourcingIndex | None
) -> Statement:
    """A report of an event as a statement: its figure's sentence, else its title, else
    its first claim."""
    figure = report.dead
    sentence = figure.sentence if figure is not None else (report.title or "")
    found = None
    if sourcing is not None:
        lead = sourcing.lead(report.document_id)
        found = sourcing.of_sentence(report.document_id, sentence) if figure else None
        if not sentence and lead is not None:
            sentence = lead[0]
        found = found or (lead[1] if lead else None)
    when = report.published or "undated"
    return Statement(
        report.document_id,
        report.document_id,
        voice_of.get(report.document_id, report.document_id),
        report.source,
        f"{report.source} ({when}): '{_shorten(sentence)}'",
        found or read_sourcing(sentence, UNKNOWN_SPEAKER, None, "asserted"),
    )


def _event_links(event: Event, voice_of: VoiceOf) -> list[Link]:
    """Each pair of reports of different voices: their figures compared, else agreeing
    that the event happened."""
    links = []
    for i, a in enumerate(event.reports):
        for b in event.reports[i + 1 :]:
            if voice_of.get(a.document_id, a.document_id) == voice_of.get(
                b.document_id, b.document_id
            ):
                continue
            if a.dead is None or b.dead is None:
                evidence = f"{a.source} and {b.source} both tell of {_event_words(event)}."
                links.append(Link(a.document_id, b.document_id, AGREE, evidence))
                continue
            figure_a, figure_b = a.dead.as_figure(a.published), b.dead.as_figure(b.published)
            comparison = compare_figures(figure_a, figure_b)
            # For an update, the comparison's first figure is the earlier one.
            first, second = (a, b) if comparison.first is figure_a else (b, a)
            relation = AGREE if comparison.relation == COMPATIBLE else comparison.relation
            links.append(Link(first.document_id, second.document_id, relation, comparison.evidence))
    return links


def grade_event(event: Event, voice_of: VoiceOf, sourcing: SourcingIndex | None = None) -> Grade:
    """The grade of an event: contested where independent voices' figures for the dead
    contradict, corroborated where two or more voices tell of it, else single source;
    with the conservative figure and the range (module docstring)."""
    statements = [_report_statement(r, voice_of, sourcing) for r in event.reports]
    return _with_range(_grade(statements, _event_links(event, voice_of)), event.figures)


def event_report_grades(
    event: Event, voice_of: VoiceOf, sourcing: SourcingIndex | None = None
) -> dict[str, Grade]:
    """Each report's own grade within its event, by document id (as :func:`claim_grades`:
    a report whose figure a later, higher toll updates is overtaken)."""
    statements = [_report_statement(r, voice_of, sourcing) for r in event.reports]
    grades = _statement_grades(statements, _event_links(event, voice_of))
    return {key: _with_range(grade, event.figures) for key, grade in grades.items()}


# -- reports -----------------------------------------------------------------------------


def grade_report(
    extraction: Extraction,
    in_event: Grade | None,
    in_questions: Mapping[ClaimPosition, Grade],
    sourcing: SourcingIndex,
) -> ReportGrade:
    """How far one report's account is borne out: the mean of what there is evidence for.

    ``in_event`` is the report's own grade within its event (:func:`event_report_grades`):
    corroborated, contested or overtaken by other voices, or standing alone on the
    sourcing of its figure (a single source scores below a corroborated account).
    ``in_questions`` holds the grades of claims (:func:`claim_grades`), of which those of
    this report that another voice bears on count, as their mean (a claim no one else
    speaks to is already counted in the sourcing). The sourcing and hedging of all its
    claims (their mean support) counts where it has claims. A report with none of these
    scores the neutral 0.5.
    """
    document = extraction.document
    parts: list[float] = []
    reasons: list[str] = []
    if in_event is not None:
        parts.append(in_event.score)
        reasons.append(
            f"its event account is {in_event.label} ({in_event.score:.2f}): "
            + " ".join(in_event.reasons[1:2])
        )
    borne = [
        grade
        for claim in extraction.claims
        for grade in [in_questions.get((document.id, claim.start))]
        if grade is not None and grade.label != SINGLE_SOURCE
    ]
    if borne:
        parts.append(fmean(grade.score for grade in borne))
        labels = ", ".join(
            f"{sum(g.label == label for g in borne)} {label}"
            for label in GRADE_LABELS
            if any(g.label == label for g in borne)
        )
        reasons.append(f"its claims that other voices speak to ({parts[-1]:.2f}): {labels}")
    supports = sourcing.of_document(document.id)
    if supports:
        parts.append(fmean(s.support for s in supports))
        kinds = ", ".join(
            f"{sum(s.speaker_kind == kind for s in supports)} {_SPEAKER_WORDS.get(kind, kind)}"
            for kind in dict.fromkeys(s.speaker_kind for s in supports)
        )
        hedged = sum(bool(s.hedges) or s.modality != "asserted" for s in supports)
        reasons.append(
            f"its sourcing ({parts[-1]:.2f}) of {len(supports)} claims: {kinds}; {hedged} hedged"
        )
    score = fmean(parts) if parts else 0.5
    return ReportGrade(
        document.id, document.source or document.origin, round(score, 4), tuple(reasons)
    )


def grade_reports(
    extractions: Sequence[Extraction],
    events: Sequence[Event],
    clusters: Sequence[QuestionCluster],
    voice_of: VoiceOf,
) -> list[ReportGrade]:
    """Every report's grade (:func:`grade_report`), in the order of ``extractions``.

    Works from events and voices alone where ``clusters`` is empty.
    """
    sourcing = SourcingIndex(extractions)
    in_event: dict[str, Grade] = {}
    for event in events:
        in_event.update(event_report_grades(event, voice_of, sourcing))
    in_questions: dict[ClaimPosition, Grade] = {}
    for cluster in clusters:
        in_questions.update(claim_grades(cluster, voice_of, sourcing))
    return [
        grade_report(x, in_event.get(x.document.id), in_questions, sourcing) for x in extractions
    ]
