"""Source profiles: per outlet, what it claims, on whose word, and how it fares.

Computed from the corpus itself; a user may set a prior per outlet in a plain table file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceProfile:
    """One outlet's record in the corpus.

    Shares are of its claims (0 to 1); ``figures_outside`` counts its event figures that
    sit outside the range the independent outlets give for the same event.
    ``track_record`` (0 to 1, 0.5 neutral) is computed from the corpus: how often its
    claims were corroborated rather than contested or overtaken, shrunk toward its
    ``prior`` when it has few graded claims.
    """

    source: str
    documents: int
    claims: int
    figures_compared: int
    figures_outside: int
    anonymous_share: float
    self_sourced_share: float
    corroborated: int
    contested: int
    overtaken: int
    prior: float
    track_record: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
