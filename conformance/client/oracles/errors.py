"""CLI-ERR: every error surfaces with its status, and its detail verbatim."""

from __future__ import annotations

from ..recording import ScenarioRun
from ._common import error_of, fail, on_the_wire, where
from ._registry import client_oracle


def _check_error_status(requirement: str, run: ScenarioRun) -> None:
    for step in on_the_wire(
        run, lambda s: s.step.expect.error_status is not None, "no error scripted"
    ):
        error = error_of(requirement, step)
        expected = step.step.expect.error_status
        if error.get("status") != expected:
            raise fail(
                requirement,
                f"{where(step)}: a {expected} answer came back as {error.get('type')} with "
                f"status {error.get('status')} (message: {error.get('message')!r})",
            )


@client_oracle("CLI-ERR-001")
def status_and_detail_verbatim(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-001", run)
    for step in on_the_wire(run, lambda s: s.step.expect.error_detail is not None, "no detail"):
        error = error_of("CLI-ERR-001", step)
        if error.get("detail") != step.step.expect.error_detail:
            raise fail(
                "CLI-ERR-001",
                f"{where(step)}: detail {error.get('detail')!r} is not the server's "
                f"{step.step.expect.error_detail!r}",
            )


@client_oracle("CLI-ERR-002")
def non_json_body_gives_typed_error(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-002", run)


@client_oracle("CLI-ERR-003")
def detail_less_body_gives_typed_error(run: ScenarioRun, api_key: str) -> None:
    _check_error_status("CLI-ERR-003", run)
