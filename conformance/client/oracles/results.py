"""CLI-RES: a successful answer comes back with the server's values."""

from __future__ import annotations

from ...failures import NotApplicable
from ..recording import ScenarioRun
from ._common import fail, on_the_wire, result_of, where
from ._registry import client_oracle


@client_oracle("CLI-RES-001")
def successful_results_surfaced(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-RES-001"
    for step in on_the_wire(
        run, lambda s: s.step.expect.result is not None, "no successful answer to judge"
    ):
        if not any(200 <= call.answered < 300 for call in step.main_calls):
            raise NotApplicable(
                f"{where(step)}: no 2xx reached the client (it stopped at a "
                f"{step.main_calls[-1].answered}; the retry rules judge that)"
            )
        result = result_of(requirement, step)
        for name, sent in (step.step.expect.result or {}).items():
            got = result.get(name)
            if got != sent:
                raise fail(
                    requirement,
                    f"{where(step)}: the result's {name} is {got!r}; the server sent {sent!r}",
                )
