"""Bad values of single fields: enums, hex colours and palette keys (all 400, section 5.1).

Every case plants one bad value in an otherwise valid request. String values that are simply
not allowed break the documented MUST rule of their field; a value of the wrong JSON type
(``null``, a number, an array) breaks the inferred SHOULD rule VID-VAL-011, because a server may
read ``null`` as "left out" (the contract does not say) and the type rule is our reading.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance.contract.constants import ASPECT_RATIOS, PALETTE_KEYS, VIDEO_TYPES

from ._cases import LabelledCase, edit_case, video_case
from ._context import Layout, edit_contexts, item_contexts, layouts, place
from ._registry import check_subset, defines_strategy, grouped, union
from ._unicode import (
    INVISIBLES,
    UNICODE_DIGITS,
    WHITESPACE,
    insert,
    look_alike,
    recase,
    substitute_digits,
)
from ._valid import hex_colours

__all__ = ["invalid_enums", "invalid_hex_colours", "invalid_palettes"]

ENUM_FIELDS: Final = ("aspect_ratio", "video_type")
ENUM_OPERATIONS: Final = ("createVideos", "createEdit")
ENUM_LABELS: Final = (
    "enum/case",
    "enum/whitespace",
    "enum/look-alike",
    "enum/trailing",
    "enum/near-miss",
    "enum/empty",
    "enum/wrong-type",
    "enum/null",
)
HEX_LABELS: Final = (
    "hex/wrong-length",
    "hex/alpha",
    "hex/non-hex-digit",
    "hex/missing-hash",
    "hex/doubled-hash",
    "hex/other-prefix",
    "hex/whitespace",
    "hex/unicode-digit",
    "hex/named",
    "hex/css-function",
    "hex/non-string",
)
PALETTE_LABELS: Final = (
    "palette/unknown-key",
    "palette/key-case",
    "palette/key-whitespace",
    "palette/key-look-alike",
    "palette/not-object",
)

_REQUIREMENTS: Final = {
    ("createVideos", "aspect_ratio"): "VID-VAL-003",
    ("createVideos", "video_type"): "VID-VAL-004",
    ("createEdit", "aspect_ratio"): "EDIT-006",
}
_NEAR_MISSES: Final = {
    "aspect_ratio": (
        "16/9", "16:10", "4:3", "1:1", "9:16:", "16x9", "16-9", "16 : 9", "21:9", "9/16",
        "16:09", "016:9", "16.9", "1.78", "landscape", "portrait",
    ),
    "video_type": (
        "tutorial", "explain", "explanatory", "instruction", "vlog", "story", "promo",
        "ad", "documentary", "social-media", "short", "default",
    ),
}  # fmt: skip
_WRONG_TYPES: Final[tuple[Any, ...]] = (0, 169, 16 / 9, True, False, [], ["16:9"], {"x": 1})
_TRAILING: Final = ("s", ".", "x", "0", "!", "_", "/", ":")
_LETTERS: Final = "gGhHzZxXkKoOlLpP"
_SYMBOLS: Final = "-+.,;_ /%"
_NAMED: Final = ("red", "white", "black", "transparent", "currentColor", "rebeccapurple")
_CSS: Final = (
    "rgb(255, 0, 0)", "rgba(0,0,0,0.5)", "hsl(120, 100%, 50%)", "rgb(0 0 0 / 50%)",
    "color(srgb 1 0 0)", "#fff!important",
)  # fmt: skip
_NON_STRINGS: Final[tuple[Any, ...]] = (4095, 0xFFFFFF, 1.5, True, None, ["#fff"], {"hex": "#fff"})
_UNKNOWN_KEYS: Final = (
    "background", "text", "foreground", "highlight", "quaternary", "color", "brand",
    "primary_color", "primaryColor", "accent2", "secondary-color", "", "fourth",
)  # fmt: skip
_NOT_OBJECTS: Final[tuple[Any, ...]] = ("primary", "#fff", ["#fff"], ["primary", "#fff"], 5, True)
_HEX_DIGITS: Final = "0123456789abcdef"


# --- enums ---------------------------------------------------------------------------------------


def _allowed(field: str) -> tuple[str, ...]:
    return ASPECT_RATIOS if field == "aspect_ratio" else VIDEO_TYPES


def _enum_values(field: str, operation: str) -> dict[str, st.SearchStrategy[Any]]:
    base = st.sampled_from(_allowed(field))
    index = st.integers(0, 15)
    values: dict[str, st.SearchStrategy[Any]] = {
        "enum/whitespace": st.builds(
            insert,
            base,
            st.sampled_from((0, -1, 1)),
            st.sampled_from(WHITESPACE),
        ),
        "enum/look-alike": st.one_of(
            st.builds(look_alike, base, index, index),
            st.builds(insert, base, st.integers(1, 8), st.sampled_from(INVISIBLES)),
        ),
        "enum/trailing": st.builds(
            lambda text, tail: text + tail, base, st.sampled_from(_TRAILING)
        ),
        "enum/near-miss": st.sampled_from(_NEAR_MISSES[field]),
        "enum/empty": st.just(""),
        "enum/wrong-type": st.sampled_from(_WRONG_TYPES),
    }
    if field == "video_type":
        values["enum/case"] = st.builds(recase, base, st.integers(0, 2**12 - 1))
    else:
        values["enum/look-alike"] = st.one_of(
            values["enum/look-alike"],
            st.builds(substitute_digits, base, st.integers(0, 4), st.integers(0, 3)),
        )
    if operation == "createVideos":
        values["enum/null"] = st.just(None)
    return values


def _video_field_case(
    label: str, field: str, requirement: str, value: Any, item: dict[str, Any], layout: Layout
) -> LabelledCase:
    body = place({**item, field: value}, layout)
    return video_case(label, requirement, value, body)


def _edit_field_case(
    label: str, field: str, requirement: str, value: Any, body: dict[str, Any]
) -> LabelledCase:
    return edit_case(label, requirement, value, {**body, field: value})


def _planted(
    label: str, field: str, requirement: str, operation: str, values: st.SearchStrategy[Any]
) -> st.SearchStrategy[LabelledCase]:
    if operation == "createVideos":
        return st.builds(
            partial(_video_field_case, label, field, requirement),
            values,
            item_contexts(),
            layouts(),
        )
    return st.builds(partial(_edit_field_case, label, field, requirement), values, edit_contexts())


def _enum_branches(
    fields: Collection[str] = ENUM_FIELDS, operations: Collection[str] = ENUM_OPERATIONS
) -> dict[str, st.SearchStrategy[LabelledCase]]:
    pairs: list[tuple[str, st.SearchStrategy[LabelledCase]]] = []
    for operation in operations:
        for field in fields:
            requirement = _REQUIREMENTS.get((operation, field))
            if requirement is None:
                continue
            for label, values in _enum_values(field, operation).items():
                rule = requirement
                if label in ("enum/wrong-type", "enum/null") and operation == "createVideos":
                    rule = "VID-VAL-011"
                pairs.append((label, _planted(label, field, rule, operation, values)))
    branches = grouped(pairs)
    return {label: branches[label] for label in ENUM_LABELS if label in branches}


@defines_strategy(family="fields", labels=ENUM_LABELS, branches=_enum_branches)
def invalid_enums(
    *,
    fields: Collection[str] = ENUM_FIELDS,
    operations: Collection[str] = ENUM_OPERATIONS,
) -> st.SearchStrategy[LabelledCase]:
    """Bad values of the enum ``fields`` (``aspect_ratio``, ``video_type``) on the given
    ``operations`` (``createVideos``; ``createEdit`` has the ``aspect_ratio`` override only).

    Classes: upper-cased letters, whitespace (ASCII, no-break, ideographic) around or inside,
    look-alike Unicode (Cyrillic letters, fullwidth forms, ratio and fullwidth colons, other
    scripts' digits, zero-width characters), a trailing character, near misses (``16/9``,
    ``16:10``, ``tutorial``), the empty string, other JSON types and ``null``. Strings break the
    field's enum rule (VID-VAL-003, VID-VAL-004, EDIT-006); other types VID-VAL-011 (EDIT-006 on
    edits). ``null`` is drawn for video items only: the edit override is optional and nullable
    by our reading. Every case expects 400.

    Examples shrink towards ``"video_type": "Instructional"`` in a one-item batch.
    """
    chosen_fields = check_subset(fields, ENUM_FIELDS, "fields")
    chosen_operations = check_subset(operations, ENUM_OPERATIONS, "operations")
    branches = _enum_branches(chosen_fields, chosen_operations)
    if not branches:
        raise InvalidArgument(
            f"fields={fields!r} with operations={operations!r} names no enum field"
        )
    return union(branches)


# --- hex colours -----------------------------------------------------------------------------


def _digits(length: int, seed: str) -> str:
    return (seed * (length // max(len(seed), 1) + 1))[:length] if seed else "f" * length


def _replace_at(text: str, position: int, replacement: str) -> str:
    index = position % len(text)
    return text[:index] + replacement + text[index + 1 :]


def _hex_values() -> dict[str, st.SearchStrategy[Any]]:
    seed = st.text(_HEX_DIGITS, min_size=1, max_size=8)
    colour = hex_colours()
    return {
        "hex/wrong-length": st.builds(
            lambda length, digits: "#" + _digits(length, digits),
            st.sampled_from((2, 5, 7, 1, 0, 9, 12)),
            seed,
        ),
        "hex/alpha": st.builds(
            lambda length, digits: "#" + _digits(length, digits), st.sampled_from((4, 8)), seed
        ),
        "hex/non-hex-digit": st.builds(
            lambda value, position, char: "#" + _replace_at(value[1:], position, char),
            colour,
            st.integers(0, 5),
            st.sampled_from(_LETTERS + _SYMBOLS),
        ),
        "hex/missing-hash": colour.map(lambda value: value[1:]),
        "hex/doubled-hash": colour.map(lambda value: "#" + value),
        "hex/other-prefix": st.builds(
            lambda prefix, value: prefix + value[1:],
            st.sampled_from(("0x", "0X", "&h", "%23")),
            colour,
        ),
        "hex/whitespace": st.builds(
            insert,
            colour,
            st.sampled_from((-1, 0, 1)),
            st.sampled_from(WHITESPACE),
        ),
        "hex/unicode-digit": st.one_of(
            st.builds(
                lambda value, block, first: substitute_digits(value, block, first),
                colour.filter(lambda value: any(c.isdigit() for c in value)),
                st.integers(0, len(UNICODE_DIGITS) - 1),
                st.integers(0, 5),
            ),
            st.builds(
                lambda value, position: look_alike(value, position, 99), colour, st.integers(1, 3)
            ),
        ),
        "hex/named": st.sampled_from(_NAMED),
        "hex/css-function": st.sampled_from(_CSS),
        "hex/non-string": st.sampled_from(_NON_STRINGS),
    }


def _hex_case(
    label: str, colour: Any, key: str, item: dict[str, Any], layout: Layout
) -> LabelledCase:
    requirement = "VID-VAL-006" if isinstance(colour, str) else "VID-VAL-011"
    palette = item.get("color_palette", {})
    faulty = {**item, "color_palette": {**palette, key: colour}}
    return video_case(label, requirement, colour, place(faulty, layout))


def _hex_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    key = st.sampled_from(PALETTE_KEYS)
    return {
        label: st.builds(partial(_hex_case, label), values, key, item_contexts(), layouts())
        for label, values in _hex_values().items()
    }


@defines_strategy(family="fields", labels=HEX_LABELS, branches=_hex_branches)
def invalid_hex_colours() -> st.SearchStrategy[LabelledCase]:
    """Bad ``color_palette`` colours in an otherwise valid POST /v1/videos body.

    Classes: wrong lengths (``#ff``, ``#fffff``, ``#fffffff``), alpha forms (``#ffff``,
    ``#ffffffff``), non-hex digits (``#ggg``), the ``#`` missing or doubled, another prefix
    (``0xfff``), whitespace around or inside (a trailing ``\\n`` catches ``re.match`` with
    ``$``), other scripts' digits and fullwidth letters, named colours, CSS functions (VID-VAL-006)
    and non-strings (VID-VAL-011). Upper-case hex is valid and never drawn. Every case expects 400.

    Examples shrink towards ``{"primary": "#00"}`` in a one-item batch.
    """
    return union(_hex_branches())


# --- palette keys ----------------------------------------------------------------------------


def _palette_keys() -> dict[str, st.SearchStrategy[Any]]:
    allowed = st.sampled_from(PALETTE_KEYS)
    index = st.integers(0, 15)
    return {
        "palette/unknown-key": st.one_of(
            st.sampled_from(_UNKNOWN_KEYS),
            st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
                lambda key: key not in PALETTE_KEYS
            ),
        ),
        "palette/key-case": st.builds(recase, allowed, st.integers(0, 2**9 - 1)),
        "palette/key-whitespace": st.builds(
            insert, allowed, st.sampled_from((0, -1, 3)), st.sampled_from(WHITESPACE)
        ),
        "palette/key-look-alike": st.one_of(
            st.builds(look_alike, allowed, index, index),
            st.builds(insert, allowed, st.integers(1, 6), st.sampled_from(INVISIBLES)),
        ),
    }


def _palette_key_case(
    label: str, key: str, colour: str, item: dict[str, Any], layout: Layout
) -> LabelledCase:
    palette = item.get("color_palette", {})
    faulty = {**item, "color_palette": {**palette, key: colour}}
    return video_case(label, "VID-VAL-007", key, place(faulty, layout))


def _palette_type_case(value: Any, item: dict[str, Any], layout: Layout) -> LabelledCase:
    faulty = {**item, "color_palette": value}
    return video_case("palette/not-object", "VID-VAL-011", value, place(faulty, layout))


def _palette_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    keyed = {
        label: st.builds(
            partial(_palette_key_case, label), keys, hex_colours(), item_contexts(), layouts()
        )
        for label, keys in _palette_keys().items()
    }
    typed = st.builds(_palette_type_case, st.sampled_from(_NOT_OBJECTS), item_contexts(), layouts())
    return {**keyed, "palette/not-object": typed}


@defines_strategy(family="fields", labels=PALETTE_LABELS, branches=_palette_branches)
def invalid_palettes() -> st.SearchStrategy[LabelledCase]:
    """Bad ``color_palette`` objects in an otherwise valid POST /v1/videos body.

    Classes: a key outside ``primary``/``secondary``/``tertiary``/``accent`` (``background``,
    ``primaryColor``, the empty key), an allowed key in another case (``Primary``), with
    whitespace, or with a look-alike or zero-width character; every such key maps to a valid
    colour, beside the item's valid keys (VID-VAL-007). A palette that is not an object breaks
    VID-VAL-011; ``null`` is not drawn, as the palette is optional. Every case expects 400.

    Examples shrink towards ``{"background": "#000"}`` in a one-item batch.
    """
    return union(_palette_branches())
