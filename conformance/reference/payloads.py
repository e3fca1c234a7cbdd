"""Request bodies: from raw bytes to validated models, with the contract's statuses.

- A body that is empty, not UTF-8, not JSON (NaN, BOM, trailing garbage...) or declared with a
  non-JSON ``Content-Type`` is **422** (section 4.1; empty and wrong type are our reading).
- Valid JSON of the wrong shape, and every field rule (enum, range, length, hex colour, palette
  key, batch size, URL form, more than 5 URLs, duplicate keys) is **400** with a text ``detail``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from ..contract.constants import (
    ASPECT_RATIOS,
    BATCH_MAX_ITEMS,
    BATCH_MIN_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EDIT_REQUEST_MAX_LENGTH,
    EDIT_REQUEST_MIN_LENGTH,
    EMAIL_MAX_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    HEX_COLOUR_PATTERN,
    PALETTE_KEYS,
    REFERENCE_IMAGE_URLS_MAX,
    TASK_MAX_LENGTH,
    TASK_MIN_LENGTH,
    VIDEO_TYPES,
)
from .errors import APIError
from .images import malformed_url_reason

__all__ = [
    "MAX_BODY_BYTES",
    "CreateEditRequest",
    "CreateVideosRequest",
    "RequestModels",
    "VideoCreateItem",
    "parse_json_body",
    "validate",
]

MAX_BODY_BYTES = 2 * 1024 * 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError("must be one of " + ", ".join(repr(a) for a in allowed))
        return value

    return check


def _hex_colour(value: str) -> str:
    if not HEX_COLOUR_PATTERN.fullmatch(value):
        raise ValueError("must be a hex colour such as #fff or #ffffff")
    return value


def _palette(value: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(value) - set(PALETTE_KEYS))
    if unknown:
        raise ValueError(f"unknown palette key(s) {unknown}; allowed: {list(PALETTE_KEYS)}")
    return value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("must be an email address")
    return value


def _uuid(value: str) -> str:
    if not _UUID.fullmatch(value):
        raise ValueError("must be a UUID")
    return value


def _url(value: str) -> str:
    reason = malformed_url_reason(value)
    if reason is not None:
        raise ValueError(f"malformed URL: {reason}")
    return value


AspectRatio = Annotated[StrictStr, AfterValidator(_one_of(ASPECT_RATIOS))]
VideoType = Annotated[StrictStr, AfterValidator(_one_of(VIDEO_TYPES))]
HexColour = Annotated[StrictStr, AfterValidator(_hex_colour)]
ReferenceUrl = Annotated[StrictStr, AfterValidator(_url)]


class _Model(BaseModel):
    # Unknown fields are ignored (the docs do not say they are refused); types are strict so a
    # string "60" or a boolean is a 400, not silently coerced.
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class VideoCreateItem(_Model):
    task: Annotated[StrictStr, Field(min_length=TASK_MIN_LENGTH, max_length=TASK_MAX_LENGTH)]
    video_duration_seconds: Annotated[
        StrictInt, Field(ge=DURATION_MIN_SECONDS, le=DURATION_MAX_SECONDS)
    ] = 60
    aspect_ratio: AspectRatio = "16:9"
    video_type: VideoType = "explainer"
    global_style_prompt: (
        Annotated[StrictStr, Field(max_length=GLOBAL_STYLE_PROMPT_MAX_LENGTH)] | None
    ) = None
    color_palette: Annotated[dict[StrictStr, HexColour], AfterValidator(_palette)] | None = None
    voice_description: StrictStr | None = None


class CreateVideosRequest(_Model):
    videos: Annotated[
        list[VideoCreateItem], Field(min_length=BATCH_MIN_ITEMS, max_length=BATCH_MAX_ITEMS)
    ]
    email: (
        Annotated[StrictStr, Field(max_length=EMAIL_MAX_LENGTH), AfterValidator(_email)] | None
    ) = None
    org_id: StrictStr | None = None


class CreateEditRequest(_Model):
    video_uuid: Annotated[StrictStr, AfterValidator(_uuid)]
    edit_request: Annotated[
        StrictStr, Field(min_length=EDIT_REQUEST_MIN_LENGTH, max_length=EDIT_REQUEST_MAX_LENGTH)
    ]
    reference_image_urls: Annotated[
        list[ReferenceUrl], Field(max_length=REFERENCE_IMAGE_URLS_MAX)
    ] = Field(default_factory=list)
    aspect_ratio: AspectRatio | None = None


@dataclass(frozen=True, slots=True)
class RequestModels:
    """The models the routes validate bodies against, held by the state so a variant of the
    server (a mutant with a looser rule) can swap them as one policy object."""

    create_videos: type[CreateVideosRequest] = CreateVideosRequest
    create_edit: type[CreateEditRequest] = CreateEditRequest


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _declares_json(content_type: str | None) -> bool:
    if content_type is None:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def parse_json_body(raw: bytes, content_type: str | None) -> Any:
    """Decode a request body as strict JSON, or raise the contract's 422 / 400."""
    if not raw.strip():
        raise APIError(422, "Request body is empty: expected a JSON object")
    if not _declares_json(content_type):
        raise APIError(422, f"Request body is not JSON: Content-Type is {content_type!r}")
    if len(raw) > MAX_BODY_BYTES:
        raise APIError(400, f"Request body is larger than {MAX_BODY_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
        return json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
        )
    except _DuplicateKey as exc:
        raise APIError(400, f"Request body repeats the key {exc.key!r}") from None
    except RecursionError:
        raise APIError(400, "Request body is nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise APIError(422, f"Request body is not valid JSON: {exc}") from None


_JSON_KINDS: dict[type, str] = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], document: Any) -> M:
    """Validate parsed JSON against a request model; any problem is one 400 with a text detail."""
    if not isinstance(document, dict):
        kind = _JSON_KINDS.get(type(document), type(document).__name__)
        raise APIError(400, f"Request body must be a JSON object, not {kind}")
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        problems = [
            f"{_location(error['loc'])}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors(include_url=False, include_input=False)
        ]
        raise APIError(400, "Validation failed: " + "; ".join(problems[:10])) from None
