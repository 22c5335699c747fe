"""Time expressions against the hand-annotated gold set (tests/data/time_gold.jsonl).

The set holds every time expression of the two Mosul reports and of a sample of FA-KES
dev reports, each in its sentence; ``bench.dates`` prints the same figures in detail
(``python -m bench.dates --errors``) and explains the scoring.
"""

from __future__ import annotations

from spacy.language import Language

from bench.dates import accuracy, errors, load_gold, predict, score

GOAL = 0.9


def test_at_least_90_percent_of_the_gold_times_resolve_correctly(nlp: Language) -> None:
    items = load_gold()
    outcomes = score(items, predict(nlp, items))
    positives = [o for o in outcomes if not o.item.negative]
    negatives = [o for o in outcomes if o.item.negative]
    assert len(positives) >= 150 and negatives
    assert accuracy(positives) >= GOAL, "\n".join(errors(positives))
    assert all(o.correct for o in negatives), "\n".join(errors(negatives))
