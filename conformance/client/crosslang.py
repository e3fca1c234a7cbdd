"""Harness (b): drive an SDK in any language through an adapter command speaking JSON lines.

Each scenario gets its own loopback scenario server (so its own base URL) and runs on one of
``workers`` adapter processes, side by side; a process that answered cleanly is reused for a
later scenario (starting an interpreter costs more than most scenarios), one that broke or was
stopped is discarded, so one crash cannot spoil another scenario. Every wait has a deadline:
an adapter that exits, hangs, or prints anything but a protocol line yields ``error`` with the
reason and the tail of its stderr; a client that keeps retrying past a step's bound is stopped
at once and judged on the requests it made. The API key never reaches our output: stderr
tails and messages are masked.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Final

from .loopback import ScenarioServer
from .protocol import ProtocolError, check_outcome
from .recording import ScenarioRun, StepRun, mask
from .runner import ClientHarnessError
from .scenarios import Expectation, Scenario, ScriptedResponse, Step

__all__ = ["DEFAULT_WORKERS", "AdapterSession", "play_with_adapter", "preflight"]

DEFAULT_WORKERS: Final = 4
PREFLIGHT_TIMEOUT_SECONDS: Final = 30.0
#: Extra time the first step of a fresh adapter process gets, to start up.
STARTUP_ALLOWANCE_SECONDS: Final = 15.0
_POLL_SECONDS: Final = 0.05
_STDERR_TAIL: Final = 600
#: The longest line read from an adapter's stdout (a protocol answer is far shorter); a longer
#: one ends the step as error, and is never read whole.
MAX_LINE_CHARS: Final = 1 << 20
_EOF: Final = object()
_TOO_LONG: Final = object()


def play_with_adapter(
    command: Sequence[str],
    scenarios: Iterable[Scenario],
    *,
    api_key: str,
    workers: int = DEFAULT_WORKERS,
    startup_allowance: float = STARTUP_ALLOWANCE_SECONDS,
) -> list[ScenarioRun]:
    """Play each scenario on an adapter process; results in catalogue order.

    ``startup_allowance`` is added to the first deadline of each fresh process.
    """
    chosen = list(scenarios)
    idle = _Idle(command, startup_allowance)
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(lambda s: _timed(idle, s, api_key), chosen))
    finally:
        idle.stop_all()


class AdapterSession:
    """Adapter processes kept across many one-scenario plays (the drawn answers)."""

    def __init__(
        self, command: Sequence[str], *, startup_allowance: float = STARTUP_ALLOWANCE_SECONDS
    ) -> None:
        self._idle = _Idle(command, startup_allowance)

    def play(self, scenario: Scenario, api_key: str) -> ScenarioRun:
        return _timed(self._idle, scenario, api_key)

    def close(self) -> None:
        self._idle.stop_all()


def preflight(command: Sequence[str], *, api_key: str) -> None:
    """One trivial request; an adapter that cannot answer it is a usage error (exit 2)."""
    step = Step(
        operation="get_video",
        arguments={"uuid": "550e8400-e29b-41d4-a716-446655440000"},
        options={},
        responses=(
            ScriptedResponse(
                200,
                (("Content-Type", "application/json"),),
                b'{"uuid": "550e8400-e29b-41d4-a716-446655440000", "status": "queued", '
                b'"is_complete": false, "is_failed": false, "progress": {}, '
                b'"error_message": null, "task": "t", "created_at": "", "updated_at": ""}',
            ),
        ),
        other_host=(),
        expect=Expectation(timeout_seconds=PREFLIGHT_TIMEOUT_SECONDS),
    )
    scenario = Scenario("SCN-PREFLIGHT", "preflight", ("CLI-SEC-001",), (step,))
    idle = _Idle(command, 0.0)
    try:
        run = _play(idle, scenario, api_key)
    finally:
        idle.stop_all()
    if run.broken is not None:
        raise ClientHarnessError(f"the adapter failed its first request: {run.broken}")


class _Adapter:
    """One adapter process, its stdout lines on a queue and a tail of its stderr."""

    def __init__(self, command: Sequence[str]) -> None:
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            # Its own process group: stopping the adapter ends the children it started too.
            start_new_session=True,
        )
        self.answered = False
        self.lines: queue.Queue[object] = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=_STDERR_TAIL)
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        while line := stream.readline(MAX_LINE_CHARS + 1):
            if len(line) > MAX_LINE_CHARS:
                self.lines.put(_TOO_LONG)
                self.kill()
                return
            self.lines.put(line)
        self.lines.put(_EOF)

    def _drain(self, stream: IO[str]) -> None:
        while chunk := stream.readline(4096):
            self.stderr.extend(chunk)

    def kill(self) -> None:
        """End the adapter and every process of its group."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (AttributeError, OSError):  # no process groups here, or the group is gone
            self.process.kill()

    def send(self, payload: Mapping[str, object]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(payload) + "\n")
        self.process.stdin.flush()

    def tail(self, api_key: str) -> str:
        text = " ".join("".join(self.stderr).split())
        return f"; stderr ends: {mask(text, api_key)[-300:]}" if text else "; stderr is empty"

    def stop(self) -> None:
        process = self.process
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=2)
        self.kill()  # the children it left behind, if any
        process.wait(timeout=5)


class _Idle:
    """Adapter processes that answered cleanly, ready for another scenario."""

    def __init__(self, command: Sequence[str], startup_allowance: float) -> None:
        self.command = list(command)
        self.startup_allowance = startup_allowance
        self._ready: queue.SimpleQueue[_Adapter] = queue.SimpleQueue()

    def take(self) -> _Adapter:
        while True:
            try:
                adapter = self._ready.get_nowait()
            except queue.Empty:
                return _Adapter(self.command)
            if adapter.process.poll() is None:
                return adapter

    def give_back(self, adapter: _Adapter) -> None:
        self._ready.put(adapter)

    def stop_all(self) -> None:
        while True:
            try:
                self._ready.get_nowait().stop()
            except queue.Empty:
                return


def _timed(idle: _Idle, scenario: Scenario, api_key: str) -> ScenarioRun:
    started = time.perf_counter()
    run = _play(idle, scenario, api_key)
    return dataclasses.replace(run, seconds=time.perf_counter() - started)


def _play(idle: _Idle, scenario: Scenario, api_key: str) -> ScenarioRun:
    server = ScenarioServer()
    try:
        try:
            adapter = idle.take()
        except OSError as exc:
            return ScenarioRun(
                scenario, harness_error=f"cannot start the adapter command: {exc.strerror or exc}"
            )
        steps: list[StepRun] = []
        clean = False
        try:
            for number, step in enumerate(scenario.steps, start=1):
                played = _step(
                    adapter,
                    server,
                    step,
                    f"{scenario.id}/{number}",
                    api_key,
                    idle.startup_allowance,
                )
                steps.append(played)
                if played.harness_error or played.runaway:
                    break
            else:
                clean = True
            return ScenarioRun(scenario, tuple(steps))
        finally:
            if clean:
                idle.give_back(adapter)
            else:
                adapter.stop()
    finally:
        server.close()


def _step(
    adapter: _Adapter,
    server: ScenarioServer,
    step: Step,
    ident: str,
    api_key: str,
    startup_allowance: float,
) -> StepRun:
    server.begin(step)
    request = {
        "id": ident,
        "operation": step.operation,
        "arguments": dict(step.arguments),
        "options": dict(step.options),
        "base_url": server.base_urls["main"],
        "api_key": api_key,
    }

    def broken(reason: str) -> StepRun:
        return StepRun(step, server.calls(), None, harness_error=mask(reason, api_key))

    try:
        adapter.send(request)
    except (BrokenPipeError, OSError, ValueError):
        code = adapter.process.poll()
        return broken(
            f"the adapter exited (code {code}) before reading a request" + adapter.tail(api_key)
        )
    # A fresh process first has to start (an interpreter, the SDK): not the client's time.
    allowance = startup_allowance if not adapter.answered else 0.0
    deadline = time.monotonic() + step.expect.timeout_seconds + allowance
    while True:
        if server.main_count() > step.runaway_limit:
            adapter.kill()
            return StepRun(step, server.calls(), None, runaway=True)
        try:
            line = adapter.lines.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if time.monotonic() > deadline:
                adapter.kill()
                return broken(
                    f"{step.operation}: no answer within {step.expect.timeout_seconds:g} s "
                    f"(the adapter hangs or the client waits too long)" + adapter.tail(api_key)
                )
            continue
        if line is _EOF:
            try:
                code = adapter.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                adapter.kill()
                return broken(
                    f"{step.operation}: the adapter closed its stdout without answering"
                    + adapter.tail(api_key)
                )
            return broken(
                f"{step.operation}: the adapter exited (code {code}) without answering"
                + adapter.tail(api_key)
            )
        if line is _TOO_LONG:
            return broken(
                f"{step.operation}: the adapter printed a line of over {MAX_LINE_CHARS} "
                "characters without a newline; a protocol answer is one short line"
            )
        text = str(line).strip()
        if not text:
            continue
        try:
            answer = json.loads(text)
            if not isinstance(answer, dict):
                raise ProtocolError("a line must hold a JSON object")
            if answer.get("id") != ident:
                raise ProtocolError(f"answer id {answer.get('id')!r} is not {ident!r}")
            outcome = check_outcome(answer)
        except (ValueError, ProtocolError) as exc:
            return broken(
                f"{step.operation}: the adapter printed {text[:120]!r}, not a protocol "
                f"answer ({exc}); print logs to stderr"
            )
        adapter.answered = True
        return StepRun(step, server.calls(), outcome)
