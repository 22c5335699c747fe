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

    start: int
    end: int


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


def read_gold(path: Path, make: Callable[..., G]) -> list[G]:
    """The gold lines of ``path``, checked: each ``text`` must stand at its ``offset``."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            item = make(**json.loads(line))
            if item.sentence[item.offset : item.end] != item.text:
                raise ValueError(f"{path}:{number}: {item.text!r} is not at offset {item.offset}")
            items.append(item)
    return items


def share(outcomes: Sequence[Any], right: Callable[[Any], bool]) -> float:
    """The share of outcomes that are right (1.0 for none)."""
    return sum(1 for o in outcomes if right(o)) / len(outcomes) if outcomes else 1.0
