"""Character tables for near misses: look-alikes, other scripts' digits, invisible characters.

Each table maps an ASCII character to characters that look like it or normalise to it (NFKC or
the UTS #46 mapping) but are different code points, so a value built from them is *not* the
ASCII value it imitates. The edit functions take their choices as integers, so callers draw
them independently and shrinking walks towards the first entry of each table.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONFUSABLE_COLONS",
    "HOMOGLYPHS",
    "INVISIBLES",
    "UNICODE_DIGITS",
    "WHITESPACE",
    "fullwidth",
    "insert",
    "look_alike",
    "recase",
    "substitute_digits",
]

WHITESPACE: Final = (" ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2003", "\u000b", "\u000c")
"""Whitespace a sloppy parser trims or ignores: ASCII, no-break, ideographic, em space."""

INVISIBLES: Final = ("\u200b", "\u00ad", "\u2060", "\ufeff")
"""Zero-width space, soft hyphen, word joiner, zero-width no-break space."""

HOMOGLYPHS: Final = {
    "a": ("\u0430", "\u0251"),  # Cyrillic a, Latin alpha
    "c": ("\u0441", "\u217d"),  # Cyrillic es, small roman numeral one hundred
    "e": ("\u0435",),  # Cyrillic ie
    "i": ("\u0456", "\u0131"),  # Cyrillic/Ukrainian i, Latin dotless i
    "l": ("\u04cf", "\u217c"),  # Cyrillic palochka, small roman numeral fifty
    "n": ("\u0578",),  # Armenian vo
    "o": ("\u043e", "\u03bf"),  # Cyrillic o, Greek omicron
    "p": ("\u0440",),  # Cyrillic er
    "r": ("\u0433",),  # Cyrillic ghe
    "s": ("\u0455",),  # Cyrillic dze
    "t": ("\u0442",),  # Cyrillic te (small capital form)
    "u": ("\u057d",),  # Armenian seh
    "x": ("\u0445",),  # Cyrillic ha
    "y": ("\u0443",),  # Cyrillic u
}
"""Latin letters and code points from other scripts drawn the same in most fonts."""

UNICODE_DIGITS: Final = (
    0xFF10,  # fullwidth digits
    0x0660,  # Arabic-Indic digits
    0x0966,  # Devanagari digits
    0x1D7CE,  # mathematical bold digits
    0x09E6,  # Bengali digits
)
"""Code points of the digit zero in other blocks: ``chr(base + d)`` is digit ``d``."""

CONFUSABLE_COLONS: Final = ("\u2236", "\uff1a", "\ua789", "\u02f8", "\u0589")
"""Ratio, fullwidth, modifier-letter and raised colons, and the Armenian full stop."""


def fullwidth(character: str) -> str:
    """The fullwidth form of a printable ASCII character (``a`` -> U+FF41); others unchanged."""
    code = ord(character)
    if 0x21 <= code <= 0x7E:
        return chr(code - 0x21 + 0xFF01)
    return character


def substitute_digits(text: str, block: int, first: int) -> str:
    """``text`` with its digits from position ``first`` (cyclic) on in another script's digits.

    At least one digit is replaced when ``text`` has any.
    """
    zero = UNICODE_DIGITS[block % len(UNICODE_DIGITS)]
    positions = [index for index, character in enumerate(text) if character.isdigit()]
    if not positions:
        return text
    start = positions[first % len(positions)]
    return "".join(
        chr(zero + int(character)) if index >= start and character.isdigit() else character
        for index, character in enumerate(text)
    )


def look_alike(text: str, position: int, variant: int) -> str:
    """``text`` with one character, the first replaceable one from ``position`` on (cyclic),
    replaced by a homoglyph, a confusable colon or its fullwidth form.

    The result always differs from ``text`` when ``text`` has a printable ASCII character.
    """
    if not text:
        return text
    for offset in range(len(text)):
        index = (position + offset) % len(text)
        character = text[index]
        options = _look_alikes(character)
        if options:
            replacement = options[variant % len(options)]
            return text[:index] + replacement + text[index + 1 :]
    return text


def _look_alikes(character: str) -> tuple[str, ...]:
    lowered = character.lower()
    options: tuple[str, ...] = HOMOGLYPHS.get(lowered, ()) if character == lowered else ()
    if character == ":":
        options = CONFUSABLE_COLONS
    wide = fullwidth(character)
    return (*options, wide) if wide != character else options


def insert(text: str, position: int, inserted: str) -> str:
    """``text`` with ``inserted`` placed before index ``position % (len(text) + 1)``; a negative
    ``position`` appends it."""
    index = len(text) if position < 0 else position % (len(text) + 1)
    return text[:index] + inserted + text[index:]


def recase(text: str, mask: int) -> str:
    """``text`` with the letters chosen by the bits of ``mask`` upper-cased (at least one).

    Bit ``k`` picks the ``k``-th letter; a mask picking none upper-cases the first letter.
    """
    letters = [index for index, character in enumerate(text) if character.isalpha()]
    chosen = {index for bit, index in enumerate(letters) if mask >> bit & 1} or set(letters[:1])
    return "".join(
        character.upper() if index in chosen else character for index, character in enumerate(text)
    )
