"""The fixture preflight: configured objects found in the state the checks need, before a run.

A check whose fixture is in the wrong state can only ``skip`` (a consumed revertable edit, a
"building" video that has finished). ``check_fixtures`` reads each configured object once,
with the key that owns it, and says what each one must be; ``run --check-fixtures`` prints the
result alone, and a run against an HTTP target prints it first. It sends only GETs (one per
configured object, counted by the rate limiter like any other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .config import SuiteConfig
from .contract.constants import VIDEO_TERMINAL_STATUSES
from .exchange import redact_fragments
from .failures import NotApplicable
from .harness import Harness

__all__ = ["EXPECTED", "FixtureProblem", "check_fixtures", "describe_problems", "preflight"]


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a configured object must be: read with ``key``, status accepted by ``accepts``."""

    kind: str  # "videos" or "edits"
    key: str
    must_be: str
    accepts: Callable[[int, object], bool]
    #: Where the run makes its own (a sandbox or --allow-spend), a wrong state does not matter.
    made_by_the_run: bool = False


def _status(*wanted: str) -> Callable[[int, object], bool]:
    return lambda code, status: code == 200 and status in wanted


def _forbidden(code: int, _: object) -> bool:
    return code == 403


#: Each stateful fixture of the config, and the state its checks need.
EXPECTED: dict[str, Expectation] = {
    "videos.complete": Expectation("videos", "keys.personal", "complete", _status("complete")),
    "videos.building": Expectation(
        "videos", "keys.personal", "still rendering (not complete or failed)",
        lambda code, status: code == 200 and status not in VIDEO_TERMINAL_STATUSES,
    ),
    "videos.other_account": Expectation(
        "videos", "keys.personal", "another account's video (403 to the personal key)", _forbidden
    ),
    "edits.errored": Expectation("edits", "keys.personal", "error", _status("error")),
    "edits.revertable": Expectation(
        "edits", "keys.personal", "complete (the newest edit of its video)", _status("complete"),
        made_by_the_run=True,
    ),
    "edits.org_revertable": Expectation(
        "edits", "keys.org", "complete (the newest edit of its video)", _status("complete"),
        made_by_the_run=True,
    ),
    "edits.other_account": Expectation(
        "edits", "keys.personal", "another account's edit (403 to the personal key)", _forbidden
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FixtureProblem:
    fixture: str
    found: str
    must_be: str
    #: The run makes its own where it may (sandbox, --allow-spend): a note, not a blocker.
    replaceable: bool = False

    def line(self) -> str:
        note = " (a sandbox run, or one with --allow-spend, makes its own)"
        text = f"fixtures.{self.fixture} is {self.found}; it must be {self.must_be}"
        return text + (note if self.replaceable else "")


def check_fixtures(harness: Harness) -> list[FixtureProblem]:
    """Every configured stateful fixture found in the wrong state (unconfigured ones are the
    checks' own ``skip``)."""
    problems = []
    for name, expected in EXPECTED.items():
        value = harness.config.fixtures.get(name)
        if not value:
            continue
        try:
            key = harness.fixture(expected.key)
        except NotApplicable:
            continue
        path = f"/v1/{expected.kind}/{value}"
        exchange = harness.get(path, key=key)
        status = None
        if exchange.status_code == 200:
            try:
                body = exchange.json()
            except ValueError:
                body = {}
            status = body.get("status") if isinstance(body, dict) else None
            # A value the server chose: a string only, short, and masked before it is printed.
            status = status if isinstance(status, str) else None
        if not expected.accepts(exchange.status_code, status):
            shown = redact_fragments(status[:80], harness.config.secrets()) if status else None
            found = f"'{shown}'" if shown is not None else f"answered {exchange.status_code}"
            problems.append(FixtureProblem(name, found, expected.must_be, expected.made_by_the_run))
    return problems


def describe_problems(problems: list[FixtureProblem]) -> list[str]:
    """The preflight's lines for a terminal."""
    if not problems:
        return ["Fixtures: every configured fixture is in the state its checks need."]
    lines = [f"Fixtures: {len(problems)} in the wrong state:"]
    lines += [f"  {problem.line()}" for problem in problems]
    return lines


def preflight(config: SuiteConfig) -> list[FixtureProblem]:
    """Open ``config``'s target, check its fixtures, close it (the reusable entry point)."""
    from .targets import open_target

    target = open_target(config)
    try:
        return check_fixtures(Harness(target, test_id="preflight"))
    finally:
        target.close()
