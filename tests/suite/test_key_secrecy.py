"""Proof 2: no API key or session token appears in any output of the suite.

"Output" is everything a user or CI keeps: the terminal (stdout and stderr), every file the
run writes under ``--output``, curl reproductions, exception texts and reprs. A secret counts
as leaked when it appears whole or as its distinctive part (the 64 hex digits of a key, the
digest of a token), in any letter case: the upper-cased key of the AUTH-004 probe gives the
key away as surely as the key itself.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

import httpx
import naive_app
import yaml
from suite_runs import Run, run_child, run_cli

from conformance.config import Fixtures, SuiteConfig
from conformance.exchange import Exchange
from conformance.failures import ConformanceFailure, UnexpectedStatus
from conformance.harness import Harness
from conformance.reference import create_app
from conformance.reference.sandbox import SandboxFixtures
from conformance.targets.base import OpenTarget


def _sandbox() -> SandboxFixtures:
    fixtures = create_app().state.fixtures  # the default seed, as the reference target uses
    assert isinstance(fixtures, SandboxFixtures)
    return fixtures


SANDBOX = _sandbox()
SANDBOX_KEY = SANDBOX.keys.personal
SECRETS: dict[str, str] = {
    **{f"reference keys.{n}": v for n, v in asdict(SANDBOX.keys).items()},
    **{f"reference sessions.{n}": v for n, v in asdict(SANDBOX.sessions).items()},
    **{f"naive keys.{n}": v for n, v in naive_app.KEYS.items()},
    **{f"naive sessions.{n}": v for n, v in naive_app.SESSIONS.items()},
}


FRAGMENT = 16  # hex digits: a longer piece of a secret gives too much of it away


def _needles(secret: str) -> set[str]:
    """Every 16-character piece of the secret's distinctive part, lower-cased.

    pytest shortens long reprs by cutting out their middle, so what leaks may be only a long
    prefix or suffix of a secret; haystacks are lower-cased too.
    """
    distinctive = secret.removeprefix("kn_").rsplit(".", 1)[-1].lower()
    return {distinctive[i : i + FRAGMENT] for i in range(len(distinctive) - FRAGMENT + 1)}


NEEDLES = {name: _needles(secret) for name, secret in SECRETS.items()}


def find_leaks(outputs: Mapping[str, str]) -> list[tuple[str, str]]:
    """(where, which secret) for every secret found, whole or in part, in any output."""
    leaks = []
    for where, text in outputs.items():
        lowered = text.lower()
        leaks += [
            (where, name) for name, needles in NEEDLES.items() if any(n in lowered for n in needles)
        ]
    return leaks


def run_outputs(run: Run) -> dict[str, str]:
    outputs = {"stdout": run.stdout, "stderr": run.stderr}
    for path in run.written_files():
        outputs[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    return outputs


def write_config(path: Path, document: Mapping[str, object]) -> Path:
    path.write_text(yaml.safe_dump(dict(document), sort_keys=False), encoding="utf-8")
    return path


# --- unit: the redaction itself ---------------------------------------------------------------
TOKEN = SANDBOX.sessions.member
NAMED = {"keys.personal": SANDBOX_KEY, "sessions.member": TOKEN}


def _echoing_exchange(*, api_key: str = SANDBOX_KEY) -> Exchange:
    """A request carrying the key in a header, the query and the body, echoed back by the app."""

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            json={"detail": f"unknown key {SANDBOX_KEY}", "sent": request.content.decode()},
            headers={"X-Echo": SANDBOX_KEY},
        )

    with httpx.Client(transport=httpx.MockTransport(echo), base_url="http://api.invalid") as client:
        response = client.post(
            f"/v1/videos?api_key={SANDBOX_KEY}",
            headers={"X-API-Key": api_key, "Authorization": f"Bearer {TOKEN}"},
            json={"videos": [{"task": f"about {SANDBOX_KEY} and {SANDBOX_KEY.upper()}"}]},
        )
    return Exchange.from_httpx(response, secrets=NAMED)


def test_the_test_secrets_are_distinct_and_real() -> None:
    assert len(set(SECRETS.values())) == len(SECRETS)
    assert SANDBOX_KEY.startswith("kn_")
    assert len(SANDBOX_KEY) == 67
    assert find_leaks({"control": f"x {SANDBOX_KEY.upper()} y"}) != []
    assert find_leaks({"control": f"'{SANDBOX_KEY[:40]}...'"}) != []  # a shortened repr


def test_exchange_masks_the_key_everywhere() -> None:
    exchange = _echoing_exchange()
    outputs = {
        "repr": repr(exchange),
        "str": str(exchange),
        "summary": exchange.summary,
        "evidence": json.dumps(exchange.as_evidence()),
        "curl": exchange.curl(),
    }
    assert find_leaks(outputs) == []
    assert exchange.request_header("X-API-Key") == "[REDACTED:keys.personal]"
    assert exchange.request_header("Authorization") == "Bearer [REDACTED:sessions.member]"
    assert "[REDACTED:keys.personal]" in exchange.url
    assert b"[REDACTED:keys.personal]" in exchange.request_body
    assert b"[REDACTED:keys.personal]" in exchange.response_body
    assert exchange.response_header("X-Echo") == "[REDACTED:keys.personal]"


def test_curl_reads_the_credentials_from_the_environment() -> None:
    curl = _echoing_exchange().curl()
    # The variable the suite itself reads the personal key from.
    assert '"x-api-key: $KNOWLIFY_API_KEY"' in curl
    assert '"authorization: Bearer $KNOWLIFY_SESSIONS_MEMBER"' in curl


def test_the_upper_case_probe_of_a_real_key_is_masked() -> None:
    """AUTH-004 sends the personal key with upper-case hex: that is the key too."""
    exchange = _echoing_exchange(api_key="kn_" + SANDBOX_KEY.removeprefix("kn_").upper())
    assert exchange.request_header("X-API-Key") == "[REDACTED:keys.personal]"
    assert find_leaks({"evidence": json.dumps(exchange.as_evidence())}) == []


def test_a_malformed_probe_key_is_kept_for_an_exact_reproduction() -> None:
    exchange = _echoing_exchange(api_key="kn_YOUR_KEY_HERE")
    assert exchange.request_header("X-API-Key") == "kn_YOUR_KEY_HERE"


def test_conformance_failures_never_show_the_key() -> None:
    exchange = _echoing_exchange()
    failures: list[ConformanceFailure] = [
        ConformanceFailure(
            requirement="AUTH-002", title="refused", message="a 401", exchange=exchange
        ),
        UnexpectedStatus(requirement="AUTH-002", expected={200}, exchange=exchange, why="own key"),
    ]
    for failure in failures:
        outputs = {
            "str": str(failure),
            "repr": repr(failure),
            "args": repr(failure.args),
            "traceback": "".join(traceback.format_exception(failure)),
        }
        assert find_leaks(outputs) == []
        assert "$KNOWLIFY_API_KEY" in str(failure)


def _config_with_secrets() -> SuiteConfig:
    return SuiteConfig(
        fixtures=Fixtures({"keys": {"personal": SANDBOX_KEY}, "sessions": {"member": TOKEN}})
    )


def test_the_harness_repr_hides_the_credentials() -> None:
    """pytest prints a failing test's fixture arguments (whole with -vvv): the harness is one."""
    with httpx.Client() as client:
        target = OpenTarget(description="in-memory", client=client, config=_config_with_secrets())
        answer = httpx.Response(
            200,
            headers={"X-RateLimit-Remaining": "29", "X-RateLimit-Reset": "60"},
            request=httpx.Request("GET", "http://api.invalid/v1/videos/x"),
        )
        target.pacer.after(SANDBOX_KEY, "videos", Exchange.from_httpx(answer))  # keyed by key
        harness = Harness(target)
        assert find_leaks({"harness": repr(harness), "target": repr(target)}) == []


def test_the_config_repr_hides_the_credentials() -> None:
    assert find_leaks({"config": repr(_config_with_secrets())}) == []


# --- end to end: what real runs print and write ------------------------------------------------
def test_a_failing_run_with_debug_leaks_nothing(naive_run: Run) -> None:
    """The naive app fails dozens of checks: evidence, curl lines and tracebacks are printed."""
    assert naive_run.returncode == 1
    assert "reproduce: curl" in naive_run.stdout
    assert "$KNOWLIFY_API_KEY" in naive_run.stdout
    with_evidence = [
        failure
        for row in naive_run.results["requirements"]
        for failure in row["failures"]
        if failure["evidence"]
    ]
    assert len(with_evidence) > 20
    assert find_leaks(run_outputs(naive_run)) == []


def test_a_reference_run_with_the_key_in_a_config_file_leaks_nothing(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "config.yaml",
        {"fixtures": {"keys": {"personal": SANDBOX_KEY}, "sessions": {"member": TOKEN}}},
    )
    run = run_cli(
        ["run", "--debug", "--config", str(config), "--profile", "strict"], output=tmp_path / "out"
    )
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert run.results["target"] == "reference"
    assert any(row["verdict"] == "pass" for row in run.results["requirements"])
    assert run.results["config"]["fixtures"]["keys"]["personal"] == "[REDACTED]"
    assert find_leaks(run_outputs(run)) == []


def test_a_reference_run_with_the_key_in_the_environment_leaks_nothing(tmp_path: Path) -> None:
    run = run_cli(
        ["run", "--debug"], output=tmp_path / "out", env={"KNOWLIFY_API_KEY": SANDBOX_KEY}
    )
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert run.results["config"]["fixtures"]["keys"]["personal"] == "[REDACTED]"
    assert find_leaks(run_outputs(run)) == []


def test_a_harness_error_run_with_debug_leaks_nothing(
    tmp_path: Path, naive_config_file: Path
) -> None:
    """A target that cannot be opened: every check errors, and the run says so."""
    run = run_cli(
        ["--debug", "run", "--config", str(naive_config_file), "--target", "asgi:naive_app:nope"],
        output=tmp_path / "out",
    )
    assert run.returncode == 2
    assert "naive_app" in run.stdout + run.stderr
    assert find_leaks(run_outputs(run)) == []


def test_pytest_at_its_most_verbose_leaks_nothing(tmp_path: Path, naive_config_file: Path) -> None:
    """``pytest --pyargs conformance.server -vvv`` prints failing tests' fixtures in full."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = run_child(
        [
            sys.executable, "-m", "pytest", "-c", str(out / "pytest.ini"), "--rootdir", str(out),
            "-p", "no:cacheprovider", "--pyargs", "conformance.server", "-vvv",
            "-k", "test_unhandled_exception_is_a_500_envelope or test_get_edit_shape",
            "--knowlify-config", str(naive_config_file),
            "--knowlify-results", str(out / "results.json"),
        ],
        output=out,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout[-2000:]
    assert "knowlify = Harness(target=OpenTarget(" in run.stdout  # the full fixture repr
    assert find_leaks(run_outputs(run)) == []
