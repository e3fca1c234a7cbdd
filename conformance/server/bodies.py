"""Small request builders shared by the server tests; values come from the contract."""

from __future__ import annotations

from typing import Any

from ..contract.constants import API_PREFIX

__all__ = [
    "UNKNOWN_ID",
    "edit_body",
    "edit_path",
    "revert_path",
    "video_item",
    "video_path",
    "videos_body",
]

# A well-formed UUID (version 4, RFC 4122 variant) that no server will have issued.
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
VIDEOS = f"{API_PREFIX}/videos"
EDITS = f"{API_PREFIX}/edits"


def video_item(**fields: Any) -> dict[str, Any]:
    return {"task": "Explain how HTTPS works in 30 seconds", **fields}


def videos_body(count: int = 1, **fields: Any) -> dict[str, Any]:
    return {"videos": [video_item(**fields) for _ in range(count)]}


def edit_body(video_uuid: str, **fields: Any) -> dict[str, Any]:
    return {"video_uuid": video_uuid, "edit_request": "Make scene 2 brighter", **fields}


def video_path(video_uuid: str) -> str:
    return f"{VIDEOS}/{video_uuid}"


def edit_path(edit_id: str) -> str:
    return f"{EDITS}/{edit_id}"


def revert_path(edit_id: str) -> str:
    return f"{EDITS}/{edit_id}/revert"
