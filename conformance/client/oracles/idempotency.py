"""CLI-IDEM: one Idempotency-Key per edit, kept across its retries."""

from __future__ import annotations

from ...contract.constants import IDEMPOTENCY_KEY_HEADER
from ...failures import NotApplicable
from ..recording import ScenarioRun, StepRun
from ._common import fail, where
from ._registry import client_oracle


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
            raise fail("CLI-IDEM-001", f"{where(step)}: attempts {missing} had no key")
        if len(set(keys)) > 1:
            raise fail(
                "CLI-IDEM-001", f"{where(step)}: {len(set(keys))} different keys over retries"
            )


@client_oracle("CLI-IDEM-002")
def fresh_key_per_edit(run: ScenarioRun, api_key: str) -> None:
    firsts = [_keys_of(step)[0] for step in _edit_steps(run, 1)]
    sent = [key for key in firsts if key is not None]
    if len(sent) < 2:
        raise NotApplicable("fewer than two edits carried an Idempotency-Key")
    if len(set(sent)) < len(sent):
        raise fail("CLI-IDEM-002", f"{len(sent)} edits shared an Idempotency-Key")


@client_oracle("CLI-IDEM-003")
def generated_key_from_first_attempt(run: ScenarioRun, api_key: str) -> None:
    steps = [s for s in _edit_steps(run, 2) if "idempotency_key" not in s.step.arguments]
    if not steps:
        raise NotApplicable("no edit without a caller key was retried")
    for step in steps:
        keys = _keys_of(step)
        if keys[0] is None:
            raise fail(
                "CLI-IDEM-003",
                f"{where(step, 0)}: the first attempt had no Idempotency-Key, so a retry "
                "could create a second edit",
            )
        if len(set(keys)) > 1:
            raise fail("CLI-IDEM-003", f"{where(step)}: the retries changed the key")


@client_oracle("CLI-IDEM-004")
def caller_key_sent_unchanged(run: ScenarioRun, api_key: str) -> None:
    steps = [s for s in run.steps if "idempotency_key" in s.step.arguments]
    if not steps:
        raise NotApplicable("no edit with a caller key")
    for step in steps:
        wanted = step.step.arguments["idempotency_key"]
        if not step.main_calls:
            raise fail("CLI-IDEM-004", f"{where(step)}: no request arrived")
        for index, key in enumerate(_keys_of(step)):
            if key != wanted:
                raise fail(
                    "CLI-IDEM-004",
                    f"{where(step, index)}: Idempotency-Key {key!r}, the caller gave {wanted!r}",
                )
