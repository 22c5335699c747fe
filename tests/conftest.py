"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from spacy.language import Language

from claimgraph.annotate import load_pipeline

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# CI and `make test` are repeatable (the same examples every run); set
# HYPOTHESIS_PROFILE=explore to search afresh with more examples.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline with the conflict entity ruler, as the annotate stage loads it."""
    return load_pipeline()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled example reports (examples/mosul), part of the repository."""
    return EXAMPLES
