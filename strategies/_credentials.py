"""Bad credentials (401, section 2): sent on a GET of a resource the real caller owns.

Every case is a GET of the caller's complete video or of its revertable edit (fills), so a
server that wrongly lets the credential through answers 200 and bills nothing. Leading or
trailing whitespace around a good key is *not* drawn: HTTP strips it from field values before
the application sees them, so a server accepting it is right.
"""

from __future__ import annotations

import base64
from functools import partial
from typing import Final

from hypothesis import strategies as st

from conformance.contract.constants import (
    API_KEY_HEADER,
    API_KEY_HEX_LENGTH,
    API_KEY_PREFIX,
    AUTHORIZATION_HEADER,
    DOCS_SAMPLE_API_KEY,
)

from ._cases import UNAUTHORIZED, Fill, LabelledCase, Operation, record
from ._registry import defines_strategy, union
from ._valid import api_keys

__all__ = ["CREDENTIAL_LABELS", "bad_key_headers", "invalid_credentials"]

CREDENTIAL_LABELS: Final = (
    "credentials/missing",
    "credentials/empty",
    "credentials/wrong-prefix",
    "credentials/short",
    "credentials/long",
    "credentials/non-hex",
    "credentials/whitespace",
    "credentials/upper-case",
    "credentials/never-issued",
    "credentials/revoked",
    "credentials/bearer-confusion",
)

_TARGETS: Final[tuple[tuple[Operation, Fill], ...]] = (
    ("getVideo", Fill("path:uuid", "videos.complete")),
    ("getEdit", Fill("path:edit_id", "edits.revertable")),
)
_PREFIXES: Final = ("", "kx_", "KN_", "kn-", "kn", "sk_", "kn__", "Kn_", "pk_")
DOCS_SAMPLE_KEY: Final = DOCS_SAMPLE_API_KEY
"""The authentication page's sample key: 65 hex digits, so malformed by the page's own rule."""
_PLACEHOLDER_KEY: Final = "kn_YOUR_KEY_HERE"
_NON_HEX: Final = "ghijklmnopqrstuvwxyzGXZ_-+=/."
_FORGED_JWT: Final = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJzZXJ2aWNlX3JvbGUifQ."


def _hex(number: int, length: int) -> str:
    return f"{number:0{API_KEY_HEX_LENGTH * 2}x}"[:length] if length else ""


def bad_key_headers() -> dict[str, st.SearchStrategy[tuple[str, str, str]]]:
    """Per class: (requirement, header name, header value) of malformed or unknown credentials
    that need no fixture."""
    number = st.integers(0, 16 ** (API_KEY_HEX_LENGTH * 2) - 1)
    key = API_KEY_HEADER

    def hexed(length: int, n: int) -> str:
        return API_KEY_PREFIX + _hex(n, length)

    return {
        "credentials/empty": st.just(("AUTH-003", key, "")),
        "credentials/wrong-prefix": st.builds(
            lambda prefix, n: ("AUTH-003", key, prefix + _hex(n, API_KEY_HEX_LENGTH)),
            st.sampled_from(_PREFIXES),
            number,
        ),
        "credentials/short": st.builds(
            lambda missing, n: ("AUTH-003", key, hexed(API_KEY_HEX_LENGTH - 1 - missing, n)),
            st.integers(0, API_KEY_HEX_LENGTH - 1),
            number,
        ),
        "credentials/long": st.one_of(
            st.just(("AUTH-003", key, DOCS_SAMPLE_KEY)),
            st.builds(
                lambda extra, n: ("AUTH-003", key, hexed(API_KEY_HEX_LENGTH + 1 + extra, n)),
                st.integers(0, API_KEY_HEX_LENGTH - 1),
                number,
            ),
        ),
        "credentials/non-hex": st.one_of(
            st.just(("AUTH-003", key, _PLACEHOLDER_KEY)),
            st.builds(
                lambda n, position, char: (
                    "AUTH-003",
                    key,
                    _replace(hexed(API_KEY_HEX_LENGTH, n), 3 + position, char),
                ),
                number,
                st.integers(0, API_KEY_HEX_LENGTH - 1),
                st.sampled_from(_NON_HEX),
            ),
        ),
        "credentials/whitespace": st.builds(
            lambda n, position, char: (
                "AUTH-003",
                key,
                _insert(hexed(API_KEY_HEX_LENGTH, n), 3 + position, char),
            ),
            number,
            st.integers(0, API_KEY_HEX_LENGTH - 1),
            st.sampled_from((" ", "\t")),
        ),
        "credentials/never-issued": api_keys().map(lambda value: ("AUTH-005", key, value)),
        "credentials/bearer-confusion": st.one_of(
            api_keys().map(lambda value: ("AUTH-007", AUTHORIZATION_HEADER, f"Bearer {value}")),
            st.sampled_from(
                (
                    "Bearer",
                    "Bearer not.a.jwt",
                    f"Bearer {_FORGED_JWT}",
                    f"bearer {_FORGED_JWT}",
                    f"Token {_FORGED_JWT}",
                    "Basic " + base64.b64encode(b"kn_user:password").decode(),
                )
            ).map(lambda value: ("AUTH-007", AUTHORIZATION_HEADER, value)),
            api_keys().map(lambda value: ("AUTH-007", AUTHORIZATION_HEADER, value)),
        ),
    }


def _replace(text: str, index: int, character: str) -> str:
    return text[:index] + character + text[index + 1 :]


def _insert(text: str, index: int, character: str) -> str:
    return text[:index] + character + text[index:]


def _header_case(
    label: str, header: tuple[str, str, str], target: tuple[Operation, Fill]
) -> LabelledCase:
    requirement, name, value = header
    operation, fill = target
    record(label)
    return LabelledCase(
        label,
        requirement,
        UNAUTHORIZED,
        operation,
        value,
        headers=((name, value),),
        use_default_key=False,
        fills=(fill,),
    )


def _fixture_case(
    label: str,
    requirement: str,
    key_fill: Fill | None,
    value: str,
    target: tuple[Operation, Fill],
) -> LabelledCase:
    operation, fill = target
    record(label)
    fills = (fill,) if key_fill is None else (fill, key_fill)
    return LabelledCase(
        label, requirement, UNAUTHORIZED, operation, value, use_default_key=False, fills=fills
    )


def _credential_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    targets = st.sampled_from(_TARGETS)
    branches = {
        "credentials/missing": targets.map(
            lambda target: _fixture_case("credentials/missing", "AUTH-001", None, "", target)
        )
    }
    for label, values in bad_key_headers().items():
        branches[label] = st.builds(partial(_header_case, label), values, targets)
    branches["credentials/upper-case"] = targets.map(
        partial(
            _fixture_case,
            "credentials/upper-case",
            "AUTH-004",
            Fill(f"header:{API_KEY_HEADER}", "keys.personal", transform="upper-hex"),
            "<keys.personal, hex upper-cased>",
        )
    )
    branches["credentials/revoked"] = targets.map(
        partial(
            _fixture_case,
            "credentials/revoked",
            "AUTH-006",
            Fill(f"header:{API_KEY_HEADER}", "keys.revoked"),
            "<keys.revoked>",
        )
    )
    return {label: branches[label] for label in CREDENTIAL_LABELS}


@defines_strategy(family="credentials", labels=CREDENTIAL_LABELS, branches=_credential_branches)
def invalid_credentials() -> st.SearchStrategy[LabelledCase]:
    """Requests whose credentials must be refused, each a GET of the caller's own complete video
    or revertable edit; every case expects 401.

    No credential header (AUTH-001); an ``X-API-Key`` that is empty, has another prefix, 63 or
    fewer or 65 or more hex digits (the docs' own 65-digit sample included), a non-hex character
    (``kn_YOUR_KEY_HERE`` included) or whitespace inside (AUTH-003); the caller's own key with
    its hex upper-cased (AUTH-004, an OPTION: the docs do not say hex is case-sensitive); a
    well-formed key never issued (AUTH-005); the revoked-key fixture ``keys.revoked`` (AUTH-006);
    an ``Authorization`` header that is no issued bearer token: an API key as bearer, a forged
    ``alg: none`` JWT, another scheme, no scheme (AUTH-007).

    Examples shrink towards a GET without any credential.
    """
    return union(_credential_branches())
