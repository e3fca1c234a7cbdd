"""Bad input: exit code 2, exactly one line on stderr naming the problem, no traceback.

``--debug`` (before or after the command) adds the traceback for harness errors.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from clitools import Invoke, Outcome, RunCli, command

import conformance.cli
import conformance.cli.run

Setup = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    expected: str  # a fragment of the one stderr line
    setup: Setup | None = None  # writes files, returns extra argv
    environ: tuple[tuple[str, str], ...] = ()


def _config(text: str, name: str = "knowlify.yaml") -> Setup:
    def write(folder: Path) -> list[str]:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return ["--config", str(path)]

    return write


def _output_under_a_file(folder: Path) -> list[str]:
    (folder / "a-file").write_text("not a folder\n", encoding="utf-8")
    return ["--output", str(folder / "a-file" / "reports")]


CASES: dict[str, Case] = {
    "unknown command": Case(("bogus",), "invalid choice: 'bogus'"),
    "no command": Case((), "a command is required: run, serve, explain"),
    "unknown global flag": Case(("--nope",), "unrecognized arguments: --nope"),
    "unknown run flag": Case(("run", "--nope"), "unrecognized arguments: --nope"),
    "flag without its value": Case(("run", "--target"), "--target: expected one argument"),
    "zero workers": Case(("run", "-n", "0"), "0 must be at least 1"),
    "unknown target form": Case(("run", "--target", "nonsense"), "unknown target 'nonsense'"),
    "asgi module missing": Case(
        ("run", "--target", "asgi:nomodule:app"), "cannot import module 'nomodule'"
    ),
    "asgi attribute missing": Case(
        ("run", "--target", "asgi:json:nothing"), "module 'json' has no 'nothing'"
    ),
    "asgi attribute not an app": Case(
        ("run", "--target", "asgi:json:dumps"), "dumps is neither an ASGI app"
    ),
    "port out of range in URL": Case(
        ("run", "--target", "http://127.0.0.1:99999"), "has an invalid port"
    ),
    "unknown profile flag": Case(("run", "--profile", "bogus"), "invalid choice: 'bogus'"),
    "unknown feature": Case(("run", "--disable", "videos"), "invalid choice: 'videos'"),
    "negative spend": Case(("run", "--allow-spend", "-1"), "-1 must be at least 0"),
    "spend across workers": Case(
        ("run", "--allow-spend", "2", "-n", "2"), "--allow-spend needs a single process"
    ),
    "dry run across workers": Case(("run", "--dry-run", "-n", "2"), "drop -n"),
    "feature not a boolean": Case(
        ("run",), "features.edits is 'no'", _config("features:\n  edits: 'no'\n")
    ),
    "missing config file": Case(
        ("run", "--config", "/nonexistent.yaml"), "cannot read config file /nonexistent.yaml"
    ),
    "config not YAML": Case(("run",), "is not valid YAML (line 2", _config("a: [1\nb: 2\n")),
    "config not JSON": Case(("run",), "is not valid JSON", _config('{"a":', "knowlify.json")),
    "config is a list": Case(("run",), "mapping (key: value lines)", _config("- 1\n- 2\n")),
    "unknown config key": Case(("run",), "unknown setting(s) colour", _config("colour: x\n")),
    "unknown rate-limit key": Case(
        ("run",), "unknown setting(s) rate_limits.video", _config("rate_limits:\n  video: 5\n")
    ),
    "bad profile in config": Case(
        ("run",), "profile 'bogus' is not one", _config("profile: bogus\n")
    ),
    "non-numeric rate limit": Case(
        ("run",),
        "rate_limits.videos is 'lots'; it must be a whole number",
        _config("rate_limits:\n  videos: lots\n"),
    ),
    "sandbox not a boolean": Case(("run",), "sandbox is 'no'", _config("sandbox: 'no'\n")),
    "serve port out of range": Case(("serve", "--port", "70000"), "port 70000 is outside 0-65535"),
    "serve port not a number": Case(("serve", "--port", "abc"), "port 'abc' is not a number"),
    "serve config folder missing": Case(
        ("serve", "--write-config", "/nonexistent-dir/x.yaml"),
        "folder /nonexistent-dir does not exist",
    ),
    "output under a regular file": Case(
        ("run",), "cannot create the reports folder", _output_under_a_file
    ),
    "profile from the environment": Case(
        ("run",),
        "environment variable KNOWLIFY_PROFILE: profile 'bogus'",
        environ=(("KNOWLIFY_PROFILE", "bogus"),),
    ),
    "unknown requirement ID": Case(("explain", "NOPE-999"), "unknown requirement ID 'NOPE-999'"),
}


def _invoke(case: Case, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    argv = list(case.argv)
    if case.setup is not None:
        argv += case.setup(tmp_path)
    for name, value in case.environ:
        monkeypatch.setenv(name, value)
    return cli(*argv)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_line_and_exit_2(
    case: Case, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = _invoke(case, cli, tmp_path, monkeypatch)
    assert outcome.code == 2, outcome.describe()
    assert len(outcome.err_lines) == 1, outcome.describe()
    assert case.expected in outcome.err_lines[0], outcome.describe()
    assert outcome.err_lines[0].startswith("knowlify-conformance")
    assert "Traceback" not in outcome.err + outcome.out
    assert not list(tmp_path.glob("**/results.json")), "a refused run wrote results"


HARNESS_ERRORS = [k for k in CASES if CASES[k].argv[:1] == ("run",) and "flag" not in k]


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("name", ["asgi module missing", "non-numeric rate limit"])
def test_debug_adds_the_traceback_before_or_after_the_command(
    name: str, where: str, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    argv = ("--debug", *case.argv) if where == "before" else (*case.argv, "--debug")
    outcome = _invoke(
        Case(argv, case.expected, case.setup, case.environ), cli, tmp_path, monkeypatch
    )
    assert outcome.code == 2, outcome.describe()
    assert "Traceback" in outcome.err
    assert case.expected in outcome.err_lines[-1]


def test_the_console_script_keeps_bad_input_to_one_line(run_cli: RunCli) -> None:
    outcome = run_cli("bogus", timeout=30)
    assert outcome.code == 2, outcome.describe()
    choices = ", ".join(f"'{name}'" for name in conformance.cli.COMMANDS)
    assert outcome.err_lines == [
        "knowlify-conformance: error: argument COMMAND: invalid choice: 'bogus' "
        f"(choose from {choices}) (see 'knowlify-conformance --help')"
    ]
    assert outcome.out == ""


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [("(", "Wrong expression passed to '-k'"), ("no_such_check", "no check matches")],
    ids=["bad expression", "matches nothing"],
)
def test_a_pytest_usage_error_inside_run_is_one_line(
    cli: Invoke, tmp_path: Path, keyword: str, expected: str
) -> None:
    outcome = cli("run", "-k", keyword, "--output", str(tmp_path / "reports"))
    assert outcome.code == 2, outcome.describe()
    assert len(outcome.err_lines) == 1, outcome.describe()
    assert expected in outcome.err_lines[0]
    assert "Traceback" not in outcome.err + outcome.out


# --- interruptions -------------------------------------------------------------------------------
def test_keyboard_interrupt_inside_the_run_exits_2_quietly(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(args: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(pytest, "main", interrupted)
    outcome = cli("run", "--output", str(tmp_path / "reports"))
    assert (outcome.code, outcome.err_lines) == (2, ["knowlify-conformance: interrupted"])


def test_pytest_reporting_an_interruption_exits_2_quietly(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytest, "main", lambda args: pytest.ExitCode.INTERRUPTED)
    outcome = cli("run", "--output", str(tmp_path / "reports"))
    assert (outcome.code, outcome.err_lines) == (2, ["knowlify-conformance: interrupted"])


def test_sigint_while_waiting_for_a_silent_target_exits_2_quietly(
    cli_environment: dict[str, str], tmp_path: Path
) -> None:
    """A target that accepts connections and never answers; Ctrl-C during the wait."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        silent.settimeout(30)
        target = f"http://127.0.0.1:{silent.getsockname()[1]}"
        process = subprocess.Popen(
            [*command(), "run", "--target", target, "--output", str(tmp_path / "reports")],
            cwd=tmp_path,
            env=cli_environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            connection, _ = silent.accept()  # the CLI is now waiting for an answer
            with connection:
                process.send_signal(signal.SIGINT)
                out, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate(timeout=10)
    assert process.returncode == 2, (out, err)
    assert err.rstrip("\n").splitlines() == ["knowlify-conformance: interrupted"]


def test_an_unexpected_exception_is_one_line_without_debug(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug in the suite\nwith a second line")

    monkeypatch.setattr(conformance.cli.run, "load_config", broken)
    outcome = cli("run")
    assert outcome.code == 2
    assert outcome.err_lines == [
        "knowlify-conformance: internal error: RuntimeError: a bug in the suite with a second "
        "line; rerun with --debug for the traceback"
    ]
    assert "Traceback" in cli("run", "--debug").err


def test_usage_errors_answer_fast(cli: Invoke) -> None:
    started = time.monotonic()
    assert cli("run", "--nope").code == 2
    assert time.monotonic() - started < 2.0


def test_results_folder_is_not_created_for_a_refused_target(cli: Invoke, tmp_path: Path) -> None:
    outcome = cli("run", "--target", "asgi:json:dumps", "--output", str(tmp_path / "reports"))
    assert outcome.code == 2
    assert not (tmp_path / "reports").exists()
    assert json.dumps(outcome.err)  # printable
