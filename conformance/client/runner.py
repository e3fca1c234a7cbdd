"""Run the client scenario catalogue against a client and collect observations.

The glue between the command line (or a test) and the two harnesses: choose scenarios, make a
throw-away API key for the run, play, judge. The key is random per run, so the oracles can
search every output for it, and it is never shown anywhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from ..failures import HarnessError
from ..verdicts import Observation
from .jsonlines import load_factory
from .oracles import judge
from .protocol import AdapterFactory
from .recording import ScenarioRun
from .scenarios import Scenario, load_scenarios

__all__ = [
    "ClientHarnessError",
    "check_factory",
    "new_api_key",
    "observations",
    "resolve_factory",
    "select_scenarios",
]


class ClientHarnessError(HarnessError):
    """The client under test could not be loaded or started at all (exit 2)."""


def new_api_key() -> str:
    """A well-formed, random, throw-away key (``kn_`` + 64 lower-case hex digits)."""
    return "kn_" + secrets.token_hex(32)


def select_scenarios(keyword: str | None = None) -> tuple[Scenario, ...]:
    """Scenarios whose ID or proved requirement contains ``keyword`` (any case); all if None."""
    scenarios = load_scenarios()
    if not keyword:
        return scenarios
    wanted = keyword.strip().upper()
    return tuple(s for s in scenarios if wanted in s.id or any(wanted in req for req in s.proves))


def resolve_factory(spec: str) -> AdapterFactory:
    """The factory named by ``MODULE:FACTORY``; ``ClientHarnessError`` says what is wrong."""
    try:
        return load_factory(spec)
    except (ImportError, ValueError) as exc:
        raise ClientHarnessError(
            f"--python {spec}: {exc}; give MODULE:FACTORY for a factory on the Python path "
            "(its signature: `python -m pydoc conformance.client.protocol`)"
        ) from None
    except Exception as exc:
        raise ClientHarnessError(
            f"--python {spec}: importing it failed with {type(exc).__name__}: {exc}"
        ) from None


def check_factory(spec: str, factory: AdapterFactory, api_key: str) -> None:
    """Build one adapter up front so that a broken factory is one line, not N errors."""
    try:
        adapter = factory(base_url="http://127.0.0.1:9", api_key=api_key, sleep=lambda _: None)
    except Exception as exc:
        message = str(exc).replace(api_key, "[REDACTED]")
        raise ClientHarnessError(
            f"--python {spec}: the factory raised {type(exc).__name__}: {message}"
        ) from None
    if not callable(getattr(adapter, "perform", None)):
        raise ClientHarnessError(
            f"--python {spec}: the factory returned {type(adapter).__name__}, which has no "
            "perform(operation, arguments, options) method"
        )


def observations(runs: Iterable[ScenarioRun], api_key: str) -> list[Observation]:
    return [observation for run in runs for observation in judge(run, api_key)]


def scenario_ids(scenarios: Sequence[Scenario]) -> list[str]:
    return [scenario.id for scenario in scenarios]
