"""The run verdict can be trusted: each case once made a faulty run read CONFORMANT (exit 0).

Each runs ``knowlify-conformance run`` against a small faulty variant (``trust_apps``):

1. a rule outside the profile (RATE-012, Retry-After in milliseconds) must not leave the MUST
   rules of its test unjudged: each is judged on its own;
2. a counter that never moves makes the counter comparisons ``skip`` (premise not observed),
   never a vacuous ``pass``;
3. a probe answered with another status than its check needs (422 for 400, 403 for 404) makes
   that check not applicable; the fault is the probed rule's alone;
4. a config with the personal key alone is INCOMPLETE (exit 3), listing the MUST rules left
   unjudged and why; ``--allow-incomplete`` maps it to 0;
7. a failure's ``rerun`` line carries the target, config and profile it ran with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from suite_runs import Run, run_cli
from trust_apps import personal_key_only_config

RATE_429 = "spent_window or fresh_window"


def _run(tmp_path: Path, variant: str, *args: str) -> Run:
    return run_cli(
        ["run", "--target", f"reference:trust_apps:{variant}", "--quiet", *args], output=tmp_path
    )


def test_a_disabled_rule_failing_first_leaves_the_must_rules_judged(tmp_path: Path) -> None:
    run = _run(tmp_path, "milliseconds_retry_after", "-k", RATE_429)
    for rid in ("RATE-008", "RATE-009", "RATE-010", "RATE-013"):
        assert run.rows[rid]["verdict"] == "pass", (rid, run.rows[rid]["reason"])
    assert run.rows["RATE-012"]["verdict"] == "disabled"
    assert (run.returncode, run.results["verdict"]) == (0, "pass"), run.stdout[-2000:]


def test_the_disabled_rule_is_still_judged_in_the_strict_profile(tmp_path: Path) -> None:
    run = _run(tmp_path, "milliseconds_retry_after", "--profile", "strict", "-k", RATE_429)
    assert run.failing == {"RATE-012"}, run.stdout[-2000:]
    assert run.rows["RATE-011"]["verdict"] == "pass"


def test_a_frozen_counter_judges_no_counter_comparison(tmp_path: Path) -> None:
    run = _run(
        tmp_path,
        "frozen_counter",
        "--profile",
        "strict",
        "-k",
        "counter or refused_requests or success_carries",
    )
    assert "RATE-005" in run.failing
    for rid in ("RATE-006", "RATE-007", "RATE-014", "RATE-015"):
        row = run.rows[rid]
        assert row["verdict"] == "skip", (rid, row["reason"])
        assert "premise not observed: X-RateLimit-Remaining fell" in row["reason"], row["reason"]
    assert run.results["verdict"] == "fail"


def test_a_422_for_400_is_not_charged_to_the_counter_rules(tmp_path: Path) -> None:
    run = _run(
        tmp_path, "unprocessable_for_bad_request", "--profile", "strict",
        "-k", "share_the_videos_counter or refused_requests_count or empty_task",
    )  # fmt: skip
    assert run.rows["RATE-006"]["verdict"] == "pass", run.rows["RATE-006"]["reason"]
    assert run.rows["RATE-015"]["verdict"] == "pass", run.rows["RATE-015"]["reason"]


def test_a_403_for_404_is_not_charged_to_authentication(tmp_path: Path) -> None:
    run = _run(tmp_path, "forbidden_for_not_found", "-k", "valid_key_is_accepted or unknown")
    assert run.rows["AUTH-002"]["verdict"] == "pass", run.rows["AUTH-002"]["reason"]
    assert {"VID-POLL-010", "EDIT-024", "REV-012"} <= run.failing
    # 7: the rerun line reruns this target in this profile, not the default reference.
    rerun = run.rows["VID-POLL-010"]["failures"][0]["reproduction"]["rerun"]
    assert rerun.startswith(
        "knowlify-conformance run --target reference:trust_apps:forbidden_for_not_found "
        "--profile documented -k "
    ), rerun
    assert f"rerun: {rerun}" in run.stdout
    # A curl line aimed at the in-process target says how to serve it first.
    reproduction = run.rows["VID-POLL-010"]["failures"][0]["reproduction"]
    assert "reference.invalid" in reproduction["curl"]
    assert reproduction["serve_first"].startswith("the target runs in-process: serve it first")


@pytest.fixture(scope="module")
def personal_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("personal-only") / "personal.yaml"
    path.write_text(yaml.safe_dump(personal_key_only_config()), encoding="utf-8")
    return path


def test_a_personal_key_only_config_is_incomplete(tmp_path: Path, personal_only: Path) -> None:
    # A few checks (an asgi: target waits for real windows): the MUST rules they would judge
    # with the fixtures a full config names are what the run must call unjudged.
    selection = ["-k", "revert_of_the_latest or valid_key_is_accepted"]
    run = run_cli(["run", "--config", str(personal_only), "--quiet", *selection], output=tmp_path)
    assert (run.returncode, run.results["verdict"], run.results["exit_code"]) == (
        3,
        "incomplete",
        3,
    ), run.stdout[-2000:]
    unjudged = {row["id"]: row for row in run.results["unjudged"]}
    assert unjudged["REV-001"]["cause"] == "missing fixture"
    assert unjudged["REV-001"]["level"] == "MUST"
    assert "INCOMPLETE:" in run.stdout
    assert "REV-001" in run.stdout.split("Not judged:", 1)[1]
    # The rerun of a failure would name this config: nothing failed here, so check the flag.
    allowed = run_cli(
        ["run", "--config", str(personal_only), "--quiet", "--allow-incomplete", *selection],
        output=tmp_path / "allowed",
    )
    assert (allowed.returncode, allowed.results["verdict"]) == (0, "incomplete")


# 6: timing comes from the target, not from the suite's own fixed waits.
def test_fast_renders_still_show_the_promotion_order(tmp_path: Path) -> None:
    run = _run(tmp_path, "fast_renders", "-k", "promoted_in_fifo_order")
    row = run.rows["VID-PARK-004"]
    assert row["verdict"] == "pass", row["reason"]
    assert run.returncode == 0
