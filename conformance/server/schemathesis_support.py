"""Schemathesis drives the OpenAPI contract, through the harness.

Schemathesis generates the requests from ``conformance/contract/openapi.yaml`` (its coverage phase,
then Hypothesis fuzzing); ``Driver`` sends them through the harness (the configured key, paced,
recorded as redacted ``Exchange``s) and ``judge`` runs these checks on each answer, in order:

1. ``knowlify_fault_status`` (custom): a request that breaks the request schema gets the exact
   status the contract gives that fault, charged to the broken field's requirement: 400 for a
   field (VID-VAL-*, VID-BATCH-*, EDIT-*), 422 for a body that is not JSON; an unknown path id
   gets 404; an undocumented method a 4xx (FW-003). The fault is read from the bytes sent, not
   from what Schemathesis meant to break: a mutation that leaves the body valid expects nothing.
2. ``knowlify_error_envelope`` (custom): every non-2xx is the JSON envelope (ENV-001, ENV-002).
3. ``status_code_conformance`` (built-in): the status is one the operation documents (ENV-005);
   sound, as the document lists exactly ``constants.ENDPOINTS``' statuses (test_openapi.py).
4. ``response_headers_conformance`` (built-in): a 200 carries the three ``X-RateLimit-*``
   integer headers (RATE-001), a 429 ``Retry-After`` too (RATE-009) [doc §3.3]; the document
   declares them required on exactly those two responses.

Built-in checks left out, as they would cry wolf against this contract or go around the harness:
``positive_data_acceptance`` (a schema-valid body is refused for reasons no schema shows: an
unknown ``video_uuid`` 404, a video still building 409, low credits 402, an SSRF-refused URL 422,
a non-image URL 415, a foreign ``org_id`` 400, an email the undocumented pattern refuses 400);
``negative_data_rejection`` (content with any 4xx, and it trusts what Schemathesis meant to break);
``not_a_server_error`` (500 is documented everywhere; a 500 to a fault fails check 1 already, and
no requirement forbids one to a valid request); ``response_schema_conformance`` (200 bodies are
judged field by field against their own IDs in test_results, test_polling and test_edits; the
POST /v1/edits 200 schema encodes EDIT-014, an OPTION); ``content_type_conformance`` (ENV-002 for
errors; no requirement covers a 2xx); ``unsupported_method`` and ``allow_header_conformance``
(they demand 405 and ``Allow``; FW-003 asks a 4xx with the envelope); ``missing_required_header``
(no operation declares a required header); ``ignored_auth`` (it re-sends cases without
credentials through Schemathesis's own transport: no pacing, redaction or record; AUTH-001 has
its own tests); ``use_after_free``, ``ensure_resource_availability`` and
``object_level_authorization`` (stateful: they need a recorded history these tests do not keep);
``max_response_time`` (no requirement sets a deadline).
"""

from __future__ import annotations

import contextvars
import functools
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from jsonschema import (  # type: ignore[import-untyped]  # no stubs; the values are Any
    Draft202012Validator,
    FormatChecker,
    ValidationError,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core import NotSet
from schemathesis.core.failures import CustomFailure, Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    response_headers_conformance,
    status_code_conformance,
)

import strategies

from ..contract.catalogue import load_catalogue
from ..contract.constants import ENDPOINTS, IDEMPOTENCY_KEY_HEADER, Endpoint
from ..contract.openapi import load_openapi
from ..exchange import Exchange
from ..failures import ConformanceFailure, HarnessError, NotApplicable, UnexpectedStatus
from ..harness import Harness
from ..oracles import (
    DOCUMENTED_STATUSES,
    endpoint_of,
    error_body_is_envelope,
    error_is_json,
    expect_status,
)
from ..selection import disabled_requirements
from .bodies import UNKNOWN_ID

if TYPE_CHECKING:
    from schemathesis import APIOperation, CheckContext, CheckFunction, Response
    from schemathesis.generation.case import Case
    from schemathesis.specs.openapi.schemas import OpenApiSchema

__all__ = [
    "CHECKS",
    "HEX_COLOUR_FORMAT",
    "REFERENCE_URL_FORMAT",
    "Driver",
    "Expectation",
    "GenerationMode",
    "body_expectation",
    "contract_schema",
    "judge",
    "knowlify_error_envelope",
    "knowlify_fault_status",
    "path_expectation",
    "register_formats",
]

HEX_COLOUR_FORMAT: Final = "hex-colour"
REFERENCE_URL_FORMAT: Final = "reference-url"
# Never contacted: a check that re-sent a case itself would fail to resolve, not reach production.
SCHEMATHESIS_BASE_URL: Final = "http://schemathesis.invalid"
UNEXPECTED_METHODS: Final = ("DELETE", "PATCH", "PUT", "GET", "POST")
REMOTE_EXAMPLES: Final = 5


def register_formats() -> None:
    """Our strategies generate our string formats: colours and harmless reference image URLs."""
    schemathesis.openapi.format(HEX_COLOUR_FORMAT, strategies.hex_colours(upper_case=True))
    schemathesis.openapi.format(REFERENCE_URL_FORMAT, strategies.public_reference_urls())


register_formats()


def contract_schema() -> OpenApiSchema:
    """A fresh Schemathesis schema of the contract (the coverage phase keeps state per schema).

    The config is explicit, so a ``schemathesis.toml`` in the working directory changes nothing;
    no security parameters are generated: the harness sends the configured key.
    """
    config = SchemathesisConfig.from_dict(
        {
            "base-url": SCHEMATHESIS_BASE_URL,
            "generation": {"with-security-parameters": False},
            "phases": {"coverage": {"unexpected-methods": list(UNEXPECTED_METHODS)}},
        }
    )
    return schemathesis.openapi.from_dict(load_openapi(), config=config)


# --- what a conformant server must answer ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Expectation:
    """The statuses a request's fault must get, and the requirements that say so (best first).

    ``statuses`` empty means the request carries no fault the contract gives a status to;
    ``excused`` statuses are no verdict at all (another rule allows them first); ``billable``
    marks a creating request that breaks nothing: a conformant server accepts it and bills.
    """

    statuses: frozenset[int] = frozenset()
    requirements: tuple[str, ...] = ()
    why: str = ""
    excused: frozenset[int] = frozenset()
    billable: bool = False

    def judged_by(self, judged: frozenset[str]) -> Expectation:
        """Only the requirements this run judges; none left means nothing to judge."""
        kept = tuple(rid for rid in self.requirements if rid in judged)
        if kept:
            return replace(self, requirements=kept)
        return Expectation(billable=self.billable)


NOTHING: Final = Expectation()
_BODY_SCHEMAS: Final = {"createVideos": "CreateVideosRequest", "createEdit": "CreateEditRequest"}
_NOT_JSON: Final = {"createVideos": "VID-VAL-012", "createEdit": "EDIT-007"}
_EMPTY: Final = {"createVideos": "VID-VAL-013", "createEdit": "EDIT-008"}
_UNKNOWN_ID: Final = {"getVideo": "VID-POLL-010", "getEdit": "EDIT-024", "revertEdit": "REV-012"}
_BOM: Final = b"\xef\xbb\xbf"


def _video_rule(path: tuple[Any, ...], keyword: str) -> tuple[str, ...]:
    match path:
        case ():
            return ("VID-VAL-014",)
        case ("videos",):
            batch = {"minItems": "VID-BATCH-001", "maxItems": "VID-BATCH-002"}
            return (batch.get(keyword, "VID-VAL-014"),)
        case ("videos", int()):
            return ("VID-VAL-011",)
        case ("videos", int(), "color_palette", *rest):
            if rest:
                return ("VID-VAL-006",)
            return ("VID-VAL-011",) if keyword == "type" else ("VID-VAL-007",)
        case ("videos", int(), name, *_):
            bounds = {"task": "VID-VAL-001", "video_duration_seconds": "VID-VAL-002",
                      "global_style_prompt": "VID-VAL-005"}  # fmt: skip
            values = {"aspect_ratio": "VID-VAL-003", "video_type": "VID-VAL-004"}
            if name in values:
                return (values[name], "VID-VAL-011")
            if name in bounds and keyword != "type":
                return (bounds[name],)
            return ("VID-VAL-011",)
        case ("email",):
            return ("VID-VAL-009",) if keyword == "maxLength" else ("VID-VAL-010",)
    return ()  # e.g. a wrong-typed org_id: no catalogue requirement covers it


def _edit_rule(path: tuple[Any, ...], keyword: str) -> tuple[str, ...]:
    match path:
        case ():
            return ("EDIT-004",)
        case ("edit_request",) if keyword in ("minLength", "maxLength"):
            return ("EDIT-001",)
        case ("reference_image_urls",) if keyword == "maxItems":
            return ("EDIT-002",)
        case ("aspect_ratio",):
            return ("EDIT-006",)
        case ("video_uuid" | "edit_request" | "reference_image_urls", *_):
            return ("EDIT-005",)
    return ()


_RULES: Final = {"createVideos": _video_rule, "createEdit": _edit_rule}


def _validators() -> dict[str, Draft202012Validator]:
    document = load_openapi()
    registry: Registry[Any] = Registry().with_resource(
        "urn:knowlify:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    # Only formats whose violation is certain: no '@' is no email, a bad UUID is no UUID.
    checker = FormatChecker(formats=("email", "uuid"))
    return {
        operation: Draft202012Validator(
            {"$ref": f"urn:knowlify:openapi#/components/schemas/{name}"},
            registry=registry,
            format_checker=checker,
        )
        for operation, name in _BODY_SCHEMAS.items()
    }


_VALIDATORS: Final = _validators()


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """The errors naming a broken keyword: ``anyOf``/``oneOf`` opened, ``null`` branches dropped."""
    for error in errors:
        if error.context:
            yield from _leaves(iter(error.context))
        elif not (error.validator == "type" and error.validator_value == "null"):
            yield error


def _urls(body: Any) -> list[Any]:
    urls = body.get("reference_image_urls") if isinstance(body, dict) else None
    return urls if isinstance(urls, list) else []


def _malformed(url: Any) -> bool:
    """Surely malformed (EDIT-003): no scheme, or http(s) with no host. Others are not judged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return not parts.scheme or (parts.scheme in ("http", "https") and not parts.hostname)


def _malformed_urls(body: Any) -> list[tuple[tuple[Any, ...], str]]:
    return [
        (("reference_image_urls", index), f"malformed URL {url[:60]!r}")
        for index, url in enumerate(_urls(body))
        if isinstance(url, str) and _malformed(url)
    ]


@functools.cache
def _rank(requirement: str) -> tuple[int, int]:
    """MUST before SHOULD before OPTION, then catalogue order."""
    catalogue = load_catalogue()
    level = ("MUST", "SHOULD", "OPTION").index(str(catalogue.requirements[requirement].level))
    return level, list(catalogue.requirements).index(requirement)


def body_expectation(
    operation_id: str, content: bytes, *, own_videos: frozenset[str] = frozenset()
) -> Expectation:
    """What a conformant server answers the body ``content`` sent to ``operation_id``.

    ``own_videos`` are videos the caller owns and may edit: with any other ``video_uuid`` a field
    fault of an edit competes with a 404/403 (PREC-003).
    """
    if operation_id not in _BODY_SCHEMAS:
        return NOTHING
    if not content.strip():
        requirement = _EMPTY[operation_id] if not content else _NOT_JSON[operation_id]
        return Expectation(frozenset({422}), (requirement,), "a body with no JSON in it")
    if content.startswith(_BOM):
        return NOTHING  # a JSON parser may skip a byte order mark (RFC 8259 §8.1)
    try:
        body = json.loads(content.decode("utf-8"), parse_constant=_reject_constant)
    except ValueError:
        return Expectation(frozenset({422}), (_NOT_JSON[operation_id],), "a body that is not JSON")
    rule = _RULES[operation_id]
    faults = [
        (tuple(error.absolute_path), f"{error.validator}: {error.message[:80]}",
         rule(tuple(error.absolute_path), str(error.validator)))
        for error in _leaves(_VALIDATORS[operation_id].iter_errors(body))
    ]  # fmt: skip
    if operation_id == "createEdit":
        faults += [(path, text, ("EDIT-003",)) for path, text in _malformed_urls(body)]
    if not faults:
        return Expectation(billable=True, why="valid by the request schema")
    judged = [fault for fault in faults if fault[2]]
    if not judged:
        return NOTHING  # only faults no requirement gives a status to (a wrong-typed org_id)
    why = "; ".join(f"{'.'.join(map(str, path)) or 'body'}: {text}" for path, text, _ in faults[:4])
    candidates = sorted({rid for *_, ids in judged for rid in ids}, key=_rank)
    excused: frozenset[int] = frozenset()
    if isinstance(body, dict) and operation_id == "createVideos":
        if isinstance(body.get("org_id"), str):
            excused = frozenset({403})  # a personal key's org_id: 400 or 403 first (ORG-004)
    elif isinstance(body, dict):
        areas = {path[0] for path, *_ in judged if path}
        video, urls = body.get("video_uuid"), _urls(body)
        if "video_uuid" not in areas and isinstance(video, str) and video not in own_videos:
            candidates = ["PREC-003"]  # a field fault, and a video that is unknown or not ours
        elif "reference_image_urls" not in areas and len(urls) > len(_malformed_urls(body)):
            candidates = ["PREC-007"]  # a field fault, and URLs the server may refuse first
    return Expectation(frozenset({400}), tuple(candidates), why, excused)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def path_expectation(method: str, path_template: str, identifier: str) -> Expectation:
    """A path operation: an undocumented method gets a 4xx (FW-003), an unknown id 404."""
    endpoint = endpoint_of(method, path_template)
    if endpoint is None:
        return Expectation(frozenset(range(400, 500)), ("FW-003",), f"{method} {path_template}")
    if identifier == UNKNOWN_ID and endpoint.operation_id in _UNKNOWN_ID:
        requirement = _UNKNOWN_ID[endpoint.operation_id]
        return Expectation(frozenset({404}), (requirement,), f"the unknown id {UNKNOWN_ID}")
    return NOTHING


# --- the checks ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Judging:
    exchange: Exchange
    expectation: Expectation


# What ``judge`` is judging: the custom checks read the harness's redacted exchange from here.
_JUDGING: contextvars.ContextVar[_Judging | None] = contextvars.ContextVar(
    "knowlify_judging", default=None
)
_DECODED: Final = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _response_of(exchange: Exchange) -> Response:
    """The exchange as Schemathesis's normalised response, for its built-in checks."""
    sent = httpx.Request(
        exchange.method,
        exchange.url,
        headers=list(exchange.request_headers),
        content=exchange.request_body,
    )
    headers = [(n, v) for n, v in exchange.response_headers if n.lower() not in _DECODED]
    answered = httpx.Response(
        exchange.status_code, headers=headers, content=exchange.response_body, request=sent
    )
    answered.elapsed = timedelta(seconds=exchange.elapsed)
    return schemathesis.Response.from_httpx(answered, verify=True)


@schemathesis.check
def knowlify_fault_status(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A fault gets the exact status the contract gives it (400, 422, 404; a 4xx for FW-003)."""
    current = _JUDGING.get()
    if current is None or not current.expectation.statuses:
        return True  # outside ``judge`` there is no harness exchange to judge
    exchange, expectation = current.exchange, current.expectation
    if exchange.status_code in expectation.excused:
        return True
    expect_status(
        exchange, expectation.statuses, requirement=expectation.requirements[0], why=expectation.why
    )
    return None


@schemathesis.check
def knowlify_error_envelope(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every non-2xx answer is the JSON ``{"detail": "..."}`` envelope (ENV-001, ENV-002)."""
    current = _JUDGING.get()
    if current is None or 200 <= current.exchange.status_code < 300:
        return True
    error_body_is_envelope(current.exchange)
    error_is_json(current.exchange)
    return None


def _own(failure: Failure, exchange: Exchange) -> ConformanceFailure:
    if isinstance(failure, CustomFailure) and isinstance(failure.exception, ConformanceFailure):
        return failure.exception
    raise HarnessError(f"check failed without a requirement: {failure.title}: {failure.message}")


def _documented(failure: Failure, exchange: Exchange) -> ConformanceFailure:
    allowed = getattr(failure, "allowed_status_codes", None) or []
    return UnexpectedStatus(
        requirement=DOCUMENTED_STATUSES,
        expected=frozenset(int(code) for code in allowed),
        exchange=exchange,
        why=f"Schemathesis status_code_conformance: {failure.message.splitlines()[0]}",
    )


def _rate_headers(failure: Failure, exchange: Exchange) -> ConformanceFailure:
    requirement = "RATE-009" if exchange.status_code == 429 else "RATE-001"
    return ConformanceFailure(
        requirement=requirement,
        title="rate-limit headers break the contract",
        message=f"Schemathesis response_headers_conformance: {failure.title}: {failure.message}",
        exchange=exchange,
    )


_Translate = Callable[[Failure, Exchange], ConformanceFailure]
# In judging order: the most precise verdict on an answer comes first.
CHECKS: Final[tuple[tuple[CheckFunction, _Translate], ...]] = (
    (knowlify_fault_status, _own),
    (knowlify_error_envelope, _own),
    (status_code_conformance, _documented),
    (response_headers_conformance, _rate_headers),
)


def judge(
    case: Case[Any], exchange: Exchange, expectation: Expectation
) -> list[ConformanceFailure]:
    """Run ``CHECKS`` on one answer: its failures, in check order, each naming a requirement."""
    token = _JUDGING.set(_Judging(exchange, expectation))
    failures: list[ConformanceFailure] = []
    try:
        response = _response_of(exchange)
        for check, translate in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                failures += [translate(failure, exchange) for failure in group.exceptions]
    finally:
        _JUDGING.reset(token)
    return failures


# --- sending generated cases through the harness ----------------------------------------------
# Request-shape probes whose answer the contract does not settle: a Content-Type other than JSON.
_UNSETTLED_PROBES: Final = frozenset({"malformed_content_type", "unsupported_content_type"})
_METHOD_PROBE: Final = "unspecified_http_method"
_UUID_CHECKER: Final = FormatChecker(formats=("uuid",))


def _coverage_data(case: Case[Any]) -> tuple[str | None, str | None]:
    """The coverage scenario of a case (``invalid_enum_value``...) and its schema location."""
    data = case.meta.phase.data if case.meta is not None else None
    scenario = getattr(data, "scenario", None)
    return (None if scenario is None else str(scenario.value)), getattr(data, "location", None)


def _telling(failure: ConformanceFailure) -> tuple[int, tuple[int, int]]:
    family = {"ENV-001": 1, "ENV-002": 1, DOCUMENTED_STATUSES: 2, "RATE-001": 3, "RATE-009": 3}
    return family.get(failure.requirement, 0), _rank(failure.requirement)


@dataclass
class Driver:
    """Sends Schemathesis's cases for one operation as the configured caller (against a remote
    target, in turn with the keys of ``spread_over``), and judges each.

    Substitutions keep every request safe and judgeable: the caller's key, never a generated
    credential; the caller's complete video (``videos.complete``) as ``video_uuid`` wherever a
    valid UUID was generated, else the unknown id; given ids on paths, never random ones; a fresh
    ``Idempotency-Key`` on each edit; no string ``org_id`` (the personal key has no org, and a
    foreign one is ORG-001's and ORG-004's business). A schema-valid creating request is sent
    only where it may be billed (the sandbox, or after ``knowlify.spend``: ``may_bill``).
    """

    knowlify: Harness
    operation_id: str
    may_bill: bool = False
    #: Fixture labels of more keys the cases may go out on, in turn, against a remote target:
    #: where more cases than one window admits would otherwise wait a whole window out (a fault
    #: in the body gets the same answer whichever account sends it). Unconfigured ones are left
    #: out; in process only the caller's own key is used.
    spread_over: tuple[str, ...] = ()
    schema: OpenApiSchema = field(default_factory=contract_schema)
    failures: list[ConformanceFailure] = field(default_factory=list)
    unjudged: list[ConformanceFailure] = field(default_factory=list)
    # Requirements an answer was judged against by ``knowlify_fault_status``, held or not.
    exercised: set[str] = field(default_factory=set)
    sent: int = 0
    endpoint: Endpoint = field(init=False)
    operation: APIOperation[Any, Any, Any, Any] = field(init=False)
    judged: frozenset[str] = field(init=False)
    own_videos: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        config = self.knowlify.config
        self.endpoint = next(e for e in ENDPOINTS if e.operation_id == self.operation_id)
        if self.endpoint.bucket.name == "edits" and not config.feature_enabled("edits"):
            raise NotApplicable("feature 'edits' is turned off")
        self.operation = self.schema.find_operation_by_id(self.operation_id)
        self.may_bill = self.may_bill or config.sandbox
        catalogue = load_catalogue()
        disabled = disabled_requirements(config, catalogue)
        self.judged = frozenset(rid for rid in catalogue.requirements if rid not in disabled)
        complete = config.fixtures.get("videos.complete")
        self.own_videos = frozenset({str(complete)} if complete else ())

    @property
    def remote(self) -> bool:
        """Requests cost rate-limit windows here (a dry run stands in for such a target)."""
        return not self.knowlify.target.in_process or self.knowlify.config.dry_run

    def coverage(self, mode: GenerationMode, *, methods: bool = False) -> list[Case[Any]]:
        """The coverage phase's cases in ``mode``; only the method probes when ``methods``.

        Against a remote target one case per scenario and schema location is kept: the rest
        differ only in the wrong value and would cost rate-limit windows.
        """
        generation = self.schema.config.generation_for(operation=self.operation, phase="coverage")
        found = self.schema.iter_coverage_cases(
            self.operation, generation_modes=[mode], generation_config=generation
        )
        cases, seen = [], set()
        for case in found:
            scenario, location = _coverage_data(case)
            if scenario in _UNSETTLED_PROBES or (scenario == _METHOD_PROBE) != methods:
                continue
            key = (scenario, location, case.method)
            if key in seen and self.remote:
                continue
            seen.add(key)
            cases.append(case)
        return cases

    def fuzz(self, mode: GenerationMode, *, max_examples: int) -> None:
        """Hypothesis draws ``max_examples`` cases in ``mode``; derandomised, no deadline.

        Each request costs a rate-limit slot on a remote target: there at most
        ``REMOTE_EXAMPLES`` are drawn, and a failure is not shrunk.
        """
        shrink = () if self.remote else (Phase.shrink,)

        @settings(
            max_examples=min(max_examples, REMOTE_EXAMPLES) if self.remote else max_examples,
            derandomize=True,
            database=None,
            deadline=None,
            report_multiple_bugs=False,
            suppress_health_check=list(HealthCheck),
            phases=(Phase.generate, *shrink),
        )
        @given(case=self.operation.as_strategy(generation_mode=mode))
        def generated(case: Case[Any]) -> None:
            self.run(case)

        generated()

    def run(
        self, case: Case[Any], *, identifier: str | None = None, collect: bool = False
    ) -> Exchange | None:
        """Send ``case`` (path ids replaced by ``identifier``) and judge the answer.

        A failure of a requirement the run judges is raised, or kept for ``settle`` when
        ``collect``; one of a requirement it does not judge (profile, feature toggles) is only
        recorded in ``unjudged``: it must not hide a judged one. Returns ``None`` when the case
        was not sent: a billable request where none may be billed.
        """
        if identifier is not None:
            for name in re.findall(r"\{(\w+)\}", self.endpoint.path):
                case.path_parameters[name] = identifier
        content, headers = self._payload(case)
        expectation = self._expect(case, content).judged_by(self.judged)
        if expectation.billable and not self.may_bill:
            return None
        exchange = self.knowlify.request(
            case.method, case.formatted_path, key=self._caller(), content=content, headers=headers
        )
        self.sent += 1
        self.exercised.update(expectation.requirements[:1])
        failures = judge(case, exchange, expectation)
        self.unjudged += [f for f in failures if f.requirement not in self.judged]
        judged = [f for f in failures if f.requirement in self.judged]
        if judged and not collect:
            raise judged[0]
        self.failures += judged[:1]
        return exchange

    def _caller(self) -> str:
        """The key the next case goes out on: the caller's, or in turn with ``spread_over``."""
        keys = [self.knowlify.fixture("keys.personal")]
        if self.remote:
            configured = (self.knowlify.config.fixtures.get(label) for label in self.spread_over)
            keys += [str(key) for key in configured if key]
        return keys[self.sent % len(keys)]

    def settle(self) -> None:
        """Record each requirement's most telling failure kept (a fault's exact status first),
        each judged on its own: one rule's failure never leaves another unjudged."""
        most_telling: dict[str, ConformanceFailure] = {}
        for failure in sorted(self.failures, key=_telling):
            most_telling.setdefault(failure.requirement, failure)
        for requirement, failure in most_telling.items():
            with self.knowlify.judge(requirement):
                raise failure

    def _payload(self, case: Case[Any]) -> tuple[bytes | None, dict[str, str]]:
        if not self.endpoint.has_body:
            return None, {}
        body = case.body
        if isinstance(body, NotSet):
            content = b""
        elif isinstance(body, bytes | bytearray):
            content = bytes(body)
        else:
            case.body = body = self._substituted(body)
            content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        headers = {"Content-Type": "application/json"}
        if self.operation_id == "createEdit":
            headers[IDEMPOTENCY_KEY_HEADER] = f"knowlify-conformance-{uuid.uuid4()}"
        return content, headers

    def _substituted(self, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        video, org_id = body.get("video_uuid"), body.get("org_id")
        is_uuid = isinstance(video, str) and _UUID_CHECKER.conforms(video, "uuid")
        if self.operation_id == "createEdit" and is_uuid:
            return {**body, "video_uuid": next(iter(self.own_videos), UNKNOWN_ID)}
        if self.operation_id == "createVideos" and isinstance(org_id, str):
            return {name: value for name, value in body.items() if name != "org_id"}
        return body

    def _expect(self, case: Case[Any], content: bytes | None) -> Expectation:
        identifier = next(iter(case.path_parameters.values()), "")
        expectation = path_expectation(case.method, self.endpoint.path, str(identifier))
        if expectation.statuses or content is None or case.method != self.endpoint.method:
            return expectation
        return body_expectation(self.operation_id, content, own_videos=self.own_videos)
