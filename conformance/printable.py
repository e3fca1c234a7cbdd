"""Terminal safety: control characters from a server or an adapter never reach a terminal raw.

A hostile body or adapter message can carry escape sequences (ESC, CSI, BEL, carriage return,
bidi overrides) that redraw a line -- a fake "CONFORMANT" verdict, say. ``escape_controls``
spells each such character as ``\\uXXXX``; the CLI wraps its stdout and stderr in an
``EscapingStream``, so everything it prints passes through it. Newlines and tabs stay. The
form is also a valid JSON escape, so ``--format json`` output stays the same document.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

__all__ = ["EscapingStream", "escape_controls"]

# C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators, bidi controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written out as ``\\uXXXX``."""
    return _CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class EscapingStream:
    """A text stream writing through to ``inner``, control characters escaped."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    @property
    def inner(self) -> TextIO:
        return self._inner

    def write(self, text: str) -> int:
        self._inner.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding ...
        return getattr(self._inner, name)
