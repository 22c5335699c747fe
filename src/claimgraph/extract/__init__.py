"""Extraction: a pure function from one normalized, annotated document to its records.

Each extractor has one job (entities, places, times, quantities, attributions); claims
and the casualties summary are built from their results. Nothing here touches a
database or a file, so extraction parallelises over processes or a cluster.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from spacy.tokens import Doc

from claimgraph.extract.attributions import extract_attributions
from claimgraph.extract.casualties import summarize_casualties
from claimgraph.extract.claims import build_claims
from claimgraph.extract.entities import extract_entities, reconcile_entities
from claimgraph.extract.places import extract_places
from claimgraph.extract.quantities import extract_quantities
from claimgraph.extract.times import extract_times
from claimgraph.records import Document, EntityMention, Extraction, Place, Quantity, TimeExpression

__all__ = ["extract"]

Located = TypeVar("Located", EntityMention, Place, TimeExpression, Quantity)


def _by_start(items: list[Located]) -> list[Located]:
    return sorted(items, key=lambda item: (item.start, item.end))


def extract(document: Document, doc: Doc) -> Extraction:
    """All records of one document from its spaCy ``doc`` (made from ``document.text``)."""
    if doc.text != document.text:
        raise ValueError(f"{document.origin}: annotation is not of the document's text")
    published = date.fromisoformat(document.published) if document.published else None

    entities = _by_start(extract_entities(doc))
    places = _by_start(extract_places(doc))
    times = _by_start(extract_times(doc, published))
    quantities = _by_start(extract_quantities(doc))
    attributions = sorted(extract_attributions(doc, document.source), key=lambda a: a.content.start)
    entities = reconcile_entities(entities, places, attributions)
    claims = build_claims(doc, attributions, quantities, entities, places, times)
    casualties = summarize_casualties(doc, quantities, entities)
    return Extraction(
        document, entities, places, times, quantities, attributions, claims, casualties
    )
