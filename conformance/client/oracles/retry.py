"""CLI-RETRY: what is retried, after how long, and how often."""

from __future__ import annotations

from ...contract.constants import RETRY_AFTER_HEADER, SERVER_ERROR_BACKOFF_START_SECONDS
from ...failures import NotApplicable
from ..recording import ScenarioRun, StepRun
from ._common import (
    BACKOFF_GROWTH,
    TIMING_ALLOWANCE_SECONDS,
    check_ok_at_end,
    error_of,
    fail,
    gap,
    on_the_wire,
    steps_where,
    where,
)
from ._registry import client_oracle


def _check_not_retried(requirement: str, run: ScenarioRun, statuses: frozenset[int]) -> None:
    def scripted(step: StepRun) -> bool:
        return bool(step.step.responses) and step.step.responses[0].status in statuses

    for step in on_the_wire(run, scripted, f"no step scripts {sorted(statuses)}"):
        calls = step.main_calls
        status = step.step.responses[0].status
        if len(calls) > 1:
            raise fail(
                requirement,
                f"{where(step)}: the {status} was retried: {len(calls)} requests "
                f"(the second {gap(calls, 0):.3f} s after the first)",
            )


@client_oracle("CLI-RETRY-001")
def request_faults_not_retried(run: ScenarioRun, api_key: str) -> None:
    _check_not_retried("CLI-RETRY-001", run, frozenset({400, 401, 403, 422}))


@client_oracle("CLI-RETRY-002")
def payment_required_not_retried(run: ScenarioRun, api_key: str) -> None:
    _check_not_retried("CLI-RETRY-002", run, frozenset({402}))


@client_oracle("CLI-RETRY-003")
def other_request_faults_not_retried(run: ScenarioRun, api_key: str) -> None:
    _check_not_retried("CLI-RETRY-003", run, frozenset({404, 409, 415}))


def _retry_after(step: StepRun, call_index: int) -> float | None:
    response = step.step.response_for("main", call_index)
    if response is None:
        return None
    value = dict((k.lower(), v) for k, v in response.headers).get(RETRY_AFTER_HEADER.lower())
    return float(value) if value is not None else None


@client_oracle("CLI-RETRY-004")
def rate_limit_waits_retry_after(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RETRY-004"
    for step in steps_where(run, lambda s: any(c.answered == 429 for c in s.main_calls), "no 429"):
        calls = step.main_calls
        for index, call in enumerate(calls):
            if call.answered != 429:
                continue
            wanted = _retry_after(step, index) or 0.0
            if index + 1 == len(calls):
                raise fail(requirement, f"{where(step, index)}: the 429 was not retried")
            waited = gap(calls, index)
            if waited < wanted - TIMING_ALLOWANCE_SECONDS:
                raise fail(
                    requirement,
                    f"{where(step, index + 1)}: retried {waited:.3f} s after a 429 with "
                    f"Retry-After: {wanted:g}",
                )
        check_ok_at_end(requirement, step)


@client_oracle("CLI-RETRY-005")
def server_error_backoff(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RETRY-005"
    start = SERVER_ERROR_BACKOFF_START_SECONDS
    for step in steps_where(run, lambda s: any(c.answered == 500 for c in s.main_calls), "no 500"):
        calls = step.main_calls
        waits = [gap(calls, i) for i, c in enumerate(calls[:-1]) if c.answered == 500]
        if not waits:
            raise fail(requirement, f"{where(step)}: the 500 was not retried")
        if waits[0] < start - TIMING_ALLOWANCE_SECONDS:
            raise fail(
                requirement,
                f"{where(step, 1)}: first retry {waits[0]:.3f} s after the 500; "
                f"backoff starts at {start:g} s",
            )
        for number, waited in enumerate(waits[1:], start=2):
            floor = start * BACKOFF_GROWTH ** (number - 1)
            if waited < floor - TIMING_ALLOWANCE_SECONDS:
                raise fail(
                    requirement,
                    f"{where(step, number)}: wait {number} was {waited:.3f} s (the one before "
                    f"{waits[number - 2]:.3f} s); exponential backoff from {start:g} s waits at "
                    f"least {floor:g} s here (x{BACKOFF_GROWTH:g} a step)",
                )
        check_ok_at_end(requirement, step)


@client_oracle("CLI-RETRY-006")
def retries_are_bounded(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RETRY-006"
    for step in steps_where(run, lambda s: s.step.expect.max_attempts is not None, "no bound"):
        calls = step.main_calls
        bound = step.step.expect.max_attempts or 0
        if step.runaway or len(calls) > bound:
            raise fail(
                requirement,
                f"{where(step)}: still retrying after {len(calls)} requests "
                f"(at most {bound} accepted)",
            )
        least = step.step.expect.min_attempts or 0
        if len(calls) < least:
            raise NotApplicable(
                f"{where(step)}: {len(calls)} request(s): the client did not retry, "
                "so no bound was exercised"
            )
        _check_error_status_of(requirement, step)


def _check_error_status_of(requirement: str, step: StepRun) -> None:
    error = error_of(requirement, step)
    expected = step.step.expect.error_status
    if expected is not None and error.get("status") != expected:
        raise fail(
            requirement,
            f"{where(step)}: the last {expected} was not surfaced (status "
            f"{error.get('status')}, {error.get('type')})",
        )
