"""What the hostile tests share beyond fixtures: the key they send, the run record, honesty.

A module of its own (not ``conftest``): ``from conftest import ...`` picks whichever folder's
conftest pytest imported last, so it breaks with the collection order.
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.harness import Harness

#: A key of the documented shape (``kn_`` and 64 hex digits): the harness sends it.
KEY = "kn_" + "0123456789abcdef" * 4

OpenHarness = Callable[..., Harness]


# --- whole runs ---------------------------------------------------------------------------------
#: Fixture values a run needs to send its requests; the hostile server answers them all alike.
FIXTURES: dict[str, Any] = {
    "keys": {"personal": KEY, "second_account": KEY.replace("0", "1")},
    "videos": {"complete": "550e8400-e29b-41d4-a716-446655440000"},
    "edits": {"errored": "550e8400-e29b-41d4-a716-446655440001"},
}
#: Each hostile run must stay well under this much resident memory.
MEMORY_CAP_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    results: dict[str, Any] | None

    def describe(self) -> str:
        return f"exit {self.code} in {self.seconds:.1f} s\n{self.out[-3000:]}\n{self.err[-2000:]}"

    def verdicts(self) -> dict[str, str]:
        assert self.results is not None, self.describe()
        return {row["id"]: row["verdict"] for row in self.results["requirements"]}


RunSuite = Callable[..., Run]


def peak_child_rss() -> int:
    """The largest resident set of any child process waited for so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def assert_honest(run: Run) -> None:
    """What every run against a hostile server must leave: a results file whose exit code is
    the process's, and no raw key anywhere."""
    assert run.results is not None, run.describe()
    assert run.results["exit_code"] == run.code, run.describe()
    folder = Path(run.out.strip().splitlines()[-1].removeprefix("Results: ")).parent
    for written in folder.iterdir():
        assert KEY not in written.read_text("utf-8", "replace"), written
    assert KEY not in run.out + run.err
    assert "Traceback" not in run.out + run.err, run.describe()
