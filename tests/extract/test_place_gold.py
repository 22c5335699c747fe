"""Place mentions against the hand-annotated gold sets (tests/data/place_gold.jsonl and
tests/data/place_gold_heldout.jsonl).

Each set holds place mentions of conflict reports, each in its sentence with the GeoNames
entry the context calls for; a report's sentences are extracted together, as one document;
``bench.places`` prints the same figures in detail (``python -m bench.places --errors``) and
explains the scoring. Both sets have guided changes to the extractor, so these floors guard
against regressions; the fair figure is the fresh held-out set's (``bench.places --all``),
which no test reads.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from bench.gold import DATA
from bench.places import country_accuracy, entry_accuracy, errors, load_gold, predict, score

# Regression floors, set just under what the extractor scores now, each report read as one
# document (see bench.places.predict): dev 98.2% entry and 100% country on 218 mentions,
# held-out set 1 96.0% and 98.4% on 124 (11 of its right entries are villages the gazetteer
# lacks, named as written and placed in the story's country). The goals of issue 3 are 92%
# entry and 98% country.
FLOORS = {
    "place_gold.jsonl": (0.975, 0.99),
    "place_gold_heldout.jsonl": (0.95, 0.975),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_place_mentions_resolve_to_the_right_entry_and_country(
    nlp: Language, name: str
) -> None:
    items = load_gold(DATA / name)
    outcomes = score(items, predict(nlp, items))
    assert len(outcomes) >= 100
    failures = "\n".join(errors(outcomes))
    entry_floor, country_floor = FLOORS[name]
    assert entry_accuracy(outcomes) >= entry_floor, failures
    assert country_accuracy(outcomes) >= country_floor, failures
