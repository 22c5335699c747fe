"""Claims: the checkable statements, one per sentence, with what they say and on whose word."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from spacy.tokens import Doc, Span

from claimgraph.data import read_rows
from claimgraph.records import Attribution, Claim

MIN_CLAIM_TOKENS = 4


class _Located(Protocol):
    start: int
    end: int


@cache
def _modality_cues() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """Single-word cues by word, and multi-word cues as patterns, from modality_cues.csv."""
    words: dict[str, str] = {}
    phrases: list[tuple[re.Pattern[str], str]] = []
    for row in read_rows("modality_cues.csv"):
        cue = row["cue"].lower()
        if " " in cue:
            phrases.append((re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE), row["modality"]))
        else:
            words[cue] = row["modality"]
    return words, phrases


def modality(sentence: Span) -> str:
    """ "hedged", "predicted" or "asserted", from the cue lexicon.

    A modal verb counts only as an auxiliary of the sentence's main verb, so that
    "what could happen" inside a relative clause does not hedge the whole sentence.
    """
    words, phrases = _modality_cues()
    found: set[str] = set()
    for token in sentence:
        kind = words.get(token.lower_)
        if kind is None:
            continue
        if token.tag_ == "MD" and not (token.dep_ == "aux" and token.head == sentence.root):
            continue
        found.add(kind)
    found.update(kind for pattern, kind in phrases if pattern.search(sentence.text))
    if "hedged" in found:
        return "hedged"
    return "predicted" if "predicted" in found else "asserted"


def polarity(sentence: Span) -> str:
    """ "negative" when the main verb (or a verb conjoined with it) is negated."""
    root = sentence.root
    verbs = {root, *root.conjuncts}
    for token in sentence:
        if token.dep_ == "neg" and token.head in verbs:
            return "negative"
        if (
            token.lower_ in ("never", "no")
            and token.head in verbs
            and token.dep_ in ("neg", "advmod")
        ):
            return "negative"
    return "positive"


def _inside(items: Sequence[_Located], start: int, end: int) -> list[int]:
    """Indexes of the items (sorted by start) that lie within [start, end)."""
    starts = [item.start for item in items]
    first = bisect_left(starts, start)
    return [i for i in range(first, len(items)) if items[i].start < end and items[i].end <= end]


def _attribution_for(attributions: Sequence[Attribution], start: int, end: int) -> int | None:
    """The attribution whose content overlaps the sentence most, if any."""
    best, best_overlap = None, 0
    for index, attribution in enumerate(attributions):
        overlap = min(end, attribution.content.end) - max(start, attribution.content.start)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    return best


def build_claims(
    doc: Doc,
    attributions: Sequence[Attribution],
    quantities: Sequence[_Located],
    entities: Sequence[_Located],
    places: Sequence[_Located],
    times: Sequence[_Located],
) -> list[Claim]:
    """One claim per statement-like sentence that says something checkable.

    A sentence qualifies when it has a verb, at least four words, and either an
    attribution or something to check it against: a figure, an entity, a place or a
    time. Captions, headers and fragments ("Mosul folds 2") are left out. The record
    lists must be sorted by start offset.
    """
    claims: list[Claim] = []
    for sentence in doc.sents:
        words = [t for t in sentence if not t.is_punct and not t.is_space]
        if len(words) < MIN_CLAIM_TOKENS or not any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        text = sentence.text.rstrip()  # a sentence keeps the line break that ends it
        start, end = sentence.start_char, sentence.start_char + len(text)
        claim = Claim(
            start=start,
            end=end,
            text=text,
            attribution=_attribution_for(attributions, start, end),
            quantities=_inside(quantities, start, end),
            entities=_inside(entities, start, end),
            places=_inside(places, start, end),
            times=_inside(times, start, end),
            polarity=polarity(sentence),
            modality=modality(sentence),
        )
        anchored = claim.quantities or claim.entities or claim.places or claim.times
        if claim.attribution is not None or anchored:
            claims.append(claim)
    return claims
