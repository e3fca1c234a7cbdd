"""The sandbox's deterministic seed: every account and object a black-box suite run needs.

The same seed string always yields the same keys and IDs, so ``serve --write-config`` and the
in-process reference target describe identical worlds. Keys are derived, never stored in the
source tree, and only this local sandbox ever prints them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from ..contract.constants import API_KEY_HEX_LENGTH, API_KEY_PREFIX
from .accounts import ApiKey, Organisation, Scope, User
from .edit_jobs import EditJob
from .images import SANDBOX_IMAGE_URLS, SANDBOX_SECOND_HOP_TARGET
from .state import ReferenceState, SandboxMarkers
from .video_jobs import VideoJob

__all__ = [
    "DEFAULT_SEED",
    "EXACT_BALANCE_RESTORE_PATH",
    "IMAGE_HOST_REQUESTS_PATH",
    "SandboxFixtures",
    "restore_exact_balance",
    "seed_sandbox",
]

DEFAULT_SEED = "knowlify-sandbox-v1"
#: Where a seeded sandbox publishes its image hosts' request log (``routes_sandbox``).
IMAGE_HOST_REQUESTS_PATH = "/__sandbox__/image-host/requests"
#: POST: the exact-balance account (``keys.exact_balance``) holds one plain edit again.
EXACT_BALANCE_RESTORE_PATH = "/__sandbox__/accounts/exact-balance/restore"
_PLENTY = 1_000_000
_LOW_BALANCE = 3


@dataclass(frozen=True, slots=True)
class SandboxKeys:
    personal: str
    org: str
    second_account: str
    revoked: str
    departed_org_member: str
    low_balance: str
    rate_limit_probe: str
    # dave: a second active member of alice's org. eddie: a balance of exactly one plain edit.
    # The *_probe and pools_* keys each belong to an account (pools_org: an org) that only one
    # check uses, so its render pools and rate windows start empty.
    org_second_member: str
    exact_balance: str
    results_probe: str
    parking_probe: str
    promotion_probe: str
    polling_probe: str
    pools_personal: str
    pools_org: str
    precedence_probe: str
    batch_probe: str


@dataclass(frozen=True, slots=True)
class SandboxSessions:
    """Bearer tokens standing in for dashboard JWTs."""

    member: str
    non_member: str


@dataclass(frozen=True, slots=True)
class SandboxVideos:
    complete: str
    building: str
    errored: str
    org_complete: str
    other_account: str
    low_balance_complete: str
    other_account_building: str
    low_balance_building: str
    exact_balance_complete: str
    edit_lifecycle: str
    revert_lifo: str
    # Edited only by the idempotency check: a hidden second edit would block its revert.
    idempotency_probe: str


@dataclass(frozen=True, slots=True)
class SandboxEdits:
    revertable: str
    errored: str
    other_account: str
    blocked_by_active_edit: str
    blocked_by_newer_edit: str
    blocked_by_dashboard_snapshot: str
    org_shared: str
    org_revertable: str


@dataclass(frozen=True, slots=True)
class SandboxFixtures:
    """What the seed created, in the shape of the suite's config file."""

    seed: str
    org_id: str
    user_id: str
    keys: SandboxKeys
    sessions: SandboxSessions
    videos: SandboxVideos
    edits: SandboxEdits
    markers: SandboxMarkers

    def as_config(self) -> dict[str, Any]:
        """The fixtures a suite config holds: those the checks read (``fixtures.yaml``)."""
        from ..fixture_docs import only_described

        data = asdict(self)
        data["image_urls"] = dict(SANDBOX_IMAGE_URLS)
        # The sandbox's image hosts, watched through the sandbox's own request log.
        data["image_host"] = {
            "requests_url": IMAGE_HOST_REQUESTS_PATH,
            "second_hop_target": SANDBOX_SECOND_HOP_TARGET,
        }
        # CRED-005's single-use account, made usable again before each run's edit.
        data["sandbox_routes"] = {"exact_balance_restore_url": EXACT_BALANCE_RESTORE_PATH}
        return only_described(data)


class _Names:
    def __init__(self, seed: str) -> None:
        self._seed = seed
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"knowlify-sandbox:{seed}")

    def uuid(self, name: str) -> str:
        return str(uuid.uuid5(self._namespace, name))

    def key(self, name: str) -> str:
        digest = hashlib.sha256(f"{self._seed}:key:{name}".encode()).hexdigest()
        return API_KEY_PREFIX + digest[:API_KEY_HEX_LENGTH]

    def token(self, name: str) -> str:
        return "sandbox-jwt." + hashlib.sha256(f"{self._seed}:jwt:{name}".encode()).hexdigest()


def seed_sandbox(state: ReferenceState, seed: str = DEFAULT_SEED) -> SandboxFixtures:
    """Create the sandbox's accounts, keys, videos and edits in ``state``."""
    names, directory, now = _Names(seed), state.directory, state.clock.now()
    alice, bob, carol, lowe, rita = (
        names.uuid(f"user:{n}") for n in ("alice", "bob", "carol", "lowe", "rita")
    )
    dave, eddie, ria, pat, pim, paul, polly, prue, bea = (
        names.uuid(f"user:{n}")
        for n in ("dave", "eddie", "ria", "pat", "pim", "paul", "polly", "prue", "bea")
    )
    org_id, pool_org_id = names.uuid("org:acme"), names.uuid("org:pool")
    exact = _exact_balance(state)
    balances = {alice: _PLENTY, bob: _PLENTY, carol: _PLENTY, lowe: _LOW_BALANCE, rita: _PLENTY}
    balances |= {dave: _PLENTY, eddie: exact, ria: _PLENTY, pat: _PLENTY, pim: _PLENTY}
    balances |= {paul: _PLENTY, polly: _PLENTY, prue: _PLENTY, bea: _PLENTY}
    for user_id, credits in balances.items():
        directory.users[user_id] = User(user_id, credits)
    directory.orgs[org_id] = Organisation(org_id, _PLENTY, members={alice, dave})  # carol left
    directory.orgs[pool_org_id] = Organisation(pool_org_id, _PLENTY, members={polly})

    keys = SandboxKeys(
        personal=names.key("alice"),
        org=names.key("alice@acme"),
        second_account=names.key("bob"),
        revoked=names.key("alice-old"),
        departed_org_member=names.key("carol@acme"),
        low_balance=names.key("lowe"),
        rate_limit_probe=names.key("rita"),
        org_second_member=names.key("dave@acme"),
        exact_balance=names.key("eddie"),
        results_probe=names.key("ria"),
        parking_probe=names.key("pat"),
        promotion_probe=names.key("pim"),
        polling_probe=names.key("paul"),
        pools_personal=names.key("polly"),
        pools_org=names.key("polly@pool"),
        precedence_probe=names.key("prue"),
        batch_probe=names.key("bea"),
    )
    for secret, user_id, key_org in (
        (keys.personal, alice, None),
        (keys.org, alice, org_id),
        (keys.second_account, bob, None),
        (keys.departed_org_member, carol, org_id),
        (keys.low_balance, lowe, None),
        (keys.rate_limit_probe, rita, None),
        (keys.org_second_member, dave, org_id),
        (keys.exact_balance, eddie, None),
        (keys.results_probe, ria, None),
        (keys.parking_probe, pat, None),
        (keys.promotion_probe, pim, None),
        (keys.polling_probe, paul, None),
        (keys.pools_personal, polly, None),
        (keys.pools_org, polly, pool_org_id),
        (keys.precedence_probe, prue, None),
        (keys.batch_probe, bea, None),
    ):
        directory.keys[secret] = ApiKey(secret, user_id, key_org)
    directory.keys[keys.revoked] = ApiKey(keys.revoked, alice, None, revoked=True)
    sessions = SandboxSessions(member=names.token("alice"), non_member=names.token("bob"))
    directory.sessions.update({sessions.member: alice, sessions.non_member: bob})

    def video(name: str, owner: Scope, status: str, error: str | None = None) -> str:
        job = VideoJob(
            uuid=names.uuid(f"video:{name}"),
            owner=owner,
            pool=owner.id if owner.kind == "user" else f"org:{owner.id}",
            task=f"Sandbox fixture video: {name}",
            created_at=now,
            pinned_status=status,
            pinned_error=error,
            updated_at=now,
        )
        state.videos.add_pinned(job)
        return job.uuid

    personal, org = Scope("user", alice), Scope("org", org_id)
    videos = SandboxVideos(
        complete=video("complete", personal, "complete"),
        building=video("building", personal, "generating_frames"),
        errored=video("errored", personal, "failed", "Rendering failed (sandbox fixture)"),
        org_complete=video("org-complete", org, "complete"),
        other_account=video("bob-complete", Scope("user", bob), "complete"),
        low_balance_complete=video("lowe-complete", Scope("user", lowe), "complete"),
        other_account_building=video("bob-building", Scope("user", bob), "generating_frames"),
        low_balance_building=video("lowe-building", Scope("user", lowe), "generating_frames"),
        exact_balance_complete=video("eddie-complete", Scope("user", eddie), "complete"),
        edit_lifecycle=video("edit-lifecycle", personal, "complete"),
        revert_lifo=video("revert-lifo", personal, "complete"),
        idempotency_probe=video("idempotency-probe", personal, "complete"),
    )

    def edit(name: str, video_name: str, owner: Scope, status: str, *, applied: bool) -> str:
        video_uuid = names.uuid(f"video:{video_name}")
        if video_uuid not in state.videos.jobs:
            video(video_name, owner, "complete")
        job = EditJob(
            edit_id=names.uuid(f"edit:{name}"),
            video_uuid=video_uuid,
            owner=owner,
            created_at=now,
            pinned_status=status,
        )
        state.edits.add_pinned(job)
        if applied:
            state.videos.jobs[video_uuid].planner_history.append(job.edit_id)
        return job.edit_id

    edits = SandboxEdits(
        revertable=edit("revertable", "revert-target", personal, "complete", applied=True),
        errored=edit("errored", "errored-edit-target", personal, "error", applied=False),
        other_account=edit("bob", "bob-edit-target", Scope("user", bob), "complete", applied=True),
        blocked_by_active_edit=edit("guard1-done", "guard1", personal, "complete", applied=True),
        blocked_by_newer_edit=edit("guard2-older", "guard2", personal, "complete", applied=True),
        blocked_by_dashboard_snapshot=edit("guard3", "guard3", personal, "complete", applied=True),
        # Submitted under the org (by alice's org key); dave's org key is another active member.
        org_shared=edit("org-shared", "org-shared-target", org, "complete", applied=True),
        org_revertable=edit("org-revertable", "org-revert-target", org, "complete", applied=True),
    )
    edit("guard1-running", "guard1", personal, "processing", applied=False)
    edit("guard2-newer", "guard2", personal, "complete", applied=True)
    state.videos.jobs[names.uuid("video:guard3")].planner_history.append("dashboard-snapshot")

    return SandboxFixtures(
        seed=seed,
        org_id=org_id,
        user_id=alice,
        keys=keys,
        sessions=sessions,
        videos=videos,
        edits=edits,
        markers=state.markers,
    )


def _exact_balance(state: ReferenceState) -> int:
    """The exact-balance account's credits: the worst case of a plain edit (no images)."""
    return state.settings.edit_base_cost


def restore_exact_balance(state: ReferenceState, fixtures: SandboxFixtures) -> int:
    """Give the account of ``keys.exact_balance`` its seeded balance back; return it.

    CRED-005's edit spends that whole balance, so without this a second run on the same
    sandbox finds the account empty and can only skip the check.
    """
    key = state.directory.keys[fixtures.keys.exact_balance]
    balance = _exact_balance(state)
    state.directory.users[key.user_id].credits = balance
    return balance
