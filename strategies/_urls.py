"""All hostile reference URLs in one strategy, and malformed URLs (400).

A URL is *malformed* (EDIT-003, 400) exactly when one of these rules, checked in order, says so:
it is empty; it holds whitespace or a control character (``str.isspace()``, U+0000-U+001F, U+007F;
escapes such as ``%20`` are not decoded); it is longer than 2048 characters; it does not start with
a scheme ``[A-Za-z][A-Za-z0-9+.-]*:``; or, when ``//`` follows the scheme, the authority (up to
the first ``/``, ``?`` or ``#``; userinfo ends at its last ``@``) has an unclosed or stray bracket,
a bracketed host that is not an IPv6 address (an optional zone written ``%25<id>``), text after
the ``]`` other than a port, an empty host (``file:`` excepted), or a port that is not ASCII
digits up to 65535. Anything else is well formed, whatever its scheme or host: the SSRF rules
then refuse it with 422. These are the reference server's rules (``conformance.reference.images
.urls``); the contract itself only says "a malformed URL is 400".
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any, Final

from hypothesis import strategies as st

from ._cases import LabelledCase, edit_case
from ._context import edit_contexts
from ._hostile import (
    HOSTILE_CLASSES,
    alternative_ipv4_urls,
    embedded_ipv4_urls,
    loopback_urls,
    private_ipv4_urls,
    special_ipv6_urls,
)
from ._registry import check_subset, defines_strategy, union
from ._tricks import (
    internal_name_urls,
    non_https_urls,
    percent_encoded_urls,
    redirect_chain_urls,
    unicode_host_urls,
    userinfo_trick_urls,
)
from ._unicode import insert
from ._valid import public_reference_urls

__all__ = ["MALFORMED_LABELS", "hostile_reference_urls", "malformed_urls"]

MALFORMED_LABELS: Final = (
    "url/empty",
    "url/whitespace-or-control",
    "url/no-scheme",
    "url/empty-host",
    "url/bad-brackets",
    "url/bad-ipv6",
    "url/bad-port",
)

_SPACES: Final = (
    " ",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x7f",
    "\x1b",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\x85",
)
_NO_SCHEME: Final = (
    "example.com/a.png", "//example.com/a.png", "/a.png", "a.png", "://example.com/a.png",
    "1https://example.com/a.png", "-https://example.com/", "_x://example.com/a.png",
)  # fmt: skip
_EMPTY_HOST: Final = (
    "https:///a.png", "https://", "https://:443/a.png", "https://user@/a.png", "https://?x=1",
    "https://#x", "ftp:///a.png",
)  # fmt: skip
_BAD_BRACKETS: Final = (
    "https://exa[mple.com/a.png", "https://example.com]/a.png", "https://[::1/a.png",
    "https://[::1]x/a.png", "https://[::1]]/a.png", "https://ex]am[ple.com/",
)  # fmt: skip
_BAD_IPV6: Final = (
    "https://[not-v6]/a.png", "https://[1.2.3.4]/a.png", "https://[v1.x]/a.png",
    "https://[::1::2]/a.png", "https://[12345::]/a.png", "https://[fe80::1%eth0]/a.png",
    "https://[fe80::1%25]/a.png", "https://[]/a.png", "https://[2001:db8::g]/a.png",
)  # fmt: skip
_BAD_PORTS: Final = ("abc", "-1", "1.5", "0x1bb", "\uff14\uff14\uff13", "443a", "+443")
_PORT_LIMIT: Final = 65535


CLASS_STRATEGIES: Final = {
    "scheme": non_https_urls,
    "loopback": loopback_urls,
    "private-ipv4": private_ipv4_urls,
    "special-ipv6": special_ipv6_urls,
    "embedded-ipv4": embedded_ipv4_urls,
    "ipv4-spellings": alternative_ipv4_urls,
    "internal-names": internal_name_urls,
    "userinfo-tricks": userinfo_trick_urls,
    "unicode-hosts": unicode_host_urls,
    "percent-encoding": percent_encoded_urls,
    "redirect-chains": redirect_chain_urls,
}
"""Class label -> the strategy of that class."""


def _malformed_case(label: str, url: str, body: dict[str, Any]) -> LabelledCase:
    return edit_case(label, "EDIT-003", url, {**body, "reference_image_urls": [url]})


def _with_port(url: str, port: str) -> str:
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}:{port}{slash}{path}"


def _malformed_branches() -> dict[str, st.SearchStrategy[LabelledCase]]:
    public = public_reference_urls()
    values: dict[str, st.SearchStrategy[str]] = {
        "url/empty": st.just(""),
        "url/whitespace-or-control": st.builds(
            insert, public, st.sampled_from((-1, 0, 9, 14)), st.sampled_from(_SPACES)
        ),
        "url/no-scheme": st.sampled_from(_NO_SCHEME),
        "url/empty-host": st.sampled_from(_EMPTY_HOST),
        "url/bad-brackets": st.sampled_from(_BAD_BRACKETS),
        "url/bad-ipv6": st.sampled_from(_BAD_IPV6),
        "url/bad-port": st.builds(
            _with_port,
            public,
            st.one_of(
                st.integers(_PORT_LIMIT + 1, 10**9).map(str),
                st.sampled_from(_BAD_PORTS),
            ),
        ),
    }
    return {
        label: st.builds(partial(_malformed_case, label), urls, edit_contexts())
        for label, urls in values.items()
    }


@defines_strategy(family="reference-urls", labels=MALFORMED_LABELS, branches=_malformed_branches)
def malformed_urls() -> st.SearchStrategy[LabelledCase]:
    """Syntactically malformed reference image URLs, alone in an otherwise valid edit of the
    caller's complete video: the empty string, whitespace or a control character anywhere (no
    escapes decoded), no scheme, an empty host, a stray or unclosed bracket, a bracketed host
    that is no IPv6 address, a port that is not a number up to 65535. Each breaks EDIT-003 and
    expects 400.

    URLs over 2048 characters are not drawn: the contract sets no length limit, so a server may
    well accept them. Non-string entries are ``invalid_field_types()``'s.

    Examples shrink towards the empty string.
    """
    return union(_malformed_branches())


def _hostile_branches(
    classes: Collection[str] = HOSTILE_CLASSES,
) -> dict[str, st.SearchStrategy[LabelledCase]]:
    return {f"ssrf/{name}": CLASS_STRATEGIES[name]() for name in classes}


@defines_strategy(
    family="reference-urls",
    labels=tuple(f"ssrf/{name}" for name in HOSTILE_CLASSES),
    branches=_hostile_branches,
)
def hostile_reference_urls(
    *, classes: Collection[str] = HOSTILE_CLASSES
) -> st.SearchStrategy[LabelledCase]:
    """Hostile reference image URLs of the given ``classes`` (default: all of them), each alone
    in an otherwise valid edit of the caller's complete video, expecting 422.

    Classes, each also a strategy of its own: ``scheme`` (``non_https_urls()``), ``loopback``,
    ``private-ipv4``, ``special-ipv6``, ``embedded-ipv4``, ``ipv4-spellings``
    (``alternative_ipv4_urls()``), ``internal-names``, ``userinfo-tricks``, ``unicode-hosts``,
    ``percent-encoding`` and ``redirect-chains``. The requirement follows the host: the scheme
    REF-001, a dotted IPv4 literal REF-002, another IPv4 spelling REF-003, IPv6 REF-004, IPv6
    embedding IPv4 REF-005, a name REF-006, two hops REF-007, a bad hop target REF-009 (SHOULD
    for the IPv6 and redirect-target rules). Each case records its class with
    ``hypothesis.event``, so ``--hypothesis-show-statistics`` shows the coverage per class. The
    curated corpus (``strategies.ssrf_corpus``) adds known bypasses as explicit examples.

    Examples shrink towards ``http://example.com/a.png``, the plainest URL of the first class;
    within a class, towards its plainest spelling of ``127.0.0.1``.
    """
    return union(_hostile_branches(check_subset(classes, HOSTILE_CLASSES, "classes")))
