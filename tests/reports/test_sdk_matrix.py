"""``knowlify-conformance matrix``: one page from many client runs; bad input: one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.config import SuiteConfig
from conformance.reports.sdk_matrix import MatrixInput, render_matrix
from conformance.results import build_results
from conformance.verdicts import Observation, Verdict

HOSTILE = '<script>alert("x")</script>'


def _client_results(folder: Path, name: str, failing: str | None) -> Path:
    observations = [Observation("CLI-SEC-001", Verdict.PASS, "client::SCN-A")]
    if failing:
        observations.append(Observation(failing, Verdict.FAIL, "client::SCN-B", HOSTILE))
    document = build_results(SuiteConfig(), observations, side="client", target=name)
    path = folder / name / "results.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_page_has_a_cell_per_client_and_requirement_linking_its_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _client_results(tmp_path, "sdk-one", None)
    two = _client_results(tmp_path, "sdk-two", "CLI-ERR-001")
    code = main(["matrix", str(one), f"renamed={two}", "--output", str(tmp_path / "out")])
    assert code == 0
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    table = json.loads((tmp_path / "out" / "matrix.json").read_text(encoding="utf-8"))
    assert set(table) == {"sdk-one", "renamed"}
    assert table["renamed"]["CLI-ERR-001"] == "fail"
    assert table["sdk-one"]["CLI-SEC-001"] == "pass"
    assert page.count('class="cell"') == sum(len(verdicts) for verdicts in table.values())
    assert 'href="#ev-1-CLI-ERR-001"' in page
    assert 'id="ev-1-CLI-ERR-001"' in page
    assert HOSTILE not in page  # the failure message is escaped
    assert "http://" not in page  # self-contained
    assert "https://" not in page


def test_a_badge_per_client_gives_its_share_and_verdict() -> None:
    document = build_results(
        SuiteConfig(), [Observation("CLI-ERR-001", Verdict.FAIL, "t", "m")], side="client"
    )
    page = render_matrix([MatrixInput("sdk", document)])
    assert 'class="badge" data-verdict="fail"' in page


@pytest.mark.parametrize(
    ("make", "complaint"),
    [
        (lambda folder: folder / "missing.json", "cannot read it"),
        (lambda folder: _write(folder, "not json"), "not JSON"),
        (lambda folder: _write(folder, json.dumps({"side": "server", "requirements": []})),
         "server-side run"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, complaint: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    code = main(["matrix", str(path), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert complaint in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_one_client_given_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _client_results(tmp_path, "sdk", None)
    assert main(["matrix", str(one), str(one), "--output", str(tmp_path / "out")]) == 2
    assert "given twice" in capsys.readouterr().err


def _write(folder: Path, text: str) -> Path:
    path = folder / "results.json"
    path.write_text(text, encoding="utf-8")
    return path
