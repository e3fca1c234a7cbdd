"""Bad sizes: numbers out of range, texts too short or too long, bad emails, bad batch sizes.

Boundaries come first: each strategy shrinks to the value just past the limit (29, 301, 5001
characters, 51 items). Over-long texts are over the limit however characters are counted: they
are built from characters that are one code point, one grapheme and at most two UTF-16 units
each, so a 5001-character text is too long in code points, graphemes, UTF-16 units and bytes.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Final

from hypothesis import strategies as st

from conformance.contract.constants import (
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EDIT_REQUEST_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    REFERENCE_IMAGE_URLS_MAX,
    TASK_MAX_LENGTH,
)

from ._cases import VIDEO_FILL, Fill, LabelledCase, edit_case, video_case
from ._context import Layout, batch_contexts, edit_contexts, item_contexts, layouts, place
from ._fixtures import image_fixture
from ._registry import check_int_range, defines_strategy, union
from ._valid import emails

__all__ = ["invalid_batches", "invalid_emails", "invalid_lengths", "out_of_range_numbers"]

NUMBER_LABELS: Final = ("number/duration-below", "number/duration-above")
LENGTH_LABELS: Final = (
    "length/task-empty",
    "length/task-too-long",
    "length/task-too-long-multibyte",
    "length/style-prompt-too-long",
    "length/edit-request-empty",
    "length/edit-request-too-long",
    "length/too-many-reference-urls",
)
EMAIL_LABELS: Final = (
    "email/too-long",
    "email/no-at",
    "email/no-domain",
    "email/no-local-part",
    "email/two-at",
    "email/whitespace",
)
BATCH_LABELS: Final = ("batch/empty", "batch/too-many", "batch/not-a-list", "batch/item-not-object")

_ASCII: Final = "abcdefghijklmnopqrstuvwxyz0123456789 .,"
# One code point and one grapheme each; none combines with its neighbours.
_MULTIBYTE: Final = "éßжλ中日한😀🎬𝄞"
_OVERSHOOT: Final = 2000
_OK_IMAGE_FIXTURE, _OK_IMAGE_URL = image_fixture("ok")
_NOT_LISTS: Final[tuple[Any, ...]] = ({}, {"task": "x"}, "videos", 5, True, None)
_NOT_OBJECTS: Final[tuple[Any, ...]] = ("task", 5, None, True, [], [{"task": "x"}])


def _repeat(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def _long_texts(limit: int, alphabet: str) -> st.SearchStrategy[str]:
    """Texts of ``limit + 1`` to ``limit + 2000`` characters from ``alphabet``."""
    return st.builds(
        _repeat,
        st.text(alphabet, min_size=1, max_size=8),
        st.integers(limit + 1, limit + _OVERSHOOT),
    )


# --- numbers -------------------------------------------------------------------------------------


def _duration_case(label: str, value: int, item: dict[str, Any], layout: Layout) -> LabelledCase:
    body = place({**item, "video_duration_seconds": value}, layout)
    return video_case(label, "VID-VAL-002", value, body)


def _number_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    distance = st.integers(min_value=0)
    below = distance.map(lambda step: DURATION_MIN_SECONDS - 1 - step)
    above = distance.map(lambda step: DURATION_MAX_SECONDS + 1 + step)
    return {
        label: st.builds(partial(_duration_case, label), values, item_contexts(), layouts())
        for label, values in zip(NUMBER_LABELS, (below, above), strict=True)
    }


@defines_strategy(family="fields", labels=NUMBER_LABELS, branches=_number_branches)
def out_of_range_numbers() -> st.SearchStrategy[LabelledCase]:
    """``video_duration_seconds`` outside 30-300 in an otherwise valid POST /v1/videos body:
    below (29, 28, ... 0, negative, down to 64-bit and beyond) and above (301, 302, ... huge).

    Every value is a JSON integer; fractions and other types are ``invalid_field_types()``'s.
    Every case breaks VID-VAL-002 and expects 400.

    Examples shrink towards 29 and 301, the values just past the limits.
    """
    return union(_number_branches())


# --- lengths -------------------------------------------------------------------------------------


def _item_text_case(
    label: str, field: str, requirement: str, value: str, item: dict[str, Any], layout: Layout
) -> LabelledCase:
    return video_case(label, requirement, value, place({**item, field: value}, layout))


def _edit_text_case(label: str, value: str, body: dict[str, Any]) -> LabelledCase:
    return edit_case(label, "EDIT-001", value, {**body, "edit_request": value})


def _too_many_urls_case(count: int, body: dict[str, Any]) -> LabelledCase:
    urls = [_OK_IMAGE_URL] * count
    urls_fills = [Fill(f"/reference_image_urls/{i}", _OK_IMAGE_FIXTURE) for i in range(count)]
    fills = (VIDEO_FILL, *urls_fills)
    faulty = {**body, "reference_image_urls": urls}
    return edit_case("length/too-many-reference-urls", "EDIT-002", count, faulty, fills=fills)


def _length_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    mixed = _ASCII + _MULTIBYTE
    item_texts: list[tuple[str, str, str, st.SearchStrategy[str]]] = [
        ("length/task-empty", "task", "VID-VAL-001", st.just("")),
        ("length/task-too-long", "task", "VID-VAL-001", _long_texts(TASK_MAX_LENGTH, _ASCII)),
        (
            "length/task-too-long-multibyte",
            "task",
            "VID-VAL-001",
            _long_texts(TASK_MAX_LENGTH, _MULTIBYTE),
        ),
        (
            "length/style-prompt-too-long",
            "global_style_prompt",
            "VID-VAL-005",
            _long_texts(GLOBAL_STYLE_PROMPT_MAX_LENGTH, mixed),
        ),
    ]
    branches = {
        label: st.builds(
            partial(_item_text_case, label, field, requirement), values, item_contexts(), layouts()
        )
        for label, field, requirement, values in item_texts
    }
    edit_texts = (
        ("length/edit-request-empty", st.just("")),
        ("length/edit-request-too-long", _long_texts(EDIT_REQUEST_MAX_LENGTH, mixed)),
    )
    for label, values in edit_texts:
        branches[label] = st.builds(partial(_edit_text_case, label), values, edit_contexts())
    branches["length/too-many-reference-urls"] = st.builds(
        _too_many_urls_case,
        st.integers(REFERENCE_IMAGE_URLS_MAX + 1, REFERENCE_IMAGE_URLS_MAX + 10),
        edit_contexts(),
    )
    return branches


@defines_strategy(family="fields", labels=LENGTH_LABELS, branches=_length_branches)
def invalid_lengths() -> st.SearchStrategy[LabelledCase]:
    """Texts and lists past their size limits, each in an otherwise valid request.

    ``task`` empty or over 5000 characters (ASCII, or multi-byte characters only: VID-VAL-001),
    ``global_style_prompt`` over 5000 (VID-VAL-005), ``edit_request`` empty or over 5000
    (EDIT-001), and 6 or more ``reference_image_urls``, each the image-host fixture
    ``image_urls.ok`` (EDIT-002, a SHOULD). Every case expects 400.

    Examples shrink towards an empty ``task``; over-long texts shrink towards 5001 characters,
    6 URLs.
    """
    return union(_length_branches())


# --- emails --------------------------------------------------------------------------------------


def _long_email(local_size: int, labels_count: int) -> str:
    # A local part of at most 64 and domain labels of at most 63 characters: plausible in every
    # part, too long only in total.
    labels = ["d" * 63] * labels_count
    address = "l" * local_size + "@" + ".".join(labels) + ".com"
    while len(address) <= EMAIL_MAX_LENGTH:
        labels.append("d" * 63)
        address = "l" * local_size + "@" + ".".join(labels) + ".com"
    return address


def _email_case(label: str, requirement: str, value: str, body: dict[str, Any]) -> LabelledCase:
    return video_case(label, requirement, value, {**body, "email": value})


def _email_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    good = emails()
    values: list[tuple[str, str, st.SearchStrategy[str]]] = [
        (
            "email/too-long",
            "VID-VAL-009",
            st.builds(_long_email, st.integers(1, 64), st.integers(5, 7)),
        ),
        ("email/no-at", "VID-VAL-010", good.map(lambda email: email.replace("@", ""))),
        ("email/no-domain", "VID-VAL-010", good.map(lambda email: email.split("@")[0] + "@")),
        ("email/no-local-part", "VID-VAL-010", good.map(lambda email: "@" + email.split("@")[1])),
        ("email/two-at", "VID-VAL-010", good.map(lambda email: email.replace("@", "@x@"))),
        ("email/whitespace", "VID-VAL-010", good.map(lambda email: email.replace("@", " @"))),
    ]
    return {
        label: st.builds(partial(_email_case, label, requirement), addresses, batch_contexts())
        for label, requirement, addresses in values
    }


@defines_strategy(family="fields", labels=EMAIL_LABELS, branches=_email_branches)
def invalid_emails() -> st.SearchStrategy[LabelledCase]:
    """Bad ``email`` values in an otherwise valid POST /v1/videos body.

    Over 320 characters yet ``local@domain.tld`` in form, with no part over its RFC 5321 size
    (VID-VAL-009); no ``@``, nothing after it, nothing before it, two ``@``, or a space
    (VID-VAL-010). Addresses without a dot in the domain (``a@localhost``) are not drawn: the
    contract's pattern is unknown. Every case expects 400.

    Examples shrink towards the shortest over-long address (325 characters).
    """
    return union(_email_branches())


# --- batches -----------------------------------------------------------------------------------


def _too_many(count: int, item: dict[str, Any]) -> LabelledCase:
    return video_case("batch/too-many", "VID-BATCH-002", count, {"videos": [item] * count})


def _not_a_list(value: Any) -> LabelledCase:
    return video_case("batch/not-a-list", "VID-VAL-014", value, {"videos": value})


def _item_not_object(value: Any, layout: Layout) -> LabelledCase:
    return video_case("batch/item-not-object", "VID-VAL-011", value, place(value, layout))


def _batch_branches(
    max_size: int = 4 * BATCH_MAX_ITEMS,
) -> dict[str, st.SearchStrategy[LabelledCase]]:
    return {
        "batch/empty": st.just(None).map(
            lambda _: video_case("batch/empty", "VID-BATCH-001", [], {"videos": []})
        ),
        "batch/too-many": st.builds(
            _too_many, st.integers(BATCH_MAX_ITEMS + 1, max_size), item_contexts()
        ),
        "batch/not-a-list": st.sampled_from(_NOT_LISTS).map(_not_a_list),
        "batch/item-not-object": st.builds(
            _item_not_object, st.sampled_from(_NOT_OBJECTS), layouts()
        ),
    }


@defines_strategy(family="fields", labels=BATCH_LABELS, branches=_batch_branches)
def invalid_batches(*, max_size: int = 4 * BATCH_MAX_ITEMS) -> st.SearchStrategy[LabelledCase]:
    """POST /v1/videos bodies whose ``videos`` is the fault: no items (VID-BATCH-001), 51 to
    ``max_size`` valid items (VID-BATCH-002), not an array (VID-VAL-014, a SHOULD) or holding
    an item that is not an object (VID-VAL-011, a SHOULD). Every case expects 400.

    Examples shrink towards ``{"videos": []}``, and the too-many class towards 51 items.
    """
    high = check_int_range(max_size, "max_size", lower=BATCH_MAX_ITEMS + 1)
    return union(_batch_branches(high))
