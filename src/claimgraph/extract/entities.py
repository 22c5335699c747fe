"""Entity mentions: the NER's and the conflict ruler's spans, with labels and canonical names."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from claimgraph.annotate import known_entities, lookup_alias
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
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _trimmed(span: Span) -> tuple[int, int, str]:
    """Character offsets and text of a span without a trailing possessive ("Obama’s")."""
    text = span.text
    match = POSSESSIVE.search(text)
    if match and len(text) > len(match.group(0)) + 1:
        text = text[: match.start()].rstrip()
    return span.start_char, span.start_char + len(text), text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def extract_entities(doc: Doc) -> list[EntityMention]:
    """Named entities of the kinds an analyst follows, with canonical names and ids.

    Known armed groups, forces, weapons and platforms get the canonical name and id
    from the conflict entity table; other names get their own text (without "the"
    or a possessive) as the canonical name and a label-qualified slug as the id.
    """
    by_id = {entity.id: entity for entity in known_entities()}
    mentions: list[EntityMention] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        start, end, text = _trimmed(ent)
        known = by_id.get(ent.ent_id_) if ent.ent_id_ else lookup_alias(text)
        if known is not None:
            label = known.label
            canonical, entity_id = known.canonical, known.id
        else:
            canonical = LEADING_THE.sub("", text)
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
        if place is not None:
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
