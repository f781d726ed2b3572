"""Fuzzing: hypothesis-generated hostile digests through validate, generate and reading the
pages back (tests/fuzz_digests.py). A modest run here; bench/fuzz_digests.py runs 10,000."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from fuzz_digests import digest_texts, timed_check

SECONDS_PER_EXAMPLE = 10
"""A hang guard (CPU seconds), not a speed test: an example takes well under a second
(bench/fuzz_digests.py reports the figures)."""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(digest_texts())
def test_hostile_digests_give_a_message_or_pages(tmp_path, digest):
    name, text = digest
    outcome, _ = timed_check(tmp_path / "project", name, text, SECONDS_PER_EXAMPLE)
    assert outcome in ("refused", "generated")
