"""A document's text, or one sentence of it, as HTML with its records marked, every piece
of text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from claimgraph.records import Extraction


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to mark: its CSS class and the resolved value shown on hover."""

    start: int
    end: int
    css: str
    title: str


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def inline_marks(extraction: Extraction) -> list[Mark]:
    """Non-overlapping marks for figures, dates, places, entities, speakers and cues.

    Where marks overlap, the more specific record wins in this order: figure, date,
    place, speaker, cue, entity; then the earlier and longer one.
    """
    candidates: list[tuple[int, Mark]] = []
    for q in extraction.quantities:
        spread = f" ({_fmt(q.low)}–{_fmt(q.high)})" if q.low != q.high else ""
        title = f"{q.category}: {q.approx + ' ' if q.approx else ''}{_fmt(q.value)}{spread}"
        title += "".join(f" {part}" for part in (q.unit, q.counted) if part)
        title += f" [{q.who}]" if q.who else ""
        title += f" (about: {q.about})" if q.about else ""
        candidates.append((0, Mark(q.start, q.end, "figure", title)))
    for t in extraction.times:
        span = t.start_date if t.start_date == t.end_date else f"{t.start_date} to {t.end_date}"
        title = f"{t.granularity or 'time'}: {span if t.start_date else 'unresolved'}"
        candidates.append((1, Mark(t.start, t.end, "date", title)))
    for p in extraction.places:
        where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else "?"
        title = f"{p.name or p.text} ({p.country or '?'}) {where}" + (
            f" geonames:{p.geonameid}" if p.geonameid else ""
        )
        candidates.append((2, Mark(p.start, p.end, "place", title)))
    for a in extraction.attributions:
        if a.source is not None:
            title = f"{a.speaker or a.source.text} ({a.speaker_kind.replace('_', ' ')})"
            candidates.append((3, Mark(a.source.start, a.source.end, "speaker", title)))
        if a.cue is not None:
            candidates.append((4, Mark(a.cue.start, a.cue.end, "cue", "attribution cue")))
    for e in extraction.entities:
        title = f"{e.label}: {e.canonical or e.text}"
        candidates.append((5, Mark(e.start, e.end, f"entity {e.label.lower()}", title)))
    candidates.sort(key=lambda c: (c[0], c[1].start, -(c[1].end - c[1].start)))
    chosen: list[Mark] = []
    for _priority, mark in candidates:
        if mark.end <= mark.start:
            continue
        if all(mark.end <= m.start or mark.start >= m.end for m in chosen):
            chosen.append(mark)
    return sorted(chosen, key=lambda m: m.start)


def statement_marks(extraction: Extraction, marks: list[Mark]) -> list[Mark]:
    """Non-overlapping marks for attributed statements, widened so no inline mark is cut."""
    # A split quote is marked piece by piece, so "he said" between them is not its words.
    pieces = [(p, a) for a in extraction.attributions for p in (a.pieces or [a.content])]
    result: list[Mark] = []
    for piece, a in sorted(pieces, key=lambda pair: pair[0].start):
        start, end = piece.start, piece.end
        for m in marks:
            if m.start < start < m.end:
                start = m.start
            if m.start < end < m.end:
                end = m.end
        if result and start < result[-1].end:
            continue
        how = "quoted" if a.direct else "reported"
        title = f"{how}: {a.speaker or 'unknown'} ({a.speaker_kind.replace('_', ' ')})"
        result.append(Mark(start, end, "said direct" if a.direct else "said", title))
    return result


def highlight(extraction: Extraction) -> Markup:
    """The document's text as HTML: statements wrap the inline marks they contain."""
    return Highlighter(extraction).span(0, len(extraction.document.text))


class Highlighter:
    """One document's marks, found once, to render its whole text or any stretch of it."""

    def __init__(self, extraction: Extraction) -> None:
        self.text = extraction.document.text
        self.marks = inline_marks(extraction)
        self.statements = statement_marks(extraction, self.marks)

    def span(self, start: int, end: int) -> Markup:
        """The text from ``start`` to ``end`` (one sentence, say) as HTML: the inline marks
        that lie inside it, and the statements cut to it (a sentence may hold part of a
        longer quote)."""
        marks = [
            _shifted(m, start, m.start, m.end)
            for m in self.marks
            if start <= m.start and m.end <= end
        ]
        outer = [
            _shifted(m, start, max(m.start, start), min(m.end, end))
            for m in self.statements
            if m.start < end and start < m.end
        ]
        return _render(self.text[start:end], outer, marks)

    def with_claims(self, claims: Iterable[tuple[int, int]]) -> Markup:
        """The whole text, each claim's sentence (``start``, ``end``) wrapped in a
        ``<span class="claim" id="claim-{start}">`` that a link can point at.

        Each sentence is rendered on its own (:meth:`span`), so the marks inside it nest
        in its span; a claim overlapping an earlier one is left unwrapped."""
        text_end = len(self.text)
        parts: list[str] = []
        at = 0
        for start, end in sorted(set(claims)):
            if start < at or not 0 <= start < end <= text_end:
                continue
            parts.append(self.span(at, start))
            parts.append(f'<span class="claim" id="claim-{start}">{self.span(start, end)}</span>')
            at = end
        parts.append(self.span(at, text_end))
        return Markup("".join(parts))


def _shifted(mark: Mark, offset: int, start: int, end: int) -> Mark:
    """The mark from ``start`` to ``end``, moved back by ``offset``."""
    return Mark(start - offset, end - offset, mark.css, mark.title)


def _render(text: str, outer: list[Mark], marks: list[Mark]) -> Markup:
    """``text`` as HTML, escaped, with the statement marks ``outer`` wrapping ``marks``."""
    opens: dict[int, list[Mark]] = {}
    for m in outer + marks:  # outer first, so a statement opens before a mark at its start
        opens.setdefault(m.start, []).append(m)
    closes: dict[int, int] = {}
    for m in outer + marks:
        closes[m.end] = closes.get(m.end, 0) + 1
    boundaries = sorted({0, len(text), *opens, *closes})
    parts: list[str] = []
    for left, right in pairwise(boundaries):
        parts.append("</span>" * closes.get(left, 0) if left else "")
        for m in opens.get(left, []):
            parts.append(f'<span class="{m.css}" title="{escape(m.title)}" tabindex="0">')
        parts.append(str(escape(text[left:right])))
    parts.append("</span>" * closes.get(len(text), 0))
    return Markup("".join(parts))
