"""Records for tests: a normalized document as the pipeline hands it on."""

from __future__ import annotations

from claimgraph.records import Document


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
