"""The Mosul acceptance list: at least 90% of the expected items found with correct values."""

from __future__ import annotations

from bench.mosul_checklist import check, extract_example, load_expected


def test_at_least_90_percent_of_the_mosul_items_are_found() -> None:
    results = check(extract_example(), load_expected())
    missed = [described for _kind, described, found in results if not found]
    assert len(results) >= 30
    assert 1 - len(missed) / len(results) >= 0.9, missed
