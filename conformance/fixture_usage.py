"""Which requirements need each config fixture: recorded from the checks themselves.

Every check reads its fixtures through ``Fixtures.get`` (``knowlify.fixture(...)`` included).
:func:`record` runs the whole server suite once against the embedded reference (strict
profile, rate-limit probes included, every fixture present), notes each fixture a test reads
and the requirement IDs that test carries, and returns ``fixture -> sorted IDs``. The result is
committed as ``fixture_usage.json`` beside this module, read by ``init`` and the configuration
reference; ``tests/test_fixture_usage.py`` records again and fails when it is stale::

    python -m conformance.fixture_usage --write    # record and rewrite fixture_usage.json
    python -m conformance.fixture_usage --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pytest

__all__ = ["USAGE_RESOURCE", "load_usage", "record", "render"]

USAGE_RESOURCE: Final = "fixture_usage.json"


def load_usage() -> dict[str, list[str]]:
    """The committed record: fixture (dotted, under ``fixtures.``) -> requirement IDs."""
    text = resources.files("conformance").joinpath(USAGE_RESOURCE).read_text(encoding="utf-8")
    document = json.loads(text)
    return {str(key): [str(rid) for rid in ids] for key, ids in document["fixtures"].items()}


class _Recorder:
    """A pytest plugin: while a test runs, every ``Fixtures.get`` is noted against its IDs."""

    def __init__(self) -> None:
        self.current: list[str] | None = None
        self.usage: dict[str, set[str]] = {}

    def note(self, dotted: str) -> None:
        if self.current is not None:
            self.usage.setdefault(dotted, set()).update(self.current)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: Any, nextitem: Any) -> Iterator[None]:
        from .plugin import requirement_ids

        self.current = requirement_ids(item)
        try:
            return (yield)
        finally:
            self.current = None


@contextlib.contextmanager
def _watching(recorder: _Recorder) -> Iterator[None]:
    from .config import Fixtures

    original = Fixtures.get

    def get(self: Fixtures, dotted: str) -> Any:
        recorder.note(dotted)
        return original(self, dotted)

    Fixtures.get = get  # type: ignore[method-assign]
    try:
        yield
    finally:
        Fixtures.get = original  # type: ignore[method-assign]


def record() -> dict[str, list[str]]:
    """Run the server suite in this process against the reference; see the module docstring."""
    recorder = _Recorder()
    with tempfile.TemporaryDirectory(prefix="knowlify-fixture-usage-") as folder:
        ini = Path(folder) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        arguments = [
            "--pyargs", "conformance.server", "-c", str(ini), "--rootdir", folder,
            "-p", "no:cacheprovider", "-p", "no:schemathesis", "-qq", "--tb=no", "-rN",
            "--knowlify-profile", "strict", "--knowlify-results", str(Path(folder) / "r.json"),
            "-W", "ignore::pytest.PytestAssertRewriteWarning",
        ]  # fmt: skip
        with _watching(recorder), contextlib.redirect_stdout(io.StringIO()):
            status = pytest.main(arguments, plugins=[recorder])
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"recording the fixture usage failed: pytest exit {status}")
    return {key: sorted(ids) for key, ids in sorted(recorder.usage.items()) if ids}


def render(usage: Mapping[str, list[str]]) -> str:
    document = {
        "generated_by": "python -m conformance.fixture_usage --write",
        "fixtures": dict(usage),
    }
    return json.dumps(document, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="record which requirements need each fixture")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite fixture_usage.json")
    action.add_argument("--check", action="store_true", help="exit 1 if it is stale")
    args = parser.parse_args(argv)
    text = render(record())
    path = Path(__file__).with_name(USAGE_RESOURCE)
    if args.write:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    if path.read_text(encoding="utf-8") != text:
        print(f"{path} is stale: python -m conformance.fixture_usage --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
