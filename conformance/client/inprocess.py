"""Harness (a): play scenarios in process against an httpx-based Python SDK, through respx.

httpx is patched process-wide by ``respx.mock(assert_all_mocked=True)``: the SDK builds its
own client as usual, and a request to any address the scenario does not serve fails loudly.
The two scripted hosts are loopback addresses on the discard port (``127.0.0.1:9`` and
``127.0.0.2:9``): nothing is ever contacted, and a stray connection could only be refused on
loopback. Time is virtual: the clock advances by each sleep the SDK asks for (plus real time
elapsed), so backoff checks take milliseconds. Each step runs in a worker thread with a
deadline, so an SDK that hangs yields ``error`` and the run goes on.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Final

import httpx
import respx

from .protocol import AdapterFactory, ClientAdapter, ProtocolError, check_outcome, error_outcome
from .recording import RecordedCall, ScenarioRun, StepRun
from .scenarios import Scenario, Step

__all__ = ["BASE_URLS", "VirtualClock", "play_in_process"]

BASE_URLS: Final = {"main": "http://127.0.0.1:9", "other": "http://127.0.0.2:9"}
#: Sleeps one step may request before the client counts as a runaway (a loop that only waits).
MAX_SLEEPS_PER_STEP: Final = 50


class _Stop(BaseException):
    """Raised into the SDK to stop it: a ``BaseException`` so ``except Exception`` misses it."""


class _Runaway(_Stop):
    pass


class _Abandoned(_Stop):
    pass


class VirtualClock:
    """Time that advances by requested sleeps (recorded) as well as by real time."""

    def __init__(self) -> None:
        self._origin = time.monotonic()
        self._slept = 0.0
        self.sleeps: list[float] = []
        self.abandoned = False

    def now(self) -> float:
        return self._slept + (time.monotonic() - self._origin)

    def sleep(self, seconds: float) -> None:
        if self.abandoned:
            raise _Abandoned
        self.sleeps.append(float(seconds))
        if len(self.sleeps) > MAX_SLEEPS_PER_STEP:
            raise _Runaway
        if seconds > 0:
            self._slept += float(seconds)


class _Script:
    """Answers requests for the current step and records them."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.step: Step | None = None
        self.calls: list[RecordedCall] = []
        self.lock = threading.Lock()

    def begin(self, step: Step) -> None:
        with self.lock:
            self.step, self.calls = step, []

    def answer(self, host: str, request: httpx.Request) -> httpx.Response:
        if self.clock.abandoned:
            raise _Abandoned
        with self.lock:
            step = self.step
            attempt = sum(1 for call in self.calls if call.host == host)
            response = step.response_for(host, attempt) if step is not None else None
            status, headers, body = (
                response.render(BASE_URLS) if response is not None else (599, [], b"")
            )
            self.calls.append(
                RecordedCall(
                    host=host,
                    method=request.method,
                    url=str(request.url),
                    path=request.url.path,
                    headers=tuple(request.headers.multi_items()),
                    body=request.content,
                    arrived=self.clock.now(),
                    answered=status,
                )
            )
            runaway = step is not None and host == "main" and attempt + 1 > step.runaway_limit
        if runaway:
            raise _Runaway
        return httpx.Response(status, headers=headers, content=body)


def play_in_process(
    factory: AdapterFactory, scenarios: Iterable[Scenario], *, api_key: str
) -> list[ScenarioRun]:
    """Play each scenario with a fresh adapter from ``factory``; one run per scenario."""
    runs = []
    for scenario in scenarios:
        started = time.perf_counter()
        run = _play(factory, scenario, api_key)
        runs.append(dataclasses.replace(run, seconds=time.perf_counter() - started))
    return runs


def _play(factory: AdapterFactory, scenario: Scenario, api_key: str) -> ScenarioRun:
    clock = VirtualClock()
    script = _Script(clock)
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        for host, base in BASE_URLS.items():
            router.route(url__startswith=base).mock(side_effect=_bound(script.answer, host))
        try:
            adapter = factory(base_url=BASE_URLS["main"], api_key=api_key, sleep=clock.sleep)
        except Exception as exc:
            return ScenarioRun(
                scenario, harness_error=f"the factory raised {type(exc).__name__}: {exc}"
            )
        steps: list[StepRun] = []
        for step in scenario.steps:
            played = _play_step(adapter, step, script, clock)
            steps.append(played)
            if played.harness_error or played.runaway:
                break
        _close(adapter)
    return ScenarioRun(scenario, tuple(steps))


def _bound(
    answer: Callable[[str, httpx.Request], httpx.Response], host: str
) -> Callable[[httpx.Request], httpx.Response]:
    def side_effect(request: httpx.Request) -> httpx.Response:
        return answer(host, request)

    return side_effect


def _play_step(adapter: ClientAdapter, step: Step, script: _Script, clock: VirtualClock) -> StepRun:
    script.begin(step)
    first_sleep = len(clock.sleeps)
    box: dict[str, Any] = {}

    def perform() -> None:
        try:
            box["outcome"] = adapter.perform(step.operation, step.arguments, step.options)
        except _Runaway:
            box["runaway"] = True
        except _Abandoned:
            pass
        except AssertionError as exc:  # respx: a request to an address no scenario serves
            if type(exc).__name__ == "AllMockedAssertionError":
                box["foreign"] = str(exc)
            else:
                box["crash"] = exc
        except BaseException as exc:  # the SDK crashed: that is its outcome
            box["crash"] = exc

    worker = threading.Thread(target=perform, name=f"client-{step.operation}", daemon=True)
    worker.start()
    worker.join(step.expect.timeout_seconds)
    sleeps = tuple(clock.sleeps[first_sleep:])
    if worker.is_alive():
        clock.abandoned = True
        return StepRun(
            step,
            tuple(script.calls),
            None,
            sleeps,
            harness_error=f"{step.operation}: the client did not return within "
            f"{step.expect.timeout_seconds:g} s",
        )
    calls = tuple(script.calls)
    if box.get("runaway"):
        return StepRun(step, calls, None, sleeps, runaway=True)
    if "foreign" in box:
        return StepRun(
            step,
            calls,
            None,
            sleeps,
            harness_error=f"the client sent a request no scenario serves: {box['foreign']}",
        )
    if "crash" in box:
        exc = box["crash"]
        outcome = error_outcome(
            type_name=type(exc).__name__, status=None, detail=None, message=str(exc)
        )
        return StepRun(step, calls, outcome, sleeps)
    try:
        outcome = check_outcome(box.get("outcome"))
    except ProtocolError as exc:
        return StepRun(
            step, calls, None, sleeps, harness_error=f"the adapter's answer is not valid: {exc}"
        )
    return StepRun(step, calls, outcome, sleeps)


def _close(adapter: object) -> None:
    close = getattr(adapter, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # closing is a courtesy; the verdicts are already recorded
            return
