"""Identity, envelope and framework faults beyond the first set: ENV-005, FW-*, AUTH-*, ORG-*.

Who is let in and under which name (401, a key's or a session's scope), whose org a caller may
act for, and the framework's own answers (routing, wrong methods, path parameters).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse

from ...contract.constants import (
    API_KEY_HEADER,
    API_KEY_PATTERN,
    API_KEY_PREFIX,
    API_PREFIX,
    AUTHORIZATION_HEADER,
)
from ...reference.accounts import Caller, Directory, Scope
from ...reference.errors import APIError
from ..rewrite import Answer, Rewrite, RewriteAnswers, read_body, replayed
from ._build import server_mutant, swap

__all__ = ["MUTANTS"]

Message = dict[str, Any]


# --- who gets in ---------------------------------------------------------------------------
def _no_credentials(headers: dict[str, str]) -> bool:
    return API_KEY_HEADER.lower() not in headers and AUTHORIZATION_HEADER.lower() not in headers


class _NotAuthenticated403(Directory):
    """FastAPI's ``APIKeyHeader(auto_error=True)``: a missing header is 403 'Not authenticated'."""

    def authenticate(self, headers: dict[str, str]) -> Caller:
        if _no_credentials(headers):
            raise APIError(403, "Not authenticated")
        return super().authenticate(headers)


class _HiddenFromAnonymous(Directory):
    """Hides the API from callers without credentials: they get 404 Not Found."""

    def authenticate(self, headers: dict[str, str]) -> Caller:
        if _no_credentials(headers):
            raise APIError(404, "Not Found")
        return super().authenticate(headers)


class _UnknownKey403(Directory):
    """A well-formed key that is not on file is 'forbidden' (403), not unauthenticated."""

    def _by_api_key(self, secret: str) -> Caller:
        if API_KEY_PATTERN.fullmatch(secret) and secret not in self.keys:
            raise APIError(403, "API key not recognised")
        return super()._by_api_key(secret)


_LOOKUP_PREFIX = len(API_KEY_PREFIX) + 16


class _PrefixLookup(Directory):
    """Finds a key by its indexed prefix (``kn_`` + 16 hex) and never compares the rest."""

    def _by_api_key(self, secret: str) -> Caller:
        if API_KEY_PATTERN.fullmatch(secret) and secret not in self.keys:
            prefix = secret[:_LOOKUP_PREFIX]
            secret = next((known for known in self.keys if known.startswith(prefix)), secret)
        return super()._by_api_key(secret)


def _jwt_subject(token: str) -> str | None:
    """The ``sub`` claim of a JWT-shaped token, read without checking its signature."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return subject if isinstance(subject, str) and subject else None


class _UnverifiedJwt(Directory):
    """Decodes a bearer JWT without verifying its signature and trusts its ``sub``."""

    def _by_bearer(self, authorization: str) -> Caller:
        scheme, _, token = authorization.partition(" ")
        subject = _jwt_subject(token.strip()) if scheme.lower() == "bearer" else None
        if subject is not None:
            return Caller(user_id=subject, org_id=None, via="jwt")
        return super()._by_bearer(authorization)


class _EchoingMalformedKey(Directory):
    """A 'helpful' 401 that quotes the malformed key back to the caller."""

    def _by_api_key(self, secret: str) -> Caller:
        if not API_KEY_PATTERN.fullmatch(secret):
            raise APIError(401, f"Malformed API key {secret!r}: expected kn_ + 64 lower-case hex")
        return super()._by_api_key(secret)


class _CreatorOnlyOrgAccess(Directory):
    """Org-owned jobs are reachable only by the org's creator (the user of its first key):
    membership is mistaken for the owner role, so other active members get 403."""

    def may_access(self, caller: Caller, owner: Scope) -> bool:
        if owner.kind == "org" and caller.user_id != self._creator(owner.id):
            return False
        return super().may_access(caller, owner)

    def _creator(self, org_id: str) -> str | None:
        return next((key.user_id for key in self.keys.values() if key.org_id == org_id), None)


# --- request bodies seen beside the answer ---------------------------------------------------
def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _has_header(scope: Message, name: str) -> bool:
    return any(k.decode("latin-1").lower() == name.lower() for k, _ in scope.get("headers", []))


def _creates_videos(scope: Message) -> bool:
    return (
        scope["type"] == "http"
        and scope.get("method") == "POST"
        and scope.get("path") == f"{API_PREFIX}/videos"
    )


BodyRewrite = Callable[[dict[str, Any]], dict[str, Any]]
AnswerFromBody = Callable[[dict[str, Any]], Rewrite]


def _on_create_videos(
    *, only_with: str, body: BodyRewrite | None = None, answer: AnswerFromBody | None = None
) -> Any:
    """A middleware for POST /v1/videos requests carrying the header ``only_with``: ``body``
    rewrites the JSON request body, ``answer(request body)`` the answer."""

    class Middleware:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
            if not _creates_videos(scope) or not _has_header(scope, only_with):
                await self.app(scope, receive, send)
                return
            raw = await read_body(receive)
            document = _json_object(raw)
            if document is not None and body is not None:
                raw = json.dumps(body(dict(document))).encode()
            app = self.app
            if document is not None and answer is not None:
                app = RewriteAnswers(self.app, rewrite=answer(document))
            await app(scope, replayed(raw), send)

    return Middleware


def _upper_case_org_id(document: dict[str, Any]) -> dict[str, Any]:
    if isinstance(document.get("org_id"), str):
        document["org_id"] = document["org_id"].upper()
    return document


def _answer_field(name: str, value: Any) -> Rewrite:
    def rewrite(answer: Answer) -> Answer:
        document = answer.json()
        if answer.status != 200 or not isinstance(document, dict) or name not in document:
            return answer
        return answer.with_json({**document, name: value})

    return rewrite


def _org_id_from_body(document: dict[str, Any]) -> Rewrite:
    return _answer_field("org_id", document.get("org_id"))


def _user_of_email(document: dict[str, Any]) -> Rewrite:
    email = document.get("email")
    if not isinstance(email, str) or not email:
        return lambda answer: answer
    # The account the email would be provisioned as: a stable id per address.
    return _answer_field("user_id", str(uuid.uuid5(uuid.NAMESPACE_URL, f"mailto:{email}")))


# --- routing and the framework's own answers --------------------------------------------------
class _EditPollsNotAllowlisted:
    """The older revision's API-key allowlist on GET /v1/edits/{edit_id}: a valid API key is
    refused (403), as any endpoint outside the allowlist."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        applies = (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and str(scope.get("path", "")).startswith(f"{API_PREFIX}/edits/")
            and _has_header(scope, API_KEY_HEADER)
        )
        if applies and self._authenticated(scope):
            answer = JSONResponse({"detail": "API keys may not call this endpoint"}, 403)
            await answer(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _authenticated(scope: Message) -> bool:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            scope["app"].state.reference.directory.authenticate(headers)
        except APIError:
            return False  # the route's own 401 comes first
        return True


_ID_PATHS = (f"{API_PREFIX}/videos/", f"{API_PREFIX}/edits/")


def _path_id(path: str) -> str | None:
    for prefix in _ID_PATHS:
        if path.startswith(prefix):
            return path.removeprefix(prefix).split("/", 1)[0]
    return None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _uuid_typed_path_ids(answer: Answer) -> Answer:
    # ``video_uuid: UUID`` in the route signature: a non-UUID id fails parameter validation.
    path_id = _path_id(answer.path)
    if answer.status != 404 or path_id is None or _is_uuid(path_id):
        return answer
    return answer.with_json({"detail": "Request validation failed"}, status=400)


def _plain_text_405(answer: Answer) -> Answer:
    # Starlette's own default for an HTTPException: text/plain.
    if answer.status != 405:
        return answer
    headers = {**answer.headers, "content-type": "text/plain; charset=utf-8"}
    return Answer(answer.method, answer.path, 405, headers, b"Method Not Allowed")


def _membership_refusal_as_400(answer: Answer) -> Answer:
    creates = answer.method == "POST" and answer.path == f"{API_PREFIX}/videos"
    if not creates or answer.status != 403:
        return answer
    return answer.with_json(
        {"detail": "org_id does not match the caller's organization"}, status=400
    )


MUTANTS = (
    server_mutant(
        "path-id-parsed-as-uuid",
        "a path id that is not a UUID fails parameter validation with an undocumented 400",
        breaks={"ENV-005"},
        rewrite=_uuid_typed_path_ids,
    ),
    server_mutant(
        "anonymous-404",
        "the API is hidden from callers without credentials: they get 404 instead of 401",
        breaks={"FW-001", "AUTH-001", "PREC-001", "ENV-005"},
        prepare=swap("directory", lambda state: _HiddenFromAnonymous()),
    ),
    server_mutant(
        "wrong-method-plain-text",
        "a documented path called with an undocumented method gets a text/plain 405",
        breaks={"FW-003", "ENV-001", "ENV-002"},
        rewrite=_plain_text_405,
    ),
    server_mutant(
        "missing-key-403",
        "a request without credentials gets FastAPI's 403 'Not authenticated', not 401",
        breaks={"AUTH-001", "PREC-001"},
        prepare=swap("directory", lambda state: _NotAuthenticated403()),
    ),
    server_mutant(
        "edit-poll-not-allowlisted",
        "GET /v1/edits/{edit_id} keeps the older API-key allowlist: a valid key gets 403",
        # Every check that reads an edit with an API key breaks with it; the refused polls are
        # not counted, so the edits bucket is not spent by them either (RATE-008).
        breaks={"AUTH-002", "EDIT-025", "EDIT-016", "EDIT-022", "EDIT-024", "REV-001", "REV-009"}
        | {"RATE-008"},
        middleware=_EditPollsNotAllowlisted,
    ),
    server_mutant(
        "unknown-key-403",
        "a well-formed key that was never issued gets 403 instead of 401",
        breaks={"AUTH-005", "PREC-001"},
        prepare=swap("directory", lambda state: _UnknownKey403()),
    ),
    server_mutant(
        "key-looked-up-by-prefix",
        "a key is found by its first 16 hex digits and the rest is never compared",
        breaks={"AUTH-005"},
        prepare=swap("directory", lambda state: _PrefixLookup()),
    ),
    server_mutant(
        "bearer-signature-unchecked",
        "a bearer JWT is decoded without verifying its signature and its `sub` trusted",
        breaks={"AUTH-007"},
        prepare=swap("directory", lambda state: _UnverifiedJwt()),
    ),
    server_mutant(
        "malformed-key-echoed",
        "the 401 for a malformed key quotes the submitted key in its detail",
        breaks={"AUTH-008"},
        prepare=swap("directory", lambda state: _EchoingMalformedKey()),
    ),
    server_mutant(
        "own-org-id-refused",
        "an API key's body org_id is upper-cased before the comparison: its own org gets 400",
        breaks={"ORG-002"},
        middleware=_on_create_videos(only_with=API_KEY_HEADER, body=_upper_case_org_id),
    ),
    server_mutant(
        "org-id-echoed-from-body",
        "the 200 of POST /v1/videos echoes the body's org_id (null if absent), not the key's",
        breaks={"ORG-003"},
        middleware=_on_create_videos(only_with=API_KEY_HEADER, answer=_org_id_from_body),
    ),
    server_mutant(
        "non-member-org-id-400",
        "a JWT caller naming an org it is not a member of gets 400 instead of 403",
        breaks={"ORG-005"},
        rewrite=_membership_refusal_as_400,
    ),
    server_mutant(
        "email-names-the-user",
        "with an API key, the 200's user_id is the account of the body's email",
        breaks={"ORG-006"},
        middleware=_on_create_videos(only_with=API_KEY_HEADER, answer=_user_of_email),
    ),
    server_mutant(
        "org-access-creator-only",
        "org-owned jobs are reachable only by the org's creator: other active members get 403",
        breaks={"EDIT-025", "REV-014"},
        prepare=swap("directory", lambda state: _CreatorOnlyOrgAccess()),
    ),
)
