"""Valid values: everything these strategies produce is accepted by the contract.

Each output validates against the matching schema of ``conformance/contract/openapi.yaml``
(``tests/strategy_checks`` proves it). Values shrink towards the simplest valid value: the shortest
text, the first enum member, the optional fields left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, Final
from uuid import UUID

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance.contract.constants import (
    API_KEY_HEX_LENGTH,
    API_KEY_PREFIX,
    ASPECT_RATIOS,
    BATCH_MAX_ITEMS,
    BATCH_MIN_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EDIT_REQUEST_MAX_LENGTH,
    EDIT_REQUEST_MIN_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    PALETTE_KEYS,
    REFERENCE_IMAGE_URLS_MAX,
    TASK_MAX_LENGTH,
    TASK_MIN_LENGTH,
    VIDEO_TYPES,
)

from ._registry import (
    check_int_range,
    check_strategy,
    check_type,
    check_valid_sizes,
    defines_strategy,
)

__all__ = [
    "api_keys",
    "create_videos_bodies",
    "edit_bodies",
    "emails",
    "hex_colours",
    "palettes",
    "prompt_texts",
    "public_reference_urls",
    "uuid_strings",
    "video_items",
]

TEXT_MAX_LENGTH: Final = max(
    TASK_MAX_LENGTH, EDIT_REQUEST_MAX_LENGTH, GLOBAL_STYLE_PROMPT_MAX_LENGTH
)
PUBLIC_HOSTS: Final = ("example.com", "example.org", "example.net")
"""RFC 2606 names: reserved by IANA, resolving to public addresses, harming nobody."""

_SHORT_TEXT: Final = 40
_COLOUR_BITS: Final = 25
_UUID = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
_LOWER: Final = "abcdefghijklmnopqrstuvwxyz"
_LDH: Final = _LOWER + "0123456789"
# Characters of free text: any Unicode scalar that is not a control character. Control characters
# are legal JSON, but a database behind the API may refuse NUL; they are not what this is about.
_CHARACTERS: Final = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def _repeat(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


@defines_strategy(family="valid")
def prompt_texts(
    *, min_size: int = TASK_MIN_LENGTH, max_size: int = TASK_MAX_LENGTH
) -> st.SearchStrategy[str]:
    """Free text of ``min_size`` to ``max_size`` characters, for ``task`` and ``edit_request``.

    Lengths count Unicode code points, as the contract counts characters: multi-byte characters
    (``é``, ``中``, ``😀``) are one each. Control characters are left out. Long texts repeat a short
    drawn pattern, so a 5000-character boundary value costs no more than a short one.

    Examples shrink towards ``min_size`` copies of ``"0"``.
    """
    low, high = check_valid_sizes(min_size, max_size, lower=0, upper=TEXT_MAX_LENGTH)
    parts: list[st.SearchStrategy[str]] = []
    if low <= _SHORT_TEXT:
        parts.append(st.text(_CHARACTERS, min_size=low, max_size=min(high, _SHORT_TEXT)))
    if high > _SHORT_TEXT:
        parts.append(
            st.builds(
                _repeat,
                st.text(_CHARACTERS, min_size=1, max_size=8),
                st.integers(max(low, _SHORT_TEXT + 1), high),
            )
        )
    return st.one_of(parts)


def _colour(bits: int, upper_mask: int) -> str:
    """A colour from 25 bits: the lowest picks ``#rgb`` (0) or ``#rrggbb`` (1), the rest are
    the digits; bit ``k`` of ``upper_mask`` upper-cases digit ``k``."""
    length = 6 if bits & 1 else 3
    digits = f"{bits >> 1:06x}"[-length:]
    return "#" + "".join(
        digit.upper() if upper_mask >> index & 1 else digit for index, digit in enumerate(digits)
    )


@defines_strategy(family="valid")
def hex_colours(*, upper_case: bool = False) -> st.SearchStrategy[str]:
    """Hex colours in the ``#rgb`` or ``#rrggbb`` form of the contract.

    ``upper_case=True`` also draws upper-case digits (``#A1B2C3``), which the contract accepts
    only by inference (VID-VAL-008, a SHOULD); the default sticks to lower case.

    Examples shrink towards ``"#000"``.
    """
    check_type(bool, upper_case, "upper_case")
    upper = st.integers(0, 2**6 - 1) if upper_case else st.just(0)
    return st.builds(_colour, st.integers(0, 2**_COLOUR_BITS - 1), upper)


def _palette(keys: tuple[str, ...], bits: int, upper_mask: int) -> dict[str, str]:
    return {
        key: _colour(bits >> (_COLOUR_BITS * index), upper_mask >> (6 * index))
        for index, key in enumerate(keys)
    }


@defines_strategy(family="valid")
def palettes(
    *, min_size: int = 1, max_size: int = len(PALETTE_KEYS), upper_case: bool = False
) -> st.SearchStrategy[dict[str, str]]:
    """``color_palette`` objects: ``min_size`` to ``max_size`` of the four allowed keys, each
    mapped to a hex colour as ``hex_colours()`` draws them (with ``upper_case`` passed on).

    The contract does not say whether an empty palette is allowed, so ``min_size`` defaults to 1.

    Examples shrink towards ``{"primary": "#000"}`` (``{}`` when ``min_size=0``).
    """
    low, high = check_valid_sizes(min_size, max_size, lower=0, upper=len(PALETTE_KEYS))
    check_type(bool, upper_case, "upper_case")
    key_sets = [
        keys for size in range(low, high + 1) for keys in itertools.combinations(PALETTE_KEYS, size)
    ]
    width = len(PALETTE_KEYS)
    upper = st.integers(0, 2 ** (6 * width) - 1) if upper_case else st.just(0)
    return st.builds(
        _palette,
        st.sampled_from(key_sets),
        st.integers(0, 2 ** (_COLOUR_BITS * width) - 1),
        upper,
    )


@defines_strategy(family="valid")
def video_items(
    *, min_task_size: int = TASK_MIN_LENGTH, max_task_size: int = TASK_MAX_LENGTH
) -> st.SearchStrategy[dict[str, Any]]:
    """``VideoCreateItem`` objects: a ``task`` of ``min_task_size`` to ``max_task_size``
    characters, and any of ``video_duration_seconds`` (30-300), ``aspect_ratio``, ``video_type``,
    ``global_style_prompt`` and ``color_palette``, each valid.

    ``voice_description`` is never drawn: its constraints are not documented.

    Examples shrink towards ``{"task": "0"}``.
    """
    low, high = check_valid_sizes(
        min_task_size,
        max_task_size,
        lower=TASK_MIN_LENGTH,
        upper=TASK_MAX_LENGTH,
        min_name="min_task_size",
        max_name="max_task_size",
    )
    return st.fixed_dictionaries(
        {"task": prompt_texts(min_size=low, max_size=high)},
        optional={
            "video_duration_seconds": st.integers(DURATION_MIN_SECONDS, DURATION_MAX_SECONDS),
            "aspect_ratio": st.sampled_from(ASPECT_RATIOS),
            "video_type": st.sampled_from(VIDEO_TYPES),
            "global_style_prompt": prompt_texts(
                min_size=0, max_size=GLOBAL_STYLE_PROMPT_MAX_LENGTH
            ),
            "color_palette": palettes(),
        },
    )


def _words(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    """Words of 1 to ``max_size`` characters of ``alphabet``, drawn as one integer (fast)."""
    base = len(alphabet)

    def spell(number: int) -> str:
        characters = [alphabet[number % base]]
        number //= base
        while number:
            number -= 1
            characters.append(alphabet[number % base])
            number //= base
        return "".join(characters)

    return st.integers(0, base**max_size - 1).map(spell)


@defines_strategy(family="valid")
def emails() -> st.SearchStrategy[str]:
    """Plain ``local@domain.tld`` addresses, well under the 320-character limit.

    The contract hides its exact pattern; these pass any reasonable email check.

    Examples shrink towards ``"a@a.aa"``.
    """
    return st.builds(
        lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
        _words(_LDH + "._+-", 24).map(_tidy_local_part),
        st.lists(_words(_LDH, 12), min_size=1, max_size=2),
        _words(_LOWER, 6).map(lambda tld: tld if len(tld) > 1 else tld * 2),
    )


def _tidy_local_part(local: str) -> str:
    # Dots may not lead, trail or repeat in a dot-atom; keep the address plain.
    tidy = re.sub(r"\.{2,}", ".", local).strip(".")
    return tidy or "a"


@defines_strategy(family="valid")
def create_videos_bodies(
    *,
    min_size: int = BATCH_MIN_ITEMS,
    max_size: int = BATCH_MAX_ITEMS,
    include_email: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """POST /v1/videos bodies: ``{"videos": [...]}`` with ``min_size`` to ``max_size`` items
    (1-50) from ``video_items()``, and, when ``include_email``, sometimes an advisory ``email``.

    ``org_id`` is never drawn: whether it is accepted depends on the key that sends it.

    Examples shrink towards ``{"videos": [{"task": "0"}]}``.
    """
    low, high = check_valid_sizes(min_size, max_size, lower=BATCH_MIN_ITEMS, upper=BATCH_MAX_ITEMS)
    check_type(bool, include_email, "include_email")
    optional = {"email": emails()} if include_email else {}
    return st.fixed_dictionaries(
        {"videos": st.lists(video_items(), min_size=low, max_size=high)}, optional=optional
    )


@defines_strategy(family="valid")
def uuid_strings(*, version: int | None = 4) -> st.SearchStrategy[str]:
    """UUIDs as lower-case hyphenated strings (``video_uuid``, ``edit_id``), of the given RFC 4122
    ``version`` (1-5), or of any version when ``version=None``.

    Examples shrink towards ``"00000000-0000-4000-8000-000000000000"`` (for version 4).
    """
    if version is not None:
        check_int_range(version, "version", lower=1, upper=5)
    return st.integers(0, 2**128 - 1).map(lambda number: str(UUID(int=number, version=version)))


@defines_strategy(family="valid")
def api_keys() -> st.SearchStrategy[str]:
    """Well-formed API keys: ``kn_`` and 64 lower-case hex digits.

    A drawn key is well formed but was never issued: a server answers it 401 (AUTH-005).

    Examples shrink towards ``"kn_" + "0" * 64``.
    """
    return st.integers(0, 16**API_KEY_HEX_LENGTH - 1).map(
        lambda number: f"{API_KEY_PREFIX}{number:0{API_KEY_HEX_LENGTH}x}"
    )


@defines_strategy(family="valid")
def public_reference_urls(*, hosts: Sequence[str] = PUBLIC_HOSTS) -> st.SearchStrategy[str]:
    """``https://`` URLs on public ``hosts`` (by default the RFC 2606 example domains), with a
    path of a few plain segments and perhaps an image extension.

    They pass every SSRF rule of the contract. Whether the image checks pass depends on what the
    host answers; point ``hosts`` at an image host you control to get accepted references.

    Examples shrink towards ``"https://example.com/"``.
    """
    if isinstance(hosts, str) or not isinstance(hosts, Sequence) or not hosts:
        raise InvalidArgument(f"hosts={hosts!r} must be a non-empty sequence of host names")
    for host in hosts:
        check_type(str, host, "hosts")
    segment = _words(_LDH + "-_", 12)
    return st.builds(
        lambda host, segments, extension: f"https://{host}/{'/'.join(segments)}{extension}",
        st.sampled_from(tuple(hosts)),
        st.lists(segment, max_size=3),
        st.sampled_from(("", ".png", ".jpg", ".webp")),
    )


@defines_strategy(family="valid")
def edit_bodies(
    *,
    video_uuid: str | None = None,
    reference_urls: st.SearchStrategy[str] | None = None,
    max_reference_urls: int = REFERENCE_IMAGE_URLS_MAX,
) -> st.SearchStrategy[dict[str, Any]]:
    """POST /v1/edits bodies: ``video_uuid`` (the given UUID, else a drawn one), an
    ``edit_request`` of 1-5000 characters, and perhaps ``aspect_ratio`` and up to
    ``max_reference_urls`` (0-5) ``reference_image_urls`` drawn from ``reference_urls``
    (default ``public_reference_urls()``).

    Examples shrink towards ``{"video_uuid": <the UUID>, "edit_request": "0"}``.
    """
    if video_uuid is not None:
        check_type(str, video_uuid, "video_uuid")
        if not _UUID.match(video_uuid):
            raise InvalidArgument(f"video_uuid={video_uuid!r} is not a UUID string")
    if reference_urls is not None:
        check_strategy(reference_urls, "reference_urls")
    limit = check_int_range(
        max_reference_urls, "max_reference_urls", lower=0, upper=REFERENCE_IMAGE_URLS_MAX
    )
    optional: dict[str, st.SearchStrategy[Any]] = {"aspect_ratio": st.sampled_from(ASPECT_RATIOS)}
    if limit:
        urls = reference_urls if reference_urls is not None else public_reference_urls()
        optional["reference_image_urls"] = st.lists(urls, max_size=limit)
    return st.fixed_dictionaries(
        {
            "video_uuid": uuid_strings() if video_uuid is None else st.just(video_uuid),
            "edit_request": prompt_texts(
                min_size=EDIT_REQUEST_MIN_LENGTH, max_size=EDIT_REQUEST_MAX_LENGTH
            ),
        },
        optional=optional,
    )
