"""Small faulty variants of the reference, each hiding a fault behind another rule's premise.

Each is a factory ``reference:trust_apps:NAME`` (the embedded sandbox's fixtures, a clock the
harness moves) wrapping the reference in one response rewrite. They prove the run verdict is
trustworthy (tests/suite/test_verdict_trust.py): every rule judged on its own, no pass without
its premise, no fault charged to a rule whose probe merely met it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance.contract.constants import (
    RATE_LIMIT_REMAINING_HEADER,
    RETRY_AFTER_HEADER,
)
from conformance.reference import create_app
from conformance.reference.settings import ReferenceSettings, Timings

Message = dict[str, Any]


class _Rewrite:
    """The wrapped app, with each ``http.response.start`` passed through ``rewrite``."""

    def __init__(self, app: Any, rewrite: Callable[[Message], None]) -> None:
        self.app = app
        self.state = app.state  # the sandbox fixtures the reference target reads
        self.rewrite = rewrite

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def rewritten(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.rewrite(message)
            await send(message)

        await self.app(scope, receive, rewritten)


def _set_header(message: Message, name: str, value: Callable[[str], str]) -> None:
    wanted = name.lower().encode()
    message["headers"] = [
        (key, value(raw.decode()).encode() if key.lower() == wanted else raw)
        for key, raw in message["headers"]
    ]


def _milliseconds(message: Message) -> None:
    if message["status"] == 429:
        _set_header(message, RETRY_AFTER_HEADER, lambda seconds: str(int(seconds) * 1000))


def _frozen(message: Message) -> None:
    if message["status"] != 429:
        _set_header(message, RATE_LIMIT_REMAINING_HEADER, lambda _: "9")


def _status(old: int, new: int) -> Callable[[Message], None]:
    def rewrite(message: Message) -> None:
        if message["status"] == old:
            message["status"] = new

    return rewrite


def milliseconds_retry_after(**kwargs: Any) -> _Rewrite:
    """``Retry-After`` in milliseconds on every 429 (RATE-012, a SHOULD, breaks)."""
    return _Rewrite(create_app(**kwargs), _milliseconds)


def frozen_counter(**kwargs: Any) -> _Rewrite:
    """``X-RateLimit-Remaining`` that never moves (9) outside 429s: RATE-005 breaks; the rules
    that compare counters cannot be judged."""
    return _Rewrite(create_app(**kwargs), _frozen)


def unprocessable_for_bad_request(**kwargs: Any) -> _Rewrite:
    """422 wherever 400 is due: the validation rules break, nothing else."""
    return _Rewrite(create_app(**kwargs), _status(400, 422))


def forbidden_for_not_found(**kwargs: Any) -> _Rewrite:
    """403 wherever 404 is due: the not-found rules break, not authentication."""
    return _Rewrite(create_app(**kwargs), _status(404, 403))


#: The reference as a plain ASGI app (``asgi:trust_apps:reference``): its fixtures come from the
#: config, as for any implementation; the config decides which ones the run has.
reference = create_app()


def personal_key_only_config() -> dict[str, Any]:
    """A config naming the personal key alone, as a first-day user writes it."""
    personal = reference.state.fixtures.as_config()["keys"]["personal"]
    return {"target": "asgi:trust_apps:reference", "fixtures": {"keys": {"personal": personal}}}


def fast_renders(**kwargs: Any) -> Any:
    """The reference whose renders finish in 5.5 s: within any fixed 10 s stagger."""
    fast = Timings(video_queued=0.5, video_stage=1.0, edit_processing=1.0, edit_applying=0.5)
    return create_app(ReferenceSettings(timings=fast), **kwargs)
