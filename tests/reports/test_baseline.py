"""Baselines: a run becomes a diff against known failures (new, known, fixed, expired)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from report_helpers import results_document, run_folder
from suite_runs import run_cli

from conformance.cli.report import finish
from conformance.contract.catalogue import load_catalogue
from conformance.reports import validate_results
from conformance.reports.baseline import (
    Baseline,
    BaselineError,
    Entry,
    compare,
    load_baseline,
    updated,
)
from conformance.verdicts import Observation, Verdict

TODAY = date(2026, 6, 1)
IDS = load_catalogue().requirements.keys()


def _results() -> dict[str, Any]:
    """AUTH-001 and AUTH-003 fail, ENV-001 passes, AUTH-002 is not exercised (a selection
    left it out: out of scope, so the run is not incomplete)."""
    return results_document(
        selection="-k t",
        observations=[
            Observation("ENV-001", Verdict.PASS, "t::a"),
            Observation("AUTH-001", Verdict.FAIL, "t::b", "401 expected, got 200"),
            Observation("AUTH-003", Verdict.FAIL, "t::c", "malformed key accepted"),
        ],
    )


def _baseline(**entries: Entry) -> Baseline:
    return Baseline(Path("b.yaml"), {k.replace("_", "-"): v for k, v in entries.items()})


def test_an_unlisted_failure_is_new_and_fails_the_run() -> None:
    diff = compare(_results(), _baseline(AUTH_001=Entry("known")), today=TODAY)
    assert (diff["new"], diff["known"], diff["exit_code"]) == (["AUTH-003"], ["AUTH-001"], 1)


def test_listed_failures_are_known_and_the_run_passes() -> None:
    baseline = _baseline(AUTH_001=Entry("a"), AUTH_003=Entry("b", date(2026, 6, 1)))
    diff = compare(_results(), baseline, today=TODAY)  # expires today: still covered
    assert (diff["new"], diff["known"], diff["expired"], diff["exit_code"]) == (
        [],
        ["AUTH-001", "AUTH-003"],
        [],
        0,
    )
    assert diff["reasons"] == {"AUTH-001": "a", "AUTH-003": "b"}


def test_an_expired_entry_counts_as_new() -> None:
    baseline = _baseline(AUTH_001=Entry("a"), AUTH_003=Entry("b", date(2026, 5, 31)))
    diff = compare(_results(), baseline, today=TODAY)
    assert (diff["expired"], diff["known"], diff["exit_code"]) == (["AUTH-003"], ["AUTH-001"], 1)


def test_a_passing_entry_is_fixed_and_an_unjudged_one_is_kept_aside() -> None:
    baseline = _baseline(
        AUTH_001=Entry("a"), AUTH_003=Entry("b"), ENV_001=Entry("c"), AUTH_002=Entry("d")
    )
    diff = compare(_results(), baseline, today=TODAY)
    assert (diff["fixed"], diff["unjudged"], diff["exit_code"]) == (["ENV-001"], ["AUTH-002"], 0)


def test_a_harness_error_is_never_baselined() -> None:
    results = results_document(observations=[Observation("ENV-001", Verdict.ERROR, "t::a", "x")])
    assert compare(results, _baseline(ENV_001=Entry("a")), today=TODAY)["exit_code"] == 2


def test_known_failures_leave_an_incomplete_run_incomplete_unless_waived() -> None:
    """Known failures only: the run is still incomplete (exit 3) while a requirement in scope
    is unjudged, unless the baseline names every unjudged one (a reasoned waiver)."""
    results = results_document(
        observations=[
            Observation("ENV-001", Verdict.PASS, "t::a"),
            Observation("AUTH-001", Verdict.FAIL, "t::b", "401 expected, got 200"),
        ]
    )
    assert results["unjudged"]  # most requirements were not exercised
    known = _baseline(AUTH_001=Entry("known"))
    assert compare(results, known, today=TODAY)["exit_code"] == 3
    waived = {row["id"]: Entry("out of scope here") for row in results["unjudged"]}
    everything = Baseline(Path("b.yaml"), {"AUTH-001": Entry("known"), **waived})
    assert compare(results, everything, today=TODAY)["exit_code"] == 0
    results["toggles"]["allow_incomplete"] = True
    assert compare(results, known, today=TODAY)["exit_code"] == 0


def test_update_keeps_reasons_drops_fixed_and_adds_new(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    old = Baseline(
        path, {"AUTH-001": Entry("tracked in #7", date(2026, 9, 1)), "ENV-001": Entry("x")}
    )
    new = updated(old, _results(), today=TODAY)
    assert set(new.entries) == {"AUTH-001", "AUTH-003"}
    assert new.entries["AUTH-001"] == Entry("tracked in #7", date(2026, 9, 1))
    assert new.entries["AUTH-003"].reason.startswith("accepted on 2026-06-01: ")
    new.write()
    assert load_baseline(path, known_ids=IDS).entries == new.entries
    json_path = tmp_path / "b.json"
    Baseline(json_path, new.entries).write()
    assert load_baseline(json_path, known_ids=IDS).entries == new.entries


def test_finish_puts_the_diff_in_every_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(format="text", quiet=True, update_baseline=False)
    results = _results()
    code = finish(
        results,
        tmp_path,
        args,
        baseline=_baseline(AUTH_001=Entry("a"), AUTH_003=Entry("b")),
        today=TODAY,
    )
    assert code == 0
    written = json.loads((tmp_path / "results.json").read_text("utf-8"))
    validate_results(written)
    assert written["baseline"]["known"] == ["AUTH-001", "AUTH-003"]
    assert written["exit_code"] == 1  # the verdict itself is unchanged
    out = capsys.readouterr().out
    assert "2 known failure(s), still failing: AUTH-001, AUTH-003" in out
    assert 'id="baseline-known"' in (tmp_path / "report.html").read_text("utf-8")


BAD_FILES = {
    "not YAML": ("b.yaml", "known_failures: [unclosed", "is not valid YAML"),
    "not JSON": ("b.json", "{", "is not valid JSON"),
    "a list": ("b.yaml", "- ENV-001", "expected 'known_failures:'"),
    "unknown top key": ("b.yaml", "failures: {}", "unknown key(s) failures"),
    "unknown ID": ("b.yaml", "known_failures:\n  ENV-0001: x", "unknown requirement ID 'ENV-0001'"),
    "no reason": (
        "b.yaml",
        "known_failures:\n  ENV-001: {expires: 2026-01-01}",
        "needs a non-empty 'reason'",
    ),
    "empty reason": ("b.yaml", "known_failures:\n  ENV-001: ' '", "needs a non-empty 'reason'"),
    "bad date": ("b.yaml", "known_failures:\n  ENV-001: {reason: x, expires: soon}", "not a date"),
    "unknown entry key": (
        "b.yaml",
        "known_failures:\n  ENV-001: {reason: x, owner: me}",
        "unknown key(s) owner",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_baseline_file_is_one_line(tmp_path: Path, case: tuple[str, str, str]) -> None:
    name, text, expected = case
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        load_baseline(path, known_ids=IDS)
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_baseline_is_an_error_unless_it_is_to_be_written(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="not found; create it with --update-baseline"):
        load_baseline(tmp_path / "none.yaml", known_ids=IDS)
    assert load_baseline(tmp_path / "none.yaml", known_ids=IDS, missing_ok=True).entries == {}


# --- end to end: the console script against the naive app ------------------------------------
SELECTION = [
    "-k",
    "test_unhandled_exception_is_a_500_envelope or test_poll_of_unknown_video_is_404",
]


def _run(tmp_path: Path, config: Path, name: str, *extra: str) -> Any:
    return run_cli(["run", "--config", str(config), *SELECTION, *extra], output=tmp_path / name)


def test_the_cli_turns_a_run_into_a_diff(tmp_path: Path, naive_config_file: Path) -> None:
    baseline = tmp_path / "baseline.yaml"
    first = _run(
        tmp_path, naive_config_file, "first", "--baseline", str(baseline), "--update-baseline"
    )
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    failing = sorted(first.failing)
    assert failing, "the selection must fail on the naive app"
    written = yaml.safe_load(baseline.read_text("utf-8"))["known_failures"]
    assert sorted(written) == failing
    # A reason written by hand survives the next update.
    written[failing[0]] = {"reason": "tracked in #42"}
    del written[failing[-1]]
    baseline.write_text(yaml.safe_dump({"known_failures": written}), encoding="utf-8")
    new = _run(tmp_path, naive_config_file, "new", "--baseline", str(baseline))
    assert new.returncode == 1, new.stderr
    assert new.results["baseline"]["new"] == [failing[-1]]
    assert f"1 new failure(s): not in the baseline: {failing[-1]}" in new.stdout
    again = _run(
        tmp_path,
        naive_config_file,
        "again",
        "--baseline",
        str(baseline),
        "--update-baseline",
        "--quiet",
    )
    assert again.returncode == 0, again.stderr
    kept = yaml.safe_load(baseline.read_text("utf-8"))["known_failures"]
    assert kept[failing[0]] == {"reason": "tracked in #42"}
    assert sorted(kept) == failing
    assert (
        json.loads((run_folder(again) / "results.json").read_text("utf-8"))["baseline"]["known"]
        == failing
    )


def test_the_cli_refuses_a_bad_baseline_before_running(
    tmp_path: Path, naive_config_file: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("known_failures:\n  NOPE-001: x\n", encoding="utf-8")
    for extra in (
        ["--baseline", str(bad)],
        ["--update-baseline"],
        ["--baseline", str(tmp_path / "none.yaml")],
    ):
        run = _run(tmp_path, naive_config_file, "refused", *extra)
        assert run.returncode == 2
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert "Traceback" not in run.stderr
        assert not list((tmp_path / "refused").glob("run-*")), "a refused run started"
