"""Entity mentions: the NER's and the conflict ruler's spans, with labels and canonical names.

The spans are cut to the name an analyst follows: without a leading "the" ("the
Pentagon" -> "Pentagon", but "The National" keeps its "The"), a possessive ("Obama’s",
and the scrapes' "DAESHs" or "Obamas", where the apostrophe was lost) or a title before
a person's name ("President", "General"; from ``data/person_titles.csv``). NORP spans
that label fighters rather than a nationality ("jihadist", "Islamist";
``data/not_nationalities.csv``) are dropped, and so are alias matches that the context
shows are not the group: "IS" in a line of capitals ("THIS IS WAR"), and a common-noun
alias ("coalition") unless it is definite or a modifier ("the coalition", "coalition air
strikes", not "a coalition of rebel groups" or "the Saudi-led coalition"). A name the NER
calls a person or an organization is a place next to a place-kind word of
``data/place_kind_words.csv`` ("the town of al-Quria", "Jabal Badro neighborhood").
A weapon word in a harmless phrase of ``data/not_weapons.csv`` ("a gas tank") is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimgraph.annotate import (
    KnownEntity,
    alias_entity,
    alias_key,
    known_entities,
    lookup_alias,
)
from claimgraph.data import read_rows
from claimgraph.extract.places import kind_words
from claimgraph.records import Attribution, EntityMention, Place

# spaCy (OntoNotes) labels to claimgraph's; the ruler's own labels pass unchanged.
LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "FACILITY",
    "NORP": "NATIONALITY",
    "EVENT": "EVENT",
    "ORGANIZATION": "ORGANIZATION",
    "WEAPON": "WEAPON",
    "MILITARY_PLATFORM": "MILITARY_PLATFORM",
}
POSSESSIVES = {"'s", "’s", "'", "’"}


@cache
def person_titles() -> tuple[tuple[str, ...], ...]:
    """The titles of ``data/person_titles.csv`` as word tuples, longest first."""
    titles = {tuple(row["title"].split()) for row in read_rows("person_titles.csv")}
    return tuple(sorted(titles, key=len, reverse=True))


@cache
def place_cues() -> dict[str, frozenset[tuple[str, ...]]]:
    """Words right before or after a name that make it a place ("the town of", "district").

    The place extractor's kind words (``data/place_kind_words.csv``), by position.
    """
    return {
        position: frozenset(
            tuple(words.split())
            for joined in (True, False)
            for words in kind_words(position, joined=joined)
        )
        for position in ("before", "after")
    }


@cache
def not_weapons() -> tuple[str, ...]:
    """The phrases of ``data/not_weapons.csv`` ("gas tank"), padded for a word match."""
    return tuple(f" {row['phrase'].lower()} " for row in read_rows("not_weapons.csv"))


@cache
def not_nationalities() -> frozenset[str]:
    """The lower-cased NORP words of ``data/not_nationalities.csv``."""
    return frozenset(row["word"].lower() for row in read_rows("not_nationalities.csv"))


def _title_length(span: Span) -> int:
    """How many words at the start of ``span`` form a title ("Defence Secretary General")."""
    words = [token.text for token in span]
    length = 0
    while True:
        rest = words[length:]
        title = next((t for t in person_titles() if tuple(rest[: len(t)]) == t), None)
        if title is None or len(title) >= len(rest):
            return length
        length += len(title)


def _lost_apostrophe(text: str, label: str, known: KnownEntity | None, names: set[str]) -> bool:
    """Whether a final "s" is a possessive whose apostrophe the scrape dropped.

    It is for a known entity none of whose aliases has it ("DAESHs"), and for a name the
    document also gives without it under the same label ("Obamas" beside "Obama",
    "Bashar Assads" beside "Assad"); "United States" stays whole, as "United State" and
    "State" are no names there. A nationality's "s" is its plural ("Syrians").
    """
    if not text.endswith("s") or text.endswith("ss"):
        return False
    if known is not None:
        return alias_entity(text) is None
    if label == "NATIONALITY":
        return False
    return text[:-1] in names or text.split()[-1][:-1] in names


def _trimmed(
    span: Span, label: str, known: KnownEntity | None, names: set[str]
) -> tuple[int, int, str]:
    """Character offsets and text of the name in ``span``, as the module docstring says.

    ``names`` are the texts of the document's other mentions of the same label.
    """
    start, end = span.start, span.end
    keeps_the = known is not None and span.text in known.aliases
    if end - start > 1 and span[0].lower_ == "the" and not keeps_the:
        start += 1
    if label == "PERSON":
        start += _title_length(span.doc[start:end])
    if end - start > 1 and span.doc[end - 1].text in POSSESSIVES:
        end -= 1
    name = span.doc[start:end]
    text = name.text
    if _lost_apostrophe(text, label, known, names):
        text = text[:-1]
    return name.start_char, name.start_char + len(text), text


def _beside_place_cue(span: Span) -> bool:
    """Whether a place-kind word stands right before or after the span ("the town of X")."""
    doc, cues = span.doc, place_cues()
    for cue in cues["after"]:
        if tuple(t.lower_ for t in doc[span.end : span.end + len(cue)]) == cue:
            return True
    return any(
        span.start >= len(cue)
        and tuple(t.lower_ for t in doc[span.start - len(cue) : span.start]) == cue
        for cue in cues["before"]
    )


def _in_harmless_phrase(span: Span) -> bool:
    """Whether a weapon or platform word stands in a phrase of ``data/not_weapons.csv``."""
    doc = span.doc
    around = doc[max(span.start - 2, 0) : min(span.end + 2, len(doc))]
    words = f" {' '.join(token.lower_ for token in around)} "
    return any(phrase in words for phrase in not_weapons())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _shouting(token: Token) -> bool:
    """Whether a token next to "IS" is a word in capitals, as in a headline "THIS IS WAR"."""
    return token.is_alpha and token.is_upper and len(token) > 1 and lookup_alias(token.text) is None


def _common_noun_alias(text: str, known: KnownEntity) -> bool:
    """Whether ``text`` matched an organization's all-lowercase alias ("coalition")."""
    return known.label == "ORGANIZATION" and any(
        alias.islower() and alias_key(alias) == alias_key(text) for alias in known.aliases
    )


def _names_known_group(span: Span, known: KnownEntity) -> bool:
    """Whether an alias match is the known entity in this context (module docstring)."""
    if span.text == "IS":
        doc = span.doc
        neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
        return not any(_shouting(token) for token in neighbours)
    if not _common_noun_alias(span.text, known):
        return True
    head = span.root
    # Another coalition: "the Saudi-led coalition", "the ruling coalition".
    modified = any(child.dep_ in ("amod", "compound") for child in head.children)
    if head.dep_ in ("compound", "nmod", "amod"):  # "coalition air strikes"
        return not modified
    determiners = {child.lower_ for child in head.children if child.dep_ in ("det", "poss")}
    of_phrase = any(child.dep_ == "prep" and child.lower_ == "of" for child in head.children)
    return determiners == {"the"} and not (modified or of_phrase)


def extract_entities(doc: Doc) -> list[EntityMention]:
    """Named entities of the kinds an analyst follows, with canonical names and ids.

    Known armed groups, forces, outlets, weapons and platforms get the canonical name
    and id from the alias tables; other names get their own text (trimmed as the module
    docstring says) as the canonical name and a label-qualified slug as the id.
    """
    by_id = {entity.id: entity for entity in known_entities()}
    names: dict[str, set[str]] = {}
    for ent in doc.ents:
        names.setdefault(ent.label_, set()).add(ent.text)
    mentions: list[EntityMention] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        if label == "NATIONALITY" and ent.text.lower() in not_nationalities():
            continue
        known = by_id.get(ent.ent_id_) if ent.ent_id_ else lookup_alias(ent.text)
        if label in ("WEAPON", "MILITARY_PLATFORM") and _in_harmless_phrase(ent):
            continue
        if known is not None and not _names_known_group(ent, known):
            if ent.ent_id_:
                continue  # the ruler's match is not the group here
            known = None
        if known is None and label in ("PERSON", "ORGANIZATION") and _beside_place_cue(ent):
            label = "LOCATION"  # the NER's confusion: "the town of al-Quria" (PERSON)
        start, end, text = _trimmed(ent, label, known, names[ent.label_] - {ent.text})
        if known is not None:
            label = known.label
            canonical, entity_id = known.canonical, known.id
        else:
            canonical = text
            entity_id = f"{label.lower()}:{_slug(canonical)}"
        mentions.append(EntityMention(start, end, text, label, canonical, entity_id))
    return mentions


def reconcile_entities(
    entities: list[EntityMention], places: list[Place], attributions: list[Attribution]
) -> list[EntityMention]:
    """Entities relabelled where a more specific extractor knows better.

    The statistical NER tags "Irbil" as an organization and "Dustin A Lewis" (before
    "a senior researcher at ...") as one too. A mention that the gazetteer resolved as
    a place becomes a LOCATION (or stays a FACILITY) with the gazetteer's name, so
    that "Irbil" and "Erbil" are one entity; a mention that is the source
    of an attribution to a named person becomes a PERSON with the resolved name.
    A plural nationality ("Syrians") stays one whatever the gazetteer matched for it; a
    singular one the gazetteer resolved is the NER's confusion ("Aleppo" as NORP).
    """
    place_at = {(p.start, p.end): p for p in places if p.name is not None}
    person_at = {
        (a.source.start, a.source.end): a.speaker
        for a in attributions
        if a.source is not None and a.speaker_kind == "named_person" and a.speaker
    }
    reconciled: list[EntityMention] = []
    for mention in entities:
        span = (mention.start, mention.end)
        place = place_at.get(span)
        speaker = person_at.get(span)
        demonyms = mention.label == "NATIONALITY" and mention.text.endswith("s")
        if place is not None and not demonyms:
            mention = replace(
                mention,
                label="FACILITY" if mention.label == "FACILITY" else "LOCATION",
                canonical=place.name,
                entity_id=f"location:{place.geonameid or _slug(place.name or mention.text)}",
            )
        elif speaker is not None and mention.label != "PERSON":
            mention = replace(
                mention, label="PERSON", canonical=speaker, entity_id=f"person:{_slug(speaker)}"
            )
        reconciled.append(mention)
    return reconciled
