"""Client oracles: pure judgements of a recorded scenario run, one per requirement ID.

An oracle reads what arrived at the scripted hosts (calls with their times, headers and
bodies) and what the client reported, and returns None when the rule held, raises
``ConformanceFailure`` when it broke, or ``NotApplicable`` when the run cannot show it (never a
pass by default: a retry rule needs the retry to have happened). ``judge`` turns one run into
``Observation``s; a run the harness could not complete yields ``error`` for every requirement
the scenario proves, never ``pass`` or ``fail``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

from ..contract.constants import (
    API_KEY_HEADER,
    BATCH_MAX_ITEMS,
    IDEMPOTENCY_KEY_HEADER,
    RETRY_AFTER_HEADER,
    SERVER_ERROR_BACKOFF_START_SECONDS,
)
from ..failures import ConformanceFailure, NotApplicable
from ..verdicts import Observation, Verdict
from .recording import RecordedCall, ScenarioRun, StepRun, evidence_for, mask

__all__ = [
    "BACKOFF_GROWTH",
    "CLIENT_ORACLES",
    "TIMING_ALLOWANCE_SECONDS",
    "client_oracle",
    "judge",
]

#: Clock granularity forgiven on every measured wait (timers may fire a few ms early).
TIMING_ALLOWANCE_SECONDS: Final = 0.02
#: Exponential backoff: the k-th wait after a 500 must be at least 2 s x 1.5^(k-1) (2, 3, 4.5 ...).
#: A floor per wait, not a ratio of measured waits: load can only lengthen a measured wait, so a
#: slow machine never fails a client that waited as told.
BACKOFF_GROWTH: Final = 1.5

ClientOracle = Callable[[ScenarioRun, str], None]
CLIENT_ORACLES: dict[str, ClientOracle] = {}


def client_oracle(requirement: str) -> Callable[[ClientOracle], ClientOracle]:
    """Register the oracle of ``requirement``; a second one for the same ID is refused."""

    def register(function: ClientOracle) -> ClientOracle:
        if requirement in CLIENT_ORACLES:
            raise ValueError(f"{requirement} already has an oracle")
        CLIENT_ORACLES[requirement] = function
        return function

    return register


def judge(run: ScenarioRun, api_key: str) -> list[Observation]:
    """One observation per requirement the scenario proves."""
    scenario = run.scenario
    test = f"client::{scenario.id}"
    evidence = evidence_for(run, api_key)
    broken = run.broken
    if broken is not None:
        message = mask(f"harness error in {scenario.id}: {broken}", api_key)
        return [Observation(r, Verdict.ERROR, test, message, evidence) for r in scenario.proves]
    observations: list[Observation] = []
    for requirement in scenario.proves:
        try:
            CLIENT_ORACLES[requirement](run, api_key)
        except ConformanceFailure as failure:
            text = mask(f"{scenario.id}: {failure.message}", api_key)
            observations.append(Observation(requirement, Verdict.FAIL, test, text, evidence))
        except NotApplicable as why:
            text = mask(f"{scenario.id}: {why.reason}", api_key)
            observations.append(Observation(requirement, Verdict.SKIP, test, text, evidence))
        else:
            observations.append(Observation(requirement, Verdict.PASS, test))
    return observations


# --- helpers --------------------------------------------------------------------------------


def _fail(requirement: str, message: str) -> ConformanceFailure:
    return ConformanceFailure(requirement=requirement, title="client", message=message)


def _where(step: StepRun, index: int | None = None) -> str:
    call = f" request {index + 1}" if index is not None else ""
    return f"{step.step.operation}{call}"


def _finished(step: StepRun) -> Mapping[str, Any]:
    """The step's outcome; NotApplicable if the client had to be stopped."""
    if step.outcome is None:
        raise NotApplicable(
            f"{step.step.operation}: the client was stopped after {len(step.main_calls)} "
            "requests without finishing (CLI-RETRY-006 judges that)"
        )
    return step.outcome


def _error_of(requirement: str, step: StepRun) -> Mapping[str, Any]:
    outcome = _finished(step)
    if outcome["ok"]:
        answered = step.main_calls[-1].answered if step.main_calls else "no"
        raise _fail(
            requirement, f"{_where(step)}: the client reported success for a {answered} answer"
        )
    error: Mapping[str, Any] = outcome["error"]
    return error


def _result_of(requirement: str, step: StepRun) -> Mapping[str, Any]:
    outcome = _finished(step)
    if not outcome["ok"]:
        error = outcome["error"]
        raise _fail(
            requirement,
            f"{_where(step)}: expected success, the client reported {error.get('type')} "
            f"(status {error.get('status')}): {error.get('message')}",
        )
    result: Mapping[str, Any] = outcome["result"]
    return result


def _steps(run: ScenarioRun, when: Callable[[StepRun], bool], reason: str) -> Iterator[StepRun]:
    chosen = [step for step in run.steps if when(step)]
    if not chosen:
        raise NotApplicable(reason)
    yield from chosen


def _gap(calls: Sequence[RecordedCall], index: int) -> float:
    return calls[index + 1].arrived - calls[index].arrived


def _check_ok_at_end(requirement: str, step: StepRun) -> None:
    if step.step.expect.outcome == "ok":
        _result_of(requirement, step)


# --- errors ---------------------------------------------------------------------------------


def _check_error_status(requirement: str, run: ScenarioRun) -> None:
    for step in _steps(run, lambda s: s.step.expect.error_status is not None, "no error scripted"):
        error = _error_of(requirement, step)
        expected = step.step.expect.error_status
        if error.get("status") != expected:
            raise _fail(
                requirement,
                f"{_where(step)}: a {expected} answer came back as {error.get('type')} with "
                f"status {error.get('status')} (message: {error.get('message')!r})",
            )


@client_oracle("CLI-ERR-001")
def status_and_detail_verbatim(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-001", run)
    for step in _steps(run, lambda s: s.step.expect.error_detail is not None, "no detail"):
        error = _error_of("CLI-ERR-001", step)
        if error.get("detail") != step.step.expect.error_detail:
            raise _fail(
                "CLI-ERR-001",
                f"{_where(step)}: detail {error.get('detail')!r} is not the server's "
                f"{step.step.expect.error_detail!r}",
            )


@client_oracle("CLI-ERR-002")
def non_json_body_gives_typed_error(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-002", run)


@client_oracle("CLI-ERR-003")
def detail_less_body_gives_typed_error(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-003", run)


# --- retry ----------------------------------------------------------------------------------


def _check_not_retried(requirement: str, run: ScenarioRun, statuses: frozenset[int]) -> None:
    def scripted(step: StepRun) -> bool:
        return bool(step.step.responses) and step.step.responses[0].status in statuses

    for step in _steps(run, scripted, f"no step scripts {sorted(statuses)}"):
        calls = step.main_calls
        status = step.step.responses[0].status
        if not calls:
            raise _fail(requirement, f"{_where(step)}: no request arrived")
        if len(calls) > 1:
            raise _fail(
                requirement,
                f"{_where(step)}: the {status} was retried: {len(calls)} requests "
                f"(the second {_gap(calls, 0):.3f} s after the first)",
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
    for step in _steps(run, lambda s: any(c.answered == 429 for c in s.main_calls), "no 429"):
        calls = step.main_calls
        for index, call in enumerate(calls):
            if call.answered != 429:
                continue
            wanted = _retry_after(step, index) or 0.0
            if index + 1 == len(calls):
                raise _fail(requirement, f"{_where(step, index)}: the 429 was not retried")
            waited = _gap(calls, index)
            if waited < wanted - TIMING_ALLOWANCE_SECONDS:
                raise _fail(
                    requirement,
                    f"{_where(step, index + 1)}: retried {waited:.3f} s after a 429 with "
                    f"Retry-After: {wanted:g}",
                )
        _check_ok_at_end(requirement, step)


@client_oracle("CLI-RETRY-005")
def server_error_backoff(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RETRY-005"
    start = SERVER_ERROR_BACKOFF_START_SECONDS
    for step in _steps(run, lambda s: any(c.answered == 500 for c in s.main_calls), "no 500"):
        calls = step.main_calls
        waits = [_gap(calls, i) for i, c in enumerate(calls[:-1]) if c.answered == 500]
        if not waits:
            raise _fail(requirement, f"{_where(step)}: the 500 was not retried")
        if waits[0] < start - TIMING_ALLOWANCE_SECONDS:
            raise _fail(
                requirement,
                f"{_where(step, 1)}: first retry {waits[0]:.3f} s after the 500; "
                f"backoff starts at {start:g} s",
            )
        for number, waited in enumerate(waits[1:], start=2):
            floor = start * BACKOFF_GROWTH ** (number - 1)
            if waited < floor - TIMING_ALLOWANCE_SECONDS:
                raise _fail(
                    requirement,
                    f"{_where(step, number)}: wait {number} was {waited:.3f} s (the one before "
                    f"{waits[number - 2]:.3f} s); exponential backoff from {start:g} s waits at "
                    f"least {floor:g} s here (x{BACKOFF_GROWTH:g} a step)",
                )
        _check_ok_at_end(requirement, step)


@client_oracle("CLI-RETRY-006")
def retries_are_bounded(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RETRY-006"
    for step in _steps(run, lambda s: s.step.expect.max_attempts is not None, "no bound"):
        calls = step.main_calls
        bound = step.step.expect.max_attempts or 0
        if step.runaway or len(calls) > bound:
            raise _fail(
                requirement,
                f"{_where(step)}: still retrying after {len(calls)} requests "
                f"(at most {bound} accepted)",
            )
        least = step.step.expect.min_attempts or 0
        if len(calls) < least:
            raise NotApplicable(
                f"{_where(step)}: {len(calls)} request(s): the client did not retry, "
                "so no bound was exercised"
            )
        _check_error_status_of(requirement, step)


def _check_error_status_of(requirement: str, step: StepRun) -> None:
    error = _error_of(requirement, step)
    expected = step.step.expect.error_status
    if expected is not None and error.get("status") != expected:
        raise _fail(
            requirement,
            f"{_where(step)}: the last {expected} was not surfaced (status "
            f"{error.get('status')}, {error.get('type')})",
        )


# --- per-item results -----------------------------------------------------------------------


def _check_failed(requirement: str, run: ScenarioRun) -> None:
    for step in _steps(run, lambda s: s.step.expect.failed is not None, "no failed rows"):
        result = _result_of(requirement, step)
        reported = result.get("failed")
        if not isinstance(reported, list):
            raise _fail(requirement, f"{_where(step)}: the client exposes no failed items")
        fields = ("index", "code", "message")
        got = sorted(
            (tuple(item.get(f) for f in fields) for item in reported if isinstance(item, dict)),
            key=repr,
        )
        expected = sorted(
            (tuple(item.get(f) for f in fields) for item in step.step.expect.failed or ()),
            key=repr,
        )
        if got != expected:
            raise _fail(
                requirement,
                f"{_where(step)}: failed items (index, code, message) were {got}, "
                f"expected {expected}",
            )


@client_oracle("CLI-ITEM-001")
def failed_rows_exposed(run: ScenarioRun, api_key: str) -> None:
    _check_failed("CLI-ITEM-001", run)


@client_oracle("CLI-ITEM-004")
def docs_failed_row_parsed(run: ScenarioRun, api_key: str) -> None:
    """The row parses and its failure is exposed (its fields are CLI-ITEM-001's business)."""
    for step in _steps(run, lambda s: s.step.expect.failed is not None, "no failed rows"):
        reported = _result_of("CLI-ITEM-004", step).get("failed")
        got = (
            sorted((item.get("index") for item in reported if isinstance(item, dict)), key=repr)
            if isinstance(reported, list)
            else None
        )
        wanted = sorted(item["index"] for item in step.step.expect.failed or ())
        if got != wanted:
            raise _fail("CLI-ITEM-004", f"{_where(step)}: failed indexes {got}, expected {wanted}")


@client_oracle("CLI-ITEM-005")
def unknown_row_fields_tolerated(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-005", run, "create_videos")


def _check_rows(requirement: str, run: ScenarioRun, operation: str) -> None:
    def applies(step: StepRun) -> bool:
        return step.step.operation == operation and step.step.expect.rows is not None

    for step in _steps(run, applies, f"no {operation} rows to check"):
        result = _result_of(requirement, step)
        rows = result.get("results")
        if not isinstance(rows, list):
            raise _fail(requirement, f"{_where(step)}: the client exposes no result rows")
        by_index = {row.get("index"): row for row in rows if isinstance(row, dict)}
        expected_rows = step.step.expect.rows or ()
        if operation == "resubmit_failed" and set(by_index) != {r["index"] for r in expected_rows}:
            raise _fail(
                requirement,
                f"{_where(step)}: rows name indexes {sorted(by_index, key=repr)}; the "
                f"resubmitted items were {sorted(r['index'] for r in expected_rows)} "
                "of the original batch",
            )
        for expected in expected_rows:
            row = by_index.get(expected["index"])
            if row is None:
                raise _fail(requirement, f"{_where(step)}: no row for index {expected['index']}")
            for name in ("status", "queue_position"):
                if name in expected and row.get(name) != expected[name]:
                    raise _fail(
                        requirement,
                        f"{_where(step)}: row {expected['index']} has {name} "
                        f"{row.get(name)!r}, expected {expected[name]!r}",
                    )


@client_oracle("CLI-ITEM-006")
def row_status_and_queue_position(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-006", run, "create_videos")


@client_oracle("CLI-ITEM-003")
def resubmission_keeps_original_indexes(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-003", run, "resubmit_failed")


@client_oracle("CLI-ITEM-002")
def only_failed_items_resubmitted(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-ITEM-002"
    batch: list[Any] = []
    checked = False
    for step in run.steps:
        if step.step.operation == "create_videos":
            batch = list(step.step.arguments.get("videos") or [])
            continue
        if step.step.expect.resend_of is None:
            continue
        checked = True
        wanted = [batch[i] for i in step.step.expect.resend_of]
        if not step.main_calls:
            raise _fail(requirement, f"{_where(step)}: nothing was resubmitted")
        for index, call in enumerate(step.main_calls):
            body = call.json_body()
            sent = body.get("videos") if isinstance(body, dict) else None
            if sent != wanted:
                count = len(sent) if isinstance(sent, list) else "no"
                raise _fail(
                    requirement,
                    f"{_where(step, index)}: the resubmission held {count} item(s); expected "
                    f"exactly the failed items {list(step.step.expect.resend_of)} unchanged",
                )
    if not checked:
        raise NotApplicable("no resubmission step")


# --- idempotency ----------------------------------------------------------------------------


def _edit_steps(run: ScenarioRun, least_calls: int) -> list[StepRun]:
    return [
        s
        for s in run.steps
        if s.step.operation == "create_edit" and len(s.main_calls) >= least_calls
    ]


def _keys_of(step: StepRun) -> list[str | None]:
    return [call.header(IDEMPOTENCY_KEY_HEADER) for call in step.main_calls]


@client_oracle("CLI-IDEM-001")
def retries_reuse_the_key(run: ScenarioRun, api_key: str) -> None:
    steps = _edit_steps(run, 2)
    if not steps:
        raise NotApplicable("no edit was retried, so no retry could reuse a key")
    for step in steps:
        keys = _keys_of(step)
        if any(key is None for key in keys):
            missing = [i + 1 for i, key in enumerate(keys) if key is None]
            raise _fail("CLI-IDEM-001", f"{_where(step)}: attempts {missing} had no key")
        if len(set(keys)) > 1:
            raise _fail(
                "CLI-IDEM-001", f"{_where(step)}: {len(set(keys))} different keys over retries"
            )


@client_oracle("CLI-IDEM-002")
def fresh_key_per_edit(run: ScenarioRun, api_key: str) -> None:
    firsts = [_keys_of(step)[0] for step in _edit_steps(run, 1)]
    sent = [key for key in firsts if key is not None]
    if len(sent) < 2:
        raise NotApplicable("fewer than two edits carried an Idempotency-Key")
    if len(set(sent)) < len(sent):
        raise _fail("CLI-IDEM-002", f"{len(sent)} edits shared an Idempotency-Key")


@client_oracle("CLI-IDEM-003")
def generated_key_from_first_attempt(run: ScenarioRun, api_key: str) -> None:
    steps = [s for s in _edit_steps(run, 2) if "idempotency_key" not in s.step.arguments]
    if not steps:
        raise NotApplicable("no edit without a caller key was retried")
    for step in steps:
        keys = _keys_of(step)
        if keys[0] is None:
            raise _fail(
                "CLI-IDEM-003",
                f"{_where(step, 0)}: the first attempt had no Idempotency-Key, so a retry "
                "could create a second edit",
            )
        if len(set(keys)) > 1:
            raise _fail("CLI-IDEM-003", f"{_where(step)}: the retries changed the key")


@client_oracle("CLI-IDEM-004")
def caller_key_sent_unchanged(run: ScenarioRun, api_key: str) -> None:
    steps = [s for s in run.steps if "idempotency_key" in s.step.arguments]
    if not steps:
        raise NotApplicable("no edit with a caller key")
    for step in steps:
        wanted = step.step.arguments["idempotency_key"]
        if not step.main_calls:
            raise _fail("CLI-IDEM-004", f"{_where(step)}: no request arrived")
        for index, key in enumerate(_keys_of(step)):
            if key != wanted:
                raise _fail(
                    "CLI-IDEM-004",
                    f"{_where(step, index)}: Idempotency-Key {key!r}, the caller gave {wanted!r}",
                )


# --- security -------------------------------------------------------------------------------


@client_oracle("CLI-SEC-001")
def key_in_x_api_key(run: ScenarioRun, api_key: str) -> None:
    calls = [(step, i, c) for step in run.steps for i, c in enumerate(step.main_calls)]
    if not calls:
        raise NotApplicable("no request arrived")
    for step, index, call in calls:
        sent = call.header(API_KEY_HEADER)
        if sent != api_key:
            what = "no X-API-Key" if sent is None else "an X-API-Key that is not the key"
            raise _fail("CLI-SEC-001", f"{_where(step, index)} ({call.method} {call.path}): {what}")


def _carries_key(call: RecordedCall, api_key: str) -> str | None:
    needle = api_key.lower()
    if needle in call.url.lower():
        return "its URL"
    for name, value in call.headers:
        if needle in value.lower():
            return f"header {name}"
    return None


@client_oracle("CLI-SEC-002")
def key_not_sent_to_other_host(run: ScenarioRun, api_key: str) -> None:
    steps = [s for s in run.steps if s.step.other_host and s.main_calls]
    if not steps:
        raise NotApplicable("no redirect to another host was served")
    for step in steps:
        for index, call in enumerate(step.other_calls):
            where = _carries_key(call, api_key)
            if where is not None:
                raise _fail(
                    "CLI-SEC-002",
                    f"{_where(step)}: following the redirect, request {index + 1} to the other "
                    f"host ({call.method} {call.path}) carried the key in {where}",
                )


@client_oracle("CLI-SEC-003")
def key_not_in_urls_or_errors(run: ScenarioRun, api_key: str) -> None:
    needle = api_key.lower()
    for step in run.steps:
        for index, call in enumerate(step.calls):
            if needle in call.url.lower():
                raise _fail(
                    "CLI-SEC-003", f"{_where(step, index)}: the key is in the URL of {call.path}"
                )
        if step.outcome is not None and needle in json.dumps(step.outcome).lower():
            raise _fail(
                "CLI-SEC-003", f"{_where(step)}: the key appears in what the client reported"
            )


# --- validation before sending --------------------------------------------------------------


def _check_refused(requirement: str, run: ScenarioRun, size: Callable[[int], bool]) -> None:
    def applies(step: StepRun) -> bool:
        videos = step.step.arguments.get("videos")
        return step.step.operation == "create_videos" and size(len(videos or []))

    for step in _steps(run, applies, "no out-of-range batch"):
        count = len(step.step.arguments.get("videos") or [])
        if step.main_calls:
            raise _fail(requirement, f"create_videos: the {count}-item batch was sent")
        outcome = _finished(step)
        if outcome["ok"]:
            raise _fail(
                requirement, f"create_videos: a {count}-item batch was reported as a success"
            )


@client_oracle("CLI-VAL-001")
def empty_batch_refused(run: ScenarioRun, api_key: str) -> None:
    _check_refused("CLI-VAL-001", run, lambda n: n == 0)


@client_oracle("CLI-VAL-002")
def oversized_batch_refused(run: ScenarioRun, api_key: str) -> None:
    _check_refused("CLI-VAL-002", run, lambda n: n > BATCH_MAX_ITEMS)
