"""The suite tests itself: every mutant is precisely killed under the quick profile, on every
rule it ``proves``, and every requirement the clean run judges is proved by some mutant.

Each mutant is one test (so xdist spreads them): the suite runs against it in a process of its
own forked from a warm server, exactly as ``knowlify-conformance mutants`` runs it, and a
requirement the mutant breaks must be reported ``fail``. The clean reference (and the clean
client) must be conformant under the same selection, and must judge at least one requirement of
every mutant.

So no check passes merely because nothing was ever shown to fail it: each judged requirement
is in some mutant's ``proves``, and that mutant's test asserts the requirement failed.

``KNOWN_SURVIVORS`` pins the faults the suite misses today, each with the check that would
catch it; their tests are strict xfails, so the entry must go the day the suite kills them.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conformance.mutants.matrix import Status, clean_problems, coverage_gaps, judge
from conformance.mutants.model import Mutant, MutantSide
from conformance.mutants.registry import CLEAN_SPECS, mutants_of
from conformance.mutants.runner import SuiteRun, run_warm
from conformance.mutants.warm import warm_pool

KNOWN_SURVIVORS: dict[str, str] = {}

MUTANTS = mutants_of("all")

#: Faults whose failures must stay on their own rules: any other failure is the suite crying
#: wolf (on what the contract allows) or being derailed by the fault it should only report.
ONLY_THEIR_OWN_RULE = {
    "edit-accepted-202": "the docs allow any 2xx for an accepted edit; only EDIT-014 pins 200",
    "reset-as-epoch": "a wrong X-RateLimit-Reset must not make the pacer wait years",
}


def _param(mutant: Mutant) -> object:
    marks = []
    if mutant.name in KNOWN_SURVIVORS:
        marks.append(pytest.mark.xfail(reason=KNOWN_SURVIVORS[mutant.name], strict=True))
    return pytest.param(mutant, id=f"{mutant.side}:{mutant.name}", marks=marks)


@pytest.fixture(scope="session")
def warm() -> Iterator[ProcessPoolExecutor]:
    """One warm pool per test process: each run still gets a process of its own."""
    with warm_pool(1) as pool:
        yield pool


@pytest.fixture(scope="session")
def clean_runs(
    tmp_path_factory: pytest.TempPathFactory, warm: ProcessPoolExecutor
) -> dict[MutantSide, SuiteRun]:
    folder = tmp_path_factory.mktemp("clean")
    sides = sorted({mutant.side for mutant in MUTANTS})
    return {
        side: warm.submit(run_warm, side, CLEAN_SPECS[side], folder / side).result()
        for side in sides
    }


def test_known_survivors_are_mutants() -> None:
    assert KNOWN_SURVIVORS.keys() <= {mutant.name for mutant in MUTANTS}


@pytest.mark.parametrize("side", [MutantSide.SERVER, MutantSide.CLIENT])
def test_the_clean_reference_is_conformant_and_judges_every_mutant(
    clean_runs: dict[MutantSide, SuiteRun], side: MutantSide
) -> None:
    if side not in clean_runs:
        pytest.skip(f"no {side}-side mutants in this installation")
    run = clean_runs[side]
    assert clean_problems(run.verdicts) == [], run.problem
    assert run.verdicts is not None
    assert coverage_gaps([m for m in MUTANTS if m.side is side], run.verdicts) == {}
    judged = {rid for rid, verdict in run.verdicts.items() if verdict == "pass"}
    proved = {rid for mutant in MUTANTS if mutant.side is side for rid in mutant.proves}
    assert sorted(judged - proved) == [], f"{side}: no mutant proves these judged requirements"


@pytest.mark.parametrize("mutant", [_param(mutant) for mutant in MUTANTS])
def test_the_mutant_is_precisely_killed(
    mutant: Mutant, tmp_path: Path, warm: ProcessPoolExecutor
) -> None:
    run = warm.submit(run_warm, mutant.side, mutant.spec, tmp_path, focus=mutant.focus).result()
    outcome = judge(
        mutant, run.verdicts, seconds=run.seconds, problem=run.problem, coverage=run.coverage
    )
    assert outcome.status is Status.KILLED, (
        f"{mutant.name} ({mutant.description}): {outcome.status.value}, {outcome.note}; "
        f"incidental failures: {list(outcome.incidental)}; output in {tmp_path}"
    )
    # A faulty server is judged, never a reason for the harness to break (a check that trips
    # over a missing field reports the field's rule, not a KeyError).
    assert outcome.errors == (), f"{mutant.name}: harness errors on {list(outcome.errors)}"
    if mutant.name in ONLY_THEIR_OWN_RULE:
        assert outcome.incidental == (), ONLY_THEIR_OWN_RULE[mutant.name]
    missed = sorted(mutant.proves - set(outcome.killed_by))
    assert missed == [], (
        f"{mutant.name} proves {missed} but was killed only by {list(outcome.killed_by)}; "
        f"output in {tmp_path}"
    )
