"""URL syntax: malformed values are a 400; well-formed ones, whatever their scheme, are not."""

from __future__ import annotations

import socket
from typing import NoReturn

import pytest

from conformance.reference.images import (
    URL_MAX_LENGTH,
    MalformedURLError,
    malformed_url_reason,
    split_url,
)

_PREFIX = "https://example.com/"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a socket or ask DNS."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("the reference image tests must never touch the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


MALFORMED = [
    pytest.param(42, "string", id="an-int"),
    pytest.param(None, "string", id="none"),
    pytest.param(b"https://example.com/", "string", id="bytes"),
    pytest.param("", "empty", id="empty"),
    pytest.param("https://exa mple.com/", "whitespace", id="space-in-host"),
    pytest.param("https://example.com/a.png\n", "whitespace", id="trailing-newline"),
    pytest.param("https://example.com/\ta.png", "whitespace", id="tab"),
    pytest.param("https://example.com/\x00", "whitespace", id="nul"),
    pytest.param("https://example.com/\x7f", "whitespace", id="del"),
    pytest.param("https://example.com/\u3000", "whitespace", id="ideographic-space"),
    pytest.param("https://example.com/\xa0", "whitespace", id="no-break-space"),
    pytest.param(_PREFIX + "a" * (URL_MAX_LENGTH - len(_PREFIX) + 1), "longer", id="2049-chars"),
    pytest.param("example.com/image.png", "scheme", id="no-scheme"),
    pytest.param("//example.com/image.png", "scheme", id="scheme-relative"),
    pytest.param("1https://example.com/", "scheme", id="scheme-starts-with-digit"),
    pytest.param(":example.com", "scheme", id="empty-scheme"),
    pytest.param("https://", "empty host", id="https-nothing"),
    pytest.param("https:///x.png", "empty host", id="https-triple-slash"),
    pytest.param("https://:443/", "empty host", id="port-without-host"),
    pytest.param("https://user@/x.png", "empty host", id="userinfo-without-host"),
    pytest.param("https://::1/", "empty host", id="unbracketed-ipv6"),
    pytest.param("ftp://", "empty host", id="ftp-nothing"),
    pytest.param("foo://", "empty host", id="any-scheme-with-empty-authority"),
    pytest.param("https://example.com:65536/", "above 65535", id="port-65536"),
    pytest.param("https://example.com:99999/", "above 65535", id="port-99999"),
    pytest.param("https://example.com:8o/", "not a number", id="port-letter"),
    pytest.param("https://example.com:-1/", "not a number", id="port-negative"),
    pytest.param("https://example.com:٤٤٣/", "not a number", id="port-arabic-digits"),
    pytest.param("https://example.com:80:90/", "not a number", id="two-ports"),
    pytest.param("https://[::1/", "closing", id="unclosed-bracket"),
    pytest.param("https://[::1]x/", "after the IPv6", id="text-after-bracket"),
    pytest.param("https://[not:an:ip]/", "IPv6", id="bracketed-garbage"),
    pytest.param("https://[v1.fe]/", "IPv6", id="ipvfuture"),
    pytest.param("https://[127.0.0.1]/", "IPv6", id="bracketed-ipv4"),
    pytest.param("https://[fe80::1%eth0]/", "zone", id="zone-without-25"),
    pytest.param("https://[fe80::1%25]/", "zone", id="empty-zone"),
    pytest.param("https://exa[mple.com/", "stray", id="stray-bracket"),
    pytest.param("https://example.com]/", "stray", id="stray-closing-bracket"),
]

WELL_FORMED = [
    pytest.param("https://example.com/a.png", id="plain"),
    pytest.param("https://example.com", id="no-path"),
    pytest.param("HTTPS://EXAMPLE.COM/A.PNG", id="upper-case"),
    pytest.param("https://user:secret@example.com/a.png", id="userinfo"),
    pytest.param("https://a@b@example.com/", id="at-sign-in-userinfo"),
    pytest.param("https://example.com:443/a.png", id="port"),
    pytest.param("https://example.com:/a.png", id="empty-port"),
    pytest.param("https://example.com:00443/", id="port-leading-zeros"),
    pytest.param("https://example.com:65535/", id="port-65535"),
    pytest.param("https://example.com/%20a.png?q=%0a#x", id="escapes-not-decoded"),
    pytest.param("https://[::1]/", id="ipv6-loopback"),
    pytest.param("https://[fe80::1%25eth0]/", id="ipv6-zone"),
    pytest.param("https://[::ffff:127.0.0.1]:8443/", id="ipv4-mapped-with-port"),
    pytest.param("https://127.0.0.1/", id="ipv4-loopback"),
    pytest.param("https://0x7f000001/", id="hex-ipv4"),
    pytest.param("https://①②⑦.⓪.⓪.①/", id="enclosed-alphanumerics"),
    pytest.param("https://a.example\\@127.0.0.1/", id="backslash-is-a-422-not-a-400"),
    pytest.param("https:example.com", id="https-without-slashes"),
    pytest.param("http://example.com/a.png", id="http"),
    pytest.param("file:///etc/passwd", id="file"),
    pytest.param("gopher://example.com:70/_x", id="gopher"),
    pytest.param("ftp://example.com/a.png", id="ftp"),
    pytest.param("ws://example.com/socket", id="ws"),
    pytest.param("data:image/png;base64,iVBORw0KGgo=", id="data"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("mailto:someone@example.com", id="mailto"),
    pytest.param(_PREFIX + "a" * (URL_MAX_LENGTH - len(_PREFIX)), id="exactly-2048-chars"),
]


@pytest.mark.parametrize(("url", "reason_fragment"), MALFORMED)
def test_a_malformed_url_gets_a_reason(url: object, reason_fragment: str) -> None:
    reason = malformed_url_reason(url)
    assert reason is not None
    assert reason_fragment in reason


@pytest.mark.parametrize("url", WELL_FORMED)
def test_a_well_formed_url_is_not_malformed_whatever_its_scheme(url: str) -> None:
    assert malformed_url_reason(url) is None


def test_the_reason_never_quotes_the_userinfo() -> None:
    reason = malformed_url_reason("https://user:hunter2@example.com:99999/")
    assert reason is not None
    assert "hunter2" not in reason
    assert "user" not in reason


def test_the_reason_does_not_quote_a_non_numeric_port() -> None:
    reason = malformed_url_reason("https://user:hunter2/")
    assert reason is not None
    assert "hunter2" not in reason


def test_split_url_reads_the_host_after_the_last_at_sign() -> None:
    parts = split_url("HTTPS://public.example@127.0.0.1:8443/a.png?x=1#frag")
    assert parts.scheme == "https"
    assert parts.authority is not None
    assert parts.authority.userinfo == "public.example"
    assert parts.authority.host == "127.0.0.1"
    assert parts.authority.port_number == 8443
    assert parts.rest == "/a.png?x=1#frag"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        pytest.param("https://example.com?@127.0.0.1/", "example.com", id="query-ends-authority"),
        pytest.param(
            "https://example.com#@127.0.0.1/", "example.com", id="fragment-ends-authority"
        ),
        pytest.param("https://example.com/@127.0.0.1/", "example.com", id="path-ends-authority"),
        pytest.param("https://[::1]:443/", "[::1]", id="brackets-kept"),
    ],
)
def test_the_authority_ends_at_the_first_slash_question_mark_or_hash(url: str, host: str) -> None:
    authority = split_url(url).authority
    assert authority is not None
    assert authority.host == host


def test_a_url_without_slashes_has_no_authority() -> None:
    parts = split_url("https:example.com/a.png")
    assert parts.authority is None
    assert parts.rest == "example.com/a.png"


def test_an_empty_port_reads_as_no_port() -> None:
    authority = split_url("https://example.com:/").authority
    assert authority is not None
    assert authority.port == ""
    assert authority.port_number is None


def test_split_url_raises_with_the_same_reason() -> None:
    with pytest.raises(MalformedURLError) as caught:
        split_url("https://:443/")
    assert caught.value.reason == malformed_url_reason("https://:443/")
