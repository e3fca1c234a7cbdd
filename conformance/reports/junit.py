"""``junit.xml``: one testcase per requirement, one testsuite per area, for CI test views.

``classname`` is the area and ``name`` is "ID summary", so CI systems group requirements by
area and show the rule next to its ID. ``fail`` is a ``<failure>``, ``error`` an ``<error>``
(the harness broke), ``skip`` and ``disabled`` are ``<skipped>`` with their reason; a failure
listed in a baseline is ``<skipped>`` too, its text kept in ``<system-out>``. Everything the
server sent is made XML-safe first: a body may hold characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._text import failure_lines, first_line, xml_safe

__all__ = ["render_junit", "write_junit"]


def render_junit(results: Mapping[str, Any]) -> bytes:
    known = set((results.get("baseline") or {}).get("known", []))
    by_area: dict[str, list[Mapping[str, Any]]] = {}
    for row in results["requirements"]:
        by_area.setdefault(row["area"], []).append(row)
    root = ET.Element("testsuites", name=f"knowlify conformance ({results['side']})")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
    timestamp = str((results.get("timing") or {}).get("started_at") or "")
    durations = {test["id"]: float(test["duration_seconds"]) for test in results.get("tests", [])}
    for area, rows in by_area.items():
        suite = ET.SubElement(root, "testsuite", name=area)
        if timestamp:  # omitted when unknown: an empty one trips some CI parsers
            suite.set("timestamp", timestamp)
        counts = {"tests": len(rows), "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
        if area == next(iter(by_area)):
            _properties(suite, results)
        counts["time"] = _seconds(rows, durations)
        for row in rows:
            seconds = float(row.get("duration_seconds") or 0.0)
            case = ET.SubElement(
                suite,
                "testcase",
                classname=area,
                name=xml_safe(f"{row['id']} {row['summary']}"),
                time=f"{seconds:.3f}",
            )
            kind = _outcome(case, row, known=row["id"] in known)
            if kind:
                counts[kind] += 1
        for name, value in counts.items():
            suite.set(name, f"{value:.3f}" if name == "time" else str(value))
            totals[name] += value
    totals["time"] = _seconds(results["requirements"], durations)
    for name, value in totals.items():
        root.set(name, f"{value:.3f}" if name == "time" else str(value))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _seconds(rows: list[Mapping[str, Any]], durations: Mapping[str, float]) -> float:
    """Time of the distinct tests behind ``rows``: a test judging several requirements (each
    testcase shows its full time) is counted once in a suite's and the run's total."""
    tests = {test for row in rows for test in row.get("tests", [])}
    # fsum: exact, so the total does not depend on the set's (hash-seeded) order.
    return math.fsum(durations.get(test, 0.0) for test in tests)


def write_junit(results: Mapping[str, Any], path: Path) -> Path:
    path.write_bytes(render_junit(results))
    return path


def _properties(suite: ET.Element, results: Mapping[str, Any]) -> None:
    properties = ET.SubElement(suite, "properties")
    for name in ("target", "side", "profile", "suite_version", "catalogue_digest", "verdict"):
        ET.SubElement(properties, "property", name=name, value=xml_safe(str(results[name])))


def _outcome(case: ET.Element, row: Mapping[str, Any], *, known: bool) -> str | None:
    """Add the child element of ``row``'s verdict; the name of the count it adds to."""
    verdict, reason = row["verdict"], xml_safe(first_line(row["reason"]))
    details = "\n\n".join("\n".join(failure_lines(f)) for f in row.get("failures", []))
    details = xml_safe(details or str(row["reason"]))
    if verdict == "fail" and known:
        ET.SubElement(case, "skipped", message=f"known failure (baseline): {reason}")
        ET.SubElement(case, "system-out").text = details
        return "skipped"
    if verdict in ("fail", "error"):
        tag = "failure" if verdict == "fail" else "error"
        element = ET.SubElement(case, tag, message=reason, type=verdict)
        element.text = f"{row['id']} [{row['level']}] {xml_safe(row['summary'])}\n\n{details}"
        return "failures" if verdict == "fail" else "errors"
    if verdict in ("skip", "disabled"):
        ET.SubElement(case, "skipped", message=f"{verdict}: {reason}")
        return "skipped"
    return None
