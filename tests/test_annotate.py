"""The linguistic pass: the pinned pipeline, and the conflict entity ruler."""

from __future__ import annotations

from spacy.language import Language

from claimgraph.annotate import EXPECTED_PIPELINE, lookup_alias
from claimgraph.extract.entities import extract_entities


def test_default_pipeline_is_explosions_en_core_web_sm_3_8(nlp: Language) -> None:
    meta = nlp.meta
    assert {k: meta[k] for k in EXPECTED_PIPELINE} == EXPECTED_PIPELINE
    assert meta["license"] == "MIT" and meta["lang"] == "en"
    assert any(source["name"] == "OntoNotes 5" for source in meta["sources"])
    assert nlp.pipe_names == [
        "tok2vec",
        "tagger",
        "paragraph_breaks",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "conflict_entities",
        "conflict_acronyms",
        "ner",
    ]


def test_aliases_resolve_to_one_canonical_entity(nlp: Language) -> None:
    doc = nlp(
        "ISIS fighters fled. Islamic State denied it. Daesh and the Popular Mobilisation Units "
        "clashed, and Hashd al-Shaabi fighters advanced with warplanes and barrel bombs."
    )
    found = {(e.text, e.entity_id, e.label) for e in extract_entities(doc)}
    assert ("ISIS", "isis", "ORGANIZATION") in found
    assert ("Islamic State", "isis", "ORGANIZATION") in found
    assert ("Daesh", "isis", "ORGANIZATION") in found
    assert ("Popular Mobilisation Units", "pmu", "ORGANIZATION") in found
    assert ("Hashd al-Shaabi", "pmu", "ORGANIZATION") in found
    assert ("warplanes", "warplane", "MILITARY_PLATFORM") in found
    assert ("barrel bombs", "barrel-bomb", "WEAPON") in found


def test_two_letter_acronym_only_in_capitals() -> None:
    assert lookup_alias("IS") is not None and lookup_alias("IS").id == "isis"  # type: ignore[union-attr]
    assert lookup_alias("is") is None
    assert lookup_alias("the Islamic State").id == "isis"  # type: ignore[union-attr]


def test_acronyms_and_names_with_the_are_looked_up_as_written() -> None:
    assert lookup_alias("The National").id == "the-national"  # type: ignore[union-attr]
    assert lookup_alias("national") is None and lookup_alias("the national") is None
    assert lookup_alias("the SDF").id == "sdf"  # type: ignore[union-attr]
    assert lookup_alias("The SDF").id == "sdf"  # type: ignore[union-attr]
    assert lookup_alias("sdf") is None
    assert lookup_alias("Isis").id == "isis"  # type: ignore[union-attr]  # The Guardian's style


def test_a_lost_apostrophe_still_names_an_organization() -> None:
    assert lookup_alias("DAESHs").id == "isis"  # type: ignore[union-attr]
    assert lookup_alias("Syrian armys").id == "saa"  # type: ignore[union-attr]
    assert lookup_alias("warplaness") is None  # only organizations lose an apostrophe


def test_acronyms_and_names_with_the_match_only_as_written(nlp: Language) -> None:
    doc = nlp("The national army and the sdf met, and The National and the SDF reported it.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.ent_id_] == [
        ("The National", "the-national"),
        ("SDF", "sdf"),
    ]


def test_possessive_is_trimmed_from_names(nlp: Language) -> None:
    doc = nlp("It was Barack Obama’s presidential directive.")
    (person,) = [e for e in extract_entities(doc) if e.label == "PERSON"]
    assert (person.text, person.canonical) == ("Barack Obama", "Barack Obama")
    assert doc.text[person.start : person.end] == "Barack Obama"


def test_a_line_break_ends_a_sentence(nlp: Language) -> None:
    doc = nlp("Mosul folds 2\n\nIraqi forces have gained no more than one tenth of the territory.")
    assert [s.text.strip() for s in doc.sents] == [
        "Mosul folds 2",
        "Iraqi forces have gained no more than one tenth of the territory.",
    ]


def test_entities_are_reconciled_with_places_and_speakers(nlp: Language) -> None:
    from claimgraph.extract import extract
    from claimgraph.records import Document

    text = (
        "They want to secure their capital Irbil. There is no obligation to allow an escape "
        "route, said Dustin A Lewis, a senior researcher at the Harvard Law School."
    )
    document = Document("d", "t", "S", None, None, "2016-12-06", False, "en", text, text, "text")
    entities = {e.text: e for e in extract(document, nlp(text)).entities}
    assert (entities["Irbil"].label, entities["Irbil"].canonical) == ("LOCATION", "Erbil")
    assert entities["Dustin A Lewis"].label == "PERSON"
