"""The results document of one run: per-requirement verdicts for one side of the catalogue.

``build_results`` is the only place that shapes it; the server plugin, the preflight of
``run`` and the client runner all feed it observations.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from .config import SuiteConfig
from .selection import disabled_requirements
from .verdicts import Observation, Verdict, cause_of, exit_code, roll_up, run_verdict, unjudged

__all__ = ["SCHEMA_VERSION", "build_results", "rerun_command", "serve_first"]

#: The version of the document's shape (``reports/results.schema.json``); bump on a change
#: that an older reader would misread.
SCHEMA_VERSION = 1
#: How the catalogue's ``check`` text of a rule without any check begins.
NO_CHECK_YET = "Not checked yet"
#: Failures kept per requirement in the document (the first ones; the rest are counted).
MAX_FAILURES_PER_REQUIREMENT = 5


def build_results(
    suite_config: SuiteConfig,
    observations: Iterable[Observation],
    *,
    side: str = "server",
    target: str | None = None,
    timing: Mapping[str, Any] | None = None,
    test_runs: Mapping[str, Mapping[str, Any]] | None = None,
    selection: str | None = None,
    allow_incomplete: bool = False,
    reproduction: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The results document for ``side`` ("server" or "client").

    ``target`` names what was tested when it is not the config's target (a client under test).
    ``timing`` holds the run's ``started_at``/``finished_at`` (ISO 8601) and
    ``duration_seconds``; ``test_runs`` maps a test ID to its ``duration_seconds`` and, for a
    Hypothesis-driven test that failed, the ``hypothesis`` reproduction it printed.
    ``selection`` names a -k/-m selection: a requirement no selected check observed is then out
    of scope ("not selected"), not unjudged. ``allow_incomplete`` maps ``incomplete`` to exit 0.
    ``reproduction`` holds the run's own options (see ``rerun_command``).
    """
    from . import __version__
    from .contract.catalogue import Side, load_catalogue

    catalogue = load_catalogue()
    wanted = Side(side)
    requirements = [r for r in catalogue.requirements.values() if r.side is wanted]
    disabled = disabled_requirements(suite_config, catalogue)
    seen = list(observations)
    rolled = roll_up([r.id for r in requirements], disabled, seen)
    observed = {o.requirement for o in seen}
    out_of_scope = (
        {rid for rid in rolled if rid not in observed and rid not in disabled}
        if selection
        else set()
    )
    for rid in out_of_scope:
        rolled[rid].reason = f"not selected: outside the selection ({selection})"
    # A rule the catalogue says no check exists for yet cannot make a run incomplete: the
    # suite, not the target, lacks it (its row stays ``skip`` with the catalogue's reason).
    out_of_scope |= {
        r.id
        for r in requirements
        if r.check.startswith(NO_CHECK_YET) and rolled[r.id].verdict is Verdict.SKIP
    }
    verdict = run_verdict(rolled.values(), out_of_scope)
    levels = {r.id: r.level.value for r in requirements}
    missing = sorted(
        unjudged(rolled.values(), out_of_scope),
        key=lambda r: (levels[r.requirement] != "MUST", r.requirement),
    )
    runs = test_runs or {}
    counts = {v.value: 0 for v in Verdict}
    for result in rolled.values():
        counts[result.verdict.value] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "suite_version": __version__,
        "catalogue_digest": catalogue.digest,
        "target": target if target is not None else suite_config.redacted()["target"],
        "side": wanted.value,
        "profile": suite_config.profile,
        "config": suite_config.redacted(),
        "toggles": {**_toggles(suite_config), "allow_incomplete": allow_incomplete},
        "timing": _timing(timing),
        "verdict": verdict,
        "exit_code": exit_code(verdict, allow_incomplete=allow_incomplete),
        "counts": counts,
        "unjudged": [
            {
                "id": r.requirement,
                "level": levels[r.requirement],
                "cause": cause_of(r.reason),
                "reason": r.reason,
            }
            for r in missing
        ],
        "out_of_scope": sorted(out_of_scope),
        "requirements": [
            {
                "id": req.id,
                "level": req.level.value,
                "area": req.area,
                "summary": req.summary,
                "source": req.source,
                "verdict": rolled[req.id].verdict.value,
                "reason": rolled[req.id].reason,
                "tests": rolled[req.id].tests,
                "duration_seconds": _duration(rolled[req.id].tests, runs),
                "failure_count": len(_failures(rolled[req.id].observations)),
                "failures": [
                    _failure(o, runs.get(o.test, {}), wanted.value, reproduction or {})
                    for o in _failures(rolled[req.id].observations)[:MAX_FAILURES_PER_REQUIREMENT]
                ],
            }
            for req in requirements
        ],
        "tests": [
            {"id": test, "duration_seconds": round(float(run.get("duration_seconds", 0.0)), 4)}
            for test, run in sorted(runs.items())
        ],
    }


def _toggles(suite_config: SuiteConfig) -> dict[str, Any]:
    """What this run was allowed to do: the switches a reader needs to trust the verdicts."""
    return {
        "disabled_features": sorted(suite_config.disabled_features),
        "allow_spend": suite_config.allow_spend,
        "dry_run": suite_config.dry_run,
        "sandbox": suite_config.sandbox,
    }


def _timing(timing: Mapping[str, Any] | None) -> dict[str, Any]:
    given = dict(timing or {})
    finished = given.get("finished_at") or datetime.now(UTC).isoformat()
    return {
        "started_at": given.get("started_at"),
        "finished_at": finished,
        "duration_seconds": given.get("duration_seconds"),
    }


def _failures(observations: Iterable[Observation]) -> list[Observation]:
    return [o for o in observations if o.verdict in (Verdict.FAIL, Verdict.ERROR)]


def _duration(tests: Iterable[str], runs: Mapping[str, Mapping[str, Any]]) -> float | None:
    """Seconds spent in the tests that judged a requirement (None when none was timed)."""
    timed = [float(runs[t]["duration_seconds"]) for t in tests if t in runs]
    return round(sum(timed), 4) if timed else None


def rerun_command(
    options: Mapping[str, Any], test: str, *, name: str | None = None, seed: int | None = None
) -> str:
    """The command that reruns ``test`` as this run ran it: target, config file, profile,
    disabled features, spend budget, and ``-k`` naming the test (or ``name``, a check within
    it) within the run's selection; ``seed`` for a check whose cases Hypothesis drew."""
    name = name or test.rsplit("::", 1)[-1].split("[", 1)[0]
    parts = ["knowlify-conformance", "run"]
    target = options.get("target")
    if target and target != "reference":
        parts += ["--target", str(target)]
    if options.get("config"):
        parts += ["--config", str(options["config"])]
    if options.get("profile"):
        parts += ["--profile", str(options["profile"])]
    for feature in options.get("disable") or ():
        parts += ["--disable", str(feature)]
    if options.get("allow_spend") is not None:
        parts += ["--allow-spend", str(options["allow_spend"])]
    if options.get("no_rate_limit_probes"):
        parts.append("--no-rate-limit-probes")
    selection = options.get("keyword")
    parts += ["-k", f"({selection}) and {name}" if selection else name]
    if seed is not None:  # the drawn cases: the same seed and the same number of them
        parts += ["--seed", str(seed)]
        if options.get("examples") is not None:
            parts += ["--examples", str(options["examples"])]
    return " ".join(shlex.quote(part) for part in parts)


#: How to reach an in-process target with curl: serve it on loopback first.
_SERVE_FIRST = {
    "reference.invalid": "the target runs in-process: serve it first with 'knowlify-conformance "
    "serve --port 8000 --write-config sandbox.yaml', then send this to http://127.0.0.1:8000 "
    "with the keys and IDs that sandbox.yaml names",
    "asgi.invalid": "the target runs in-process: serve it first (e.g. 'uvicorn MODULE:ATTR "
    "--port 8000'), then send this to http://127.0.0.1:8000",
}


def serve_first(curl: str | None) -> str | None:
    """For a curl line aimed at an in-process target, how to serve that target first."""
    for host, advice in _SERVE_FIRST.items():
        if curl and f"://{host}" in curl:
            return advice
    return None


def _failure(
    observation: Observation,
    run: Mapping[str, Any],
    side: str,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """A failure and what reproduces it: the request sent, a curl line, Hypothesis's line.

    The request is the minimal failing input: where Hypothesis drove the check, the exception
    (and so the exchange) is the one of the shrunk example it replayed last.
    """
    found = observation.as_dict()
    evidence = found["evidence"] or {}
    request = evidence.get("request")
    found["minimal_input"] = (
        {key: request.get(key) for key in ("method", "url", "body")} if request else None
    )
    server_test = side == "server" and "::" in observation.test
    rerun = rerun_command(options, observation.test) if server_test else None
    case = evidence.get("case")
    if isinstance(case, dict) and found["minimal_input"] is not None:
        # A labelled bad-input case: its class label, and the check of that label alone.
        found["minimal_input"] |= {"label": case.get("label"), "case": case}
        check = observation.test.rsplit("[", 1)[-1].rstrip("]")
        if server_test:
            rerun = rerun_command(options, observation.test, name=check, seed=case.get("seed", 0))
    found["reproduction"] = {
        "curl": evidence.get("curl"),
        "serve_first": serve_first(evidence.get("curl")),
        "hypothesis": run.get("hypothesis"),
        # A client run names its own rerun (the client under test is part of it).
        "rerun": run.get("rerun") or rerun,
    }
    return found
