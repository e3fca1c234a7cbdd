"""Hostile and malformed URLs: the curated corpus, its fixtures, and shrinking to the simplest
spelling a naive guard lets through."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import pytest
from contract_oracle import request_faults
from host_oracle import is_malformed, url_faults
from hypothesis import Phase, find, given, settings

from conformance.reference.images import SANDBOX_IMAGE_URLS
from strategies import (
    LabelledCase,
    alternative_ipv4_urls,
    hostile_reference_urls,
    load_ssrf_corpus,
    ssrf_corpus_cases,
    ssrf_corpus_examples,
)
from strategies._fixtures import IMAGE_URL_FIXTURES
from strategies._hostile import HOSTILE_CLASSES

VERSION, ENTRIES = load_ssrf_corpus()


def test_corpus_ids_are_stable_and_every_class_is_covered() -> None:
    assert VERSION >= 1
    ids = [entry.id for entry in ENTRIES]
    assert ids == [f"SSRF-{number:04d}" for number in range(1, len(ids) + 1)]
    assert {entry.hostile_class for entry in ENTRIES} == set(HOSTILE_CLASSES)


@pytest.mark.parametrize("case", ssrf_corpus_cases(), ids=[entry.id for entry in ENTRIES])
def test_corpus_entry_is_refused_for_the_rule_it_names(case: LabelledCase) -> None:
    assert case.expected_status == 422
    assert request_faults(case) == [case.requirement], case.note
    if len(case.fills) == 1:
        assert not is_malformed(case.value)
        assert not url_faults(str(case.value))[1], f"{case.value!r} may reach a public host"


@ssrf_corpus_examples("case")
@settings(max_examples=30)
@given(case=hostile_reference_urls())
def test_hostile_urls_and_the_corpus_run_together(case: LabelledCase) -> None:
    assert request_faults(case) == [case.requirement]


def test_image_fixture_urls_are_the_sandbox_ones() -> None:
    for purpose, url in IMAGE_URL_FIXTURES.items():
        assert SANDBOX_IMAGE_URLS[purpose] == url


def _naive_guard_refuses(url: str) -> bool:
    """A guard that refuses other schemes, every IP literal in standard notation, localhost and
    the sandbox's image hosts, and lets everything else through."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return True
    try:
        ipaddress.ip_address(parts.hostname or "")
    except ValueError:
        return parts.hostname == "localhost" or "images.test" in url
    return True


SHRINK = settings(database=None, max_examples=300, phases=[Phase.generate, Phase.shrink])


def test_shrinking_finds_the_simplest_spelling_a_naive_guard_misses() -> None:
    found = find(alternative_ipv4_urls(), lambda case: True, settings=SHRINK)
    assert found.value == "https://2130706433/a.png"
    missed = find(
        hostile_reference_urls(),
        lambda case: not _naive_guard_refuses(str(case.value)),
        settings=SHRINK,
    )
    assert missed.label == "ssrf/ipv4-spellings"
    assert missed.value == "https://2130706433/a.png"


def test_shrinking_ends_on_the_plainest_unicode_spelling() -> None:
    found = find(
        hostile_reference_urls(classes=["unicode-hosts"]),
        lambda case: re.search("[\uff10-\uff19]", str(case.value)) is None,
        settings=SHRINK,
    )
    assert found.value == "https://127\u30020\u30020\u30021/a.png"
