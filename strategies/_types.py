"""Fields of the wrong JSON type, missing required fields and a ``video_uuid`` that is no UUID.

These rules are inferred (the docs list "Pydantic validation" as 400 without naming types), so
every case here exercises a SHOULD requirement: VID-VAL-011 on video items, EDIT-004 and EDIT-005
on edits. ``null`` is drawn only for fields a null cannot mean "left out": required fields, and
``video_duration_seconds``, which the schema does not make nullable.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Final

from hypothesis import strategies as st

from ._cases import VIDEO_FILL, Fill, LabelledCase, edit_case, video_case
from ._context import Layout, edit_contexts, item_contexts, layouts, place
from ._fixtures import image_fixture
from ._registry import defines_strategy, union

__all__ = ["invalid_field_types"]

TYPE_LABELS: Final = (
    "type/task-missing",
    "type/task-not-string",
    "type/duration-not-integer",
    "type/style-prompt-not-string",
    "type/edit-field-missing",
    "type/edit-request-not-string",
    "type/video-uuid-not-uuid",
    "type/reference-urls-not-list",
    "type/reference-url-not-string",
)

_NOT_STRINGS: Final[tuple[Any, ...]] = (5, 1.5, True, None, ["x"], {"text": "x"})
_NOT_STRINGS_NOT_NULL: Final[tuple[Any, ...]] = (5, 1.5, True, ["x"], {"text": "x"})
# Never 60.0: JSON Schema counts it as an integer, Pydantic's strict mode does not.
_NOT_INTEGERS: Final[tuple[Any, ...]] = (45.5, 30.5, 299.9, "60", "sixty", True, None, [60])
_NOT_UUIDS: Final[tuple[Any, ...]] = (
    "", "not-a-uuid", "550e8400-e29b-41d4-a716-44665544000g", "550e8400-e29b-41d4-a716",
    "{550e8400-e29b-41d4-a716-446655440000}", "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
    "550e8400-e29b-41d4-a716-4466554400000", " 550e8400-e29b-41d4-a716-446655440000",
    "550e8400-e29b41d4-a716-4466-55440000", 5, None, True, ["550e8400-e29b-41d4-a716-446655440000"],
)  # fmt: skip
_EDIT_FIELDS: Final = ("video_uuid", "edit_request")
_OK_FIXTURE, _OK_URL = image_fixture("ok")
_URL_NOT_STRINGS: Final[tuple[Any, ...]] = (5, None, True, {"url": _OK_URL}, [_OK_URL])


def _item_case(
    label: str, field: str, value: Any, item: dict[str, Any], layout: Layout
) -> LabelledCase:
    return video_case(label, "VID-VAL-011", value, place({**item, field: value}, layout))


def _missing_task(item: dict[str, Any], layout: Layout) -> LabelledCase:
    faulty = {key: value for key, value in item.items() if key != "task"}
    return video_case("type/task-missing", "VID-VAL-011", "task", place(faulty, layout))


def _missing_edit_field(field: str, body: dict[str, Any]) -> LabelledCase:
    faulty = {key: value for key, value in body.items() if key != field}
    fills = (VIDEO_FILL,) if field != "video_uuid" else ()
    return edit_case("type/edit-field-missing", "EDIT-004", field, faulty, fills=fills)


def _edit_request_case(value: Any, body: dict[str, Any]) -> LabelledCase:
    return edit_case(
        "type/edit-request-not-string", "EDIT-005", value, {**body, "edit_request": value}
    )


def _uuid_case(value: Any, body: dict[str, Any]) -> LabelledCase:
    return edit_case(
        "type/video-uuid-not-uuid", "EDIT-005", value, {**body, "video_uuid": value}, fills=()
    )


def _urls_not_list(body: dict[str, Any]) -> LabelledCase:
    fills = (VIDEO_FILL, Fill("/reference_image_urls", _OK_FIXTURE))
    faulty = {**body, "reference_image_urls": _OK_URL}
    return edit_case("type/reference-urls-not-list", "EDIT-005", _OK_URL, faulty, fills=fills)


def _url_not_string(value: Any, body: dict[str, Any]) -> LabelledCase:
    faulty = {**body, "reference_image_urls": [value]}
    return edit_case("type/reference-url-not-string", "EDIT-005", value, faulty)


def _type_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    context = (item_contexts(), layouts())
    edits = edit_contexts()

    def item(label: str, field: str, values: tuple[Any, ...]) -> st.SearchStrategy[LabelledCase]:
        return st.builds(partial(_item_case, label, field), st.sampled_from(values), *context)

    return {
        "type/task-missing": st.builds(_missing_task, *context),
        "type/task-not-string": item("type/task-not-string", "task", _NOT_STRINGS),
        "type/duration-not-integer": item(
            "type/duration-not-integer", "video_duration_seconds", _NOT_INTEGERS
        ),
        "type/style-prompt-not-string": item(
            "type/style-prompt-not-string", "global_style_prompt", _NOT_STRINGS_NOT_NULL
        ),
        "type/edit-field-missing": st.builds(
            _missing_edit_field, st.sampled_from(_EDIT_FIELDS), edits
        ),
        "type/edit-request-not-string": st.builds(
            _edit_request_case, st.sampled_from(_NOT_STRINGS), edits
        ),
        "type/video-uuid-not-uuid": st.builds(_uuid_case, st.sampled_from(_NOT_UUIDS), edits),
        "type/reference-urls-not-list": st.builds(_urls_not_list, edits),
        "type/reference-url-not-string": st.builds(
            _url_not_string, st.sampled_from(_URL_NOT_STRINGS), edits
        ),
    }


@defines_strategy(family="fields", labels=TYPE_LABELS, branches=_type_branches)
def invalid_field_types() -> st.SearchStrategy[LabelledCase]:
    """Requests with a field of the wrong JSON type or a required field missing.

    Video items: no ``task``, a ``task`` that is not a string, a ``video_duration_seconds`` that
    is a fraction, a string, a boolean or ``null``, a ``global_style_prompt`` that is not a string
    (VID-VAL-011). Edits: ``video_uuid`` or ``edit_request`` missing (EDIT-004), an
    ``edit_request`` that is not a string, a ``video_uuid`` that is not a hyphenated UUID string,
    ``reference_image_urls`` that is not an array or holds a non-string (EDIT-005). All SHOULD;
    every case expects 400.

    Examples shrink towards a video item without ``task``.
    """
    return union(_type_branches())
