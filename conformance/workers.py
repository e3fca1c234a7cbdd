"""Warm workers: one pytest session whose tests run in processes forked after collection.

pytest-xdist starts each worker as a new interpreter that imports pytest, Hypothesis,
Schemathesis and FastAPI and collects every module again: against the in-process reference
that start costs as much as the checks it would share out. Here the session collects once,
imports the heavy libraries once, then forks ``--knowlify-workers`` children. Each child claims
the next test from a shared counter (the collection order, so the rate-limit probes still come
first and last), runs it with its own target, and sends pytest's serialised reports back; the
parent feeds them to the hooks exactly as xdist's controller does, so the results, progress
and terminal output are the same.

A test a child started but never reported (the child died) is an ``error`` of every
requirement it carries, never a silent gap. Needs ``os.fork``: without it, use xdist's ``-n``.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

import pytest

__all__ = ["HTTP_TARGET_REFUSED", "PRELOAD", "WarmWorkers", "can_fork"]

#: Why no run against an HTTP target is shared out, xdist's or ours.
HTTP_TARGET_REFUSED = (
    "-n with an HTTP target: each worker would pace the same rate limits on its own and meet "
    "429s the checks did not provoke; run it in one process"
)

#: What every child would otherwise import on its first test: imported once, before forking.
PRELOAD = (
    "hypothesis",
    "conformance.harness",
    "conformance.oracles",
    "conformance.server.schemathesis_support",
    "conformance.targets.asgi",
    "conformance.targets.reference",
)


def can_fork() -> bool:
    """Whether this platform can fork warm workers (POSIX): else ``run -n`` uses xdist."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class _Shared:
    """What the children share: the index of the next test to claim, a stop flag, and the
    failures so far (``--maxfail``). One lock, ``next_index``'s, guards all three, so no test
    is claimed after the failure that stops the run is counted."""

    next_index: Any
    stop: Any
    failed: Any

    def count_failure(self, maxfail: int) -> None:
        with self.next_index.get_lock():
            self.failed.value += 1
            if maxfail and self.failed.value >= maxfail:
                self.stop.value = True


@dataclass
class _Child:
    process: Any
    inbox: Connection
    running: str | None = None
    done: bool = False
    crash: str = ""


@dataclass
class WarmWorkers:
    """The session's run loop, shared out to ``workers`` forked children."""

    workers: int
    #: The ``user_properties`` of a lost test's report (its requirements' ``error``s).
    lost_properties: Callable[[pytest.Item, str], list[tuple[str, object]]]
    preload: tuple[str, ...] = PRELOAD
    reported: set[str] = field(default_factory=set)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        if session.testsfailed and not session.config.option.continue_on_collection_errors:
            raise session.Interrupted(f"{session.testsfailed} error(s) during collection")
        if session.config.option.collectonly or not session.items:
            return True
        self._preload(session.config)
        context = multiprocessing.get_context("fork")
        shared = _Shared(context.Value("i", 0), context.Value("b", False), context.Value("i", 0))
        children = []
        try:
            for _ in range(min(self.workers, len(session.items))):
                inbox, outbox = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child_main, args=(session, shared, outbox), daemon=True
                )
                process.start()
                outbox.close()
                children.append(_Child(process, inbox))
            self._serve(session, children, shared)
            for child in children:
                child.process.join()
        finally:
            # Interrupted (Ctrl-C, an error here): no child may outlive the run or block on a
            # parent that no longer reads.
            for child in children:
                if child.process.is_alive():
                    child.process.terminate()
                    child.process.join(timeout=5)
        # Unless -x stopped the claiming, every test should have run: one no child reported
        # (claimed by a child that died, or left when all died) is lost, never a quiet skip.
        stopped = bool(shared.stop.value)
        expected = session.items[: shared.next_index.value] if stopped else session.items
        self._account_for_lost_tests(session, expected, children)
        return True

    def _preload(self, config: pytest.Config) -> None:
        # A reference variant's module is ours; a user's ASGI module is imported by each child
        # on its own, so that no client or loop it makes at import is shared across children.
        target = str(config.getoption("knowlify_target") or "")
        ours = [target.split(":")[1]] if target.startswith("reference:") else []
        for name in (*self.preload, *ours):
            try:
                importlib.import_module(name)
            except Exception:  # the child that needs it reports the failure
                continue

    def _serve(self, session: pytest.Session, children: list[_Child], shared: _Shared) -> None:
        hook = session.config.hook
        waiting = {child.inbox: child for child in children}
        while waiting:
            for inbox in wait(list(waiting)):
                child = waiting[inbox]  # type: ignore[index]
                try:
                    kind, payload = child.inbox.recv()
                except EOFError:
                    del waiting[child.inbox]
                    continue
                if kind == "start":
                    nodeid, location = payload
                    hook.pytest_runtest_logstart(nodeid=nodeid, location=location)
                    child.running = nodeid
                elif kind == "report":
                    report = hook.pytest_report_from_serializable(
                        config=session.config, data=payload
                    )
                    hook.pytest_runtest_logreport(report=report)
                    if session.shouldfail or session.shouldstop:  # -x, --maxfail
                        shared.stop.value = True
                elif kind == "finish":
                    nodeid, location = payload
                    hook.pytest_runtest_logfinish(nodeid=nodeid, location=location)
                    self.reported.add(nodeid)
                    child.running = None
                elif kind == "crash":
                    child.crash = str(payload)
                elif kind == "done":
                    child.done = True

    def _account_for_lost_tests(
        self, session: pytest.Session, expected: list[pytest.Item], children: list[_Child]
    ) -> None:
        """Every expected test no child reported: ``error`` on its requirements, with the cause.

        Tests never claimed after ``-x`` stopped the run are simply not run, as in one process.
        """
        causes = [_cause(child) for child in children if not child.done]
        cause = causes[0] if causes else "no worker reported it"
        hook = session.config.hook
        for item in expected:
            if item.nodeid in self.reported:
                continue
            message = f"harness error: the worker that held this test stopped ({cause})"
            lost = pytest.TestReport(
                item.nodeid, item.location, {}, "failed", message, "call",
                user_properties=self.lost_properties(item, message),
            )  # fmt: skip
            closed = pytest.TestReport(item.nodeid, item.location, {}, "passed", None, "teardown")
            for report in (lost, closed):
                hook.pytest_runtest_logreport(report=report)  # counts it in session.testsfailed
            hook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def _cause(child: _Child) -> str:
    told = child.crash.strip().splitlines()[-1] if child.crash.strip() else ""
    cause = told or f"exit code {child.process.exitcode}"
    return f"{cause}, in {child.running}" if child.running else cause


def _child_main(session: pytest.Session, shared: _Shared, outbox: Connection) -> None:
    """In a child: claim tests until none is left; report each; never return to pytest."""
    status = 0
    try:
        _silence_output()
        forwarder = _Forwarder(session.config, outbox, shared)
        session.config.pluginmanager.register(forwarder, "knowlify-fwd")
        _run_claimed(session, shared, outbox)
        outbox.send(("done", None))
    except BaseException:  # whatever stops a child is told to the parent
        status = 1
        with contextlib.suppress(OSError):
            outbox.send(("crash", traceback.format_exc()))
    finally:
        outbox.close()
        os._exit(status)


def _silence_output() -> None:
    """The parent prints everything from the forwarded reports: a child's own terminal
    reporter, progress lines and captured output would only repeat or garble them."""
    for stream in (sys.stdout, sys.stderr):  # may be stand-ins (``redirect_stderr``)
        with contextlib.suppress(Exception):
            stream.flush()
    with open(os.devnull, "w", encoding="utf-8") as null:
        for descriptor in (1, 2):
            os.dup2(null.fileno(), descriptor)


@dataclass
class _Forwarder:
    """In a child: every log hook of a test goes to the parent, which replays it."""

    config: pytest.Config
    outbox: Connection
    shared: _Shared

    def pytest_runtest_logstart(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        self.outbox.send(("start", (nodeid, location)))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Counted here, not when the parent reads the report: by then this child and the
        # others may have run several more tests, and -x would stop late and by chance.
        if report.failed and not hasattr(report, "wasxfail"):
            self.shared.count_failure(int(self.config.getoption("maxfail") or 0))
        data = self.config.hook.pytest_report_to_serializable(config=self.config, report=report)
        self.outbox.send(("report", data))

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        self.outbox.send(("finish", (nodeid, location)))


def _run_claimed(session: pytest.Session, shared: _Shared, outbox: Connection) -> None:
    items = session.items

    def claim() -> int:
        with shared.next_index.get_lock():
            if shared.stop.value:
                return len(items)
            index = int(shared.next_index.value)
            shared.next_index.value = index + 1
        return index

    # One test ahead, as xdist does: ``nextitem`` decides which fixtures are torn down, so the
    # target (session scope) stays open from one test to the next. The whole protocol runs
    # (warnings filters, assertion diffs, faulthandler), as in one process.
    index = claim()
    while index < len(items):
        following = claim()
        item = items[index]
        nextitem = items[following] if following < len(items) else None
        item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        index = following
