"""``LabelledCase.build``: fills, default key, bodies, and missing fixtures."""

from __future__ import annotations

import json

import pytest

from strategies import NO_BODY, PLACEHOLDER_UUID, Fill, LabelledCase, MissingFixture

FIXTURES = {
    "keys.personal": "kn_" + "ab" * 32,
    "keys.revoked": "kn_" + "cd" * 32,
    "videos.complete": "550e8400-e29b-41d4-a716-446655440000",
    "image_urls.two_hops": "https://hops.example/p.png",
}


def _edit(**changes: object) -> LabelledCase:
    body = {"video_uuid": PLACEHOLDER_UUID, "edit_request": "x", "reference_image_urls": ["u"]}
    defaults: dict[str, object] = {
        "label": "ssrf/redirect-chains",
        "requirement": "REF-007",
        "expected_status": 422,
        "operation": "createEdit",
        "value": "u",
        "body": body,
        "fills": (
            Fill("/video_uuid", "videos.complete"),
            Fill("/reference_image_urls/0", "image_urls.two_hops"),
        ),
    }
    defaults.update(changes)
    return LabelledCase(**defaults)  # type: ignore[arg-type]


def test_build_writes_fills_and_the_default_key() -> None:
    case = _edit()
    built = case.build(FIXTURES)
    assert (built.method, built.path) == ("POST", "/v1/edits")
    headers = built.header_map()
    assert headers["X-API-Key"] == FIXTURES["keys.personal"]
    assert headers["Content-Type"] == "application/json"
    assert built.content is not None
    assert json.loads(built.content) == {
        "video_uuid": FIXTURES["videos.complete"],
        "edit_request": "x",
        "reference_image_urls": [FIXTURES["image_urls.two_hops"]],
    }
    assert case.body["video_uuid"] == PLACEHOLDER_UUID, "the case itself is not changed"
    assert case.fixtures_needed == ("videos.complete", "image_urls.two_hops", "keys.personal")


def test_a_missing_fixture_raises_missing_fixture() -> None:
    with pytest.raises(MissingFixture) as raised:
        _edit().build({"keys.personal": FIXTURES["keys.personal"]})
    assert raised.value.fixture == "videos.complete"
    assert "videos.complete" in str(raised.value)


def test_credential_fills_replace_the_default_key() -> None:
    case = LabelledCase(
        "credentials/upper-case",
        "AUTH-004",
        401,
        "getVideo",
        "<key>",
        use_default_key=False,
        fills=(
            Fill("path:uuid", "videos.complete"),
            Fill("header:X-API-Key", "keys.revoked", transform="upper-hex"),
        ),
    )
    built = case.build(FIXTURES)
    assert built.method == "GET"
    assert built.path == f"/v1/videos/{FIXTURES['videos.complete']}"
    assert built.header_map() == {"X-API-Key": "kn_" + "CD" * 32}
    assert built.content is None
    assert case.fixtures_needed == ("videos.complete", "keys.revoked")


def test_raw_bodies_are_sent_as_they_are_with_placeholders_filled() -> None:
    raw = b'{"video_uuid": "' + PLACEHOLDER_UUID.encode() + b'", "edit_request": "x"} x'
    case = LabelledCase(
        "body/trailing-garbage",
        "EDIT-007",
        422,
        "createEdit",
        raw,
        raw_body=raw,
        headers=(("Content-Type", "application/json"),),
        fills=(Fill("raw", "videos.complete", placeholder=PLACEHOLDER_UUID),),
    )
    built = case.build(FIXTURES)
    assert built.content == raw.replace(
        PLACEHOLDER_UUID.encode(), FIXTURES["videos.complete"].encode()
    )
    assert case.body is NO_BODY
    assert not NO_BODY


def test_templates_and_the_multi_fault_view() -> None:
    case = LabelledCase(
        "precedence/401-first",
        "PREC-001",
        401,
        "getVideo",
        "x",
        use_default_key=False,
        fills=(
            Fill("path:uuid", "videos.complete"),
            Fill("header:Authorization", "keys.personal", template="Bearer {}"),
        ),
        faults=("AUTH-007", "EDIT-009"),
    )
    assert (
        case.build(FIXTURES).header_map()["Authorization"] == f"Bearer {FIXTURES['keys.personal']}"
    )
    assert case.all_faults == ("AUTH-007", "EDIT-009")
    assert _edit().all_faults == ("REF-007",)


def test_upper_hex_refuses_a_key_it_cannot_change() -> None:
    with pytest.raises(ValueError, match="no hex letter"):
        Fill("header:X-API-Key", "k", transform="upper-hex").render({"k": "kn_" + "0" * 64})
