"""Normalization: markup to prose, "Read more" blocks, glued words, header dates, ids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimgraph.normalize import (
    document_id,
    html_fragment_to_text,
    normalize,
    split_glued_word,
    split_glued_words,
    tidy_whitespace,
)
from claimgraph.records import Document, InputProblem, RawDocument

NATIONAL_LIKE = (
    "diplomats who spoke to <em>The National </em>in Mosul, Raqqa and Kuwait. "
    "“It was denied.” _________ <strong>Read more:</strong> "
    '<strong><a href="https://example.org/a">Cellist brings sounds of peace</a></strong> '
    '<strong><a href="https://example.org/b">Living in the shadows</a></strong> '
    "_________ By early 2017, surviving fighters were besieged in Mosul’s Old City."
)


def test_inline_html_becomes_prose_without_the_read_more_block() -> None:
    text = tidy_whitespace(html_fragment_to_text(NATIONAL_LIKE))
    assert "spoke to The National in Mosul, Raqqa and Kuwait." in text
    assert "Read more" not in text and "Cellist" not in text and "Living in" not in text
    assert "<" not in text and "_" not in text
    assert text.endswith("By early 2017, surviving fighters were besieged in Mosul’s Old City.")
    assert "“It was denied.”" in text


def test_html_page_drops_boilerplate_and_keeps_title() -> None:
    page = (
        "<!doctype html><html><head><title>Blast in Aleppo</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article>"
        "<p>A bomb blast killed six people in Aleppo on Tuesday, state television said.</p>"
        "<p>Rescue workers said at least twenty people were wounded in the attack.</p>"
        "<p><strong>Read more:</strong></p><p><a href='/x'>Another story entirely</a></p>"
        "</article><footer>Copyright 2017 Example News</footer></body></html>"
    )
    result = normalize(RawDocument(origin="page.html", raw=page, format="html"))
    assert isinstance(result, Document)
    assert "killed six people in Aleppo" in result.text
    assert "at least twenty people were wounded" in result.text
    for boilerplate in ("Home", "Copyright", "Read more", "Another story"):
        assert boilerplate not in result.text
    assert result.title == "Blast in Aleppo"
    assert result.raw == page, "the raw input is kept for provenance"


def test_glued_words_split_where_sure() -> None:
    assert split_glued_word("unhinderedfrom") == "unhindered from"
    assert split_glued_word("onetenth") == "one tenth"
    assert split_glued_word("nextdoor") == "next door"


def test_real_words_are_never_split() -> None:
    for word in (
        "airbase",
        "daytime",
        "handout",
        "overrunning",
        "infighting",
        "schoolchildren",
        "besieged",
        "ossuary",
        "jihadists",
        "unhindered",
    ):
        assert split_glued_word(word) is None, word


def test_mosul_sentence_is_repaired() -> None:
    text = (
        "travelling unhinderedfrom Raqqa. no more than onetenth of the territory, "
        "a nextdoor neighbour"
    )
    assert split_glued_words(text) == (
        "travelling unhindered from Raqqa. no more than one tenth of the territory, "
        "a next door neighbour"
    )


@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ,.A"), max_size=80))
def test_splitting_only_ever_inserts_spaces(text: str) -> None:
    result = split_glued_words(text)
    assert result.replace(" ", "") == text.replace(" ", "")


def test_glued_closing_quote_gets_its_space() -> None:
    raw = RawDocument(origin="x.txt", raw="General “Mad Dog”James Mattis said so.", format="text")
    result = normalize(raw)
    assert isinstance(result, Document)
    assert "“Mad Dog” James Mattis" in result.text


def test_header_date_is_used_and_marked_inferred() -> None:
    raw = RawDocument(
        origin="debka.txt",
        raw="DEBKAfile  Exclusive Report  December 6, 2016\n\n\nThe offensive stalled.",
        format="text",
        source="DEBKAfile",
    )
    result = normalize(raw)
    assert isinstance(result, Document)
    assert (result.published, result.published_inferred) == ("2016-12-06", True)
    assert result.text == "DEBKAfile Exclusive Report December 6, 2016\n\nThe offensive stalled."


def test_given_date_is_not_overridden() -> None:
    raw = RawDocument(
        origin="a.txt", raw="December 6, 2016 The offensive.", format="text", published="2016-12-07"
    )
    result = normalize(raw)
    assert isinstance(result, Document)
    assert (result.published, result.published_inferred) == ("2016-12-07", False)


def test_markup_only_input_is_a_problem() -> None:
    result = normalize(RawDocument(origin="x.txt", raw="<p> </p><br>", format="text"))
    assert isinstance(result, InputProblem) and "no text" in result.reason


def test_document_id_is_a_content_hash_of_source_and_text() -> None:
    assert document_id("SANA", "text") == document_id("SANA", "text")
    assert document_id("SANA", "text") != document_id("Reuters", "text")
    assert document_id("SANA", "text") != document_id("SANA", "text.")
