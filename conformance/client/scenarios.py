"""The client scenario catalogue (``scenarios.yaml``) as validated, typed data.

A scenario is language-neutral: both harnesses play it (respx in process, a loopback server
for adapter commands) and the oracles judge what was recorded against its ``expect`` blocks.
:func:`load_scenarios` reads the packaged file once; :func:`parse_scenarios` validates any text
and raises :class:`ScenarioError` naming the scenario, step and field at fault.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

import yaml

from ..contract.catalogue import Side, load_catalogue
from .protocol import OPERATIONS, OPTIONS

__all__ = [
    "HOSTS",
    "RETRY_BOUND",
    "Expectation",
    "Redirect",
    "Scenario",
    "ScenarioError",
    "ScriptedResponse",
    "Step",
    "load_scenarios",
    "parse_scenarios",
    "with_retry_bound",
]

SCHEMA_VERSION: Final = 1
SCENARIO_ID_PATTERN: Final = re.compile(r"^SCN(-[A-Z0-9]+)+$")
#: The two hosts a scenario may script: the API's, and another one a redirect leads to.
HOSTS: Final = ("main", "other")
DEFAULT_TIMEOUT_SECONDS: Final = 20.0
#: Attempts beyond a step's expected bound before a harness stops a client that will not stop.
RUNAWAY_MARGIN: Final = 2
#: Requests one call may make when its answers are server errors (CLI-RETRY-006: the first
#: attempt and up to five retries). A step scripting a 5xx without an exact ``attempts`` gets it
#: as its ``max_attempts``, so no harness stops a client before the rule does.
RETRY_BOUND: Final = 6
_OUTCOMES: Final = ("ok", "error", "any")
_RESPONSE_KEYS: Final = frozenset({"status", "headers", "json", "text", "content_type", "redirect"})
_EXPECT_KEYS: Final = frozenset(
    {
        "outcome", "result", "error", "failed", "rows", "attempts", "min_attempts",
        "max_attempts", "resend_of", "timeout_seconds",
    }
)  # fmt: skip
_STEP_KEYS: Final = frozenset(
    {"operation", "arguments", "options", "responses", "other_host", "expect"}
)
_SCENARIO_KEYS: Final = frozenset({"id", "summary", "proves", "steps"})


class ScenarioError(ValueError):
    """The scenario catalogue is malformed; the message names the entry and field."""


@dataclass(frozen=True, slots=True)
class Redirect:
    host: str
    path: str
    status: int


@dataclass(frozen=True, slots=True)
class ScriptedResponse:
    """One scripted answer; ``body`` is exact bytes (empty for none)."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    redirect: Redirect | None = None

    def render(self, base_urls: Mapping[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body, with a redirect's ``Location`` on the live base URL."""
        headers = list(self.headers)
        if self.redirect is not None:
            location = base_urls[self.redirect.host].rstrip("/") + self.redirect.path
            headers.append(("Location", location))
        return self.status, headers, self.body


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the client must show after one step."""

    outcome: str = "any"
    result: Mapping[str, Any] | None = None
    error_status: int | None = None
    error_detail: str | None = None
    failed: tuple[Mapping[str, Any], ...] | None = None
    rows: tuple[Mapping[str, Any], ...] | None = None
    attempts: int | None = None
    min_attempts: int | None = None
    max_attempts: int | None = None
    resend_of: tuple[int, ...] | None = None
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


@dataclass(frozen=True, slots=True)
class Step:
    operation: str
    arguments: Mapping[str, Any]
    options: Mapping[str, Any]
    responses: tuple[ScriptedResponse, ...]
    other_host: tuple[ScriptedResponse, ...]
    expect: Expectation

    def response_for(self, host: str, attempt: int) -> ScriptedResponse | None:
        """The answer to the ``attempt``-th (0-based) request to ``host``; the last repeats."""
        script = self.responses if host == "main" else self.other_host
        if not script:
            return None
        return script[min(attempt, len(script) - 1)]

    @property
    def runaway_limit(self) -> int:
        """Requests to the main host after which a harness stops the client.

        With a bound (``attempts`` or ``max_attempts``; a step scripting 5xx always has one,
        ``RETRY_BOUND`` by default) the first request beyond it already breaks the rule, so
        waiting for more only costs time; without one, a small margin past the script. Both
        harnesses record exactly the requests up to the first one past this limit.
        """
        bound = self.expect.max_attempts if self.expect.attempts is None else self.expect.attempts
        if bound is not None:
            return max(bound, 1)
        return len(self.responses) + RUNAWAY_MARGIN


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    summary: str
    proves: tuple[str, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def timeout_seconds(self) -> float:
        return sum(step.expect.timeout_seconds for step in self.steps)


@functools.cache
def load_scenarios() -> tuple[Scenario, ...]:
    """The packaged scenario catalogue, validated (cached)."""
    data = resources.files(__package__ or "conformance.client").joinpath("scenarios.yaml")
    return parse_scenarios(data.read_bytes(), origin="scenarios.yaml")


def parse_scenarios(data: bytes, *, origin: str = "<scenarios>") -> tuple[Scenario, ...]:
    """Parse and validate scenario YAML; every problem is a one-line ``ScenarioError``."""
    try:
        document = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{origin}: not valid YAML: {exc}") from None
    if not isinstance(document, dict) or document.get("schema_version") != SCHEMA_VERSION:
        raise ScenarioError(f"{origin}: needs a mapping with schema_version: {SCHEMA_VERSION}")
    raw = document.get("scenarios")
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{origin}: `scenarios` must be a non-empty list")
    client_ids = {r.id for r in load_catalogue().for_side(Side.CLIENT)}
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw):
        where = f"{origin}: scenario #{number + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{origin}: {entry['id']}"
        scenario = _scenario(entry, where, client_ids)
        if scenario.id in seen:
            raise ScenarioError(f"{where}: duplicate scenario ID")
        seen.add(scenario.id)
        scenarios.append(scenario)
    return tuple(scenarios)


# --- private ------------------------------------------------------------------------------------


def _keys(value: object, allowed: frozenset[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: must be a mapping")
    unknown = sorted(str(key) for key in set(value) - allowed)
    if unknown:
        raise ScenarioError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return value


def _scenario(entry: object, where: str, client_ids: set[str]) -> Scenario:
    data = _keys(entry, _SCENARIO_KEYS, where)
    scenario_id = data.get("id")
    if not isinstance(scenario_id, str) or not SCENARIO_ID_PATTERN.match(scenario_id):
        raise ScenarioError(f"{where}: id {scenario_id!r} must look like SCN-AREA-WHAT")
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise ScenarioError(f"{where}: needs a one-line summary")
    proves = data.get("proves")
    if not isinstance(proves, list) or not proves:
        raise ScenarioError(f"{where}: `proves` must list client requirement IDs")
    for requirement in proves:
        if requirement not in client_ids:
            raise ScenarioError(f"{where}: proves {requirement!r}, not a client requirement")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ScenarioError(f"{where}: `steps` must be a non-empty list")
    steps: list[Step] = []
    for index, raw_step in enumerate(raw_steps):
        step = _step(raw_step, f"{where} step {index + 1}")
        if step.operation == "resubmit_failed" and not any(
            s.operation == "create_videos" for s in steps
        ):
            raise ScenarioError(f"{where} step {index + 1}: resubmit_failed needs a batch before")
        steps.append(step)
    return Scenario(scenario_id, summary.strip(), tuple(proves), tuple(steps))


def _step(raw: object, where: str) -> Step:
    data = _keys(raw, _STEP_KEYS, where)
    operation = data.get("operation")
    if not isinstance(operation, str) or operation not in OPERATIONS:
        raise ScenarioError(f"{where}: operation {operation!r} is not one of {sorted(OPERATIONS)}")
    arguments = _keys(data.get("arguments") or {}, OPERATIONS[operation], f"{where} arguments")
    arguments = {key: _expand(value) for key, value in arguments.items()}
    options = _keys(data.get("options") or {}, OPTIONS, f"{where} options")
    responses = _responses(data.get("responses"), f"{where} responses", required=True)
    other = _responses(data.get("other_host"), f"{where} other_host", required=False)
    for response in responses:
        if response.redirect is not None and response.redirect.host == "other" and not other:
            raise ScenarioError(f"{where}: a redirect to the other host needs `other_host`")
    expect = _expectation(data.get("expect"), f"{where} expect", operation)
    if (expect.max_attempts or 0) > RETRY_BOUND:
        raise ScenarioError(f"{where}: max_attempts above {RETRY_BOUND} (CLI-RETRY-006)")
    return Step(
        operation, arguments, options, responses, other, with_retry_bound(expect, responses)
    )


def with_retry_bound(expect: Expectation, responses: tuple[ScriptedResponse, ...]) -> Expectation:
    """``expect`` with ``max_attempts`` set to ``RETRY_BOUND`` where server errors are scripted
    and no bound is given."""
    if expect.attempts is not None or expect.max_attempts is not None:
        return expect
    if not any(response.status >= 500 for response in responses):
        return expect
    return dataclasses.replace(expect, max_attempts=RETRY_BOUND)


def _expand(value: Any) -> Any:
    """Expand ``{$repeat: N, item: X}`` into N copies of X, at any depth."""
    if isinstance(value, dict):
        if "$repeat" in value:
            return [_expand(value["item"]) for _ in range(int(value["$repeat"]))]
        return {key: _expand(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item) for item in value]
    return value


def _responses(raw: object, where: str, *, required: bool) -> tuple[ScriptedResponse, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{where}: must be a non-empty list of responses")
    return tuple(_response(item, f"{where} #{n + 1}") for n, item in enumerate(raw))


def _response(raw: object, where: str) -> ScriptedResponse:
    data = _keys(raw, _RESPONSE_KEYS, where)
    bodies = [key for key in ("json", "text", "redirect") if key in data]
    if len(bodies) > 1:
        raise ScenarioError(f"{where}: give one of json, text or redirect, not {bodies}")
    headers = data.get("headers") or {}
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ScenarioError(f"{where}: headers must map names to quoted strings")
    pairs = list(headers.items())
    if "redirect" in data:
        redirect = _keys(data["redirect"], frozenset({"host", "path", "status"}), where)
        host, path = redirect.get("host", "other"), redirect.get("path")
        status = redirect.get("status", 307)
        if host not in HOSTS or not isinstance(path, str) or not path.startswith("/"):
            raise ScenarioError(f"{where}: redirect needs host (main|other) and a /path")
        if status not in (301, 302, 303, 307, 308):
            raise ScenarioError(f"{where}: redirect status {status!r} is not a redirect")
        return ScriptedResponse(status, tuple(pairs), b"", Redirect(host, path, status))
    status = data.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
        raise ScenarioError(f"{where}: status {status!r} must be a number in 200-599")
    body = b""
    content_type = data.get("content_type")
    if "json" in data:
        body = json.dumps(data["json"], ensure_ascii=False).encode("utf-8")
        content_type = content_type or "application/json"
    elif "text" in data:
        if not isinstance(data["text"], str):
            raise ScenarioError(f"{where}: text must be a string")
        body = data["text"].encode("utf-8")
        content_type = content_type or "text/plain; charset=utf-8"
    if content_type:
        pairs.append(("Content-Type", str(content_type)))
    return ScriptedResponse(status, tuple(pairs), body)


def _count(data: Mapping[str, Any], name: str, where: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(f"{where}: {name} must be a whole number, not {value!r}")
    return value


def _records(value: object, name: str, where: str) -> tuple[Mapping[str, Any], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ScenarioError(f"{where}: {name} must be a list of mappings")
    for item in value:
        if not isinstance(item.get("index"), int):
            raise ScenarioError(f"{where}: every {name} entry needs an integer index")
    return tuple(value)


def _expectation(raw: object, where: str, operation: str) -> Expectation:
    data = _keys(raw, _EXPECT_KEYS, where)
    outcome = data.get("outcome", "any")
    if outcome not in _OUTCOMES:
        raise ScenarioError(f"{where}: outcome {outcome!r} is not one of {_OUTCOMES}")
    error = _keys(data.get("error") or {}, frozenset({"status", "detail"}), f"{where} error")
    if error and outcome != "error":
        raise ScenarioError(f"{where}: `error` needs outcome: error")
    result = data.get("result")
    if result is not None and (not isinstance(result, dict) or outcome != "ok"):
        raise ScenarioError(f"{where}: `result` is a mapping and needs outcome: ok")
    resend = data.get("resend_of")
    if resend is not None:
        if operation != "resubmit_failed":
            raise ScenarioError(f"{where}: resend_of belongs to a resubmit_failed step")
        if not isinstance(resend, list) or not all(isinstance(i, int) for i in resend):
            raise ScenarioError(f"{where}: resend_of must list indexes")
    timeout = data.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ScenarioError(f"{where}: timeout_seconds must be a number above 0")
    detail = error.get("detail")
    if detail is not None and not isinstance(detail, str):
        raise ScenarioError(f"{where}: error.detail must be a string")
    expectation = Expectation(
        outcome=outcome,
        result=result,
        error_status=error.get("status"),
        error_detail=detail,
        failed=_records(data.get("failed"), "failed", where),
        rows=_records(data.get("rows"), "rows", where),
        attempts=_count(data, "attempts", where),
        min_attempts=_count(data, "min_attempts", where),
        max_attempts=_count(data, "max_attempts", where),
        resend_of=tuple(resend) if resend is not None else None,
        timeout_seconds=float(timeout),
    )
    if expectation.attempts is not None and (expectation.min_attempts or expectation.max_attempts):
        raise ScenarioError(f"{where}: give attempts, or min_attempts/max_attempts, not both")
    return expectation
