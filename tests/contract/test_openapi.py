"""The OpenAPI document (``conformance/contract/openapi.yaml``) equals the contract constants.

Every assertion compares a value of the document with a value of
:mod:`conformance.contract.constants`, so changing either side makes a test fail. The last tests
check behaviour: the schemas accept and reject boundary values derived from the constants, and
schemathesis can load the document and generate requests from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis.core.result import Err, Ok

from conformance.contract import constants as c
from conformance.contract.openapi import load_openapi, openapi_path
from conformance.server.schemathesis_support import (
    HEX_COLOUR_FORMAT,
    REFERENCE_URL_FORMAT,
    contract_schema,
)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
ERROR_SCHEMA_REF = "#/components/schemas/Error"
DOC_URI = "urn:knowlify:openapi"

# The components/responses entry each error status must use (one shared response per status).
RESPONSE_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    402: "PaymentRequired",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    415: "UnsupportedMediaType",
    422: "UnprocessableEntity",
    429: "TooManyRequests",
    500: "InternalServerError",
}
BUCKETS = {bucket.name: bucket for bucket in (c.VIDEOS_BUCKET, c.EDITS_BUCKET)}
ENDPOINT_IDS = [endpoint.operation_id for endpoint in c.ENDPOINTS]


# --- helpers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return load_openapi()


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow local ``$ref`` pointers until a non-reference node is reached."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert isinstance(ref, str), ref
        assert ref.startswith("#/"), f"only local references are used: {ref}"
        assert ref not in seen, f"reference cycle at {ref}"
        seen.add(ref)
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def schema(doc: dict[str, Any], name: str) -> dict[str, Any]:
    node = doc["components"]["schemas"][name]
    assert isinstance(node, dict)
    return node


def prop(doc: dict[str, Any], schema_name: str, name: str) -> dict[str, Any]:
    """A property's schema; a nullable ``anyOf: [X, null]`` gives X (see ``nullable``)."""
    node = schema(doc, schema_name)["properties"][name]
    options = node.get("anyOf")
    if options is not None:
        (node,) = [option for option in options if option != {"type": "null"}]
    node = resolve(doc, node)
    assert isinstance(node, dict)
    return node


def nullable(doc: dict[str, Any], schema_name: str, name: str) -> bool:
    node = schema(doc, schema_name)["properties"][name]
    if {"type": "null"} in node.get("anyOf", []):
        return True
    return isinstance(node.get("type"), list) and "null" in node["type"]


# Optional free-form fields where null means left out (decision 12); nothing else is nullable.
NULLABLE_FIELDS = {
    ("VideoCreateItem", "global_style_prompt"),
    ("VideoCreateItem", "color_palette"),
    ("VideoCreateItem", "voice_description"),
    ("CreateVideosRequest", "email"),
    ("CreateVideosRequest", "org_id"),
    ("CreateEditRequest", "aspect_ratio"),
}


def test_only_optional_free_form_fields_are_nullable(doc: dict[str, Any]) -> None:
    found = {
        (name, field)
        for name in ("VideoCreateItem", "CreateVideosRequest", "CreateEditRequest")
        for field in schema(doc, name)["properties"]
        if nullable(doc, name, field)
    }
    assert found == NULLABLE_FIELDS


def operation(doc: dict[str, Any], endpoint: c.Endpoint) -> dict[str, Any]:
    node = doc["paths"][endpoint.path][endpoint.method.lower()]
    assert isinstance(node, dict)
    return node


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def endpoint_by_id(operation_id: str) -> c.Endpoint:
    return next(e for e in c.ENDPOINTS if e.operation_id == operation_id)


def validator(doc: dict[str, Any], schema_name: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for one component schema, refs resolved in ``doc``."""
    registry: Registry[Any] = Registry().with_resource(
        DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"{DOC_URI}#/components/schemas/{schema_name}"},
        registry=registry,
        format_checker=FormatChecker(),
    )


def is_valid(doc: dict[str, Any], schema_name: str, instance: Any) -> bool:
    return bool(validator(doc, schema_name).is_valid(instance))


# --- the document as a whole -----------------------------------------------------------------
def test_document_validates_as_openapi_31(doc: dict[str, Any]) -> None:
    assert doc["openapi"] == "3.1.0"
    validate_spec(doc, cls=OpenAPIV31SpecValidator)


def test_loader_reads_the_packaged_file() -> None:
    path = openapi_path()
    assert path.name == "openapi.yaml"
    assert path.is_file()
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == load_openapi()


def test_loader_returns_independent_copies() -> None:
    first = load_openapi()
    first["paths"].clear()
    assert load_openapi()["paths"], "mutating one result must not change the cached document"


def test_info_and_servers(doc: dict[str, Any]) -> None:
    info = doc["info"]
    assert info["title"]
    assert re.fullmatch(r"1\.\d+(\.\d+)?", info["version"])
    description = info["description"]
    assert "docs.knowlify.com" in description
    assert "400, not 422" in description
    assert f"{c.REFERENCE_IMAGE_MAX_BYTES} bytes" in description
    assert c.REFERENCE_IMAGE_MAX_BYTES == 5 * 1024 * 1024, "the 5 MiB reading (decision 2)"
    assert [server["url"] for server in doc["servers"]] == ["https://api.knowlify.com"]


def test_every_ref_resolves(doc: dict[str, Any]) -> None:
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    refs = set(walk(doc))
    assert refs
    for ref in refs:
        assert resolve(doc, {"$ref": ref}) is not None


# --- operations ----------------------------------------------------------------------------------
def test_operations_are_exactly_the_endpoints(doc: dict[str, Any]) -> None:
    found = {(method, path, op["operationId"]) for method, path, op in iter_operations(doc)}
    expected = {(e.method, e.path, e.operation_id) for e in c.ENDPOINTS}
    assert found == expected
    assert len(list(iter_operations(doc))) == len(c.ENDPOINTS)
    assert set(doc["paths"]) == {e.path for e in c.ENDPOINTS}
    assert all(e.path.startswith(c.API_PREFIX + "/") for e in c.ENDPOINTS)


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_response_statuses(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    responses = operation(doc, endpoint)["responses"]
    assert all(isinstance(key, str) for key in responses), "status keys must be strings"
    assert {int(key) for key in responses} == {200} | set(endpoint.error_statuses)


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_rate_limit_bucket_extension(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    assert operation(doc, endpoint)["x-rate-limit-bucket"] == endpoint.bucket.name


def test_rate_limit_bucket_limits(doc: dict[str, Any]) -> None:
    buckets = doc["x-rate-limit-buckets"]
    assert {name: (b["limit"], b["window_seconds"]) for name, b in buckets.items()} == {
        name: (bucket.limit, bucket.window_seconds) for name, bucket in BUCKETS.items()
    }
    assert {e.bucket.name for e in c.ENDPOINTS} == set(buckets)
    for name, bucket in BUCKETS.items():
        text = buckets[name]["description"]
        assert f"{bucket.limit} requests per fixed {bucket.window_seconds} s window" in text
        paths = {f"{e.method} {e.path}" for e in c.ENDPOINTS if e.bucket == bucket}
        for described in paths:
            assert described in text


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_request_body_and_parameters(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    op = operation(doc, endpoint)
    assert ("requestBody" in op) is endpoint.has_body
    if endpoint.has_body:
        body = op["requestBody"]
        assert body["required"] is True
        assert set(body["content"]) == {"application/json"}
    parameters = [resolve(doc, p) for p in op.get("parameters", [])]
    path_names = re.findall(r"\{([^}]+)\}", endpoint.path)
    assert [p["name"] for p in parameters if p["in"] == "path"] == path_names
    for parameter in parameters:
        if parameter["in"] == "path":
            assert parameter["required"] is True
            assert parameter["schema"] == {"type": "string", "format": "uuid"}
    header_names = {p["name"] for p in parameters if p["in"] == "header"}
    expected_headers = {c.IDEMPOTENCY_KEY_HEADER} if operation_id == "createEdit" else set()
    assert header_names == expected_headers


def test_idempotency_key_header(doc: dict[str, Any]) -> None:
    op = operation(doc, endpoint_by_id("createEdit"))
    (parameter,) = (resolve(doc, p) for p in op["parameters"] if resolve(doc, p)["in"] == "header")
    assert parameter["name"] == c.IDEMPOTENCY_KEY_HEADER
    assert parameter["required"] is False
    assert parameter["schema"] == {"type": "string"}
    assert parameter["x-idempotency-ttl-seconds"] == c.IDEMPOTENCY_TTL_SECONDS
    assert f"within {c.IDEMPOTENCY_TTL_SECONDS // 3600} hours" in words(parameter["description"])


def test_max_active_jobs_extension(doc: dict[str, Any]) -> None:
    op = operation(doc, endpoint_by_id("createVideos"))
    assert op["x-max-active-jobs"] == c.MAX_ACTIVE_JOBS


# --- security ------------------------------------------------------------------------------------
def test_security_schemes(doc: dict[str, Any]) -> None:
    schemes = doc["components"]["securitySchemes"]
    assert set(schemes) == {"ApiKeyAuth", "BearerAuth"}
    api_key = schemes["ApiKeyAuth"]
    assert (api_key["type"], api_key["in"], api_key["name"]) == (
        "apiKey",
        "header",
        c.API_KEY_HEADER,
    )
    assert api_key["x-key-prefix"] == c.API_KEY_PREFIX
    assert api_key["x-key-hex-length"] == c.API_KEY_HEX_LENGTH
    assert api_key["x-key-pattern"] == c.API_KEY_PATTERN.pattern
    assert f"`{c.API_KEY_PREFIX}` plus {c.API_KEY_HEX_LENGTH} lowercase" in api_key["description"]
    total_length = len(c.API_KEY_PREFIX) + c.API_KEY_HEX_LENGTH
    assert f"{total_length} characters" in api_key["description"]
    bearer = schemes["BearerAuth"]
    assert (bearer["type"], bearer["scheme"], bearer["bearerFormat"]) == ("http", "bearer", "JWT")
    assert f"`{c.AUTHORIZATION_HEADER}: Bearer" in bearer["description"]
    assert "first-party" in bearer["description"]
    assert doc["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]
    for _, _, op in iter_operations(doc):
        assert "security" not in op, "every operation uses the global security"


# --- errors --------------------------------------------------------------------------------------
def test_error_schema(doc: dict[str, Any]) -> None:
    error = schema(doc, "Error")
    assert error["type"] == "object"
    assert error["required"] == ["detail"]
    assert error["properties"] == {"detail": {"type": "string", "minLength": 1}}
    assert is_valid(doc, "Error", {"detail": "x"})
    assert not is_valid(doc, "Error", {"detail": ""})
    assert not is_valid(doc, "Error", {"detail": [{"loc": ["body"], "msg": "x"}]})
    assert not is_valid(doc, "Error", {})


def test_component_responses_are_one_per_error_status(doc: dict[str, Any]) -> None:
    all_statuses = set().union(*(e.error_statuses for e in c.ENDPOINTS))
    assert set(RESPONSE_NAMES) == all_statuses
    assert set(doc["components"]["responses"]) == set(RESPONSE_NAMES.values())
    for status, name in RESPONSE_NAMES.items():
        assert doc["components"]["responses"][name]["description"].startswith(f"{status} ")


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_error_responses_use_the_single_error_schema(
    doc: dict[str, Any], operation_id: str
) -> None:
    endpoint = endpoint_by_id(operation_id)
    responses = operation(doc, endpoint)["responses"]
    for status in endpoint.error_statuses:
        raw = responses[str(status)]
        assert raw == {"$ref": f"#/components/responses/{RESPONSE_NAMES[status]}"}
        response = resolve(doc, raw)
        assert set(response["content"]) == {c.ERROR_CONTENT_TYPE}
        media = response["content"][c.ERROR_CONTENT_TYPE]
        assert media["schema"] == {"$ref": ERROR_SCHEMA_REF}
        assert resolve(doc, media["schema"])["properties"]["detail"]["minLength"] == 1
        for example in media.get("examples", {}).values():
            assert is_valid(doc, "Error", example["value"])


def test_rate_limit_detail(doc: dict[str, Any]) -> None:
    response = doc["components"]["responses"]["TooManyRequests"]
    assert response["x-detail-pattern"] == c.RATE_LIMIT_DETAIL_PATTERN.pattern
    examples = response["content"][c.ERROR_CONTENT_TYPE]["examples"]
    documented = c.RATE_LIMIT_DETAIL_TEMPLATE.format(
        limit=c.VIDEOS_BUCKET.limit, window=c.VIDEOS_BUCKET.window_seconds, seconds=45
    )
    assert examples["videos"]["value"]["detail"] == documented
    assert documented in response["description"]
    assert c.RATE_LIMIT_DETAIL_TEMPLATE in response["description"]
    for name, example in examples.items():
        match = c.RATE_LIMIT_DETAIL_PATTERN.fullmatch(example["value"]["detail"])
        assert match is not None, name
        bucket = BUCKETS[name]
        assert (int(match["limit"]), int(match["window"])) == (bucket.limit, bucket.window_seconds)
    assert set(examples) == set(BUCKETS)


def test_insufficient_credits_detail(doc: dict[str, Any]) -> None:
    response = doc["components"]["responses"]["PaymentRequired"]
    assert response["x-detail-pattern"] == c.INSUFFICIENT_CREDITS_PATTERN.pattern
    (example,) = response["content"][c.ERROR_CONTENT_TYPE]["examples"].values()
    match = c.INSUFFICIENT_CREDITS_PATTERN.fullmatch(example["value"]["detail"])
    assert match is not None
    assert example["value"]["detail"] == c.INSUFFICIENT_CREDITS_TEMPLATE.format(
        cost=match["cost"], balance=match["balance"]
    )
    assert int(match["balance"]) < int(match["cost"]), "402 means balance below worst case"


def test_documented_detail_strings(doc: dict[str, Any]) -> None:
    responses = doc["components"]["responses"]

    def example(name: str) -> str:
        (value,) = responses[name]["content"][c.ERROR_CONTENT_TYPE]["examples"].values()
        detail = value["value"]["detail"]
        assert isinstance(detail, str)
        return detail

    assert example("NotFound") == c.EDIT_NOT_FOUND_DETAIL
    assert example("Forbidden") == c.EDIT_NOT_OWNED_DETAIL
    not_revertable = example("Conflict")
    status = re.fullmatch(r"edit is not in a revertable state \(status=(\w+)\)", not_revertable)
    assert status is not None
    assert not_revertable == c.EDIT_NOT_REVERTABLE_TEMPLATE.format(status=status[1])
    assert status[1] in c.EDIT_STATUSES
    assert status[1] != "complete"


def test_error_descriptions_quote_the_constants(doc: dict[str, Any]) -> None:
    responses = doc["components"]["responses"]
    assert (
        f"{c.REFERENCE_IMAGE_MAX_BYTES} bytes" in responses["UnsupportedMediaType"]["description"]
    )
    assert "more than one redirect hop" in responses["UnprocessableEntity"]["description"]
    assert c.REFERENCE_IMAGE_MAX_REDIRECTS == 1
    backoff = f"starting at {c.SERVER_ERROR_BACKOFF_START_SECONDS:g} s"
    assert backoff in responses["InternalServerError"]["description"]


# --- headers -------------------------------------------------------------------------------------
def test_header_components(doc: dict[str, Any]) -> None:
    headers = doc["components"]["headers"]
    assert set(headers) == {*c.RATE_LIMIT_HEADERS, c.RETRY_AFTER_HEADER}
    for name, header in headers.items():
        assert header["required"] is True, name
        assert header["schema"]["type"] == "integer", name
    assert headers[c.RATE_LIMIT_LIMIT_HEADER]["schema"]["minimum"] == 1
    assert headers[c.RATE_LIMIT_LIMIT_HEADER]["example"] == c.VIDEOS_BUCKET.limit
    limit_text = headers[c.RATE_LIMIT_LIMIT_HEADER]["description"]
    for bucket in BUCKETS.values():
        assert f"{bucket.limit} for {bucket.name}" in limit_text
    assert "delta, not an epoch" in headers[c.RATE_LIMIT_RESET_HEADER]["description"]
    for name in (c.RATE_LIMIT_REMAINING_HEADER, c.RATE_LIMIT_RESET_HEADER, c.RETRY_AFTER_HEADER):
        assert headers[name]["schema"]["minimum"] == 0
    example = doc["components"]["responses"]["TooManyRequests"]["content"]
    detail = example[c.ERROR_CONTENT_TYPE]["examples"]["videos"]["value"]["detail"]
    match = c.RATE_LIMIT_DETAIL_PATTERN.fullmatch(detail)
    assert match is not None
    assert headers[c.RETRY_AFTER_HEADER]["example"] == int(match["seconds"])


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_success_declares_rate_limit_headers(doc: dict[str, Any], operation_id: str) -> None:
    ok = operation(doc, endpoint_by_id(operation_id))["responses"]["200"]
    assert ok["headers"] == {
        name: {"$ref": f"#/components/headers/{name}"} for name in c.RATE_LIMIT_HEADERS
    }
    assert set(ok["content"]) == {"application/json"}


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_too_many_requests_declares_retry_after(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    assert 429 in endpoint.error_statuses
    response = resolve(doc, operation(doc, endpoint)["responses"]["429"])
    assert response["headers"] == {
        name: {"$ref": f"#/components/headers/{name}"}
        for name in (c.RETRY_AFTER_HEADER, *c.RATE_LIMIT_HEADERS)
    }


# --- request schemas -----------------------------------------------------------------------------
def test_create_videos_request(doc: dict[str, Any]) -> None:
    request = schema(doc, "CreateVideosRequest")
    assert request["required"] == ["videos"]
    assert request.get("additionalProperties", True) is not False
    videos = prop(doc, "CreateVideosRequest", "videos")
    assert (videos["minItems"], videos["maxItems"]) == (c.BATCH_MIN_ITEMS, c.BATCH_MAX_ITEMS)
    assert f"{c.BATCH_MIN_ITEMS}-{c.BATCH_MAX_ITEMS} items" in videos["description"]
    assert videos["items"] == {"$ref": "#/components/schemas/VideoCreateItem"}
    email = prop(doc, "CreateVideosRequest", "email")
    assert email == {**email, "type": ["string", "null"], "format": "email"}
    assert email["maxLength"] == c.EMAIL_MAX_LENGTH
    assert prop(doc, "CreateVideosRequest", "org_id")["type"] == ["string", "null"]
    op = operation(doc, endpoint_by_id("createVideos"))
    body_schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/CreateVideosRequest"}


def test_video_create_item(doc: dict[str, Any]) -> None:
    item = schema(doc, "VideoCreateItem")
    assert item["required"] == ["task"]
    assert item.get("additionalProperties", True) is not False
    assert set(item["properties"]) == {
        "task",
        "video_duration_seconds",
        "aspect_ratio",
        "video_type",
        "global_style_prompt",
        "color_palette",
        "voice_description",
    }
    task = prop(doc, "VideoCreateItem", "task")
    assert (task["type"], task["minLength"], task["maxLength"]) == (
        "string",
        c.TASK_MIN_LENGTH,
        c.TASK_MAX_LENGTH,
    )
    duration = prop(doc, "VideoCreateItem", "video_duration_seconds")
    assert (duration["type"], duration["minimum"], duration["maximum"]) == (
        "integer",
        c.DURATION_MIN_SECONDS,
        c.DURATION_MAX_SECONDS,
    )
    style = prop(doc, "VideoCreateItem", "global_style_prompt")
    assert (style["type"], style["maxLength"]) == (
        ["string", "null"],
        c.GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    )
    assert "minLength" not in style
    assert prop(doc, "VideoCreateItem", "aspect_ratio")["enum"] == list(c.ASPECT_RATIOS)
    assert prop(doc, "VideoCreateItem", "video_type")["enum"] == list(c.VIDEO_TYPES)
    assert prop(doc, "VideoCreateItem", "voice_description")["type"] == ["string", "null"]


def test_color_palette(doc: dict[str, Any]) -> None:
    palette = prop(doc, "VideoCreateItem", "color_palette")
    assert palette["type"] == "object"
    assert palette["additionalProperties"] is False
    assert palette["propertyNames"] == {"enum": list(c.PALETTE_KEYS)}
    assert list(palette["properties"]) == list(c.PALETTE_KEYS)
    for key in c.PALETTE_KEYS:
        colour = resolve(doc, palette["properties"][key])
        assert colour["type"] == "string"
        assert colour["pattern"] == c.HEX_COLOUR_PATTERN.pattern
        assert colour["format"] == HEX_COLOUR_FORMAT


def test_create_edit_request(doc: dict[str, Any]) -> None:
    request = schema(doc, "CreateEditRequest")
    assert set(request["required"]) == {"video_uuid", "edit_request"}
    assert request.get("additionalProperties", True) is not False
    assert set(request["properties"]) == {
        "video_uuid",
        "edit_request",
        "reference_image_urls",
        "aspect_ratio",
    }
    assert prop(doc, "CreateEditRequest", "video_uuid") == {
        **prop(doc, "CreateEditRequest", "video_uuid"),
        "type": "string",
        "format": "uuid",
    }
    edit_request = prop(doc, "CreateEditRequest", "edit_request")
    assert (edit_request["type"], edit_request["minLength"], edit_request["maxLength"]) == (
        "string",
        c.EDIT_REQUEST_MIN_LENGTH,
        c.EDIT_REQUEST_MAX_LENGTH,
    )
    urls = prop(doc, "CreateEditRequest", "reference_image_urls")
    assert urls["type"] == "array"
    assert urls["maxItems"] == c.REFERENCE_IMAGE_URLS_MAX
    assert f"At most {c.REFERENCE_IMAGE_URLS_MAX} URLs" in urls["description"]
    assert urls["items"] == {"type": "string", "format": REFERENCE_URL_FORMAT}
    assert "absolute URL (RFC 3986)" in words(urls["description"])
    assert urls["x-reference-image-rules"] == {
        "scheme": "https",
        "max_redirects": c.REFERENCE_IMAGE_MAX_REDIRECTS,
        "max_bytes": c.REFERENCE_IMAGE_MAX_BYTES,
        "content_type": "image/*",
    }
    assert prop(doc, "CreateEditRequest", "aspect_ratio")["enum"] == list(c.ASPECT_RATIOS)
    assert prop(doc, "CreateEditRequest", "aspect_ratio") == prop(
        doc, "VideoCreateItem", "aspect_ratio"
    )


# --- response schemas ----------------------------------------------------------------------------
def response_schema(doc: dict[str, Any], operation_id: str) -> Any:
    ok = operation(doc, endpoint_by_id(operation_id))["responses"]["200"]
    return ok["content"]["application/json"]["schema"]


def test_create_videos_response(doc: dict[str, Any]) -> None:
    assert response_schema(doc, "createVideos") == {
        "$ref": "#/components/schemas/CreateVideosResponse"
    }
    response = schema(doc, "CreateVideosResponse")
    fields = ["status", "total", "enqueued", "parked", "errors", "user_id", "org_id", "results"]
    assert response["required"] == fields
    assert set(response["properties"]) == set(fields)
    assert prop(doc, "CreateVideosResponse", "status") == {"const": "ok"}
    for counter in ("total", "enqueued", "parked", "errors"):
        counter_schema = prop(doc, "CreateVideosResponse", counter)
        assert (counter_schema["type"], counter_schema["minimum"]) == ("integer", 0)
    assert prop(doc, "CreateVideosResponse", "org_id")["type"] == ["string", "null"]
    results = prop(doc, "CreateVideosResponse", "results")
    assert results["items"] == {"$ref": "#/components/schemas/ResultRow"}


def test_result_rows(doc: dict[str, Any]) -> None:
    row = schema(doc, "ResultRow")
    members = [resolve(doc, ref) for ref in row["oneOf"]]
    assert [m["properties"]["status"]["const"] for m in members] == list(c.RESULT_ROW_STATUSES)
    assert row["discriminator"]["propertyName"] == "status"
    mapping = row["discriminator"]["mapping"]
    assert list(mapping) == list(c.RESULT_ROW_STATUSES)
    assert list(mapping.values()) == [ref["$ref"] for ref in row["oneOf"]]
    by_status = dict(zip(c.RESULT_ROW_STATUSES, members, strict=True))
    for member in members:
        assert member.get("additionalProperties", True) is not False
        assert member["properties"]["index"] == {**member["properties"]["index"], "minimum": 0}
    assert set(by_status["queued"]["required"]) == {"index", "uuid", "status"}
    assert set(by_status["parked"]["required"]) == {"index", "uuid", "status", "queue_position"}
    position = by_status["parked"]["properties"]["queue_position"]
    assert (position["type"], position["minimum"]) == ("integer", 1)
    error = by_status["error"]
    assert set(error["required"]) == {"index", "status", "code", "message"}
    assert error["properties"]["code"] == {"const": c.ITEM_FAILED_CODE}
    assert error["properties"]["uuid"]["type"] == "string"


def test_video_schema(doc: dict[str, Any]) -> None:
    assert response_schema(doc, "getVideo") == {"$ref": "#/components/schemas/Video"}
    video = schema(doc, "Video")
    assert set(video["required"]) == set(video["properties"])
    assert set(video["properties"]) == {
        "uuid",
        "status",
        "is_complete",
        "is_failed",
        "progress",
        "error_message",
        "task",
        "created_at",
        "updated_at",
    }
    status = prop(doc, "Video", "status")
    assert status["type"] == "string"
    assert "enum" not in status
    assert status["x-documented-values"] == list(c.VIDEO_STATUSES)
    assert set(status["x-terminal-values"]) == c.VIDEO_TERMINAL_STATUSES
    assert ", ".join(c.VIDEO_STATUSES) in " ".join(status["description"].split())
    progress = prop(doc, "Video", "progress")
    assert "required" not in progress
    percent = progress["properties"]["percent"]
    assert (percent["type"], percent["minimum"], percent["maximum"]) == ("integer", 0, 100)
    for field in ("created_at", "updated_at"):
        assert prop(doc, "Video", field)["format"] == "date-time"
    assert prop(doc, "Video", "error_message")["type"] == ["string", "null"]


def test_edit_schema(doc: dict[str, Any]) -> None:
    assert response_schema(doc, "getEdit") == {"$ref": "#/components/schemas/Edit"}
    edit = schema(doc, "Edit")
    assert set(edit["properties"]) == {
        "edit_id",
        "video_uuid",
        "status",
        "is_complete",
        "is_failed",
        "progress",
        "result",
        "error_message",
        "created_at",
        "updated_at",
    }
    assert set(edit["required"]) == set(edit["properties"]) - {"result"}
    status = prop(doc, "Edit", "status")
    assert status["enum"] == list(c.EDIT_STATUSES)
    assert set(status["x-active-values"]) == c.EDIT_ACTIVE_STATUSES
    result = schema(doc, "EditResult")
    assert result["required"] == ["link"]
    assert result.get("additionalProperties", True) is not False
    assert result["properties"]["revert_diff"]["type"] == "object"


def allof_parts(doc: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    base, refinement = schema(doc, name)["allOf"]
    assert base == {"$ref": "#/components/schemas/Edit"}
    assert isinstance(refinement, dict)
    return base, refinement["properties"]


def test_create_edit_returns_an_accepted_edit(doc: dict[str, Any]) -> None:
    assert response_schema(doc, "createEdit") == {"$ref": "#/components/schemas/EditAccepted"}
    _, refinement = allof_parts(doc, "EditAccepted")
    assert refinement["status"]["enum"] == ["queued", "processing"]
    assert set(refinement["status"]["enum"]) <= c.EDIT_ACTIVE_STATUSES


def test_revert_returns_a_reverted_edit(doc: dict[str, Any]) -> None:
    assert response_schema(doc, "revertEdit") == {"$ref": "#/components/schemas/EditReverted"}
    _, refinement = allof_parts(doc, "EditReverted")
    assert refinement == {
        "status": {"enum": ["reverted"]},
        "is_complete": {"type": "boolean", "const": True},
    }
    assert "reverted" in c.EDIT_STATUSES


def _refinements(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, component in doc["components"]["schemas"].items():
        for part in component.get("allOf", ()):
            for field, narrowed in part.get("properties", {}).items():
                yield name, field, narrowed


def test_allof_refinements_are_readable_by_code_generators(doc: dict[str, Any]) -> None:
    """SDKs are generated from this document: openapi-python-client refuses a ``const``
    without a ``type`` and cannot combine a ``const`` with the base's enum ("can't combine
    enum of type str with Literal[...]"), and drops the schema (revert then has no model)."""
    for name, field, narrowed in _refinements(doc):
        if "const" in narrowed:
            assert "type" in narrowed, f"{name}.{field}: a const needs a type"
            assert not isinstance(narrowed["const"], str), f"{name}.{field}: narrow with enum"


# --- behaviour: the schemas accept and reject what the constants say ---------------------------
def video_item(**overrides: Any) -> dict[str, Any]:
    return {"task": "Explain HTTPS", **overrides}


def videos_body(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"videos": list(items) or [video_item()], **extra}


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        pytest.param(videos_body(), True, id="minimal"),
        pytest.param(videos_body(unknown_field=1), True, id="unknown-top-level-allowed"),
        pytest.param({"videos": [video_item()] * (c.BATCH_MIN_ITEMS - 1)}, False, id="under-min"),
        pytest.param({"videos": [video_item()] * c.BATCH_MAX_ITEMS}, True, id="max-batch"),
        pytest.param({"videos": [video_item()] * (c.BATCH_MAX_ITEMS + 1)}, False, id="over-max"),
        pytest.param(videos_body(video_item(task="")), False, id="empty-task"),
        pytest.param(videos_body(video_item(task="x" * c.TASK_MAX_LENGTH)), True, id="max-task"),
        pytest.param(
            videos_body(video_item(task="x" * (c.TASK_MAX_LENGTH + 1))), False, id="long-task"
        ),
        pytest.param(
            videos_body(video_item(video_duration_seconds=c.DURATION_MIN_SECONDS)),
            True,
            id="min-duration",
        ),
        pytest.param(
            videos_body(video_item(video_duration_seconds=c.DURATION_MIN_SECONDS - 1)),
            False,
            id="short-duration",
        ),
        pytest.param(
            videos_body(video_item(video_duration_seconds=c.DURATION_MAX_SECONDS)),
            True,
            id="max-duration",
        ),
        pytest.param(
            videos_body(video_item(video_duration_seconds=c.DURATION_MAX_SECONDS + 1)),
            False,
            id="long-duration",
        ),
        pytest.param(
            videos_body(
                video_item(global_style_prompt="x" * (c.GLOBAL_STYLE_PROMPT_MAX_LENGTH + 1))
            ),
            False,
            id="long-style",
        ),
        pytest.param(videos_body(video_item(aspect_ratio="4:3")), False, id="bad-ratio"),
        pytest.param(videos_body(video_item(video_type="vlog")), False, id="bad-type"),
        pytest.param(
            videos_body(video_item(color_palette=dict.fromkeys(c.PALETTE_KEYS, "#A1b2C3"))),
            True,
            id="full-palette",
        ),
        pytest.param(
            videos_body(video_item(color_palette={"background": "#fff"})), False, id="bad-key"
        ),
        pytest.param(
            videos_body(video_item(color_palette={"primary": "#ffff"})), False, id="bad-hex"
        ),
        pytest.param(
            videos_body(email="a" * (c.EMAIL_MAX_LENGTH - len("@x.io")) + "@x.io"),
            True,
            id="max-email",
        ),
        pytest.param(
            videos_body(email="a" * (c.EMAIL_MAX_LENGTH + 1 - len("@x.io")) + "@x.io"),
            False,
            id="long-email",
        ),
    ],
)
def test_create_videos_request_boundaries(doc: dict[str, Any], body: Any, valid: bool) -> None:
    assert is_valid(doc, "CreateVideosRequest", body) is valid


@pytest.mark.parametrize("ratio", c.ASPECT_RATIOS)
@pytest.mark.parametrize("video_type", c.VIDEO_TYPES)
def test_every_enum_value_is_accepted(doc: dict[str, Any], ratio: str, video_type: str) -> None:
    body = videos_body(video_item(aspect_ratio=ratio, video_type=video_type))
    assert is_valid(doc, "CreateVideosRequest", body)


def edit_body(**overrides: Any) -> dict[str, Any]:
    return {
        "video_uuid": "550e8400-e29b-41d4-a716-446655440000",
        "edit_request": "Make the intro shorter",
        **overrides,
    }


URL = "https://example.com/image.png"


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        pytest.param(edit_body(), True, id="minimal"),
        pytest.param(edit_body(edit_request=""), False, id="empty-request"),
        pytest.param(
            edit_body(edit_request="x" * c.EDIT_REQUEST_MAX_LENGTH), True, id="max-request"
        ),
        pytest.param(
            edit_body(edit_request="x" * (c.EDIT_REQUEST_MAX_LENGTH + 1)), False, id="long-request"
        ),
        pytest.param(
            edit_body(reference_image_urls=[URL] * c.REFERENCE_IMAGE_URLS_MAX), True, id="max-urls"
        ),
        pytest.param(
            edit_body(reference_image_urls=[URL] * (c.REFERENCE_IMAGE_URLS_MAX + 1)),
            False,
            id="too-many-urls",
        ),
        pytest.param(edit_body(aspect_ratio=c.ASPECT_RATIOS[-1]), True, id="ratio"),
        pytest.param(edit_body(aspect_ratio="1:1"), False, id="bad-ratio"),
        pytest.param({"edit_request": "x"}, False, id="no-video"),
    ],
)
def test_create_edit_request_boundaries(doc: dict[str, Any], body: Any, valid: bool) -> None:
    assert is_valid(doc, "CreateEditRequest", body) is valid


VIDEO = {
    "uuid": "550e8400-e29b-41d4-a716-446655440000",
    "status": "generating_frames",
    "is_complete": False,
    "is_failed": False,
    "progress": {
        "stage": "generating_frames",
        "percent": 88,
        "current_scene": 4,
        "total_scenes": 5,
    },
    "error_message": None,
    "task": "Explain how HTTPS works in 30 seconds",
    "created_at": "2026-04-25T12:34:56.789012+00:00",
    "updated_at": "2026-04-25T12:36:18.123456+00:00",
}


@pytest.mark.parametrize("status", [*c.VIDEO_STATUSES, "video_generation"])
def test_video_status_is_open(doc: dict[str, Any], status: str) -> None:
    assert is_valid(doc, "Video", {**VIDEO, "status": status})


def test_video_requires_every_field(doc: dict[str, Any]) -> None:
    assert is_valid(doc, "Video", VIDEO)
    for field in VIDEO:
        assert not is_valid(doc, "Video", {k: v for k, v in VIDEO.items() if k != field}), field
    assert not is_valid(doc, "Video", {**VIDEO, "progress": {"percent": 101}})


EDIT = {
    "edit_id": "e942890a-7776-4029-82d6-ce733d0a2cb2",
    "video_uuid": "550e8400-e29b-41d4-a716-446655440000",
    "status": "queued",
    "is_complete": False,
    "is_failed": False,
    "progress": {},
    "error_message": None,
    "created_at": "2026-04-25T12:34:56.789012+00:00",
    "updated_at": "2026-04-25T12:34:56.789012+00:00",
}


@pytest.mark.parametrize("status", c.EDIT_STATUSES)
def test_edit_statuses(doc: dict[str, Any], status: str) -> None:
    assert is_valid(doc, "Edit", {**EDIT, "status": status})
    accepted = is_valid(doc, "EditAccepted", {**EDIT, "status": status})
    assert accepted is (status in {"queued", "processing"})


def test_edit_rejects_unknown_status_and_checks_result(doc: dict[str, Any]) -> None:
    assert not is_valid(doc, "Edit", {**EDIT, "status": "applied"})
    assert is_valid(doc, "Edit", {**EDIT, "result": None})
    assert not is_valid(doc, "Edit", {**EDIT, "result": {}})
    reverted = {
        **EDIT,
        "status": "reverted",
        "is_complete": True,
        "result": {"link": "https://x", "scenes": [1], "revert_diff": {}},
    }
    assert is_valid(doc, "EditReverted", reverted)
    assert not is_valid(doc, "EditReverted", {**reverted, "is_complete": False})
    assert not is_valid(doc, "EditReverted", {**reverted, "status": "complete"})


def test_result_rows_validate(doc: dict[str, Any]) -> None:
    uuid = "550e8400-e29b-41d4-a716-446655440099"
    error_row = {"index": 3, "uuid": uuid, "session_id": "s", "chat_url": "u", "status": "error"}
    error_row |= {"code": c.ITEM_FAILED_CODE, "message": "voice_id was rejected"}
    assert is_valid(doc, "ResultRow", error_row)
    assert is_valid(doc, "ResultRow", {k: v for k, v in error_row.items() if k != "uuid"})
    assert not is_valid(doc, "ResultRow", {**error_row, "code": "OTHER"})
    assert is_valid(doc, "ResultRow", {"index": 0, "uuid": uuid, "status": "queued"})
    assert not is_valid(doc, "ResultRow", {"index": 0, "uuid": uuid, "status": "parked"})
    parked = {"index": 4, "uuid": uuid, "status": "parked", "queue_position": 1}
    assert is_valid(doc, "ResultRow", parked)
    assert not is_valid(doc, "ResultRow", {**parked, "queue_position": 0})
    assert not is_valid(doc, "ResultRow", {"index": -1, "uuid": uuid, "status": "queued"})


def test_every_example_validates(doc: dict[str, Any]) -> None:
    checked = 0
    for _, _, op in iter_operations(doc):
        for response in op["responses"].values():
            for media in resolve(doc, response).get("content", {}).values():
                ref = media["schema"]["$ref"]
                for example in media.get("examples", {}).values():
                    name = ref.rsplit("/", 1)[-1]
                    errors = list(validator(doc, name).iter_errors(example["value"]))
                    assert not errors, errors
                    checked += 1
    assert checked >= len(RESPONSE_NAMES) - 4


# --- schemathesis -------------------------------------------------------------------------------
def test_schemathesis_loads_every_operation(doc: dict[str, Any]) -> None:
    loaded = schemathesis.openapi.from_dict(doc)
    labels = []
    for result in loaded.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        assert isinstance(result, Ok)
        labels.append(result.ok().label)
    assert sorted(labels) == sorted(f"{e.method} {e.path}" for e in c.ENDPOINTS)


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_schemathesis_generates_valid_requests(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    api_operation = schemathesis.openapi.from_dict(doc).find_operation_by_id(operation_id)
    body_schema = None
    if endpoint.has_body:
        ref = operation(doc, endpoint)["requestBody"]["content"]["application/json"]["schema"]
        body_schema = validator(doc, ref["$ref"].rsplit("/", 1)[-1])

    @settings(
        max_examples=10, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=api_operation.as_strategy())
    def check(case: Any) -> None:
        assert case.method == endpoint.method
        for name in re.findall(r"\{([^}]+)\}", endpoint.path):
            assert name in case.path_parameters
        if body_schema is not None:
            assert not list(body_schema.iter_errors(case.body))

    check()


# The JSON Schema formats the document uses, and the two it names for the suite's own strategies.
STANDARD_FORMATS = {"uuid", "email", "date-time"}
CUSTOM_FORMATS = {HEX_COLOUR_FORMAT, REFERENCE_URL_FORMAT}
RFC_2606_HOSTS = {"example.com", "example.org", "example.net"}


def formats_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(formats_in(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(formats_in(value) for value in node))
    return set()


def test_formats_are_standard_or_ours(doc: dict[str, Any]) -> None:
    assert formats_in(doc) == STANDARD_FORMATS | CUSTOM_FORMATS


def test_schemathesis_generates_our_formats_from_our_strategies() -> None:
    schema = contract_schema()
    urls: list[str] = []
    colours: list[str] = []

    @settings(
        max_examples=40,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        edit=schema.find_operation_by_id("createEdit").as_strategy(),
        videos=schema.find_operation_by_id("createVideos").as_strategy(),
    )
    def check(edit: Any, videos: Any) -> None:
        urls.extend(edit.body.get("reference_image_urls") or [])
        for item in videos.body["videos"]:
            colours.extend((item.get("color_palette") or {}).values())

    check()
    assert urls
    assert colours
    # strategies.public_reference_urls(): https on the RFC 2606 hosts, never a random domain.
    assert all(u.startswith("https://") and urlsplit(u).hostname in RFC_2606_HOSTS for u in urls)
    assert all(c.HEX_COLOUR_PATTERN.fullmatch(colour) for colour in colours)


# --- prose: the numbers and status lists written in descriptions ----------------------------------
def words(text: str) -> str:
    return " ".join(text.split())


def test_prose_numbers(doc: dict[str, Any]) -> None:
    info = words(doc["info"]["description"])
    assert f"more than {c.REFERENCE_IMAGE_URLS_MAX} reference URLs" in info
    assert f"{c.REFERENCE_IMAGE_MAX_BYTES // 2**20} MiB = {c.REFERENCE_IMAGE_MAX_BYTES}" in info
    videos = operation(doc, endpoint_by_id("createVideos"))
    assert videos["summary"] == f"Queue {c.BATCH_MIN_ITEMS}-{c.BATCH_MAX_ITEMS} video jobs."
    edit = words(operation(doc, endpoint_by_id("createEdit"))["description"])
    assert f"within {c.IDEMPOTENCY_TTL_SECONDS // 3600} hours" in edit
    assert f"more than {c.REFERENCE_IMAGE_URLS_MAX} URLs" in edit
    assert f"above {c.REFERENCE_IMAGE_MAX_BYTES // 2**20} MiB" in edit
    assert c.REFERENCE_IMAGE_MAX_REDIRECTS == 1
    assert "more than one redirect hop" in edit


@pytest.mark.parametrize("operation_id", ENDPOINT_IDS)
def test_described_error_statuses(doc: dict[str, Any], operation_id: str) -> None:
    endpoint = endpoint_by_id(operation_id)
    description = words(operation(doc, endpoint)["description"])
    errors = description[description.index("Errors [") :]
    mentioned = {int(m[1]) for m in re.finditer(r"(?<!No )\b([45]\d\d)\b", errors) if m[1] != "200"}
    assert mentioned == set(endpoint.error_statuses)


def test_parking_example(doc: dict[str, Any]) -> None:
    ok = operation(doc, endpoint_by_id("createVideos"))["responses"]["200"]
    body = ok["content"]["application/json"]["examples"]["parking"]["value"]
    assert is_valid(doc, "CreateVideosResponse", body)
    rows = body["results"]
    assert body["total"] == len(rows) == body["enqueued"] + body["parked"] + body["errors"]
    assert body["enqueued"] == c.MAX_ACTIVE_JOBS
    assert [row["index"] for row in rows] == list(range(len(rows)))
    parked = [row["queue_position"] for row in rows if row["status"] == "parked"]
    assert parked == list(range(1, body["parked"] + 1))
    assert [row["status"] for row in rows[: c.MAX_ACTIVE_JOBS]] == ["queued"] * c.MAX_ACTIVE_JOBS
