"""Major 7: escape sequences in a server's body never reach the terminal raw.

The hostile server answers every request 200 with a detail that erases the line and writes a
fake verdict; the checks that expected a 401 print the body they got.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hostile_server import Behaviour, HostileServer, answer
from hostile_support import RunSuite, assert_honest

Start = Callable[[Behaviour], HostileServer]
_FAKE = "\x1b[2K\r\x1b[32mCONFORMANT: 104 pass\x1b[0m\x07\x00\x9b2J\u202e"
_RAW = ("\x1b", "\x07", "\x00", "\x9b", "\r", "\u202e")


def test_a_hostile_body_is_printed_escaped(hostile: Start, run_suite: RunSuite) -> None:
    # Raw bytes: JSON would escape the controls itself (the body is not valid JSON, and need
    # not be: the checks that expected 401 print the start of whatever body came).
    server = hostile(answer(200, raw=('{"detail": "' + _FAKE + '"}').encode()))
    run = run_suite(server.url, "-k", "test_auth", "--debug", timeout=60, quiet=False)
    assert_honest(run)
    printed = run.out + run.err
    assert "CONFORMANT: 104 pass" in printed, run.describe()  # the body was printed ...
    for character in _RAW:
        assert character not in printed  # ... but not one control character of it raw
    assert "\\u001b[2K" in printed


def test_escaping_keeps_newlines_tabs_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.printable import EscapingStream, escape_controls

    assert escape_controls("a\tb\nc") == "a\tb\nc"
    stream = EscapingStream(__import__("sys").stdout)
    document = json.dumps({"detail": _FAKE}, ensure_ascii=False)
    stream.write(document)
    written = capsys.readouterr().out
    assert json.loads(written) == {"detail": _FAKE}  # the same document, every control escaped
    assert not any(character in written for character in _RAW)
