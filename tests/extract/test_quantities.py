"""The quantities extractor: figures, hedges, units, what is counted and what happened."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.extract.quantities import EVENT_CATEGORIES, extract_quantities, level_reached
from claimgraph.records import Quantity

CATEGORIES = {
    "KILL",
    "WOUND",
    "DISPLACE",
    "ARREST",
    "KIDNAP",
    "FORCES",
    "EQUIPMENT",
    "TERRITORY",
    "MONEY",
    "DURATION",
    "SHARE",
    "OTHER",
}
COMPARATORS = {"=", "~", ">", ">=", "<", "<=", "up", "down"}
# The session-scoped ``nlp`` fixture is safe to share between generated examples.
FIXTURE_CHECK = HealthCheck.function_scoped_fixture


def figures(nlp: Language, text: str) -> list[Quantity]:
    """Extract from ``text`` and check the offset contract on every figure."""
    doc = nlp(text)
    found = extract_quantities(doc)
    for quantity in found:
        assert quantity.text == doc.text[quantity.start : quantity.end]
        assert quantity.comparator in COMPARATORS
        assert quantity.category in CATEGORIES
    return found


def figure(nlp: Language, text: str, span: str) -> Quantity:
    """The one figure whose text is ``span``."""
    found = [q for q in figures(nlp, text) if q.text == span]
    assert len(found) == 1, [q.text for q in figures(nlp, text)]
    return found[0]


# -- the Mosul reports (examples/mosul) ---------------------------------------------------

MOSUL_FORCES = (
    "Altogether 54,000 Iraqi troops and 5,000 US servicemen – supported by 90 warplanes and "
    "150 heavy artillery pieces – were invested in the Mosul campaign when it was launched "
    "in October."
)


@pytest.mark.parametrize(
    ("span", "value", "counted", "category", "who"),
    [
        ("54,000", 54000, "Iraqi troops", "FORCES", "soldiers"),
        ("5,000", 5000, "US servicemen", "FORCES", "soldiers"),
        ("90", 90, "warplanes", "EQUIPMENT", None),
        ("150", 150, "heavy artillery pieces", "EQUIPMENT", None),
    ],
)
def test_forces_and_equipment(nlp, span, value, counted, category, who):
    q = figure(nlp, MOSUL_FORCES, span)
    assert (q.value, q.low, q.high) == (value, value, value)
    assert (q.counted, q.category, q.who) == (counted, category, who)
    assert (q.approx, q.comparator, q.unit) == (None, "=", None)


def test_mosul_forces_sentence_has_exactly_four_figures(nlp):
    assert [q.text for q in figures(nlp, MOSUL_FORCES)] == ["54,000", "5,000", "90", "150"]


def test_fighters_without_a_kill_verb_are_forces(nlp):
    q = figure(nlp, "They proved unable to beat 9,000 jihadists.", "9,000")
    assert (q.value, q.counted, q.category, q.who) == (9000, "jihadists", "FORCES", "fighters")


@pytest.mark.parametrize("tenth", ["one tenth", "one-tenth", "onetenth"])
def test_hedged_fraction_of_territory(nlp, tenth):
    text = f"Iraqi forces have gained no more than {tenth} of the territory assigned them."
    q = figure(nlp, text, f"no more than {tenth}")
    assert q.value == pytest.approx(0.1)
    assert (q.approx, q.comparator, q.unit) == ("no more than", "<=", "fraction")
    assert (q.counted, q.category) == ("territory", "TERRITORY")


def test_percent_of_civilians_who_fled(nlp):
    text = "“Around 15 per cent of the civilians managed to flee, the others are in there,” he said"
    q = figure(nlp, text, "Around 15 per cent")
    assert (q.value, q.unit, q.approx, q.comparator) == (15, "percent", "around", "~")
    # The clause's verb decides over the default SHARE of a percentage.
    assert (q.counted, q.who, q.category) == ("civilians", "civilians", "DISPLACE")


def test_percent_without_an_event_is_a_share(nlp):
    q = figure(nlp, "About 70% of the residents are farmers.", "About 70%")
    assert (q.value, q.unit, q.category, q.counted) == (70, "percent", "SHARE", "residents")


def test_one_million_moved_to_safety(nlp):
    text = (
        "One million more were moved to safety in what the United Nations has called the "
        "largest managed evacuation from a combat zone in modern history."
    )
    q = figure(nlp, text, "One million")
    assert (q.value, q.category, q.comparator) == (1_000_000, "DISPLACE", "=")


def test_duration_in_weeks(nlp):
    text = (
        "The failure of the US-backed Iraqi army offensive to liberate Mosul – nine weeks "
        "after it began – could no longer be denied"
    )
    [q] = figures(nlp, text)
    assert (q.text, q.value, q.unit, q.category, q.counted) == (
        "nine weeks",
        9,
        "week",
        "DURATION",
        None,
    )


def test_dozens_follows_the_acled_convention(nlp):
    text = (
        "The convoy included some of the group’s most notorious surviving members alongside "
        "dozens of foreign fighters."
    )
    q = figure(nlp, text, "dozens")
    # ACLED codes "dozens" as 12; literally it means two dozen to ninety-nine.
    assert (q.value, q.low, q.high) == (12, 24, 99)
    assert (q.approx, q.comparator) == ("dozens", "~")
    assert (q.counted, q.who, q.category) == ("foreign fighters", "fighters", "FORCES")


def test_thousands_of_civilians_died(nlp):
    text = (
        "And even though thousands of civilians died in Mosul, the death toll could have "
        "been higher."
    )
    [q] = figures(nlp, text)
    assert (q.text, q.value, q.low, q.high) == ("thousands", 1000, 2000, 9999)
    assert (q.counted, q.who, q.category) == ("civilians", "civilians", "KILL")


def test_hundreds_of_thousands_is_one_figure(nlp):
    text = "“Hundreds of thousands miraculously made it out alive,” the western diplomat said."
    [q] = figures(nlp, text)
    assert (q.text, q.value, q.low, q.high) == ("Hundreds of thousands", 1e5, 2e5, 999_999)
    assert q.approx == "hundreds of thousands"


def test_example_reports_keep_the_offset_contract(nlp, examples_dir: Path):
    for path in sorted((examples_dir / "mosul").glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        found = extract_quantities(doc)
        assert found, path.name
        ends = [0]
        for q in found:
            assert q.text == doc.text[q.start : q.end]
            assert q.start >= ends[-1], "figures are in text order and do not overlap"
            ends.append(q.end)
        # Dates, the caption "Mosul folds 2" and "one coalition officer" are not figures.
        texts = {q.text for q in found}
        assert not texts & {"2016", "2017", "4", "2", "one", "One", "first"}


# -- FA-KES style casualty reports ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "category", "approx", "comparator", "who"),
    [
        ("A bomb blast killed six people in Aleppo", "six", 6, "KILL", None, "=", None),
        (
            "Suicide bombing kills at least 16 in northeast Syria",
            "at least 16",
            16,
            "KILL",
            "at least",
            ">=",
            None,
        ),
        ("22 dead in heavy U.S. raids", "22", 22, "KILL", None, "=", None),
        (
            "Six civilians including two children were killed",
            "Six",
            6,
            "KILL",
            None,
            "=",
            "civilians",
        ),
        (
            "Six civilians including two children were killed",
            "two",
            2,
            "KILL",
            None,
            "=",
            "children",
        ),
        (
            "at least 70 people were killed and dozens wounded",
            "at least 70",
            70,
            "KILL",
            "at least",
            ">=",
            None,
        ),
        (
            "at least 70 people were killed and dozens wounded",
            "dozens",
            12,
            "WOUND",
            "dozens",
            "~",
            None,
        ),
        ("the death toll rose to 86", "86", 86, "KILL", None, "=", None),
        ("the death toll rose to at least 86", "at least 86", 86, "KILL", "at least", ">=", None),
        ("the death toll rose by 5", "5", 5, "KILL", None, "up", None),
        ("killing 100 including 25 children", "100", 100, "KILL", None, "=", None),
        ("killing 100 including 25 children", "25", 25, "KILL", None, "=", "children"),
        (
            "A bomb blast killed six people and injured 32 in Aleppo",
            "32",
            32,
            "WOUND",
            None,
            "=",
            None,
        ),
        ("The toll stood at 58 including 11 children", "58", 58, "KILL", None, "=", None),
        (
            "Dozens of people have been killed in Idlib province",
            "Dozens",
            12,
            "KILL",
            "dozens",
            "~",
            None,
        ),
        (
            "Ten children were among at least 48 people killed in the village.",
            "Ten",
            10,
            "KILL",
            None,
            "=",
            "children",
        ),
        ("The attack left five people dead and 12 injured.", "five", 5, "KILL", None, "=", None),
    ],
)
def test_casualty_reports(nlp, text, span, value, category, approx, comparator, who):
    q = figure(nlp, text, span)
    assert (q.value, q.category, q.approx, q.comparator, q.who) == (
        value,
        category,
        approx,
        comparator,
        who,
    )


def test_fakes_text_without_thousands_separators(nlp):
    q = figure(nlp, "More than 230000 people have been killed in Syria.", "More than 230000")
    assert (q.value, q.comparator, q.category) == (230_000, ">", "KILL")


def test_the_killers_are_not_the_killed(nlp):
    found = {q.text: q for q in figures(nlp, "Five gunmen killed three civilians.")}
    assert (found["Five"].category, found["Five"].who) == ("FORCES", "fighters")
    assert (found["three"].category, found["three"].who) == ("KILL", "civilians")


def test_the_verb_decides_over_the_counted_noun(nlp):
    q = figure(nlp, "Government forces executed 15 detainees by shooting.", "15")
    assert (q.counted, q.category) == ("detainees", "KILL")


def test_arrests_and_kidnappings(nlp):
    found = {
        q.text: q.category
        for q in figures(nlp, "The army detained 15 suspects and gunmen abducted 4 aid workers.")
    }
    assert found == {"15": "ARREST", "4": "KIDNAP"}


def test_a_place_in_a_preposition_is_not_the_dead(nlp):
    found = {q.text: q for q in figures(nlp, "15 civilians were killed in four air strikes.")}
    assert found["15"].category == "KILL"
    assert (found["four"].category, found["four"].counted) == ("OTHER", "air strikes")


# -- what is not a figure -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“When we closed the door, it was very nasty business,” one coalition officer said.",
        "One of the soldiers, his face scarred by shrapnel, recounted the final days of fighting.",
        "In November 2016, with the battle for Mosul well under way, the militia moved in.",
        "The delegation arrived there Sunday, December 4, travelling unhindered.",
        "Fri 07 Apr 2017 at 0914 Homs governor says U.S. attack caused deaths",
        "Mosul became one of the worst urban battles since the Second World War.",
        "For the first time, Iraqi forces did not leave a back door.",
        "The Peshmerga, which three weeks ago turned their backs on the campaign, returned.",
        "A boy was hurt at 5 pm.",
        "She put her hand on the 4G phone and the 3D printer.",
        "Dak Prescott (4) celebrates a touchdown.",
        "The stock joined the S&P 500 last year.",
        "Get short URL 612 0 0 Syrian army troops advanced.",
        "Shares fell after the iPhone 14 launch.",
        "The clinic is open 24/7 since 4/7.",
        "The council passed UN Resolution 2254 unanimously.",
        "A third attacker blew himself up in the first half of the year.",
        "One could argue that the officials could have saved lives.",
    ],
)
def test_not_figures(nlp, text):
    assert figures(nlp, text) == []


# -- number forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Twenty-five soldiers arrived.", "Twenty-five", 25),
        ("They counted one hundred and twenty civilians.", "one hundred and twenty", 120),
        ("Some 1.5 million people live there.", "Some 1.5 million", 1_500_000),
        ("Two-thirds of the city is in ruins.", "Two-thirds", 2 / 3),
        ("Half a million people fled.", "Half a million", 500_000),
        (
            "More than a quarter of a million people were killed.",
            "More than a quarter of a million",
            250_000,
        ),
        ("A dozen soldiers were deployed.", "A dozen", 12),
        ("Two dozen police were deployed.", "Two dozen", 24),
        ("The siege lasted two and a half years.", "two and a half years", 2.5),
        ("Officials said 54000 people were killed.", "54000", 54000),
        ("Nearly half the population fled.", "Nearly half", 0.5),
    ],
)
def test_number_forms(nlp, text, span, value):
    assert figure(nlp, text, span).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("Between 70 and 100 people were killed.", "Between 70 and 100", 70, 100),
        ("70 to 100 people were killed.", "70 to 100", 70, 100),
        ("Five or six people were killed.", "Five or six", 5, 6),
        ("Between 5% and 6% of the voters abstained.", "Between 5% and 6%", 5, 6),
        ("It cost 5 to 6 million dollars.", "5 to 6 million dollars", 5e6, 6e6),
    ],
)
def test_ranges(nlp, text, span, low, high):
    q = figure(nlp, text, span)
    assert (q.low, q.high) == (low, high)
    assert q.value == low  # the conservative end, as ACLED does
    assert (q.approx, q.comparator) == (None, "=")


@pytest.mark.parametrize(
    ("text", "span", "value", "low", "high", "approx"),
    [
        ("Several hundred fighters were evacuated.", "Several hundred", 300, 300, 900, "several"),
        ("A few dozen civilians were evacuated.", "A few dozen", 36, 24, 60, "a few"),
        ("Scores of people were arrested.", "Scores", 40, 40, 99, "scores"),
        ("Tens of thousands fled.", "Tens of thousands", 1e4, 2e4, 99_999, "tens of thousands"),
    ],
)
def test_vague_amounts(nlp, text, span, value, low, high, approx):
    q = figure(nlp, text, span)
    assert (q.value, q.low, q.high, q.approx, q.comparator) == (value, low, high, approx, "~")


def test_scores_needs_of(nlp):
    assert figures(nlp, "The test scores were published.") == []


@pytest.mark.parametrize(
    ("text", "span", "unit", "category"),
    [
        ("The group received $5 million from donors.", "$5 million", "USD", "MONEY"),
        ("The group received 3,000 euros from donors.", "3,000 euros", "EUR", "MONEY"),
        (
            "Rebels hold 300 square kilometres near the border.",
            "300 square kilometres",
            "km2",
            "TERRITORY",
        ),
        ("The town lies 12 km north of Aleppo.", "12 km", "km", "OTHER"),
        ("A 5-day truce began.", "5-day", "day", "DURATION"),
        ("The battle lasted nine months.", "nine months", "month", "DURATION"),
    ],
)
def test_units(nlp, text, span, unit, category):
    q = figure(nlp, text, span)
    assert (q.unit, q.category) == (unit, category)


def test_right_hand_hedges(nlp):
    found = {q.text: q for q in figures(nlp, "50 or so fighters and 20 or more civilians.")}
    assert (found["50 or so"].approx, found["50 or so"].comparator) == ("or so", "~")
    assert (found["20 or more"].approx, found["20 or more"].comparator) == ("or more", ">=")


def test_a_strong_force(nlp):
    q = figure(nlp, "A 5,000-strong force attacked the town.", "5,000-strong")
    assert (q.value, q.counted, q.category) == (5000, "force", "FORCES")


# -- data files and properties --------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("claimgraph.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def test_vague_numbers_file_is_consistent():
    rows = {row["phrase"]: row for row in _rows("vague_numbers.csv")}
    for phrase in (
        "a few",
        "several",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "tens of thousands",
        "hundreds of thousands",
        "millions",
    ):
        assert phrase in rows
    for row in rows.values():
        assert float(row["low"]) <= float(row["high"])
    # ACLED's best values where it states one.
    acled = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
    assert {phrase: float(rows[phrase]["value"]) for phrase in acled} == acled


def test_units_file_is_consistent():
    rows = _rows("units.csv")
    assert rows
    for row in rows:
        assert row["term"].strip() and row["unit"].strip() and row["name"].strip()
        assert row["category"] in CATEGORIES
        assert row["before"] in ("0", "1") and row["exact"] in ("0", "1")
    # One code, one name: the name is what a code reads as in words.
    names: dict[str, set[str]] = {}
    for row in rows:
        names.setdefault(row["unit"], set()).add(row["name"])
    assert all(len(spelled) == 1 for spelled in names.values()), names


def test_counted_categories_file_uses_known_categories():
    rows = _rows("counted_categories.csv")
    assert rows
    for row in rows:
        assert row["term"].strip()
        assert not row["category"] or row["category"] in CATEGORIES
    events = {row["category"] for row in rows} & EVENT_CATEGORIES
    assert events == EVENT_CATEGORIES


def _is_year_like(n: int) -> bool:
    return 1800 <= n <= 2099


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(
    n=st.integers(min_value=0, max_value=10**12).filter(lambda n: not _is_year_like(n)),
    separators=st.booleans(),
)
def test_any_integer_killed_is_read_back(nlp, n, separators):
    # Comma-less 1800..2099 are left out: "2016 people" is genuinely ambiguous with a year.
    number = f"{n:,}" if separators else str(n)
    text = f"Officials said {number} people were killed."
    [q] = figures(nlp, text)
    assert q.value == n
    assert q.text == number == text[q.start : q.end]
    assert (q.counted, q.category) == ("people", "KILL")


@settings(max_examples=40, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(
    text=st.lists(
        st.sampled_from(
            [
                "At least 16 people were killed",
                "dozens wounded",
                "in 2016",
                "about 5 km away",
                "one officer said",
                "Around 15 per cent of the civilians fled",
                "and",
                ",",
                "nine weeks",
                "between 5 and 10",
                "half of the city",
                "on December 4",
                "$5 million",
                "Two-thirds",
                "the first time",
                "3,000 troops",
            ]
        ),
        min_size=1,
        max_size=8,
    ).map(" ".join)
)
def test_spans_always_point_into_the_text(nlp, text):
    doc = nlp(text)
    previous_end = 0
    for q in extract_quantities(doc):
        assert q.text == doc.text[q.start : q.end]
        assert q.start >= previous_end
        assert q.value is not None and q.low is not None and q.high is not None
        assert q.low <= q.high
        previous_end = q.end


def test_numbers_of_a_numeric_date_are_not_figures(nlp: Language) -> None:
    doc = nlp("29-06-2016 7 Civilians Killed in Raqqa. On 06.04.2017 some 1.5 million fled.")
    assert [(q.text, q.value) for q in extract_quantities(doc)] == [
        ("7", 7.0),
        ("some 1.5 million", 1_500_000.0),
    ]


# -- units glued to numbers, rates, ages -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("The roof has a 10kW solar array.", "10kW", 10, "kW"),
        ("It has a 1.0l engine.", "1.0l", 1, "l"),
        ("The flat measures 32m2.", "32m2", 32, "m2"),
        ("The club paid EUR50m for him.", "EUR50m", 50e6, "EUR"),
        ("Profit reached Y=590 billion.", "Y=590 billion", 590e9, "JPY"),
        ("A flat costs RM3.06mil there.", "RM3.06mil", 3.06e6, "MYR"),
        ("Each pill holds 500mg of it.", "500mg", 500, "mg"),
        ("It comes with a 5 W charger.", "5 W", 5, "W"),
        ("The panel held at 9 ksi.", "9 ksi", 9, "ksi"),
        ("The team went on to a .500 record.", ".500", 0.5, None),
    ],
)
def test_glued_and_physical_units(nlp, text, span, value, unit):
    q = figure(nlp, text, span)
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_unknown_letters_glued_to_a_number_make_no_figure(nlp):
    assert [q.text for q in figures(nlp, "F-16 jets flew over 4G masts in the 1990s.")] == []


@pytest.mark.parametrize(
    ("text", "span", "unit", "category"),
    [
        ("They pay $3,500 a month in rent.", "$3,500 a month", "USD per month", "MONEY"),
        ("The cut is 800,000 barrels a day.", "800,000 barrels a day", "bbl per day", "OTHER"),
        (
            "It hosts one 52,000 barrel-a-day refinery.",
            "52,000 barrel-a-day",
            "bbl per day",
            "OTHER",
        ),
        ("It lost 63 cents per share.", "63 cents per share", "cent per share", "MONEY"),
        ("It cost $21.25 per square foot.", "$21.25 per square foot", "USD per sq ft", "MONEY"),
    ],
)
def test_rates(nlp, text, span, unit, category):
    q = figure(nlp, text, span)
    assert (q.unit, q.category) == (unit, category)


def test_a_distance_a_village_is_no_rate(nlp):
    q = figure(nlp, "They advanced 5 km a village at a time.", "5 km")
    assert q.unit == "km"


@pytest.mark.parametrize(
    ("text", "span", "value", "about"),
    [
        ("A 12-year-old boy was hurt.", "12-year-old", 12, "boy"),
        ("The 68 year-old Washington argued.", "68 year-old", 68, "Washington"),
        ("John Smith, 44, said he saw it.", "44", 44, "John Smith"),
        # Told by the words before it, not by a unit after it.
        ("Two women aged 25 and 30 were killed.", "25", 25, "women"),
        ("Two women aged 25 and 30 were killed.", "30", 30, "women"),
        ("They hired women aged 25 to 54.", "25 to 54", 25, "women"),
        ("Three men aged between 20 and 40 were killed.", "between 20 and 40", 20, "men"),
    ],
)
def test_ages(nlp, text, span, value, about):
    q = figure(nlp, text, span)
    assert (q.value, q.unit, q.category, q.counted, q.about) == (
        value,
        "year of age",
        "OTHER",
        None,  # an age counts nobody: no casualties from "a 12-year-old boy"
        about,
    )


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("There are four to five thousand people.", "four to five thousand", 4000, 5000),
        ("Sizes run from 450 sq ft up to 900 sq ft.", "from 450 sq ft up to 900 sq ft", 450, 900),
        ("It cost RM120,000 to RM300,000.", "RM120,000 to RM300,000", 120_000, 300_000),
        # A fall, two ends that repeat their unit and a score keep their two ends, lower
        # first.
        ("The density fell from 1.3 to 0.03.", "from 1.3 to 0.03", 0.03, 1.3),
        ("A density of 1.3 A/cm2 to 0.03 A/cm2.", "1.3 A/cm2 to 0.03 A/cm2", 0.03, 1.3),
        ("They had a 9-2 lead.", "9-2", 2, 9),
    ],
)
def test_more_ranges(nlp, text, span, low, high):
    q = figure(nlp, text, span)
    assert (q.value, q.low, q.high) == (low, low, high)


def test_a_ratio_is_no_range(nlp):
    assert [q.text for q in figures(nlp, "They won by 3 to 1 in the end.")] == ["3", "1"]


# -- changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "comparator", "approx"),
    [
        ("Nvidia advanced 8% on Monday.", "8%", "up", None),
        ("Broadcom gained 3% on Monday.", "3%", "up", None),
        ("The index was trending up 0.2% today.", "0.2%", "up", None),
        ("Futures were up 0.25 points, or 0.01%.", "0.01%", "up", None),
        ("Pensions will increase by around 1 percent.", "around 1 percent", "up", "around"),
        ("Profit was revised downward by $40 million.", "$40 million", "down", None),
        ("Shares plummeted 12% on Friday.", "12%", "down", None),
        ("Sales skyrocketed 40% last year.", "40%", "up", None),
        # A loss is no change, nor is a verb's particle: "lost $5 million", "shot down".
        ("Rebels shot down two helicopters.", "two", "=", None),
        ("The firm lost $5 million last year.", "$5 million", "=", None),
        # A range's bounds are stated.
        ("Prices will increase between 5% and 6%.", "between 5% and 6%", "=", None),
        # A level a change reaches is no amount of change.
        ("Inflation fell to 1.9% in May.", "1.9%", "=", None),
        ("Sales rose 5% to $3 billion.", "5%", "up", None),
        ("Sales rose 5% to $3 billion.", "$3 billion", "=", None),
        # "by X to Y" tells the amount and the level, unless one unit follows both ends.
        ("The death toll rose by 15 to 35.", "15", "up", None),
        ("The death toll rose by 15 to 35.", "35", "=", None),
        ("Prices will rise by 5 to 10 percent.", "5 to 10 percent", "=", None),
        ("Pensions will rise to around $900 a month.", "around $900 a month", "~", "around"),
        # A hedge the parser takes for a preposition still hedges a change's amount; "rose
        # above 4%" tells a level crossed.
        ("Qualcomm rose under 4% on Monday.", "under 4%", "up", "under"),
        ("Inflation rose above 4% in May.", "4%", "=", None),
    ],
)
def test_changes(nlp, text, span, comparator, approx):
    q = figure(nlp, text, span)
    assert (q.comparator, q.approx) == (comparator, approx)


@pytest.mark.parametrize(
    ("text", "span", "reached"),
    [
        ("The death toll rose to 86 on Sunday.", "86", "up"),
        ("The death toll rose to 86 people on Sunday.", "86 people", "up"),
        ("The attack raised the death toll to 61.", "61", "up"),
        ("Inflation fell to 1.9% in May.", "1.9%", "down"),
        # The amount of a change, and a figure no change is told of, reach no level.
        ("The death toll rose by 5 on Sunday.", "5", None),
        ("The death toll rose by 15 to 35.", "15", None),
        ("The death toll rose by 15 to 35.", "35", "up"),
        ("Sales rose 5% to $3 billion.", "5%", None),
        ("The death toll stood at 86 on Sunday.", "86", None),
        ("A car bomb killed 20 people.", "20 people", None),
    ],
)
def test_level_reached(nlp, text, span, reached):
    doc = nlp(text)
    start = text.index(span)
    tokens = doc.char_span(start, start + len(span))
    assert tokens is not None
    assert level_reached(tokens) == reached


# -- "one" -----------------------------------------------------------------------------------


def test_one_before_a_noun_that_is_no_subject_is_a_figure(nlp):
    q = figure(nlp, "She put one hand behind her head.", "one")
    assert (q.value, q.counted) == (1, "hand")


# -- what a figure is about ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "about"),
    [
        ("Chris Wood has scored 22 goals this season.", "22", "Chris Wood"),
        ("Nvidia rose 8% on Monday.", "8%", "Nvidia"),
        ("The giant expects a net profit of $5 billion.", "$5 billion", "net profit, giant"),
        ("Total Cost: $72,370 for the car.", "$72,370", "Total Cost"),
        ("The roof has a 10kW solar array.", "10kW", "solar array, roof"),
        ("60 per cent of its revenue comes from ads.", "60 per cent", "its revenue"),
        ("Dairy prices are expected to increase 4% this year.", "4%", "Dairy prices"),
        ("It is a package which was worth up to $2.7m.", "up to $2.7m", "worth, package"),
        ("They would need ten users to break even.", "ten", None),  # a pronoun
        ("The battery-powered car cost $40,000.", "$40,000", "battery-powered car"),
        ("About 70% voted against the plan.", "About 70%", None),  # the figure is the subject
    ],
)
def test_about(nlp, text, span, about):
    assert figure(nlp, text, span).about == about


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("The sheet is 1/16 inch thick.", "1/16 inch", 1 / 16, "in"),
        ("The road is 2 1/2 miles long.", "2 1/2 miles", 2.5, "mi"),
        ("They waited 1½ hours.", "1½ hours", 1.5, "hour"),
        ("Some ¾ of them left.", "Some ¾", 0.75, "fraction"),
        ("A 30C heat wave hit.", "30C", 30, "°C"),
        ("Prices rose 5pc last year.", "5pc", 5, "percent"),
    ],
)
def test_written_fractions_and_glued_units(nlp, text, span, value, unit):
    q = figure(nlp, text, span)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_a_raised_toll_is_a_toll_of_the_dead(nlp):
    q = figure(nlp, "The attack raised the death toll to 61.", "61")
    assert (q.category, q.comparator) == ("KILL", "=")


def test_a_count_after_an_age_is_no_age(nlp):
    q = figure(nlp, "Nick Hague, 44, and two children were killed.", "two")
    assert (q.unit, q.counted, q.category) == (None, "children", "KILL")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Children under the age of 18 were killed.", "18"),
        ("Children under the age of 5 years died.", "5 years"),  # no duration
    ],
)
def test_a_hedged_age_after_its_cue(nlp, text, span):
    q = figure(nlp, text, span)
    assert (q.text, q.unit, q.counted, q.approx, q.comparator, q.about) == (
        span,  # the hedge and "the age of" stay out of the figure
        "year of age",
        None,
        "under",
        "<",
        "Children",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The particles measure 15.5 cm (6.1 inches) and 23.5 cm across.",
        "The particles measure between 15.5 cm (6.1 inches) and 23.5 cm (9.2 inches) across.",
    ],
)
def test_a_conversion_or_a_list_is_about_the_same_thing(nlp, text):
    found = figures(nlp, text)
    assert len(found) > 2 and len({q.about for q in found}) == 1


def test_a_measure_is_about_what_it_is_of_past_a_conversion(nlp):
    found = figures(nlp, "It will be the hub for 8 miles (13 kilometers) of new tunnels.")
    assert [q.about for q in found] == ["new tunnels, hub", "new tunnels, hub"]


def test_a_model_number_after_a_count_is_no_figure(nlp):
    assert [q.text for q in figures(nlp, "Boeing delivered 35 737 MAX jets in March.")] == ["35"]
