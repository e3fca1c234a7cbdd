"""Helpers for the client-side tests: play scenarios, judge them, read the verdicts."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from conformance.client.oracles import judge
from conformance.client.recording import ScenarioRun
from conformance.client.runner import new_api_key
from conformance.client.scenarios import Scenario, load_scenarios
from conformance.verdicts import Observation, Verdict

ADAPTERS = Path(__file__).parent / "adapters"
REFERENCE_ADAPTER = [sys.executable, "-m", "conformance.reference.client.adapter"]
NODE_ADAPTER = ["node", str(Path(__file__).parents[2] / "examples/node-client/adapter.mjs")]

KEY = new_api_key()


def test_adapter(name: str) -> list[str]:
    return [sys.executable, str(ADAPTERS / f"{name}.py")]


test_adapter.__test__ = False  # type: ignore[attr-defined]


def scenarios_for(requirements: Iterable[str]) -> tuple[Scenario, ...]:
    wanted = set(requirements)
    return tuple(s for s in load_scenarios() if wanted & set(s.proves))


def observations(runs: Sequence[ScenarioRun], key: str = KEY) -> list[Observation]:
    return [o for run in runs for o in judge(run, key)]


def bad(observations: Iterable[Observation]) -> set[str]:
    """Requirements with a fail or an error."""
    return {o.requirement for o in observations if o.verdict in (Verdict.FAIL, Verdict.ERROR)}


def verdicts(observations: Iterable[Observation]) -> dict[str, set[Verdict]]:
    found: dict[str, set[Verdict]] = {}
    for o in observations:
        found.setdefault(o.requirement, set()).add(o.verdict)
    return found


Around = Callable[[str, Mapping[str, Any], Callable[[], dict[str, Any]]], Mapping[str, Any]]


class _Around:
    def __init__(self, inner: Any, around: Around) -> None:
        self.inner = inner
        self.around = around

    def perform(
        self, operation: str, arguments: Mapping[str, Any], options: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        def call() -> dict[str, Any]:
            return dict(self.inner.perform(operation, arguments, options))

        return self.around(operation, arguments, call)


def around_reference(around: Around) -> Callable[..., Any]:
    """An adapter factory: the reference client, each request passed through ``around``
    (operation, arguments, call) -> outcome, where ``call()`` performs it for real."""
    from conformance.reference.client.adapter import factory

    def make(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Any:
        return _Around(factory(base_url=base_url, api_key=api_key, sleep=sleep), around)

    return make
