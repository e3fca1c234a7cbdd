"""Text helpers every writer shares: a failure as readable lines, XML-safe text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["failure_lines", "first_line", "verdict_word", "xml_safe"]

# Characters XML 1.0 forbids (a server's body may carry any of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BODY_LINES = 12
_REPEATED = ("request: ", "reproduce: ")

VERDICT_WORDS = {
    "pass": "CONFORMANT",
    "fail": "NOT CONFORMANT",
    "error": "HARNESS ERROR",
    "incomplete": "INCOMPLETE",
}


def verdict_word(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, "NOTHING CHECKED")


def xml_safe(text: str) -> str:
    """``text`` with each character XML cannot carry written as ``\\xNN``."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)


def first_line(text: object) -> str:
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    return lines[0] if lines else ""


def failure_lines(failure: Mapping[str, Any], *, bodies: bool = True) -> list[str]:
    """One failure as text: message, the exchange, and each way to reproduce it."""
    lines = [f"{failure['verdict']} in {failure['test']}"]
    message = str(failure.get("message") or "").splitlines()
    # A failure's message repeats its request and curl line: they are printed once, below.
    kept = [line for line in message if not line.strip().startswith(_REPEATED)]
    lines += [f"  {line}" for line in kept[:6]]
    evidence = failure.get("evidence") or {}
    request, response = evidence.get("request"), evidence.get("response")
    if request and response:
        lines.append(f"  request: {request['method']} {request['url']} -> {response['status']}")
        if bodies and request.get("body"):
            lines.append(f"  request body: {_clip(request['body'])}")
        if bodies and response.get("body"):
            lines.append(f"  response body: {_clip(response['body'])}")
    reproduction = failure.get("reproduction") or {}
    curl = reproduction.get("curl") or evidence.get("curl")
    if curl:
        lines.append(f"  reproduce: {curl}")
        if reproduction.get("serve_first"):
            lines.append(f"    ({reproduction['serve_first']})")
    hypothesis = reproduction.get("hypothesis")
    if hypothesis:
        lines.append("  hypothesis:")
        lines += [f"    {line}" for line in str(hypothesis).splitlines() if line.strip()]
    if reproduction.get("rerun"):
        lines.append(f"  rerun: {reproduction['rerun']}")
    return lines


def _clip(body: str) -> str:
    lines = body.splitlines() or [""]
    text = " ".join(line.strip() for line in lines[:_BODY_LINES])
    return text if len(text) <= 500 else text[:500] + "..."
