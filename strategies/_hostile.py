"""Hostile reference image URLs with literal hosts, one strategy per class (SSRF, 422; 6.2).

Loopback, private and reserved IPv4, special IPv6, IPv4 embedded in IPv6, and every other
spelling of a non-public IPv4 address; ``_tricks`` has the classes built with parser and
encoding tricks. Every URL is well formed (by the rules in ``_urls``, so never a 400) and is
refused whichever way a URL parser reads it. Each case puts the URL alone in
``reference_image_urls`` of an otherwise valid edit of the caller's complete video, and expects
422. The requirement follows what the host is: the scheme (REF-001), a dotted-decimal IPv4
literal (REF-002), any other IPv4 spelling (REF-003), an IPv6 literal (REF-004) or one embedding
IPv4 (REF-005), a name (REF-006), a redirect chain (REF-007, REF-009).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any, Final

from hypothesis import strategies as st

from ._addresses import (
    EMBEDDINGS,
    IPV4_ENCODINGS,
    IPV6_FORMS,
    LOOPBACK_IPV4,
    LOOPBACK_IPV6,
    NON_PUBLIC_IPV4,
    SPECIAL_IPV6,
    embed_ipv4,
    encode_ipv4,
    ipv4_addresses,
    ipv6_addresses,
    write_ipv6,
)
from ._cases import UNPROCESSABLE, VIDEO_FILL, Fill, LabelledCase, edit_case
from ._context import edit_contexts
from ._registry import defines_strategy

__all__ = [
    "HOSTILE_CLASSES",
    "PATHS",
    "alternative_ipv4_urls",
    "embedded_ipv4_urls",
    "hostile_case",
    "https_url",
    "loopback_urls",
    "private_ipv4_urls",
    "special_ipv6_urls",
]

HOSTILE_CLASSES: Final = (
    "scheme",
    "loopback",
    "private-ipv4",
    "special-ipv6",
    "embedded-ipv4",
    "ipv4-spellings",
    "internal-names",
    "userinfo-tricks",
    "unicode-hosts",
    "percent-encoding",
    "redirect-chains",
)

PATHS: Final = ("/a.png", "/", "/latest/meta-data/", "/image.jpg?size=1", "/x#frag")
_EMBEDDED_TARGETS: Final = LOOPBACK_IPV4[:1] + tuple(
    network for network in NON_PUBLIC_IPV4 if not network.subnet_of(IPv4Network("0.0.0.0/8"))
)


def hostile_case(
    label: str, requirement: str, url: str, body: dict[str, Any], fills: tuple[Fill, ...] = ()
) -> LabelledCase:
    return edit_case(
        f"ssrf/{label}",
        requirement,
        url,
        {**body, "reference_image_urls": [url]},
        status=UNPROCESSABLE,
        fills=(VIDEO_FILL, *fills),
    )


def https_url(host: str, path: str) -> str:
    return f"https://{host}{path}"


@defines_strategy(family="reference-urls", labels=("ssrf/loopback",))
def loopback_urls() -> st.SearchStrategy[LabelledCase]:
    """Literal loopback and unspecified hosts: ``127.0.0.0/8``, ``0.0.0.0`` (REF-002), ``[::1]``
    and ``[::]`` in any IPv6 form (REF-004).

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://127.0.0.1/a.png``.
    """
    v4 = st.builds(
        lambda address, path, body: hostile_case(
            "loopback", "REF-002", https_url(str(address), path), body
        ),
        ipv4_addresses(LOOPBACK_IPV4),
        st.sampled_from(PATHS),
        edit_contexts(),
    )
    v6 = st.builds(
        lambda address, form, path, body: hostile_case(
            "loopback", "REF-004", https_url(write_ipv6(address, form), path), body
        ),
        ipv6_addresses(LOOPBACK_IPV6),
        st.sampled_from(IPV6_FORMS[:3]),
        st.sampled_from(PATHS),
        edit_contexts(),
    )
    return st.one_of(v4, v6)


@defines_strategy(family="reference-urls", labels=("ssrf/private-ipv4",))
def private_ipv4_urls() -> st.SearchStrategy[LabelledCase]:
    """Dotted-decimal hosts in private, link-local (``169.254.169.254`` first), shared
    (``100.64/10``), 'this network', documentation, benchmarking, multicast and reserved ranges:
    REF-002.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://10.0.0.1/a.png``.
    """
    return st.builds(
        lambda address, path, body: hostile_case(
            "private-ipv4", "REF-002", https_url(str(address), path), body
        ),
        ipv4_addresses(NON_PUBLIC_IPV4),
        st.sampled_from(PATHS),
        edit_contexts(),
    )


@defines_strategy(family="reference-urls", labels=("ssrf/special-ipv6",))
def special_ipv6_urls() -> st.SearchStrategy[LabelledCase]:
    """IPv6 literals in unique-local, link-local (with and without a ``%25`` zone), site-local,
    multicast, documentation and discard-only ranges, in several forms: REF-004.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://[fc00::1]/a.png``.
    """
    return st.builds(
        lambda address, form, path, body: hostile_case(
            "special-ipv6", "REF-004", https_url(write_ipv6(address, form), path), body
        ),
        ipv6_addresses(SPECIAL_IPV6),
        st.sampled_from(IPV6_FORMS),
        st.sampled_from(PATHS),
        edit_contexts(),
    )


@defines_strategy(family="reference-urls", labels=("ssrf/embedded-ipv4",))
def embedded_ipv4_urls() -> st.SearchStrategy[LabelledCase]:
    """IPv6 literals carrying a non-public IPv4 address: IPv4-mapped, -compatible and
    -translated, NAT64 (well-known and local-use), 6to4 and Teredo (client address inverted),
    with a dotted tail where the range has one: REF-005.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://[::ffff:127.0.0.1]/a.png``.
    """

    def build(
        address: IPv4Address, embedding: str, extra: int, form: str, path: str, body: dict[str, Any]
    ) -> LabelledCase:
        host = write_ipv6(embed_ipv4(address, embedding, extra), form, embedding=embedding)
        return hostile_case("embedded-ipv4", "REF-005", https_url(host, path), body)

    return st.builds(
        build,
        ipv4_addresses(_EMBEDDED_TARGETS),
        st.sampled_from(EMBEDDINGS),
        st.integers(0, 2**80 - 1),
        st.sampled_from(("dotted", "compressed", "exploded", "upper")),
        st.sampled_from(PATHS),
        edit_contexts(),
    )


@defines_strategy(family="reference-urls", labels=("ssrf/ipv4-spellings",))
def alternative_ipv4_urls() -> st.SearchStrategy[LabelledCase]:
    """Any loopback or non-public IPv4 address re-encoded: one decimal, hex or octal number,
    short forms (``127.1``, ``10.0.1``), dotted hex or octal parts, parts in mixed bases, a
    padded or upper-case hex number, a trailing dot: REF-003.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://2130706433/a.png``.
    """
    return st.builds(
        lambda address, encoding, radixes, path, body: hostile_case(
            "ipv4-spellings",
            "REF-003",
            https_url(encode_ipv4(address, encoding, radixes), path),
            body,
        ),
        ipv4_addresses(LOOPBACK_IPV4 + NON_PUBLIC_IPV4),
        st.sampled_from(IPV4_ENCODINGS),
        st.integers(0, 3**4 - 1).map(lambda n: (n % 3, n // 3 % 3, n // 9 % 3, n // 27 % 3)),
        st.sampled_from(PATHS),
        edit_contexts(),
    )
