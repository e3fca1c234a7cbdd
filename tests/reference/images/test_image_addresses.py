"""Host spelling and address classification: every spelling reaches the same classifier."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import NoReturn

import pytest

from conformance.reference.images import (
    InvalidHostError,
    host_name,
    non_public_reason,
    normalise_host,
    parse_host,
)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a socket or ask DNS."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("the reference image tests must never touch the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


LOOPBACK = IPv4Address("127.0.0.1")


def full_width(text: str) -> str:
    """``text`` with each printable ASCII character replaced by its full-width form (U+FF01..)."""
    return "".join(chr(ord(character) + 0xFEE0) for character in text)


IP_SPELLINGS = [
    pytest.param("127.0.0.1", LOOPBACK, id="dotted-quad"),
    pytest.param("2130706433", LOOPBACK, id="decimal-integer"),
    pytest.param("0x7f000001", LOOPBACK, id="hex-integer"),
    pytest.param("0X7F000001", LOOPBACK, id="upper-case-hex"),
    pytest.param("017700000001", LOOPBACK, id="octal-integer"),
    pytest.param("0x7f.0.0.1", LOOPBACK, id="hex-first-part"),
    pytest.param("0177.0.0.1", LOOPBACK, id="octal-first-part"),
    pytest.param("0177.0x0.00.0x1", LOOPBACK, id="mixed-radices"),
    pytest.param("127.1", LOOPBACK, id="two-parts"),
    pytest.param("127.0.1", LOOPBACK, id="three-parts"),
    pytest.param("0x7f.1", LOOPBACK, id="two-parts-hex"),
    pytest.param("127.0x1", LOOPBACK, id="two-parts-hex-tail"),
    pytest.param("127.0.0.1.", LOOPBACK, id="trailing-dot"),
    pytest.param("00000000000000177.0.0.1", LOOPBACK, id="long-octal-part"),
    pytest.param("0", IPv4Address("0.0.0.0"), id="zero"),
    pytest.param("0x", IPv4Address("0.0.0.0"), id="bare-hex-prefix"),
    pytest.param("0.0.0.0", IPv4Address("0.0.0.0"), id="unspecified"),
    pytest.param("4294967295", IPv4Address("255.255.255.255"), id="max-integer"),
    pytest.param("0" * 1000 + "1", IPv4Address("0.0.0.1"), id="thousands-of-leading-zeros"),
    pytest.param("134744072", IPv4Address("8.8.8.8"), id="public-as-decimal"),
    pytest.param(full_width("127.0.0.1"), LOOPBACK, id="full-width"),
    pytest.param("127。0。0。1", LOOPBACK, id="ideographic-full-stop"),
    pytest.param(
        "127" + full_width(".") + "0" + full_width(".") + "0" + full_width(".") + "1",
        LOOPBACK,
        id="full-width-full-stop",
    ),
    pytest.param("127｡0｡0｡1", LOOPBACK, id="halfwidth-ideographic-full-stop"),
    pytest.param("①②⑦.⓪.⓪.①", LOOPBACK, id="enclosed-alphanumerics"),
    pytest.param(full_width("0x7f000001"), LOOPBACK, id="full-width-hex"),
    pytest.param("127.0.0.1\u00ad", LOOPBACK, id="soft-hyphen-ignored"),
    pytest.param("%31%32%37.0.0.1", LOOPBACK, id="percent-encoded"),
    pytest.param("[::1]", IPv6Address("::1"), id="bracketed-ipv6"),
    pytest.param("[0:0:0:0:0:0:0:1]", IPv6Address("::1"), id="long-ipv6"),
    pytest.param("[fe80::1%25eth0]", IPv6Address("fe80::1"), id="ipv6-zone"),
    pytest.param("[::ffff:127.0.0.1]", IPv6Address("::ffff:7f00:1"), id="ipv4-mapped-dotted"),
    pytest.param("::1", IPv6Address("::1"), id="unbracketed-ipv6"),
]

NAMES = [
    pytest.param("example.com", id="plain"),
    pytest.param("ok.images.test", id="sandbox"),
    pytest.param("deadbeef", id="hex-looking-word"),
    pytest.param("1e100.net", id="leading-digits"),
    pytest.param("0x7f000001.example", id="number-then-name"),
    pytest.param("127.0.0.1.nip.io", id="ip-then-name"),
    pytest.param("1.2.3.0x1g", id="bad-hex-last-part-is-a-name"),
    pytest.param("xn--bcher-kva.example", id="punycode"),
]

INVALID_HOSTS = [
    pytest.param("256.0.0.1", id="part-above-255"),
    pytest.param("1.2.3.4.5", id="five-parts"),
    pytest.param("example.123", id="name-ending-in-a-number"),
    pytest.param("0x100000000", id="integer-above-32-bits"),
    pytest.param("4294967296", id="decimal-above-32-bits"),
    pytest.param("9" * 1000, id="decimal-of-1000-digits"),
    pytest.param("0x" + "f" * 1000, id="hex-of-1000-digits"),
    pytest.param("a" * 1025, id="longer-than-1024"),
    pytest.param("127.16777216", id="two-part-tail-too-big"),
    pytest.param("08", id="bad-octal"),
    pytest.param("1.2.0x1g.4", id="bad-hex"),
    pytest.param("1..2", id="empty-middle-part"),
    pytest.param("[::1", id="unclosed-bracket"),
    pytest.param("[not-ipv6]", id="bracketed-garbage"),
    pytest.param("%ff.example", id="undecodable-escape"),
]


@pytest.mark.parametrize(("host", "expected"), IP_SPELLINGS)
def test_every_spelling_of_an_ip_literal_is_read_as_that_address(
    host: str, expected: IPv4Address | IPv6Address
) -> None:
    assert parse_host(host) == expected


@pytest.mark.parametrize("host", NAMES)
def test_a_dns_name_is_not_an_ip_literal(host: str) -> None:
    assert parse_host(host) is None


@pytest.mark.parametrize("host", INVALID_HOSTS)
def test_a_host_that_is_neither_address_nor_name_is_invalid(host: str) -> None:
    with pytest.raises(InvalidHostError):
        parse_host(host)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("EXAMPLE.com", "example.com", id="lower-cases"),
        pytest.param(
            full_width("example") + "。" + full_width("com"), "example.com", id="full-width"
        ),
        pytest.param("exa\u200bmple.com", "example.com", id="zero-width-space-ignored"),
        pytest.param("%65xample.com", "example.com", id="percent-decoded-once"),
        pytest.param("%2565xample.com", "%65xample.com", id="only-once"),
    ],
)
def test_normalise_host_applies_percent_decoding_then_uts46(host: str, expected: str) -> None:
    assert normalise_host(host) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("Ok.Images.Test", "ok.images.test", id="lower-cased"),
        pytest.param("ok.images.test.", "ok.images.test", id="trailing-dot-dropped"),
        pytest.param("Bücher.example", "xn--bcher-kva.example", id="punycoded"),
        pytest.param("under_score.example", "under_score.example", id="underscore-kept"),
    ],
)
def test_host_name_gives_the_ascii_dns_name(host: str, expected: str) -> None:
    assert host_name(host) == expected


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("a..example", id="empty-label"),
        pytest.param("example.com..", id="two-trailing-dots"),
        pytest.param("a%2fb.example", id="encoded-slash"),
        pytest.param("a%40b.example", id="encoded-at-sign"),
        pytest.param("xn--71.example", id="bad-punycode"),
        pytest.param("xn--.example", id="empty-punycode"),
        pytest.param("xn--abc-.example", id="ascii-only-punycode"),
        pytest.param("a" * 64 + ".example", id="label-of-64"),
        pytest.param(".".join(["a" * 63] * 4), id="name-of-255"),
    ],
)
def test_host_name_refuses_what_is_not_a_dns_name(host: str) -> None:
    with pytest.raises(InvalidHostError):
        host_name(host)


NON_PUBLIC = [
    # IPv4 ranges.
    pytest.param("0.0.0.0", "unspecified", id="v4-unspecified"),
    pytest.param("0.1.2.3", "this network", id="v4-zero-slash-8"),
    pytest.param("127.0.0.1", "loopback", id="v4-loopback"),
    pytest.param("127.255.255.254", "loopback", id="v4-loopback-high"),
    pytest.param("10.0.0.1", "private", id="v4-ten"),
    pytest.param("172.16.0.1", "private", id="v4-172-16"),
    pytest.param("172.31.255.255", "private", id="v4-172-31"),
    pytest.param("192.168.1.1", "private", id="v4-192-168"),
    pytest.param("100.64.0.1", "carrier-grade NAT", id="v4-cgnat-low"),
    pytest.param("100.127.255.255", "carrier-grade NAT", id="v4-cgnat-high"),
    pytest.param("169.254.169.254", "metadata", id="v4-metadata"),
    pytest.param("169.254.0.1", "link-local", id="v4-link-local"),
    pytest.param("192.0.0.1", "IETF protocol", id="v4-ietf"),
    pytest.param("192.0.0.9", "IETF protocol", id="v4-ietf-pcp-anycast"),
    pytest.param("192.0.2.1", "documentation", id="v4-test-net-1"),
    pytest.param("198.51.100.1", "documentation", id="v4-test-net-2"),
    pytest.param("203.0.113.7", "documentation", id="v4-test-net-3"),
    pytest.param("198.18.0.1", "benchmarking", id="v4-benchmarking-low"),
    pytest.param("198.19.255.255", "benchmarking", id="v4-benchmarking-high"),
    pytest.param("192.88.99.1", "6to4 relay", id="v4-6to4-relay"),
    pytest.param("224.0.0.1", "multicast", id="v4-multicast"),
    pytest.param("239.255.255.255", "multicast", id="v4-multicast-high"),
    pytest.param("240.0.0.1", "reserved", id="v4-reserved"),
    pytest.param("255.255.255.255", "broadcast", id="v4-broadcast"),
    # IPv6 ranges.
    pytest.param("::", "unspecified", id="v6-unspecified"),
    pytest.param("::1", "loopback", id="v6-loopback"),
    pytest.param("fc00::1", "unique local", id="v6-ula-fc"),
    pytest.param("fd12:3456::1", "unique local", id="v6-ula-fd"),
    pytest.param("fe80::1", "link-local", id="v6-link-local"),
    pytest.param("febf::1", "link-local", id="v6-link-local-high"),
    pytest.param("fec0::1", "site-local", id="v6-site-local"),
    pytest.param("ff02::1", "multicast", id="v6-multicast-link"),
    pytest.param("ff0e::1", "multicast", id="v6-multicast-global"),
    pytest.param("2001:db8::1", "documentation", id="v6-documentation"),
    pytest.param("3fff::1", "documentation", id="v6-documentation-3fff"),
    pytest.param("100::1", "discard", id="v6-discard"),
    pytest.param("2001:2::1", "IETF protocol", id="v6-benchmarking"),
    pytest.param("5f00::1", "SRv6", id="v6-srv6"),
    pytest.param("1234::1", "global unicast", id="v6-outside-2000-slash-3"),
    pytest.param("::2:0:0:1", "global unicast", id="v6-reserved-zero-slash-8"),
    # IPv4 embedded in IPv6.
    pytest.param("::ffff:127.0.0.1", "loopback", id="mapped-loopback"),
    pytest.param("::ffff:7f00:1", "loopback", id="mapped-loopback-hex"),
    pytest.param("::ffff:169.254.169.254", "metadata", id="mapped-metadata"),
    pytest.param("::ffff:0:10.0.0.1", "private", id="translated-private"),
    pytest.param("::127.0.0.1", "loopback", id="compatible-loopback"),
    pytest.param("::10.0.0.1", "private", id="compatible-private"),
    pytest.param("64:ff9b::a00:1", "private", id="nat64-private"),
    pytest.param("64:ff9b::7f00:1", "loopback", id="nat64-loopback"),
    pytest.param("64:ff9b:1::a00:1", "local-use NAT64", id="local-nat64"),
    pytest.param("2002:7f00:1::", "loopback", id="6to4-loopback"),
    pytest.param("2002:a9fe:a9fe::1", "metadata", id="6to4-metadata"),
    pytest.param("2002:c0a8:101::", "private", id="6to4-private"),
    pytest.param("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1", id="teredo-private-client"),
    pytest.param("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1", id="teredo-loopback"),
]

REFUSED_OUTRIGHT_EVEN_WITH_PUBLIC_IPV4 = [
    pytest.param("::ffff:8.8.8.8", "IPv4-mapped", id="mapped"),
    pytest.param("::ffff:0:8.8.8.8", "IPv4-translated", id="translated"),
    pytest.param("::8.8.8.8", "IPv4-compatible", id="compatible"),
    pytest.param("64:ff9b::808:808", "NAT64", id="nat64"),
    pytest.param("64:ff9b:1::808:808", "NAT64", id="local-nat64"),
    pytest.param("2001:0:4136:e378:8000:63bf:f7f7:f7f7", "Teredo", id="teredo-public-client"),
]

PUBLIC = [
    pytest.param("8.8.8.8", id="google-dns"),
    pytest.param("1.1.1.1", id="cloudflare-dns"),
    pytest.param("93.184.215.14", id="sandbox-public"),
    pytest.param("11.0.0.0", id="just-after-10-slash-8"),
    pytest.param("9.255.255.255", id="just-before-10-slash-8"),
    pytest.param("100.63.255.255", id="just-before-cgnat"),
    pytest.param("100.128.0.0", id="just-after-cgnat"),
    pytest.param("172.15.255.255", id="just-before-172-16"),
    pytest.param("172.32.0.0", id="just-after-172-31"),
    pytest.param("169.253.255.255", id="just-before-link-local"),
    pytest.param("192.167.255.255", id="just-before-192-168"),
    pytest.param("198.17.255.255", id="just-before-benchmarking"),
    pytest.param("198.20.0.0", id="just-after-benchmarking"),
    pytest.param("223.255.255.255", id="just-before-multicast"),
    pytest.param("2606:4700:4700::1111", id="v6-cloudflare"),
    pytest.param("2001:4860:4860::8888", id="v6-google"),
    pytest.param("2002:808:808::1", id="6to4-public"),
]


@pytest.mark.parametrize(("address", "reason_fragment"), NON_PUBLIC)
def test_a_non_public_address_is_refused_with_its_range(address: str, reason_fragment: str) -> None:
    reason = non_public_reason(ip_address(address))
    assert reason is not None
    assert reason_fragment in reason


@pytest.mark.parametrize(("address", "range_name"), REFUSED_OUTRIGHT_EVEN_WITH_PUBLIC_IPV4)
def test_translation_ranges_are_refused_even_when_they_embed_a_public_ipv4(
    address: str, range_name: str
) -> None:
    reason = non_public_reason(ip_address(address))
    assert reason is not None
    assert range_name in reason
    assert "8.8.8.8" in reason or "Teredo" in reason


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_unicast_address_is_allowed(address: str) -> None:
    assert non_public_reason(ip_address(address)) is None


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("224.0.0.1", id="v4-multicast"),
        pytest.param("fec0::1", id="v6-site-local"),
        pytest.param("ff0e::1", id="v6-global-multicast"),
        pytest.param("64:ff9b::a00:1", id="nat64-private"),
    ],
)
def test_refuses_what_python_is_global_wrongly_calls_global(address: str) -> None:
    ip = ip_address(address)
    assert ip.is_global, "if Python fixed this gap, this test can go"
    assert non_public_reason(ip) is not None


def test_the_teredo_client_is_the_bitwise_not_of_the_last_32_bits() -> None:
    reason = non_public_reason(IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
    assert reason is not None
    assert "192.0.2.45" in reason  # the RFC 4380 example client


@pytest.mark.parametrize(("host", "expected"), IP_SPELLINGS)
def test_only_the_public_spelling_is_classified_public(
    host: str, expected: IPv4Address | IPv6Address
) -> None:
    address = parse_host(host)
    assert address is not None
    is_public = non_public_reason(address) is None
    assert is_public == (expected == IPv4Address("8.8.8.8"))
