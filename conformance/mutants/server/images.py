"""Reference-image faults: SSRF gaps (422) and skipped media checks (415).

Each replaces the state's ``ReferenceImageGuard`` with a subclass that forgets one rule, or
wraps the sandbox fetcher the guard reads HEAD answers from.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, ip_address

from ...reference.images import (
    Address,
    Fetcher,
    FetchError,
    HeadResponse,
    ReferenceImageGuard,
    SandboxFetcher,
    SandboxResolver,
)
from ...reference.state import ReferenceState
from ._build import server_mutant

__all__ = ["MUTANTS"]

_METADATA = IPv4Address("169.254.169.254")


def _is_canonical(raw_host: str) -> bool:
    try:
        ip_address(raw_host.strip("[]"))
    except ValueError:
        return False
    return True


class _HexBlindGuard(ReferenceImageGuard):
    """Checks only IP literals spelled as dotted decimal; a hex spelling passes unchecked."""

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        if "0x" in raw_host.lower() and not _is_canonical(raw_host):
            return
        super()._require_public_literal(literal, raw_host, role=role)


class _IntegerBlindGuard(ReferenceImageGuard):
    """A host that is one decimal number (``2130706433``) is taken for a name and passes."""

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        if raw_host.isdigit():
            return
        super()._require_public_literal(literal, raw_host, role=role)


class _MappedBlindGuard(ReferenceImageGuard):
    """IPv4-mapped IPv6 (``::ffff:127.0.0.1``) counts as an ordinary public IPv6 address."""

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        if isinstance(literal, IPv6Address) and literal.ipv4_mapped is not None:
            return
        super()._require_public_literal(literal, raw_host, role=role)


class _MetadataBlindGuard(ReferenceImageGuard):
    """A deny list that forgot the cloud metadata address 169.254.169.254."""

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        if literal == _METADATA:
            return
        super()._require_public_literal(literal, raw_host, role=role)


class _HttpToleratingGuard(ReferenceImageGuard):
    """Accepts ``http://`` as if it were ``https://``."""

    def _vetted(self, url: str, *, role: str) -> str:
        if url[:7].lower() == "http://":
            url = "https://" + url[7:]
        return super()._vetted(url, role=role)


class _RewritingFetcher:
    """A fetcher whose HEAD answers are edited before the guard reads them."""

    def __init__(self, inner: Fetcher, edit: Callable[[HeadResponse], HeadResponse]) -> None:
        self._inner = inner
        self._edit = edit

    @property
    def requests(self) -> tuple[str, ...]:
        """The wrapped fetcher's request log, when it keeps one (the sandbox's does)."""
        return tuple(getattr(self._inner, "requests", ()))

    def head(self, url: str) -> HeadResponse:
        return self._edit(self._inner.head(url))


class _CrashingFetcher:
    """A HEAD timeout escapes as an unexpected exception (the server answers 500)."""

    def __init__(self, inner: Fetcher) -> None:
        self._inner = inner

    @property
    def requests(self) -> tuple[str, ...]:
        return tuple(getattr(self._inner, "requests", ()))

    def head(self, url: str) -> HeadResponse:
        try:
            return self._inner.head(url)
        except FetchError as error:
            raise RuntimeError(f"HEAD {url} failed: {error}") from None


def _as_image(response: HeadResponse) -> HeadResponse:
    if not 200 <= response.status < 300:
        return response
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    return HeadResponse(response.status, {**headers, "Content-Type": "image/png"})


def _with_length(response: HeadResponse) -> HeadResponse:
    if not 200 <= response.status < 300 or response.header("Content-Length") is not None:
        return response
    return HeadResponse(response.status, {**response.headers, "Content-Length": "2048"})


def _guard(
    kind: type[ReferenceImageGuard] = ReferenceImageGuard,
    *,
    fetcher: Callable[[Fetcher], Fetcher] | None = None,
    **limits: int,
) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        sandbox = SandboxFetcher()
        state.image_guard = kind(
            SandboxResolver(), fetcher(sandbox) if fetcher else sandbox, **limits
        )

    return prepare


MUTANTS = (
    server_mutant(
        "hex-loopback-allowed",
        "a host written in hex (0x7f000001) is not recognised as an IP literal and passes",
        breaks={"REF-003"},
        prepare=_guard(_HexBlindGuard),
    ),
    server_mutant(
        "decimal-loopback-allowed",
        "a host written as one decimal number (2130706433) is not recognised as loopback",
        breaks={"REF-003"},
        prepare=_guard(_IntegerBlindGuard),
    ),
    server_mutant(
        "ipv4-mapped-ipv6-allowed",
        "IPv4-mapped IPv6 ([::ffff:127.0.0.1]) is treated as a public IPv6 address",
        breaks={"REF-005"},
        prepare=_guard(_MappedBlindGuard),
    ),
    server_mutant(
        "metadata-address-allowed",
        "the literal 169.254.169.254 (cloud metadata) is missing from the deny list",
        breaks={"REF-002"},
        prepare=_guard(_MetadataBlindGuard),
    ),
    server_mutant(
        "http-allowed",
        "reference image URLs (and redirect targets) may use http://",
        breaks={"REF-001", "REF-009"},
        prepare=_guard(_HttpToleratingGuard),
    ),
    server_mutant(
        "two-redirect-hops-followed",
        "two redirect hops are followed instead of one",
        breaks={"REF-007", "REF-010"},
        prepare=_guard(max_redirects=2),
    ),
    server_mutant(
        "content-type-unchecked",
        "the HEAD answer's Content-Type is never read: text/html passes as an image",
        breaks={"REF-011"},
        prepare=_guard(fetcher=lambda inner: _RewritingFetcher(inner, _as_image)),
    ),
    server_mutant(
        "content-length-unchecked",
        "a HEAD answer without Content-Length passes the media checks",
        breaks={"REF-012"},
        prepare=_guard(fetcher=lambda inner: _RewritingFetcher(inner, _with_length)),
    ),
    server_mutant(
        "size-limit-10mb",
        "the reference image size limit is 10 MB instead of 5 MB",
        breaks={"REF-013", "REF-015"},
        proves={"REF-013"},
        prepare=_guard(max_bytes=10 * 1024 * 1024),
    ),
    server_mutant(
        "head-timeout-500",
        "a reference host that does not answer makes the request fail with 500",
        breaks={"REF-016"},
        prepare=_guard(fetcher=_CrashingFetcher),
    ),
)
