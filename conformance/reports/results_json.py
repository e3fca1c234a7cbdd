"""``results.json``: the results document itself, validated against its schema first."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._document import validate_results

__all__ = ["render_results_json", "write_atomically", "write_results_json"]


def render_results_json(results: Mapping[str, Any]) -> str:
    validate_results(results)
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"


def write_results_json(results: Mapping[str, Any], path: Path) -> Path:
    write_atomically(path, render_results_json(results))
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``: a
    reader (or a run killed mid-write) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
