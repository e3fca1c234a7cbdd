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
from .verdicts import Observation, Verdict, exit_code, roll_up, run_verdict

__all__ = ["SCHEMA_VERSION", "build_results"]

#: The version of the document's shape (``reports/results.schema.json``); bump on a change
#: that an older reader would misread.
SCHEMA_VERSION = 1
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
) -> dict[str, Any]:
    """The results document for ``side`` ("server" or "client").

    ``target`` names what was tested when it is not the config's target (a client under test).
    ``timing`` holds the run's ``started_at``/``finished_at`` (ISO 8601) and
    ``duration_seconds``; ``test_runs`` maps a test ID to its ``duration_seconds`` and, for a
    Hypothesis-driven test that failed, the ``hypothesis`` reproduction it printed.
    """
    from . import __version__
    from .contract.catalogue import Side, load_catalogue

    catalogue = load_catalogue()
    wanted = Side(side)
    requirements = [r for r in catalogue.requirements.values() if r.side is wanted]
    disabled = disabled_requirements(suite_config, catalogue)
    rolled = roll_up([r.id for r in requirements], disabled, list(observations))
    verdict = run_verdict(rolled.values())
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
        "toggles": _toggles(suite_config),
        "timing": _timing(timing),
        "verdict": verdict.value,
        "exit_code": exit_code(verdict),
        "counts": counts,
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
                    _failure(o, runs.get(o.test, {}), wanted.value)
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


def _failure(observation: Observation, run: Mapping[str, Any], side: str) -> dict[str, Any]:
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
    name = observation.test.rsplit("::", 1)[-1].split("[", 1)[0]
    rerun = f"knowlify-conformance run -k {shlex.quote(name)}" if "::" in observation.test else None
    case = evidence.get("case")
    if isinstance(case, dict) and found["minimal_input"] is not None:
        # A labelled bad-input case: its class label, and the check of that label alone.
        found["minimal_input"] |= {"label": case.get("label"), "case": case}
        check = observation.test.rsplit("[", 1)[-1].rstrip("]")
        rerun = f"knowlify-conformance run -k {shlex.quote(check)} --seed {case.get('seed', 0)}"
    found["reproduction"] = {
        "curl": evidence.get("curl"),
        "hypothesis": run.get("hypothesis"),
        "rerun": rerun if side == "server" else None,
    }
    return found
