"""An independent oracle for reference image URLs, written from the contract (section 6.2), the
documented malformed-URL rules (``strategies/_urls.py``'s docstring) and the public standards
(RFC 3986, the WHATWG URL standard, the IANA special-purpose address registries).

It decodes; the strategies encode. Nothing here imports the reference server or the strategies.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address
from typing import Literal
from urllib.parse import unquote

__all__ = [
    "HostMeaning",
    "Reading",
    "host_meaning",
    "is_malformed",
    "readings",
    "url_faults",
]

# --- malformed (400) -------------------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def is_malformed(url: object) -> bool:
    """Whether ``url`` breaks one of the documented syntax rules (400)."""
    if not isinstance(url, str) or url == "":
        return True
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return True
    if len(url) > 2048:
        return True
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    rest = url[scheme.end() :]
    if not rest.startswith("//"):
        return False
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    host_port = authority.rsplit("@", 1)[-1]
    if host_port.startswith("["):
        close = host_port.find("]")
        if close < 0:
            return True
        inside, after = host_port[1:close], host_port[close + 1 :]
        address, percent, zone = inside.partition("%")
        if percent and (not zone.startswith("25") or len(zone) < 3):
            return True
        try:
            IPv6Address(address)
        except ValueError:
            return True
        if after and not after.startswith(":"):
            return True
        host, port = inside, after[1:] if after else None
    else:
        if "[" in host_port or "]" in host_port:
            return True
        host, colon, port_text = host_port.partition(":")
        port = port_text if colon else None
    if host == "" and scheme.group()[:-1].lower() != "file":
        return True
    return bool(port) and (not (port.isascii() and port.isdigit()) or int(port) > 65535)


# --- readings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """How one URL parser reads the URL: the scheme and the host as written (no userinfo, no
    port), or ``None`` when it finds no host."""

    scheme: str
    host: str | None


def _host_of(authority: str) -> str:
    host_port = authority.rsplit("@", 1)[-1]
    if host_port.startswith("["):
        return host_port[: host_port.find("]") + 1]
    return host_port.split(":", 1)[0]


def readings(url: str) -> list[Reading]:
    """The RFC 3986 reading and the WHATWG reading (which treats ``\\`` as ``/`` and skips any
    run of slashes after a special scheme's colon)."""
    scheme_match = _SCHEME.match(url)
    assert scheme_match is not None
    scheme = scheme_match.group()[:-1].lower()
    rest = url[scheme_match.end() :]
    out: list[Reading] = []
    if rest.startswith("//"):
        out.append(Reading(scheme, _host_of(re.split(r"[/?#]", rest[2:], maxsplit=1)[0])))
    else:
        out.append(Reading(scheme, None))
    if scheme in ("http", "https", "ftp", "ws", "wss"):
        stripped = rest.lstrip("/\\")
        out.append(Reading(scheme, _host_of(re.split(r"[/\\?#]", stripped, maxsplit=1)[0])))
    return out


# --- what a host means -------------------------------------------------------------------------

Kind = Literal["ipv4", "ipv6", "name", "invalid"]


@dataclass(frozen=True)
class HostMeaning:
    """A host decoded: its kind, its address (IP kinds) or name, and whether it was written
    canonically (dotted-decimal ASCII for IPv4)."""

    kind: Kind
    address: IPv4Address | IPv6Address | None = None
    name: str | None = None
    canonical: bool = False


_DOT_LIKE = {"\u3002": ".", "\uff0e": ".", "\uff61": "."}
_IGNORED = {"\u00ad", "\u200b", "\u2060", "\ufeff"}


def _map_unicode(text: str) -> str:
    text = "".join(_DOT_LIKE.get(c, c) for c in text if c not in _IGNORED)
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_DOT_LIKE.get(c, c) for c in text)


def _whatwg_number(part: str) -> int | None:
    radix = 10
    if part[:2].lower() == "0x":
        part, radix = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        part, radix = part[1:], 8
    if part == "":
        return 0
    digits = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}[radix]
    if any(c not in digits for c in part):
        return None
    return int(part, radix)


def _whatwg_ipv4(text: str) -> IPv4Address | Literal["invalid"] | None:
    parts = text.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]
    last = parts[-1]
    if last == "" or not (last.isascii() and (last.isdigit() or _whatwg_number(last) is not None)):
        return None
    if len(parts) > 4:
        return "invalid"
    numbers = [_whatwg_number(part) if part else None for part in parts]
    if any(number is None for number in numbers):
        return "invalid"
    values = [number for number in numbers if number is not None]
    if any(value > 255 for value in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return "invalid"
    total = values[-1]
    for index, value in enumerate(values[:-1]):
        total += value << (8 * (3 - index))
    return IPv4Address(total)


def host_meaning(host: str) -> HostMeaning:
    """Decode a host as written in a URL."""
    if host.startswith("["):
        inside = host[1:-1].partition("%")[0]
        try:
            return HostMeaning("ipv6", IPv6Address(inside))
        except ValueError:
            return HostMeaning("invalid")
    try:
        decoded = unquote(host, errors="strict")
    except UnicodeDecodeError:
        return HostMeaning("invalid")
    mapped = _map_unicode(decoded)
    if ":" in mapped or mapped == "":
        return HostMeaning("invalid")
    address = _whatwg_ipv4(mapped)
    if address == "invalid":
        return HostMeaning("invalid")
    if address is not None:
        return HostMeaning("ipv4", address, canonical=host == str(address))
    return HostMeaning("name", name=mapped.removesuffix("."))


# --- public or not -----------------------------------------------------------------------------

# IANA IPv4 special-purpose registry entries that are not globally reachable, plus multicast
# and the limited broadcast address.
_V4_SPECIAL = [
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    )
]  # fmt: skip
_V6_SPECIAL = [
    ipaddress.IPv6Network(n)
    for n in (
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16",
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
]  # fmt: skip
_LOW32 = 0xFFFFFFFF


def v4_is_public(address: IPv4Address) -> bool:
    return not any(address in network for network in _V4_SPECIAL) and address.is_global


def embedded_v4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries, for the ranges that carry one."""
    value = int(address)
    if address in (IPv6Address("::"), IPv6Address("::1")):
        return None
    high96 = value >> 32
    if high96 in (0xFFFF, 0xFFFF << 16, 0) or value >> 32 == int(IPv6Address("64:ff9b::")) >> 32:
        return IPv4Address(value & _LOW32)
    if value >> 80 == int(IPv6Address("64:ff9b:1::")) >> 80:
        return IPv4Address(value & _LOW32)
    if value >> 112 == 0x2002:
        return IPv4Address((value >> 80) & _LOW32)
    if value >> 96 == 0x20010000:
        return IPv4Address(~value & _LOW32)
    return None


def url_faults(url: str) -> tuple[set[str], bool]:
    """The SSRF requirements a well-formed URL breaks, and whether some reading of it reaches a
    host that may be public (then it is not hostile)."""
    faults: set[str] = set()
    maybe_public = False
    for reading in readings(url):
        if reading.scheme != "https":
            faults.add("REF-001")
            continue
        if reading.host is None:
            continue
        meaning = host_meaning(reading.host)
        if meaning.kind == "ipv4":
            assert isinstance(meaning.address, IPv4Address)
            if v4_is_public(meaning.address):
                maybe_public = True
            else:
                faults.add("REF-002" if meaning.canonical else "REF-003")
        elif meaning.kind == "ipv6":
            assert isinstance(meaning.address, IPv6Address)
            inner = embedded_v4(meaning.address)
            six_to_four = meaning.address in ipaddress.IPv6Network("2002::/16")
            if inner is not None and not (six_to_four and v4_is_public(inner)):
                faults.add("REF-005")
            elif any(meaning.address in network for network in _V6_SPECIAL):
                faults.add("REF-004")
            elif meaning.address.is_global:
                maybe_public = True
            else:
                faults.add("REF-004")
        elif meaning.kind == "name":
            assert meaning.name is not None
            if _internal_name(meaning.name):
                faults.add("REF-006")
            else:
                maybe_public = True
    return faults, maybe_public


_WILDCARD_DNS = re.compile(r"^(?:.*[.-])?(\d+[.-]\d+[.-]\d+[.-]\d+)\.(?:nip\.io|sslip\.io)$")
_ALWAYS_INTERNAL = ("localhost", "localtest.me", "metadata.google.internal")


def _internal_name(name: str) -> bool:
    if any(name == known or name.endswith("." + known) for known in _ALWAYS_INTERNAL):
        return True
    match = _WILDCARD_DNS.match(name)
    if match is None:
        return False
    address = IPv4Address(match.group(1).replace("-", "."))
    return not v4_is_public(address)
