"""badge.json: a shields.io endpoint badge, counting MUST requirements."""

from __future__ import annotations

import json

from report_helpers import results_document, run_folder
from suite_runs import Run

from conformance.reports import render_badge
from conformance.verdicts import Observation, Verdict


def test_a_passing_run_counts_its_must_requirements(reference_json_run: Run) -> None:
    badge = json.loads((run_folder(reference_json_run) / "badge.json").read_text("utf-8"))
    rows = reference_json_run.results["requirements"]
    must = [row for row in rows if row["level"] == "MUST"]
    passed = [row for row in must if row["verdict"] == "pass"]
    assert badge == {
        "schemaVersion": 1,
        "label": "knowlify conformance",
        "message": f"{len(passed)}/{len(must)} MUST",
        "color": "brightgreen" if len(passed) == len(must) else "green",
    }


def test_a_failing_run_counts_its_failures(naive_run: Run) -> None:
    badge = json.loads((run_folder(naive_run) / "badge.json").read_text("utf-8"))
    failing = [r for r in naive_run.results["requirements"] if r["verdict"] == "fail"]
    assert badge["message"] == f"{len(failing)} failing"
    assert badge["color"] == "red"


def test_the_colour_follows_the_verdict() -> None:
    error = results_document(
        observations=[Observation("ENV-001", Verdict.ERROR, "t::a", "harness error: x")]
    )
    assert render_badge(error)["message"] == "harness error"
    nothing = results_document(observations=[Observation("ENV-001", Verdict.SKIP, "t::a", "x")])
    must = sum(1 for r in nothing["requirements"] if r["level"] == "MUST")
    assert (render_badge(nothing)["message"], render_badge(nothing)["color"]) == (
        f"incomplete: {must} MUST unjudged",
        "yellow",
    )
    some = results_document(observations=[Observation("ENV-001", Verdict.PASS, "t::a")])
    assert some["verdict"] == "incomplete"  # most MUST requirements not exercised
    assert render_badge(some)["color"] == "yellow"
