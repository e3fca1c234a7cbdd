"""Valid strategies draw only what the contract accepts: every output validates against the
OpenAPI document's schemas and breaks no rule of the independent oracle; they shrink to the
simplest valid value; the pools cases are planted in are valid too."""

from __future__ import annotations

from typing import Any

import pytest
from contract_oracle import WORLD, edit_body_faults, item_faults, videos_body_faults
from host_oracle import is_malformed, url_faults
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.contract.openapi import load_openapi
from strategies import (
    api_keys,
    create_videos_bodies,
    edit_bodies,
    emails,
    hex_colours,
    palettes,
    prompt_texts,
    public_reference_urls,
    uuid_strings,
    video_items,
)
from strategies._context import BATCH_CONTEXTS, EDIT_CONTEXTS, ITEM_CONTEXTS, LAYOUTS, place
from strategies._docgen import simplest

DOCUMENT = load_openapi()
_REGISTRY = Registry().with_resource(
    "urn:knowlify", Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
)
KEY_PATTERN = DOCUMENT["components"]["securitySchemes"]["ApiKeyAuth"]["x-key-pattern"]


def validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer`` in the OpenAPI document."""
    return Draft202012Validator(
        {"$ref": f"urn:knowlify#{pointer}"},
        registry=_REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


SCHEMAS = "/components/schemas"
CASES: list[tuple[str, st.SearchStrategy[Any], str]] = [
    ("video_items", video_items(), f"{SCHEMAS}/VideoCreateItem"),
    ("create_videos_bodies", create_videos_bodies(), f"{SCHEMAS}/CreateVideosRequest"),
    ("edit_bodies", edit_bodies(), f"{SCHEMAS}/CreateEditRequest"),
    ("palettes", palettes(upper_case=True), f"{SCHEMAS}/ColorPalette"),
    ("palettes-lower", palettes(min_size=0), f"{SCHEMAS}/ColorPalette"),
    ("hex_colours", hex_colours(upper_case=True), f"{SCHEMAS}/HexColour"),
    ("uuid_strings", uuid_strings(), "/components/parameters/VideoUuid/schema"),
    ("uuid_strings-any", uuid_strings(version=None), "/components/parameters/EditId/schema"),
    ("emails", emails(), f"{SCHEMAS}/CreateVideosRequest/properties/email"),
    ("prompt_texts", prompt_texts(), f"{SCHEMAS}/VideoCreateItem/properties/task"),
    (
        "public_reference_urls",
        public_reference_urls(),
        f"{SCHEMAS}/CreateEditRequest/properties/reference_image_urls/items",
    ),
]


@pytest.mark.parametrize(("name", "strategy", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_valid_values_validate_against_the_openapi_schema(
    name: str, strategy: st.SearchStrategy[Any], pointer: str
) -> None:
    check = validator(pointer)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(value=strategy)
    def run(value: Any) -> None:
        errors = [error.message for error in check.iter_errors(value)]
        assert not errors, errors

    run()


def test_every_valid_strategy_is_checked_against_a_schema() -> None:
    from strategies import REGISTRY

    checked = {name.split("-")[0] for name, _, _ in CASES} | {"api_keys"}
    assert checked == {name for name, info in REGISTRY.items() if info.family == "valid"}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(body=create_videos_bodies())
def test_valid_batches_break_no_rule(body: dict[str, Any]) -> None:
    assert videos_body_faults(body) == []


@settings(max_examples=60)
@given(body=edit_bodies(video_uuid=WORLD["videos.complete"]))
def test_valid_edits_break_no_rule(body: dict[str, Any]) -> None:
    assert edit_body_faults(body, "personal") == []


@settings(max_examples=60)
@given(url=public_reference_urls())
def test_public_reference_urls_are_well_formed_public_https(url: str) -> None:
    assert not is_malformed(url)
    faults, maybe_public = url_faults(url)
    assert faults == set()
    assert maybe_public
    assert url.startswith("https://")


@settings(max_examples=60)
@given(key=api_keys())
def test_api_keys_match_the_documented_pattern(key: str) -> None:
    assert Draft202012Validator({"pattern": KEY_PATTERN}).is_valid(key)


@settings(max_examples=30)
@given(text=prompt_texts(min_size=5000, max_size=5000))
def test_boundary_texts_have_exactly_the_length_asked(text: str) -> None:
    assert len(text) == 5000


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(body=create_videos_bodies(min_size=50))
def test_full_batches_have_fifty_items(body: dict[str, Any]) -> None:
    assert len(body["videos"]) == 50


SIMPLEST = [
    (prompt_texts(), "0"),
    (prompt_texts(min_size=3), "000"),
    (hex_colours(), "#000"),
    (palettes(), {"primary": "#000"}),
    (palettes(min_size=0), {}),
    (video_items(), {"task": "0"}),
    (emails(), "a@a.aa"),
    (create_videos_bodies(), {"videos": [{"task": "0"}]}),
    (uuid_strings(), "00000000-0000-4000-8000-000000000000"),
    (api_keys(), "kn_" + "0" * 64),
    (public_reference_urls(), "https://example.com/"),
    (
        edit_bodies(video_uuid="550e8400-e29b-41d4-a716-446655440000"),
        {"video_uuid": "550e8400-e29b-41d4-a716-446655440000", "edit_request": "0"},
    ),
]


@pytest.mark.parametrize(
    ("strategy", "expected"), SIMPLEST, ids=[repr(c[1])[:30] for c in SIMPLEST]
)
def test_valid_strategies_shrink_towards_the_simplest_value(
    strategy: st.SearchStrategy[Any], expected: Any
) -> None:
    assert simplest(strategy) == expected


def test_context_pools_are_valid() -> None:
    items = validator(f"{SCHEMAS}/VideoCreateItem")
    bodies = validator(f"{SCHEMAS}/CreateVideosRequest")
    edits = validator(f"{SCHEMAS}/CreateEditRequest")
    for item in ITEM_CONTEXTS:
        assert items.is_valid(item), item
        assert item_faults(item) == [], item
    for layout in LAYOUTS:
        body = place(ITEM_CONTEXTS[0], layout)
        assert bodies.is_valid(body)
        assert videos_body_faults(body) == []
    for body in BATCH_CONTEXTS:
        assert bodies.is_valid(body)
        assert videos_body_faults(body) == []
    for edit in EDIT_CONTEXTS:
        aimed = {**edit, "video_uuid": WORLD["videos.complete"]}
        assert edits.is_valid(aimed)
        assert edit_body_faults(aimed, "personal") == []
    assert any(len(item["task"]) == 5000 and not item["task"].isascii() for item in ITEM_CONTEXTS)
