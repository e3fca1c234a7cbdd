"""``results.json``: the results document itself, validated against its schema first."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._document import validate_results

__all__ = ["render_results_json", "write_results_json"]


def render_results_json(results: Mapping[str, Any]) -> str:
    validate_results(results)
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"


def write_results_json(results: Mapping[str, Any], path: Path) -> Path:
    path.write_text(render_results_json(results), encoding="utf-8")
    return path
