"""Source profiles and the priors table, on small hand-made corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.assess.grades import sourcing_weights
from claimgraph.assess.sources import NEUTRAL_PRIOR, profile_sources, read_priors
from claimgraph.link.events import group_events
from claimgraph.records import Attribution, Claim, Extraction, Span
from tests.factories import gas_attack

NO_VOICES: dict[str, str] = {}


def with_claims(extraction: Extraction, *speaker_kinds: str) -> Extraction:
    """The report with one claim per speaker kind, each on the whole text."""
    text = extraction.document.text
    for kind in speaker_kinds:
        whole = Span(0, len(text), text)
        extraction.attributions.append(Attribution(whole, None, None, None, kind, direct=False))
        extraction.claims.append(Claim(0, len(text), text, len(extraction.attributions) - 1))
    return extraction


def toll_corpus() -> list[Extraction]:
    """Reuters and AFP give 70 dead, SANA 100, all on the day of the attack."""
    return [
        with_claims(gas_attack("reuters", "Reuters", "70", 70, "="), "named_person"),
        with_claims(gas_attack("afp", "AFP", "70", 70, "="), "anonymous", "organization"),
        with_claims(gas_attack("sana", "SANA", "100", 100, "="), "publisher", "publisher"),
    ]


def test_priors_are_read_from_a_table_file(tmp_path: Path) -> None:
    table = tmp_path / "priors.csv"
    table.write_text(
        "# my own judgement\nsource,prior,note\nReuters,0.7,wire agency\n SANA ,0.3,state agency\n",
        encoding="utf-8",
    )
    assert read_priors(table) == {"reuters": 0.7, "sana": 0.3}


def test_the_shipped_priors_are_neutral() -> None:
    assert read_priors() == {}


def test_a_prior_outside_0_to_1_names_its_line(tmp_path: Path) -> None:
    table = tmp_path / "priors.csv"
    table.write_text("# note\nsource,prior,note\nReuters,0.7,\nSANA,1.5,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 4"):
        read_priors(table)


def test_a_table_without_the_columns_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "priors.csv"
    table.write_text("outlet,score\nReuters,0.7\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks prior, source"):
        read_priors(table)


def test_profiles_count_claims_sourcing_and_figures_outside_the_range() -> None:
    corpus = toll_corpus()
    profiles = {
        p.source: p for p in profile_sources(corpus, group_events(corpus), [], NO_VOICES, {})
    }
    assert set(profiles) == {"Reuters", "AFP", "SANA"}
    afp, sana, reuters = profiles["AFP"], profiles["SANA"], profiles["Reuters"]
    assert (afp.documents, afp.claims, afp.anonymous_share, afp.self_sourced_share) == (
        1,
        2,
        0.5,
        0.0,
    )
    assert sana.self_sourced_share == 1.0
    assert (sana.figures_compared, sana.figures_outside) == (1, 1)
    assert (reuters.figures_compared, reuters.figures_outside) == (1, 0)  # AFP gives 70 too
    assert (sana.contested, sana.corroborated, sana.overtaken) == (1, 0, 0)
    assert sana.track_record < NEUTRAL_PRIOR
    assert any("1 of 1 figures outside" in reason for reason in sana.reasons)


def test_a_track_record_is_shrunk_toward_the_prior() -> None:
    corpus = toll_corpus()
    events = group_events(corpus)
    neutral = {p.source: p for p in profile_sources(corpus, events, [], NO_VOICES, {})}
    trusted = {p.source: p for p in profile_sources(corpus, events, [], NO_VOICES, {"sana": 0.9})}
    assert trusted["SANA"].prior == 0.9
    assert trusted["SANA"].track_record > neutral["SANA"].track_record
    strength = sourcing_weights().prior_strength
    # One contested item, none corroborated: (0 + k * 0.5) / (1 + k).
    assert neutral["SANA"].track_record == pytest.approx(
        strength * NEUTRAL_PRIOR / (1 + strength), abs=1e-4
    )


def test_copies_are_not_compared_with_each_other() -> None:
    reuters, _afp, sana = toll_corpus()
    corpus = [reuters, sana]
    one_voice = {"sana": "voice", "reuters": "voice"}
    events = group_events(corpus)
    copies = {p.source: p for p in profile_sources(corpus, events, [], one_voice, {})}
    apart = {p.source: p for p in profile_sources(corpus, events, [], NO_VOICES, {})}
    assert (apart["SANA"].figures_compared, apart["SANA"].contested) == (1, 1)
    assert (copies["SANA"].figures_compared, copies["SANA"].contested) == (0, 0)
