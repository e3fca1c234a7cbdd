"""Host spelling: turn a URL's host into the IP address or DNS name a URL parser would reach.

Every spelling of a host goes through one pipeline, so a trick that fools one step cannot skip
the others:

1. **Bracketed IPv6** (``[::1]``, ``[fe80::1%25eth0]``): the text between the brackets, cut at
   the first ``%`` (the zone identifier is dropped), must be an IPv6 address, else
   ``InvalidHostError``. IPv4-in-IPv6 spellings such as ``[::ffff:127.0.0.1]`` are plain IPv6 here;
   ``non_public_reason`` looks inside them.
2. **Normalisation** (``normalise_host``), as the WHATWG URL standard does for ``https`` hosts:
   percent-decode once as UTF-8, then apply the UTS #46 mapping (non-transitional, without STD3
   rules). That lower-cases, applies NFKC (full-width digits, enclosed alphanumerics such as
   ``①②⑦.⓪.⓪.①``), maps the dot look-alikes U+3002, U+FF0E and U+FF61 to ``.`` and deletes
   ignorable code points such as U+00AD. Undecodable escapes, disallowed code points or more
   than 1024 characters (the ``idna`` library's limit) raise ``InvalidHostError``.
3. **IPv4** (``parse_ipv4``), the WHATWG IPv4 parser, which accepts every form libc
   ``inet_aton`` does (bar text after a space, which no URL host holds). One trailing dot is
   dropped. If the last dot-separated part is a number (all ASCII digits, or anything that
   parses as a part below), the host *is* IPv4 and must parse, else ``InvalidHostError``
   (``256.0.0.1``, ``1.2.3.4.5``, ``example.123``). A part is hexadecimal after ``0x``/``0X``
   (``0x`` alone is 0), octal with a leading ``0``, decimal otherwise. One to four parts: every
   part but the last is one byte; the last fills the remaining bytes (``127.1``, ``2130706433``,
   ``0x7f.0.0.1``, ``017700000001``, ``0``).
4. Otherwise the host is a **DNS name** (``host_name``): one trailing dot dropped, non-ASCII labels
   punycoded (``xn--``), ASCII ``xn--`` labels must be valid punycode of a non-ASCII label, each
   label 1-63 characters of ``[a-z0-9_-]``, at most 253 in all; else ``InvalidHostError``.

Whether an address may be contacted is decided by ``addresses.non_public_reason``, which also
re-exports this module's names.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv6Address
from typing import Final, TypeAlias
from urllib.parse import unquote

import idna

from .urls import split_zone

__all__ = [
    "Address",
    "InvalidHostError",
    "host_name",
    "normalise_host",
    "parse_host",
    "parse_ipv4",
]

Address: TypeAlias = IPv4Address | IPv6Address
"""An IP address of either family."""

_IPV4_MAX_PARTS: Final = 4
_BYTE_LIMIT: Final = 256
# 16 significant digits in radix 8 or more exceed 2**32, so longer numbers need no exact value
# (and Python refuses to convert very long decimal strings).
_IPV4_NUMBER_MAX_DIGITS: Final = 16
_IPV4_NUMBER_TOO_BIG: Final = 1 << 64
_LABEL_MAX_LENGTH: Final = 63
_NAME_MAX_LENGTH: Final = 253
_PUNYCODE_PREFIX: Final = "xn--"
_DIGITS_BY_RADIX: Final = {
    8: re.compile(r"[0-7]+"),
    10: re.compile(r"[0-9]+"),
    16: re.compile(r"[0-9A-Fa-f]+"),
}
_LABEL = re.compile(r"[a-z0-9_\-]+")


class InvalidHostError(ValueError):
    """Raised when a host can be neither an IP address nor a DNS name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_host(host: str) -> Address | None:
    """Read ``host`` (as written in a URL) as an IP address, or return ``None`` for a DNS name.

    Accepts every spelling the module docstring lists. Raises ``InvalidHostError`` for a bracketed
    host that is not IPv6, for a host that ends in a number but is no valid IPv4 address, and for
    hosts that cannot be normalised.
    """
    if host.startswith("["):
        return _parse_bracketed(host)
    normalised = normalise_host(host)
    if ":" in normalised:
        return _parse_ipv6(normalised)
    return parse_ipv4(normalised)


def normalise_host(host: str) -> str:
    """Percent-decode ``host`` once and apply the UTS #46 mapping, as a WHATWG parser does."""
    try:
        decoded = unquote(host, errors="strict")
        return idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except ValueError:
        raise InvalidHostError(
            "the host has an undecodable escape, a disallowed character or is too long"
        ) from None


def parse_ipv4(normalised: str) -> IPv4Address | None:
    """Parse a normalised host with the WHATWG IPv4 parser; ``None`` when it is not IPv4-shaped."""
    parts = normalised.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not _ends_in_number(parts[-1]):
        return None
    if len(parts) > _IPV4_MAX_PARTS:
        raise InvalidHostError("the host ends in a number but has more than four parts")
    parsed = [_ipv4_number(part) for part in parts]
    numbers = [number for number in parsed if number is not None]
    if len(numbers) != len(parsed):
        raise InvalidHostError("the host ends in a number but is not an IPv4 address")
    leading, last = numbers[:-1], numbers[-1]
    if any(number >= _BYTE_LIMIT for number in leading):
        raise InvalidHostError("an IPv4 address part is above 255")
    if last >= _BYTE_LIMIT ** (_IPV4_MAX_PARTS + 1 - len(parts)):
        raise InvalidHostError("the IPv4 address is out of range")
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (_IPV4_MAX_PARTS - 1 - index))
    return IPv4Address(value)


def host_name(host: str) -> str:
    """The ASCII DNS name ``host`` spells; raise ``InvalidHostError`` when it is not one.

    Call it for hosts ``parse_host`` did not read as an IP address.
    """
    normalised = normalise_host(host)
    if normalised.endswith("."):
        normalised = normalised[:-1]
    labels = [_ascii_label(label) for label in normalised.split(".")]
    name = ".".join(labels)
    if len(name) > _NAME_MAX_LENGTH:
        raise InvalidHostError(f"the host name is longer than {_NAME_MAX_LENGTH} characters")
    return name


def _parse_bracketed(host: str) -> IPv6Address:
    if not host.endswith("]"):
        raise InvalidHostError("the IPv6 literal has no closing ']'")
    return _parse_ipv6(host[1:-1])


def _parse_ipv6(text: str) -> IPv6Address:
    address, _zone = split_zone(text)
    try:
        return IPv6Address(address)
    except ValueError:
        raise InvalidHostError("the host is not a valid IPv6 address") from None


def _ends_in_number(last_part: str) -> bool:
    all_digits = _DIGITS_BY_RADIX[10].fullmatch(last_part) is not None
    return all_digits or _ipv4_number(last_part) is not None


def _ipv4_number(part: str) -> int | None:
    if not part:
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if not part:
        return 0
    if _DIGITS_BY_RADIX[radix].fullmatch(part) is None:
        return None
    significant_digits = part.lstrip("0") or "0"
    if len(significant_digits) > _IPV4_NUMBER_MAX_DIGITS:
        return _IPV4_NUMBER_TOO_BIG
    return int(significant_digits, radix)


def _ascii_label(label: str) -> str:
    if not label:
        raise InvalidHostError("the host name has an empty label")
    if not label.isascii():
        label = _PUNYCODE_PREFIX + label.encode("punycode").decode("ascii")
    elif label.startswith(_PUNYCODE_PREFIX) and not _is_punycode(label):
        raise InvalidHostError("the host name has an 'xn--' label that is not valid punycode")
    if len(label) > _LABEL_MAX_LENGTH or _LABEL.fullmatch(label) is None:
        raise InvalidHostError("the host name has a label that is not a valid DNS label")
    return label


def _is_punycode(label: str) -> bool:
    """Whether an ``xn--`` label decodes to a non-ASCII label that encodes back to itself."""
    encoded = label[len(_PUNYCODE_PREFIX) :]
    try:
        decoded = encoded.encode("ascii").decode("punycode")
    except UnicodeError:
        return False
    return not decoded.isascii() and decoded.encode("punycode").decode("ascii") == encoded
