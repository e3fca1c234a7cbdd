"""An independent, strict JSON reader (RFC 8259) for the strategy tests.

It reads UTF-8 bytes with no byte-order mark, builds the value without recursion (so 50,000
levels of nesting are fine), and reports duplicate object names. Nothing here comes from the
reference server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["JsonText", "read_json"]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True)
class JsonText:
    """What a body is: valid JSON or not, its value, and whether an object repeats a name."""

    valid: bool
    value: Any = None
    duplicate_names: bool = False
    reason: str = ""


class _Invalid(Exception):
    pass


def _decode_string(token: str) -> str:
    out: list[str] = []
    index = 1
    end = len(token) - 1
    while index < end:
        character = token[index]
        if character != "\\":
            out.append(character)
            index += 1
            continue
        kind = token[index + 1]
        if kind == "u":
            out.append(chr(int(token[index + 2 : index + 6], 16)))
            index += 6
        else:
            out.append(_ESCAPES[kind])
            index += 2
    return "".join(out)


def _number(token: str) -> int | float:
    if any(mark in token for mark in ".eE"):
        return float(token)
    return int(token)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.duplicates = False

    def skip(self) -> None:
        match = _WS.match(self.text, self.position)
        assert match is not None
        self.position = match.end()

    def scalar(self) -> Any:
        text, position = self.text, self.position
        if text.startswith('"', position):
            match = _STRING.match(text, position)
            if match is None:
                raise _Invalid("bad string")
            self.position = match.end()
            return _decode_string(match.group())
        for word, value in _LITERALS.items():
            if text.startswith(word, position):
                self.position = position + len(word)
                return value
        match = _NUMBER.match(text, position)
        if match is None or match.end() == position:
            raise _Invalid(f"unexpected character at {position}")
        self.position = match.end()
        return _number(match.group())

    def read(self) -> Any:
        # Each stack frame: [container, pending key or None]; the value read last is attached
        # to the top frame.
        stack: list[list[Any]] = []
        root: Any = None
        while True:
            self.skip()
            character = self.text[self.position : self.position + 1]
            value: Any
            if character == "{":
                self.position += 1
                self.skip()
                if self.text.startswith("}", self.position):
                    self.position += 1
                    value = {}
                else:
                    stack.append([{}, self.key()])
                    continue
            elif character == "[":
                self.position += 1
                self.skip()
                if self.text.startswith("]", self.position):
                    self.position += 1
                    value = []
                else:
                    stack.append([[], None])
                    continue
            elif character == "":
                raise _Invalid("unexpected end")
            else:
                value = self.scalar()
            while True:
                if not stack:
                    return value
                frame = stack[-1]
                container = frame[0]
                if isinstance(container, dict):
                    if frame[1] in container:
                        self.duplicates = True
                    container[frame[1]] = value
                else:
                    container.append(value)
                self.skip()
                closing = "}" if isinstance(container, dict) else "]"
                if self.text.startswith(",", self.position):
                    self.position += 1
                    if isinstance(container, dict):
                        self.skip()
                        frame[1] = self.key()
                    break
                if self.text.startswith(closing, self.position):
                    self.position += 1
                    stack.pop()
                    value = container
                    continue
                raise _Invalid(f"expected ',' or {closing!r} at {self.position}")
        return root  # pragma: no cover - the loop returns

    def key(self) -> str:
        self.skip()
        if not self.text.startswith('"', self.position):
            raise _Invalid("object name is not a string")
        name = self.scalar()
        self.skip()
        if not self.text.startswith(":", self.position):
            raise _Invalid("expected ':'")
        self.position += 1
        return str(name)


def read_json(raw: bytes) -> JsonText:
    """Read ``raw`` as a JSON text exchanged between systems: UTF-8, no BOM, one value."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return JsonText(False, reason="byte-order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return JsonText(False, reason="not UTF-8")
    reader = _Reader(text)
    try:
        value = reader.read()
        reader.skip()
    except _Invalid as error:
        return JsonText(False, reason=str(error))
    if reader.position != len(text):
        return JsonText(False, reason="trailing characters")
    return JsonText(True, value, reader.duplicates)
