"""``knowlify-conformance clients``: exit codes, report files, one-line errors, no key shown."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from client_support import NODE_ADAPTER, REFERENCE_ADAPTER, test_adapter

from conformance.cli import main

KEY_PATTERN = re.compile(r"kn_[0-9a-f]{64}")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["clients", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _results(output: Path) -> dict[str, object]:
    (folder,) = output.glob("clients-*")
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def test_the_reference_client_is_conformant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--python", "conformance.reference.client.adapter:factory",
        "--profile", "strict", "--output", str(tmp_path),
    )  # fmt: skip
    assert code == 0, out
    assert "CONFORMANT: 25 pass, 0 fail, 0 error" in out
    results = _results(tmp_path)
    assert results["side"] == "client"
    assert results["target"] == "python:conformance.reference.client.adapter:factory"
    (folder,) = tmp_path.glob("clients-*")
    assert {p.name for p in folder.iterdir()} >= {"results.json", "junit.xml", "report.html"}


def test_a_faulty_client_exits_1_and_names_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--python", "conformance.reference.client.faults:key_in_query",
        "--profile", "strict", "--output", str(tmp_path),
    )  # fmt: skip
    assert code == 1
    assert "CLI-SEC-003" in out
    assert not KEY_PATTERN.search(out)
    assert not KEY_PATTERN.search(
        "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())
    )


def test_the_documented_profile_leaves_should_rules_disabled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = _run(
        capsys, "--python", "conformance.reference.client.faults:retries_client_errors",
        "--output", str(tmp_path),
    )  # fmt: skip
    assert code == 0  # CLI-RETRY-003 is a SHOULD: only the strict profile judges it
    rows = {row["id"]: row["verdict"] for row in _results(tmp_path)["requirements"]}  # type: ignore[attr-defined]
    assert rows["CLI-RETRY-003"] == "disabled"


def test_k_selects_scenarios_and_unjudged_requirements_are_skip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = _run(
        capsys, "--python", "conformance.reference.client.adapter:factory", "-k", "SCN-ERR-401",
        "--output", str(tmp_path),
    )  # fmt: skip
    rows = {row["id"]: row["verdict"] for row in _results(tmp_path)["requirements"]}  # type: ignore[attr-defined]
    assert code == 0
    assert rows["CLI-ERR-001"] == "pass"
    assert rows["CLI-RETRY-004"] == "skip"


def test_the_node_example_through_the_adapter_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    code, out, _ = _run(
        capsys, "--adapter", shlex.join(NODE_ADAPTER), "-k", "SCN-ERR", "--output", str(tmp_path)
    )
    assert code == 0, out


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--python", "nope_no_module:factory"], "No module named 'nope_no_module'"),
        (["--python", "conformance.reference.client.adapter"], "is not MODULE:FACTORY"),
        (["--python", "conformance.reference.client.adapter:missing"], "has no attribute"),
        (["--python", "conformance.client.protocol:ok_outcome"], "the factory raised TypeError"),
        (["--adapter", "no-such-adapter-program --flag"], "'no-such-adapter-program' not found"),
        (["--adapter", shlex.join(test_adapter("crash_at_once"))], "exited (code 3)"),
        (["--adapter", "'unclosed"], "cannot be split into words"),
        (["--python", "conformance.reference.client.adapter:factory", "-k", "NOTHING-MATCHES"],
         "no client scenario matches"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], complaint: str
) -> None:
    code, _, err = _run(capsys, *args, "--output", str(tmp_path))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert complaint in lines[0]
    assert "Traceback" not in err


def test_exactly_one_of_python_and_adapter(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["clients", "--python", "a:b", "--adapter", shlex.join(REFERENCE_ADAPTER)])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("client", "exit_code"),
    [("conformance.reference.client.adapter:factory", 0),
     ("conformance.reference.client.faults:loses_detail", 1)],
)  # fmt: skip
def test_the_catalogue_runs_under_plain_pytest(tmp_path: Path, client: str, exit_code: int) -> None:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "KNOWLIFY_CLIENT_PYTHON": client}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--pyargs",
         "conformance.client", "-k", "SCN-ERR-401 or SCN-RETRY-429"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == exit_code, done.stdout[-2000:]
    if exit_code:
        assert "CLI-ERR-001: SCN-ERR-401-VERBATIM: get_video: detail 'Unauthorized'" in done.stdout


def test_format_json_prints_only_the_results_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--python", "conformance.reference.client.faults:ignores_retry_after",
        "--output", str(tmp_path), "--format", "json",
    )  # fmt: skip
    assert code == 1
    document = json.loads(out)
    assert (document["side"], document["verdict"]) == ("client", "fail")


def test_a_baselined_failure_passes_and_a_new_one_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "known.yaml"
    baseline.write_text("known_failures:\n  CLI-RETRY-004: retries at once; fix planned\n")
    args = ("--output", str(tmp_path / "out"), "--baseline", str(baseline), "--quiet")
    known, out, _ = _run(
        capsys, "--python", "conformance.reference.client.faults:ignores_retry_after", *args
    )
    assert known == 0, out
    faulty = "conformance.reference.client.faults:loses_detail"
    new, out, _ = _run(capsys, "--python", faulty, *args)
    assert new == 1, out


def test_a_client_failure_names_the_command_that_reruns_its_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--python", "conformance.reference.client.faults:loses_detail",
        "-k", "SCN-ERR-401", "--output", str(tmp_path),
    )  # fmt: skip
    assert code == 1
    rows = _results(tmp_path)["requirements"]
    failures = [f for row in rows for f in row["failures"]]  # type: ignore[attr-defined]
    assert [f["reproduction"]["rerun"] for f in failures] == [
        "knowlify-conformance clients --python conformance.reference.client.faults:loses_detail"
        " --examples 0 -k SCN-ERR-401-VERBATIM"
    ]
    assert "rerun: knowlify-conformance clients --python" in out
