"""Syndication: wire copies are one voice, different reports of one event are not."""

from __future__ import annotations

import itertools
import pickle

from claimgraph.link.syndication import (
    MIN_PASSAGE_WORDS,
    WINNOW_WINDOW,
    SyndicationIndex,
    find_voices,
    shingles,
    winnow,
    words_of,
)
from claimgraph.records import Document
from tests.factories import make_document

WIRE = (
    "A suspected chemical attack killed at least 58 people including 11 children in the "
    "rebel-held town of Khan Sheikhoun in Idlib province on Tuesday, a war monitor and "
    "medical workers said. The attack caused many people to choke or faint and some had "
    "foam coming out of their mouths, the Syrian Observatory for Human Rights said, citing "
    "medical sources who described it as a sign of a gas attack. The air strikes also "
    "wounded more than 60 people, said the Observatory, a British-based monitoring group. "
    "Warplanes later struck near a medical point where victims of the attack were being "
    "treated, civil defence workers said. A Syrian military source strongly denied that "
    "the army had used any such weapons and dismissed the accounts as rebel propaganda. "
    "France called for an emergency meeting of the United Nations Security Council."
)

# The same event, told in other words by another outlet.
OTHER_REPORT = (
    "Dozens of residents of Khan Shaykhun died on Tuesday morning after government jets "
    "dropped what doctors believe was a nerve agent on the town, opposition activists "
    "told our correspondent. Hospitals across the north of the province are full, and "
    "doctors say they are short of oxygen and of atropine. Damascus rejected the "
    "accusation outright, saying its forces hold no chemical arms. Paris asked for the "
    "Security Council to meet at once. The death toll, put at 58 by the monitor, is "
    "expected to rise as rescuers search the ruins of a clinic hit later in the day."
)

# A separate story from elsewhere, sharing nothing with the others.
UNRELATED = (
    "The central bank raised its main interest rate by a quarter of a point on Thursday, "
    "its third increase this year, saying that inflation had stayed above its target for "
    "longer than expected. Economists had been divided over the move, which takes the "
    "rate to its highest level since 2008, and the currency rose after the announcement. "
    "The bank said that further increases were likely if prices kept rising."
)


def document(doc_id: str, text: str, source: str, published: str | None) -> Document:
    """A normalized report as the pipeline would hand it on."""
    return make_document(text, doc_id=doc_id, source=source, published=published)


def copy_of(text: str, headline: str, footer: str) -> str:
    """The wire text as another site runs it: its own headline, dateline and footer."""
    return f"{headline}\n\n{text}\n\n{footer}"


def test_a_wire_copy_with_another_headline_and_footer_is_one_voice() -> None:
    original = document("reuters-1", WIRE, "Reuters", "2017-04-04")
    copy = document(
        "ahram-1",
        copy_of(
            WIRE,
            "Suspected gas attack on Syria's Idlib kills at least 58: Observatory. Reuters, "
            "Tuesday 4 Apr 2017",
            "Read more: Syria's war in numbers. Share this story. Follow us on Twitter.",
        ),
        "Ahram Online",
        "2017-04-05",
    )
    index = SyndicationIndex()
    index.add(copy)
    matches = index.add(original)
    assert [(p.first, p.second) for p in matches.near_duplicates] == [("ahram-1", "reuters-1")]
    assert 0.6 < matches.near_duplicates[0].jaccard <= 1.0
    [voice] = index.voices()
    # Added second, but published first: the likely origin.
    assert voice.origin.document_id == "reuters-1"
    assert voice.sources == ["Reuters", "Ahram Online"]
    assert index.voice_of("reuters-1") == index.voice_of("ahram-1")


def test_an_edited_copy_is_still_one_voice() -> None:
    edited = (
        WIRE.replace("Syrian Observatory for Human Rights", "so-called Syrian Observatory")
        .replace("rebel-held", "terrorist-held")
        .replace("France called", "Paris called")
    )
    voices = find_voices(
        [
            document("afp", WIRE, "AFP", "2017-04-04"),
            document("alalam", "ISIL-held Idlib: " + edited, "Al-Alam", "2017-04-04"),
        ]
    )
    assert len(voices) == 1
    assert [m.document_id for m in voices[0].members] == ["afp", "alalam"]


def test_two_reports_of_the_same_event_in_other_words_are_two_voices() -> None:
    index = SyndicationIndex()
    index.add(document("reuters-1", WIRE, "Reuters", "2017-04-04"))
    matches = index.add(document("enab-1", OTHER_REPORT, "Enab Baladi", "2017-04-04"))
    assert matches.near_duplicates == []
    assert matches.passages == []
    assert index.voices() == []
    assert index.voice_of("reuters-1") != index.voice_of("enab-1")


def test_adding_reports_compares_them_with_what_is_indexed_only() -> None:
    index = SyndicationIndex()
    assert index.add(document("a", WIRE, "Reuters", "2017-04-04")).near_duplicates == []
    assert index.add(document("b", UNRELATED, "FT", "2017-04-04")).near_duplicates == []
    later = index.add(document("c", copy_of(WIRE, "Idlib gas attack", "(c) NNA"), "NNA", None))
    assert [(p.first, p.second) for p in later.near_duplicates] == [("a", "c")]
    # The same report again is not compared a second time.
    assert index.add(document("c", WIRE, "NNA", None)).near_duplicates == []
    assert len(index) == 3 and "c" in index
    [voice] = index.voices()
    assert [m.document_id for m in voice.members] == ["a", "c"]  # undated last
    assert [(p.first, p.second) for p in index.near_duplicates] == [("a", "c")]


def test_a_saved_index_goes_on_finding_copies() -> None:
    index = SyndicationIndex()
    index.add(document("a", WIRE, "Reuters", "2017-04-04"))
    restored = pickle.loads(pickle.dumps(index))
    matches = restored.add(document("b", copy_of(WIRE, "Gas attack", "(c) NNA"), "NNA", None))
    assert [(p.first, p.second) for p in matches.near_duplicates] == [("a", "b")]
    assert matches.passages  # the fingerprints came back too


def test_copies_of_copies_form_one_group() -> None:
    trimmed = WIRE[: WIRE.index("Warplanes later")]
    extended = trimmed + OTHER_REPORT
    voices = find_voices(
        [
            document("full", WIRE, "Reuters", "2017-04-04"),
            document("trimmed", trimmed, "NNA", "2017-04-05"),
            document("extended", extended, "Al-Manar", "2017-04-06"),
        ]
    )
    assert len(voices) == 1
    assert {m.document_id for m in voices[0].members} == {"full", "trimmed", "extended"}
    assert voices[0].origin.document_id == "full"


def test_a_pasted_wire_paragraph_is_a_shared_passage_not_a_copy() -> None:
    paragraph = WIRE[: WIRE.index(" The air strikes")]
    longer = OTHER_REPORT + " " + paragraph + " Elsewhere, " + UNRELATED
    index = SyndicationIndex()
    index.add(document("reuters-1", WIRE, "Reuters", "2017-04-04"))
    matches = index.add(document("long-1", longer, "Al-Araby", "2017-04-05"))
    assert matches.near_duplicates == []
    [passage] = matches.passages
    assert (passage.first, passage.second) == ("reuters-1", "long-1")
    assert longer[passage.second_start : passage.second_end] == paragraph.rstrip(".")
    assert WIRE[passage.first_start : passage.first_end] == paragraph.rstrip(".")
    assert passage.words == len(words_of(paragraph))


def test_a_passage_with_a_word_changed_is_found_whole() -> None:
    paragraph = WIRE[: WIRE.index(" Warplanes later")]
    changed = paragraph.replace("Syrian Observatory", "UK-based Observatory")
    index = SyndicationIndex()
    index.add(document("a", OTHER_REPORT + " " + paragraph, "AFP", "2017-04-04"))
    matches = index.add(document("b", UNRELATED + " " + changed, "TRT", "2017-04-04"))
    [passage] = matches.passages
    assert passage.words == len(words_of(changed))


def test_a_short_common_phrase_is_no_passage() -> None:
    phrase = "the Syrian Observatory for Human Rights said on Tuesday"
    index = SyndicationIndex()
    index.add(document("a", f"{UNRELATED} {phrase}.", "AFP", "2017-04-04"))
    matches = index.add(document("b", f"{OTHER_REPORT} {phrase}.", "TRT", "2017-04-04"))
    assert len(words_of(phrase)) < MIN_PASSAGE_WORDS
    assert matches.passages == []


def test_words_ignore_case_punctuation_and_apostrophes() -> None:
    assert [w.key for w in words_of("Syria's war, Syrias WAR.")] == ["syrias", "war"] * 2
    assert shingles(["a", "b"]) == {"a b"}
    assert shingles(["a", "b", "c", "d", "e", "f"]) == {"a b c d e", "b c d e f"}


def test_winnowing_keeps_a_fingerprint_in_every_window() -> None:
    keys = [w.key for w in words_of(WIRE)]
    positions = [position for _value, position in winnow(keys)]
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    assert positions and max(gaps) <= WINNOW_WINDOW
