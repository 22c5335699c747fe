"""Linking a corpus: its events and question clusters, re-linked only where new reports
touch them.

What a report gives the linking is read once, when it is first linked
(:class:`LinkInputs`: the main event it tells of, and its claims as the question linker
reads them, which takes a spaCy parse of each claim sentence), and is kept, so that later
runs read it back instead of the report.

When reports are added (:func:`relink`):

* **events**: the known reports that could be the same event as a new one
  (:func:`claimgraph.link.events.candidates_for`: same country, dates within the widest
  window the grouping allows), with every other report of the events they belong to,
  are regrouped with the new reports; every other event keeps its reports and its id;
* **questions**: the known claims that share an anchor with a new claim
  (:func:`claimgraph.link.questions.comparison_anchors`: the question linker compares
  only such claims), with every other claim of the clusters they belong to, are
  re-clustered with the new claims, words and anchors weighed by their frequency over
  all claims known (:func:`claimgraph.link.questions.corpus_counts`); every other
  cluster keeps its claims, relations and id.

Each report is in exactly one event (an event told by one report is an event too: most
of what monitors code has a single source); a claim is in at most one cluster.

Voices (copies of one text) are not regrouped here: they come from the documents' text
(:class:`claimgraph.link.syndication.SyndicationIndex`), which this stage does not keep.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from claimgraph.link.events import Event, ReportedEvent, candidates_for, group_reports, report_event
from claimgraph.link.questions import (
    CitedClaim,
    QuestionCluster,
    cluster_claims,
    comparison_anchors,
    corpus_counts,
    read_claims,
)
from claimgraph.link.syndication import Voice
from claimgraph.records import Extraction

__all__ = [
    "ClaimKey",
    "LinkInputs",
    "LinkUpdate",
    "claims_by_key",
    "event_id",
    "group_id",
    "read_link_inputs",
    "relink",
    "voice_id",
]

ClaimKey = tuple[str, int]  # (document id, the claim's ordinal in its extraction)


def group_id(prefix: str, members: Iterable[str]) -> str:
    """A stable id for a group: the same members give the same id, in any order."""
    digest = hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()
    return f"{prefix}-{digest[:12]}"


def event_id(event: Event) -> str:
    """An event's id, from its reports' document ids."""
    return group_id("event", (report.document_id for report in event.reports))


def voice_id(voice: Voice) -> str:
    """A voice's id, from its members' document ids."""
    return group_id("voice", (member.document_id for member in voice.members))


@dataclass(slots=True)
class LinkInputs:
    """What one report gives the linking: its main event and its claims by ordinal."""

    document_id: str
    event: ReportedEvent
    claims: dict[int, CitedClaim] = field(default_factory=dict)


def read_link_inputs(extractions: Sequence[Extraction], nlp: Language) -> list[LinkInputs]:
    """The link inputs of each extraction, its claim sentences parsed in one pass."""
    inputs = {x.document.id: LinkInputs(x.document.id, report_event(x)) for x in extractions}
    ordinals = {
        (x.document.id, claim.start): i for x in extractions for i, claim in enumerate(x.claims)
    }
    for cited in read_claims(extractions, nlp):
        inputs[cited.document_id].claims[ordinals[cited.document_id, cited.claim.start]] = cited
    return list(inputs.values())


@dataclass(slots=True)
class LinkUpdate:
    """What re-linking changed: new groups, and the ids of the stored ones they replace."""

    events: list[Event] = field(default_factory=list)
    retired_events: set[str] = field(default_factory=set)
    clusters: list[QuestionCluster] = field(default_factory=list)
    retired_clusters: set[str] = field(default_factory=set)
    # The key of each claim in ``clusters``, by (document id, the claim's start).
    claim_keys: dict[tuple[str, int], ClaimKey] = field(default_factory=dict)


def _regroup_events(
    new: Sequence[LinkInputs],
    known: Sequence[LinkInputs],
    event_members: Mapping[str, Sequence[str]],
) -> tuple[list[Event], set[str]]:
    event_of = {document: eid for eid, documents in event_members.items() for document in documents}
    by_document = {inputs.document_id: inputs.event for inputs in known}
    touched = {
        event_of[report.document_id]
        for report in candidates_for([n.event for n in new], list(by_document.values()))
        if report.document_id in event_of
    }
    reports = [n.event for n in new]
    reports += [by_document[d] for eid in sorted(touched) for d in event_members[eid]]
    return group_reports(reports), touched


def _regroup_questions(
    new: Sequence[LinkInputs],
    claims: Mapping[ClaimKey, CitedClaim],
    cluster_members: Mapping[str, Sequence[ClaimKey]],
) -> tuple[list[QuestionCluster], set[str]]:
    fresh = {(i.document_id, o) for i in new for o in i.claims}
    anchors = {anchor for key in fresh for anchor in comparison_anchors(claims[key])}
    cluster_of = {key: cid for cid, keys in cluster_members.items() for key in keys}
    sharing = {
        key
        for key, claim in claims.items()
        if key not in fresh and comparison_anchors(claim) & anchors
    }
    touched = {cluster_of[key] for key in sharing if key in cluster_of}
    chosen = fresh | sharing | {key for cid in touched for key in cluster_members[cid]}
    counts = corpus_counts(claims.values())
    return cluster_claims([claims[key] for key in sorted(chosen)], counts), touched


def _keys(
    clusters: Sequence[QuestionCluster], claims: Mapping[ClaimKey, CitedClaim]
) -> dict[tuple[str, int], ClaimKey]:
    wanted = {(c.document_id, c.claim.start) for cluster in clusters for c in cluster.claims}
    return {
        (key[0], claim.claim.start): key
        for key, claim in claims.items()
        if (key[0], claim.claim.start) in wanted
    }


def relink(
    new: Sequence[LinkInputs],
    known: Sequence[LinkInputs],
    event_members: Mapping[str, Sequence[str]],
    cluster_members: Mapping[str, Sequence[ClaimKey]],
) -> LinkUpdate:
    """Link ``new`` reports into what ``known`` reports were linked into.

    ``event_members`` maps each stored event's id to its reports' document ids,
    ``cluster_members`` each stored cluster's id to its claims' keys. Only the events and
    clusters the new reports touch are regrouped (see the module docstring).
    """
    if not new:
        return LinkUpdate()
    events, retired_events = _regroup_events(new, known, event_members)
    claims = claims_by_key((*known, *new))
    clusters, retired_clusters = _regroup_questions(new, claims, cluster_members)
    keys = _keys(clusters, claims)
    return LinkUpdate(events, retired_events, clusters, retired_clusters, keys)


def claims_by_key(inputs: Iterable[LinkInputs]) -> dict[ClaimKey, CitedClaim]:
    """Every claim of the inputs by its key."""
    return {(i.document_id, o): c for i in inputs for o, c in i.claims.items()}
