"""CLI-SEC and CLI-VAL: where the key goes, and batches refused before sending."""

from __future__ import annotations

import json
from collections.abc import Callable

from ...contract.constants import API_KEY_HEADER, BATCH_MAX_ITEMS
from ...failures import NotApplicable
from ..recording import RecordedCall, ScenarioRun, StepRun
from ._common import fail, finished, steps_where, where
from ._registry import client_oracle


@client_oracle("CLI-SEC-001")
def key_in_x_api_key(run: ScenarioRun, api_key: str) -> None:
    calls = [(step, i, c) for step in run.steps for i, c in enumerate(step.main_calls)]
    if not calls:
        raise NotApplicable("no request arrived")
    for step, index, call in calls:
        sent = call.header(API_KEY_HEADER)
        if sent != api_key:
            what = "no X-API-Key" if sent is None else "an X-API-Key that is not the key"
            raise fail("CLI-SEC-001", f"{where(step, index)} ({call.method} {call.path}): {what}")


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
            place = _carries_key(call, api_key)
            if place is not None:
                raise fail(
                    "CLI-SEC-002",
                    f"{where(step)}: following the redirect, request {index + 1} to the other "
                    f"host ({call.method} {call.path}) carried the key in {place}",
                )


@client_oracle("CLI-SEC-003")
def key_not_in_urls_or_errors(run: ScenarioRun, api_key: str) -> None:
    needle = api_key.lower()
    for step in run.steps:
        for index, call in enumerate(step.calls):
            if needle in call.url.lower():
                raise fail(
                    "CLI-SEC-003", f"{where(step, index)}: the key is in the URL of {call.path}"
                )
        if step.outcome is not None and needle in json.dumps(step.outcome).lower():
            raise fail("CLI-SEC-003", f"{where(step)}: the key appears in what the client reported")


# --- validation before sending --------------------------------------------------------------


def _check_refused(requirement: str, run: ScenarioRun, size: Callable[[int], bool]) -> None:
    def applies(step: StepRun) -> bool:
        videos = step.step.arguments.get("videos")
        return step.step.operation == "create_videos" and size(len(videos or []))

    for step in steps_where(run, applies, "no out-of-range batch"):
        count = len(step.step.arguments.get("videos") or [])
        if step.main_calls:
            raise fail(requirement, f"create_videos: the {count}-item batch was sent")
        outcome = finished(step)
        if outcome["ok"]:
            raise fail(
                requirement, f"create_videos: a {count}-item batch was reported as a success"
            )


@client_oracle("CLI-VAL-001")
def empty_batch_refused(run: ScenarioRun, api_key: str) -> None:
    _check_refused("CLI-VAL-001", run, lambda n: n == 0)


@client_oracle("CLI-VAL-002")
def oversized_batch_refused(run: ScenarioRun, api_key: str) -> None:
    _check_refused("CLI-VAL-002", run, lambda n: n > BATCH_MAX_ITEMS)
