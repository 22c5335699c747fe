"""Headline figures: what each bench reports to ``python -m bench.extraction``.

Each bench module offers ``headlines() -> list[Headline]``, computing its figures the
way its own ``main`` does, and raises :class:`DataMissing` when its data set is absent,
so that the summary can say what it skipped and go on.
"""

from __future__ import annotations

from dataclasses import dataclass


class DataMissing(Exception):
    """A bench's data set is not there (``../shared/data`` is absent in a fresh clone)."""


@dataclass(frozen=True, slots=True)
class Headline:
    """One figure beside its goal and the figures of the peers measured or published."""

    item: str  # the item: "1 figures", "5 places", "speed"
    metric: str  # what is measured, on which data: "value F1, NewsQuant dev (200)"
    ours: float
    goal: float | None  # None where the issue sets no number
    higher_is_better: bool = True
    peers: str = ""  # "quantulum3 73.2 (same run); CQE 92.0 (published)"
    unit: str = ""  # "%" or "" (printed after the figures)

    @property
    def met(self) -> bool | None:
        """Whether the goal is reached; None where there is no goal."""
        if self.goal is None:
            return None
        return self.ours >= self.goal if self.higher_is_better else self.ours <= self.goal

    def goal_text(self) -> str:
        """The goal as the issue words it: "≥ 93" or "≤ 2.00"."""
        if self.goal is None:
            return "-"
        return f"{'≥' if self.higher_is_better else '≤'} {self.goal:.4g}{self.unit}"
