"""Source profiles: per outlet, what it claims, on whose word, and how it fares.

Computed from the corpus itself; a user may set a prior per outlet in a plain table file
(:func:`read_priors`; the default is neutral, 0.5 for every outlet).

For each outlet (a document's ``source``, else its origin):

* its documents and claims, and the shares of its claims on an anonymous source ("a
  senior diplomat") and on its own word ("our sources": speaker kind ``publisher``);
* ``figures_compared``: its figures for the dead of an event that other, independent
  outlets (another voice and another outlet) also give a figure for, and
  ``figures_outside`` those that lie outside the range those outlets give (nothing the
  figure allows, "at least 70" being 70 and up, falls between their lowest and highest);
* how its claims and reports fared where another voice bears on them: corroborated,
  contested or overtaken (:func:`claimgraph.assess.grades.claim_grades` and
  :func:`~claimgraph.assess.grades.event_report_grades`);
* its track record: the share of those that were corroborated, shrunk toward its prior
  as a Beta prior worth ``prior_strength`` graded items (``data/sourcing_weights.csv``):
  (corroborated + k * prior) / (corroborated + contested + overtaken + k). With nothing
  graded it is the prior.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from claimgraph.assess.grades import (
    CONTESTED,
    CORROBORATED,
    OVERTAKEN,
    Grade,
    SourcingIndex,
    VoiceOf,
    claim_grades,
    event_report_grades,
    sourcing_weights,
)
from claimgraph.link.events import Event, ReportFigure
from claimgraph.link.questions import QuestionCluster
from claimgraph.records import Extraction

NEUTRAL_PRIOR = 0.5
PRIOR_COLUMNS = ("source", "prior", "note")
PRIORS_FILE = "source_priors.csv"


@dataclass(slots=True)
class SourceProfile:
    """One outlet's record in the corpus.

    Shares are of its claims (0 to 1); ``figures_outside`` counts its event figures that
    sit outside the range the independent outlets give for the same event.
    ``track_record`` (0 to 1, 0.5 neutral) is computed from the corpus: how often its
    claims were corroborated rather than contested or overtaken, shrunk toward its
    ``prior`` when it has few graded claims.
    """

    source: str
    documents: int
    claims: int
    figures_compared: int
    figures_outside: int
    anonymous_share: float
    self_sourced_share: float
    corroborated: int
    contested: int
    overtaken: int
    prior: float
    track_record: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def source_key(source: str) -> str:
    """An outlet's name as priors are matched: case and surrounding spaces ignored."""
    return source.strip().casefold()


def read_priors(path: Path | None = None) -> dict[str, float]:
    """The priors of a table file (columns source, prior, note; "#" lines are comments),
    by :func:`source_key`; the shipped ``data/source_priors.csv`` (no outlet: all neutral)
    where ``path`` is None. ValueError names the line of a prior that is not 0 to 1."""
    if path is None:
        text = resources.files("claimgraph.data").joinpath(PRIORS_FILE).read_text("utf-8")
        origin = PRIORS_FILE
    else:
        text = path.read_text(encoding="utf-8")
        origin = str(path)
    # Comment lines become blank ones, which the reader skips, so line numbers stay true.
    lines = ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]
    header = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    rows = csv.DictReader(lines[header:])
    missing = set(PRIOR_COLUMNS[:2]) - set(rows.fieldnames or ())
    if missing:
        raise ValueError(f"{origin}: the header lacks {', '.join(sorted(missing))}")
    priors: dict[str, float] = {}
    for row in rows:
        try:
            prior = float(row["prior"])
        except (TypeError, ValueError):
            prior = math.nan
        if not 0.0 <= prior <= 1.0:
            raise ValueError(
                f"{origin}, line {header + rows.line_num}: prior {row['prior']!r} is not 0 to 1"
            )
        priors[source_key(row["source"] or "")] = prior
    return priors


def _outside(figure: ReportFigure, others: Sequence[ReportFigure]) -> bool:
    """Whether nothing ``figure`` allows lies within the lowest to highest of ``others``."""
    low = min(other.low for other in others)
    high = max(other.high if other.high is not None else math.inf for other in others)
    top = figure.high if figure.high is not None else math.inf
    return top < low or figure.low > high


@dataclass(slots=True)
class _Tally:
    documents: int = 0
    claims: int = 0
    anonymous: int = 0
    self_sourced: int = 0
    compared: int = 0
    outside: list[str] = field(default_factory=list)  # the figures outside, as cited
    labels: Counter[str] = field(default_factory=Counter)


def _figure_tallies(
    events: Sequence[Event],
    voice_of: VoiceOf,
    source_of: Mapping[str, str],
    tally: dict[str, _Tally],
) -> None:
    """Count each outlet's figures compared with independent outlets, and those outside."""
    for event in events:
        for figure in event.figures:
            voice = voice_of.get(figure.document_id, figure.document_id)
            others = [
                other
                for other in event.figures
                if voice_of.get(other.document_id, other.document_id) != voice
                and source_key(other.source) != source_key(figure.source)
            ]
            if not others:
                continue
            mine = tally[source_of.get(figure.document_id, figure.source)]
            mine.compared += 1
            if _outside(figure, others):
                given = ", ".join(f"'{o.text}' ({o.source})" for o in others)
                mine.outside.append(f"'{figure.text}' against {given}")


def profile_sources(
    extractions: Sequence[Extraction],
    events: Sequence[Event],
    clusters: Sequence[QuestionCluster],
    voice_of: VoiceOf,
    priors: Mapping[str, float],
) -> list[SourceProfile]:
    """Each outlet's profile (module docstring), most documents first.

    ``voice_of`` maps a document to its voice (copies of one text); ``priors`` maps
    outlets (by :func:`source_key`) to the prior a user set, 0.5 where none is set.
    """
    source_of = {x.document.id: x.document.source or x.document.origin for x in extractions}
    tally: dict[str, _Tally] = defaultdict(_Tally)
    sourcing = SourcingIndex(extractions)
    for extraction in extractions:
        mine = tally[source_of[extraction.document.id]]
        mine.documents += 1
        for claimed in sourcing.of_document(extraction.document.id):
            mine.claims += 1
            mine.anonymous += claimed.speaker_kind == "anonymous"
            mine.self_sourced += claimed.speaker_kind == "publisher"
    _figure_tallies(events, voice_of, source_of, tally)
    graded: list[tuple[str, Grade]] = []
    for event in events:
        graded.extend(event_report_grades(event, voice_of, sourcing).items())
    for cluster in clusters:
        graded.extend(
            (key[0], grade) for key, grade in claim_grades(cluster, voice_of, sourcing).items()
        )
    for document_id, grade in graded:
        if document_id in source_of:
            tally[source_of[document_id]].labels[grade.label] += 1
    strength = sourcing_weights().prior_strength
    profiles = []
    for source, mine in tally.items():
        prior = priors.get(source_key(source), NEUTRAL_PRIOR)
        labels = mine.labels
        judged = labels[CORROBORATED] + labels[CONTESTED] + labels[OVERTAKEN]
        track = (labels[CORROBORATED] + strength * prior) / (judged + strength)
        reasons = [
            f"track record {track:.2f}: {labels[CORROBORATED]} corroborated, "
            f"{labels[CONTESTED]} contested, {labels[OVERTAKEN]} overtaken, shrunk toward "
            f"the prior {prior:.2f} (worth {strength:g} graded items)"
        ]
        if mine.compared:
            reasons.append(
                f"{len(mine.outside)} of {mine.compared} figures outside the range independent "
                "outlets give" + (": " + "; ".join(mine.outside[:3]) if mine.outside else "")
            )
        claims = mine.claims or 1  # shares of no claims are 0
        reasons.append(
            f"{mine.claims} claims in {mine.documents} documents: "
            f"{mine.anonymous / claims:.0%} on anonymous sources, "
            f"{mine.self_sourced / claims:.0%} on its own ('our sources')"
        )
        profiles.append(
            SourceProfile(
                source=source,
                documents=mine.documents,
                claims=mine.claims,
                figures_compared=mine.compared,
                figures_outside=len(mine.outside),
                anonymous_share=round(mine.anonymous / claims, 4),
                self_sourced_share=round(mine.self_sourced / claims, 4),
                corroborated=labels[CORROBORATED],
                contested=labels[CONTESTED],
                overtaken=labels[OVERTAKEN],
                prior=prior,
                track_record=round(track, 4),
                reasons=tuple(reasons),
            )
        )
    return sorted(profiles, key=lambda p: (-p.documents, p.source))
