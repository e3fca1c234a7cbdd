"""Credit, revert-guard, idempotency, precedence and reference-image faults.

Most replace one state component by a subclass that gets one rule wrong: the edit jobs (the
revert rules and the lifecycle), the idempotency store, the request models (a check moved into
body validation, so it runs before the ones it should follow), the video jobs or the image
guard. Three change the wiring: a credit pre-check in front of the edit route, a body parser in
front of the rate limiter, and a revert route that demands a body. One rewrites the 402 text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address
from typing import Annotated, Any, Self

from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import AfterValidator, Field, model_validator

from ...contract.constants import (
    API_PREFIX,
    EDIT_NOT_FOUND_DETAIL,
    EDIT_NOT_REVERTABLE_TEMPLATE,
    INSUFFICIENT_CREDITS_PATTERN,
    INSUFFICIENT_CREDITS_TEMPLATE,
    REFERENCE_IMAGE_URLS_MAX,
)
from ...reference.accounts import Caller
from ...reference.edit_jobs import EditJob, EditJobs
from ...reference.errors import APIError, envelope
from ...reference.gate import admit, authenticate, ok, state_of
from ...reference.idempotency import IdempotencyStore, StoredResponse
from ...reference.images import (
    Address,
    ImageRejected,
    ReferenceImageGuard,
    Resolver,
    SandboxFetcher,
    SandboxResolver,
)
from ...reference.payloads import CreateEditRequest, ReferenceUrl, parse_json_body, validate
from ...reference.routes_edits import _owned_edit
from ...reference.state import ReferenceState
from ...reference.video_jobs import VideoJob, VideoJobs
from ..rewrite import Answer, read_body, replayed
from ._build import server_mutant, swap

__all__ = ["MUTANTS"]

_EDITS = f"{API_PREFIX}/edits"
_VIDEOS = f"{API_PREFIX}/videos"
_REVERT = f"{API_PREFIX}/edits/{{edit_id}}/revert"
_REVERT_CACHE_SECONDS = 10.0


# --- credits ------------------------------------------------------------------------------


def _worst_case(state: ReferenceState, payload: CreateEditRequest) -> int:
    settings = state.settings
    per_image = settings.edit_cost_per_reference_image
    return settings.edit_base_cost + per_image * len(payload.reference_image_urls)


def _refuse_an_exact_balance(
    state: ReferenceState, headers: Mapping[str, str], body: bytes
) -> APIError | None:
    """A credit pre-check written ``balance <= cost``: the route refuses below the cost, this
    adds the one case it gets wrong, a balance equal to it."""
    caller = _caller(state, headers)
    try:
        document = parse_json_body(body, headers.get("content-type"))
        payload = validate(state.models.create_edit, document)
    except APIError:
        return None
    if caller is None:
        return None
    cost, balance = _worst_case(state, payload), state.directory.balance(caller.scope)
    if balance != cost:
        return None
    return APIError(402, INSUFFICIENT_CREDITS_TEMPLATE.format(cost=cost, balance=balance))


def _credits_as_decimals(answer: Answer) -> Answer:
    """The 402 renders its amounts from a decimal ledger: 'up to 12.0, have 3.0'."""
    document = answer.json()
    if answer.status != 402 or not isinstance(document, dict):
        return answer
    detail = document.get("detail")
    match = INSUFFICIENT_CREDITS_PATTERN.match(detail) if isinstance(detail, str) else None
    if match is None:
        return answer
    cost, balance = float(match["cost"]), float(match["balance"])
    text = INSUFFICIENT_CREDITS_TEMPLATE.format(cost=cost, balance=balance)
    return answer.with_json({**document, "detail": text})


class _ChargedVideos(VideoJobs):
    """Each video is checked against the balance when it is queued (a render 'costs' credits)."""

    def __init__(self, state: ReferenceState) -> None:
        super().__init__(state.settings.timings)
        self._directory = state.directory
        self._cost = state.settings.edit_base_cost

    def submit(self, job: VideoJob, now: float) -> int | None:
        balance = self._directory.balance(job.owner)
        if balance < self._cost:
            raise APIError(
                402, f"INSUFFICIENT_CREDITS: video could cost up to {self._cost}, have {balance}"
            )
        return super().submit(job, now)


# --- the edit lifecycle and reverts -------------------------------------------------------


class _ExpiringReverts(EditJobs):
    """A revert is held in a cache and never written through: once the entry expires the edit
    reads ``complete`` again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._expires: dict[str, float] = {}

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        super().revert(edit, video, now)
        self._expires[edit.edit_id] = now + _REVERT_CACHE_SECONDS

    def status(self, edit: EditJob, now: float) -> str:
        expires = self._expires.get(edit.edit_id)
        if expires is not None and now >= expires:
            del self._expires[edit.edit_id]
            edit.reverted_at = None
        return super().status(edit, now)


class _UncommittedReverts(EditJobs):
    """The revert's answer is built from the changed edit, then the change is rolled back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._uncommitted: set[str] = set()

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        super().revert(edit, video, now)
        self._uncommitted.add(edit.edit_id)

    def view(self, edit: EditJob, video: VideoJob, now: float) -> dict[str, Any]:
        body = super().view(edit, video, now)
        if edit.edit_id in self._uncommitted:
            self._uncommitted.discard(edit.edit_id)
            edit.reverted_at = None
            video.planner_history.append(edit.edit_id)
        return body


class _RestoredLinkEdits(EditJobs):
    """A reverted edit's ``result.link`` points at the restored video, not the edit's output."""

    def view(self, edit: EditJob, video: VideoJob, now: float) -> dict[str, Any]:
        body = super().view(edit, video, now)
        if body["status"] == "reverted" and isinstance(body["result"], dict):
            body["result"]["link"] = f"https://videos.sandbox.test/{edit.video_uuid}.mp4"
        return body


class _FinishedEditsRevertable(EditJobs):
    """'Finished' is taken for 'revertable': an edit in ``error`` is marked reverted too."""

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        if self.status(edit, now) == "error":
            edit.reverted_at = now
            return
        super().revert(edit, video, now)


class _RepeatableReverts(EditJobs):
    """A revert of an edit already reverted answers 200 again (the revert 'made idempotent')."""

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        if edit.reverted_at is not None:
            return
        super().revert(edit, video, now)


class _RenamedStatusRefusal(EditJobs):
    """The not-revertable 409 is refused with ``_detail(status)`` instead of the documented
    text."""

    def __init__(self, timings: Any, detail: Callable[[str], str]) -> None:
        super().__init__(timings)
        self._detail = detail

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        status = self.status(edit, now)
        if status != "complete":
            raise APIError(409, self._detail(status))
        super().revert(edit, video, now)


def _vague_refusal(status: str) -> str:
    return f"edit cannot be reverted: it is {status}"


def _internal_status_name(status: str) -> str:
    # The store's own name for an edit in error leaks into the text.
    return EDIT_NOT_REVERTABLE_TEMPLATE.format(status={"error": "failed"}.get(status, status))


class _FailedEditsBlockLifo(EditJobs):
    """The LIFO guard exempts only reverted newer edits: a newer edit in ``error`` blocks."""

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        if self.status(edit, now) == "complete":
            failed = [
                other.edit_id
                for other in self._by_video.get(video.uuid, [])
                if other.sequence > edit.sequence and self.status(other, now) == "error"
            ]
            if failed:
                raise APIError(
                    409,
                    f"revert refused: a newer edit ({failed[-1]}) must be reverted first (LIFO)",
                )
        super().revert(edit, video, now)


def _revert_demanding_a_body(app: Any) -> None:
    """The revert route parses a JSON body (an optional reason), as POST /v1/edits does."""

    async def revert_edit(request: Request, edit_id: str) -> JSONResponse:
        state = state_of(request)
        caller = authenticate(request)
        admit(request, caller.identity, state.settings.edits_bucket)
        parse_json_body(await request.body(), request.headers.get("content-type"))
        edit, video = _owned_edit(state, caller, edit_id)
        now = state.clock.now()
        state.edits.revert(edit, video, now)
        return ok(request, state.edits.view(edit, video, now))

    # Put first, the route shadows the reference's own revert route.
    app.router.routes.insert(0, APIRoute(_REVERT, revert_edit, methods=["POST"]))


def _foreign_revert_as_404(answer: Answer) -> Answer:
    if answer.method != "POST" or not answer.path.endswith("/revert") or answer.status != 403:
        return answer
    return answer.with_json({"detail": EDIT_NOT_FOUND_DETAIL}, status=404)


# --- idempotency --------------------------------------------------------------------------


class _BodyKeyedStore(IdempotencyStore):
    """Deduplicates by body: a new key with a body already seen replays that answer."""

    def replay(self, identity: str, key: str, digest: str, now: float) -> StoredResponse | None:
        stored = super().replay(identity, key, digest, now)
        if stored is not None:
            return stored
        for (owner, _), earlier in self._stored.items():
            fresh = now - earlier.stored_at < self._ttl
            if owner == identity and earlier.fingerprint == digest and fresh:
                return earlier
        return None


class _KeyOnlyStore(IdempotencyStore):
    """Looks a key up without its body: the same key with a different body replays the
    original answer instead of a 4xx."""

    def replay(self, identity: str, key: str, digest: str, now: float) -> StoredResponse | None:
        stored = self._stored.get((identity, key))
        return super().replay(identity, key, digest if stored is None else stored.fingerprint, now)


class _LiveReplayStore(IdempotencyStore):
    """Uses the stored answer only for its edit_id: a replay answers the edit as it is now
    (status, progress, updated_at moved on), not the answer that was sent."""

    def __init__(self, state: ReferenceState) -> None:
        super().__init__()
        self._state = state

    def replay(self, identity: str, key: str, digest: str, now: float) -> StoredResponse | None:
        stored = super().replay(identity, key, digest, now)
        edit = None if stored is None else self._state.edits.edits.get(stored.body["edit_id"])
        if stored is None or edit is None:
            return stored
        video = self._state.videos.jobs[edit.video_uuid]
        return replace(stored, body=self._state.edits.view(edit, video, now))


# --- precedence ---------------------------------------------------------------------------


def _refuse_non_json(
    state: ReferenceState, headers: Mapping[str, str], body: bytes
) -> APIError | None:
    """A body parser between authentication and the rate limiter."""
    if _caller(state, headers) is None:
        return None
    try:
        parse_json_body(body, headers.get("content-type"))
    except APIError as refusal:
        return refusal
    return None


def _models(
    build: Callable[[ReferenceState], type[CreateEditRequest]],
) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        state.models = replace(state.models, create_edit=build(state))

    return prepare


def _video_looked_up_first(state: ReferenceState) -> type[CreateEditRequest]:
    class VideoLookedUpFirst(CreateEditRequest):
        """Loads the video before any field is validated: an unknown one is 404 first."""

        @model_validator(mode="before")
        @classmethod
        def _video_exists(cls, data: Any) -> Any:
            video_uuid = data.get("video_uuid") if isinstance(data, dict) else None
            if isinstance(video_uuid, str) and video_uuid not in state.videos.jobs:
                raise APIError(404, "video not found")
            return data

    return VideoLookedUpFirst


def _build_state_checked_first(state: ReferenceState) -> type[CreateEditRequest]:
    class BuildStateCheckedFirst(CreateEditRequest):
        """Checks the video is built as part of body validation, before whose video it is."""

        @model_validator(mode="after")
        def _video_is_built(self) -> Self:
            video = state.videos.jobs.get(self.video_uuid)
            if video is None:
                return self
            status = state.videos.status(video, state.clock.now())
            if status == "failed":
                raise APIError(409, "video has errored and cannot be edited")
            if status != "complete":
                raise APIError(409, f"video is still being built (status={status})")
            return self

    return BuildStateCheckedFirst


def _vet_all(state: ReferenceState, urls: list[str]) -> list[str]:
    for url in urls:
        try:
            state.image_guard.check(url)
        except ImageRejected as rejection:
            raise APIError(rejection.status, rejection.detail) from None
    return urls


def _images_vetted_in_validation(state: ReferenceState) -> type[CreateEditRequest]:
    class ImagesVettedInValidation(CreateEditRequest):
        """Vets the reference images once the body is valid, before ownership and credits."""

        @model_validator(mode="after")
        def _images_pass(self) -> Self:
            _vet_all(state, self.reference_image_urls)
            return self

    return ImagesVettedInValidation


def _images_vetted_as_a_field(state: ReferenceState) -> type[CreateEditRequest]:
    def vet(urls: list[str]) -> list[str]:
        return _vet_all(state, urls)

    class ImagesVettedAsAField(CreateEditRequest):
        """Vets the reference images in the field's own validator, whatever else is wrong."""

        reference_image_urls: Annotated[
            list[ReferenceUrl], Field(max_length=REFERENCE_IMAGE_URLS_MAX), AfterValidator(vet)
        ] = Field(default_factory=list)

    return ImagesVettedAsAField


# --- reference images ---------------------------------------------------------------------

_NAT64 = IPv6Network("64:ff9b::/96")


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


class _IPv4RangesOnlyGuard(ReferenceImageGuard):
    """The deny list holds IPv4 ranges only: an IPv6 host is judged by the IPv4 address it
    embeds, and one embedding none passes."""

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        if isinstance(literal, IPv6Address) and _embedded_ipv4(literal) is None:
            return
        super()._require_public_literal(literal, raw_host, role=role)


class _FirstAddressResolver:
    """Keeps only a name's first address, as ``gethostbyname`` does."""

    def __init__(self, inner: Resolver) -> None:
        self._inner = inner

    def resolve(self, host: str) -> list[Address]:
        return list(self._inner.resolve(host))[:1]


class _LiteralsOnlyResolver:
    """Vets IP literals only: a host name is taken for a public address, never resolved."""

    _ASSUMED = IPv4Address("93.184.216.34")

    def __init__(self, inner: Resolver) -> None:
        self._inner = inner

    def resolve(self, host: str) -> list[Address]:
        try:
            ip_address(host.strip("[]"))
        except ValueError:
            return [self._ASSUMED]
        return list(self._inner.resolve(host))


def _image_guard(
    *, resolver: Callable[[Resolver], Resolver] | None = None, **limits: int
) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        sandbox = SandboxResolver()
        chosen = resolver(sandbox) if resolver is not None else sandbox
        state.image_guard = ReferenceImageGuard(chosen, SandboxFetcher(), **limits)

    return prepare


def _ipv4_ranges_only(state: ReferenceState) -> None:
    state.image_guard = _IPv4RangesOnlyGuard(SandboxResolver(), SandboxFetcher())


# --- wiring -------------------------------------------------------------------------------

Decide = Callable[[ReferenceState, Mapping[str, str], bytes], APIError | None]


def _caller(state: ReferenceState, headers: Mapping[str, str]) -> Caller | None:
    try:
        return state.directory.authenticate(dict(headers))
    except APIError:
        return None


def _answering_early(paths: frozenset[str], decide: Decide) -> type:
    """A middleware that reads each POST to ``paths`` and answers ``decide``'s refusal itself,
    or passes the request on unchanged."""

    class AnsweringEarly:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
            applies = (
                scope["type"] == "http"
                and scope.get("method") == "POST"
                and scope.get("path") in paths
            )
            if not applies:
                await self.app(scope, receive, send)
                return
            body = await read_body(receive)
            headers = {
                name.decode("latin-1").lower(): value.decode("latin-1")
                for name, value in scope.get("headers", [])
            }
            refusal = decide(scope["app"].state.reference, headers, body)
            if refusal is None:
                await self.app(scope, replayed(body), send)
                return
            answer = envelope(refusal.status_code, refusal.detail, refusal.headers)
            await answer(scope, replayed(body), send)

    return AnsweringEarly


def _edits(factory: Callable[[ReferenceState], EditJobs]) -> Callable[[ReferenceState], None]:
    return swap("edits", factory)


MUTANTS = (
    server_mutant(
        "exact-balance-refused",
        "a balance equal to the edit's worst-case cost gets 402 (balance <= cost)",
        breaks={"CRED-005"},
        middleware=_answering_early(frozenset({_EDITS}), _refuse_an_exact_balance),
    ),
    server_mutant(
        "credits-as-decimals",
        "the 402 detail renders N and M as decimals ('up to 12.0, have 3.0')",
        breaks={"CRED-003"},
        rewrite=_credits_as_decimals,
    ),
    server_mutant(
        "videos-check-credits",
        "POST /v1/videos refuses a low-balance account with 402",
        breaks={"CRED-006", "ENV-005"},
        prepare=swap("videos", _ChargedVideos),
    ),
    server_mutant(
        "revert-not-committed",
        "a revert answers 'reverted' but is rolled back: later GETs show 'complete'",
        breaks={"REV-001", "REV-009", "EDIT-022"},
        prepare=_edits(lambda state: _UncommittedReverts(state.settings.timings)),
    ),
    server_mutant(
        "reverted-link-replaced",
        "a reverted edit's result.link is replaced by the restored video's link",
        breaks={"REV-002"},
        prepare=_edits(lambda state: _RestoredLinkEdits(state.settings.timings)),
    ),
    server_mutant(
        "revert-needs-body",
        "POST /v1/edits/{edit_id}/revert without a JSON body gets 422",
        breaks={"REV-003", "ENV-005"},
        customise=_revert_demanding_a_body,
    ),
    server_mutant(
        "errored-edit-revertable",
        "an edit in error can be reverted (200) instead of 409",
        breaks={"REV-004"},
        prepare=_edits(lambda state: _FinishedEditsRevertable(state.settings.timings)),
    ),
    server_mutant(
        "repeat-revert-accepted",
        "reverting an already reverted edit answers 200 again instead of 409",
        breaks={"REV-004"},
        prepare=_edits(lambda state: _RepeatableReverts(state.settings.timings)),
    ),
    server_mutant(
        "not-revertable-text-wrong",
        "the 409 for a non-complete edit says 'edit cannot be reverted: it is <status>'",
        breaks={"REV-005"},
        prepare=_edits(lambda state: _RenamedStatusRefusal(state.settings.timings, _vague_refusal)),
    ),
    server_mutant(
        "not-revertable-internal-status",
        "the not-revertable 409 names the store's status 'failed' for an edit in error",
        breaks={"REV-006"},
        prepare=_edits(
            lambda state: _RenamedStatusRefusal(state.settings.timings, _internal_status_name)
        ),
    ),
    server_mutant(
        "errored-newer-edit-blocks-revert",
        "a newer edit in error blocks the revert of an older complete edit (LIFO 409)",
        breaks={"REV-009"},
        prepare=_edits(lambda state: _FailedEditsBlockLifo(state.settings.timings)),
    ),
    server_mutant(
        "foreign-revert-404",
        "reverting another account's edit answers 404 'edit not found' instead of 403",
        breaks={"REV-013"},
        rewrite=_foreign_revert_as_404,
    ),
    server_mutant(
        "revert-expires",
        "a revert lives in a 10-second cache: after it the reverted edit reads 'complete' again",
        breaks={"EDIT-022"},
        prepare=_edits(lambda state: _ExpiringReverts(state.settings.timings)),
    ),
    server_mutant(
        "idempotency-by-body",
        "a new Idempotency-Key with a body already seen replays the earlier edit",
        breaks={"IDEM-003"},
        prepare=swap("idempotency", lambda state: _BodyKeyedStore()),
    ),
    server_mutant(
        "idempotency-key-without-body",
        "the same Idempotency-Key with a different body replays the original 2xx (no 4xx)",
        breaks={"IDEM-004"},
        prepare=swap("idempotency", lambda state: _KeyOnlyStore()),
    ),
    server_mutant(
        "replay-answers-current-edit",
        "a replay answers the edit as it is now, not the original answer (same edit_id)",
        breaks={"IDEM-001"},
        prepare=swap("idempotency", _LiveReplayStore),
    ),
    server_mutant(
        "body-parsed-before-rate-limit",
        "a non-JSON body gets 422 before the rate limiter: an exhausted caller is not 429",
        breaks={"PREC-002", "RATE-015", "RATE-016"},
        middleware=_answering_early(frozenset({_EDITS, _VIDEOS}), _refuse_non_json),
    ),
    server_mutant(
        "video-lookup-before-validation",
        "an edit naming an unknown video_uuid is 404 before its fields are validated (not 400)",
        breaks={"PREC-003", "EDIT-005"},
        prepare=_models(_video_looked_up_first),
    ),
    server_mutant(
        "build-state-before-ownership",
        "another account's video still building gets 409 instead of 403",
        breaks={"PREC-004"},
        prepare=_models(_build_state_checked_first),
    ),
    server_mutant(
        "images-vetted-before-credits",
        "reference images are vetted (422/415) before the 402 credit check",
        breaks={"PREC-006"},
        prepare=_models(_images_vetted_in_validation),
    ),
    server_mutant(
        "images-vetted-with-fields",
        "reference images are vetted in field validation: 422/415 win over 400 and 402",
        breaks={"PREC-006", "PREC-007"},
        prepare=_models(_images_vetted_as_a_field),
    ),
    server_mutant(
        "ipv6-private-allowed",
        "IPv6 literals are checked only through an embedded IPv4: [::1], [fc00::1] pass",
        breaks={"REF-004"},
        prepare=_ipv4_ranges_only,
    ),
    server_mutant(
        "host-names-not-resolved",
        "only IP literals are vetted: a host name resolving to a private address is fetched",
        breaks={"REF-006", "REF-010"},
        prepare=_image_guard(resolver=_LiteralsOnlyResolver),
    ),
    server_mutant(
        "first-resolved-address-only",
        "only a name's first address is checked: a name also resolving to loopback is fetched",
        # Not REF-006: whether a name with a public and a private address "resolves to a
        # public IP" is not stated, so its MUST check leaves such a name out.
        breaks={"REF-010"},
        prepare=_image_guard(resolver=_FirstAddressResolver),
    ),
    server_mutant(
        "redirects-not-followed",
        "a reference URL with one redirect hop is refused (no hop is followed)",
        breaks={"REF-008"},
        prepare=_image_guard(max_redirects=0),
    ),
    server_mutant(
        "size-limit-in-kilobytes",
        "the 5 MB limit is configured as 5000 (kilobytes) and compared with bytes",
        breaks={"REF-014", "REF-015"},
        prepare=_image_guard(max_bytes=5000),
    ),
)
