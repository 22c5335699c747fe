"""Figures compared with their ranges and hedges: agree, compatible, contradict, update."""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from claimgraph.assess.figures import (
    AGREE,
    COMPATIBLE,
    CONTRADICT,
    UPDATE,
    Figure,
    Reading,
    Tolerance,
    compare_figures,
    default_tolerances,
    read_figure,
)
from claimgraph.extract import extract_quantities
from claimgraph.records import (
    CasualtyFigure,
    Extraction,
    Quantity,
    Span,
)
from tests.factories import make_document


def toll(
    text: str,
    value: float,
    comparator: str = "=",
    approx: str | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    source: str | None = None,
    published: str | None = None,
) -> Figure:
    """A death toll as the quantities extractor gives it: low and high default to value."""
    return Figure(
        text,
        value,
        value if low is None else low,
        value if high is None else high,
        comparator,
        approx,
        None,
        source,
        published,
        rising=True,
    )


AT_LEAST_70 = toll("at least 70", 70, ">=", "at least", source="Reuters")
EIGHTY_SIX = toll("86", 86, source="SANA")
DOZENS = toll("dozens", 12, "~", "dozens", low=24, high=99, source="AFP")


def test_at_least_70_does_not_contradict_86() -> None:
    result = compare_figures(AT_LEAST_70, EIGHTY_SIX)
    assert result.relation == COMPATIBLE
    assert result.evidence == "'at least 70' (Reuters) is consistent with '86' (SANA): 86 ≥ 70."


def test_70_and_100_for_the_same_toll_disagree() -> None:
    result = compare_figures(toll("70", 70, source="Reuters"), toll("100", 100, source="SANA"))
    assert result.relation == CONTRADICT
    assert result.evidence == "'70' (Reuters) contradicts '100' (SANA): 70 < 100."


def test_close_plain_figures_still_disagree() -> None:
    assert compare_figures(toll("70", 70), toll("72", 72)).relation == CONTRADICT


def test_the_same_figure_agrees() -> None:
    result = compare_figures(toll("86", 86, source="AFP"), EIGHTY_SIX)
    assert result.relation == AGREE
    assert result.evidence == "'86' (AFP) agrees with '86' (SANA): both give 86."


def test_the_same_hedge_in_other_words_agrees() -> None:
    about = toll("about 100", 100, "~", "about")
    around = toll("around 100", 100, "~", "around")
    assert compare_figures(about, around).relation == AGREE


@pytest.mark.parametrize(
    ("other", "relation"),
    [
        (toll("95", 95), COMPATIBLE),
        (toll("110", 110), COMPATIBLE),
        (toll("89", 89), CONTRADICT),
        (toll("120", 120), CONTRADICT),
    ],
)
def test_about_100_reaches_a_tenth_either_way(other: Figure, relation: str) -> None:
    assert compare_figures(toll("about 100", 100, "~", "about"), other).relation == relation


def test_a_contradiction_with_a_hedged_figure_says_how_it_was_read() -> None:
    result = compare_figures(toll("about 100", 100, "~", "about", source="A"), toll("70", 70))
    assert result.evidence == (
        "'about 100' (A) contradicts '70': 70 < 90 ('about 100' read as 90 to 110)."
    )


def test_about_a_small_number_reaches_at_least_one() -> None:
    assert compare_figures(toll("about 7", 7, "~", "about"), toll("6", 6)).relation == COMPATIBLE
    assert compare_figures(toll("about 7", 7, "~", "about"), toll("9", 9)).relation == CONTRADICT


def test_nearly_reaches_below_only() -> None:
    nearly = toll("nearly 100", 100, "~", "nearly")
    assert compare_figures(nearly, toll("95", 95)).relation == COMPATIBLE
    assert compare_figures(nearly, toll("104", 104)).relation == CONTRADICT


@pytest.mark.parametrize(
    ("other", "relation"),
    [(toll("58", 58), COMPATIBLE), (toll("24", 24), COMPATIBLE), (toll("12", 12), CONTRADICT)],
)
def test_a_vague_word_allows_its_literal_range(other: Figure, relation: str) -> None:
    assert compare_figures(DOZENS, other).relation == relation


def test_vague_words_of_different_sizes_disagree() -> None:
    hundreds = toll("hundreds", 100, "~", "hundreds", low=200, high=999)
    result = compare_figures(DOZENS, hundreds)
    assert result.relation == CONTRADICT
    assert result.evidence.endswith(": 99 < 200.")


def test_a_range_holds_the_figures_inside_it() -> None:
    span = toll("between 70 and 100", 70, low=70, high=100, source="A")
    result = compare_figures(span, EIGHTY_SIX)
    assert result.relation == COMPATIBLE
    assert result.evidence.endswith(": 70 ≤ 86 ≤ 100.")
    assert compare_figures(span, toll("120", 120)).relation == CONTRADICT


def test_at_least_before_a_range_lifts_its_upper_end() -> None:
    reading = read_figure(toll("at least 70 to 100", 70, ">=", "at least", low=70, high=100))
    assert reading == Reading(70, math.inf)


def test_no_more_than_is_a_ceiling() -> None:
    ceiling = toll("no more than 50", 50, "<=", "no more than", source="A")
    assert compare_figures(ceiling, toll("35", 35)).relation == COMPATIBLE
    result = compare_figures(ceiling, toll("at least 70", 70, ">=", "at least", source="B"))
    assert result.relation == CONTRADICT
    assert result.evidence == "'no more than 50' (A) contradicts 'at least 70' (B): 50 < 70."


def test_a_floor_and_a_ceiling_that_meet_are_compatible() -> None:
    result = compare_figures(AT_LEAST_70, toll("no more than 100", 100, "<=", "no more than"))
    assert result.relation == COMPATIBLE
    assert result.evidence.endswith(": both allow 70 to 100.")


def test_more_than_excludes_the_number_itself() -> None:
    more = toll("more than 70", 70, ">", "more than")
    result = compare_figures(more, toll("70", 70))
    assert result.relation == CONTRADICT
    assert result.evidence.endswith(": more than 70 excludes 70.")
    assert compare_figures(more, toll("71", 71)).relation == COMPATIBLE
    fewer = toll("fewer than 10", 10, "<", "fewer than")
    assert compare_figures(fewer, toll("10", 10)).relation == CONTRADICT


def test_a_later_higher_toll_updates_an_earlier_one() -> None:
    earlier = toll("70", 70, source="Reuters", published="2017-04-04")
    later = toll("86", 86, source="SANA", published="2017-04-05")
    result = compare_figures(later, earlier)
    assert result.relation == UPDATE
    assert (result.first, result.second) == (earlier, later)
    assert result.evidence == (
        "'86' (SANA) of 2017-04-05 updates '70' (Reuters) of 2017-04-04: a toll rises as it "
        "is counted, and the later figure is higher (70 < 86)."
    )


def test_a_later_lower_toll_contradicts() -> None:
    earlier = toll("100", 100, source="A", published="2017-04-04")
    later = toll("70", 70, source="B", published="2017-04-06")
    result = compare_figures(earlier, later)
    assert result.relation == CONTRADICT
    assert result.evidence.endswith("and a toll does not fall with later reporting.")


def test_tolls_of_the_same_day_cannot_update_each_other() -> None:
    first = toll("70", 70, published="2017-04-04")
    second = toll("100", 100, published="2017-04-04")
    assert compare_figures(first, second).relation == CONTRADICT
    undated = toll("100", 100)
    assert compare_figures(first, undated).relation == CONTRADICT


def test_a_count_that_can_fall_is_not_updated() -> None:
    displaced = Figure("4,000", 4000, 4000, 4000, published="2017-01-01")
    later = Figure("9,000", 9000, 9000, 9000, published="2017-02-01")
    assert compare_figures(displaced, later).relation == CONTRADICT


def test_tolerances_can_be_set_by_the_caller() -> None:
    loose = {**default_tolerances(), "=": Tolerance(0.05, 0.05, 0)}
    assert compare_figures(toll("70", 70), toll("72", 72), loose).relation == COMPATIBLE


def test_the_tolerance_file_covers_every_comparator() -> None:
    table = default_tolerances()
    assert {"=", "~", ">=", ">", "<=", "<"} <= set(table)
    assert table[">="].above is None and table["<="].below is None


def test_figures_of_different_kinds_are_refused() -> None:
    percent = Figure("15 per cent", 15, 15, 15, unit="percent")
    with pytest.raises(ValueError, match="different units"):
        compare_figures(percent, toll("15", 15))
    rise = Figure("rose by 5", 5, 5, 5, comparator="up")
    with pytest.raises(ValueError, match="change"):
        compare_figures(rise, toll("5", 5))


def test_figures_from_the_quantities_extractor(nlp: Language) -> None:
    def figure(sentence: str, source: str) -> Figure:
        [quantity] = extract_quantities(nlp(sentence))
        return Figure.from_quantity(quantity, source, "2017-04-04")

    floor = figure("At least 70 people were killed in the attack.", "Reuters")
    exact = figure("The attack killed 86 people.", "SANA")
    assert floor.rising and exact.rising
    assert compare_figures(floor, exact).relation == COMPATIBLE
    dozens = figure("Dozens of people were killed.", "AFP")
    assert compare_figures(dozens, exact).relation == COMPATIBLE
    assert compare_figures(figure("Nearly 100 people died.", "NNA"), exact).relation == CONTRADICT


def _extraction(quantities: list[Quantity], source: str, published: str) -> Extraction:
    text = "Six civilians and at least 16 fighters were killed."
    document = make_document(text, doc_id=source, source=source, published=published)
    return Extraction(document=document, quantities=quantities)


def test_casualty_figures_carry_their_source_date_and_hedge() -> None:
    six = Quantity(0, 3, "Six", 6, 6, 6, None, "=", category="KILL", who="civilians")
    sixteen = Quantity(16, 27, "at least 16", 16, 16, 16, "at least", ">=", category="KILL")
    extraction = _extraction([six, sixteen], "AFP", "2015-07-05")
    sentence = Span(0, 50, extraction.document.text)
    single = Figure.from_casualty(CasualtyFigure(16, 16, 16, 1, sentence), extraction)
    assert (single.text, single.comparator, single.source, single.published) == (
        "at least 16",
        ">=",
        "AFP",
        "2015-07-05",
    )
    total = Figure.from_casualty(CasualtyFigure(22, 22, 22, None, sentence, [0, 1]), extraction)
    assert (total.text, total.comparator, total.rising) == ("Six + at least 16", ">=", True)
    assert compare_figures(total, toll("22", 22)).relation == COMPATIBLE
    assert compare_figures(total, toll("20", 20)).relation == CONTRADICT
