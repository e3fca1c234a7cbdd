"""The registry of client oracles, keyed by requirement ID, and ``judge``."""

from __future__ import annotations

from collections.abc import Callable

from ...failures import ConformanceFailure, NotApplicable
from ...verdicts import Observation, Verdict
from ..recording import ScenarioRun, evidence_for, mask

__all__ = ["CLIENT_ORACLES", "ClientOracle", "client_oracle", "judge"]

ClientOracle = Callable[[ScenarioRun, str], None]
CLIENT_ORACLES: dict[str, ClientOracle] = {}


def client_oracle(requirement: str) -> Callable[[ClientOracle], ClientOracle]:
    """Register the oracle of ``requirement``; a second one for the same ID is refused."""

    def register(function: ClientOracle) -> ClientOracle:
        if requirement in CLIENT_ORACLES:
            raise ValueError(f"{requirement} already has an oracle")
        CLIENT_ORACLES[requirement] = function
        return function

    return register


def judge(run: ScenarioRun, api_key: str) -> list[Observation]:
    """One observation per requirement the scenario proves."""
    scenario = run.scenario
    test = f"client::{scenario.id}"
    evidence = evidence_for(run, api_key)
    broken = run.broken
    if broken is not None:
        message = mask(f"harness error in {scenario.id}: {broken}", api_key)
        return [Observation(r, Verdict.ERROR, test, message, evidence) for r in scenario.proves]
    observations: list[Observation] = []
    for requirement in scenario.proves:
        try:
            CLIENT_ORACLES[requirement](run, api_key)
        except ConformanceFailure as failure:
            text = mask(f"{scenario.id}: {failure.message}", api_key)
            observations.append(Observation(requirement, Verdict.FAIL, test, text, evidence))
        except NotApplicable as why:
            text = mask(f"{scenario.id}: {why.reason}", api_key)
            observations.append(Observation(requirement, Verdict.SKIP, test, text, evidence))
        else:
            observations.append(Observation(requirement, Verdict.PASS, test))
    return observations
