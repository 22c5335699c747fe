"""Entity mentions: aliases to one canonical entity, weapons and platforms, trimming, labels.

Hand-written sentences for each rule of ``claimgraph.extract.entities`` and each hard case
of issue 3, item 4, then a floor on the hand-annotated dev gold
(``tests/data/entity_gold_dev.jsonl``, scored by ``python -m bench.entities``).
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from bench.entities import (
    GOLD,
    System,
    alias_accuracy,
    claimgraph_mentions,
    count,
    load_gold,
    predict,
    spacy_mentions,
)
from claimgraph.annotate import DEFAULT_PIPELINE, known_entities
from claimgraph.data import read_rows
from claimgraph.extract.entities import extract_entities, reconcile_entities
from claimgraph.records import EntityMention, Place


def _found(nlp: Language, text: str) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.label, e.entity_id) for e in extract_entities(nlp(text))]


def _ids(nlp: Language, text: str) -> list[str | None]:
    return [entity_id for _, _, entity_id in _found(nlp, text)]


def test_every_name_of_the_islamic_state_is_one_entity(nlp: Language) -> None:
    found = _found(
        nlp,
        "ISIS, ISIL, the Islamic State group, Daesh and IS are one group, "
        "and DAESHs de facto capital is Raqqa.",
    )
    assert [(text, entity_id) for text, _, entity_id in found if entity_id == "isis"] == [
        ("ISIS", "isis"),
        ("ISIL", "isis"),
        ("Islamic State", "isis"),
        ("Daesh", "isis"),
        ("IS", "isis"),
        ("DAESH", "isis"),  # the scrape's lost apostrophe is not part of the name
    ]


def test_is_is_the_group_only_where_it_is_not_the_verb(nlp: Language) -> None:
    assert "isis" not in _ids(nlp, "The situation is grim and the city is under siege.")
    assert "isis" not in _ids(nlp, "THIS IS WAR, said the banner.")
    assert _ids(nlp, "US Arab partners launch first strikes on IS in Syria.").count("isis") == 1


def test_militias_and_kurdish_forces_resolve_to_their_ids(nlp: Language) -> None:
    found = _found(
        nlp,
        "The PMU, also called the Popular Mobilisation Units or Hashd al-Shaabi, advanced "
        "with the SDF, the YPG and the Kurdish Peshmerga.",
    )
    assert [(text, entity_id) for text, _, entity_id in found] == [
        ("PMU", "pmu"),
        ("Popular Mobilisation Units", "pmu"),
        ("Hashd al-Shaabi", "pmu"),
        ("SDF", "sdf"),
        ("YPG", "ypg"),
        ("Kurdish Peshmerga", "peshmerga"),
    ]


def test_the_coalition_is_the_us_led_coalition(nlp: Language) -> None:
    found = _found(
        nlp,
        "The coalition had limited capabilities, and coalition air strikes hit the convoy, "
        "a coalition officer said.",
    )
    assert found == [("coalition", "ORGANIZATION", "coalition")] * 3
    assert "coalition" in _ids(nlp, "The United States-led coalition acquiesced.")


def test_other_coalitions_are_not_the_us_led_one(nlp: Language) -> None:
    assert "coalition" not in _ids(nlp, "A coalition of rebel groups attacked the town.")
    assert "coalition" not in _ids(nlp, "The Saudi-led coalition bombed the port again.")
    found = _found(nlp, "The opposition Syrian National Coalition called for a meeting.")
    assert ("Syrian National Coalition", "ORGANIZATION", "syrian-national-coalition") in found


def test_syrian_and_foreign_forces_and_governments(nlp: Language) -> None:
    found = _found(
        nlp,
        "Eastern Ghouta has been under siege by Syrian regime forces as the Syrian regime "
        "and the Russian air force stepped up strikes, condemning the Syrian armys bombardment.",
    )
    assert ("Syrian regime forces", "ORGANIZATION", "saa") in found
    assert ("Syrian regime", "ORGANIZATION", "syrian-government") in found
    assert ("Russian air force", "ORGANIZATION", "russian-forces") in found
    assert ("Syrian army", "ORGANIZATION", "saa") in found
    assert not any(label == "NATIONALITY" for _, label, _ in found)


def test_weapons_and_platforms_of_the_issue(nlp: Language) -> None:
    found = _found(
        nlp,
        "Altogether 54,000 Iraqi troops were supported by 90 warplanes and 150 heavy artillery "
        "pieces, F-16s and helicopters, while the regime dropped barrel bombs and sarin.",
    )
    assert ("warplanes", "MILITARY_PLATFORM", "warplane") in found
    assert ("heavy artillery pieces", "WEAPON", "artillery") in found
    assert ("F-16s", "MILITARY_PLATFORM", "f-16") in found
    assert ("helicopters", "MILITARY_PLATFORM", "helicopter") in found
    assert ("barrel bombs", "WEAPON", "barrel-bomb") in found
    assert ("sarin", "WEAPON", "sarin") in found
    assert ("Iraqi", "NATIONALITY", "nationality:iraqi") in found  # troops are people


def test_acts_and_people_are_not_weapons(nlp: Language) -> None:
    found = _found(
        nlp, "The suicide bomber struck after air strikes and shelling; a car bomb followed."
    )
    assert [(text, label) for text, label, _ in found if label == "WEAPON"] == [
        ("car bomb", "WEAPON")
    ]


def test_a_weapon_word_in_a_harmless_phrase_is_no_weapon(nlp: Language) -> None:
    found = _found(nlp, "The strike caused a gas tank to detonate, a think tank said.")
    assert not [text for text, label, _ in found if label in ("WEAPON", "MILITARY_PLATFORM")]
    found = _found(nlp, "Ankara sent tanks and aircraft into northern Syria.")
    assert ("tanks", "MILITARY_PLATFORM", "tank") in found
    assert ("aircraft", "MILITARY_PLATFORM", "warplane") in found


def test_a_nationality_before_a_platform_is_its_own_mention(nlp: Language) -> None:
    found = _found(nlp, "Russian warplanes flew over Syrian children.")
    assert ("Russian", "NATIONALITY", "nationality:russian") in found
    assert ("warplanes", "MILITARY_PLATFORM", "warplane") in found
    assert ("Syrian", "NATIONALITY", "nationality:syrian") in found


def test_jihadist_and_islamist_are_not_nationalities(nlp: Language) -> None:
    found = _found(
        nlp,
        "They discussed the two jihadist strongholds after the Islamist leaders changed course, "
        "and Kurds fled.",
    )
    assert [text for text, label, _ in found if label == "NATIONALITY"] == ["Kurds"]


def test_names_are_trimmed_of_the_and_possessives_but_titles_keep_the(nlp: Language) -> None:
    found = _found(
        nlp,
        "Aware of the crisis, the Pentagon sent reinforcements, said Barack Obama’s aides, "
        "who spoke to The National in Mosul.",
    )
    assert ("Pentagon", "ORGANIZATION", "pentagon") in found
    assert ("Barack Obama", "PERSON", "person:barack-obama") in found
    assert ("The National", "ORGANIZATION", "the-national") in found  # not "The National in Mosul"
    assert ("Mosul", "LOCATION", "location:mosul") in found


def test_a_lost_apostrophe_is_trimmed_where_the_document_has_the_name(nlp: Language) -> None:
    found = _found(nlp, "Obama spoke on Monday. Congress debates Obamas plan for strikes.")
    assert [text for text, label, _ in found if label == "PERSON"] == ["Obama", "Obama"]
    found = _found(nlp, "The United States and Syria talked.")
    assert ("United States", "LOCATION", "location:united-states") in found


def test_a_name_beside_a_place_word_is_a_place(nlp: Language) -> None:
    found = _found(
        nlp,
        "Health workers pulled bodies of children from under rubble in the town of al-Quria "
        "in Deir ez-Zor province.",
    )
    assert ("al-Quria", "LOCATION", "location:al-quria") in found


def test_titles_are_trimmed_from_a_person(nlp: Language) -> None:
    doc = nlp("He met the new Defence Secretary General James Mattis and President Assad.")
    # As the NER sometimes has them: the titles inside the PERSON spans.
    doc.ents = [Span(doc, 4, 9, label="PERSON"), Span(doc, 10, 12, label="PERSON")]
    assert [(e.text, e.canonical) for e in extract_entities(doc)] == [
        ("James Mattis", "James Mattis"),
        ("Assad", "Assad"),
    ]


def test_outlets_are_organizations_not_people(nlp: Language) -> None:
    found = _found(nlp, "Security sources told Al-Manar and Sputnik that the clashes went on.")
    assert ("Al-Manar", "ORGANIZATION", "al-manar") in found
    assert ("Sputnik", "ORGANIZATION", "sputnik") in found


def test_a_plural_nationality_stays_one_when_the_gazetteer_matched_it() -> None:
    syrians = EntityMention(10, 17, "Syrians", "NATIONALITY", "Syrians", "nationality:syrians")
    aleppo = EntityMention(30, 36, "Aleppo", "NATIONALITY", "Aleppo", "nationality:aleppo")
    places = [
        Place(10, 17, "Syrians", name="Sariwŏn-si", country="KP"),
        Place(30, 36, "Aleppo", name="Aleppo", geonameid=170063, country="SY"),
    ]
    reconciled = reconcile_entities([syrians, aleppo], places, [])
    assert [(e.text, e.label) for e in reconciled] == [
        ("Syrians", "NATIONALITY"),
        ("Aleppo", "LOCATION"),
    ]


def test_alias_tables_are_well_formed() -> None:
    entities = known_entities()
    assert len({e.id for e in entities}) == len(entities)
    assert {e.label for e in entities} == {"ORGANIZATION", "WEAPON", "MILITARY_PLATFORM"}
    assert all(e.source and e.aliases and e.canonical for e in entities)
    for name in ("not_nationalities.csv", "not_weapons.csv", "person_titles.csv"):
        assert all(row["source"] for row in read_rows(name))


# Regression floors on the dev gold (661 mentions in 182 sentences), set just under what
# claimgraph scores now: micro F1 on exact spans 90.8% (bare spaCy 63.5%), alias resolution
# 100%. The goal of issue 3 is to beat bare spaCy by a wide margin (15 points here).
F1_FLOOR = 0.87
ALIAS_FLOOR = 0.95
MARGIN = 0.15


@pytest.mark.skipif(not GOLD["dev"].exists(), reason="no dev entity gold")
def test_dev_gold_beats_bare_spacy_by_a_wide_margin(nlp: Language) -> None:
    sentences = load_gold(GOLD["dev"])
    assert len(sentences) >= 150
    ours = predict(System("claimgraph", nlp, claimgraph_mentions), sentences)
    baseline = predict(System("spaCy", spacy.load(DEFAULT_PIPELINE), spacy_mentions), sentences)
    own_f1 = count(sentences, ours).exact_prf()[2]
    base_f1 = count(sentences, baseline).exact_prf()[2]
    assert own_f1 >= F1_FLOOR
    assert own_f1 >= base_f1 + MARGIN
    resolved = alias_accuracy(sentences, ours)
    assert sum(resolved) / len(resolved) >= ALIAS_FLOOR
