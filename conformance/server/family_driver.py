"""Sends one class label's cases through the harness and judges each on its own requirement.

``LabelRun.run()`` sends the label's explicit examples (every run, in order), then has
Hypothesis draw ``budget.drawn`` more from the label's strategy, with a seed derived from the
run's seed and the label (so one label's draws do not depend on which others ran). Each case is
built with the run's fixtures (``case.build``), sent as its own key says (paced on that key),
and judged: the exact ``expected_status``, and ``detail_pattern`` where the case has one, both
charged to ``case.requirement``. The error envelope of every answer is judged by the global
envelope oracles (ENV-001 ... ENV-005), as for every exchange of the run. The first failure
stops the label: Hypothesis shrinks a drawn one (in process) and the failure carries the
shrunk case and its label. A label that sent nothing is a harness error, never a silent gap.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import HealthCheck, Phase, assume, given, seed, settings
from hypothesis.errors import Unsatisfiable

from strategies import LabelledCase, MissingFixture

from ..contract.constants import API_KEY_HEADER
from ..exchange import Exchange
from ..failures import ConformanceFailure, HarnessError, NotApplicable
from ..harness import Harness
from ..oracles import expect_status
from .budget import IN_PROCESS_EXAMPLES, REMOTE_EXAMPLES
from .families import LabelClass

__all__ = ["Budget", "CaseFailure", "LabelRun", "coverage_row"]

#: Requirements whose cases carry the fault in the body, before any ownership check: any
#: account gets the same answer, so against a remote target they go out on two in turn.
_BODY_FAULT_STATUSES: Final = frozenset({400})
_NOT_JSON: Final = frozenset({"VID-VAL-012", "VID-VAL-013", "EDIT-007", "EDIT-008"})
#: Against a remote target the cases go out in turn on other callers too, each a key and the
#: complete video it may edit: a fault in the body (refused before any ownership check) on any
#: of these keys, aimed at the personal key's video; an SSRF case (judged after the ownership
#: check) only on a key with a video of its own. The personal key, the one the rest of the run
#: spends most, comes last.
_ANY_KEY: Final = ("keys.second_account", "keys.org", "keys.personal")
_OWNERS: Final = (("keys.org", "videos.org_complete"), ("keys.personal", "videos.complete"))
#: The attribute of the open target holding the turn: one per run, shared by every label.
_TURN: Final = "_knowlify_bad_input_turn"


@dataclass(frozen=True, slots=True)
class Budget:
    """How many cases a label draws beyond its explicit examples, and from which seed."""

    drawn: int
    seed: int
    remote: bool

    @classmethod
    def for_run(cls, knowlify: Harness, *, examples: int | None, run_seed: int) -> Budget:
        remote = not knowlify.target.in_process or knowlify.config.dry_run
        default = REMOTE_EXAMPLES if remote else IN_PROCESS_EXAMPLES
        return cls(examples if examples is not None else default, run_seed, remote)

    def label_seed(self, label: str) -> int:
        """The seed of one label's draws: the run's seed and the label, CRC-mixed."""
        return zlib.crc32(f"{self.seed}:{label}".encode())


class CaseFailure(ConformanceFailure):
    """A labelled case got the wrong answer; carries the case (the shrunk one, if drawn)."""

    def __init__(
        self, failure: ConformanceFailure, case: LabelledCase, *, drawn: bool, seed: int
    ) -> None:
        super().__init__(
            requirement=failure.requirement,
            title=failure.title,
            message=f"[{case.label}] {failure.message}",
            exchange=failure.exchange,
        )
        self.case = {
            "label": case.label,
            "requirement": case.requirement,
            "expected_status": case.expected_status,
            "operation": case.operation,
            "value": _short_repr(case.value),
            "drawn": drawn,
            "seed": seed,
        }


def _short_repr(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


@dataclass
class LabelRun:
    """The cases of one class label against one target."""

    knowlify: Harness
    label_class: LabelClass
    budget: Budget
    judged: frozenset[str]
    explicit_sent: int = 0
    drawn_sent: int = 0
    skipped: list[str] = field(default_factory=list)
    failed: bool = False

    def run(self) -> None:
        explicit = self.label_class.explicit_examples()
        for case in explicit:
            self._check(case, drawn=False)
        if self.budget.drawn > 0:
            self._draw(explicit)
        if self.explicit_sent + self.drawn_sent == 0:
            why = self.skipped[0] if self.skipped else "every case was filtered out"
            if self.skipped and all(s.startswith("fixture") for s in self.skipped):
                raise NotApplicable(f"{self.label_class.label}: no case could be built ({why})")
            raise HarnessError(f"class label {self.label_class.label} sent no case: {why}")

    def _draw(self, explicit: tuple[LabelledCase, ...]) -> None:
        shrink = () if self.budget.remote else (Phase.shrink,)

        @seed(self.budget.label_seed(self.label_class.label))
        @settings(
            max_examples=self.budget.drawn,
            database=None,
            deadline=None,
            derandomize=False,
            report_multiple_bugs=False,
            suppress_health_check=list(HealthCheck),
            phases=(Phase.generate, *shrink),
        )
        @given(case=self.label_class.strategy)
        def drawn(case: LabelledCase) -> None:
            assume(case.requirement in self.judged and case not in explicit)
            self._check(case, drawn=True)

        # Unsatisfiable: the label holds no case beyond its explicit examples (``batch/empty``).
        with contextlib.suppress(Unsatisfiable):
            drawn()

    def _check(self, case: LabelledCase, *, drawn: bool) -> None:
        if case.requirement not in self.judged:
            self.skipped.append(f"{case.requirement} is not judged in this run")
            return
        exchange = self._send(case)
        if exchange is None:
            return
        if drawn:
            self.drawn_sent += 1
        else:
            self.explicit_sent += 1
        try:
            _judge(case, exchange)
        except ConformanceFailure as failure:
            self.failed = True
            raise CaseFailure(failure, case, drawn=drawn, seed=self.budget.seed) from None

    def _send(self, case: LabelledCase) -> Exchange | None:
        fixtures = self._fixtures(case)
        try:
            built = case.build(fixtures)
        except MissingFixture as missing:
            self.skipped.append(f"fixture {missing.fixture!r} is not configured")
            return None
        headers = built.header_map()
        key = headers.pop(API_KEY_HEADER, None)
        return self.knowlify.request(
            built.method, built.path, key=key, content=built.content, headers=headers
        )

    def _fixtures(self, case: LabelledCase) -> Mapping[str, str]:
        """The run's fixtures; against a remote target, the caller is taken in turn (one turn
        for the whole run) from those that get the same answer as the personal key."""
        config = self.knowlify.config.fixtures
        names = {*case.fixtures_needed, *_ANY_KEY, *(video for _, video in _OWNERS)}
        fixtures = {name: str(config.get(name)) for name in names if config.get(name)}
        if not self.budget.remote or "keys.personal" not in fixtures:
            return fixtures
        turns: Iterator[int] = vars(self.knowlify.target).setdefault(_TURN, itertools.count())
        turn = next(turns)
        if case.expected_status in _BODY_FAULT_STATUSES or case.requirement in _NOT_JSON:
            keys = [key for key in _ANY_KEY if key in fixtures]
            return {**fixtures, "keys.personal": fixtures[keys[turn % len(keys)]]}
        owners = [owner for owner in _OWNERS if all(name in fixtures for name in owner)]
        if case.requirement.startswith("REF-") and "videos.complete" in fixtures:
            key, video = owners[turn % len(owners)]
            return {**fixtures, "keys.personal": fixtures[key], "videos.complete": fixtures[video]}
        return fixtures


def _judge(case: LabelledCase, exchange: Exchange) -> None:
    why = f"{case.label} ({_short_repr(case.value, 80)})"
    expect_status(exchange, case.expected_status, requirement=case.requirement, why=why)
    if case.detail_pattern is None:
        return
    try:
        detail = exchange.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if not isinstance(detail, str) or not re.fullmatch(case.detail_pattern, detail):
        raise ConformanceFailure(
            requirement=case.requirement,
            title="detail does not have the documented form",
            message=f"{why}: detail {detail!r:.200} does not match {case.detail_pattern!r}",
            exchange=exchange,
        )


def coverage_row(run: LabelRun, verdict: str) -> dict[str, Any]:
    """The ``coverage`` entry of ``results.json`` for one label."""
    label_class = run.label_class
    return {
        "family": label_class.family,
        "label": label_class.label,
        "requirements": list(label_class.requirements),
        "explicit": run.explicit_sent,
        "drawn": run.drawn_sent,
        "sent": run.explicit_sent + run.drawn_sent,
        "verdict": verdict,
    }
