"""Verdicts: what each test observed about each requirement, rolled up worst-wins.

Order, from mildest: ``disabled < skip < pass < fail < error``, with one exception: a requirement
with a ``fail`` and an ``error`` is ``fail`` (an observed failure is certain; the error is named
in its reason, so it is never hidden either). A requirement that no test
observed is ``skip`` ("not exercised"), never ``pass``; one outside the chosen profile is
``disabled``.

The run verdict adds one value of its own, ``incomplete``: nothing failed, but a requirement
in scope (enabled, and selected) was not judged. Worst wins: ``error`` > ``fail`` >
``incomplete`` > ``pass``. Exit codes come from the run verdict in ``exit_code`` alone
(docs/verdicts.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

__all__ = [
    "EXIT_INCOMPLETE",
    "INCOMPLETE",
    "Observation",
    "RequirementResult",
    "Verdict",
    "cause_of",
    "exit_code",
    "roll_up",
    "run_verdict",
    "unjudged",
]

#: The run verdict when nothing failed but a requirement in scope was not judged.
INCOMPLETE: Final = "incomplete"
#: Its exit code (0/1/2 keep their meanings; ``--allow-incomplete`` maps it to 0).
EXIT_INCOMPLETE: Final = 3


class Verdict(StrEnum):
    DISABLED = "disabled"
    SKIP = "skip"
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


@dataclass(frozen=True, slots=True)
class Observation:
    """One test's finding about one requirement."""

    requirement: str
    verdict: Verdict
    test: str
    message: str = ""
    evidence: Mapping[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "requirement": self.requirement,
            "verdict": self.verdict.value,
            "test": self.test,
            "message": self.message,
            "evidence": dict(self.evidence) if self.evidence else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Observation:
        return cls(
            requirement=str(data["requirement"]),
            verdict=Verdict(data["verdict"]),
            test=str(data["test"]),
            message=str(data.get("message", "")),
            evidence=data.get("evidence"),
        )


@dataclass(slots=True)
class RequirementResult:
    requirement: str
    verdict: Verdict
    reason: str
    observations: list[Observation] = field(default_factory=list)

    @property
    def tests(self) -> list[str]:
        return sorted({o.test for o in self.observations})


def roll_up(
    requirement_ids: Iterable[str],
    disabled: Mapping[str, str],
    observations: Iterable[Observation],
) -> dict[str, RequirementResult]:
    """One result per requirement, worst observation first; ``disabled`` maps ID -> why."""
    by_requirement: dict[str, list[Observation]] = {}
    for observation in observations:
        by_requirement.setdefault(observation.requirement, []).append(observation)
    results: dict[str, RequirementResult] = {}
    for requirement in requirement_ids:
        seen = by_requirement.get(requirement, [])
        if requirement in disabled:
            results[requirement] = RequirementResult(
                requirement, Verdict.DISABLED, disabled[requirement]
            )
        elif not seen:
            results[requirement] = RequirementResult(
                requirement, Verdict.SKIP, "not exercised: no check for it ran"
            )
        else:
            worst = max(seen, key=lambda o: o.verdict.rank)
            verdict = worst.verdict
            if verdict is Verdict.PASS:
                reason = _held(seen)
            else:
                reason = worst.message or worst.verdict.value
            failed = next((o for o in seen if o.verdict is Verdict.FAIL), None)
            if verdict is Verdict.ERROR and failed is not None:
                # A failure observed is certain whatever else could not be judged: the harness
                # error must not hide it (it is named beside it).
                verdict = Verdict.FAIL
                reason = f"{failed.message or 'fail'}; also a harness error: {reason}"
            results[requirement] = RequirementResult(requirement, verdict, reason, seen)
    return results


def _held(seen: list[Observation]) -> str:
    """Why a requirement passes: the tests that held it, and any that could not judge it (a
    pass over part of its cases must not read as a pass over all of them)."""
    held = {o.test for o in seen if o.verdict is Verdict.PASS}
    unjudged = [o for o in seen if o.verdict is Verdict.SKIP and o.test not in held]
    reason = f"held in {len(held)} test(s)"
    if unjudged:
        reason += f"; not judged in {len({o.test for o in unjudged})}"
        reason += f": {unjudged[0].message}" if unjudged[0].message else ""
    return reason


def unjudged(
    results: Iterable[RequirementResult], out_of_scope: Collection[str] = ()
) -> list[RequirementResult]:
    """Requirements in scope (enabled, selected) that were not judged: ``skip``."""
    return [r for r in results if r.verdict is Verdict.SKIP and r.requirement not in out_of_scope]


#: Why a requirement went unjudged, read from its reason: (cause, what the reason starts with
#: or contains). The first match wins; "not judged" covers the rest.
_CAUSES = (
    ("missing fixture", "is not configured"),
    ("consumed fixture", "consumed"),
    ("premise not met", "premise"),
    ("stopped at another failure", "stopped at"),
    ("needs spend", "--allow-spend"),
    ("needs the sandbox", "needs the sandbox"),
    ("needs time to pass", "needs time to pass"),
    ("needs time to pass", "max_wait_seconds"),
    ("not exercised", "not exercised"),
)


def cause_of(reason: str) -> str:
    """The kind of reason a requirement was not judged, for the INCOMPLETE listing."""
    for cause, marker in _CAUSES:
        if marker in reason:
            return cause
    return "not judged"


def run_verdict(results: Iterable[RequirementResult], out_of_scope: Collection[str] = ()) -> str:
    """``error`` > ``fail`` > ``incomplete`` > ``pass``; ``skip`` when nothing was in scope."""
    found = list(results)
    verdicts = {r.verdict for r in found}
    if Verdict.ERROR in verdicts:
        return Verdict.ERROR.value
    if Verdict.FAIL in verdicts:
        return Verdict.FAIL.value
    if unjudged(found, out_of_scope):
        return INCOMPLETE
    return Verdict.PASS.value if Verdict.PASS in verdicts else Verdict.SKIP.value


def exit_code(verdict: str, *, allow_incomplete: bool = False) -> int:
    """0 conformant, 1 not conformant, 2 harness error, 3 incomplete (0 if allowed)."""
    if verdict == Verdict.ERROR:
        return 2
    if verdict == Verdict.FAIL:
        return 1
    if verdict == INCOMPLETE and not allow_incomplete:
        return EXIT_INCOMPLETE
    return 0
