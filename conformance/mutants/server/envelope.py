"""Envelope faults: the error body or its media type is not the contract's."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ..rewrite import Answer
from ._build import server_mutant

__all__ = ["MUTANTS"]


def _detail(answer: Answer) -> Any:
    document = answer.json()
    return document.get("detail") if isinstance(document, dict) else None


def _list_detail(answer: Answer) -> Answer:
    # What FastAPI's default validation handler sends: a list of error objects.
    if answer.status != 400 or not isinstance(_detail(answer), str):
        return answer
    error = {"loc": ["body"], "msg": _detail(answer), "type": "value_error"}
    return answer.with_json({"detail": [error]})


def _no_detail_on_401(answer: Answer) -> Answer:
    if answer.status != 401 or not isinstance(_detail(answer), str):
        return answer
    return answer.with_json({"error": "unauthorized", "message": _detail(answer)})


def _empty_detail_on_404(answer: Answer) -> Answer:
    if answer.status != 404 or not isinstance(_detail(answer), str):
        return answer
    return answer.with_json({"detail": ""})


def _plain_text_500(app: Any) -> None:
    # Without a handler for Exception, Starlette's outermost middleware sends text/plain.
    app.exception_handlers.pop(Exception, None)
    app.exception_handlers.pop(500, None)


def _html_404(app: Any) -> None:
    async def not_found(request: Request, exc: Exception) -> HTMLResponse:
        return HTMLResponse("<html><body><h1>404 Not Found</h1></body></html>", status_code=404)

    app.add_exception_handler(404, not_found)


def _z_timestamps(answer: Answer) -> Answer:
    document = answer.json()
    if answer.method != "GET" or not isinstance(document, dict) or "created_at" not in document:
        return answer
    for name in ("created_at", "updated_at"):
        if isinstance(document.get(name), str):
            document[name] = document[name].replace("+00:00", "Z")
    return answer.with_json(document)


MUTANTS = (
    server_mutant(
        "list-detail",
        "400 validation answers carry FastAPI's list of error objects as `detail`",
        breaks={"ENV-001"},
        rewrite=_list_detail,
    ),
    server_mutant(
        "text-plain-500",
        "an unhandled exception reaches Starlette's default text/plain 500",
        breaks={"ENV-001", "ENV-002", "FW-004"},
        customise=_plain_text_500,
    ),
    server_mutant(
        "html-404",
        "an unknown route gets an HTML 404 page instead of the JSON envelope",
        breaks={"ENV-001", "ENV-002", "FW-002"},
        customise=_html_404,
    ),
    server_mutant(
        "detail-missing",
        "401 answers are {'error', 'message'} objects with no `detail`",
        breaks={"ENV-001", "ENV-004"},
        proves={"ENV-001"},
        rewrite=_no_detail_on_401,
    ),
    server_mutant(
        "detail-empty",
        "404 answers carry an empty `detail`",
        breaks={"ENV-001", "ENV-003", "FW-002", "REV-012"},
        rewrite=_empty_detail_on_404,
    ),
    server_mutant(
        "timestamps-z-suffix",
        "GET answers write timestamps with 'Z' instead of '+00:00'",
        breaks={"VID-POLL-005", "EDIT-021"},
        rewrite=_z_timestamps,
    ),
)
