"""The client catalogue as pytest tests: ``pytest --pyargs conformance.client``.

One test per scenario; it fails with the oracles' messages when the client breaks a rule and
errors when the harness could not play it. The client under test comes from the environment:

- ``KNOWLIFY_CLIENT_PYTHON=MODULE:FACTORY`` (in process), or
- ``KNOWLIFY_CLIENT_ADAPTER='COMMAND'`` (an adapter command);
- neither: the reference client, in process.

``knowlify-conformance clients`` is the full route (profiles, results per requirement,
report files); this one fits an SDK's own pytest run.
"""

from __future__ import annotations

import os
import shlex

import pytest

from conformance.client.oracles import judge
from conformance.client.recording import ScenarioRun
from conformance.client.runner import new_api_key, resolve_factory
from conformance.client.scenarios import Scenario, load_scenarios
from conformance.verdicts import Verdict

PYTHON_VARIABLE = "KNOWLIFY_CLIENT_PYTHON"
ADAPTER_VARIABLE = "KNOWLIFY_CLIENT_ADAPTER"
REFERENCE = "conformance.reference.client.adapter:factory"
_KEY = new_api_key()


def _play(scenario: Scenario) -> ScenarioRun:
    command = os.environ.get(ADAPTER_VARIABLE)
    if command:
        from conformance.client.crosslang import play_with_adapter

        return play_with_adapter(shlex.split(command), [scenario], api_key=_KEY, workers=1)[0]
    from conformance.client.inprocess import play_in_process

    factory = resolve_factory(os.environ.get(PYTHON_VARIABLE) or REFERENCE)
    return play_in_process(factory, [scenario], api_key=_KEY)[0]


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s.id)
def test_client_scenario(scenario: Scenario) -> None:
    observations = judge(_play(scenario), _KEY)
    errors = [o for o in observations if o.verdict is Verdict.ERROR]
    if errors:
        pytest.fail(f"harness error: {errors[0].message}", pytrace=False)
    failures = [f"{o.requirement}: {o.message}" for o in observations if o.verdict is Verdict.FAIL]
    assert not failures, "\n".join(failures)
