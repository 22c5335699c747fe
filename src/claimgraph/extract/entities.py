"""Entity mentions: the NER's and the conflict ruler's spans, with labels and canonical names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from claimgraph.annotate import known_entities, lookup_alias
from claimgraph.records import EntityMention

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
