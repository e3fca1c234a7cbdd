"""Hostile reference image URLs built with tricks, one strategy per class (SSRF, 422; 6.2).

Schemes other than ``https``, names that resolve internally, userinfo and other parser
differentials, Unicode and percent-encoded spellings, and redirect chains. Like the literal
classes of ``_hostile``, every URL is well formed and is refused however a parser reads it.
"""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st

from ._addresses import (
    LOOPBACK_IPV4,
    LOOPBACK_IPV6,
    NON_PUBLIC_IPV4,
    SPECIAL_IPV6,
    ipv4_addresses,
    ipv6_addresses,
    percent_encode,
    respell_unicode,
    write_ipv6,
)
from ._cases import Fill, LabelledCase
from ._context import edit_contexts
from ._fixtures import image_fixture
from ._hostile import PATHS, hostile_case, https_url
from ._registry import defines_strategy
from ._valid import PUBLIC_HOSTS

__all__ = [
    "internal_name_urls",
    "non_https_urls",
    "percent_encoded_urls",
    "redirect_chain_urls",
    "unicode_host_urls",
    "userinfo_trick_urls",
]

_SCHEME_URLS: Final = (
    "http://{host}{path}", "HTTP://{host}{path}", "ftp://{host}{path}", "file:///etc/passwd",
    "file://{host}/etc/passwd", "gopher://{host}:70/_GET%20/", "dict://{host}:11211/stat",
    "ldap://{host}/dc=example", "ws://{host}{path}", "wss://{host}{path}", "sftp://{host}{path}",
    "tftp://{host}{path}", "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)",
    "jar:https://{host}/a.jar!/a.png", "netdoc:/etc/passwd", "httpss://{host}{path}",
    "view-source:https://{host}{path}",
)  # fmt: skip
_USERINFO_URLS: Final = (
    "https://{decoy}@{target}{path}", "https://{decoy}:443@{target}{path}",
    "https://user:pass@{target}{path}", "https://{decoy}@{decoy}@{target}{path}",
    "https://{target}#@{decoy}{path}", "https://{target}?@{decoy}{path}",
    "https://{target}\\@{target}{path}", "https:/{target}{path}", "https:{target}{path}",
    "https:\\\\{target}{path}",
)  # fmt: skip
_LOCAL_NAMES: Final = (
    "localhost", "localhost.", "LOCALHOST", "LocalHost", "sub.localhost", "a.b.localhost",
    "images.localhost.",
)  # fmt: skip
_NAME_FIXTURES: Final = ("internal", "metadata", "rebind")
_REDIRECT_FIXTURES: Final = (
    ("two_hops", "REF-007"),
    ("redirect_http", "REF-009"),
    ("redirect_private", "REF-009"),
)
_CHAR_CHOICES: Final = 16


@defines_strategy(family="reference-urls", labels=("ssrf/scheme",))
def non_https_urls() -> st.SearchStrategy[LabelledCase]:
    """A public host behind a scheme other than ``https`` (or no host at all): REF-001.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``http://example.com/a.png``.
    """
    return st.builds(
        lambda template, host, path, body: hostile_case(
            "scheme", "REF-001", template.format(host=host, path=path), body
        ),
        st.sampled_from(_SCHEME_URLS),
        st.sampled_from(PUBLIC_HOSTS),
        st.sampled_from(PATHS),
        edit_contexts(),
    )


@defines_strategy(family="reference-urls", labels=("ssrf/internal-names",))
def internal_name_urls() -> st.SearchStrategy[LabelledCase]:
    """Names that always or by fixture resolve to a non-public address: ``localhost`` and its
    subdomains (RFC 6761) in several spellings, and the image-host fixtures ``internal``
    (10.0.0.7), ``metadata`` (169.254.169.254) and ``rebind`` (public and loopback): REF-006.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://localhost/a.png``.
    """
    literal = st.builds(
        lambda name, path, body: hostile_case(
            "internal-names", "REF-006", https_url(name, path), body
        ),
        st.sampled_from(_LOCAL_NAMES),
        st.sampled_from(PATHS),
        edit_contexts(),
    )

    def fixture(purpose: str, body: dict[str, Any]) -> LabelledCase:
        name, url = image_fixture(purpose)
        return hostile_case(
            "internal-names", "REF-006", url, body, (Fill("/reference_image_urls/0", name),)
        )

    return st.one_of(literal, st.builds(fixture, st.sampled_from(_NAME_FIXTURES), edit_contexts()))


def _target_hosts() -> st.SearchStrategy[tuple[str, str]]:
    """A non-public literal host as written in a URL, with its requirement."""
    v4 = ipv4_addresses(LOOPBACK_IPV4 + NON_PUBLIC_IPV4).map(lambda a: (str(a), "REF-002"))
    v6 = ipv6_addresses(LOOPBACK_IPV6 + SPECIAL_IPV6).map(
        lambda a: (write_ipv6(a, "compressed"), "REF-004")
    )
    return st.one_of(v4, v6)


@defines_strategy(family="reference-urls", labels=("ssrf/userinfo-tricks",))
def userinfo_trick_urls() -> st.SearchStrategy[LabelledCase]:
    """Parser-differential URLs: a public decoy in the userinfo, several ``@``, ``#@`` and
    ``?@`` after the host, a backslash before ``@``, and ``https:`` with one, no or back slashes.
    Every reading of these URLs reaches the non-public literal host or none: REF-002 or REF-004.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://example.com@127.0.0.1/a.png``.
    """

    def build(
        template: str, target: tuple[str, str], decoy: str, path: str, body: dict[str, Any]
    ) -> LabelledCase:
        host, requirement = target
        url = template.format(target=host, decoy=decoy, path=path)
        return hostile_case("userinfo-tricks", requirement, url, body)

    return st.builds(
        build,
        st.sampled_from(_USERINFO_URLS),
        _target_hosts(),
        st.sampled_from(PUBLIC_HOSTS),
        st.sampled_from(("/a.png", "/")),
        edit_contexts(),
    )


def _name_or_v4() -> st.SearchStrategy[tuple[str, str]]:
    v4 = ipv4_addresses(LOOPBACK_IPV4 + NON_PUBLIC_IPV4).map(lambda a: (str(a), "REF-003"))
    return st.one_of(
        v4, st.sampled_from(("localhost", "sub.localhost")).map(lambda n: (n, "REF-006"))
    )


@defines_strategy(family="reference-urls", labels=("ssrf/unicode-hosts",))
def unicode_host_urls() -> st.SearchStrategy[LabelledCase]:
    """Non-public IPv4 literals and ``localhost`` written with fullwidth, mathematical or
    enclosed digits and letters, ideographic or fullwidth dots, or a soft hyphen, all of which
    the URL standard's host mapping turns back into ASCII: REF-003 or REF-006.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://127。0。0。1/a.png``.
    """

    def build(
        target: tuple[str, str],
        choices: tuple[int, ...],
        dot: int,
        soft_hyphen: bool,
        body: dict[str, Any],
    ) -> LabelledCase:
        host, requirement = target
        url = https_url(respell_unicode(host, choices, dot, soft_hyphen), "/a.png")
        return hostile_case("unicode-hosts", requirement, url, body)

    return st.builds(
        build,
        _name_or_v4(),
        st.integers(0, 4**_CHAR_CHOICES - 1).map(
            lambda n: tuple(n >> (2 * index) & 3 for index in range(_CHAR_CHOICES))
        ),
        st.integers(0, 3).map(lambda dot: (dot + 1) % 4),
        st.booleans(),
        edit_contexts(),
    )


@defines_strategy(family="reference-urls", labels=("ssrf/percent-encoding",))
def percent_encoded_urls() -> st.SearchStrategy[LabelledCase]:
    """Non-public IPv4 literals and ``localhost`` with some characters percent-encoded
    (``%31%32%37.0.0.1``), which the URL standard decodes before reading the host: REF-003 or
    REF-006.

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards ``https://%3127.0.0.1/a.png``.
    """

    def build(
        target: tuple[str, str], mask: int, upper: bool, body: dict[str, Any]
    ) -> LabelledCase:
        host, requirement = target
        url = https_url(percent_encode(host, mask, upper), "/a.png")
        return hostile_case("percent-encoding", requirement, url, body)

    return st.builds(
        build, _name_or_v4(), st.integers(0, 2**15 - 1), st.booleans(), edit_contexts()
    )


@defines_strategy(family="reference-urls", labels=("ssrf/redirect-chains",))
def redirect_chain_urls() -> st.SearchStrategy[LabelledCase]:
    """Image-host fixtures that redirect: two hops (REF-007), one hop to ``http://`` or to a
    private host (REF-009, a SHOULD: the contract does not say the target is re-checked).

    Each URL is alone in an otherwise valid edit of the caller's complete video; every case
    expects 422.

    Examples shrink towards the two-hop fixture ``image_urls.two_hops``.
    """

    def build(fixture: tuple[str, str], body: dict[str, Any]) -> LabelledCase:
        purpose, requirement = fixture
        name, url = image_fixture(purpose)
        return hostile_case(
            "redirect-chains", requirement, url, body, (Fill("/reference_image_urls/0", name),)
        )

    return st.builds(build, st.sampled_from(_REDIRECT_FIXTURES), edit_contexts())
