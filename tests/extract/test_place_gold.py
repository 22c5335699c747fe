"""Place mentions against the hand-annotated gold set (tests/data/place_gold.jsonl).

The set holds the place mentions of the two Mosul reports and of a sample of FA-KES dev
reports, each in its sentence with the GeoNames entry the context calls for; a report's
sentences are extracted together, as one document; ``bench.places``
prints the same figures in detail (``python -m bench.places --errors``) and explains the
scoring.
"""

from __future__ import annotations

from spacy.language import Language

from bench.places import country_accuracy, entry_accuracy, errors, load_gold, predict, score

# Regression floors, set just under what the extractor scores now (98.2% entry, 99.5%
# country on 218 mentions, each report read as one document: see bench.places.predict).
# The goals of issue 3 are 92% entry and 98% country; the dev set guided the changes that
# reached them, so `python -m bench.places --gold tests/data/place_gold_heldout.jsonl` is
# the fair figure.
ENTRY_FLOOR = 0.975
COUNTRY_FLOOR = 0.99


def test_gold_place_mentions_resolve_to_the_right_entry_and_country(nlp: Language) -> None:
    items = load_gold()
    outcomes = score(items, predict(nlp, items))
    assert len(outcomes) >= 100
    failures = "\n".join(errors(outcomes))
    assert entry_accuracy(outcomes) >= ENTRY_FLOOR, failures
    assert country_accuracy(outcomes) >= COUNTRY_FLOOR, failures
