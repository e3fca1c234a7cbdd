"""The sandbox image hosts: every fixture URL gets the status its table entry promises."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address
from typing import NoReturn

import pytest

import conformance.reference.images as images_package
from conformance.contract.constants import REFERENCE_IMAGE_MAX_BYTES
from conformance.reference.images import (
    SANDBOX_DOMAIN,
    SANDBOX_HOSTS,
    SANDBOX_IMAGE_URLS,
    SANDBOX_IMAGES,
    SANDBOX_PUBLIC_ADDRESS,
    SANDBOX_SECOND_HOP_TARGET,
    FetchError,
    ImageRejected,
    ReferenceImageGuard,
    ResolutionError,
    SandboxFetcher,
    SandboxResolver,
    malformed_url_reason,
    non_public_reason,
    sandbox_hosts,
    split_url,
)

REQUIRED_PURPOSES = (
    "ok",
    "wrong_type",
    "too_big",
    "no_length",
    "one_hop",
    "two_hops",
    "redirect_http",
    "redirect_private",
    "exact_limit",
    "unreachable",
)
DELIBERATELY_NON_PUBLIC_HOSTS = frozenset(
    {f"internal.{SANDBOX_DOMAIN}", f"metadata.{SANDBOX_DOMAIN}", f"rebind.{SANDBOX_DOMAIN}"}
)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a socket or ask DNS."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("the reference image tests must never touch the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


def outcome(guard: ReferenceImageGuard, url: str) -> int | None:
    """The status the guard refuses ``url`` with, or ``None`` when it accepts it."""
    try:
        guard.check(url)
    except ImageRejected as rejected:
        return rejected.status
    return None


@pytest.mark.parametrize("purpose", sorted(SANDBOX_IMAGES))
def test_every_fixture_gets_the_status_its_entry_promises(purpose: str) -> None:
    fixture = SANDBOX_IMAGES[purpose]
    guard = ReferenceImageGuard(SandboxResolver(), SandboxFetcher())
    assert outcome(guard, fixture.url) == fixture.expected_status


@pytest.mark.parametrize("purpose", sorted(SANDBOX_IMAGES))
def test_every_fixture_is_a_well_formed_https_url_under_the_sandbox_domain(purpose: str) -> None:
    fixture = SANDBOX_IMAGES[purpose]
    assert malformed_url_reason(fixture.url) is None
    parts = split_url(fixture.url)
    assert parts.scheme == "https"
    assert parts.authority is not None
    assert parts.authority.host.endswith(f".{SANDBOX_DOMAIN}")
    assert fixture.description
    assert SANDBOX_IMAGE_URLS[purpose] == fixture.url


def test_the_documented_purposes_are_all_listed() -> None:
    assert set(REQUIRED_PURPOSES) <= set(SANDBOX_IMAGE_URLS)


@pytest.mark.parametrize("name", sorted(SANDBOX_HOSTS))
def test_every_sandbox_host_is_described_and_public_unless_meant_otherwise(name: str) -> None:
    host = SANDBOX_HOSTS[name]
    assert host.description
    assert host.addresses
    public = all(non_public_reason(address) is None for address in host.addresses)
    assert public == (name not in DELIBERATELY_NON_PUBLIC_HOSTS)


def test_the_public_sandbox_address_is_public() -> None:
    assert non_public_reason(SANDBOX_PUBLIC_ADDRESS) is None


def test_the_table_follows_the_byte_limit() -> None:
    hosts = sandbox_hosts(max_bytes=100)
    assert hosts[f"exact-limit.{SANDBOX_DOMAIN}"].content_length == "100"
    assert hosts[f"too-big.{SANDBOX_DOMAIN}"].content_length == "101"
    assert SANDBOX_HOSTS[f"exact-limit.{SANDBOX_DOMAIN}"].content_length == str(
        REFERENCE_IMAGE_MAX_BYTES
    )


def test_a_guard_with_a_smaller_limit_agrees_with_a_fetcher_of_that_limit() -> None:
    guard = ReferenceImageGuard(SandboxResolver(), SandboxFetcher(max_bytes=100), max_bytes=100)
    assert outcome(guard, SANDBOX_IMAGE_URLS["exact_limit"]) is None
    assert outcome(guard, SANDBOX_IMAGE_URLS["too_big"]) == 415


# --- The resolver ----------------------------------------------------------------------------


def test_the_resolver_answers_from_the_table() -> None:
    resolver = SandboxResolver()
    assert resolver.resolve(f"rebind.{SANDBOX_DOMAIN}") == [
        SANDBOX_PUBLIC_ADDRESS,
        IPv4Address("127.0.0.1"),
    ]
    assert resolver.resolve(f"OK.{SANDBOX_DOMAIN.upper()}.") == [SANDBOX_PUBLIC_ADDRESS]
    assert resolver.lookups == (f"rebind.{SANDBOX_DOMAIN}", f"OK.{SANDBOX_DOMAIN.upper()}.")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(f"missing.{SANDBOX_DOMAIN}", id="unknown-sandbox-name"),
        pytest.param("example.com", id="real-name"),
        pytest.param("localhost", id="localhost"),
        pytest.param("127.0.0.1", id="ip-text"),
    ],
)
def test_the_resolver_refuses_unknown_names(name: str) -> None:
    with pytest.raises(ResolutionError):
        SandboxResolver().resolve(name)


# --- The fetcher -----------------------------------------------------------------------------


def test_the_fetcher_answers_a_public_ip_literal_with_a_small_png() -> None:
    fetcher = SandboxFetcher()
    response = fetcher.head("https://8.8.8.8/a.png")
    assert response.status == 200
    assert response.header("content-type") == "image/png"
    assert fetcher.requests == ("https://8.8.8.8/a.png",)


def test_the_fetcher_answers_an_unknown_name_with_a_small_png() -> None:
    response = SandboxFetcher().head("https://cdn.example/a.png")
    assert (response.status, response.header("Content-Type")) == (200, "image/png")


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://127.0.0.1/", id="loopback"),
        pytest.param("https://[::1]/", id="v6-loopback"),
        pytest.param("https://0x0a000001/", id="private-hex"),
        pytest.param(SANDBOX_IMAGE_URLS["unreachable"], id="unreachable"),
        pytest.param("not a url", id="malformed"),
        pytest.param("data:image/png;base64,AAAA", id="no-host"),
    ],
)
def test_the_fetcher_never_answers_for_a_non_public_or_unreachable_target(url: str) -> None:
    with pytest.raises(FetchError):
        SandboxFetcher().head(url)


def test_the_redirect_hosts_answer_with_a_location() -> None:
    response = SandboxFetcher().head(SANDBOX_IMAGE_URLS["two_hops"])
    assert response.status == 302
    assert response.header("location") == f"https://relay.{SANDBOX_DOMAIN}/two-hops.png"


def test_the_second_hop_leads_to_a_url_nothing_else_requests() -> None:
    relay = SandboxFetcher().head(f"https://relay.{SANDBOX_DOMAIN}/two-hops.png")
    assert relay.header("location") == SANDBOX_SECOND_HOP_TARGET
    assert SANDBOX_SECOND_HOP_TARGET not in SANDBOX_IMAGE_URLS.values()


# --- The package surface ---------------------------------------------------------------------


def test_the_package_exports_exactly_its_public_names() -> None:
    public = {
        name
        for name, value in vars(images_package).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith(images_package.__name__)
    }
    assert set(images_package.__all__) >= public
    for name in images_package.__all__:
        assert hasattr(images_package, name), name
