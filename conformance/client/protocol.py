"""The adapter protocol: how the suite asks a client under test to do one thing.

One request names an ``operation``, its ``arguments`` and ``options``; the answer is an
outcome, ``{"ok": true, "result": {...}}`` or ``{"ok": false, "error": {...}}``. The same
dictionaries travel as JSON lines to an adapter command (any language, see
``docs/client-adapter-protocol.md``) and as Python values to an in-process adapter:

    def factory(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> ClientAdapter

``factory`` is what ``knowlify-conformance clients --python MODULE:FACTORY`` names. It builds
the SDK for ``base_url`` and ``api_key``, makes it wait through ``sleep`` (the suite's clock),
and returns an object whose ``perform`` turns each request into an SDK call and the SDK's
answer or exception into an outcome. The suite patches httpx with respx, so the SDK builds its
own ``httpx.Client`` as usual.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol, runtime_checkable

__all__ = [
    "OPERATIONS",
    "OPTIONS",
    "AdapterFactory",
    "ClientAdapter",
    "ProtocolError",
    "check_outcome",
    "error_outcome",
    "normalise",
    "ok_outcome",
]

#: Operation -> the argument names it may carry (required ones first in the docs).
OPERATIONS: Final[Mapping[str, frozenset[str]]] = {
    "create_videos": frozenset({"videos", "email", "org_id"}),
    "resubmit_failed": frozenset(),
    "get_video": frozenset({"uuid"}),
    "create_edit": frozenset(
        {"video_uuid", "edit_request", "idempotency_key", "reference_image_urls", "aspect_ratio"}
    ),
    "get_edit": frozenset({"edit_id"}),
    "revert_edit": frozenset({"edit_id"}),
}
#: Options a request may carry; an SDK without the setting ignores it.
OPTIONS: Final = frozenset({"max_attempts"})
_ERROR_FIELDS: Final = ("type", "status", "detail", "message")


@runtime_checkable
class ClientAdapter(Protocol):
    """Performs protocol requests with the SDK under test."""

    def perform(
        self, operation: str, arguments: Mapping[str, Any], options: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        """Do ``operation``; return an outcome (see ``ok_outcome`` / ``error_outcome``)."""
        ...


class AdapterFactory(Protocol):
    """Builds a ``ClientAdapter`` for one base URL, key and clock."""

    def __call__(
        self, *, base_url: str, api_key: str, sleep: Callable[[float], None]
    ) -> ClientAdapter: ...


class ProtocolError(ValueError):
    """An adapter's answer does not follow the protocol (the harness reports ``error``)."""


def ok_outcome(result: Mapping[str, Any]) -> dict[str, Any]:
    return {"ok": True, "result": dict(result)}


def error_outcome(
    *, type_name: str, status: int | None, detail: str | None, message: str
) -> dict[str, Any]:
    """An error outcome: ``status`` and ``detail`` as the SDK exposes them (None if it does not)."""
    return {
        "ok": False,
        "error": {"type": type_name, "status": status, "detail": detail, "message": message},
    }


def normalise(value: Any) -> Any:
    """``value`` as plain JSON data: typed SDK values become what they print as.

    Typed SDKs return ``uuid.UUID``, enums, datetimes, dataclasses or attrs models (with
    ``to_dict``); an adapter may hand them over as they are. Mappings and sequences are walked;
    an enum becomes its value, a date its ISO form, a model its dict, anything else its ``str``.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return normalise(value.value)
    if isinstance(value, Mapping):
        return {str(normalise(key)): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [normalise(item) for item in value]
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return normalise(dataclasses.asdict(value))
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        try:
            return normalise(to_dict())
        except Exception:  # a model that cannot serialise itself still prints
            return str(value)
    return str(value)


def check_outcome(outcome: object) -> dict[str, Any]:
    """``outcome`` as a validated dict of plain JSON data, or ``ProtocolError``.

    ``error.detail`` may be any JSON value: an SDK that passes a FastAPI list ``detail``
    through is judged on it (CLI-ERR-001, CLI-ERR-003), not refused by the harness.
    """
    if not isinstance(outcome, Mapping):
        raise ProtocolError(f"an outcome is a JSON object, not {type(outcome).__name__}")
    ok = outcome.get("ok")
    if ok is True:
        result = outcome.get("result")
        if not isinstance(result, Mapping):
            raise ProtocolError('an "ok": true outcome needs a "result" object')
        return {"ok": True, "result": normalise(result)}
    if ok is False:
        error = outcome.get("error")
        if not isinstance(error, Mapping):
            raise ProtocolError('an "ok": false outcome needs an "error" object')
        status = error.get("status")
        if isinstance(status, enum.IntEnum):
            status = int(status)
        if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
            raise ProtocolError(f'"error.status" must be an integer or null, not {status!r}')
        checked = {name: normalise(error.get(name)) for name in _ERROR_FIELDS}
        checked["status"] = status
        for name in ("type", "message"):
            if checked[name] is not None and not isinstance(checked[name], str):
                raise ProtocolError(f'"error.{name}" must be a string or null')
        return {"ok": False, "error": checked}
    raise ProtocolError('an outcome needs "ok": true or false')
