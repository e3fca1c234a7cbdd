"""Accounts, organisations, API keys and JWT sessions, and how a request becomes a caller.

Rules (contract.md §2): an API key is ``kn_`` + 64 lower-case hex; a missing, malformed,
unknown or revoked credential is 401; an org key stops working (401) once its creator has left
the org. A personal key authenticates as its user, an org key as its org. Sandbox JWTs are opaque
bearer tokens mapped to a user (the real JWT format is undocumented).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..contract.constants import API_KEY_HEADER, API_KEY_PATTERN, AUTHORIZATION_HEADER
from .errors import APIError

__all__ = ["ApiKey", "Caller", "Directory", "Organisation", "Scope", "User"]

ScopeKind = Literal["user", "org"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Who owns jobs and pays for them: a user's personal workspace or an org's."""

    kind: ScopeKind
    id: str


@dataclass(slots=True)
class User:
    user_id: str
    credits: int


@dataclass(slots=True)
class Organisation:
    org_id: str
    credits: int
    members: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ApiKey:
    secret: str
    user_id: str
    org_id: str | None = None
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated caller, as the rest of the server sees it."""

    user_id: str
    org_id: str | None
    via: Literal["api_key", "jwt"]

    @property
    def scope(self) -> Scope:
        return Scope("org", self.org_id) if self.org_id else Scope("user", self.user_id)

    @property
    def identity(self) -> str:
        """The rate-limit identity: ``user_id`` or ``org:<id>`` (section 3.2)."""
        return f"org:{self.org_id}" if self.org_id else self.user_id


class Directory:
    """Every account, org, key and session the reference server knows."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.orgs: dict[str, Organisation] = {}
        self.keys: dict[str, ApiKey] = {}
        self.sessions: dict[str, str] = {}

    # --- authentication -------------------------------------------------------------------
    def authenticate(self, headers: dict[str, str]) -> Caller:
        """The caller behind a request's headers (lower-cased names), or a 401."""
        key = headers.get(API_KEY_HEADER.lower())
        if key is not None:
            return self._by_api_key(key)
        authorization = headers.get(AUTHORIZATION_HEADER.lower())
        if authorization is not None:
            return self._by_bearer(authorization)
        raise APIError(401, f"Missing credentials: send the {API_KEY_HEADER} header")

    def _by_api_key(self, secret: str) -> Caller:
        if not API_KEY_PATTERN.fullmatch(secret):
            raise APIError(401, "Malformed API key: expected kn_ followed by 64 lower-case hex")
        record = self.keys.get(secret)
        if record is None:
            raise APIError(401, "Invalid API key")
        if record.revoked:
            raise APIError(401, "API key has been revoked")
        if record.org_id is not None and not self.is_member(record.user_id, record.org_id):
            raise APIError(401, "API key is no longer valid: its creator left the organization")
        return Caller(user_id=record.user_id, org_id=record.org_id, via="api_key")

    def _by_bearer(self, authorization: str) -> Caller:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise APIError(401, "Malformed Authorization header: expected 'Bearer <token>'")
        user_id = self.sessions.get(token.strip())
        if user_id is None:
            raise APIError(401, "Invalid or expired session token")
        return Caller(user_id=user_id, org_id=None, via="jwt")

    # --- scopes, membership and credits ------------------------------------------------------
    def is_member(self, user_id: str, org_id: str) -> bool:
        org = self.orgs.get(org_id)
        return org is not None and user_id in org.members

    def may_access(self, caller: Caller, owner: Scope) -> bool:
        """The caller's own workspace, or an org workspace the caller's user belongs to."""
        if caller.scope == owner:
            return True
        return owner.kind == "org" and self.is_member(caller.user_id, owner.id)

    def balance(self, scope: Scope) -> int:
        if scope.kind == "org":
            return self.orgs[scope.id].credits
        return self.users[scope.id].credits

    def spend(self, scope: Scope, amount: int) -> None:
        if scope.kind == "org":
            self.orgs[scope.id].credits -= amount
        else:
            self.users[scope.id].credits -= amount
