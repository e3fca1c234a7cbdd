"""Class witnesses: for every class label of bad input, a server that mishandles that class.

Generated from the labels (``conformance.server.families``), not written one by one: the
mutant ``witness-<label>`` is the reference behind a middleware that recognises the label's
first explicit example (the request the suite sends for that label in every run: a literal, an
SSRF corpus entry or the label's simplest case, built with the sandbox's fixtures) and answers
it with the wrong status, in a well-formed envelope: 422 where 400 is due, 400 where 422 (or
any other status) is. Every other request reaches the reference untouched. It breaks that
example's requirement only, and counts as a witness only when the label's own coverage row
fails (``matrix.judge``).

Each runs the quick profile restricted to the bad-input checks of its family (``focus``): the
checks that send that family's requests; any other check sends none of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ...config import Fixtures
from ...server.families import LabelClass, label_classes
from ..model import Mutant
from ..rewrite import Message, Receive, Send, read_body, replayed
from ._build import server_mutant

__all__ = ["MUTANTS", "witness_name"]

_UNPROCESSABLE, _BAD_REQUEST = 422, 400


def witness_name(label: str) -> str:
    """``hex/alpha`` -> ``witness-hex-alpha``."""
    return "witness-" + label.replace("/", "-")


def _fingerprint(label_class: LabelClass, fixtures: Mapping[str, Any]) -> tuple[Any, ...]:
    case = label_class.explicit_examples()[0]
    found = Fixtures(fixtures)
    built = case.build({name: str(found.get(name)) for name in case.fixtures_needed})
    headers = tuple(sorted((name.lower(), value) for name, value in built.headers))
    return built.method, built.path, built.content or b"", headers


class _MishandleOneClass:
    """ASGI middleware answering the wrong status to one exact request."""

    label_class: LabelClass

    def __init__(self, app: Any) -> None:
        self.app = app
        self.fingerprint: tuple[Any, ...] | None = None

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if self.fingerprint is None:
            self.fingerprint = _fingerprint(
                self.label_class, scope["app"].state.fixtures.as_config()
            )
        method, path, content, headers = self.fingerprint
        sent = {name.decode("latin-1").lower(): value.decode("latin-1")
                for name, value in scope.get("headers", [])}  # fmt: skip
        same = (scope["method"], scope["path"], body) == (method, path, content) and all(
            sent.get(name) == value for name, value in headers
        )
        if not same:
            await self.app(scope, replayed(body), send)
            return
        expected = self.label_class.explicit_examples()[0].expected_status
        status = _UNPROCESSABLE if expected != _UNPROCESSABLE else _BAD_REQUEST
        document = json.dumps({"detail": "Request refused"}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(document)).encode()),
        ]})  # fmt: skip
        await send({"type": "http.response.body", "body": document})


def _witness(label_class: LabelClass) -> Mutant:
    middleware = type(
        f"Mishandle_{witness_name(label_class.label).replace('-', '_')}",
        (_MishandleOneClass,),
        {"label_class": label_class},
    )
    mutant = server_mutant(
        witness_name(label_class.label),
        f"the {label_class.label} request of the suite is answered with the wrong status",
        breaks={label_class.first_requirement},
        middleware=middleware,
    )
    return mutant.witnessing(label_class.label, focus=f"test_bad_input and {label_class.family}:")


MUTANTS: tuple[Mutant, ...] = tuple(_witness(found) for found in label_classes())
