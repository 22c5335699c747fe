"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.annotate import load_pipeline

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline with the conflict entity ruler, as the annotate stage loads it."""
    return load_pipeline()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled example reports (examples/mosul), part of the repository."""
    return EXAMPLES
