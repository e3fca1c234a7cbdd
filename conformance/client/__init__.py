"""Client-side conformance: certify an SDK's error handling and retries from the outside.

The suite plays the server. ``scenarios.yaml`` scripts the answers (language-neutral data,
stable ``SCN-*`` IDs); a harness plays them against the client under test and records what
arrives and what the client reports; the oracles judge the recording per ``CLI-*``
requirement. Two harnesses, one protocol (``protocol.py``, docs/client-adapter-protocol.md):

- ``inprocess``: httpx-based Python SDKs, through respx, on a virtual clock;
- ``crosslang``: any language, through an adapter command speaking JSON lines, against
  loopback scenario servers (``loopback``), timed by arrival.

After the fixed scenarios (the explicit examples), ``answers`` draws server answer sequences
with Hypothesis and ``drawn`` plays and judges them, shrinking a failure to its minimal answers.
``runner`` holds the glue the ``clients`` command uses.
"""

from __future__ import annotations

from .oracles import CLIENT_ORACLES, judge
from .protocol import OPERATIONS, AdapterFactory, ClientAdapter
from .recording import RecordedCall, ScenarioRun, StepRun
from .scenarios import Scenario, Step, load_scenarios

__all__ = [
    "CLIENT_ORACLES",
    "OPERATIONS",
    "AdapterFactory",
    "ClientAdapter",
    "RecordedCall",
    "Scenario",
    "ScenarioRun",
    "Step",
    "StepRun",
    "judge",
    "load_scenarios",
]
