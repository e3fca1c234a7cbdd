"""The core of non-public targets, and the re-encoders that respell them.

Hostile URL strategies compose a *target* (a non-public address or name) with an *encoder* (how
it is written). Targets are drawn as a network plus an offset and encoders from a tuple whose
first entry is the plainest, so shrinking walks to ``127.0.0.1`` written the simplest way the
class allows. Encoders are constructive (address -> text) and follow the WHATWG URL standard's
IPv4 parser, which libc's ``inet_aton`` and every browser share: a part is hexadecimal after
``0x``, octal after a leading ``0``, decimal otherwise; the last part fills the remaining bytes.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Final

from hypothesis import strategies as st

__all__ = [
    "EMBEDDINGS",
    "IPV4_ENCODINGS",
    "IPV6_FORMS",
    "LOOPBACK_IPV4",
    "LOOPBACK_IPV6",
    "NON_PUBLIC_IPV4",
    "SPECIAL_IPV6",
    "embed_ipv4",
    "encode_ipv4",
    "ipv4_addresses",
    "ipv6_addresses",
    "percent_encode",
    "respell_unicode",
    "write_ipv6",
]

LOOPBACK_IPV4: Final = (IPv4Network("127.0.0.0/8"), IPv4Network("0.0.0.0/32"))
"""Loopback and the unspecified address."""

NON_PUBLIC_IPV4: Final = tuple(
    IPv4Network(network)
    for network in (
        "10.0.0.0/8",
        "169.254.169.254/32",
        "192.168.0.0/16",
        "172.16.0.0/12",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "0.0.0.0/8",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "192.88.99.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
"""Private, link-local (the metadata endpoint first), shared, 'this network' and reserved ranges."""

LOOPBACK_IPV6: Final = (IPv6Network("::1/128"), IPv6Network("::/128"))

SPECIAL_IPV6: Final = tuple(
    IPv6Network(network)
    for network in (
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
        "2001:db8::/32",
        "100::/64",
    )
)
"""Unique-local, link-local, site-local, multicast, documentation and discard-only ranges."""

IPV4_ENCODINGS: Final = (
    "decimal",
    "hex",
    "octal",
    "short",
    "short3",
    "dotted-hex",
    "dotted-octal",
    "mixed",
    "upper-hex",
    "padded-hex",
    "trailing-dot",
)
"""Alternative IPv4 spellings, plainest first; none is the canonical dotted-decimal form."""

IPV6_FORMS: Final = ("compressed", "exploded", "upper", "zone")

EMBEDDINGS: Final = ("mapped", "compatible", "nat64", "6to4", "teredo", "translated", "nat64-local")
"""IPv6 ranges that carry an IPv4 address, plainest first."""

_MAPPED: Final = 0xFFFF << 32
_TRANSLATED: Final = 0xFFFF << 48
_NAT64: Final = int(IPv6Address("64:ff9b::"))
_NAT64_LOCAL: Final = int(IPv6Address("64:ff9b:1::"))
_SIX_TO_FOUR: Final = 0x2002 << 112
_TEREDO: Final = int(IPv6Address("2001::"))
_TEREDO_SERVER: Final = int(IPv4Address("65.54.227.120")) << 64
_TEREDO_FLAGS: Final = 0x8000 << 48
_LOW32: Final = 0xFFFFFFFF
_ZONES: Final = ("eth0", "lo", "1", "en0")
_DOTTED_PREFIX: Final = {
    "mapped": "::ffff:",
    "translated": "::ffff:0:",
    "compatible": "::",
    "nat64": "64:ff9b::",
    "nat64-local": "64:ff9b:1::",
}


def ipv4_addresses(networks: tuple[IPv4Network, ...]) -> st.SearchStrategy[IPv4Address]:
    """Addresses of ``networks``; shrinks to the first network's ``.1`` (or its only address)."""
    return st.builds(
        lambda network, offset: network[(offset + 1) % network.num_addresses],
        st.sampled_from(networks),
        st.integers(0, _LOW32),
    )


def ipv6_addresses(networks: tuple[IPv6Network, ...]) -> st.SearchStrategy[IPv6Address]:
    """Addresses of ``networks``; shrinks to the first network's ``::1`` (or its only address)."""
    return st.builds(
        lambda network, offset: network[(offset + 1) % network.num_addresses],
        st.sampled_from(networks),
        st.integers(0, 2**128 - 1),
    )


def _parts(value: int, count: int) -> list[int]:
    """``value`` cut into ``count`` parts: bytes, the last part taking what is left."""
    tail_bytes = 5 - count
    head = [(value >> (8 * (3 - index))) & 0xFF for index in range(count - 1)]
    return [*head, value & ((1 << (8 * tail_bytes)) - 1)]


def _radix(number: int, radix: int) -> str:
    if radix == 16:
        return f"0x{number:x}"
    if radix == 8:
        return f"0{number:o}"
    return str(number)


def encode_ipv4(address: IPv4Address, encoding: str, radixes: tuple[int, int, int, int]) -> str:
    """``address`` spelled by ``encoding`` (one of ``IPV4_ENCODINGS``).

    ``radixes`` picks each part's base (0 decimal, 1 hex, 2 octal) for ``mixed``; a choice of
    all-decimal is bumped to hex in the first part, so the spelling is never canonical.
    """
    value = int(address)
    bases = (10, 16, 8)
    if encoding == "decimal":
        return str(value)
    if encoding == "hex":
        return f"0x{value:x}"
    if encoding == "upper-hex":
        return f"0X{value:X}"
    if encoding == "padded-hex":
        return f"0x{value:010x}"
    if encoding == "octal":
        return f"0{value:o}"
    if encoding in ("short", "short3"):
        return ".".join(str(part) for part in _parts(value, 2 if encoding == "short" else 3))
    parts = _parts(value, 4)
    if encoding == "dotted-hex":
        return ".".join(_radix(part, 16) for part in parts)
    if encoding == "dotted-octal":
        return ".".join(_radix(part, 8) for part in parts)
    if encoding == "mixed":
        chosen = [bases[choice % 3] for choice in radixes]
        if all(base == 10 for base in chosen):
            chosen[0] = 16
        return ".".join(_radix(part, base) for part, base in zip(parts, chosen, strict=True))
    if encoding == "trailing-dot":
        return f"{address}."
    raise ValueError(f"unknown IPv4 encoding {encoding!r}")


def embed_ipv4(address: IPv4Address, embedding: str, extra: int) -> IPv6Address:
    """The IPv6 address of range ``embedding`` carrying ``address`` (``extra`` fills free bits)."""
    value = int(address)
    if embedding == "mapped":
        return IPv6Address(_MAPPED | value)
    if embedding == "translated":
        return IPv6Address(_TRANSLATED | value)
    if embedding == "compatible":
        return IPv6Address(value)
    if embedding == "nat64":
        return IPv6Address(_NAT64 | value)
    if embedding == "nat64-local":
        return IPv6Address(_NAT64_LOCAL | value)
    if embedding == "6to4":
        return IPv6Address(_SIX_TO_FOUR | value << 80 | (extra & ((1 << 80) - 1)))
    if embedding == "teredo":
        port = extra & 0xFFFF
        return IPv6Address(
            _TEREDO | _TEREDO_SERVER | _TEREDO_FLAGS | port << 32 | (~value & _LOW32)
        )
    raise ValueError(f"unknown embedding {embedding!r}")


def write_ipv6(address: IPv6Address, form: str, *, embedding: str | None = None) -> str:
    """``address`` in brackets, written in ``form`` (one of ``IPV6_FORMS``, or ``dotted`` for an
    embedding with a dotted-quad tail). ``zone`` adds a ``%25`` zone identifier to link-local
    addresses and is ``compressed`` for the others.
    """
    if form == "dotted" and embedding in _DOTTED_PREFIX:
        tail = IPv4Address(int(address) & _LOW32)
        text = f"{_DOTTED_PREFIX[embedding]}{tail}"
    elif form == "exploded":
        text = address.exploded
    elif form == "upper":
        text = address.compressed.upper()
    elif form == "zone" and address in IPv6Network("fe80::/10"):
        text = f"{address.compressed}%25{_ZONES[int(address) % len(_ZONES)]}"
    else:
        text = address.compressed
    return f"[{text}]"


# --- names and literals respelled -------------------------------------------------------------

# Per-character respellings: index 0 keeps the character; the others are Unicode forms that
# NFKC or UTS #46 maps back to it.
_DOTS: Final = (".", "\u3002", "\uff0e", "\uff61")


def _unicode_character(character: str, choice: int) -> str:
    if character.isdigit():
        digit = int(character)
        forms: tuple[str, ...] = (
            character,
            chr(0xFF10 + digit),
            chr(0x1D7CE + digit),
            chr(0x24EA) if digit == 0 else chr(0x2460 + digit - 1),
        )
        return forms[choice % len(forms)]
    if character.isalpha():
        offset = ord(character.lower()) - ord("a")
        forms = (character, chr(0xFF41 + offset), chr(0x24D0 + offset))
        return forms[choice % len(forms)]
    return character


def respell_unicode(host: str, choices: tuple[int, ...], dot: int, soft_hyphen: bool) -> str:
    """``host`` with characters in fullwidth, mathematical or enclosed forms, dots in ideographic
    or fullwidth forms, and maybe a soft hyphen; never plain ASCII."""
    dot_form = _DOTS[dot % len(_DOTS)]
    characters = [
        dot_form
        if character == "."
        else _unicode_character(character, choices[index % len(choices)])
        for index, character in enumerate(host)
    ]
    text = "".join(characters)
    if soft_hyphen:
        text = text[:2] + "\u00ad" + text[2:]
    if text.isascii():
        text = (
            host.replace(".", _DOTS[1])
            if "." in host
            else _unicode_character(host[0], 1) + host[1:]
        )
    return text


def percent_encode(host: str, mask: int, upper: bool) -> str:
    """``host`` with the characters chosen by the bits of ``mask`` percent-encoded (at least
    the first one)."""
    chosen = {index for index in range(len(host)) if mask >> index & 1} or {0}
    digits = "{:02X}" if upper else "{:02x}"
    return "".join(
        "%" + digits.format(ord(character)) if index in chosen else character
        for index, character in enumerate(host)
    )
