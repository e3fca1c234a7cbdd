"""``serve``: the sandbox over loopback, the config it writes, black-box runs, clean shutdown."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from clitools import Invoke, Outcome, RunCli, command, results_of, verdicts, wait_for_port

from conformance.cli.serve import DEV_LIMIT, DEV_TIME_SCALE
from conformance.selection import PROBES_OFF, RATE_LIMIT_PROBE_REQUIREMENTS

START_TIMEOUT = 30.0


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    config_path: Path
    config: dict[str, Any]

    @property
    def target(self) -> str:
        return str(self.config["target"])


def _start_sandbox(
    environment: dict[str, str], folder: Path, *extra: str
) -> tuple[subprocess.Popen[str], Path]:
    """Start ``serve``; its output goes to files (a full pipe would block the server)."""
    config_path = folder / "sandbox.yaml"
    with (folder / "serve.out").open("w") as out, (folder / "serve.err").open("w") as err:
        process = subprocess.Popen(
            [*command(), "serve", "--port", "0", "--write-config", str(config_path), *extra],
            cwd=folder,
            env=environment,
            stdout=out,
            stderr=err,
            text=True,
        )
    return process, config_path


def _output(config_path: Path) -> tuple[str, str]:
    folder = config_path.parent
    return (
        (folder / "serve.out").read_text(encoding="utf-8"),
        (folder / "serve.err").read_text(encoding="utf-8"),
    )


def _wait_for_sandbox(process: subprocess.Popen[str], config_path: Path) -> dict[str, Any]:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"serve exited {process.returncode}: {_output(config_path)}")
        if config_path.is_file():
            document = yaml.safe_load(config_path.read_text(encoding="utf-8"))
            if isinstance(document, dict) and "fixtures" in document:
                break
        if time.monotonic() > deadline:
            pytest.fail("serve wrote no config in time")
        time.sleep(0.05)
    parts = urlsplit(str(document["target"]))
    assert parts.hostname is not None
    assert parts.port is not None
    wait_for_port(parts.hostname, parts.port, timeout=START_TIMEOUT)
    return document


def _stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def sandbox(
    cli_environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sandbox]:
    """``serve --dev``: raised limits and fast jobs, so a black-box run never waits a window."""
    folder = tmp_path_factory.mktemp("sandbox")
    process, config_path = _start_sandbox(cli_environment, folder, "--dev")
    try:
        config = _wait_for_sandbox(process, config_path)
        yield Sandbox(process, config_path, config)
    finally:
        _stop(process)


def test_the_written_config_declares_the_development_mode(sandbox: Sandbox) -> None:
    assert sandbox.config["sandbox"] is True
    assert sandbox.config["time_scale"] == DEV_TIME_SCALE
    assert sandbox.config["rate_limit_probes"] is False
    assert sandbox.config["rate_limits"] == {
        "videos": DEV_LIMIT,
        "edits": DEV_LIMIT,
        "window_seconds": 60,
    }
    assert "Development mode (serve --dev)" in sandbox.config_path.read_text(encoding="utf-8")
    assert urlsplit(sandbox.target).hostname == "127.0.0.1"
    assert sandbox.config["fixtures"]["keys"]["personal"].startswith("kn_")


def test_a_black_box_run_passes_what_the_in_process_run_passes(
    sandbox: Sandbox, cli: Invoke, tmp_path: Path, reference_run: tuple[Outcome, dict[str, Any]]
) -> None:
    """The README's sandbox recipe: ``run --config`` and nothing else (the config has it all).

    The run is in this process; the sandbox is another process, reached over loopback.
    """
    output = tmp_path / "reports"
    outcome = cli("run", "--config", str(sandbox.config_path), "--output", str(output))
    assert outcome.code == 0, outcome.describe()
    results = results_of(outcome)
    black_box = verdicts(results)
    in_process = verdicts(reference_run[1])
    assert results["target"] == sandbox.target
    assert {"fail", "error"}.isdisjoint(black_box.values()), outcome.describe()

    passing_in_process = {rid for rid, verdict in in_process.items() if verdict == "pass"}
    passing_black_box = {rid for rid, verdict in black_box.items() if verdict == "pass"}
    gained = passing_black_box - passing_in_process
    assert gained == set(), f"pass only over HTTP: {sorted(gained)}"
    # Only the checks that spend a 429 window (off in development mode) may pass in-process
    # alone, and they are disabled, with the reason; the checks that watch jobs progress wait
    # for the fast sandbox instead.
    rows = {row["id"]: row for row in results["requirements"]}
    for rid in sorted(passing_in_process - passing_black_box):
        row = rows[rid]
        assert rid in RATE_LIMIT_PROBE_REQUIREMENTS, row
        assert (row["verdict"], row["reason"]) == ("disabled", PROBES_OFF), row

    secrets = list(sandbox.config["fixtures"]["keys"].values())
    assert not [key for key in secrets if key in outcome.out + outcome.err]


#: The checks that use up server state (reverts, edits, parked jobs, replays): a second run
#: against the same sandbox judges them again because the run makes what they consume.
STATEFUL = "revert_of_the_latest or another_org_member or promoted or replay"


def test_two_runs_in_a_row_on_one_sandbox_judge_the_same(sandbox: Sandbox, cli: Invoke) -> None:
    """Run after the black-box run above (file order) on the same sandbox: each run judges
    every selected rule, and identically (the revert checks make their own edits)."""
    runs = []
    for attempt in ("first", "second"):
        outcome = cli(
            "run", "--target", sandbox.target, "--config", str(sandbox.config_path),
            "--output", str(Path.cwd() / attempt), "-k", STATEFUL, "--quiet",
        )  # fmt: skip
        assert outcome.code == 0, outcome.describe()
        runs.append(results_of(outcome))
    first, second = (verdicts(results) for results in runs)
    assert first == second
    judged = {rid for rid, verdict in first.items() if verdict == "pass"}
    assert {"REV-001", "REV-002", "REV-003", "REV-014", "VID-PARK-004", "IDEM-002"} <= judged
    assert all(results["unjudged"] == [] for results in runs)


def _credits_run(cli: Invoke, config: Path, folder: str, *extra: str) -> dict[str, Any]:
    """The strict profile's credit checks alone (CRED-005 spends the exact-balance account)."""
    outcome = cli(
        "run", "--config", str(config), "--profile", "strict", "-k", "test_credits",
        "--output", str(Path.cwd() / folder), "--quiet", *extra,
    )  # fmt: skip
    results = results_of(outcome)
    assert outcome.code in (0, 3), outcome.describe()
    return results


def _cred_005(results: dict[str, Any]) -> dict[str, Any]:
    (row,) = (row for row in results["requirements"] if row["id"] == "CRED-005")
    return dict(row)


def test_two_strict_runs_in_a_row_on_one_sandbox_judge_the_same(
    sandbox: Sandbox, cli: Invoke
) -> None:
    """CRED-005 spends its account's whole balance; the sandbox restores it before each run's
    edit (``/__sandbox__/accounts/exact-balance/restore``), so the second run judges it too."""
    runs = [_credits_run(cli, sandbox.config_path, attempt) for attempt in ("first", "second")]
    first, second = (verdicts(results) for results in runs)
    assert first == second
    assert first["CRED-005"] == "pass", _cred_005(runs[1])
    assert all(results["unjudged"] == [] for results in runs)


def test_without_the_restore_route_the_spent_account_is_named(
    sandbox: Sandbox, cli: Invoke, tmp_path: Path
) -> None:
    """A config without the restore URL, or a target that is not a sandbox, leaves the account
    alone: after a run has spent it, CRED-005 is skipped, naming the consumed fixture."""
    _credits_run(cli, sandbox.config_path, "spend")  # the account is spent after this
    for name, change in (("no-route", "route"), ("not-a-sandbox", "sandbox")):
        config = yaml.safe_load(sandbox.config_path.read_text(encoding="utf-8"))
        if change == "route":
            del config["fixtures"]["sandbox_routes"]
        else:
            config["sandbox"] = False
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        spend = ("--allow-spend", "10") if change == "sandbox" else ()
        row = _cred_005(_credits_run(cli, path, name, *spend))
        assert row["verdict"] == "skip", row
        assert "consumed by an earlier run" in row["reason"], row
    # The sandbox's own config restores it again.
    assert verdicts(_credits_run(cli, sandbox.config_path, "again"))["CRED-005"] == "pass"


def test_the_preflight_names_fixtures_in_the_wrong_state(
    sandbox: Sandbox, cli: Invoke, tmp_path: Path
) -> None:
    """A live config (no sandbox) whose revertable edit is spent and whose building video is
    done: ``run --check-fixtures`` says what each is and must be, and exits 1."""
    config = yaml.safe_load(sandbox.config_path.read_text(encoding="utf-8"))
    fixtures = config["fixtures"]
    fixtures["edits"]["revertable"] = fixtures["edits"]["errored"]
    fixtures["videos"]["building"] = fixtures["videos"]["complete"]
    config["sandbox"] = False
    path = tmp_path / "spent.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    outcome = cli("run", "--config", str(path), "--check-fixtures")
    assert outcome.code == 1, outcome.describe()
    assert "Fixtures: 2 in the wrong state:" in outcome.out
    assert (
        "fixtures.edits.revertable is 'error'; it must be complete (the newest edit of its "
        "video) (a sandbox run, or one with --allow-spend, makes its own)"
    ) in outcome.out
    assert "fixtures.videos.building is 'complete'; it must be still rendering" in outcome.out
    secrets = list(sandbox.config["fixtures"]["keys"].values())
    assert not [key for key in secrets if key in outcome.out + outcome.err]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_cleanly_on_a_signal(
    cli_environment: dict[str, str], tmp_path: Path, sig: signal.Signals
) -> None:
    process, config_path = _start_sandbox(cli_environment, tmp_path)
    try:
        _wait_for_sandbox(process, config_path)
    finally:
        _stop(process, sig)
    out, err = _output(config_path)
    assert process.returncode == 0, (out, err)
    assert err == ""
    assert f"Knowlify sandbox stopped ({sig.name})" in out


def test_dev_refuses_the_knobs_it_sets_in_one_line(run_cli: RunCli) -> None:
    outcome = run_cli("serve", "--dev", "--time-scale", "0.5", "--port", "0", timeout=30)
    assert outcome.code == 2, outcome.describe()
    assert len(outcome.err_lines) == 1
    assert "--dev sets --time-scale itself" in outcome.err_lines[0]


def test_serve_refuses_a_busy_port_in_one_line(sandbox: Sandbox, run_cli: RunCli) -> None:
    port = str(urlsplit(sandbox.target).port)
    outcome = run_cli("serve", "--port", port, timeout=30)
    assert outcome.code == 2, outcome.describe()
    assert len(outcome.err_lines) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in outcome.err_lines[0]
