"""What every client oracle shares: the failure it raises, and reading a recorded step."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

from ...failures import ConformanceFailure, NotApplicable
from ..recording import RecordedCall, ScenarioRun, StepRun

__all__ = [
    "BACKOFF_GROWTH",
    "TIMING_ALLOWANCE_SECONDS",
    "check_ok_at_end",
    "error_of",
    "fail",
    "finished",
    "gap",
    "on_the_wire",
    "result_of",
    "steps_where",
    "where",
]

#: Clock granularity forgiven on every measured wait (timers may fire a few ms early).
TIMING_ALLOWANCE_SECONDS: Final = 0.02
#: Exponential backoff: the k-th wait after a 500 must be at least 2 s x 1.5^(k-1) (2, 3, 4.5 ...).
#: A floor per wait, not a ratio of measured waits: load can only lengthen a measured wait, so a
#: slow machine never fails a client that waited as told.
BACKOFF_GROWTH: Final = 1.5


def fail(requirement: str, message: str) -> ConformanceFailure:
    return ConformanceFailure(requirement=requirement, title="client", message=message)


def where(step: StepRun, index: int | None = None) -> str:
    call = f" request {index + 1}" if index is not None else ""
    return f"{step.step.operation}{call}"


def finished(step: StepRun) -> Mapping[str, Any]:
    """The step's outcome; NotApplicable if the client had to be stopped."""
    if step.outcome is None:
        raise NotApplicable(
            f"{step.step.operation}: the client was stopped after {len(step.main_calls)} "
            "requests without finishing (CLI-RETRY-006 judges that)"
        )
    return step.outcome


def error_of(requirement: str, step: StepRun) -> Mapping[str, Any]:
    outcome = finished(step)
    if outcome["ok"]:
        answered = step.main_calls[-1].answered if step.main_calls else "no"
        raise fail(
            requirement, f"{where(step)}: the client reported success for a {answered} answer"
        )
    error: Mapping[str, Any] = outcome["error"]
    return error


def result_of(requirement: str, step: StepRun) -> Mapping[str, Any]:
    outcome = finished(step)
    if not outcome["ok"]:
        error = outcome["error"]
        raise fail(
            requirement,
            f"{where(step)}: expected success, the client reported {error.get('type')} "
            f"(status {error.get('status')}): {error.get('message')}",
        )
    result: Mapping[str, Any] = outcome["result"]
    return result


def steps_where(
    run: ScenarioRun, when: Callable[[StepRun], bool], reason: str
) -> Iterator[StepRun]:
    chosen = [step for step in run.steps if when(step)]
    if not chosen:
        raise NotApplicable(reason)
    yield from chosen


def on_the_wire(
    run: ScenarioRun, when: Callable[[StepRun], bool], reason: str
) -> Iterator[StepRun]:
    """The steps chosen by ``when`` whose request reached the server.

    A rule about how the client treats an answer cannot be judged where no request was sent
    (a client that refused the request itself, say, because it validates what it sends):
    such steps are left out, and NotApplicable says so when none is left.
    """
    chosen = list(steps_where(run, when, reason))
    sent = [step for step in chosen if step.main_calls]
    if not sent:
        refused = chosen[0]
        raise NotApplicable(
            f"{where(refused)}: no request was sent (the client refused it itself), so there "
            "was no answer to judge"
        )
    yield from sent


def gap(calls: Sequence[RecordedCall], index: int) -> float:
    return calls[index + 1].arrived - calls[index].arrived


def check_ok_at_end(requirement: str, step: StepRun) -> None:
    if step.step.expect.outcome == "ok":
        result_of(requirement, step)
