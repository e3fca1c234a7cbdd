"""Real SDKs hand over typed values and pass odd bodies through: judged, never a crash.

A generated or typed SDK returns ``uuid.UUID`` ids, enum statuses and model objects; an SDK
that keeps a FastAPI list ``detail`` as it came exposes a list. The harness normalises the
first into plain JSON and judges the second (CLI-ERR-003 holds on the status, CLI-ERR-001
fails where a text was due), in both harnesses.
"""

from __future__ import annotations

import enum
import json
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from client_support import KEY, around_reference, observations, scenarios_for, verdicts

from conformance.client.crosslang import play_with_adapter
from conformance.client.inprocess import play_in_process
from conformance.client.protocol import check_outcome, normalise
from conformance.config import SuiteConfig
from conformance.results import build_results
from conformance.verdicts import Verdict


class _Status(enum.Enum):
    QUEUED = "queued"
    GENERATING = "generating_frames"
    PROCESSING = "processing"
    REVERTED = "reverted"


@dataclass(frozen=True)
class _Row:
    index: int
    status: str


def _typed(value: Any) -> Any:
    """What a typed SDK would hand over: UUIDs, enums, dataclasses."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return tuple(_typed(item) for item in value)
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
        try:
            return _Status(value)
        except ValueError:
            return value
    return value


def _typed_result(operation: str, arguments: Any, call: Callable[[], dict[str, Any]]) -> Any:
    outcome = call()
    if outcome["ok"]:
        outcome["result"] = _typed(outcome["result"])
    return outcome


def _raw_detail(operation: str, arguments: Any, call: Callable[[], dict[str, Any]]) -> Any:
    """Exposes the error body's ``detail`` as it came, a list included."""
    outcome = call()
    error = outcome.get("error")
    if not outcome["ok"] and error and error["status"] == 422 and error["detail"] is None:
        outcome["error"] = {**error, "detail": [{"loc": ["body"], "msg": "x"}]}
    return outcome


typed_factory = around_reference(_typed_result)
raw_detail_factory = around_reference(_raw_detail)


def test_normalise_turns_typed_values_into_json() -> None:
    value = {"id": uuid.UUID(int=1), "s": _Status.QUEUED, "rows": (_Row(0, "queued"),)}
    assert normalise(value) == {
        "id": "00000000-0000-0000-0000-000000000001",
        "s": "queued",
        "rows": [{"index": 0, "status": "queued"}],
    }
    json.dumps(normalise(value))


def test_a_factory_returning_uuids_and_enums_is_judged_not_a_crash() -> None:
    found = observations(
        play_in_process(typed_factory, scenarios_for({"CLI-SEC-003"}), api_key=KEY)
    )
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]
    results = build_results(SuiteConfig(profile="strict"), found, side="client", target="typed")
    json.dumps(results)


def test_a_list_detail_is_judged_on_cli_err_003_not_a_harness_error() -> None:
    chosen = [s for s in scenarios_for({"CLI-ERR-003"}) if s.id == "SCN-ERR-LIST-DETAIL"]
    found = verdicts(observations(play_in_process(raw_detail_factory, chosen, api_key=KEY)))
    assert found["CLI-ERR-003"] == {Verdict.PASS}
    assert check_outcome({"ok": False, "error": {"status": 422, "detail": [{"msg": "x"}]}})[
        "error"
    ]["detail"] == [{"msg": "x"}]


def test_a_typed_adapter_command_prints_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    command = [sys.executable, "-m", "conformance.client.jsonlines", f"{__name__}:typed_factory"]
    chosen = [s for s in scenarios_for({"CLI-SEC-003"}) if s.id == "SCN-REVERT-OK"]
    found = observations(play_with_adapter(command, chosen, api_key=KEY, workers=1))
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]
