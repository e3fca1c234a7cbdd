"""The error envelope (contract.md §4.1): what every non-2xx answer must look like."""

from __future__ import annotations

from ..contract.constants import ERROR_CONTENT_TYPE
from ..exchange import Exchange
from ..failures import ConformanceFailure, NotApplicable, ResponseNotJson
from .registry import oracle

__all__ = [
    "ENVELOPE_BODY",
    "ENVELOPE_CONTENT_TYPE",
    "ENVELOPE_ONLY_DETAIL",
    "ENVELOPE_TEXT",
    "detail_is_readable_text",
    "envelope_has_only_detail",
    "error_body_is_envelope",
    "error_is_json",
    "expect_envelope",
]

ENVELOPE_BODY = "ENV-001"
ENVELOPE_CONTENT_TYPE = "ENV-002"


def _only_errors(exchange: Exchange) -> None:
    if 200 <= exchange.status_code < 300:
        raise NotApplicable("the envelope applies to non-2xx responses only")


@oracle(ENVELOPE_BODY)
def error_body_is_envelope(exchange: Exchange) -> None:
    """The body is a JSON object whose ``detail`` is a non-empty string."""
    _only_errors(exchange)

    def broken(message: str) -> ConformanceFailure:
        return ConformanceFailure(
            requirement=ENVELOPE_BODY,
            title='error body is not the {"detail": "..."} envelope',
            message=message,
            exchange=exchange,
        )

    if not exchange.response_body_utf8:
        preview = exchange.response_body[:120].decode("utf-8", "replace")
        raise broken(f"body is not valid UTF-8, so not JSON: {preview!r}")
    try:
        body = exchange.json()
    except ResponseNotJson as exc:
        preview = exchange.response_body[:120].decode("utf-8", "replace")
        why = f" ({exc.reason})" if "nested" in exc.reason else ""
        raise broken(f"body is not JSON{why}: {preview!r}") from None
    if not isinstance(body, dict):
        raise broken(f"body is a JSON {type(body).__name__}, not an object")
    if "detail" not in body:
        raise broken(f"no 'detail' field; fields are {sorted(body)}")
    detail = body["detail"]
    if not isinstance(detail, str):
        raise broken(f"'detail' is a {type(detail).__name__}, not a string: {detail!r:.200}")
    if not detail.strip():
        raise broken("'detail' is an empty string")


@oracle(ENVELOPE_CONTENT_TYPE)
def error_is_json(exchange: Exchange) -> None:
    """The error answer declares ``Content-Type: application/json``."""
    _only_errors(exchange)
    declared = [v for k, v in exchange.response_headers if k.lower() == "content-type"]
    if len(declared) > 1:
        raise ConformanceFailure(
            requirement=ENVELOPE_CONTENT_TYPE,
            title="error answer is not declared as JSON",
            message=f"{len(declared)} Content-Type headers ({', '.join(map(repr, declared))}); "
            "one is allowed",
            exchange=exchange,
        )
    content_type = declared[0] if declared else None
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != ERROR_CONTENT_TYPE:
        raise ConformanceFailure(
            requirement=ENVELOPE_CONTENT_TYPE,
            title="error answer is not declared as JSON",
            message=f"Content-Type is {content_type!r}, expected {ERROR_CONTENT_TYPE}",
            exchange=exchange,
        )


ENVELOPE_TEXT = "ENV-003"
ENVELOPE_ONLY_DETAIL = "ENV-004"
_STRUCTURE_HINTS = ("'loc':", '"loc":', "'type':", '"type":', "'msg':", '"msg":')


def _detail(exchange: Exchange) -> str:
    """The envelope's detail; NotApplicable when the envelope itself is broken (ENV-001's job)."""
    try:
        body = exchange.json()
    except ValueError:
        raise NotApplicable("no JSON body to read 'detail' from") from None
    if not isinstance(body, dict) or not isinstance(body.get("detail"), str):
        raise NotApplicable("no string 'detail' to judge")
    return str(body["detail"])


@oracle(ENVELOPE_TEXT)
def detail_is_readable_text(exchange: Exchange) -> None:
    """``detail`` is prose, not the string form of a structure such as a Pydantic error list."""
    _only_errors(exchange)
    detail = _detail(exchange).strip()
    looks_structured = detail[:1] in "[{" and detail[-1:] in "]}"
    if looks_structured or any(hint in detail for hint in _STRUCTURE_HINTS):
        raise ConformanceFailure(
            requirement=ENVELOPE_TEXT,
            title="error detail is a serialised structure",
            message=f"'detail' reads like data, not a description: {detail[:200]!r}",
            exchange=exchange,
        )


@oracle(ENVELOPE_ONLY_DETAIL)
def envelope_has_only_detail(exchange: Exchange) -> None:
    """The error body holds ``detail`` and nothing else."""
    _only_errors(exchange)
    _detail(exchange)
    extra = sorted(set(exchange.json()) - {"detail"})
    if extra:
        raise ConformanceFailure(
            requirement=ENVELOPE_ONLY_DETAIL,
            title="error body has keys besides detail",
            message=f"extra keys {extra}",
            exchange=exchange,
        )


def expect_envelope(exchange: Exchange, *, requirement: str) -> None:
    """Fail ``requirement`` unless the exchange carries a well-formed JSON error envelope."""
    try:
        error_body_is_envelope(exchange)
        error_is_json(exchange)
    except ConformanceFailure as failure:
        raise ConformanceFailure(
            requirement=requirement,
            title=failure.title,
            message=failure.message,
            exchange=exchange,
        ) from None
