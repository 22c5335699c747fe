"""The casualties summary: the report's own best killed and wounded figures per group."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from spacy.language import Language

from claimgraph.extract import extract
from claimgraph.extract.casualties import summarize_casualties
from claimgraph.extract.entities import extract_entities
from claimgraph.extract.quantities import extract_quantities
from claimgraph.records import (
    CASUALTY_GROUPS,
    Casualties,
    CasualtyCounts,
    CasualtyFigure,
    Extraction,
    Quantity,
)
from tests.factories import make_document


def summarize(nlp: Language, text: str) -> tuple[Casualties, list[Quantity]]:
    """The summary of ``text`` and the figures it points into, checking every pointer."""
    doc = nlp(text)
    quantities = sorted(extract_quantities(doc), key=lambda q: (q.start, q.end))
    entities = sorted(extract_entities(doc), key=lambda e: (e.start, e.end))
    casualties = summarize_casualties(doc, quantities, entities)
    for counts in (casualties.killed, casualties.wounded):
        for group in CASUALTY_GROUPS:
            figure = getattr(counts, group)
            if figure is None:
                continue
            sentence = figure.sentence
            assert sentence.text == text[sentence.start : sentence.end]
            for index in [figure.quantity] if figure.quantity is not None else figure.parts:
                assert sentence.start <= quantities[index].start < sentence.end or figure.parts
    return casualties, quantities


def value(counts: CasualtyCounts, group: str) -> float | None:
    """The value of one group's figure, None where there is none."""
    figure: CasualtyFigure | None = getattr(counts, group)
    return None if figure is None else figure.value


def values(counts: CasualtyCounts) -> dict[str, float | None]:
    """Every group's value."""
    return {group: value(counts, group) for group in CASUALTY_GROUPS}


# -- who is counted -----------------------------------------------------------------------


def test_people_make_a_total_not_civilians(nlp: Language) -> None:
    casualties, quantities = summarize(
        nlp, "A bomb blast killed six people and injured 32 in the Salah al-Din district of Aleppo."
    )
    assert values(casualties.killed) == {
        "civilians": None,
        "children": None,
        "women": None,
        "combatants": None,
        "total": 6,
    }
    assert value(casualties.wounded, "total") == 32
    killed = casualties.killed.total
    assert killed is not None and killed.quantity is not None
    assert quantities[killed.quantity].text == "six"
    assert killed.sentence.start == 0


def test_civilians_named_apart_from_the_total(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Six civilians were among at least 22 people killed in U.S. air strikes on Raqqa on "
        "Saturday, a monitor said. The rest of the dead were Islamic State fighters.",
    )
    assert value(casualties.killed, "civilians") == 6
    assert value(casualties.killed, "total") == 22


def test_combatants_by_noun_and_by_named_group(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "Four Hezbollah members were killed in Syria on Tuesday.")
    assert values(casualties.killed)["combatants"] == 4
    casualties, _ = summarize(
        nlp, "An Israeli strike killed five Syrian forces near Quneitra on Wednesday."
    )
    assert value(casualties.killed, "combatants") == 5
    assert value(casualties.killed, "civilians") is None


def test_a_kind_of_civilian_gives_way_to_the_total(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp, "Two medics were among at least 31 people killed in the shelling of Jayrud."
    )
    assert value(casualties.killed, "total") == 31
    assert value(casualties.killed, "civilians") is None
    casualties, _ = summarize(
        nlp, "At least eight civil defence workers were killed when an air strike hit their office."
    )
    assert value(casualties.killed, "civilians") == 8


def test_a_figure_of_women_and_children_counts_civilians(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "The air strike killed eight women and children in the town.")
    assert value(casualties.killed, "women") is None
    assert value(casualties.killed, "children") is None
    assert value(casualties.killed, "civilians") == 8


def test_others_added_to_another_figure_are_no_total(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "At least 15 civilians were killed in raids on Manbij while six others were killed in "
        "a village near the city.",
    )
    assert value(casualties.killed, "civilians") == 15
    assert value(casualties.killed, "total") is None


# -- events told around a figure ----------------------------------------------------------


def test_children_among_the_dead(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Ten children were among at least 48 people killed in a Syrian village when regime "
        "forces executed six families, a monitor said.",
    )
    assert value(casualties.killed, "children") == 10
    assert value(casualties.killed, "total") == 48


def test_a_list_of_those_killed(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Air strikes hit the market of Atareb on Monday. Those killed included six women, five "
        "children and three police officers, the monitor said.",
    )
    assert value(casualties.killed, "women") == 6
    assert value(casualties.killed, "children") == 5
    assert value(casualties.killed, "combatants") == 3


def test_headline_shorthand(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp, "10 civilians killed 15 injured in terrorist rocket attacks on Aleppo"
    )
    assert value(casualties.killed, "civilians") == 10
    assert value(casualties.wounded, "total") == 15


# -- which figure is the main event's -----------------------------------------------------


def test_a_war_total_in_the_body_is_not_the_event(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Air strikes killed 16 civilians in Aleppo on Tuesday, a monitor said. The raids hit a "
        "market. Rescue workers searched the rubble. Shops were closed. "
        "More than 280000 people have been killed in Syria's war.",
    )
    assert value(casualties.killed, "civilians") == 16
    assert value(casualties.killed, "total") is None


def test_another_event_in_the_lead_is_left_out(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Clashes killed 40 rebel fighters north of Aleppo on Thursday. Meanwhile, shelling "
        "killed two civilians in Damascus.",
    )
    assert value(casualties.killed, "combatants") == 40
    assert value(casualties.killed, "civilians") is None


def test_a_rise_in_the_lead_updates_the_toll(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "A car bomb killed at least 20 people in Azaz on Sunday. The death toll later rose to "
        "35, the monitor said.",
    )
    assert value(casualties.killed, "total") == 35


def test_a_rise_to_a_level_is_the_toll_not_a_change(nlp: Language) -> None:
    casualties, quantities = summarize(nlp, "The death toll rose to 86 on Sunday.")
    total = casualties.killed.total
    assert total is not None and total.value == 86
    assert total.quantity is not None and quantities[total.quantity].comparator == "="


def test_the_amount_of_a_rise_is_no_toll(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "The death toll rose by 5 on Sunday.")
    assert casualties.killed.total is None
    casualties, _ = summarize(
        nlp,
        "A car bomb killed at least 20 people in Azaz on Sunday. The death toll later rose by "
        "5, the monitor said.",
    )
    assert value(casualties.killed, "total") == 20
    casualties, _ = summarize(
        nlp,
        "A car bomb killed at least 20 people in Azaz on Sunday. The death toll later rose by "
        "15 to 35, the monitor said.",
    )
    assert value(casualties.killed, "total") == 35


def test_ages_are_no_toll(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "Two women aged 25 and 30 were killed in the strike.")
    assert value(casualties.killed, "women") == 2
    assert value(casualties.killed, "total") is None
    casualties, _ = summarize(nlp, "Three men aged between 20 and 40 were killed on Monday.")
    assert value(casualties.killed, "total") is None


def test_the_first_figure_stands_against_a_later_different_one(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "A suicide bombing killed at least 70 people in Jableh on Monday. "
        "Officials said 86 people were killed in the town.",
    )
    total = casualties.killed.total
    assert total is not None and total.value == 70


def test_a_number_beats_a_vague_word(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "Dozens of people have been killed in Idlib province on Tuesday. The monitor put the "
        "death toll at 58.",
    )
    assert value(casualties.killed, "total") == 58


def test_parts_must_fit_the_whole(nlp: Language) -> None:
    casualties, _ = summarize(
        nlp,
        "A suicide bomber killed four people in a hospital in Qardaha on Sunday. Troops had "
        "executed 48 civilians earlier in the week in a northern village.",
    )
    assert value(casualties.killed, "total") == 4
    assert value(casualties.killed, "civilians") is None


def test_civilians_and_combatants_of_one_sentence_add_up(nlp: Language) -> None:
    casualties, quantities = summarize(
        nlp, "The raid on the village killed five civilians and 10 fighters on Friday."
    )
    total = casualties.killed.total
    assert total is not None and total.value == 15
    assert total.quantity is None
    assert [quantities[i].text for i in total.parts] == ["five", "10"]


def test_a_date_is_not_a_figure(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "29-06-2016 7 Civilians Killed in Terrorist Car Attack")
    assert value(casualties.killed, "civilians") == 7


def test_no_casualties(nlp: Language) -> None:
    casualties, _ = summarize(nlp, "The talks in Geneva ended on Friday without an agreement.")
    assert casualties == Casualties()


# -- the record and its data ---------------------------------------------------------------


def test_extraction_carries_the_summary(nlp: Language) -> None:
    text = "A bomb blast killed six people and injured 32 in Aleppo on Wednesday."
    document = make_document(text, doc_id="x")
    record = extract(document, nlp(text)).to_dict()
    killed = record["casualties"]["killed"]
    assert killed["civilians"] is None
    assert killed["total"]["value"] == 6
    assert record["quantities"][killed["total"]["quantity"]]["text"] == "six"
    assert killed["total"]["sentence"]["start"] == 0
    assert killed["total"]["parts"] == []
    assert Extraction(document).to_dict()["casualties"] is None


@pytest.mark.parametrize("name", ["casualty_groups.csv"])
def test_group_table_is_well_formed(name: str) -> None:
    path = resources.files("claimgraph.data").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert rows
    seen = set()
    for row in rows:
        assert row["match"] in ("who", "noun", "entity"), row
        assert row["group"] in (*CASUALTY_GROUPS, "others"), row
        assert row["part"] in ("", "1"), row
        assert row["term"] == row["term"].strip().lower(), row
        assert (row["match"], row["term"]) not in seen, row
        seen.add((row["match"], row["term"]))
