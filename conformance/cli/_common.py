"""What every command shares: the one-line error, argument types, running pytest."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

__all__ = [
    "CommandError",
    "Parser",
    "RunCrashed",
    "add_debug",
    "new_run_folder",
    "non_negative",
    "one_line",
    "port_number",
    "positive",
    "positive_seconds",
    "pytest_main",
    "time_scale",
    "whole_number",
]


class CommandError(Exception):
    """A usage or environment problem; the message is the one line the user sees."""


class RunCrashed(CommandError):
    """The test run stopped on an internal error (its results file, if any, says so)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')\n")


def one_line(text: object) -> str:
    """``text`` folded onto one line (exception messages may span several)."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0-65535")
    return value


def time_scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value:g} is not within 0 < F <= 1")
    return value


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` for whole numbers of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} must be at least {minimum}")
        return value

    return parse


def positive_seconds(text: str) -> float:
    """An argparse ``type`` for a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value > 0 and value != float("inf")):
        raise argparse.ArgumentTypeError(f"{text} must be a number of seconds above 0")
    return value


non_negative = whole_number(0)
positive = whole_number(1)


def add_debug(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's --debug only sets the flag; it never resets a global --debug.
    parser.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )


def hypothesis_cache() -> Path:
    """Where runs keep Hypothesis's database: ``$XDG_CACHE_HOME/knowlify-conformance``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "knowlify-conformance" / "hypothesis"


def pytest_main(pytest_args: list[str], *, debug: bool) -> int:
    """Run pytest; its usage errors and interruptions become one-line ``CommandError``s.

    Without ``--debug`` pytest's stderr is held back and replayed after the run, so that a usage
    error reaches the user as our one line instead of pytest's multi-line report.
    """
    import pytest

    # Hypothesis keeps its example database under the user's cache, not in the folder the
    # command runs from (its default is ./.hypothesis). A user's own setting wins.
    # Set for this run only: a caller running several commands in one process (tests, an
    # embedding tool) must not inherit the first run's cache path.
    own_storage = not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    if own_storage:
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(hypothesis_cache())
    held = io.StringIO()
    redirect = contextlib.nullcontext() if debug else contextlib.redirect_stderr(held)
    try:
        with redirect:
            status = int(pytest.main(pytest_args))
    finally:
        if own_storage:
            os.environ.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)
    captured = held.getvalue()
    if status == pytest.ExitCode.USAGE_ERROR:
        errors = [
            line.removeprefix("ERROR: ").strip()
            for line in captured.splitlines()
            if line.startswith("ERROR: ")
        ]
        message = "; ".join(errors) if errors else one_line(captured)
        raise CommandError(message.removeprefix("knowlify: ") or "the test run refused its options")
    if captured:
        sys.stderr.write(captured)
    if status == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if status == pytest.ExitCode.NO_TESTS_COLLECTED:
        raise CommandError("no check matches the selection (-k); nothing was run")
    if status == pytest.ExitCode.INTERNAL_ERROR:
        raise RunCrashed("the test run stopped on an internal error; rerun with --debug")
    return status


def new_run_folder(output: Path, kind: str) -> Path:
    """A fresh ``<output>/<kind>-<UTC stamp>`` folder for one run's reports."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = output / f"{kind}-{stamp}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except OSError as exc:
        raise CommandError(
            f"cannot create the reports folder {folder}: {exc.strerror or exc}; "
            "choose another --output"
        ) from None
    return folder
