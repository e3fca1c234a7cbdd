"""Play drawn server answers against a client and judge them with the client oracles.

For each kind of ``answers.KINDS`` Hypothesis draws ``examples`` answer sequences from a
recorded ``seed``, plays each through a harness (in process or an adapter session) and judges
it. A failing sequence is shrunk to the minimal one that still fails: its run is the failure's
evidence, with the answers it scripted, so the report shows the smallest counterexample. The
verdicts roll up per kind into one observation per requirement (``client::SCN-DRAWN-<KIND>``):
a failure if any example failed, an error if the harness broke, a pass if some example held it,
otherwise not applicable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as with_seed

from ..verdicts import Observation, Verdict
from .answers import IN_PROCESS, KINDS, AnswerBudget, answer_sequences
from .oracles import judge
from .recording import ScenarioRun, evidence_for, mask
from .scenarios import Scenario

__all__ = ["DEFAULT_EXAMPLES", "DrawnKind", "kinds_for", "play_drawn"]

#: Examples per kind: many in process (virtual clock), few through an adapter (real waits).
DEFAULT_EXAMPLES: Final = {"in-process": 25, "adapter": 2}

Player = Callable[[Scenario], ScenarioRun]


@dataclass(slots=True)
class DrawnKind:
    """What one kind of drawn answers showed: observations per requirement and the cost."""

    kind: str
    seed: int
    examples: int = 0
    seconds: float = 0.0
    observations: list[Observation] = field(default_factory=list)
    minimal: dict[str, Any] | None = None

    @property
    def test(self) -> str:
        return f"client::SCN-DRAWN-{self.kind.upper()}"


class _Failed(Exception):
    def __init__(self, run: ScenarioRun, failed: list[Observation]) -> None:
        super().__init__(f"{len(failed)} rule(s) broken")
        self.run = run
        self.failed = failed


def kinds_for(keyword: str | None) -> list[str]:
    """The kinds whose scenario ID or possible requirements contain ``keyword`` (all if None)."""
    if not keyword:
        return list(KINDS)
    wanted = keyword.strip().upper()
    return [
        kind
        for kind, (_, proves) in KINDS.items()
        if wanted in f"SCN-DRAWN-{kind.upper()}" or any(wanted in req for req in proves)
    ]


def play_drawn(
    play: Player,
    *,
    api_key: str,
    seed: int,
    examples: int,
    budget: AnswerBudget = IN_PROCESS,
    kinds: Iterable[str] | None = None,
) -> list[DrawnKind]:
    """Draw and play ``examples`` answer sequences of each kind; one ``DrawnKind`` each."""
    return [
        _play_kind(play, kind, api_key=api_key, seed=seed, examples=examples, budget=budget)
        for kind in (kinds if kinds is not None else KINDS)
    ]


def _play_kind(
    play: Player, kind: str, *, api_key: str, seed: int, examples: int, budget: AnswerBudget
) -> DrawnKind:
    found = DrawnKind(kind, seed)
    seen: dict[str, dict[Verdict, Observation]] = {}
    started = time.perf_counter()

    @with_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
    )
    @given(answer_sequences(kind, budget=budget))
    def check(scenario: Scenario) -> None:
        found.examples += 1
        run = play(scenario)
        observations = judge(run, api_key)
        for observation in observations:
            seen.setdefault(observation.requirement, {}).setdefault(
                observation.verdict, observation
            )
        failed = [o for o in observations if o.verdict is Verdict.FAIL]
        if failed:
            raise _Failed(run, failed)

    minimal: _Failed | None = None
    try:
        check()
    except _Failed as failure:
        minimal = failure
    found.seconds = time.perf_counter() - started
    found.observations = _roll(found, seen, minimal, api_key)
    if minimal is not None:
        found.minimal = answers_of(minimal.run, api_key)
    return found


def _roll(
    found: DrawnKind,
    seen: dict[str, dict[Verdict, Observation]],
    minimal: _Failed | None,
    api_key: str,
) -> list[Observation]:
    """One observation per requirement: the minimal failure first, then worst seen."""
    shrunk = {o.requirement: o for o in (minimal.failed if minimal else [])}
    origin = f"drawn {found.kind} answers (seed {found.seed}, {found.examples} examples)"
    rolled: list[Observation] = []
    for requirement, verdicts in sorted(seen.items()):
        if requirement in shrunk:
            failure = shrunk[requirement]
            assert minimal is not None
            evidence = dict(evidence_for(minimal.run, api_key) or {})
            evidence["answers"] = answers_of(minimal.run, api_key)
            message = f"{origin}, minimal failing answers: {failure.message}"
            rolled.append(Observation(requirement, Verdict.FAIL, found.test, message, evidence))
            continue
        for verdict in (Verdict.FAIL, Verdict.ERROR, Verdict.PASS, Verdict.SKIP):
            if verdict in verdicts:
                observation = verdicts[verdict]
                message = f"{origin}: {observation.message}" if observation.message else ""
                rolled.append(
                    Observation(requirement, verdict, found.test, message, observation.evidence)
                )
                break
    return rolled


def answers_of(run: ScenarioRun, api_key: str) -> dict[str, Any]:
    """The scripted answers of a run, step by step, as a report shows them."""
    steps = []
    for step in run.scenario.steps:
        steps.append(
            {
                "operation": step.operation,
                "arguments": step.arguments,
                "options": step.options,
                "answers": [
                    {
                        "status": response.status,
                        "headers": dict(response.headers),
                        "body": response.body.decode("utf-8", "replace")[:2000],
                    }
                    for response in step.responses
                ],
            }
        )
    masked: dict[str, Any] = mask({"scenario": run.scenario.id, "steps": steps}, api_key)
    return masked
