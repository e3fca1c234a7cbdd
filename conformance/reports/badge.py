"""``badge.json``: a shields.io endpoint badge (https://shields.io/badges/endpoint-badge).

The message counts MUST requirements, the level a reader cares about: "87/87 MUST" when
nothing failed (fewer than all when some were skipped or disabled), "12 failing" otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .results_json import write_atomically

__all__ = ["LABEL", "render_badge", "write_badge"]

LABEL = "knowlify conformance"


def render_badge(results: Mapping[str, Any]) -> dict[str, Any]:
    rows = results["requirements"]
    must = [row for row in rows if row["level"] == "MUST"]
    passed = sum(1 for row in must if row["verdict"] == "pass")
    failing = sum(1 for row in rows if row["verdict"] == "fail")
    verdict = results["verdict"]
    known = len((results.get("baseline") or {}).get("known") or [])
    if verdict == "fail" and (results.get("baseline") or {}).get("exit_code") == 0:
        message, color = f"{passed}/{len(must)} MUST, {known} known failing", "yellow"
    elif verdict == "fail":
        message, color = f"{failing} failing", "red"
    elif verdict == "error":
        message, color = "harness error", "lightgrey"
    elif verdict == "incomplete":
        # The rules the run counts as unjudged (out-of-scope skips are not among them).
        unjudged = sum(1 for row in results.get("unjudged") or () if row["level"] == "MUST")
        message, color = f"incomplete: {unjudged} MUST unjudged", "yellow"
    elif verdict == "pass":
        message = f"{passed}/{len(must)} MUST"
        color = "brightgreen" if passed == len(must) else "green"
    else:
        message, color = "nothing checked", "lightgrey"
    return {"schemaVersion": 1, "label": LABEL, "message": message, "color": color}


def write_badge(results: Mapping[str, Any], path: Path) -> Path:
    write_atomically(path, json.dumps(render_badge(results), indent=2) + "\n")
    return path
