"""Request bodies that are not JSON (422) or JSON of the wrong shape (400).

Both strategies build from a valid body of the operation, serialised, then broken in one way.
A body that is not JSON at all is 422 by the contract (VID-VAL-012, EDIT-007); an empty body, a
UTF-8 byte-order mark and a non-JSON ``Content-Type`` are 422 by our reading, so those classes
carry the SHOULD requirements VID-VAL-013 and EDIT-008 (RFC 8259 lets a parser ignore a BOM).
Valid JSON of the wrong shape is 400 by our reading (VID-VAL-014, EDIT-004): top-level arrays,
strings, numbers, booleans and ``null``, objects without ``videos``, deep nesting, a huge
string, and duplicate keys (RFC 8259 says names SHOULD be unique and leaves the meaning open).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import partial
from typing import Any, Final, cast

from hypothesis import strategies as st

from ._cases import (
    BAD_REQUEST,
    PLACEHOLDER_UUID,
    UNPROCESSABLE,
    Fill,
    LabelledCase,
    Operation,
    record,
)
from ._context import batch_contexts, edit_contexts
from ._registry import check_subset, defines_strategy, grouped, union

__all__ = ["NON_JSON_LABELS", "SHAPE_LABELS", "non_json_bodies", "wrong_shape_bodies"]

BODY_OPERATIONS: Final = ("createVideos", "createEdit")
NON_JSON_LABELS: Final = (
    "body/empty",
    "body/blank",
    "body/truncated",
    "body/trailing-garbage",
    "body/nan",
    "body/bad-number",
    "body/single-quotes",
    "body/unquoted-keys",
    "body/comments",
    "body/trailing-comma",
    "body/not-utf8",
    "body/form-encoded",
    "body/bom",
    "body/wrong-content-type",
)
SHAPE_LABELS: Final = (
    "shape/array",
    "shape/string",
    "shape/number",
    "shape/boolean",
    "shape/null",
    "shape/no-videos",
    "shape/deep-nesting",
    "shape/huge-string",
    "shape/duplicate-keys",
)

_JSON: Final = "application/json"
_SHOULD_NON_JSON: Final = frozenset({"body/empty", "body/bom", "body/wrong-content-type"})
_REQUIREMENTS: Final = {
    ("createVideos", False): "VID-VAL-012",
    ("createVideos", True): "VID-VAL-013",
    ("createEdit", False): "EDIT-007",
    ("createEdit", True): "EDIT-008",
}
_SHAPE_REQUIREMENTS: Final = {"createVideos": "VID-VAL-014", "createEdit": "EDIT-004"}
_BLANKS: Final = (b" ", b"\n", b"\t \r\n", b"\r\n\r\n")
_GARBAGE: Final = (b" x", b"}", b",", b"]", b"{}", b"\x00", b"null", b"//", b"#", b";", b"\xff")
_NAN: Final = (b"NaN", b"Infinity", b"-Infinity")
_BAD_NUMBERS: Final = (b"+1", b"01", b".5", b"1.", b"0x10", b"1e", b"-", b"1_000", b"- 1")
_CONTENT_TYPES: Final = (
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", "application/octet-stream", "text/html",
)  # fmt: skip
_NUMBERS: Final = (b"0", b"1", b"-1", b"1.5", b"1e999", b"50")
_DEPTH_MIN: Final = 512
_DEPTH_MAX: Final = 50_000
_HUGE_MIN: Final = 1 << 16
_HUGE_MAX: Final = 1 << 20


def _text(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _valid_bodies(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    return batch_contexts() if operation == "createVideos" else edit_contexts()


def _raw_case(
    label: str,
    requirement: str,
    status: int,
    operation: Operation,
    raw: bytes,
    *,
    content_type: str = _JSON,
) -> LabelledCase:
    record(label)
    fills: tuple[Fill, ...] = ()
    if operation == "createEdit" and PLACEHOLDER_UUID.encode() in raw:
        fills = (Fill("raw", "videos.complete", placeholder=PLACEHOLDER_UUID),)
    return LabelledCase(
        label,
        requirement,
        status,
        operation,
        raw,
        raw_body=raw,
        headers=(("Content-Type", content_type),),
        fills=fills,
    )


# --- not JSON ------------------------------------------------------------------------------------


def _broken(label: str, body: dict[str, Any], choice: int, token: bytes) -> bytes:
    text = _text(body)
    if label == "body/truncated":
        return text[: 1 + choice % (len(text) - 1)]
    if label == "body/trailing-garbage":
        return text + token
    if label in ("body/nan", "body/bad-number"):
        return text[:-1] + b', "priority": ' + token + b"}"
    if label == "body/single-quotes":
        return text.replace(b'"', b"'")
    if label == "body/unquoted-keys":
        return text.replace(b'{"', b"{", 1).replace(b'":', b":", 1)
    if label == "body/comments":
        return b"/* request */ " + text if choice % 2 else text[:-1] + b" // end\n}"
    if label == "body/trailing-comma":
        return text[:-1] + b",}"
    if label == "body/not-utf8":
        return text[:-1] + b', "note": "\xff\xfe\xc0\xaf"}'
    if label == "body/form-encoded":
        return b"videos=" + text
    if label == "body/bom":
        return b"\xef\xbb\xbf" + text
    raise ValueError(f"unknown class {label!r}")


def _not_json_parts(operation: Operation) -> list[tuple[str, st.SearchStrategy[LabelledCase]]]:
    must = _REQUIREMENTS[(operation, False)]
    should = _REQUIREMENTS[(operation, True)]
    bodies = _valid_bodies(operation)
    choice = st.integers(0, 2**16)
    parts = [
        (
            "body/empty",
            st.just(b"").map(
                lambda raw: _raw_case("body/empty", should, UNPROCESSABLE, operation, raw)
            ),
        ),
        (
            "body/blank",
            st.sampled_from(_BLANKS).map(
                lambda raw: _raw_case("body/blank", must, UNPROCESSABLE, operation, raw)
            ),
        ),
        (
            "body/wrong-content-type",
            st.builds(
                lambda body, content_type: _raw_case(
                    "body/wrong-content-type",
                    should,
                    UNPROCESSABLE,
                    operation,
                    _text(body),
                    content_type=content_type,
                ),
                bodies,
                st.sampled_from(_CONTENT_TYPES),
            ),
        ),
    ]
    tokens = {"body/trailing-garbage": _GARBAGE, "body/nan": _NAN, "body/bad-number": _BAD_NUMBERS}
    for label in NON_JSON_LABELS:
        if label in ("body/empty", "body/blank", "body/wrong-content-type"):
            continue
        requirement = should if label in _SHOULD_NON_JSON else must
        parts.append(
            (
                label,
                st.builds(
                    lambda body, n, token, label=label, requirement=requirement: _raw_case(
                        label, requirement, UNPROCESSABLE, operation, _broken(label, body, n, token)
                    ),
                    bodies,
                    choice,
                    st.sampled_from(tokens.get(label, (b"",))),
                ),
            )
        )
    return parts


def _non_json_branches(
    operations: Collection[str] = BODY_OPERATIONS,
) -> dict[str, st.SearchStrategy[LabelledCase]]:
    pairs: list[tuple[str, st.SearchStrategy[LabelledCase]]] = []
    for operation in operations:
        pairs += _not_json_parts(cast(Operation, operation))
    branches = grouped(pairs)
    return {label: branches[label] for label in NON_JSON_LABELS}


@defines_strategy(family="bodies", labels=NON_JSON_LABELS, branches=_non_json_branches)
def non_json_bodies(
    *, operations: Collection[str] = BODY_OPERATIONS
) -> st.SearchStrategy[LabelledCase]:
    """POST bodies of the given ``operations`` that are not JSON, each expecting 422.

    Classes, all built from a valid body: empty, blank (whitespace only), truncated, trailing
    garbage, ``NaN``/``Infinity``, other bad numbers (``+1``, ``01``, ``.5``), single quotes,
    unquoted keys, comments, a trailing comma, bytes that are not UTF-8, a form-encoded body
    (VID-VAL-012, EDIT-007); empty, a UTF-8 byte-order mark before valid JSON, and valid JSON
    sent with a non-JSON ``Content-Type`` (VID-VAL-013, EDIT-008: our reading, SHOULD).

    Examples shrink towards the empty body on POST /v1/videos.
    """
    return union(_non_json_branches(check_subset(operations, BODY_OPERATIONS, "operations")))


# --- wrong shape ---------------------------------------------------------------------------------


def _duplicate(operation: Operation, body: dict[str, Any], other: dict[str, Any]) -> bytes:
    text = _text(body)
    if operation == "createVideos":
        return text[:-1] + b', "videos": ' + _text(other["videos"]) + b"}"
    return text[:-1] + b', "edit_request": ' + _text(other["edit_request"]) + b"}"


def _nested(depth: int, objects: bool) -> bytes:
    if objects:
        return b'{"a":' * depth + b"{}" + b"}" * depth
    return b"[" * depth + b"]" * depth


def _shape_parts(operation: Operation) -> list[tuple[str, st.SearchStrategy[LabelledCase]]]:
    requirement = _SHAPE_REQUIREMENTS[operation]
    bodies = _valid_bodies(operation)
    case = partial(_raw_case, requirement=requirement, status=BAD_REQUEST, operation=operation)
    no_videos = st.sampled_from(
        (b"{}", b'{"Videos": []}', b'{"video": [{"task": "x"}]}', b'{"task": "x"}')
    )
    if operation == "createEdit":
        no_videos = st.sampled_from((b"{}", b'{"videos": [{"task": "x"}]}', b'{"edit": "x"}'))
    raws: dict[str, st.SearchStrategy[bytes]] = {
        "shape/array": bodies.map(lambda body: _text([body])),
        "shape/string": st.one_of(
            st.just(b'"videos"'), bodies.map(lambda body: _text(_text(body).decode()))
        ),
        "shape/number": st.sampled_from(_NUMBERS),
        "shape/boolean": st.sampled_from((b"true", b"false")),
        "shape/null": st.just(b"null"),
        "shape/no-videos": no_videos,
        "shape/deep-nesting": st.builds(
            _nested, st.integers(_DEPTH_MIN, _DEPTH_MAX), st.booleans()
        ),
        "shape/huge-string": st.integers(_HUGE_MIN, _HUGE_MAX).map(
            lambda size: b'"' + b"x" * size + b'"'
        ),
        "shape/duplicate-keys": st.builds(partial(_duplicate, operation), bodies, bodies),
    }
    return [
        (label, raw.map(partial(lambda label, raw: case(label=label, raw=raw), label)))
        for label, raw in raws.items()
    ]


def _shape_branches(
    operations: Collection[str] = BODY_OPERATIONS,
) -> dict[str, st.SearchStrategy[LabelledCase]]:
    pairs: list[tuple[str, st.SearchStrategy[LabelledCase]]] = []
    for operation in operations:
        pairs += _shape_parts(cast(Operation, operation))
    branches = grouped(pairs)
    return {label: branches[label] for label in SHAPE_LABELS}


@defines_strategy(family="bodies", labels=SHAPE_LABELS, branches=_shape_branches)
def wrong_shape_bodies(
    *, operations: Collection[str] = BODY_OPERATIONS
) -> st.SearchStrategy[LabelledCase]:
    """POST bodies of the given ``operations`` that are valid JSON of the wrong shape, each
    expecting 400 (VID-VAL-014, EDIT-004: our reading, SHOULD).

    Classes: a top-level array (of a valid body), string (``"videos"``, or the valid body
    encoded twice), number, boolean or ``null``; an object without the required fields
    (``{}``, ``{"Videos": []}``); 512 to 50,000 levels of nested arrays or objects; a top-level
    string of 64 KiB to 1 MiB; the same key twice (``videos`` or ``edit_request``), both values
    valid.

    Examples shrink towards a top-level array holding a minimal valid body.
    """
    return union(_shape_branches(check_subset(operations, BODY_OPERATIONS, "operations")))
