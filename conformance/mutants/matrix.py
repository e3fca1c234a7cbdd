"""The kill matrix: which mutant was killed, precisely, by which requirement. Pure logic.

A mutant is **killed** only when a requirement in its ``breaks`` is reported ``fail``: a precise
kill. Failures elsewhere are **incidental**: shown, never counted. A run that ends in ``error``
on the mutant's requirements (or writes no results) is **error**, not killed: the harness broke,
so nothing was proved. The clean reference must be conformant under the same selection, else
the matrix means nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from .model import Mutant

__all__ = [
    "KillMatrix",
    "Outcome",
    "Status",
    "clean_problems",
    "coverage_gaps",
    "judge",
    "unwitnessed",
]


class Status(StrEnum):
    KILLED = "killed"
    SURVIVED = "survived"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one mutant's run proved."""

    mutant: str
    side: str
    description: str
    breaks: tuple[str, ...]
    status: Status
    killed_by: tuple[str, ...] = ()
    incidental: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    note: str = ""
    seconds: float = 0.0
    #: The class label a witness mutant mishandles ("" for the others).
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


def judge(
    mutant: Mutant,
    verdicts: Mapping[str, str] | None,
    *,
    seconds: float = 0.0,
    problem: str = "",
    coverage: Mapping[str, str] | None = None,
) -> Outcome:
    """The outcome of one run; ``verdicts`` maps requirement ID -> verdict (None: no results),
    ``coverage`` class label -> the verdict of its bad-input check. A class witness is killed
    only when its label's own check failed too: a failure of the same requirement elsewhere
    witnesses nothing about that label."""

    def outcome(status: Status, note: str, **found: tuple[str, ...]) -> Outcome:
        return Outcome(
            mutant=mutant.name,
            side=mutant.side.value,
            description=mutant.description,
            breaks=tuple(sorted(mutant.breaks)),
            status=status,
            note=note,
            seconds=round(seconds, 2),
            label=mutant.label,
            **found,
        )

    if verdicts is None:
        return outcome(
            Status.ERROR, f"the run wrote no results: {problem or 'unknown harness failure'}"
        )
    failing = {rid for rid, verdict in verdicts.items() if verdict == "fail"}
    erroring = {rid for rid, verdict in verdicts.items() if verdict == "error"}
    found = {
        "killed_by": tuple(sorted(failing & mutant.breaks)),
        "incidental": tuple(sorted(failing - mutant.breaks)),
        "errors": tuple(sorted(erroring)),
    }
    label_verdict = (coverage or {}).get(mutant.label)
    if found["killed_by"] and mutant.label and label_verdict != "fail":
        note = f"its requirement failed, but the check of {mutant.label} was {label_verdict}"
        return outcome(Status.SURVIVED, note, **found)
    if found["killed_by"]:
        return outcome(Status.KILLED, "", **found)
    if erroring & mutant.breaks:
        erred = ", ".join(sorted(erroring & mutant.breaks))
        return outcome(Status.ERROR, f"harness error on {erred}: not a kill", **found)
    note = "no requirement it breaks was reported fail"
    if found["incidental"]:
        note += " (only incidental failures)"
    return outcome(Status.SURVIVED, note, **found)


def clean_problems(verdicts: Mapping[str, str] | None) -> list[str]:
    """Why the clean run cannot anchor the matrix (empty when it is conformant)."""
    if verdicts is None:
        return ["the clean run wrote no results"]
    return [
        f"{rid} is {verdict} on the clean reference"
        for rid, verdict in sorted(verdicts.items())
        if verdict in ("fail", "error")
    ]


def coverage_gaps(mutants: Iterable[Mutant], clean: Mapping[str, str]) -> dict[str, list[str]]:
    """Mutant -> its ``breaks`` IDs the selection never judged on the clean run (not ``pass``),
    for mutants with no judged ID at all: such a mutant cannot be killed by this selection."""
    gaps: dict[str, list[str]] = {}
    for mutant in mutants:
        unjudged = sorted(rid for rid in mutant.breaks if clean.get(rid) != "pass")
        if len(unjudged) == len(mutant.breaks):
            gaps[mutant.name] = unjudged
    return gaps


def unwitnessed(outcomes: Iterable[Outcome], clean: Mapping[str, str]) -> list[str]:
    """The requirements the clean run judged (``pass``) that no precise kill names: checks no
    fault has yet been shown to fail. The standard is an empty list."""
    witnessed = {rid for outcome in outcomes for rid in outcome.killed_by}
    return sorted(
        rid for rid, verdict in clean.items() if verdict == "pass" and rid not in witnessed
    )


@dataclass(slots=True)
class KillMatrix:
    """Every outcome of one mutation run, with the clean run that anchors it."""

    selection: str
    clean_seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    gaps: dict[str, list[str]] = field(default_factory=dict)
    total_seconds: float = 0.0
    #: Requirements the clean run(s) judged, and those of them no precise kill names. Only a
    #: run of every mutant of its sides (no ``-k``) is ``complete``: then a gap fails the run.
    judged: int = 0
    unwitnessed: list[str] = field(default_factory=list)
    complete: bool = False
    #: Class labels of bad input in all (a complete run) or among the selected mutants.
    labels: int = 0

    @property
    def labels_witnessed(self) -> int:
        """Class labels whose witness mutant was precisely killed by the label's own check."""
        return sum(1 for o in self.outcomes if o.label and o.status is Status.KILLED)

    def count(self, status: Status) -> int:
        return sum(outcome.status is status for outcome in self.outcomes)

    @property
    def all_killed(self) -> bool:
        return bool(self.outcomes) and self.count(Status.KILLED) == len(self.outcomes)

    def exit_code(self) -> int:
        """0 when every mutant is precisely killed and (in a complete run) every judged
        requirement was a precise kill of some mutant; 1 otherwise."""
        gap = self.complete and (bool(self.unwitnessed) or self.labels_witnessed < self.labels)
        return 0 if self.all_killed and not gap else 1

    def _gaps_text(self) -> str:
        if not self.complete:
            return " (a selection of mutants: only a run of every mutant names the gaps)."
        return f"; none yet for {', '.join(self.unwitnessed)}." if self.unwitnessed else "."

    def as_dict(self) -> dict[str, Any]:
        return {
            "selection": self.selection,
            "clean_reference": {"conformant": True, "seconds": round(self.clean_seconds, 2)},
            "total_seconds": round(self.total_seconds, 2),
            "mutants": len(self.outcomes),
            "killed": self.count(Status.KILLED),
            "survived": self.count(Status.SURVIVED),
            "error": self.count(Status.ERROR),
            "coverage_gaps": self.gaps,
            "requirements": {
                "judged": self.judged,
                "witnessed": self.judged - len(self.unwitnessed),
                "unwitnessed": self.unwitnessed,
                "complete_run": self.complete,
            },
            "class_labels": {"total": self.labels, "witnessed": self.labels_witnessed},
            "outcomes": [outcome.as_dict() for outcome in self.outcomes],
        }

    def to_markdown(self) -> str:
        lines = [
            "# Kill matrix",
            "",
            f"Selection: {self.selection}. The clean reference is conformant under it.",
            f"{self.count(Status.KILLED)} of {len(self.outcomes)} mutants precisely killed; "
            f"{self.count(Status.SURVIVED)} survived, {self.count(Status.ERROR)} error; "
            f"{self.total_seconds:.1f} s in all.",
            f"Requirements witnessed (a precise kill names them): "
            f"{self.judged - len(self.unwitnessed)} of {self.judged} judged" + self._gaps_text(),
            f"Class labels witnessed: {self.labels_witnessed} of {self.labels} (a witness "
            "mutant per label, killed by that label's own check).",
            "",
            "| mutant | side | status | killed by | incidental failures | breaks | note |",
            "|---|---|---|---|---|---|---|",
        ]
        for o in self.outcomes:
            lines.append(
                f"| `{o.mutant}` | {o.side} | {o.status.value} | {', '.join(o.killed_by) or '-'}"
                f" | {', '.join(o.incidental) or '-'} | {', '.join(o.breaks)} | {o.note or '-'} |"
            )
        return "\n".join(lines) + "\n"
