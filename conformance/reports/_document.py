"""The results document as a file: its JSON Schema, validation, and reading one back.

The schema ships inside the package (``results.schema.json``, so an installed suite validates
too); ``reports/results.schema.json`` at the top of the repository is the same file, for
readers. Every problem is one line naming the file and the JSON path at fault.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs

from ..results import SCHEMA_VERSION

__all__ = ["SCHEMA_RESOURCE", "ResultsError", "load_results", "results_schema", "validate_results"]

SCHEMA_RESOURCE = "results.schema.json"


class ResultsError(ValueError):
    """A results document that cannot be read or does not fit the schema; one line."""


@functools.cache
def results_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_results(document: Mapping[str, Any], *, name: str = "the results") -> None:
    """Raise ``ResultsError`` naming the first place where ``document`` breaks the schema."""
    if not isinstance(document, Mapping):
        raise ResultsError(f"{name} is a JSON {type(document).__name__}, not an object")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        found = "no schema_version" if version is None else f"schema_version {version!r}"
        raise ResultsError(
            f"{name} has {found}; this suite reads schema_version {SCHEMA_VERSION} "
            "(render it with the suite version that wrote it, or rerun the suite)"
        )
    validator = jsonschema.Draft202012Validator(
        results_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    error = jsonschema.exceptions.best_match(validator.iter_errors(dict(document)))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        message = error.message if len(error.message) <= 200 else error.message[:200] + "..."
        raise ResultsError(f"{name} does not fit the results schema at {where}: {message}")


def load_results(path: Path) -> dict[str, Any]:
    """Read and validate a results file; every failure is a one-line ``ResultsError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(
            f"results file {path} not found; give the results.json a run wrote"
        ) from None
    except IsADirectoryError:
        raise ResultsError(f"{path} is a folder; give the results.json inside it") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"cannot read the results file {path}: {exc}") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ResultsError(
            f"{path} is not JSON ({exc}); give the results.json a run wrote"
        ) from None
    validate_results(document, name=str(path))
    loaded: dict[str, Any] = document
    return loaded
