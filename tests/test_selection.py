"""``rate_limit_probes: false`` disables exactly the requirements only the 429 probes judge."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import conformance.server
from conformance.config import SuiteConfig
from conformance.contract.catalogue import load_catalogue
from conformance.selection import PROBES_OFF, RATE_LIMIT_PROBE_REQUIREMENTS, disabled_requirements

PROBE_MARKERS = {"knowlify_opening", "knowlify_last"}


def _marks(obj: Any) -> list[Any]:
    found = getattr(obj, "pytestmark", [])
    return [getattr(mark, "mark", mark) for mark in found]


def _requirements(marks: list[Any]) -> set[str]:
    ids = {str(arg) for mark in marks if mark.name == "requirement" for arg in mark.args}
    for mark in marks:
        if mark.name == "parametrize" and len(mark.args) > 1:
            for value in mark.args[1]:
                ids |= _requirements([getattr(m, "mark", m) for m in getattr(value, "marks", ())])
    return ids


def _judged_by(probes: bool) -> set[str]:
    """The requirement IDs of the server tests that are (or are not) rate-limit probes."""
    found: set[str] = set()
    for info in pkgutil.iter_modules(conformance.server.__path__):
        if not info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"conformance.server.{info.name}")
        for name, test in vars(module).items():
            if name.startswith("test_") and callable(test):
                marks = _marks(module) + _marks(test)
                if any(mark.name in PROBE_MARKERS for mark in marks) == probes:
                    found |= _requirements(marks)
    return found


def test_the_probe_requirement_set_is_what_the_markers_say() -> None:
    only_probes = _judged_by(probes=True) - _judged_by(probes=False)
    assert only_probes == RATE_LIMIT_PROBE_REQUIREMENTS


def test_probes_off_disables_them_with_the_reason() -> None:
    catalogue = load_catalogue()
    on = disabled_requirements(SuiteConfig(profile="strict"), catalogue)
    off = disabled_requirements(SuiteConfig(profile="strict", rate_limit_probes=False), catalogue)
    assert not set(on) & RATE_LIMIT_PROBE_REQUIREMENTS
    assert {rid: off[rid] for rid in RATE_LIMIT_PROBE_REQUIREMENTS} == dict.fromkeys(
        RATE_LIMIT_PROBE_REQUIREMENTS, PROBES_OFF
    )
    assert set(off) - set(on) == RATE_LIMIT_PROBE_REQUIREMENTS
