"""Provisional strategies: their contents may change in any release, without deprecation.

They rest on decisions the documentation leaves open, which may move when the docs or the
catalogue do. Today that is ``multi_fault_requests()``: the precedence between faults is
undocumented; ``conformance/contract/decisions.md`` fixes it at 401 -> 429 -> 422 (not JSON) ->
400 -> 404 / 403 -> 409 -> 402 -> SSRF 422 / 415, and the catalogue checks it at SHOULD level
(PREC-001 ... PREC-007).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from hypothesis import strategies as st

from conformance.contract.constants import (
    API_KEY_HEADER,
    EDIT_REQUEST_MAX_LENGTH,
    INSUFFICIENT_CREDITS_PATTERN,
    RATE_LIMIT_DETAIL_PATTERN,
)

from ._bodies import non_json_bodies, wrong_shape_bodies
from ._cases import VIDEO_FILL, Fill, LabelledCase, edit_case, record
from ._context import edit_contexts
from ._fields import invalid_enums
from ._fixtures import image_fixture
from ._hostile import loopback_urls, private_ipv4_urls
from ._registry import defines_strategy, union
from ._sizes import invalid_lengths
from ._tricks import userinfo_trick_urls
from ._urls import hostile_reference_urls
from ._valid import api_keys, uuid_strings

__all__ = ["PRECEDENCE_LABELS", "multi_fault_requests"]

PRECEDENCE_LABELS: Final = (
    "precedence/401-first",
    "precedence/429-second",
    "precedence/400-over-404",
    "precedence/400-over-403",
    "precedence/403-over-409",
    "precedence/409-over-402",
    "precedence/402-over-ssrf",
    "precedence/402-over-415",
    "precedence/400-over-ssrf",
    "precedence/400-over-415",
)

_FOREIGN_VIDEO: Final = Fill("/video_uuid", "videos.other_account")
_FOREIGN_BUILDING: Final = Fill("/video_uuid", "videos.other_account_building")
_LOW_BALANCE_BUILDING: Final = Fill("/video_uuid", "videos.low_balance_building")
_LOW_BALANCE_VIDEO: Final = Fill("/video_uuid", "videos.low_balance_complete")
_LOW_BALANCE_KEY: Final = Fill(f"header:{API_KEY_HEADER}", "keys.low_balance")
_WRONG_TYPE_FIXTURE, _WRONG_TYPE_URL = image_fixture("wrong_type")
_BUCKETS: Final = {"createVideos": "videos", "createEdit": "edits"}


def _plain_edits() -> st.SearchStrategy[dict[str, Any]]:
    return edit_contexts()


def _base_cases() -> st.SearchStrategy[LabelledCase]:
    """Authenticated single-fault requests of every kind the later precedence steps decide."""
    unknown = st.builds(
        lambda video, body: edit_case(
            "resource/unknown-video",
            "EDIT-009",
            video,
            {**body, "video_uuid": video},
            status=404,
            fills=(),
        ),
        uuid_strings(),
        _plain_edits(),
    )
    foreign = _plain_edits().map(
        lambda body: edit_case(
            "resource/foreign-video",
            "EDIT-010",
            "<videos.other_account>",
            body,
            status=403,
            fills=(_FOREIGN_VIDEO,),
        )
    )
    return st.one_of(
        non_json_bodies(),
        wrong_shape_bodies(),
        invalid_enums(),
        invalid_lengths(),
        hostile_reference_urls(),
        unknown,
        foreign,
    )


def _bad_credential() -> st.SearchStrategy[tuple[str, str, str]]:
    return st.one_of(
        st.just(("AUTH-001", "", "")),
        api_keys().map(lambda key: ("AUTH-003", API_KEY_HEADER, key[:-1])),
        api_keys().map(lambda key: ("AUTH-005", API_KEY_HEADER, key)),
    )


def _unauthenticated(base: LabelledCase, credential: tuple[str, str, str]) -> LabelledCase:
    requirement, name, value = credential
    label = "precedence/401-first"
    record(label)
    headers = base.headers + (((name, value),) if name else ())
    fills = tuple(fill for fill in base.fills if not fill.target.lower().startswith("header:"))
    return replace(
        base,
        label=label,
        requirement="PREC-001",
        expected_status=401,
        headers=headers,
        use_default_key=False,
        fills=fills,
        faults=(requirement, *base.all_faults),
        detail_pattern=None,
    )


def _rate_limited(base: LabelledCase) -> LabelledCase:
    label = "precedence/429-second"
    record(label)
    return replace(
        base,
        label=label,
        requirement="PREC-002",
        expected_status=429,
        faults=("RATE-008", *base.all_faults),
        preconditions=(f"exhausted:{_BUCKETS[base.operation]}",),
        detail_pattern=RATE_LIMIT_DETAIL_PATTERN.pattern,
    )


def _field_fault(choice: int) -> tuple[str, str, Any]:
    """(requirement, field, bad value) of a 400 fault in an edit body."""
    faults: tuple[tuple[str, str, Any], ...] = (
        ("EDIT-001", "edit_request", "x" * (EDIT_REQUEST_MAX_LENGTH + 1)),
        ("EDIT-001", "edit_request", ""),
        ("EDIT-006", "aspect_ratio", "16/9"),
    )
    return faults[choice % len(faults)]


def _combined(
    label: str,
    requirement: str,
    status: int,
    body: dict[str, Any],
    faults: tuple[str, ...],
    fills: tuple[Fill, ...],
    detail_pattern: str | None = None,
) -> LabelledCase:
    record(label)
    return LabelledCase(
        label,
        requirement,
        status,
        "createEdit",
        faults,
        body=body,
        fills=fills,
        faults=faults,
        detail_pattern=detail_pattern,
    )


def _hostile_url() -> st.SearchStrategy[tuple[str, str]]:
    """(requirement, URL) of a literal hostile URL needing no fixture."""
    return st.one_of(loopback_urls(), private_ipv4_urls(), userinfo_trick_urls()).map(
        lambda case: (case.requirement, str(case.value))
    )


def _resource_pairs() -> dict[str, st.SearchStrategy[LabelledCase]]:
    field = st.integers(0, 2).map(_field_fault)

    def over_404(fault: tuple[str, str, Any], video: str, body: dict[str, Any]) -> LabelledCase:
        rule, name, value = fault
        return _combined(
            "precedence/400-over-404",
            "PREC-003",
            400,
            {**body, name: value, "video_uuid": video},
            (rule, "EDIT-009"),
            (),
        )

    def over_403(fault: tuple[str, str, Any], body: dict[str, Any]) -> LabelledCase:
        rule, name, value = fault
        return _combined(
            "precedence/400-over-403",
            "PREC-003",
            400,
            {**body, name: value},
            (rule, "EDIT-010"),
            (_FOREIGN_VIDEO,),
        )

    def fixture_only(
        label: str,
        requirement: str,
        status: int,
        faults: tuple[str, ...],
        fills: tuple[Fill, ...],
        body: dict[str, Any],
    ) -> LabelledCase:
        pattern = INSUFFICIENT_CREDITS_PATTERN.pattern if status == 402 else None
        return _combined(label, requirement, status, body, faults, fills, pattern)

    return {
        "precedence/400-over-404": st.builds(over_404, field, uuid_strings(), _plain_edits()),
        "precedence/400-over-403": st.builds(over_403, field, _plain_edits()),
        "precedence/403-over-409": _plain_edits().map(
            lambda body: fixture_only(
                "precedence/403-over-409",
                "PREC-004",
                403,
                ("EDIT-010", "EDIT-011"),
                (_FOREIGN_BUILDING,),
                body,
            )
        ),
        "precedence/409-over-402": _plain_edits().map(
            lambda body: fixture_only(
                "precedence/409-over-402",
                "PREC-005",
                409,
                ("EDIT-011", "CRED-001"),
                (_LOW_BALANCE_BUILDING, _LOW_BALANCE_KEY),
                body,
            )
        ),
    }


def _url_pairs() -> dict[str, st.SearchStrategy[LabelledCase]]:
    field = st.integers(0, 2).map(_field_fault)
    low = (_LOW_BALANCE_VIDEO, _LOW_BALANCE_KEY)
    media = Fill("/reference_image_urls/0", _WRONG_TYPE_FIXTURE)
    credits = INSUFFICIENT_CREDITS_PATTERN.pattern

    def with_url(body: dict[str, Any], url: str) -> dict[str, Any]:
        return {**body, "reference_image_urls": [url]}

    def over_ssrf(hostile: tuple[str, str], body: dict[str, Any]) -> LabelledCase:
        return _combined(
            "precedence/402-over-ssrf",
            "PREC-006",
            402,
            with_url(body, hostile[1]),
            ("CRED-001", hostile[0]),
            low,
            credits,
        )

    def over_415(body: dict[str, Any]) -> LabelledCase:
        return _combined(
            "precedence/402-over-415",
            "PREC-006",
            402,
            with_url(body, _WRONG_TYPE_URL),
            ("CRED-001", "REF-011"),
            (*low, media),
            credits,
        )

    def field_over_ssrf(
        fault: tuple[str, str, Any], hostile: tuple[str, str], body: dict[str, Any]
    ) -> LabelledCase:
        rule, name, value = fault
        return _combined(
            "precedence/400-over-ssrf",
            "PREC-007",
            400,
            {**with_url(body, hostile[1]), name: value},
            (rule, hostile[0]),
            (VIDEO_FILL,),
        )

    def field_over_415(fault: tuple[str, str, Any], body: dict[str, Any]) -> LabelledCase:
        rule, name, value = fault
        return _combined(
            "precedence/400-over-415",
            "PREC-007",
            400,
            {**with_url(body, _WRONG_TYPE_URL), name: value},
            (rule, "REF-011"),
            (VIDEO_FILL, media),
        )

    return {
        "precedence/402-over-ssrf": st.builds(over_ssrf, _hostile_url(), _plain_edits()),
        "precedence/402-over-415": _plain_edits().map(over_415),
        "precedence/400-over-ssrf": st.builds(
            field_over_ssrf, field, _hostile_url(), _plain_edits()
        ),
        "precedence/400-over-415": st.builds(field_over_415, field, _plain_edits()),
    }


def _precedence_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    base = _base_cases()
    return {
        "precedence/401-first": st.builds(_unauthenticated, base, _bad_credential()),
        "precedence/429-second": base.map(_rate_limited),
        **_resource_pairs(),
        **_url_pairs(),
    }


@defines_strategy(
    family="precedence",
    labels=PRECEDENCE_LABELS,
    branches=_precedence_branches,
    provisional=True,
)
def multi_fault_requests() -> st.SearchStrategy[LabelledCase]:
    """Requests with two or more faults; each case expects 401, 429, 400, 403, 409 or 402,
    whichever status the precedence lets win.

    ``faults`` lists every requirement broken; ``requirement`` is the precedence rule deciding,
    all SHOULD. Classes: any bad body, field, hostile URL, unknown or foreign video sent without
    valid credentials (401, PREC-001) or on an exhausted bucket (429, PREC-002: the precondition
    ``exhausted:<bucket>`` is for the harness to arrange); a field fault with an unknown (404) or
    foreign (403) video (400 wins, PREC-003); a foreign video still building (403 over 409,
    PREC-004); a low-balance account's building video (409 over 402, PREC-005); a low-balance
    account with a hostile or non-image URL (402 over 422 and 415, PREC-006); a field fault with a
    hostile or non-image URL (400 over 422 and 415, PREC-007). Fixtures that the sandbox lacks
    (``videos.other_account_building``, ``videos.low_balance_building``) make those cases skip.
    The ``value`` of a case built here is the tuple of its faults.

    Examples shrink towards an empty body sent without credentials.
    """
    return union(_precedence_branches())
