"""Edits a check consumes, made by the run itself where it may: fixtures that survive runs.

A revert uses up its edit: a configured ``edits.revertable`` is ``reverted`` after one run,
and a second run against the same server could not judge REV-001..003 again. Where the run
may create an edit and watch it finish -- a sandbox, or a live server within
``--allow-spend``, with time allowed to pass -- it makes a fresh one on the configured edit's
video instead (that video's edit history then ends with it, so it is the one to revert), and
the configured fixture is never touched. Elsewhere it falls back to the fixture, which must
still be ``complete`` (else ``skip``, naming the state found: consumed).
"""

from __future__ import annotations

from ..contract.constants import EDIT_ACCEPTED_STATUSES
from ..failures import NotApplicable
from ..harness import Harness
from .bodies import EDITS, edit_body, edit_path

__all__ = ["revertable_edit"]

#: Clock seconds between polls of an edit the run made (scaled by the config's time_scale).
_STEP_SECONDS = 2.0
_MAX_POLLS = 40


def revertable_edit(knowlify: Harness, fixture: str, *, key: str | None = None) -> str:
    """The ID of a ``complete`` edit that is the newest on its video, owned by ``key``."""
    owner = key if key is not None else knowlify.fixture("keys.personal")
    configured = knowlify.fixture(f"edits.{fixture}")
    video = _video_to_edit(knowlify, configured, owner)
    if video is not None:
        return _made(knowlify, video, owner)
    # The run may not make one here: the configured fixture, if still unused.
    before = knowlify.get(edit_path(configured), key=owner)
    status = before.json().get("status") if before.status_code == 200 else None
    if before.status_code == 200 and status != "complete":
        raise NotApplicable(
            f"fixture edits.{fixture} is {status!r}: already consumed by an earlier run; "
            "re-seed the server, or run against a sandbox (or with --allow-spend) so that the "
            "run makes its own"
        )
    return configured


def _video_to_edit(knowlify: Harness, configured: str, owner: str) -> str | None:
    """The configured edit's video, when the run may make an edit on it and watch it finish
    (the spend is taken here); None otherwise."""
    try:
        knowlify.needs_time_to_pass("making a fresh edit to revert")
        shown = knowlify.get(edit_path(configured), key=owner)
        video = shown.json().get("video_uuid") if shown.status_code == 200 else None
        if not isinstance(video, str):
            return None
        knowlify.spend("a fresh edit to revert")
    except NotApplicable:
        return None
    return video


def _made(knowlify: Harness, video: str, owner: str) -> str:
    """A fresh edit on ``video``, watched until complete; once made, a failure to complete is
    ``skip`` (the configured edit is no longer the newest on its video)."""
    created = knowlify.post(EDITS, key=owner, json=edit_body(video))
    accepted = created.status_code in EDIT_ACCEPTED_STATUSES
    edit_id = created.json().get("edit_id") if accepted else None
    if not isinstance(edit_id, str):
        raise NotApplicable(f"a fresh edit was not accepted ({created.status_code})")
    status = created.json().get("status")
    for _ in range(_MAX_POLLS):
        if status == "complete":
            return edit_id
        if status not in {"queued", "processing", "applying"}:
            break
        knowlify.wait(_STEP_SECONDS)
        polled = knowlify.get(edit_path(edit_id), key=owner)
        status = polled.json().get("status") if polled.status_code == 200 else None
    raise NotApplicable(f"the fresh edit ended {status!r}, not complete")
