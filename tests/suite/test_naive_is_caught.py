"""Proof 1: a naive FastAPI implementation is caught, on exactly the requirements it breaks.

``naive_app`` is a plain day-one FastAPI app (see its docstring for what it gets wrong). The
server suite runs against it through ``knowlify-conformance run`` in the documented profile.

The expectation is behavioural, so that it stays exact while the suite grows:

- ``VIOLATED``: every documented-profile requirement the naive app breaks, with why;
- ``MASKED``: those of them a check cannot judge by design, because their premise is another
  rule the naive app breaks (reported ``skip``, "not judged"); every other rule of a test is
  judged on its own (``knowlify.judge``), whatever failed before it;
- ``KNOWN_MISSES``: those a check should report but does not, because of a suite bug;
- ``KNOWN_FALSE_ALARMS``: requirements reported ``fail`` that the naive app does not break.

A requirement must be reported ``fail`` exactly when it is violated, the run judged it (some
check for it ran, and not only skipped for a missing fixture) and it is neither masked nor a
known miss. Known misses and false alarms each have a strict xfail test, which turns red the
day the suite is fixed so that the entry is removed here.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import naive_app
from suite_runs import Run

from conformance.reference import create_app
from conformance.reference.sandbox import SandboxFixtures

_422 = "Pydantic constraint: FastAPI answers its default 422, the contract says 400"
_NO_REF_CHECK = "reference image URLs are stored as given: no SSRF host check, no HEAD check"
_NO_GUARDS = "revert checks the edit's status but none of the three guards"
_Z_TIMESTAMPS = "Pydantic serialises UTC datetimes as '...789012Z', not '+00:00'"

VIOLATED: dict[str, str] = {
    "ENV-001": "FastAPI's 422 carries a list `detail`; Starlette's 500 body is plain text",
    "ENV-002": "Starlette's default 500 is text/plain",
    "FW-004": "an unhandled exception reaches Starlette's default plain-text 500",
    "ORG-005": "a JWT naming an org it is not a member of gets the org_id-mismatch 400, not 403",
    "RATE-001": "no rate limiting: no X-RateLimit-* headers on any 2xx",
    "RATE-002": "no X-RateLimit-Limit header at all, so not 30",
    "RATE-004": "no X-RateLimit-Reset header at all",
    "RATE-005": "no X-RateLimit-Remaining header at all",
    "RATE-006": "no counter at all, so POST and GET share none",
    "RATE-008": "no rate limiting: the request after the limit is served, never 429",
    "VID-VAL-001": _422,
    "VID-VAL-002": _422,
    "VID-VAL-003": _422,
    "VID-VAL-004": _422,
    "VID-VAL-005": _422,
    "VID-VAL-006": _422,
    "VID-VAL-007": _422,
    "VID-VAL-009": _422,
    "VID-VAL-010": _422,
    "VID-VAL-012": "json.loads takes NaN; the 422 that follows cannot be rendered as JSON, "
    "so a plain-text 500 goes out",
    "VID-BATCH-001": _422,
    "VID-BATCH-002": _422,
    "VID-PARK-001": "no concurrency limit: every item of a batch is queued, none parked",
    "VID-POLL-005": _Z_TIMESTAMPS,
    "EDIT-001": _422,
    "EDIT-003": _422,
    "EDIT-007": "a body cut inside a multi-byte character is not UTF-8: Starlette's parse error "
    "is a 400, not the 422 of a body that is not JSON (found by a drawn body/truncated case)",
    "EDIT-015": "edits are not serialised: a second edit on the same video is processing too",
    "EDIT-021": _Z_TIMESTAMPS,
    "REF-001": _NO_REF_CHECK,
    "REF-002": _NO_REF_CHECK,
    "REF-003": _NO_REF_CHECK,
    "REF-006": _NO_REF_CHECK,
    "REF-007": _NO_REF_CHECK,
    "REF-011": _NO_REF_CHECK,
    "REF-012": _NO_REF_CHECK,
    "REF-013": _NO_REF_CHECK,
    "REV-007": _NO_GUARDS,
    "REV-008": _NO_GUARDS,
    "REV-010": _NO_GUARDS,
    "IDEM-001": "Idempotency-Key is ignored: the replay answers another edit",
    "IDEM-002": "Idempotency-Key is ignored: the replay creates a second edit",
}

MASKED: dict[str, str] = {
    "RATE-005": "its premise fails at RATE-001: there is no header to count with",
    "RATE-006": "its test counts with X-RateLimit-Remaining and stops at RATE-001",
}

KNOWN_MISSES: dict[str, str] = {}

KNOWN_FALSE_ALARMS: dict[str, str] = {}

# Requirements the naive app keeps: never reported fail. CORE ones have committed checks.
HOLDS: dict[str, str] = {
    "FW-001": "all five operations are routed",
    "FW-002": "an unknown path gets FastAPI's JSON 404 {'detail': 'Not Found'}",
    "FW-003": "a wrong method gets FastAPI's JSON 405",
    "AUTH-001": "the auth dependency runs before body validation: 401 without credentials",
    "AUTH-002": "a valid key passes the table lookup",
    "AUTH-003": "a malformed key is not in the table: 401",
    "AUTH-006": "a revoked key is refused: 401",
    "AUTH-007": "only a known Bearer token is accepted: 401 otherwise",
    "ORG-001": "a foreign org_id with an org key gets 400",
    "ORG-002": "the org key's own org_id is accepted",
    "ORG-003": "org_id in the 200 is the key's org, or null",
    "ORG-006": "user_id comes from the key, never from email",
    "VID-BATCH-003": "1 and 50 valid items are accepted",
    "VID-POLL-009": "another account's video gets 403",
    "VID-POLL-010": "an unknown video gets 404",
    "EDIT-009": "an unknown video gets 404",
    "EDIT-010": "another account's video gets 403",
    "EDIT-011": "a video still building or failed gets 409",
    "EDIT-023": "another account's edit gets 403",
    "EDIT-024": "an unknown edit gets 404",
    "REF-008": "every URL is accepted, a good one included",
    "REF-014": "every URL is accepted, a good one included",
    "CRED-001": "a balance below the edit's cost gets 402",
    "CRED-002": "the 402 detail is the documented text",
    "CRED-004": "a 402 creates nothing",
    "REV-004": "a revert of a non-complete edit gets 409",
    "REV-005": "that 409 has the documented text",
    "REV-012": "an unknown edit gets 404 'edit not found'",
    "REV-013": "another account's edit gets 403 with the documented text",
}
CORE_HOLDS = {
    "FW-001", "FW-002", "FW-003", "AUTH-001", "AUTH-002", "AUTH-003", "AUTH-006", "AUTH-007",
    "VID-BATCH-003", "EDIT-009", "EDIT-010", "EDIT-011", "EDIT-023", "EDIT-024",
    "CRED-001", "CRED-002", "CRED-004", "REV-004", "REV-005", "REV-012", "REV-013",
}  # fmt: skip
# The brief's own examples, caught by committed checks: the expectation is never vacuous.
CORE_CAUGHT = {"ENV-001", "FW-004", "RATE-001", "VID-VAL-003", "EDIT-021", "REF-002", "IDEM-002"}


def judged(row: dict[str, Any]) -> bool:
    """Some check for the requirement ran: it passed, failed, or stopped at another failure."""
    verdict, reason = row["verdict"], row["reason"]
    return verdict in {"pass", "fail", "error"} or (
        verdict == "skip" and reason.startswith("not judged")
    )


def expected_failing(run: Run) -> set[str]:
    return {
        rid
        for rid in VIOLATED
        if rid in run.rows and judged(run.rows[rid]) and rid not in MASKED | KNOWN_MISSES.keys()
    }


def failures_of(run: Run, requirement: str) -> list[dict[str, Any]]:
    failures: list[dict[str, Any]] = run.rows[requirement]["failures"]
    return failures


# --- the tables are consistent --------------------------------------------------------------
def test_the_tables_are_consistent() -> None:
    assert MASKED.keys() <= VIOLATED.keys()
    assert KNOWN_MISSES.keys() <= VIOLATED.keys()
    assert not MASKED.keys() & KNOWN_MISSES.keys()
    assert not KNOWN_FALSE_ALARMS.keys() & VIOLATED.keys()
    assert not HOLDS.keys() & VIOLATED.keys()
    assert HOLDS.keys() >= CORE_HOLDS
    assert VIOLATED.keys() - MASKED.keys() - KNOWN_MISSES.keys() >= CORE_CAUGHT


def test_the_naive_fixtures_have_the_sandbox_shape() -> None:
    """Every fixture the naive config names is one the reference sandbox names too."""
    sandbox = create_app().state.fixtures
    assert isinstance(sandbox, SandboxFixtures)
    reference, naive = sandbox.as_config(), naive_app.fixtures_block()
    assert naive.keys() <= reference.keys()
    for section, values in naive.items():
        assert isinstance(values, dict) == isinstance(reference[section], dict), section
        if isinstance(values, dict):
            assert values.keys() <= reference[section].keys(), section


# --- the run ----------------------------------------------------------------------------------
def test_the_naive_app_is_not_conformant(naive_run: Run) -> None:
    assert naive_run.returncode == 1, naive_run.stderr[-2000:]
    assert naive_run.results["verdict"] == "fail"
    assert naive_run.results["exit_code"] == 1
    assert naive_run.results["target"] == "asgi:naive_app:app"
    assert "NOT CONFORMANT" in naive_run.stdout
    errors = {rid for rid, row in naive_run.rows.items() if row["verdict"] == "error"}
    assert not errors, "harness errors are never the implementation's fault"


def test_exactly_the_violated_requirements_fail(naive_run: Run) -> None:
    reported = naive_run.failing - KNOWN_FALSE_ALARMS.keys()
    expected = expected_failing(naive_run)
    unexplained = {
        rid: naive_run.rows[rid]["reason"].splitlines()[0] for rid in sorted(reported - expected)
    }
    uncaught = {rid: VIOLATED[rid] for rid in sorted(expected - reported)}
    assert not unexplained, (
        "reported fail but not expected: a suite false alarm (report it), or a new check that "
        f"catches a real naive fault (add it to VIOLATED): {unexplained}"
    )
    assert not uncaught, f"violated and judged, but not reported fail (a suite miss): {uncaught}"
    assert reported >= CORE_CAUGHT


def test_no_violation_is_reported_as_pass(naive_run: Run) -> None:
    passed = {rid for rid in VIOLATED if naive_run.rows.get(rid, {}).get("verdict") == "pass"}
    assert not passed


def test_masked_violations_are_reported_as_not_judged(naive_run: Run) -> None:
    for rid in MASKED.keys() | KNOWN_MISSES.keys():
        row = naive_run.rows[rid]
        if judged(row):
            assert row["verdict"] == "skip", (rid, row["reason"])
            assert row["reason"].startswith("not judged: "), (rid, row["reason"])


def test_kept_requirements_are_not_reported_as_fail(naive_run: Run) -> None:
    verdicts = {rid: naive_run.rows[rid]["verdict"] for rid in HOLDS}
    assert {rid for rid, verdict in verdicts.items() if verdict not in {"pass", "skip"}} == set()
    assert {rid for rid in CORE_HOLDS if verdicts[rid] != "pass"} == set()


def test_failures_carry_redacted_evidence(naive_run: Run) -> None:
    failure = failures_of(naive_run, "FW-004")[0]
    assert failure["evidence"]["response"]["status"] == 500
    assert failure["evidence"]["response"]["body"] == "Internal Server Error"
    curl = failure["evidence"]["curl"]
    assert "$KNOWLIFY_API_KEY" in curl
    assert naive_app.KEYS["personal"] not in curl


# --- the suite's own bugs, pinned: each turns red when fixed -------------------------------
def test_edit_016_is_judged_on_get_answers_only(naive_run: Run) -> None:
    judged_on = {
        (f["evidence"]["request"]["method"], urlsplit(f["evidence"]["request"]["url"]).path)
        for f in failures_of(naive_run, "EDIT-016")
        if f["evidence"]
    }
    assert all(
        method == "GET" and re.fullmatch(r"/v1/edits/[^/]+", path) for method, path in judged_on
    ), judged_on


def test_rate_001_is_judged_on_2xx_answers_only(naive_run: Run) -> None:
    statuses = {f["evidence"]["response"]["status"] for f in failures_of(naive_run, "RATE-001")}
    assert all(200 <= status < 300 for status in statuses), statuses


def test_missing_rate_limiting_is_reported_on_rate_008(naive_run: Run) -> None:
    assert naive_run.rows["RATE-008"]["verdict"] == "fail"


def test_unserialised_edits_are_reported_on_edit_015(naive_run: Run) -> None:
    assert naive_run.rows["EDIT-015"]["verdict"] == "fail"
