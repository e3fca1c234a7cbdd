"""The results document of one run: per-requirement verdicts for one side of the catalogue.

``build_results`` is the only place that shapes it; the server plugin, the preflight of
``run`` and the client runner all feed it observations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .config import SuiteConfig
from .selection import disabled_requirements
from .verdicts import Observation, Verdict, exit_code, roll_up, run_verdict

__all__ = ["build_results"]

#: Failures kept per requirement in the document (the first ones; the rest are counted).
MAX_FAILURES_PER_REQUIREMENT = 5


def build_results(
    suite_config: SuiteConfig,
    observations: Iterable[Observation],
    *,
    side: str = "server",
    target: str | None = None,
) -> dict[str, Any]:
    """The results document for ``side`` ("server" or "client").

    ``target`` names what was tested when it is not the config's target (a client under test).
    """
    from . import __version__
    from .contract.catalogue import Side, load_catalogue

    catalogue = load_catalogue()
    wanted = Side(side)
    requirements = [r for r in catalogue.requirements.values() if r.side is wanted]
    disabled = disabled_requirements(suite_config, catalogue)
    rolled = roll_up([r.id for r in requirements], disabled, list(observations))
    verdict = run_verdict(rolled.values())
    return {
        "suite_version": __version__,
        "catalogue_digest": catalogue.digest,
        "target": target if target is not None else suite_config.redacted()["target"],
        "side": wanted.value,
        "profile": suite_config.profile,
        "config": suite_config.redacted(),
        "verdict": verdict.value,
        "exit_code": exit_code(verdict),
        "requirements": [
            {
                "id": req.id,
                "level": req.level.value,
                "area": req.area,
                "summary": req.summary,
                "verdict": rolled[req.id].verdict.value,
                "reason": rolled[req.id].reason,
                "tests": rolled[req.id].tests,
                "failures": [
                    o.as_dict()
                    for o in rolled[req.id].observations
                    if o.verdict in (Verdict.FAIL, Verdict.ERROR)
                ][:MAX_FAILURES_PER_REQUIREMENT],
            }
            for req in requirements
        ],
    }
