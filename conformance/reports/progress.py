"""Progress of a run for a person watching: one line per test module ("area") as it completes.

Registered by the plugin on the controlling process when ``--knowlify-progress`` names a
stream (or ``silent``); it also hushes pytest's per-test letters, which would bury the lines.
Server test modules are one per area (``test_envelope.py`` is "envelope"). With xdist the
tests of a module finish on several workers: its line comes when the last one reports.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

import pytest

__all__ = ["STREAMS", "AreaProgress", "area_of"]

STREAMS = ("stdout", "stderr", "silent")


def area_of(test_id: str) -> str:
    """``conformance/server/test_rate_limits.py::test_x[a]`` -> ``rate-limits``."""
    module = test_id.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
    return module.removeprefix("test_").replace("_", "-")


class AreaProgress:
    def __init__(self, stream: str) -> None:
        if stream not in STREAMS:
            raise ValueError(f"progress stream {stream!r} is not one of {', '.join(STREAMS)}")
        self.stream = stream
        self.started = time.monotonic()
        self.expected: Counter[str] = Counter()
        self.done: Counter[str] = Counter()
        self.outcomes: dict[str, Counter[str]] = {}
        self.failed: set[str] = set()
        # Tests that stopped on a harness error (the suite's or the transport's), not a failure.
        self.errored: set[str] = set()
        self.finished_areas = 0

    def _out(self) -> TextIO | None:
        return {"stdout": sys.stdout, "stderr": sys.stderr}.get(self.stream)

    def expect(self, test_ids: Iterable[str]) -> None:
        if not self.expected:
            self.expected = Counter(area_of(test_id) for test_id in test_ids)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.expect(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self.expect(ids)

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport | pytest.CollectReport, config: pytest.Config
    ) -> tuple[str, str, str]:
        """The outcome's category for pytest's tally, without the per-test letter."""
        if report.when == "call" or report.skipped:
            return report.outcome, "", ""
        if report.failed:
            return "error", "", ""
        return "", "", ""

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            verdicts = {
                observation.get("verdict")
                for name, value in report.user_properties
                if name == "knowlify_observations" and isinstance(value, list)
                for observation in value
            }
            harness_only = bool(verdicts) and "fail" not in verdicts and "error" in verdicts
            (self.errored if harness_only else self.failed).add(report.nodeid)
        if report.when == "call" or (report.when == "setup" and report.skipped):
            self.outcomes.setdefault(report.nodeid, Counter())[report.outcome] += 1
        if report.when != "teardown":
            return
        area = area_of(report.nodeid)
        self.done[area] += 1
        if self.done[area] == self.expected.get(area):
            self._print_area(area)

    def announce(self, message: str) -> None:
        """A line of its own between the area lines: a wait the run takes, say."""
        out = self._out()
        if out is not None:
            elapsed = time.monotonic() - self.started
            print(f"        {message}  ({elapsed:.1f} s)", file=out)
            out.flush()

    def _print_area(self, area: str) -> None:
        tests = [t for t in self.outcomes if area_of(t) == area]
        tally: Counter[str] = Counter()
        for test in tests:
            if test in self.failed:
                tally["failed"] += 1
            elif test in self.errored:
                tally["error"] += 1
            else:
                tally[next(iter(self.outcomes[test]))] += 1
        self.finished_areas += 1
        out = self._out()
        if out is None:
            return
        parts = ", ".join(f"{n} {word}" for word, n in sorted(tally.items()))
        elapsed = time.monotonic() - self.started
        print(
            f"  [{self.finished_areas:>2}/{len(self.expected)}] {area:<20} "
            f"{parts or 'nothing ran'}  ({elapsed:.1f} s)",
            file=out,
        )
        out.flush()
