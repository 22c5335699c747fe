"""Claims: the modality of a sentence from the cue lexicon (data/modality_cues.csv)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.extract.claims import modality


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The army took the town on Monday.", "asserted"),
        ("The army reportedly took the town on Monday.", "hedged"),
        ("The army may take the town this week.", "hedged"),
        ("The army will take the town this week.", "predicted"),
        ("The offensive would be over by Christmas.", "predicted"),
        # A modal counts only on the main verb: the relative clause leaves it asserted.
        ("Residents fled what would have been a massacre.", "asserted"),
    ],
)
def test_modality_reads_hedges_and_predictions_on_the_main_verb(
    nlp: Language, sentence: str, expected: str
) -> None:
    doc = nlp(sentence)
    assert modality(doc[:]) == expected
