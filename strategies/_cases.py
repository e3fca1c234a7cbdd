"""``LabelledCase``: one bad request, tagged with the outcome a conformant server must give.

A case is complete data: the operation, the JSON body (or raw bytes), extra headers, and the
*fills*, places where the harness writes one of its configured fixtures (the caller's complete
video, the revoked key, an image-host URL...) when it builds the request with
``LabelledCase.build(fixtures)``. Fixture names are the dotted names of the suite's config file
(``videos.complete``, ``keys.revoked``, ``image_urls.two_hops``); the default API key is the fixture
``keys.personal``. A case whose fixture is missing raises ``MissingFixture`` on ``build``, which a
harness turns into a skip.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final, Literal

from hypothesis import currently_in_test_context, event

from conformance.contract.constants import API_KEY_HEADER, API_KEY_PREFIX, ENDPOINTS

__all__ = [
    "DEFAULT_KEY_FIXTURE",
    "NO_BODY",
    "PLACEHOLDER_UUID",
    "BuiltRequest",
    "Fill",
    "LabelledCase",
    "MissingFixture",
    "Operation",
]

Operation = Literal["createVideos", "getVideo", "createEdit", "getEdit", "revertEdit"]
Transform = Literal["none", "upper-hex"]

DEFAULT_KEY_FIXTURE: Final = "keys.personal"
"""The fixture holding the API key a case is sent with unless it brings its own credentials."""

PLACEHOLDER_UUID: Final = "00000000-0000-4000-8000-000000000000"
"""A well-formed UUID standing where a fill writes a fixture's UUID (and never issued)."""

_JSON_CONTENT_TYPE: Final = "application/json"
_PATHS: Final = {endpoint.operation_id: endpoint for endpoint in ENDPOINTS}


class _NoBody:
    """The type of ``NO_BODY``: the case sends no JSON document."""

    _instance: _NoBody | None = None

    def __new__(cls) -> _NoBody:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_BODY"

    def __bool__(self) -> bool:
        return False


NO_BODY: Final = _NoBody()
"""Marks a case without a JSON body (a GET, or a case that sends ``raw_body``)."""


class MissingFixture(KeyError):
    """Raised by ``LabelledCase.build`` when a fixture the case needs is not supplied."""

    def __init__(self, fixture: str) -> None:
        super().__init__(fixture)
        self.fixture = fixture

    def __str__(self) -> str:
        return f"fixture {self.fixture!r} is needed to build this case"


@dataclass(frozen=True, slots=True)
class Fill:
    """A place where the harness writes a fixture value when it builds the request.

    ``target`` is a JSON pointer into the body (``/video_uuid``), ``path:<param>`` for a path
    parameter, ``header:<Name>`` for a header, or ``raw`` for the raw body, where ``placeholder``
    is replaced. The value is written through ``template`` (``"Bearer {}"``) after ``transform``
    (``upper-hex`` upper-cases an API key's hex digits).
    """

    target: str
    fixture: str
    template: str = "{}"
    transform: Transform = "none"
    placeholder: str | None = None

    def render(self, fixtures: Mapping[str, str]) -> str:
        """The text this fill writes, from the fixtures supplied."""
        value = fixtures.get(self.fixture)
        if value is None or value == "":
            raise MissingFixture(self.fixture)
        if self.transform == "upper-hex":
            if not value.startswith(API_KEY_PREFIX):
                raise ValueError(f"fixture {self.fixture!r} is not an API key")
            upper = API_KEY_PREFIX + value[len(API_KEY_PREFIX) :].upper()
            if upper == value:
                raise ValueError(f"fixture {self.fixture!r} has no hex letter to upper-case")
            value = upper
        return self.template.format(value)


@dataclass(frozen=True, slots=True)
class BuiltRequest:
    """A request ready to send: method, path, headers and the body bytes (``None``: no body)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    content: bytes | None

    def header_map(self) -> dict[str, str]:
        """The headers as a dict (names as written)."""
        return dict(self.headers)


@dataclass(frozen=True, slots=True)
class LabelledCase:
    """One bad request and the outcome it must get.

    ``label`` is the class of bad input (``hex/alpha``, ``ssrf/ipv4-spellings``); ``requirement``
    the catalogue ID the case exercises; ``expected_status`` the status a conformant server
    answers; ``detail_pattern`` a regex the ``detail`` must match where the contract documents one.
    ``value`` is the faulty part (the colour, the URL, the header value, the raw body).
    ``faults`` lists every requirement the request breaks: one for an ordinary case, several for
    a multi-fault case, where ``requirement`` is the precedence rule deciding which status wins.
    ``preconditions`` name server states the harness must arrange first (``exhausted:videos``).
    Bodies are plain JSON values; treat them as read-only.
    """

    label: str
    requirement: str
    expected_status: int
    operation: Operation
    value: Any
    body: Any = NO_BODY
    raw_body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    use_default_key: bool = True
    fills: tuple[Fill, ...] = ()
    faults: tuple[str, ...] = ()
    preconditions: tuple[str, ...] = ()
    detail_pattern: str | None = None
    note: str = field(default="", compare=False)

    @property
    def all_faults(self) -> tuple[str, ...]:
        """Every requirement the request breaks (``(requirement,)`` for a single fault)."""
        return self.faults or (self.requirement,)

    @property
    def method(self) -> str:
        """The HTTP method of ``operation``."""
        return _PATHS[self.operation].method

    @property
    def fixtures_needed(self) -> tuple[str, ...]:
        """Every fixture ``build`` reads, the default key included when it is used."""
        names = [fill.fixture for fill in self.fills]
        if self.use_default_key and not self._sets_header(API_KEY_HEADER):
            names.append(DEFAULT_KEY_FIXTURE)
        return tuple(dict.fromkeys(names))

    def build(self, fixtures: Mapping[str, str]) -> BuiltRequest:
        """The request with every fill applied; ``MissingFixture`` if one is not supplied."""
        body = copy.deepcopy(self.body) if self.body is not NO_BODY else NO_BODY
        raw = self.raw_body
        headers = dict(self.headers)
        path = _PATHS[self.operation].path
        for fill in self.fills:
            text = fill.render(fixtures)
            kind, _, name = fill.target.partition(":")
            if fill.target.startswith("/"):
                body = _set_pointer(body, fill.target, text)
            elif kind == "path":
                path = path.replace("{" + name + "}", text)
            elif kind == "header":
                headers[name] = text
            elif fill.target == "raw" and raw is not None and fill.placeholder is not None:
                raw = raw.replace(fill.placeholder.encode(), text.encode())
            else:
                raise ValueError(f"unknown fill target {fill.target!r}")
        if self.use_default_key and not self._sets_header(API_KEY_HEADER):
            headers[API_KEY_HEADER] = Fill("", DEFAULT_KEY_FIXTURE).render(fixtures)
        content = raw
        if body is not NO_BODY:
            content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
            headers.setdefault("Content-Type", _JSON_CONTENT_TYPE)
        if "{" in path:
            raise ValueError(f"path parameters of {path!r} have no fill")
        return BuiltRequest(self.method, path, tuple(headers.items()), content)

    def _sets_header(self, name: str) -> bool:
        lowered = name.lower()
        in_headers = any(key.lower() == lowered for key, _ in self.headers)
        in_fills = any(fill.target.lower() == f"header:{lowered}" for fill in self.fills)
        return in_headers or in_fills


def _set_pointer(document: Any, pointer: str, value: str) -> Any:
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]
    parent = document
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    if isinstance(parent, list):
        parent[int(last)] = value
    else:
        parent[last] = value
    return document


# --- constructors shared by the strategy modules -------------------------------------------------

BAD_REQUEST: Final = int(HTTPStatus.BAD_REQUEST)
UNAUTHORIZED: Final = int(HTTPStatus.UNAUTHORIZED)
UNPROCESSABLE: Final = int(HTTPStatus.UNPROCESSABLE_ENTITY)

VIDEO_FILL: Final = Fill("/video_uuid", "videos.complete")
"""Points an edit at the caller's complete video, so the body is the only fault."""


def record(label: str) -> None:
    """Record the class label with ``hypothesis.event`` when drawing inside a test."""
    if currently_in_test_context():
        event(f"class: {label}")


def video_case(
    label: str, requirement: str, value: Any, body: Any, *, status: int = BAD_REQUEST
) -> LabelledCase:
    """A POST /v1/videos case with a JSON body."""
    record(label)
    return LabelledCase(label, requirement, status, "createVideos", value, body=body)


def edit_case(
    label: str,
    requirement: str,
    value: Any,
    body: Any,
    *,
    status: int = BAD_REQUEST,
    fills: tuple[Fill, ...] = (VIDEO_FILL,),
) -> LabelledCase:
    """A POST /v1/edits case with a JSON body aimed at the caller's complete video."""
    record(label)
    return LabelledCase(label, requirement, status, "createEdit", value, body=body, fills=fills)
