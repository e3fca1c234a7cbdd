"""Which IP addresses a reference image may live on: public unicast only.

``non_public_reason`` returns a reason for every address that is not globally routable public
unicast, checking in this order (first match wins):

IPv4
    the explicit table ``IPV4_NON_PUBLIC`` (unspecified, limited broadcast, the 169.254.169.254
    metadata endpoint, 0/8, 10/8, 100.64/10 CGNAT, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
    the three documentation /24s, 192.88.99/24 6to4 relay, 192.168/16, 198.18/15, 224/4
    multicast, 240/4 reserved), then anything Python's ``ipaddress`` does not call ``is_global``.

IPv6
    1. ``::`` and ``::1``;
    2. ranges that embed an IPv4 address. Refused **outright**, whatever they embed, because
       they reach IPv4 through a translator or the local stack: IPv4-mapped ``::ffff:0:0/96``,
       IPv4-translated ``::ffff:0:0:0/96``, IPv4-compatible ``::/96``, NAT64 ``64:ff9b::/96``
       and local-use NAT64 ``64:ff9b:1::/48``, and Teredo ``2001::/32`` (a tunnel; its client
       address is the bitwise NOT of the last 32 bits). The reason names the embedded address
       and, if it is non-public, why. 6to4 ``2002::/16`` is refused **only** when the IPv4
       address in bits 16-48 is non-public;
    3. the explicit table ``IPV6_NON_PUBLIC`` (100::/64 discard, 2001::/23 IETF assignments,
       2001:db8::/32 and 3fff::/20 documentation, 5f00::/16 SRv6, fc00::/7 ULA, fe80::/10
       link-local, fec0::/10 site-local, ff00::/8 multicast);
    4. anything outside global unicast ``2000::/3``, then anything not ``is_global``.

Python's ``is_global`` alone is not enough: it calls multicast (224.0.0.1, ff0e::1), site-local
(fec0::/10) and the NAT64 range global.

This module also re-exports the host-spelling names of ``hosts`` (``parse_host`` and friends), so
``addresses`` is the one import for "what does this host mean and may we contact it".
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Final

from .hosts import Address, InvalidHostError, host_name, normalise_host, parse_host, parse_ipv4

__all__ = [
    "IPV4_NON_PUBLIC",
    "IPV6_NON_PUBLIC",
    "Address",
    "InvalidHostError",
    "host_name",
    "non_public_reason",
    "normalise_host",
    "parse_host",
    "parse_ipv4",
]

IPV4_NON_PUBLIC: Final[tuple[tuple[IPv4Network, str], ...]] = tuple(
    (IPv4Network(network), reason)
    for network, reason in (
        ("0.0.0.0/32", "the unspecified address"),
        ("255.255.255.255/32", "the limited broadcast address"),
        ("169.254.169.254/32", "the cloud metadata endpoint (link-local)"),
        ("0.0.0.0/8", "'this network' (0.0.0.0/8)"),
        ("10.0.0.0/8", "private (10.0.0.0/8)"),
        ("100.64.0.0/10", "carrier-grade NAT shared space (100.64.0.0/10)"),
        ("127.0.0.0/8", "loopback (127.0.0.0/8)"),
        ("169.254.0.0/16", "link-local (169.254.0.0/16)"),
        ("172.16.0.0/12", "private (172.16.0.0/12)"),
        ("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
        ("192.0.2.0/24", "documentation (192.0.2.0/24)"),
        ("192.88.99.0/24", "deprecated 6to4 relay anycast (192.88.99.0/24)"),
        ("192.168.0.0/16", "private (192.168.0.0/16)"),
        ("198.18.0.0/15", "benchmarking (198.18.0.0/15)"),
        ("198.51.100.0/24", "documentation (198.51.100.0/24)"),
        ("203.0.113.0/24", "documentation (203.0.113.0/24)"),
        ("224.0.0.0/4", "multicast (224.0.0.0/4)"),
        ("240.0.0.0/4", "reserved (240.0.0.0/4)"),
    )
)
"""IPv4 networks that are never contacted, most specific first, each with the reason given."""

IPV6_NON_PUBLIC: Final[tuple[tuple[IPv6Network, str], ...]] = tuple(
    (IPv6Network(network), reason)
    for network, reason in (
        ("100::/64", "discard-only (100::/64)"),
        ("2001::/23", "IETF protocol assignments (2001::/23)"),
        ("2001:db8::/32", "documentation (2001:db8::/32)"),
        ("3fff::/20", "documentation (3fff::/20)"),
        ("5f00::/16", "SRv6 segment identifiers (5f00::/16)"),
        ("fc00::/7", "unique local (fc00::/7)"),
        ("fe80::/10", "link-local (fe80::/10)"),
        ("fec0::/10", "deprecated site-local (fec0::/10)"),
        ("ff00::/8", "multicast (ff00::/8)"),
    )
)
"""IPv6 networks that are never contacted (after the IPv4-embedding checks), with reasons."""

_UNSPECIFIED_V6: Final = IPv6Address("::")
_LOOPBACK_V6: Final = IPv6Address("::1")
_GLOBAL_UNICAST_V6: Final = IPv6Network("2000::/3")
_SIX_TO_FOUR: Final = IPv6Network("2002::/16")
_TEREDO: Final = IPv6Network("2001::/32")
_LOW_32_BITS: Final = 0xFFFFFFFF
_SIX_TO_FOUR_SHIFT: Final = 80
# Ranges refused whatever IPv4 address they carry in their last 32 bits.
_EMBEDDING_IPV4_IN_LOW_BITS: Final = tuple(
    (IPv6Network(network), name)
    for network, name in (
        ("::ffff:0:0/96", "IPv4-mapped (::ffff:0:0/96)"),
        ("::ffff:0:0:0/96", "IPv4-translated (::ffff:0:0:0/96)"),
        ("::/96", "IPv4-compatible (::/96)"),
        ("64:ff9b::/96", "NAT64 (64:ff9b::/96)"),
        ("64:ff9b:1::/48", "local-use NAT64 (64:ff9b:1::/48)"),
    )
)


def non_public_reason(ip: Address) -> str | None:
    """Say why ``ip`` is not globally routable public unicast, or return ``None`` if it is.

    The checks and their order are listed in the module docstring.
    """
    if isinstance(ip, IPv4Address):
        return _ipv4_reason(ip)
    return _ipv6_reason(ip)


def _ipv4_reason(ip: IPv4Address) -> str | None:
    for network, reason in IPV4_NON_PUBLIC:
        if ip in network:
            return reason
    if not ip.is_global:
        return "not globally routable (IANA special-purpose range)"
    return None


def _ipv6_reason(ip: IPv6Address) -> str | None:
    if ip == _UNSPECIFIED_V6:
        return "the unspecified address (::)"
    if ip == _LOOPBACK_V6:
        return "loopback (::1)"
    embedded = _embedded_ipv4_reason(ip)
    if embedded is not None:
        return embedded
    for network, reason in IPV6_NON_PUBLIC:
        if ip in network:
            return reason
    if ip not in _GLOBAL_UNICAST_V6:
        return "outside IPv6 global unicast (2000::/3)"
    if not ip.is_global:
        return "not globally routable (IANA special-purpose range)"
    return None


def _embedded_ipv4_reason(ip: IPv6Address) -> str | None:
    as_int = int(ip)
    for network, name in _EMBEDDING_IPV4_IN_LOW_BITS:
        if ip in network:
            return _embedding_reason(name, IPv4Address(as_int & _LOW_32_BITS))
    if ip in _TEREDO:
        client = IPv4Address(~as_int & _LOW_32_BITS)
        return _embedding_reason("a Teredo tunnel address (2001::/32)", client, role="client ")
    if ip in _SIX_TO_FOUR:
        embedded = IPv4Address((as_int >> _SIX_TO_FOUR_SHIFT) & _LOW_32_BITS)
        inner_reason = _ipv4_reason(embedded)
        if inner_reason is not None:
            return f"6to4 (2002::/16) embedding {embedded}, which is {inner_reason}"
    return None


def _embedding_reason(name: str, embedded: IPv4Address, *, role: str = "") -> str:
    inner_reason = _ipv4_reason(embedded)
    if inner_reason is None:
        return f"{name} embedding the {role}IPv4 address {embedded}"
    return f"{name} embedding the {role}IPv4 address {embedded}, which is {inner_reason}"
