"""What a harness records while a client plays a scenario; the oracles' only input.

Times are seconds on the harness's clock: real arrival times at the loopback server, or, in
process, the virtual clock (the sleeps the client asked for, plus real time elapsed). The API
key is not stored here: oracles receive it separately, and :func:`describe` masks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..exchange import REDACTED
from .scenarios import Scenario, Step

__all__ = ["RecordedCall", "ScenarioRun", "StepRun", "describe", "evidence_for", "mask"]


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request that reached a scripted host, and the status it was answered."""

    host: str
    method: str
    url: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    arrived: float
    answered: int

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def json_body(self) -> Any:
        import json

        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class StepRun:
    """One step as played: its calls, the client's outcome, and what went wrong, if anything.

    ``outcome`` is a checked protocol outcome, or None when the client gave none: it was
    stopped as a runaway (``runaway``), or the harness broke (``harness_error``).
    """

    step: Step
    calls: tuple[RecordedCall, ...]
    outcome: Mapping[str, Any] | None
    sleeps: tuple[float, ...] | None = None
    runaway: bool = False
    harness_error: str | None = None

    @property
    def main_calls(self) -> tuple[RecordedCall, ...]:
        return tuple(call for call in self.calls if call.host == "main")

    @property
    def other_calls(self) -> tuple[RecordedCall, ...]:
        return tuple(call for call in self.calls if call.host == "other")


@dataclass(frozen=True, slots=True)
class ScenarioRun:
    scenario: Scenario
    steps: tuple[StepRun, ...] = field(default=())
    harness_error: str | None = None
    #: Wall time the harness spent on the scenario (real seconds, virtual waits excluded).
    seconds: float = 0.0

    @property
    def broken(self) -> str | None:
        """Why the run cannot be judged, if it cannot: the first harness error."""
        if self.harness_error:
            return self.harness_error
        return next((s.harness_error for s in self.steps if s.harness_error), None)


def mask(value: Any, api_key: str) -> Any:
    """``value`` (nested JSON-like data) with the key replaced wherever it appears."""
    if isinstance(value, str):
        return value.replace(api_key, REDACTED) if api_key else value
    if isinstance(value, bytes):
        return mask(value.decode("utf-8", "replace"), api_key)
    if isinstance(value, Mapping):
        return {mask(k, api_key): mask(v, api_key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask(v, api_key) for v in value]
    return value


def describe(run: StepRun, api_key: str, *, start: float | None = None) -> dict[str, Any]:
    """A step's evidence for the report: calls (times from the step's first), outcome, sleeps."""
    origin = start if start is not None else (run.calls[0].arrived if run.calls else 0.0)
    evidence: dict[str, Any] = {
        "operation": run.step.operation,
        "calls": [
            {
                "host": call.host,
                "request": f"{call.method} {call.url}",
                "at_seconds": round(call.arrived - origin, 3),
                "answered": call.answered,
                "headers": {
                    key: value
                    for key, value in call.headers
                    if key.lower() in ("x-api-key", "idempotency-key", "authorization")
                },
                "body": call.body[:500],
            }
            for call in run.calls
        ],
        "outcome": run.outcome,
    }
    if run.sleeps is not None:
        evidence["requested_sleeps"] = [round(s, 3) for s in run.sleeps]
    if run.runaway:
        evidence["stopped"] = f"stopped after {len(run.main_calls)} requests (runaway)"
    result: dict[str, Any] = mask(evidence, api_key)
    return result


def evidence_for(run: ScenarioRun, api_key: str) -> dict[str, Any] | None:
    """A failure's evidence: the run's last exchange (report shape) plus every step played.

    None when no request arrived at all (the message then says everything there is).
    """
    last: tuple[StepRun, RecordedCall] | None = None
    for step in run.steps:
        for call in step.calls:
            last = (step, call)
    if last is None:
        return None
    step, call = last
    attempt = sum(1 for c in step.calls[: step.calls.index(call)] if c.host == call.host)
    scripted = step.step.response_for(call.host, attempt)
    evidence: dict[str, Any] = {
        "request": {
            "method": call.method,
            "url": call.url,
            "headers": {key: value for key, value in call.headers},
            "body": call.body.decode("utf-8", "replace")[:2000],
        },
        "response": {
            "status": call.answered,
            "headers": dict(scripted.headers) if scripted else {},
            "body": scripted.body.decode("utf-8", "replace")[:2000] if scripted else "",
        },
        "scenario": run.scenario.id,
        "summary": run.scenario.summary,
        "steps": [describe(played, api_key) for played in run.steps],
    }
    masked: dict[str, Any] = mask(evidence, api_key)
    return masked
