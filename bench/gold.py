"""Hand-annotated gold sets in ``tests/data/``: one annotated span in its sentence per line.

Shared by the benches (and their tests) that score an extractor sentence by sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


class Located(Protocol):
    """A predicted record with character offsets into the sentence."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class InSentence(Protocol):
    """A gold line: its document and the sentence it annotates."""

    @property
    def doc(self) -> str: ...

    @property
    def sentence(self) -> str: ...


L = TypeVar("L", bound=Located)
G = TypeVar("G", bound="GoldSpan")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """An annotated span: its document, sentence, text and where the text starts."""

    doc: str
    sentence: str
    text: str
    offset: int  # where ``text`` starts in ``sentence``

    @property
    def end(self) -> int:
        """Where ``text`` ends in ``sentence``."""
        return self.offset + len(self.text)

    @property
    def group(self) -> str:
        """The source group: the FA-KES sample or the Mosul reports."""
        return "FA-KES" if self.doc.startswith("fakes-") else "Mosul"

    def overlapping(self, found: Iterable[L]) -> tuple[L, ...]:
        """The predictions that overlap this span."""
        return tuple(p for p in found if p.start < self.end and self.offset < p.end)

    def check(self, where: str) -> None:
        """Raise ValueError unless ``text`` stands at ``offset`` in ``sentence``."""
        if self.sentence[self.offset : self.end] != self.text:
            raise ValueError(f"{where}: {self.text!r} is not at offset {self.offset}")


@dataclass(frozen=True, slots=True)
class ReportText:
    """A report's annotated sentences joined one a line, to be annotated as one document.

    A line break always ends a sentence in the pipeline, so each sentence stays whole,
    and the extractors see the report's context (the country in focus, earlier names).
    """

    doc: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentences, one a line."""
        return "\n".join(self.sentences)

    def within(self, found: Iterable[L]) -> list[tuple[str, int, list[L]]]:
        """Each sentence, where it starts in ``text``, and the predictions that lie in it."""
        found = list(found)
        placed = []
        start = 0
        for sentence in self.sentences:
            end = start + len(sentence)
            placed.append(
                (sentence, start, [p for p in found if start <= p.start and p.end <= end])
            )
            start = end + 1
        return placed


def report_texts(items: Iterable[InSentence]) -> list[ReportText]:
    """The distinct annotated sentences of each report, in order of first appearance."""
    by_doc: dict[str, list[str]] = {}
    for item in items:
        sentences = by_doc.setdefault(item.doc, [])
        if item.sentence not in sentences:
            sentences.append(item.sentence)
    return [ReportText(doc, tuple(sentences)) for doc, sentences in by_doc.items()]


def read_gold(path: Path, make: Callable[..., G]) -> list[G]:
    """The gold lines of ``path``, checked: each ``text`` must stand at its ``offset``."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            item = make(**json.loads(line))
            item.check(f"{path}:{number}")
            items.append(item)
    return items


def share(outcomes: Sequence[Any], right: Callable[[Any], bool]) -> float:
    """The share of outcomes that are right (1.0 for none)."""
    return sum(1 for o in outcomes if right(o)) / len(outcomes) if outcomes else 1.0
