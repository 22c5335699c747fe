"""The headline figures that ``python -m bench.extraction`` prints beside their goals."""

from __future__ import annotations

from bench.headline import Headline


def test_goal_met_when_higher_is_better() -> None:
    assert Headline("1 figures", "value F1", 93.0, 93.0).met is True
    assert Headline("1 figures", "value F1", 92.9, 93.0).met is False


def test_goal_met_when_lower_is_better() -> None:
    ratio = Headline("speed", "time ratio", 1.5, 2.0, higher_is_better=False)
    assert ratio.met is True
    assert ratio.goal_text() == "≤ 2"
    assert Headline("speed", "time ratio", 2.1, 2.0, higher_is_better=False).met is False


def test_no_goal_is_neither_met_nor_missed() -> None:
    line = Headline("4 entities", "micro F1", 71.0, None)
    assert line.met is None
    assert line.goal_text() == "-"


def test_goal_text_carries_the_unit() -> None:
    assert Headline("6 dates", "accuracy", 99.0, 90.0, unit="%").goal_text() == "≥ 90%"
