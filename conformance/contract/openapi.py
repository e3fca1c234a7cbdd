"""Load the contract's OpenAPI 3.1 document (``conformance/contract/openapi.yaml``).

The document is the suite's reading of docs.knowlify.com; ``tests/contract/test_openapi.py``
proves its numbers, enums and status sets equal :mod:`conformance.contract.constants`.
"""

from __future__ import annotations

import copy
import functools
import pathlib
from importlib import resources
from typing import Any

import yaml

from .yaml_loader import SafeLoader

__all__ = ["OPENAPI_RESOURCE", "load_openapi", "openapi_path"]

OPENAPI_RESOURCE = "openapi.yaml"


def openapi_path() -> pathlib.Path:
    """Return the file-system path of the packaged ``openapi.yaml``."""
    return pathlib.Path(str(resources.files(__package__).joinpath(OPENAPI_RESOURCE)))


@functools.cache
def _parsed() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(OPENAPI_RESOURCE).read_text(encoding="utf-8")
    document = yaml.load(text, Loader=SafeLoader)
    if not isinstance(document, dict):
        raise TypeError(f"{OPENAPI_RESOURCE} must hold a mapping, got {type(document).__name__}")
    return document


def load_openapi() -> dict[str, Any]:
    """Return the OpenAPI document as a dict.

    The YAML is parsed once and cached; each call returns a deep copy, so callers (schemathesis
    among them) may mutate their copy without affecting others.
    """
    return copy.deepcopy(_parsed())
