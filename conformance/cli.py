"""``knowlify-conformance``: run the suite, serve the sandbox.

Exit codes: 0 conformant, 1 not conformant, 2 harness or usage error. Bad input gives one
line naming what is wrong and what to do; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .config import PROFILES, ConfigError, load_config
from .failures import HarnessError
from .targets import describe_target

__all__ = ["main"]

PROG = "knowlify-conformance"


class CommandError(Exception):
    """A usage or environment problem; the message is the one line the user sees."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0-65535")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Conformance suite for the Knowlify video API v1.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="check a server implementation against the contract")
    run.add_argument("--target", help="reference (default), asgi:MODULE:ATTR, or a base URL")
    run.add_argument("--config", type=Path, help="config file (YAML, JSON or TOML)")
    run.add_argument("--profile", choices=PROFILES, help="documented (default) or strict")
    run.add_argument("--output", type=Path, default=Path("reports"), help="reports folder")
    run.add_argument("-n", "--workers", type=_positive, help="parallel workers (pytest-xdist)")
    run.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    run.add_argument("--quiet", action="store_true", help="print only the verdict and failures")
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")

    serve = commands.add_parser("serve", help="serve the reference sandbox on loopback")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port; 0 picks a free one")
    serve.add_argument("--write-config", type=Path, help="write a suite config for this sandbox")
    serve.add_argument("--videos-limit", type=_positive, help="raise the videos bucket (30/60 s)")
    serve.add_argument("--edits-limit", type=_positive, help="raise the edits bucket (10/60 s)")
    serve.add_argument("--seed", default=None, help="seed of the sandbox's accounts and IDs")
    serve.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return parser


# --- run ---------------------------------------------------------------------------------------
def _run(args: argparse.Namespace) -> int:
    import pytest

    config = load_config(args.config, target=args.target, profile=args.profile)
    describe_target(config.target)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = args.output / f"run-{stamp}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except OSError as exc:
        raise CommandError(f"cannot create the reports folder {folder}: {exc.strerror}") from None
    ini = folder / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    results_path = folder / "results.json"
    pytest_args = [
        "--pyargs", "conformance.server",
        "-c", str(ini), "--rootdir", str(folder),
        "-p", "no:cacheprovider",
        "-qq" if args.quiet else "-q",
        "--knowlify-target", config.target,
        "--knowlify-profile", config.profile,
        "--knowlify-results", str(results_path),
    ]  # fmt: skip
    if args.config is not None:
        pytest_args += ["--knowlify-config", str(args.config)]
    if args.workers:
        pytest_args += ["-n", str(args.workers)]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    status = pytest.main(pytest_args)
    if status in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR,
                  pytest.ExitCode.USAGE_ERROR) or not results_path.is_file():
        raise CommandError(f"the test run did not complete (pytest exit {int(status)}); "
                           "see the messages above")
    results = json.loads(results_path.read_text(encoding="utf-8"))
    print_summary(results, results_path, quiet=args.quiet)
    return int(results["exit_code"])


def print_summary(results: dict[str, Any], path: Path, *, quiet: bool) -> None:
    rows: list[dict[str, Any]] = results["requirements"]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    out = sys.stdout
    print(f"\nKnowlify conformance: target {results['target']}, profile {results['profile']}",
          file=out)
    for row in rows:
        if quiet and row["verdict"] not in ("fail", "error"):
            continue
        reason = "" if row["verdict"] == "pass" else f"  ({row['reason'].splitlines()[0]})"
        print(f"  {row['verdict']:<8} {row['id']:<14} {row['level']:<6} {row['summary']}{reason}",
              file=out)
    verdict = {"pass": "CONFORMANT", "fail": "NOT CONFORMANT", "error": "HARNESS ERROR"}.get(
        results["verdict"], "NOTHING CHECKED")
    tally = ", ".join(f"{counts.get(v, 0)} {v}" for v in ("pass", "fail", "error", "skip",
                                                          "disabled"))
    print(f"\n{verdict}: {tally}\nResults: {path}", file=out)


# --- serve -------------------------------------------------------------------------------------
def _serve(args: argparse.Namespace) -> int:
    import uvicorn
    import yaml

    from .contract.constants import EDITS_BUCKET, VIDEOS_BUCKET
    from .reference import DEFAULT_SEED, ReferenceSettings, create_app
    from .reference.sandbox import SandboxFixtures

    videos = VIDEOS_BUCKET if args.videos_limit is None else (
        type(VIDEOS_BUCKET)(VIDEOS_BUCKET.name, args.videos_limit, VIDEOS_BUCKET.window_seconds))
    edits = EDITS_BUCKET if args.edits_limit is None else (
        type(EDITS_BUCKET)(EDITS_BUCKET.name, args.edits_limit, EDITS_BUCKET.window_seconds))
    app = create_app(ReferenceSettings(videos_bucket=videos, edits_bucket=edits),
                     seed=args.seed or DEFAULT_SEED)
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    try:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host, args.port))
        sock.listen(128)
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    base_url = f"http://{host}:{port}"
    config = {
        "target": base_url,
        "sandbox": True,
        "rate_limits": {"videos": videos.limit, "edits": edits.limit,
                        "window_seconds": videos.window_seconds},
        "fixtures": fixtures.as_config(),
    }
    if args.write_config is not None:
        try:
            args.write_config.write_text(
                "# Written by knowlify-conformance serve: the local sandbox's accounts and\n"
                "# fixtures. Its keys are sandbox keys, valid nowhere else.\n"
                + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        except OSError as exc:
            sock.close()
            raise CommandError(
                f"cannot write config {args.write_config}: {exc.strerror}") from None
    print(f"Knowlify sandbox on {base_url} (videos {videos.limit}/{videos.window_seconds}s, "
          f"edits {edits.limit}/{edits.window_seconds}s)")
    print(f"  personal key: {fixtures.keys.personal}  (sandbox only)")
    if args.write_config is not None:
        print(f"  config written to {args.write_config}")
    sys.stdout.flush()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        return _serve(args)
    except (CommandError, ConfigError, HarnessError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
