"""Every labelled case breaks exactly the rule it claims (or, for multi-fault cases, exactly the
rules it lists) by an independent oracle, expects the status that rule gets, and every class
label of every strategy shows up with the derandomised profile."""

from __future__ import annotations

import pytest
from contract_oracle import STATUS, precedence_rule, request_faults, winner
from host_oracle import url_faults
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies._cases as cases_module
from conformance.contract.catalogue import load_catalogue
from conformance.contract.constants import INSUFFICIENT_CREDITS_PATTERN, RATE_LIMIT_DETAIL_PATTERN
from strategies import REGISTRY, LabelledCase, hostile_reference_urls

CATALOGUE = load_catalogue()
LABELLED = [name for name, info in REGISTRY.items() if info.labelled]
# Enough examples for every label to appear; all hostile-URL classes must within 500.
ALL_CLASSES_WITHIN = 500


def _examples(name: str) -> int:
    if name == "hostile_reference_urls":
        return ALL_CLASSES_WITHIN
    return max(100, 15 * len(REGISTRY[name].labels))


def check_case(case: LabelledCase, labels: tuple[str, ...]) -> None:
    assert case.label in labels
    assert case.requirement in CATALOGUE
    assert all(fault in CATALOGUE for fault in case.all_faults)
    found = request_faults(case)
    if case.faults:
        assert len(case.faults) >= 2
        assert sorted(found) == sorted(case.faults), (case.label, found)
        assert STATUS[winner(found)] == case.expected_status
        assert precedence_rule(found) == case.requirement
    else:
        assert found == [case.requirement], (case.label, case.value, found)
        assert STATUS[case.requirement] == case.expected_status
    if case.label.startswith("ssrf/") and len(case.fills) == 1:
        _, maybe_public = url_faults(str(case.value))
        assert not maybe_public, f"{case.value!r} may reach a public host"
    if case.expected_status == 429:
        assert case.detail_pattern == RATE_LIMIT_DETAIL_PATTERN.pattern
    elif case.expected_status == 402:
        assert case.detail_pattern == INSUFFICIENT_CREDITS_PATTERN.pattern
    else:
        assert case.detail_pattern is None


@pytest.mark.parametrize("name", LABELLED)
def test_each_case_breaks_the_rule_it_claims_and_every_class_appears(name: str) -> None:
    info = REGISTRY[name]
    seen: set[str] = set()

    @settings(max_examples=_examples(name), suppress_health_check=[HealthCheck.too_slow])
    @given(case=info.function())
    def check(case: LabelledCase) -> None:
        seen.add(case.label)
        check_case(case, info.labels)

    check()
    assert seen == set(info.labels), f"labels never drawn: {sorted(set(info.labels) - seen)}"


@pytest.mark.parametrize("name", [name for name in LABELLED if REGISTRY[name].branches])
def test_branches_cover_exactly_the_declared_labels(name: str) -> None:
    info = REGISTRY[name]
    assert info.branches is not None
    assert tuple(info.branches()) == info.labels


def test_each_case_records_its_class_as_an_event(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    monkeypatch.setattr(cases_module, "event", lambda value, payload="": events.append(value))
    labels: list[str] = []

    @settings(max_examples=60)
    @given(case=hostile_reference_urls())
    def draw(case: LabelledCase) -> None:
        labels.append(case.label)

    draw()
    assert {f"class: {label}" for label in labels} <= set(events)
    assert all(value.startswith("class: ssrf/") for value in events)


def test_subsets_of_a_strategy_draw_only_their_labels() -> None:
    from strategies import invalid_enums, non_json_bodies

    @settings(max_examples=40)
    @given(
        edit=invalid_enums(operations=["createEdit"]),
        body=non_json_bodies(operations=["createEdit"]),
    )
    def draw(edit: LabelledCase, body: LabelledCase) -> None:
        assert edit.operation == "createEdit"
        assert edit.requirement == "EDIT-006"
        assert body.operation == "createEdit"

    draw()


@given(data=st.data())
@settings(max_examples=20)
def test_hostile_classes_can_be_chosen(data: st.DataObject) -> None:
    case = data.draw(hostile_reference_urls(classes=["ipv4-spellings", "unicode-hosts"]))
    assert case.label in ("ssrf/ipv4-spellings", "ssrf/unicode-hosts")
