"""An independent oracle: which rules of the contract does a request break, and what status wins?

Written from ``conformance/contract/contract.md`` and its ``decisions.md``, against a small
imaginary world of fixtures (``WORLD``). It reads the *built* request (bytes and headers), so it
checks ``LabelledCase.build`` too. It imports the contract's constants, never the reference server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from host_oracle import is_malformed, url_faults
from json_oracle import read_json

from conformance.contract.constants import (
    ASPECT_RATIOS,
    PALETTE_KEYS,
    VIDEO_TYPES,
)
from strategies import BuiltRequest, LabelledCase

__all__ = [
    "PRECEDENCE",
    "STATUS",
    "WORLD",
    "precedence_rule",
    "request_faults",
    "winner",
]

_KEYS = {
    "keys.personal": "kn_" + "1a" * 32,
    "keys.revoked": "kn_" + "2b" * 32,
    "keys.low_balance": "kn_" + "3c" * 32,
}
_VIDEOS = {
    "videos.complete": ("personal", False),
    "videos.building": ("personal", True),
    "videos.other_account": ("other", False),
    "videos.other_account_building": ("other", True),
    "videos.low_balance_complete": ("low_balance", False),
    "videos.low_balance_building": ("low_balance", True),
}
_IMAGE_FAULTS = {
    "ok": set(),
    "two_hops": {"REF-007"},
    "redirect_http": {"REF-009"},
    "redirect_private": {"REF-009"},
    "internal": {"REF-006"},
    "metadata": {"REF-006"},
    "rebind": {"REF-006"},
    "wrong_type": {"REF-011"},
}
WORLD: dict[str, str] = {
    **_KEYS,
    **{name: str(uuid5(NAMESPACE_URL, name)) for name in _VIDEOS},
    "edits.revertable": str(uuid5(NAMESPACE_URL, "edits.revertable")),
    **{
        f"image_urls.{purpose}": f"https://{purpose}.fixture.example/p.png"
        for purpose in _IMAGE_FAULTS
    },
}
"""Fixture name -> value: keys, videos (owner and whether still building), image URLs."""

_VIDEO_BY_UUID = {WORLD[name]: meaning for name, meaning in _VIDEOS.items()}
_IMAGE_BY_URL = {WORLD[f"image_urls.{p}"]: faults for p, faults in _IMAGE_FAULTS.items()}
_ACCOUNT_BY_KEY = {WORLD["keys.personal"]: "personal", WORLD["keys.low_balance"]: "low_balance"}

STATUS: dict[str, int] = {
    **{f"AUTH-00{n}": 401 for n in range(1, 8)},
    "RATE-008": 429,
    **{rule: 422 for rule in ("VID-VAL-012", "VID-VAL-013", "EDIT-007", "EDIT-008")},
    **{f"VID-VAL-{n:03d}": 400 for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 14)},
    **{rule: 400 for rule in ("VID-BATCH-001", "VID-BATCH-002")},
    **{f"EDIT-00{n}": 400 for n in range(1, 7)},
    "EDIT-009": 404,
    "EDIT-010": 403,
    "EDIT-011": 409,
    "CRED-001": 402,
    **{f"REF-00{n}": 422 for n in (1, 2, 3, 4, 5, 6, 7, 9)},
    **{f"REF-01{n}": 415 for n in (1, 2, 3)},
}
"""The status each rule's breach gets (contract.md §4.1 and decisions.md)."""

_NOT_JSON = {"VID-VAL-012", "VID-VAL-013", "EDIT-007", "EDIT-008"}
PRECEDENCE = (401, 429, "not-json", 400, (403, 404), 409, 402, "media")
"""decisions.md (precedence): 401, 429, 422 (not JSON), 400, 404/403, 409, 402, SSRF 422/415."""


def _rank(rule: str) -> int:
    status = STATUS[rule]
    if rule in _NOT_JSON:
        return 2
    if rule.startswith("REF-"):
        return 7
    order = {401: 0, 429: 1, 400: 3, 403: 4, 404: 4, 409: 5, 402: 6}
    return order[status]


def winner(faults: list[str]) -> str:
    """The fault whose status a server following the precedence answers."""
    return min(faults, key=_rank)


def precedence_rule(faults: list[str]) -> str:
    """The PREC requirement deciding between the two or more faults of a request."""
    first = winner(faults)
    others = [fault for fault in faults if fault != first]
    status = STATUS[first]
    if status == 401:
        return "PREC-001"
    if status == 429:
        return "PREC-002"
    if status == 400 and any(STATUS[o] in (403, 404) for o in others):
        return "PREC-003"
    if first == "EDIT-010" and "EDIT-011" in others:
        return "PREC-004"
    if first == "EDIT-011" and "CRED-001" in others:
        return "PREC-005"
    if first == "CRED-001" and any(o.startswith("REF-") for o in others):
        return "PREC-006"
    if status == 400 and any(o.startswith("REF-") for o in others):
        return "PREC-007"
    raise AssertionError(f"no precedence rule decides {faults}")


# --- credentials -------------------------------------------------------------------------------

_HEX = set("0123456789abcdef")


def _auth(headers: Mapping[str, str]) -> tuple[list[str], str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    key = lowered.get("x-api-key")
    if key is not None:
        if key == WORLD["keys.revoked"]:
            return ["AUTH-006"], "personal"
        well_formed = key.startswith("kn_") and len(key) == 67 and set(key[3:]) <= _HEX
        if not well_formed:
            upper_only = key.startswith("kn_") and len(key) == 67 and set(key[3:].lower()) <= _HEX
            if upper_only and key[3:].lower() != key[3:]:
                return ["AUTH-004"], "personal"
            return ["AUTH-003"], "personal"
        if key not in _ACCOUNT_BY_KEY:
            return ["AUTH-005"], "personal"
        return [], _ACCOUNT_BY_KEY[key]
    authorization = lowered.get("authorization")
    if authorization is not None:
        return ["AUTH-007"], "personal"  # the world issues no bearer token
    return ["AUTH-001"], "personal"


# --- bodies ------------------------------------------------------------------------------------


def _text_length_ok(value: str, low: int, high: int) -> bool:
    return low <= len(value) <= high  # code points: the contract's "characters"


def _is_hex_colour(value: str) -> bool:
    digits = value[1:]
    return (
        value[:1] == "#"
        and len(digits) in (3, 6)
        and all(c in "0123456789abcdefABCDEF" for c in digits)
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def item_faults(item: Any) -> list[str]:
    """Rules a video item breaks (section 5.1)."""
    if not isinstance(item, dict):
        return ["VID-VAL-011"]
    faults: list[str] = []
    task = item.get("task")
    if not isinstance(task, str):
        faults.append("VID-VAL-011")
    elif not _text_length_ok(task, 1, 5000):
        faults.append("VID-VAL-001")
    if "video_duration_seconds" in item:
        duration = item["video_duration_seconds"]
        if not _is_int(duration):
            faults.append("VID-VAL-011")
        elif not 30 <= duration <= 300:
            faults.append("VID-VAL-002")
    for field, allowed, rule in (
        ("aspect_ratio", ASPECT_RATIOS, "VID-VAL-003"),
        ("video_type", VIDEO_TYPES, "VID-VAL-004"),
    ):
        if field in item:
            value = item[field]
            if not isinstance(value, str):
                faults.append("VID-VAL-011")
            elif value not in allowed:
                faults.append(rule)
    if item.get("global_style_prompt") is not None:
        prompt = item["global_style_prompt"]
        if not isinstance(prompt, str):
            faults.append("VID-VAL-011")
        elif len(prompt) > 5000:
            faults.append("VID-VAL-005")
    if item.get("color_palette") is not None:
        palette = item["color_palette"]
        if not isinstance(palette, dict):
            faults.append("VID-VAL-011")
        else:
            if set(palette) - set(PALETTE_KEYS):
                faults.append("VID-VAL-007")
            for colour in palette.values():
                if not isinstance(colour, str):
                    faults.append("VID-VAL-011")
                elif not _is_hex_colour(colour):
                    faults.append("VID-VAL-006")
    return faults


def videos_body_faults(document: Any) -> list[str]:
    """Rules a POST /v1/videos document breaks (sections 3.1, 5.1)."""
    if not isinstance(document, dict) or not isinstance(document.get("videos"), list):
        return ["VID-VAL-014"]
    videos = document["videos"]
    faults: list[str] = []
    if not videos:
        faults.append("VID-BATCH-001")
    if len(videos) > 50:
        faults.append("VID-BATCH-002")
    for item in videos:
        faults += item_faults(item)
    if "email" in document:
        email = document["email"]
        if not isinstance(email, str):
            faults.append("VID-VAL-011")
        else:
            if len(email) > 320:
                faults.append("VID-VAL-009")
            if not _EMAIL.fullmatch(email):
                faults.append("VID-VAL-010")
    return faults


def edit_body_faults(document: Any, account: str) -> list[str]:
    """Rules a POST /v1/edits document breaks (sections 6.1, 6.2), for the caller's account."""
    if not isinstance(document, dict) or not {"video_uuid", "edit_request"} <= set(document):
        return ["EDIT-004"]
    faults: list[str] = []
    video = document["video_uuid"]
    if not isinstance(video, str) or not _UUID.fullmatch(video):
        faults.append("EDIT-005")
    request = document["edit_request"]
    if not isinstance(request, str):
        faults.append("EDIT-005")
    elif not _text_length_ok(request, 1, 5000):
        faults.append("EDIT-001")
    if document.get("aspect_ratio") is not None and document["aspect_ratio"] not in ASPECT_RATIOS:
        faults.append("EDIT-006")
    urls = document.get("reference_image_urls", [])
    if not isinstance(urls, list):
        faults.append("EDIT-005")
        urls = []
    if len(urls) > 5:
        faults.append("EDIT-002")
    for url in urls:
        if not isinstance(url, str):
            faults.append("EDIT-005")
        elif url in _IMAGE_BY_URL:
            faults += sorted(_IMAGE_BY_URL[url])
        elif is_malformed(url):
            faults.append("EDIT-003")
        else:
            faults += sorted(url_faults(url)[0])
    if isinstance(video, str) and "EDIT-005" not in faults:
        owner, building = _VIDEO_BY_UUID.get(video, (None, False))
        if owner is None:
            faults.append("EDIT-009")
        elif owner != account:
            faults.append("EDIT-010")
        if building:
            faults.append("EDIT-011")
    if account == "low_balance":
        faults.append("CRED-001")
    return faults


# --- whole requests ----------------------------------------------------------------------------


def _declares_json(content_type: str | None) -> bool:
    if content_type is None:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def request_faults(case: LabelledCase) -> list[str]:
    """Every rule the case's request breaks, built against ``WORLD``."""
    built: BuiltRequest = case.build(WORLD)
    headers = built.header_map()
    faults, account = _auth(headers)
    faults += ["RATE-008" for condition in case.preconditions if condition.startswith("exhausted:")]
    if built.method == "GET":
        return faults
    videos = built.path.endswith("/videos")
    not_json, not_json_inferred = (
        ("VID-VAL-012", "VID-VAL-013") if videos else ("EDIT-007", "EDIT-008")
    )
    raw = built.content or b""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if raw == b"" or raw.startswith(b"\xef\xbb\xbf") or not _declares_json(content_type):
        return [*faults, not_json_inferred]
    text = read_json(raw)
    if not text.valid:
        return [*faults, not_json]
    if text.duplicate_names:
        faults.append("VID-VAL-014" if videos else "EDIT-004")
    if videos:
        return faults + videos_body_faults(text.value)
    return faults + edit_body_faults(text.value, account)


def body_as_sent(case: LabelledCase) -> Any:
    """The JSON document the built request carries (for schema checks)."""
    content = case.build(WORLD).content
    assert content is not None
    return json.loads(content)
