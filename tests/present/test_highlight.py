"""Marks on a report's text: what each shows on hover, which wins an overlap, escaping."""

from __future__ import annotations

import re

from claimgraph.present.highlight import Highlighter, highlight, inline_marks, statement_marks
from claimgraph.records import (
    Attribution,
    EntityMention,
    Extraction,
    Quantity,
    Span,
)
from tests.factories import make_document

TEXT = "Some 5,000 ISIS fighters stayed, <b>he</b> said."


def _extraction(**records: object) -> Extraction:
    document = make_document(TEXT, doc_id="d1", source="Test Wire", published="2016-12-06")
    return Extraction(document, **records)  # type: ignore[arg-type]


def test_a_figure_shows_its_value_hedge_counted_and_what_it_is_about() -> None:
    figure = Quantity(
        0, 10, "Some 5,000", 5000.0, 5000.0, 5000.0, approx="some", comparator="~",
        counted="ISIS fighters", category="FORCES", who="fighters", about="Mosul",
    )  # fmt: skip
    [mark] = inline_marks(_extraction(quantities=[figure]))
    assert mark.css == "figure"
    assert mark.title == "FORCES: some 5,000 ISIS fighters [fighters] (about: Mosul)"


def test_a_range_shows_both_ends() -> None:
    figure = Quantity(5, 10, "5,000", 4000.0, 4000.0, 6000.0, counted="fighters")
    [mark] = inline_marks(_extraction(quantities=[figure]))
    assert "(4,000–6,000)" in mark.title


def test_the_figure_wins_over_an_overlapping_entity() -> None:
    figure = Quantity(5, 10, "5,000", 5000.0, 5000.0, 5000.0)
    entity = EntityMention(5, 15, "5,000 ISIS", "ORGANIZATION", "Islamic State", "isis")
    isis = EntityMention(11, 15, "ISIS", "ORGANIZATION", "Islamic State (ISIS)", "isis")
    marks = inline_marks(_extraction(quantities=[figure], entities=[entity, isis]))
    assert [(m.start, m.end, m.css) for m in marks] == [
        (5, 10, "figure"),
        (11, 15, "entity organization"),
    ]


def test_text_is_escaped_and_statements_wrap_their_marks() -> None:
    said = Attribution(
        content=Span(0, 30, TEXT[:30]),
        source=Span(33, 42, TEXT[33:42]),
        cue=Span(43, 47, "said"),
        speaker="Dustin A Lewis",
        speaker_kind="named_person",
        direct=False,
    )
    figure = Quantity(5, 10, "5,000", 5000.0, 5000.0, 5000.0)
    html = str(highlight(_extraction(quantities=[figure], attributions=[said])))
    assert "<b>" not in html and "&lt;b&gt;he&lt;/b&gt;" in html
    assert html.index('class="said"') < html.index('class="figure"')
    assert 'title="reported: Dustin A Lewis (named person)"' in html


def test_a_split_quote_is_marked_piece_by_piece() -> None:
    text = "“Looking back,” he said, “we should have let them go.”"
    pieces = [Span(1, 13, "Looking back"), Span(26, 52, text[26:52])]
    said = Attribution(
        Span(1, 52, text[1:52]), Span(16, 18, "he"), Span(19, 23, "said"), "Ali", "named_person",
        True, pieces,
    )  # fmt: skip
    extraction = _extraction(attributions=[said])
    extraction.document.text = text
    statements = statement_marks(extraction, [])
    assert [(m.start, m.end) for m in statements] == [(1, 13), (26, 52)]
    assert "he said" not in "".join(text[m.start : m.end] for m in statements)


def test_a_sentence_is_marked_on_its_own_with_the_statement_cut_to_it() -> None:
    text = "Rebels held <Idlib>. Some 5,000 fighters stayed, he said. Talks failed."
    figure_start = text.index("Some 5,000")
    first_end, second_end = text.index(". ") + 1, text.index("Talks") - 1
    said = Attribution(
        Span(0, second_end - 1, text[: second_end - 1]),  # a statement over two sentences
        Span(text.index("he said"), text.index("he said") + 2, "he"),
        None,
        "Ali",
        "named_person",
        False,
    )
    figure = Quantity(figure_start, figure_start + 10, "Some 5,000", 5000.0)
    talks = Quantity(text.index("Talks"), text.index("Talks") + 5, "Talks", 1.0)
    extraction = _extraction(quantities=[figure, talks], attributions=[said])
    extraction.document.text = text
    highlighter = Highlighter(extraction)
    second = str(highlighter.span(first_end + 1, second_end))
    assert second.startswith('<span class="said" title="reported: Ali (named person)"')
    assert '<span class="figure"' in second and ">Some 5,000</span>" in second
    assert "Talks" not in second and "Idlib" not in second, "nothing from other sentences"
    first = str(highlighter.span(0, first_end))
    assert first.endswith("&lt;Idlib&gt;.</span>"), "the statement closes where the sentence ends"
    assert str(highlighter.span(0, len(text))) == str(highlight(extraction))


def test_each_claim_sentence_is_wrapped_with_an_id_a_link_can_point_at() -> None:
    text = "Rebels held <Idlib>. Some 5,000 fighters stayed, he said. Talks failed."
    first_end = text.index(". ") + 1
    second_start, second_end = first_end + 1, text.index("Talks") - 1
    said = Attribution(
        Span(0, second_end - 1, text[: second_end - 1]),  # a statement over two claims
        Span(text.index("he said"), text.index("he said") + 2, "he"),
        None,
        "Ali",
        "named_person",
        False,
    )
    figure = Quantity(second_start, second_start + 10, "Some 5,000", 5000.0)
    extraction = _extraction(quantities=[figure], attributions=[said])
    extraction.document.text = text
    claims = [(second_start, second_end), (0, first_end), (3, 10), (0, 999)]
    html = str(Highlighter(extraction).with_claims(claims))
    # Each sentence wraps its own piece of the statement and its marks, in text order;
    # a claim inside another, or past the text's end, is left unwrapped.
    assert html.startswith('<span class="claim" id="claim-0"><span class="said"')
    assert html.count('class="claim"') == 2
    second = html[html.index(f'id="claim-{second_start}"') :]
    assert second.index('class="said"') < second.index('class="figure"')
    assert "&lt;Idlib&gt;" in html and "<Idlib>" not in html
    assert html.endswith("Talks failed.")
    # The text is all there, once, as without the claims' spans.
    assert _text_of(html) == _text_of(str(highlight(extraction)))


def _text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)
