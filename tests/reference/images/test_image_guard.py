"""The reference image guard: hostile URLs get 422, bad media 415, malformed URLs 400."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from ipaddress import IPv4Address
from typing import NoReturn

import pytest

from conformance.contract.constants import (
    REFERENCE_IMAGE_MAX_BYTES,
    REFERENCE_IMAGE_MAX_REDIRECTS,
)
from conformance.reference.images import (
    SANDBOX_IMAGE_URLS,
    Address,
    FetchError,
    HeadResponse,
    ImageRejected,
    ReferenceImageGuard,
    ResolutionError,
    SandboxFetcher,
    SandboxResolver,
)

MALFORMED = 400
UNSUPPORTED_MEDIA = 415
REFUSED_HOST = 422
PUBLIC = IPv4Address("8.8.8.8")
IMAGE_URL = "https://img.example/a.png"


def full_width(text: str) -> str:
    """``text`` with each printable ASCII character replaced by its full-width form (U+FF01..)."""
    return "".join(chr(ord(character) + 0xFEE0) for character in text)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a socket or ask DNS."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("the reference image tests must never touch the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


class TableResolver:
    """Resolves names from a fixed table; records each lookup."""

    def __init__(self, table: Mapping[str, list[object]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    def resolve(self, host: str) -> list[Address]:
        self.lookups.append(host)
        if host not in self.table:
            raise ResolutionError(host)
        return self.table[host]  # type: ignore[return-value]  # sloppy answers on purpose


class ScriptedFetcher:
    """Answers HEAD from a URL → answer script; an unscripted URL fails the test."""

    def __init__(self, script: Mapping[str, HeadResponse | FetchError]) -> None:
        self.script = script
        self.requests: list[str] = []

    def head(self, url: str) -> HeadResponse:
        self.requests.append(url)
        assert url in self.script, f"unexpected HEAD {url}"
        answer = self.script[url]
        if isinstance(answer, FetchError):
            raise answer
        return answer


def image(length: int | str = 2048, content_type: str = "image/png") -> HeadResponse:
    return HeadResponse(200, {"Content-Type": content_type, "Content-Length": str(length)})


def redirect(location: str, status: int = 301) -> HeadResponse:
    return HeadResponse(status, {"Location": location})


def scripted_guard(
    script: Mapping[str, HeadResponse | FetchError], **limits: int
) -> tuple[ReferenceImageGuard, ScriptedFetcher]:
    fetcher = ScriptedFetcher(script)
    resolver = TableResolver({"img.example": [PUBLIC], "cdn.example": [PUBLIC]})
    return ReferenceImageGuard(resolver, fetcher, **limits), fetcher


def sandbox_guard(**limits: int) -> tuple[ReferenceImageGuard, SandboxResolver, SandboxFetcher]:
    resolver, fetcher = SandboxResolver(), SandboxFetcher()
    return ReferenceImageGuard(resolver, fetcher, **limits), resolver, fetcher


def rejection(guard: ReferenceImageGuard, url: str) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        guard.check(url)
    return caught.value


# Refused before any HEAD request is sent.
HOSTILE_BEFORE_ANY_REQUEST = [
    # Loopback and "this host" in every spelling.
    pytest.param("https://127.0.0.1/a.png", "loopback", id="loopback"),
    pytest.param("https://0x7f000001/", "loopback", id="loopback-hex"),
    pytest.param("https://2130706433/", "loopback", id="loopback-decimal"),
    pytest.param("https://017700000001/", "loopback", id="loopback-octal"),
    pytest.param("https://0177.0.0.1/", "loopback", id="loopback-octal-first-part"),
    pytest.param("https://0x7f.0.0.1/", "loopback", id="loopback-hex-first-part"),
    pytest.param("https://127.1/", "loopback", id="loopback-short"),
    pytest.param("https://127.0.1/", "loopback", id="loopback-three-parts"),
    pytest.param("https://127.0.0.1./", "loopback", id="loopback-trailing-dot"),
    pytest.param("https://0x7f000001.:8443/a.png", "loopback", id="loopback-hex-dot-port"),
    pytest.param("HTTPS://127.0.0.1/", "loopback", id="loopback-upper-case-scheme"),
    pytest.param("https://%31%32%37.0.0.1/", "loopback", id="loopback-percent-encoded"),
    pytest.param("https://127.0.0.1\u00ad/", "loopback", id="loopback-soft-hyphen"),
    pytest.param("https://" + full_width("127.0.0.1") + "/", "loopback", id="loopback-full-width"),
    pytest.param("https://127。0。0。1/", "loopback", id="loopback-ideographic-dots"),
    pytest.param("https://127｡0｡0｡1/", "loopback", id="loopback-halfwidth-dots"),
    pytest.param("https://①②⑦.⓪.⓪.①/", "loopback", id="loopback-enclosed-alphanumerics"),
    pytest.param("https://0/", "unspecified", id="zero"),
    pytest.param("https://0.0.0.0/", "unspecified", id="unspecified"),
    pytest.param("https://0.1.2.3/", "this network", id="this-network"),
    pytest.param("https://[::]/", "unspecified", id="v6-unspecified"),
    pytest.param("https://[::1]/", "loopback", id="v6-loopback"),
    pytest.param("https://[0:0:0:0:0:0:0:1]/", "loopback", id="v6-loopback-long"),
    # IPv4 embedded in IPv6.
    pytest.param("https://[::ffff:127.0.0.1]/", "loopback", id="mapped-loopback"),
    pytest.param("https://[::ffff:7f00:1]/", "loopback", id="mapped-loopback-hex"),
    pytest.param("https://[::ffff:8.8.8.8]/", "IPv4-mapped", id="mapped-public-refused-outright"),
    pytest.param("https://[::127.0.0.1]/", "loopback", id="compatible-loopback"),
    pytest.param("https://[2002:7f00:1::]/", "loopback", id="6to4-loopback"),
    pytest.param("https://[2002:a9fe:a9fe::]/", "metadata", id="6to4-metadata"),
    pytest.param("https://[64:ff9b::a00:1]/", "NAT64", id="nat64-private"),
    pytest.param("https://[64:ff9b:1::a00:1]/", "NAT64", id="local-nat64"),
    pytest.param(
        "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "10.0.0.1", id="teredo-10-0-0-1"
    ),
    # Private, link-local, shared, multicast, reserved, documentation.
    pytest.param("https://169.254.169.254/latest/meta-data/", "metadata", id="metadata"),
    pytest.param(
        "https://[::ffff:169.254.169.254]/latest/meta-data/", "metadata", id="metadata-mapped"
    ),
    pytest.param("https://100.64.0.1/", "carrier-grade NAT", id="cgnat"),
    pytest.param("https://192.168.1.1/", "private", id="private-192-168"),
    pytest.param("https://172.16.0.1/", "private", id="private-172-16"),
    pytest.param("https://10.0.0.1/", "private", id="private-10"),
    pytest.param("https://012.0.0.1/", "private", id="private-10-octal"),
    pytest.param("https://224.0.0.1/", "multicast", id="multicast"),
    pytest.param("https://255.255.255.255/", "broadcast", id="broadcast"),
    pytest.param("https://240.0.0.1/", "reserved", id="reserved"),
    pytest.param("https://198.18.0.1/", "benchmarking", id="benchmarking"),
    pytest.param("https://192.0.2.1/", "documentation", id="documentation"),
    pytest.param("https://192.0.0.1/", "IETF", id="ietf-assignments"),
    pytest.param("https://[fc00::1]/", "unique local", id="v6-ula"),
    pytest.param("https://[fe80::1]/", "link-local", id="v6-link-local"),
    pytest.param("https://[fe80::1%25eth0]/", "zone", id="v6-link-local-zone"),
    pytest.param("https://[2606:4700:4700::1111%25eth0]/", "zone", id="v6-public-with-zone"),
    pytest.param("https://[fec0::1]/", "site-local", id="v6-site-local"),
    pytest.param("https://[ff02::1]/", "multicast", id="v6-multicast"),
    pytest.param("https://[2001:db8::1]/", "documentation", id="v6-documentation"),
    # Parser-differential tricks.
    pytest.param("https://public.example@127.0.0.1/", "loopback", id="userinfo-then-loopback"),
    pytest.param("https://a@b@10.0.0.1/", "private", id="two-at-signs"),
    pytest.param("https://8.8.8.8\\@127.0.0.1/", "backslash", id="backslash-before-at"),
    pytest.param("https://127.0.0.1\\@8.8.8.8/", "backslash", id="backslash-hides-loopback"),
    pytest.param("https:127.0.0.1/", "no host", id="no-slashes"),
    pytest.param("https:/127.0.0.1/", "no host", id="one-slash"),
    pytest.param("https://1.2.3.4.5/", "not valid", id="five-part-number"),
    pytest.param("https://256.0.0.1/", "not valid", id="part-above-255"),
    pytest.param("https://0x100000000/", "not valid", id="integer-above-32-bits"),
    pytest.param("https://example.123/", "not valid", id="name-ending-in-a-number"),
    pytest.param("https://a%2f@127.0.0.1/", "loopback", id="encoded-slash-in-userinfo"),
    pytest.param("https://%ff.example/", "not valid", id="undecodable-host"),
    # Names.
    pytest.param("https://localhost/", "loopback", id="localhost"),
    pytest.param("https://LOCALHOST./", "loopback", id="localhost-upper-case-trailing-dot"),
    pytest.param("https://images.localhost/", "loopback", id="localhost-subdomain"),
    pytest.param("https://missing.images.test/a.png", "does not resolve", id="unresolvable"),
    pytest.param("https://internal.images.test/a.png", "10.0.0.7", id="sandbox-internal"),
    pytest.param(
        "https://metadata.images.test/latest/meta-data/", "metadata", id="sandbox-metadata"
    ),
    pytest.param("https://rebind.images.test/a.png", "loopback", id="sandbox-rebind"),
    pytest.param(
        "https://user:secret@internal.images.test/", "10.0.0.7", id="userinfo-then-internal"
    ),
    # Schemes other than https.
    pytest.param("http://8.8.8.8/a.png", "must use https", id="http"),
    pytest.param("http://ok.images.test/a.png", "must use https", id="http-sandbox-ok"),
    pytest.param("file:///etc/passwd", "must use https", id="file"),
    pytest.param("gopher://8.8.8.8:70/_x", "must use https", id="gopher"),
    pytest.param("data:image/png;base64,iVBORw0KGgo=", "must use https", id="data"),
    pytest.param("ftp://8.8.8.8/a.png", "must use https", id="ftp"),
    pytest.param("javascript:alert(1)", "must use https", id="javascript"),
    pytest.param("wss://ok.images.test/a.png", "must use https", id="wss"),
]

# Refused after following a redirect (the first hop is requested).
HOSTILE_AFTER_REDIRECT = [
    pytest.param(SANDBOX_IMAGE_URLS["two_hops"], "more than 1", id="sandbox-two-hops"),
    pytest.param(SANDBOX_IMAGE_URLS["redirect_http"], "https", id="sandbox-redirect-http"),
    pytest.param(SANDBOX_IMAGE_URLS["redirect_private"], "10.0.0.7", id="sandbox-redirect-private"),
]

ALLOWED = [
    pytest.param("https://8.8.8.8/a.png", "https://8.8.8.8/a.png", id="public-ipv4"),
    pytest.param("https://1.1.1.1/x.jpg", "https://1.1.1.1/x.jpg", id="another-public-ipv4"),
    pytest.param("https://134744072/a.png", "https://8.8.8.8/a.png", id="public-as-decimal"),
    pytest.param("https://0x08080808/a.png", "https://8.8.8.8/a.png", id="public-as-hex"),
    pytest.param(
        "https://" + full_width("8.8.8.8") + "/a.png",
        "https://8.8.8.8/a.png",
        id="public-full-width",
    ),
    pytest.param(
        "https://[2606:4700:4700::1111]/a.png",
        "https://[2606:4700:4700::1111]/a.png",
        id="public-ipv6",
    ),
    pytest.param("https://[2002:808:808::1]/", "https://[2002:808:808::1]/", id="6to4-public"),
    pytest.param("https://8.8.8.8:8443/a.png", "https://8.8.8.8:8443/a.png", id="any-port"),
    pytest.param(
        "https://user:pw@8.8.8.8/a.png#frag", "https://8.8.8.8/a.png", id="userinfo-dropped"
    ),
    pytest.param(SANDBOX_IMAGE_URLS["ok"], "https://ok.images.test/ok.png", id="sandbox-ok"),
    pytest.param(
        "HTTPS://OK.IMAGES.TEST./A.PNG?size=large",
        "https://ok.images.test/A.PNG?size=large",
        id="sandbox-ok-upper-case-trailing-dot",
    ),
    pytest.param(
        SANDBOX_IMAGE_URLS["exact_limit"],
        "https://exact-limit.images.test/exact-limit.jpg",
        id="sandbox-exact-limit",
    ),
]


@pytest.mark.parametrize(("url", "detail_fragment"), HOSTILE_BEFORE_ANY_REQUEST)
def test_a_hostile_url_is_refused_with_422_before_any_request(
    url: str, detail_fragment: str
) -> None:
    guard, _resolver, fetcher = sandbox_guard()
    refused = rejection(guard, url)
    assert refused.status == REFUSED_HOST
    assert detail_fragment in refused.detail
    assert fetcher.requests == ()


@pytest.mark.parametrize(("url", "detail_fragment"), HOSTILE_AFTER_REDIRECT)
def test_a_hostile_redirect_is_refused_with_422(url: str, detail_fragment: str) -> None:
    guard, _resolver, fetcher = sandbox_guard()
    refused = rejection(guard, url)
    assert refused.status == REFUSED_HOST
    assert detail_fragment in refused.detail
    assert fetcher.requests[0] == url


def test_the_hostile_table_is_large_enough() -> None:
    assert len(HOSTILE_BEFORE_ANY_REQUEST) + len(HOSTILE_AFTER_REDIRECT) >= 45
    assert len(ALLOWED) >= 10


@pytest.mark.parametrize(("url", "requested"), ALLOWED)
def test_a_public_url_is_allowed_and_the_checked_host_is_what_gets_requested(
    url: str, requested: str
) -> None:
    guard, _resolver, fetcher = sandbox_guard()
    guard.check(url)
    assert fetcher.requests == (requested,)


def test_one_redirect_hop_is_allowed() -> None:
    guard, resolver, fetcher = sandbox_guard()
    guard.check(SANDBOX_IMAGE_URLS["one_hop"])
    assert fetcher.requests == (
        SANDBOX_IMAGE_URLS["one_hop"],
        "https://ok.images.test/one-hop.png",
    )
    assert resolver.lookups == ("one-hop.images.test", "ok.images.test")


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://127.0.0.1/", id="loopback"),
        pytest.param("https://0x7f000001/", id="hex"),
        pytest.param("https://[::ffff:127.0.0.1]/", id="mapped"),
        pytest.param("https://①②⑦.⓪.⓪.①/", id="enclosed"),
    ],
)
def test_an_ip_literal_is_never_sent_to_the_resolver(url: str) -> None:
    guard, resolver, _fetcher = sandbox_guard()
    rejection(guard, url)
    assert resolver.lookups == ()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://user:hunter2@10.0.0.1/", id="literal"),
        pytest.param("https://user:hunter2@internal.images.test/", id="name"),
        pytest.param("https://user:hunter2@8.8.8.8\\x/", id="backslash"),
        pytest.param("https://user:hunter2@example.123/", id="invalid-host"),
        pytest.param("https://user:hunter2@ok.images.test:99999/", id="malformed"),
        pytest.param("http://user:hunter2@ok.images.test/", id="scheme"),
    ],
)
def test_a_detail_never_echoes_the_userinfo(url: str) -> None:
    guard, _resolver, _fetcher = sandbox_guard()
    refused = rejection(guard, url)
    assert "hunter2" not in refused.detail
    assert "user:" not in refused.detail


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("", id="empty"),
        pytest.param("not a url", id="spaces"),
        pytest.param("ok.images.test/a.png", id="no-scheme"),
        pytest.param("https://", id="no-host"),
        pytest.param("https://ok.images.test:65536/", id="port-out-of-range"),
        pytest.param("https://[::1/", id="broken-ipv6"),
        pytest.param("https://ok.images.test/\n", id="newline"),
    ],
)
def test_a_malformed_url_is_a_400(url: str) -> None:
    guard, resolver, fetcher = sandbox_guard()
    refused = rejection(guard, url)
    assert refused.status == MALFORMED
    assert "malformed" in refused.detail
    assert resolver.lookups == ()
    assert fetcher.requests == ()


# --- 415: the HEAD answer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "purpose",
    ["wrong_type", "too_big", "no_length", "bad_length", "not_found", "no_location", "unreachable"],
)
def test_a_sandbox_media_failure_is_a_415(purpose: str) -> None:
    guard, _resolver, _fetcher = sandbox_guard()
    assert rejection(guard, SANDBOX_IMAGE_URLS[purpose]).status == UNSUPPORTED_MEDIA


ACCEPTED_ANSWERS = [
    pytest.param(image(), id="png"),
    pytest.param(image(content_type="IMAGE/PNG; charset=binary"), id="upper-case-with-params"),
    pytest.param(image(content_type=" image/svg+xml "), id="svg-padded"),
    pytest.param(image(content_type="image/vnd.microsoft.icon"), id="vendor-subtype"),
    pytest.param(image(" 2048\t"), id="length-padded"),
    pytest.param(image(0), id="length-zero"),
    pytest.param(image("0" * 5000 + "1"), id="length-with-thousands-of-leading-zeros"),
    pytest.param(image(REFERENCE_IMAGE_MAX_BYTES), id="length-exactly-max"),
    pytest.param(HeadResponse(204, {"content-type": "image/gif", "content-length": "5"}), id="204"),
    pytest.param(HeadResponse(206, {"CONTENT-TYPE": "image/gif", "CONTENT-LENGTH": "5"}), id="206"),
]

REFUSED_ANSWERS = [
    pytest.param(image(REFERENCE_IMAGE_MAX_BYTES + 1), "above", id="length-max-plus-one"),
    pytest.param(image(10**12), "above", id="length-huge"),
    pytest.param(image("9" * 5000), "above", id="length-of-5000-digits"),
    pytest.param(image(content_type="text/html"), "Content-Type", id="html"),
    pytest.param(image(content_type="application/octet-stream"), "Content-Type", id="octets"),
    pytest.param(image(content_type="image/"), "Content-Type", id="image-slash-nothing"),
    pytest.param(image(content_type="image"), "Content-Type", id="image-without-subtype"),
    pytest.param(image(content_type="imagex/png"), "Content-Type", id="imagex"),
    pytest.param(image(content_type="text/html; x=image/png"), "Content-Type", id="param-trick"),
    pytest.param(HeadResponse(200, {"Content-Length": "5"}), "no Content-Type", id="no-type"),
    pytest.param(
        HeadResponse(200, {"Content-Type": "image/png", "content-type": "text/html"}),
        "Content-Type",
        id="two-types",
    ),
    pytest.param(HeadResponse(200, {"Content-Type": "image/png"}), "no Content-Length", id="none"),
    pytest.param(image(""), "non-negative", id="length-empty"),
    pytest.param(image("-1"), "non-negative", id="length-negative"),
    pytest.param(image("+5"), "non-negative", id="length-plus"),
    pytest.param(image("1.5"), "non-negative", id="length-decimal"),
    pytest.param(image("1_000"), "non-negative", id="length-underscore"),
    pytest.param(image("0x10"), "non-negative", id="length-hex"),
    pytest.param(image("1e3"), "non-negative", id="length-exponent"),
    pytest.param(image("٣"), "non-negative", id="length-arabic-digit"),
    pytest.param(image("2kB"), "non-negative", id="length-with-unit"),
    pytest.param(
        HeadResponse(
            200,
            {"Content-Type": "image/png", "Content-Length": "5", "content-length": "5"},
        ),
        "non-negative",
        id="length-repeated",
    ),
    pytest.param(HeadResponse(404, {}), "404", id="404"),
    pytest.param(HeadResponse(500, {}), "500", id="500"),
    pytest.param(HeadResponse(100, {}), "100", id="100"),
    pytest.param(HeadResponse(302, {}), "Location", id="302-without-location"),
    pytest.param(HeadResponse(304, {"Location": "  "}), "Location", id="304-blank-location"),
    pytest.param(FetchError("timed out"), "could not be verified", id="timeout"),
]


@pytest.mark.parametrize("answer", ACCEPTED_ANSWERS)
def test_an_image_answer_within_the_rules_is_accepted(answer: HeadResponse) -> None:
    guard, fetcher = scripted_guard({IMAGE_URL: answer})
    guard.check(IMAGE_URL)
    assert fetcher.requests == [IMAGE_URL]


@pytest.mark.parametrize(("answer", "detail_fragment"), REFUSED_ANSWERS)
def test_a_bad_head_answer_is_a_415(
    answer: HeadResponse | FetchError, detail_fragment: str
) -> None:
    guard, _fetcher = scripted_guard({IMAGE_URL: answer})
    refused = rejection(guard, IMAGE_URL)
    assert refused.status == UNSUPPORTED_MEDIA
    assert detail_fragment in refused.detail


def test_a_failure_after_a_redirect_is_also_a_415() -> None:
    guard, _fetcher = scripted_guard(
        {IMAGE_URL: redirect("https://cdn.example/a.png"), "https://cdn.example/a.png": image("x")}
    )
    assert rejection(guard, IMAGE_URL).status == UNSUPPORTED_MEDIA


@pytest.mark.parametrize("limit", [0, 1, 100])
def test_the_byte_limit_is_inclusive(limit: int) -> None:
    at_limit, _ = scripted_guard({IMAGE_URL: image(limit)}, max_bytes=limit)
    at_limit.check(IMAGE_URL)
    over_limit, _ = scripted_guard({IMAGE_URL: image(limit + 1)}, max_bytes=limit)
    assert rejection(over_limit, IMAGE_URL).status == UNSUPPORTED_MEDIA


# --- Redirects ---------------------------------------------------------------------------


def test_a_relative_location_resolves_against_the_current_url() -> None:
    guard, fetcher = scripted_guard(
        {
            "https://img.example/dir/a.png": redirect("../b.png", status=307),
            "https://img.example/b.png": image(),
        }
    )
    guard.check("https://img.example/dir/a.png")
    assert fetcher.requests == ["https://img.example/dir/a.png", "https://img.example/b.png"]


def test_a_location_padded_with_whitespace_is_trimmed() -> None:
    guard, fetcher = scripted_guard(
        {IMAGE_URL: redirect("  https://cdn.example/a.png\t"), "https://cdn.example/a.png": image()}
    )
    guard.check(IMAGE_URL)
    assert fetcher.requests[-1] == "https://cdn.example/a.png"


@pytest.mark.parametrize(
    ("location", "detail_fragment"),
    [
        pytest.param("//127.0.0.1/a.png", "127.0.0.1", id="scheme-relative-loopback"),
        pytest.param("https://user:pw@10.0.0.1/", "10.0.0.1", id="userinfo-private"),
        pytest.param("https://0x7f000001/", "127.0.0.1", id="hex-loopback"),
        pytest.param("https://[::1]/", "::1", id="v6-loopback"),
        pytest.param("http://cdn.example/a.png", "https", id="plain-http"),
        pytest.param("file:///etc/passwd", "https", id="file"),
        pytest.param("\\\\127.0.0.1\\a.png", "backslash", id="backslash-authority"),
        pytest.param("https://cdn.example/a b.png", "malformed", id="space"),
        pytest.param("https://unknown.example/", "does not resolve", id="unresolvable"),
    ],
)
def test_a_redirect_target_passes_the_same_host_checks(location: str, detail_fragment: str) -> None:
    guard, fetcher = scripted_guard({IMAGE_URL: redirect(location)})
    refused = rejection(guard, IMAGE_URL)
    assert refused.status == REFUSED_HOST
    assert detail_fragment in refused.detail
    assert fetcher.requests == [IMAGE_URL]


def test_hops_are_counted_before_the_next_target_is_checked() -> None:
    guard, fetcher = scripted_guard(
        {
            IMAGE_URL: redirect("https://cdn.example/a.png"),
            "https://cdn.example/a.png": redirect("http://127.0.0.1/"),
        }
    )
    assert "redirects more than" in rejection(guard, IMAGE_URL).detail
    assert len(fetcher.requests) == REFERENCE_IMAGE_MAX_REDIRECTS + 1


def test_a_redirect_loop_is_refused() -> None:
    guard, fetcher = scripted_guard({IMAGE_URL: redirect(IMAGE_URL)})
    assert rejection(guard, IMAGE_URL).status == REFUSED_HOST
    assert fetcher.requests == [IMAGE_URL] * (REFERENCE_IMAGE_MAX_REDIRECTS + 1)


def test_with_no_redirects_allowed_one_hop_is_refused() -> None:
    guard, _resolver, _fetcher = sandbox_guard(max_redirects=0)
    assert rejection(guard, SANDBOX_IMAGE_URLS["one_hop"]).status == REFUSED_HOST


def test_with_two_redirects_allowed_two_hops_are_accepted() -> None:
    guard, _resolver, fetcher = sandbox_guard(max_redirects=2)
    guard.check(SANDBOX_IMAGE_URLS["two_hops"])
    assert len(fetcher.requests) == 3


# --- Resolver answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "detail_fragment"),
    [
        pytest.param([], "no address", id="empty"),
        pytest.param([PUBLIC, IPv4Address("10.1.2.3")], "10.1.2.3", id="one-private-among-many"),
        pytest.param(["127.0.0.1"], "127.0.0.1", id="string-answer-still-checked"),
        pytest.param(["not-an-ip"], "not an address", id="garbage-answer"),
    ],
)
def test_every_resolver_answer_must_be_a_public_address(
    answers: list[object], detail_fragment: str
) -> None:
    guard = ReferenceImageGuard(TableResolver({"img.example": answers}), ScriptedFetcher({}))
    refused = rejection(guard, IMAGE_URL)
    assert refused.status == REFUSED_HOST
    assert detail_fragment in refused.detail


def test_the_resolver_receives_the_normalised_ascii_name() -> None:
    resolver = TableResolver({"xn--bcher-kva.example": [PUBLIC]})
    fetcher = ScriptedFetcher({"https://xn--bcher-kva.example/a.png": image()})
    ReferenceImageGuard(resolver, fetcher).check(
        "https://" + full_width("B") + "ÜCHER。example./a.png"
    )
    assert resolver.lookups == ["xn--bcher-kva.example"]


# --- Construction ----------------------------------------------------------------------------


def test_the_limits_default_to_the_contract() -> None:
    guard, _resolver, _fetcher = sandbox_guard()
    assert guard.max_bytes == REFERENCE_IMAGE_MAX_BYTES
    assert guard.max_redirects == REFERENCE_IMAGE_MAX_REDIRECTS


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        pytest.param("max_bytes", -1, id="negative-bytes"),
        pytest.param("max_redirects", -1, id="negative-redirects"),
        pytest.param("max_redirects", True, id="boolean-redirects"),
        pytest.param("max_bytes", 1.5, id="float-bytes"),
    ],
)
def test_a_bad_limit_is_refused_naming_the_argument(argument: str, value: object) -> None:
    with pytest.raises(ValueError, match=argument):
        ReferenceImageGuard(SandboxResolver(), SandboxFetcher(), **{argument: value})  # type: ignore[arg-type]


def test_image_rejected_carries_status_and_detail() -> None:
    rejected = ImageRejected(415, "too big")
    assert (rejected.status, rejected.detail) == (415, "too big")
    assert str(rejected) == "415: too big"
    with pytest.raises(ValueError, match="non-empty"):
        ImageRejected(415, "")
