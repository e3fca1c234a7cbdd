"""Helpers for the project's own tests (on sys.path through pytest's ``pythonpath``)."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["assert_envelope", "one_video"]


def one_video(**fields: Any) -> dict[str, Any]:
    return {"videos": [{"task": "Explain how HTTPS works", **fields}]}


def assert_envelope(response: httpx.Response) -> str:
    """The response is an error envelope; returns its ``detail``."""
    assert response.headers["content-type"].split(";")[0] == "application/json"
    body = response.json()
    assert isinstance(body, dict)
    assert isinstance(body.get("detail"), str)
    assert body["detail"].strip()
    return str(body["detail"])
