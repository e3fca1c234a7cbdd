"""The bad-input families the server checks send, each class label with its explicit examples.

A *family* is a public bad-input strategy of ``strategies`` (``invalid_hex_colours()``,
``hostile_reference_urls()`` ...); strategies whose labels another family already holds (the
single-class hostile-URL strategies, all in ``hostile_reference_urls()``) and the provisional
multi-fault strategy (``test_precedence.py`` judges precedence) are left out. Every class label
of every family is a ``LabelClass``: the strategy drawing only that label (the registry's
branch), the requirements its cases are judged on (``CLAIMS``), and its *explicit examples*,
sent in every run before anything is drawn:

- the hand-picked literals below (once the ``REFUSED`` tables of ``test_videos_validation.py``
  and ``test_edits.py``),
- for ``ssrf/*`` labels, every entry of the curated SSRF corpus of that class,
- for each claimed requirement no literal covers, the label's simplest case for it (what
  ``hypothesis.find`` shrinks to: no randomness, the same every run).

``tests/suite/test_families.py`` proves ``CLAIMS`` against what the strategies draw.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from strategies import PLACEHOLDER_UUID, REGISTRY, Fill, LabelledCase, ssrf_corpus_cases

from ..contract.constants import (
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EDIT_REQUEST_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    REFERENCE_IMAGE_URLS_MAX,
    TASK_MAX_LENGTH,
)
from .bodies import edit_body, video_item, videos_body

__all__ = ["CLAIMS", "LITERALS", "LabelClass", "label_classes"]

#: Label -> the requirements its cases are judged on, grouped by requirement set.
_CLAIMED: Final[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = (
    (("EDIT-008", "VID-VAL-013"), ("body/empty", "body/bom", "body/wrong-content-type")),
    (("EDIT-007", "VID-VAL-012"), (
        "body/blank", "body/truncated", "body/trailing-garbage", "body/nan", "body/bad-number",
        "body/single-quotes", "body/unquoted-keys", "body/comments", "body/trailing-comma",
        "body/not-utf8", "body/form-encoded",
    )),
    (("EDIT-004", "VID-VAL-014"), (
        "shape/array", "shape/string", "shape/number", "shape/boolean", "shape/null",
        "shape/no-videos", "shape/deep-nesting", "shape/huge-string", "shape/duplicate-keys",
    )),
    (("AUTH-001",), ("credentials/missing",)),
    (("AUTH-003",), (
        "credentials/empty", "credentials/wrong-prefix", "credentials/short", "credentials/long",
        "credentials/non-hex", "credentials/whitespace",
    )),
    (("AUTH-004",), ("credentials/upper-case",)),
    (("AUTH-005",), ("credentials/never-issued",)),
    (("AUTH-006",), ("credentials/revoked",)),
    (("AUTH-007",), ("credentials/bearer-confusion",)),
    (("VID-VAL-004",), ("enum/case",)),
    (("EDIT-006", "VID-VAL-003", "VID-VAL-004"), (
        "enum/whitespace", "enum/look-alike", "enum/trailing", "enum/near-miss", "enum/empty",
    )),
    (("EDIT-006", "VID-VAL-011"), ("enum/wrong-type",)),
    (("VID-VAL-011",), (
        "enum/null", "hex/non-string", "palette/not-object", "batch/item-not-object",
        "type/task-missing", "type/task-not-string", "type/duration-not-integer",
        "type/style-prompt-not-string",
    )),
    (("VID-VAL-006",), (
        "hex/wrong-length", "hex/alpha", "hex/non-hex-digit", "hex/missing-hash",
        "hex/doubled-hash", "hex/other-prefix", "hex/whitespace", "hex/unicode-digit",
        "hex/named", "hex/css-function",
    )),
    (("VID-VAL-007",), (
        "palette/unknown-key", "palette/key-case", "palette/key-whitespace",
        "palette/key-look-alike",
    )),
    (("VID-VAL-002",), ("number/duration-below", "number/duration-above")),
    (("VID-VAL-001",), ("length/task-empty", "length/task-too-long",
                        "length/task-too-long-multibyte")),
    (("VID-VAL-005",), ("length/style-prompt-too-long",)),
    (("EDIT-001",), ("length/edit-request-empty", "length/edit-request-too-long")),
    (("EDIT-002",), ("length/too-many-reference-urls",)),
    (("VID-VAL-009",), ("email/too-long",)),
    (("VID-VAL-010",), ("email/no-at", "email/no-domain", "email/no-local-part", "email/two-at",
                        "email/whitespace")),
    (("VID-BATCH-001",), ("batch/empty",)),
    (("VID-BATCH-002",), ("batch/too-many",)),
    (("VID-VAL-014",), ("batch/not-a-list",)),
    (("EDIT-004",), ("type/edit-field-missing",)),
    (("EDIT-005",), ("type/edit-request-not-string", "type/video-uuid-not-uuid",
                     "type/reference-urls-not-list", "type/reference-url-not-string")),
    (("EDIT-003",), (
        "url/empty", "url/whitespace-or-control", "url/no-scheme", "url/empty-host",
        "url/bad-brackets", "url/bad-ipv6", "url/bad-port",
    )),
    (("REF-001",), ("ssrf/scheme",)),
    (("REF-002", "REF-004"), ("ssrf/loopback", "ssrf/userinfo-tricks")),
    (("REF-002",), ("ssrf/private-ipv4",)),
    (("REF-004",), ("ssrf/special-ipv6",)),
    (("REF-005",), ("ssrf/embedded-ipv4",)),
    (("REF-003",), ("ssrf/ipv4-spellings",)),
    (("REF-006",), ("ssrf/internal-names",)),
    (("REF-003", "REF-006"), ("ssrf/unicode-hosts", "ssrf/percent-encoding")),
    (("REF-007", "REF-009"), ("ssrf/redirect-chains",)),
)  # fmt: skip
CLAIMS: Final[Mapping[str, tuple[str, ...]]] = {
    label: requirements for requirements, labels in _CLAIMED for label in labels
}
"""Label -> every requirement a case of that label is judged on (its test's markers)."""

_JSON: Final = (("Content-Type", "application/json"),)


def _video(label: str, requirement: str, value: Any, body: Any) -> LabelledCase:
    return LabelledCase(label, requirement, 400, "createVideos", value, body=body)


def _item(label: str, requirement: str, field: str, value: Any) -> LabelledCase:
    """A one-item batch whose item has ``field`` set to ``value``."""
    return _video(label, requirement, value, videos_body(**{field: value}))


def _colour(label: str, colour: str) -> LabelledCase:
    return _item(label, "VID-VAL-006", "color_palette", {"primary": colour})


def _email(label: str, requirement: str, email: str) -> LabelledCase:
    return _video(label, requirement, email, {**videos_body(), "email": email})


def _raw(label: str, requirement: str, raw: bytes, status: int = 422) -> LabelledCase:
    return LabelledCase(
        label, requirement, status, "createVideos", raw, raw_body=raw, headers=_JSON
    )


def _edit(
    label: str, requirement: str, value: Any, body: Any, *, video: str | None = "/video_uuid"
) -> LabelledCase:
    """An edit aimed (where ``video`` points) at the caller's complete video."""
    fills = (Fill(video, "videos.complete"),) if video else ()
    return LabelledCase(label, requirement, 400, "createEdit", value, body=body, fills=fills)


_EDIT = edit_body(PLACEHOLDER_UUID)
_EDIT_OVER = "x" * (EDIT_REQUEST_MAX_LENGTH + 1)
_URLS_OVER = ["https://images.example/a.png"] * (REFERENCE_IMAGE_URLS_MAX + 1)
_TASK_OVER = TASK_MAX_LENGTH + 1
LITERALS: Final[tuple[LabelledCase, ...]] = (
    _item("length/task-empty", "VID-VAL-001", "task", ""),
    _item("length/task-too-long", "VID-VAL-001", "task", "x" * _TASK_OVER),
    _item("length/task-too-long-multibyte", "VID-VAL-001", "task", "é" * _TASK_OVER),
    _item("number/duration-below", "VID-VAL-002", "video_duration_seconds",
          DURATION_MIN_SECONDS - 1),
    _item("number/duration-above", "VID-VAL-002", "video_duration_seconds",
          DURATION_MAX_SECONDS + 1),
    _item("enum/near-miss", "VID-VAL-003", "aspect_ratio", "16:10"),
    _item("enum/near-miss", "VID-VAL-003", "aspect_ratio", "16/9"),
    _item("enum/whitespace", "VID-VAL-003", "aspect_ratio", " 16:9"),
    _item("enum/case", "VID-VAL-004", "video_type", "Explainer"),
    _item("enum/near-miss", "VID-VAL-004", "video_type", "vlog"),
    _item("length/style-prompt-too-long", "VID-VAL-005", "global_style_prompt",
          "s" * (GLOBAL_STYLE_PROMPT_MAX_LENGTH + 1)),
    _colour("hex/non-hex-digit", "#ggg"),
    _colour("hex/alpha", "#ffff"),
    _colour("hex/missing-hash", "fff"),
    _colour("hex/named", "red"),
    _item("palette/unknown-key", "VID-VAL-007", "color_palette", {"background": "#fff"}),
    _email("email/too-long", "VID-VAL-009", "a@" + "b" * (EMAIL_MAX_LENGTH - 4) + ".io"),
    _email("email/no-at", "VID-VAL-010", "not-an-email"),
    _email("email/no-domain", "VID-VAL-010", "user@"),
    _email("email/no-local-part", "VID-VAL-010", "@example.com"),
    _video("type/task-missing", "VID-VAL-011", "task", {"videos": [{"video_type": "explainer"}]}),
    _item("type/task-not-string", "VID-VAL-011", "task", 5),
    _item("type/duration-not-integer", "VID-VAL-011", "video_duration_seconds", 45.5),
    # Not "60" as a string: a FastAPI server in Pydantic's lax mode accepts it (and a live one
    # would bill the job); the contract does not say whether it must be refused.
    _video("shape/array", "VID-VAL-014", [video_item()], [video_item()]),
    _video("shape/string", "VID-VAL-014", "videos", "videos"),
    _video("shape/number", "VID-VAL-014", 42, 42),
    _raw("shape/null", "VID-VAL-014", b"null", status=400),
    _video("shape/no-videos", "VID-VAL-014", {}, {}),
    _video("batch/not-a-list", "VID-VAL-014", video_item(), {"videos": video_item()}),
    _video("batch/empty", "VID-BATCH-001", [], {"videos": []}),
    _video("batch/too-many", "VID-BATCH-002", BATCH_MAX_ITEMS + 1,
           videos_body(BATCH_MAX_ITEMS + 1)),
    _raw("body/truncated", "VID-VAL-012", b'{"videos": ['),
    _raw("body/trailing-garbage", "VID-VAL-012", b'{"videos": []} x'),
    _raw("body/single-quotes", "VID-VAL-012", b"{'videos': []}"),
    _raw("body/nan", "VID-VAL-012", b'{"videos": [{"task": "t", "video_duration_seconds": NaN}]}'),
    _raw("body/empty", "VID-VAL-013", b""),
    # Once the REFUSED table of test_edits.py.
    _edit("length/edit-request-empty", "EDIT-001", "", {**_EDIT, "edit_request": ""}),
    _edit("length/edit-request-too-long", "EDIT-001", _EDIT_OVER,
          {**_EDIT, "edit_request": _EDIT_OVER}),
    _edit("length/too-many-reference-urls", "EDIT-002", _URLS_OVER,
          {**_EDIT, "reference_image_urls": _URLS_OVER}),
    _edit("url/no-scheme", "EDIT-003", "not a url",
          {**_EDIT, "reference_image_urls": ["not a url"]}),
    _edit("url/empty-host", "EDIT-003", "https://", {**_EDIT, "reference_image_urls": ["https://"]}),
    _edit("shape/array", "EDIT-004", [_EDIT], [_EDIT], video="/0/video_uuid"),
    _edit("type/edit-field-missing", "EDIT-004", "video_uuid", {"edit_request": "x"}, video=None),
    _edit("type/edit-field-missing", "EDIT-004", "edit_request", {"video_uuid": PLACEHOLDER_UUID}),
    _edit("type/video-uuid-not-uuid", "EDIT-005", "not-a-uuid",
          {**_EDIT, "video_uuid": "not-a-uuid"}, video=None),
    _edit("type/edit-request-not-string", "EDIT-005", 5, {**_EDIT, "edit_request": 5}),
    _edit("enum/near-miss", "EDIT-006", "4:3", {**_EDIT, "aspect_ratio": "4:3"}),
)  # fmt: skip
"""The hand-picked cases, each an explicit example of its label."""

_FIND: Final = settings(
    database=None,
    deadline=None,
    max_examples=500,
    phases=(Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
)


@dataclass(frozen=True, slots=True)
class LabelClass:
    """One class label of one family: what draws it and what its cases are judged on."""

    family: str
    label: str
    requirements: tuple[str, ...]
    strategy: st.SearchStrategy[LabelledCase]

    @property
    def test_id(self) -> str:
        """The pytest id of its check (``-k`` matches it): ``invalid_hex_colours:hex/alpha``."""
        return f"{self.family}:{self.label}"

    @property
    def first_requirement(self) -> str:
        """The requirement of the first explicit example, known without drawing anything."""
        for case in (*LITERALS, *ssrf_corpus_cases()):
            if case.label == self.label:
                return case.requirement
        return self.requirements[0]

    def explicit_examples(self) -> tuple[LabelledCase, ...]:
        """The cases sent in every run, first: the literals and corpus entries of the label,
        then its simplest case for each claimed requirement they leave out."""
        return _explicit(self)


def _families() -> list[str]:
    """Registered, non-provisional bad-input strategies whose labels no larger one holds."""
    labelled = [info for info in REGISTRY.values() if info.labelled and not info.provisional]
    return [
        info.name
        for info in labelled
        if not any(set(info.labels) < set(other.labels) for other in labelled)
    ]


@functools.cache
def label_classes() -> tuple[LabelClass, ...]:
    """Every class label of every family, in registry order; checks ``CLAIMS`` covers them."""
    found: list[LabelClass] = []
    for name in _families():
        info = REGISTRY[name]
        assert info.branches is not None, f"{name} registers no branches"
        branches = info.branches()
        for label in info.labels:
            if label not in CLAIMS:
                raise RuntimeError(f"class label {label!r} of {name}() has no entry in CLAIMS")
            found.append(LabelClass(name, label, CLAIMS[label], branches[label]))
    extra = set(CLAIMS) - {found_class.label for found_class in found}
    if extra:
        raise RuntimeError(f"CLAIMS names labels no family draws: {sorted(extra)}")
    return tuple(found)


@functools.cache
def _explicit(label_class: LabelClass) -> tuple[LabelledCase, ...]:
    chosen = [case for case in LITERALS if case.label == label_class.label]
    chosen += [case for case in ssrf_corpus_cases() if case.label == label_class.label]
    for requirement in label_class.requirements:
        if any(case.requirement == requirement for case in chosen):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                chosen.append(find(label_class.strategy, _judged_on(requirement), settings=_FIND))
            except NoSuchExample:
                raise RuntimeError(
                    f"{label_class.label}: no case found for its claimed {requirement}"
                ) from None
    return tuple(chosen)


def _judged_on(requirement: str) -> Callable[[LabelledCase], bool]:
    def condition(case: LabelledCase) -> bool:
        return case.requirement == requirement

    return condition
