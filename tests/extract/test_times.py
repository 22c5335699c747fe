"""Time expressions: finding them, tuning their spans and resolving them to intervals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.extract.times import extract_times, find_header_date
from claimgraph.records import TimeExpression

DEBKA = date(2016, 12, 6)  # a Tuesday
NATIONAL = date(2018, 7, 10)


def times(nlp: Language, text: str, published: date | None) -> list[TimeExpression]:
    doc = nlp(text)
    found = extract_times(doc, published)
    for item in found:
        assert item.text == doc.text[item.start : item.end]
    return found


def the(nlp: Language, text: str, published: date | None, span: str) -> TimeExpression:
    """The one expression whose text is ``span``."""
    found = [t for t in times(nlp, text, published) if t.text == span]
    assert len(found) == 1, (span, times(nlp, text, published))
    return found[0]


def interval(item: TimeExpression) -> tuple[str | None, str | None, str | None]:
    return item.start_date, item.end_date, item.granularity


@pytest.mark.parametrize(
    ("text", "published", "span", "expected"),
    [
        # Day dates; a missing year is the one nearest before or at publication.
        (
            "A delegation arrived there Sunday, December 4, travelling unhindered.",
            DEBKA,
            "Sunday, December 4",
            ("2016-12-04", "2016-12-04", "day"),
        ),
        (
            "A video released on November 27 showed defences.",
            DEBKA,
            "November 27",
            ("2016-11-27", "2016-11-27", "day"),
        ),
        (
            "The convoy left on December 30 for Raqqa.",
            date(2017, 1, 5),
            "December 30",
            ("2016-12-30", "2016-12-30", "day"),
        ),
        ("It fell on April 4, 2017.", DEBKA, "April 4, 2017", ("2017-04-04",) * 2 + ("day",)),
        ("It fell on 4 April 2017.", DEBKA, "4 April 2017", ("2017-04-04",) * 2 + ("day",)),
        ("It fell on 04/04/2017.", DEBKA, "04/04/2017", ("2017-04-04",) * 2 + ("day",)),
        ("It fell on 13/04/2017.", DEBKA, "13/04/2017", ("2017-04-13",) * 2 + ("day",)),
        ("It fell on 2017-04-04.", DEBKA, "2017-04-04", ("2017-04-04",) * 2 + ("day",)),
        ("It fell on 13-08-2013.", DEBKA, "13-08-2013", ("2013-08-13",) * 2 + ("day",)),
        # Dots are the day-first European form, so 06.04 is April 6 and not June 4.
        ("06.04.2017 Troops advanced.", DEBKA, "06.04.2017", ("2017-04-06",) * 2 + ("day",)),
        # A scrape that lost the space between the day and the year.
        (
            "Last updated at Apr 152017 A car bomb killed 43 people.",
            None,
            "Apr 152017",
            ("2017-04-15", "2017-04-15", "day"),
        ),
        ("It fell on Dec. 4th.", DEBKA, "Dec. 4th", ("2016-12-04",) * 2 + ("day",)),
        (
            "Fri 07 Apr 2017 at 0914 Homs governor says the attack was repelled.",
            None,
            "Fri 07 Apr 2017",
            ("2017-04-07", "2017-04-07", "day"),
        ),
        # Months, years, seasons, decades, quarters.
        (
            "In November 2016, militias sped into the desert.",
            NATIONAL,
            "November 2016",
            ("2016-11-01", "2016-11-30", "month"),
        ),
        (
            "The campaign was launched in October.",
            DEBKA,
            "October",
            ("2016-10-01", "2016-10-31", "month"),
        ),
        (
            "During the battle for Fallujah in June 2016, officials objected.",
            NATIONAL,
            "June 2016",
            ("2016-06-01", "2016-06-30", "month"),
        ),
        ("Fighting resumed in 2016.", DEBKA, "2016", ("2016-01-01", "2016-12-31", "year")),
        # Neither a range of counts nor a label ("resolution 2254"), although near one.
        (
            "War came in 2011 and millions fled.",
            DEBKA,
            "2011",
            ("2011-01-01", "2011-12-31", "year"),
        ),
        ("IS won a lightning 2014 campaign.", DEBKA, "2014", ("2014-01-01", "2014-12-31", "year")),
        (
            "The offensive began in winter 2016.",
            DEBKA,
            "winter 2016",
            ("2016-12-01", "2017-02-28", "season"),
        ),
        (
            "The offensive stalled in the summer of 2015.",
            DEBKA,
            "summer of 2015",
            ("2015-06-01", "2015-08-31", "season"),
        ),
        ("It was built in the 1990s.", DEBKA, "1990s", ("1990-01-01", "1999-12-31", "decade")),
        ("Losses fell in Q1 2017.", DEBKA, "Q1 2017", ("2017-01-01", "2017-03-31", "quarter")),
        # Ranges.
        (
            "Clashes broke out between 2014 and 2016 in the north.",
            DEBKA,
            "between 2014 and 2016",
            ("2014-01-01", "2016-12-31", "year"),
        ),
        (
            "The siege lasted from June to August 2016.",
            DEBKA,
            "from June to August 2016",
            ("2016-06-01", "2016-08-31", "month"),
        ),
        (
            "Talks were held on December 4-6, 2016.",
            DEBKA,
            "December 4-6, 2016",
            ("2016-12-04", "2016-12-06", "day"),
        ),
        ("The 1990-91 war.", DEBKA, "1990-91", ("1990-01-01", "1991-12-31", "year")),
        (
            "Victims from Friday March 27 2015 to Friday April 10 2015 numbered 236.",
            DEBKA,
            "from Friday March 27 2015 to Friday April 10 2015",
            ("2015-03-27", "2015-04-10", "day"),
        ),
        # Parts of a unit.
        (
            "It would not capture Mosul by the end of December.",
            DEBKA,
            "the end of December",
            ("2016-12-21", "2016-12-31", "month_part"),
        ),
        (
            "By early 2017, surviving fighters were besieged.",
            NATIONAL,
            "early 2017",
            ("2017-01-01", "2017-04-30", "year_part"),
        ),
        ("Aid came in mid-2016.", DEBKA, "mid-2016", ("2016-05-01", "2016-08-31", "year_part")),
        ("Aid came in late 2015.", DEBKA, "late 2015", ("2015-09-01", "2015-12-31", "year_part")),
        (
            "Aid came in mid-December.",
            DEBKA,
            "mid-December",
            ("2016-12-11", "2016-12-20", "month_part"),
        ),
        (
            "The first half of 2016 saw heavy losses.",
            DEBKA,
            "The first half of 2016",
            ("2016-01-01", "2016-06-30", "year_part"),
        ),
        (
            "They returned in the last week of November.",
            DEBKA,
            "the last week of November",
            ("2016-11-24", "2016-11-30", "week"),
        ),
        # Relative to publication.
        (
            "He could exit the White House next month.",
            DEBKA,
            "next month",
            ("2017-01-01", "2017-01-31", "month"),
        ),
        (
            "The Peshmerga, which three weeks ago turned their backs, now realise.",
            DEBKA,
            "three weeks ago",
            ("2016-11-14", "2016-11-20", "week"),
        ),
        ("They met last week.", DEBKA, "last week", ("2016-11-28", "2016-12-04", "week")),
        ("They met yesterday.", DEBKA, "yesterday", ("2016-12-05", "2016-12-05", "day")),
        ("They met on Friday.", DEBKA, "Friday", ("2016-12-02", "2016-12-02", "day")),
        ("They met on Tuesday.", DEBKA, "Tuesday", ("2016-12-06", "2016-12-06", "day")),
        ("They met last Tuesday.", DEBKA, "last Tuesday", ("2016-11-29", "2016-11-29", "day")),
        # The day before publication would be "yesterday": "last Monday" is the one before.
        ("They met last Monday.", DEBKA, "last Monday", ("2016-11-28", "2016-11-28", "day")),
        ("They meet next Wednesday.", DEBKA, "next Wednesday", ("2016-12-14",) * 2 + ("day",)),
        ("They met last Sunday.", DEBKA, "last Sunday", ("2016-12-04", "2016-12-04", "day")),
        # "Tuesday's attack" with the apostrophe lost, as in FA-KES.
        (
            "Hundreds were hurt in Tuesdays attack on the town.",
            DEBKA,
            "Tuesdays",
            ("2016-12-06", "2016-12-06", "day"),
        ),
        ("They meet this week.", DEBKA, "this week", ("2016-12-05", "2016-12-11", "week")),
        (
            "Fighting resumed earlier this month.",
            DEBKA,
            "earlier this month",
            ("2016-12-01", "2016-12-06", "month_part"),
        ),
        ("It was quiet last year.", DEBKA, "last year", ("2015-01-01", "2015-12-31", "year")),
        (
            "It began in March last year.",
            DEBKA,
            "March last year",
            ("2015-03-01", "2015-03-31", "month"),
        ),
        (
            "In the past 24 hours, 30 died.",
            DEBKA,
            "the past 24 hours",
            ("2016-12-05", "2016-12-06", "day"),
        ),
        ("Clashes erupted last night.", DEBKA, "last night", ("2016-12-05", "2016-12-05", "day")),
        (
            "They fought over the weekend.",
            DEBKA,
            "the weekend",
            ("2016-12-03", "2016-12-04", "week_part"),
        ),
        # Durations are not anchored.
        (
            "The failure of the offensive, nine weeks after it began, was plain.",
            DEBKA,
            "nine weeks",
            (None, None, "duration"),
        ),
        (
            "A truck blew up, followed by a motorcycle a few minutes later.",
            DEBKA,
            "a few minutes later",
            (None, None, "duration"),
        ),
        (
            "In the past 90 minutes, shells fell.",
            DEBKA,
            "the past 90 minutes",
            ("2016-12-05", "2016-12-06", "day"),
        ),
        (
            "A year on, the Old City remains in ruins.",
            NATIONAL,
            "A year on",
            (None, None, "duration"),
        ),
        (
            "For the first time in nearly four years' fighting, forces closed the door.",
            NATIONAL,
            "nearly four years",
            (None, None, "duration"),
        ),
    ],
)
def test_resolves(
    nlp: Language,
    text: str,
    published: date | None,
    span: str,
    expected: tuple[str | None, str | None, str],
) -> None:
    assert interval(the(nlp, text, published, span)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In the original battle plan, advancing forces would leave a route open.",
        "Iraqi forces have gained no more than onetenth of the territory assigned them.",
        "Mosul folds 2",
        "The Sunday Times reported the raid.",  # a weekday inside a name
        "In 2000 homes the water was cut.",  # a count, although the NER calls it a DATE
        "The assault began at 1430 GMT.",  # a clock time
        "A 20-year-old man was wounded.",  # an age
        "They march on the city.",  # a verb, not the month
        "The last year of the war was the worst.",  # the story's year, not the calendar's
        "The market opens on Tuesdays and Fridays.",  # every Tuesday
        "It reduced the population from 2000 to a few hundred.",  # a range of counts
        "They cited Security Council resolution 2254 and the Munich agreement.",  # a label
        "The town has been inhabited since 1750 BC.",  # before the common era
        "The talks entered a second day.",  # an ordinal, not a count of seconds
    ],
)
def test_finds_no_time(nlp: Language, text: str) -> None:
    assert times(nlp, text, DEBKA) == []


def test_skips_named_periods(nlp: Language) -> None:
    text = "It was one of the worst urban battles since the Second World War."
    assert times(nlp, text, NATIONAL) == []


def test_relative_times_need_a_publication_date(nlp: Language) -> None:
    text = "They met last week, on Friday and on November 27, and again on 4 April 2017."
    found = {t.text: interval(t) for t in times(nlp, text, None)}
    assert found == {
        "last week": (None, None, "week"),
        "Friday": (None, None, "day"),
        "November 27": (None, None, "day"),
        "4 April 2017": ("2017-04-04", "2017-04-04", "day"),
    }


def test_future_tense_looks_forward(nlp: Language) -> None:
    assert the(nlp, "They will attack in January.", DEBKA, "January").start_date == "2017-01-01"
    assert the(nlp, "They attacked in January.", DEBKA, "January").start_date == "2016-01-01"
    assert the(nlp, "They will attack on Monday.", DEBKA, "Monday").start_date == "2016-12-12"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("He cancelled a visit scheduled for December 10.", "December 10", "2016-12-10"),
        ("Talks are due on Thursday in Geneva.", "Thursday", "2016-12-08"),
        ("The vote was postponed until January.", "January", "2017-01-01"),
        # Without a planning word the past occurrence stays.
        ("He cancelled a visit on December 10.", "December 10", "2015-12-10"),
        ("The talks were due to Thursday's attack.", "Thursday", "2016-12-01"),
    ],
)
def test_planning_words_look_forward(nlp: Language, text: str, span: str, expected: str) -> None:
    assert the(nlp, text, DEBKA, span).start_date == expected


def test_ambiguous_numeric_date_keeps_no_dates(nlp: Language) -> None:
    assert interval(the(nlp, "It fell on 05/04/2017.", DEBKA, "05/04/2017")) == (None, None, "day")


def test_debkafile_report(nlp: Language, examples_dir: Path) -> None:
    text = (examples_dir / "mosul" / "debkafile-2016-12-06-mosul-offensive.txt").read_text()
    found = [(t.text, *interval(t)) for t in times(nlp, text, DEBKA)]
    assert found == [
        ("December 6, 2016", "2016-12-06", "2016-12-06", "day"),
        ("nine weeks", None, None, "duration"),
        ("Sunday, December 4", "2016-12-04", "2016-12-04", "day"),
        ("the end of December", "2016-12-21", "2016-12-31", "month_part"),
        ("next month", "2017-01-01", "2017-01-31", "month"),
        ("October", "2016-10-01", "2016-10-31", "month"),
        ("November 27", "2016-11-27", "2016-11-27", "day"),
        ("three weeks ago", "2016-11-14", "2016-11-20", "week"),
    ]


def test_national_report(nlp: Language, examples_dir: Path) -> None:
    text = (examples_dir / "mosul" / "the-national-mosul-back-door.txt").read_text()
    found = {t.text: interval(t) for t in times(nlp, text, NATIONAL)}
    assert found["November 2016"] == ("2016-11-01", "2016-11-30", "month")
    assert found["early 2017"] == ("2017-01-01", "2017-04-30", "year_part")
    assert found["A year on"] == (None, None, "duration")
    assert found["June 2016"] == ("2016-06-01", "2016-06-30", "month")
    assert found["Today"] == ("2018-07-10", "2018-07-10", "day")
    assert not any("World War" in key or "battle plan" in key for key in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DEBKAfile\xa0 Exclusive Report\xa0 December 6, 2016\n\n\nThe failure", date(2016, 12, 6)),
        ("Fri 07 Apr 2017 at 0914 Homs governor says ...", date(2017, 4, 7)),
        ("12 February 2015 Casualties mount in the east ...", date(2015, 2, 12)),
        ("Mosul\nBy our correspondent\nPublished on 3 March 2016\nText", date(2016, 3, 3)),
        ("2017-04-07 Homs", date(2017, 4, 7)),
        ("Last updated at Nov 022017 BEIRUT Syrian government air strikes", date(2017, 11, 2)),
        ("On 12 February 2015, fighters attacked the town.", None),  # an event's date
        ("Reuters, December 4 - Fighting went on in 2016.", None),  # no full date
        ("x" * 450 + " December 6, 2016", None),  # past the header's 400 characters
        ("Title\nby\nsomeone\n" + "x" * 200 + "\nDecember 6, 2016", None),  # line 5
        ("", None),
    ],
)
def test_find_header_date(text: str, expected: date | None) -> None:
    assert find_header_date(text) == expected


def test_find_header_date_of_examples(examples_dir: Path) -> None:
    debka = examples_dir / "mosul" / "debkafile-2016-12-06-mosul-offensive.txt"
    national = examples_dir / "mosul" / "the-national-mosul-back-door.txt"
    assert find_header_date(debka.read_text()) == DEBKA
    assert find_header_date(national.read_text()) is None


# Four-digit years: the grammar does not read "January 5, 999" as a full date.
FULL_DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=FULL_DATES, published=st.none() | st.dates())
def test_full_dates_resolve_exactly(nlp: Language, day: date, published: date | None) -> None:
    text = f"It happened on {day:%B} {day.day}, {day.year}."
    found = times(nlp, text, published)
    assert [interval(t) for t in found] == [(day.isoformat(), day.isoformat(), "day")]


FRAGMENTS = (
    "last week",
    "on Friday",
    "in October",
    "on November 27",
    "three weeks ago",
    "by the end of December",
    "early 2017",
    "winter 2016",
    "between 2014 and 2016",
    "from December 30 to January 2",
    "a year on,",
    "over the weekend",
    "in the past 24 hours",
    "this winter",
    "in the first half of the year",
    "on February 29",
    "in the next two weeks",
    "two days later",
    "on 04/05/2017",
    "later this year",
    "the day before yesterday",
    "a decade ago",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4),
    published=st.none() | st.dates(),
)
def test_expressions_are_well_formed(
    nlp: Language, parts: list[str], published: date | None
) -> None:
    text = "Officials said that " + " and ".join(parts) + " the fighting went on."
    doc = nlp(text)
    found = extract_times(doc, published)
    assert found, text
    previous_end = 0
    for item in found:
        assert item.text == doc.text[item.start : item.end]
        assert item.start >= previous_end  # sorted, no overlaps
        previous_end = item.end
        assert (item.start_date is None) == (item.end_date is None)
        if item.start_date is not None and item.end_date is not None:
            assert item.start_date <= item.end_date
        if item.granularity == "duration":
            assert item.start_date is None


def test_expression_beyond_the_calendar_is_kept_unresolved(nlp: Language) -> None:
    # Found by hypothesis: "last week" published on 0001-01-01 falls before year 1.
    (found,) = extract_times(
        nlp("Officials said that last week the fighting went on."), date(1, 1, 1)
    )
    assert (found.text, found.start_date, found.end_date) == ("last week", None, None)
