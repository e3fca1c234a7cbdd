"""Per-requirement judgement inside one test: each requirement keeps its own outcome.

A test that judges several requirements wraps each check in ``with knowlify.judge(ID):``.
The block's outcome is recorded for that requirement and the test goes on:

- the block ends normally: ``pass`` (the check's premise held and the rule held);
- a ``ConformanceFailure`` of that requirement: ``fail``; of another requirement (a helper
  found a different rule broken on the way): ``fail`` for that one, and the block's own
  requirement is ``skip`` -- not judged, its premise failed, named;
- ``NotApplicable``: ``skip`` with the reason (the premise was not observed).

Anything else (a harness error, a bare assertion) propagates and ends the test as before.
So a failure of one rule -- a disabled SHOULD among them -- never leaves the next rule unjudged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .failures import ConformanceFailure, NotApplicable
from .verdicts import Observation, Verdict

__all__ = ["JudgedFailures", "Judgements", "premise", "raise_first"]


class JudgedFailures(ConformanceFailure):
    """Raised at the end of a test whose judged blocks recorded failures, so that pytest
    reports the test failed too; the observations were recorded by the blocks."""

    def __init__(self, failures: list[Observation]) -> None:
        first = failures[0]
        super().__init__(
            requirement=first.requirement,
            title=f"{len(failures)} requirement(s) failed in this test",
            message="; ".join(f.message.splitlines()[0] for f in failures),
        )


def raise_first(
    problems: Mapping[str, str], failure: Callable[[str, str], ConformanceFailure]
) -> None:
    """For a validator that stops at the first broken rule: raise it, if any."""
    for rule, problem in problems.items():
        raise failure(rule, problem)


def premise(holds: bool, what: str) -> None:
    """A pass needs its premise observed: ``skip`` naming ``what`` when it was not."""
    if not holds:
        raise NotApplicable(f"premise not observed: {what}")


@dataclass
class Judgements:
    """The observations one test recorded requirement by requirement."""

    test: str = ""
    observations: list[Observation] = field(default_factory=list)

    @contextmanager
    def __call__(self, requirement: str) -> Iterator[None]:
        try:
            yield
        except ConformanceFailure as failure:
            charged = failure.requirement or requirement
            evidence = failure.exchange.as_evidence() if failure.exchange is not None else None
            self._record(charged, Verdict.FAIL, str(failure), evidence)
            if charged != requirement:
                why = f"not judged: its premise failed ({charged}: {failure.title})"
                self._record(requirement, Verdict.SKIP, why)
        except NotApplicable as skipped:
            self._record(requirement, Verdict.SKIP, skipped.reason)
        else:
            self._record(requirement, Verdict.PASS, "")

    def _record(
        self,
        requirement: str,
        verdict: Verdict,
        message: str,
        evidence: Mapping[str, Any] | None = None,
    ) -> None:
        self.observations.append(Observation(requirement, verdict, self.test, message, evidence))

    def each(
        self,
        rules: Sequence[str],
        problems: Mapping[str, str],
        failure: Callable[[str, str], ConformanceFailure],
        unobserved: Mapping[str, str] | None = None,
    ) -> None:
        """Judge each of ``rules``: ``fail`` with its problem if it has one; ``skip`` if its
        premise is in ``unobserved`` (rule -> what was not seen); else ``pass``."""
        for rule in rules:
            with self(rule):
                if rule in problems:
                    raise failure(rule, problems[rule])
                premise(rule not in (unobserved or {}), (unobserved or {}).get(rule, ""))

    @property
    def judged(self) -> set[str]:
        return {o.requirement for o in self.observations}

    @property
    def failures(self) -> list[Observation]:
        return [o for o in self.observations if o.verdict is Verdict.FAIL]
