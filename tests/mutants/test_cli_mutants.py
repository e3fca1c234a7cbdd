"""``knowlify-conformance mutants``: end to end on a small selection, and its bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import conformance.cli.mutants as mutants_command
from conformance.cli import main
from conformance.mutants.model import MutantSide
from conformance.mutants.registry import CLEAN_SPECS, SERVER
from conformance.mutants.runner import CleanRunFailed, run_matrix

CLI = [sys.executable, "-P", "-m", "conformance.cli"]


def _mutants(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "mutants", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_a_selection_prints_and_writes_the_matrix(tmp_path: Path) -> None:
    done = _mutants("-k", "hex-*-accepted", "-n", "2", "--output", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KILLED    hex-ggg-accepted" in done.stdout
    assert "ALL KILLED: 2 of 2 mutants precisely killed" in done.stdout
    (folder,) = (tmp_path / "out").glob("mutants-*")
    matrix = json.loads((folder / "matrix.json").read_text(encoding="utf-8"))
    assert {o["mutant"]: o["killed_by"] for o in matrix["outcomes"]} == {
        "hex-ggg-accepted": ["VID-VAL-006"],
        "hex-ffff-accepted": ["VID-VAL-006"],
    }
    assert matrix["clean_reference"]["conformant"] is True
    assert "| `hex-ggg-accepted` | server | killed | VID-VAL-006 |" in (
        folder / "matrix.md"
    ).read_text(encoding="utf-8")


def test_a_survivor_makes_the_exit_code_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No registered mutant survives today: a "mutant" that is the clean reference must.
    unchanged = replace(
        SERVER.get("list-detail"), name="no-fault-at-all", spec=CLEAN_SPECS[MutantSide.SERVER]
    )
    monkeypatch.setattr(mutants_command, "_selected", lambda side, pattern: [unchanged])
    code = main(["mutants", "--output", str(tmp_path / "out"), "-n", "1"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "SURVIVED  no-fault-at-all" in out
    assert "NOT ALL KILLED: 0 of 1" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-k", "no-such-fault"), "no mutant name matches 'no-such-fault'"),
        (("-n", "0"), "argument -n/--workers: 0 must be at least 1"),
        (("--side", "both"), "argument --side: invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = _mutants(*args, "--output", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_a_clean_reference_that_fails_stops_the_matrix(tmp_path: Path) -> None:
    broken_clean = {MutantSide.SERVER: SERVER.get("list-detail").spec}
    with pytest.raises(CleanRunFailed, match="ENV-001 is fail on the clean reference"):
        run_matrix([SERVER.get("html-404")], tmp_path, workers=1, clean_specs=broken_clean)
    assert not (tmp_path / "server-html-404").exists(), "no mutant runs without a clean anchor"
