"""``knowlify-conformance``: run the suite, serve the sandbox, explain a requirement.

Exit codes: 0 conformant, 1 not conformant, 2 harness or usage error. Bad input gives one
line on stderr naming what is wrong and what to do; ``--debug`` (before or after the command)
adds the traceback. Heavy imports (pytest, the targets, uvicorn) happen inside the commands, so
``--help``, ``--version`` and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .config import FEATURES, PROFILES, SuiteConfig, load_config
from .failures import HarnessError

if TYPE_CHECKING:
    from .contract.catalogue import Requirement

__all__ = ["main"]

PROG = "knowlify-conformance"
COMMANDS = ("run", "serve", "explain")

#: The marker of the checks that provoke a 429 (they spend a whole window; see the plugin).
RATE_LIMIT_PROBE_MARKER = "knowlify_last"


class CommandError(Exception):
    """A usage or environment problem; the message is the one line the user sees."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see '{self.prog} --help')\n")


def _one_line(text: object) -> str:
    """``text`` folded onto one line (exception messages may span several)."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0-65535")
    return value


def _time_scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value:g} is not within 0 < F <= 1")
    return value


def _whole_number(minimum: int) -> Callable[[str], int]:
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


_non_negative = _whole_number(0)
_positive = _whole_number(1)


def _add_debug(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's --debug only sets the flag; it never resets a global --debug.
    parser.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Conformance suite for the Knowlify video API v1.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # Not required=True: argparse would then report a missing command before an unknown flag.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="check a server implementation against the contract")
    run.add_argument("--target", help="reference (default), asgi:MODULE:ATTR, or a base URL")
    run.add_argument("--config", type=Path, help="config file (YAML, JSON or TOML)")
    run.add_argument("--profile", choices=PROFILES, help="documented (default) or strict")
    run.add_argument("--output", type=Path, default=Path("reports"), help="reports folder")
    run.add_argument("-n", "--workers", type=_positive, help="parallel workers (pytest-xdist)")
    run.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    run.add_argument("--quiet", action="store_true", help="print only the verdict and failures")
    run.add_argument(
        "--disable", action="append", default=[], choices=FEATURES, metavar="FEATURE",
        help="turn off a feature's checks (repeatable): " + ", ".join(FEATURES),
    )  # fmt: skip
    run.add_argument(
        "--allow-spend", type=_non_negative, metavar="N",
        help="send at most N requests a live server would accept and bill (default 0)",
    )  # fmt: skip
    run.add_argument(
        "--dry-run", action="store_true",
        help="send nothing: list the requests a run would send and the budget per bucket",
    )  # fmt: skip
    run.add_argument(
        "--no-rate-limit-probes",
        action="store_true",
        help="leave out the checks that provoke a 429 (they spend a whole window of each bucket; "
        "their requirements end 'skip')",
    )
    _add_debug(run)

    serve = commands.add_parser("serve", help="serve the reference sandbox on loopback")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port; 0 picks a free one")
    serve.add_argument("--write-config", type=Path, help="write a suite config for this sandbox")
    serve.add_argument("--videos-limit", type=_positive, help="raise the videos bucket (30/60 s)")
    serve.add_argument("--edits-limit", type=_positive, help="raise the edits bucket (10/60 s)")
    serve.add_argument("--seed", default=None, help="seed of the sandbox's accounts and IDs")
    serve.add_argument(
        "--time-scale", type=_time_scale, default=1.0, metavar="F",
        help="run simulated jobs F times as long (0 < F <= 1; 0.1 renders 10x faster); the "
        "written config says so",
    )  # fmt: skip
    _add_debug(serve)

    explain = commands.add_parser("explain", help="print what a requirement says and checks")
    explain.add_argument("ids", nargs="+", metavar="ID", help="requirement ID, e.g. ENV-001")
    _add_debug(explain)
    return parser


# --- run ---------------------------------------------------------------------------------------
def _run(args: argparse.Namespace) -> int:
    config = load_config(
        args.config,
        target=args.target,
        profile=args.profile,
        disable=args.disable,
        allow_spend=args.allow_spend,
    )
    if args.dry_run:
        return _dry_run(args, config)
    target = _open_target_for_preflight(config)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = args.output / f"run-{stamp}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except OSError as exc:
        target.close()
        raise CommandError(
            f"cannot create the reports folder {folder}: {exc.strerror or exc}; "
            "choose another --output"
        ) from None
    results_path = folder / "results.json"
    unreachable = _probe(target)
    if unreachable is not None:
        _write_unreachable_results(config, results_path, unreachable)
        results = json.loads(results_path.read_text(encoding="utf-8"))
        print_summary(results, results_path, quiet=True, rows=False)
        raise CommandError(
            f"cannot reach the target {config.display_target}: {unreachable}; start the server "
            "or correct --target (every requirement is 'error', none is blamed on the target)"
        )
    ini = folder / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    pytest_args = [
        "--pyargs", "conformance.server",
        "-c", str(ini), "--rootdir", str(folder),
        "-p", "no:cacheprovider",
        # The preflight imported anyio before pytest could rewrite its plugin: harmless.
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
        *(["-qq", "-rN"] if args.quiet else ["-q"]),
        "--tb=" + ("long" if args.debug else "no" if args.quiet else "short"),
        "--knowlify-target", config.target,
        "--knowlify-profile", config.profile,
        "--knowlify-results", str(results_path),
    ]  # fmt: skip
    if args.config is not None:
        pytest_args += ["--knowlify-config", str(args.config)]
    pytest_args += _selection_args(args)
    if args.workers:
        pytest_args += ["-n", str(args.workers)]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.no_rate_limit_probes:
        pytest_args += ["-m", f"not {RATE_LIMIT_PROBE_MARKER}"]
    status = _pytest_main(pytest_args, debug=args.debug)
    if not results_path.is_file():
        raise CommandError(
            f"the test run wrote no results (pytest exit {status}); rerun with --debug"
        )
    results = json.loads(results_path.read_text(encoding="utf-8"))
    print_summary(results, results_path, quiet=args.quiet)
    return int(results["exit_code"])


def _selection_args(args: argparse.Namespace) -> list[str]:
    selected = [arg for feature in args.disable for arg in ("--knowlify-disable", feature)]
    if args.allow_spend is not None:
        selected += ["--knowlify-allow-spend", str(args.allow_spend)]
    return selected


def _dry_run(args: argparse.Namespace, config: SuiteConfig) -> int:
    """Play the run against the embedded reference and list what it would send the target."""
    if args.workers:
        raise CommandError("--dry-run lists one run's requests; drop -n")
    folder = Path(tempfile.mkdtemp(prefix="knowlify-dry-run-"))
    listing = folder / "requests.json"
    ini = folder / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    pytest_args = [
        "--pyargs", "conformance.server", "-c", str(ini), "--rootdir", str(folder),
        "-p", "no:cacheprovider", "-qq", "-rN", "--tb=no",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
        "--knowlify-profile", config.profile, "--knowlify-dry-run", str(listing),
        *_selection_args(args),
    ]  # fmt: skip
    if args.config is not None:
        pytest_args += ["--knowlify-config", str(args.config)]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.no_rate_limit_probes:
        pytest_args += ["-m", f"not {RATE_LIMIT_PROBE_MARKER}"]
    status = _pytest_main(pytest_args, debug=args.debug)
    if not listing.is_file():
        raise CommandError(f"the dry run listed nothing (pytest exit {status}); rerun with --debug")
    requests: list[dict[str, Any]] = json.loads(listing.read_text(encoding="utf-8"))
    print_dry_run(requests, config)
    return 0


def print_dry_run(requests: list[dict[str, Any]], config: SuiteConfig) -> None:
    """Each request, then per bucket: count, billable count, least time the limits allow."""
    for line in requests:
        flag = "  (billable)" if line["billable"] else ""
        print(f"  {line['method']:<5} {line['path']}  [{line['bucket'] or '-'}]{flag}")
    limits = config.rate_limits
    print(f"\nDry run for {config.display_target}: {len(requests)} request(s); nothing was sent.")
    for bucket, limit in (("videos", limits.videos), ("edits", limits.edits)):
        count = sum(1 for line in requests if line["bucket"] == bucket)
        billable = sum(1 for line in requests if line["bucket"] == bucket and line["billable"])
        windows = max(0, (count - 1) // limit)
        print(
            f"  {bucket}: {count} request(s), {billable} billable; limit {limit} per "
            f"{limits.window_seconds}s, so at least {windows * limits.window_seconds}s "
            "if one key sent them all"
        )
    print(
        "  Billable requests are sent only to a sandbox or within --allow-spend "
        f"(now {config.allow_spend}); listed as a conformant server would answer."
    )


def _open_target_for_preflight(config: SuiteConfig) -> Any:
    """Open the target once before pytest starts, so a bad target is one line, not 100 errors.

    An ``asgi:`` target is imported here (the current directory is importable, as with uvicorn);
    an import that blows up is the target's problem, reported as such.
    """
    from .targets import describe_target, open_target

    kind = describe_target(config.target)
    if kind == "asgi":
        cwd = os.getcwd()
        if cwd not in sys.path:
            sys.path.insert(0, cwd)
        # xdist workers are fresh interpreters: they find the module through PYTHONPATH.
        paths = [cwd, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    try:
        return open_target(config)
    except HarnessError:
        raise
    except (Exception, SystemExit) as exc:
        raise CommandError(
            f"target {config.display_target}: loading it failed with "
            f"{type(exc).__name__}: {_one_line(exc) or '(no message)'}"
        ) from exc


def _probe(target: Any) -> str | None:
    """None if an HTTP target answers at all (any status), else why it cannot be reached.

    The probe is one ``GET /`` without credentials: nothing a server would bill or count.
    """
    import httpx

    try:
        if target.in_process:
            return None
        try:
            target.client.get("/")
        except httpx.TimeoutException:
            return f"no answer within {target.config.timeout_seconds:g} s"
        except httpx.HTTPError as exc:
            return _one_line(exc) or type(exc).__name__
        return None
    finally:
        target.close()


def _write_unreachable_results(config: SuiteConfig, path: Path, reason: str) -> None:
    """The results of a run that never reached its target: every enabled requirement ``error``."""
    from .contract.catalogue import Side, load_catalogue
    from .plugin import build_results
    from .selection import disabled_requirements
    from .verdicts import Observation, Verdict

    disabled = disabled_requirements(config, load_catalogue())
    observations = [
        Observation(
            req.id, Verdict.ERROR, "preflight", f"harness error: target unreachable: {reason}"
        )
        for req in load_catalogue().for_side(Side.SERVER)
        if req.id not in disabled
    ]
    path.write_text(json.dumps(build_results(config, observations), indent=2), encoding="utf-8")


def _pytest_main(pytest_args: list[str], *, debug: bool) -> int:
    """Run pytest; its usage errors and interruptions become one-line ``CommandError``s.

    Without ``--debug`` pytest's stderr is held back and replayed after the run, so that a usage
    error reaches the user as our one line instead of pytest's multi-line report.
    """
    import pytest

    held = io.StringIO()
    redirect = contextlib.nullcontext() if debug else contextlib.redirect_stderr(held)
    with redirect:
        status = int(pytest.main(pytest_args))
    captured = held.getvalue()
    if status == pytest.ExitCode.USAGE_ERROR:
        errors = [
            line.removeprefix("ERROR: ").strip()
            for line in captured.splitlines()
            if line.startswith("ERROR: ")
        ]
        message = "; ".join(errors) if errors else _one_line(captured)
        raise CommandError(message.removeprefix("knowlify: ") or "the test run refused its options")
    if captured:
        sys.stderr.write(captured)
    if status == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if status == pytest.ExitCode.NO_TESTS_COLLECTED:
        raise CommandError("no check matches the selection (-k); nothing was run")
    if status == pytest.ExitCode.INTERNAL_ERROR:
        raise CommandError("the test run stopped on an internal error; rerun with --debug")
    return status


def print_summary(results: dict[str, Any], path: Path, *, quiet: bool, rows: bool = True) -> None:
    requirements: list[dict[str, Any]] = results["requirements"]
    counts: dict[str, int] = {}
    for row in requirements:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    out = sys.stdout
    print(
        f"\nKnowlify conformance: target {results['target']}, profile {results['profile']}",
        file=out,
    )
    for row in requirements if rows else []:
        if quiet and row["verdict"] not in ("fail", "error"):
            continue
        first_line = (str(row.get("reason") or "").splitlines() or [""])[0]
        reason = "" if row["verdict"] == "pass" or not first_line else f"  ({first_line})"
        print(
            f"  {row['verdict']:<8} {row['id']:<14} {row['level']:<6} {row['summary']}{reason}",
            file=out,
        )
    verdict = {"pass": "CONFORMANT", "fail": "NOT CONFORMANT", "error": "HARNESS ERROR"}.get(
        results["verdict"], "NOTHING CHECKED"
    )
    tally = ", ".join(
        f"{counts.get(v, 0)} {v}" for v in ("pass", "fail", "error", "skip", "disabled")
    )
    print(f"\n{verdict}: {tally}\nResults: {path}", file=out)
    out.flush()


# --- serve -------------------------------------------------------------------------------------
class _OneLineTracebacks(logging.Filter):
    """Server-side exceptions as one log line (the sandbox raises some on purpose)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage().strip()}: {type(error).__name__}: {error}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def _serve(args: argparse.Namespace) -> int:
    import uvicorn
    import yaml

    from .contract.constants import EDITS_BUCKET, VIDEOS_BUCKET
    from .reference import DEFAULT_SEED, ReferenceSettings, create_app
    from .reference.sandbox import SandboxFixtures

    if args.write_config is not None:
        folder = args.write_config.parent
        if not folder.is_dir():
            raise CommandError(
                f"cannot write config {args.write_config}: folder {folder} does not exist"
            )
    videos = VIDEOS_BUCKET
    if args.videos_limit is not None:
        videos = replace(VIDEOS_BUCKET, limit=args.videos_limit)
    edits = EDITS_BUCKET
    if args.edits_limit is not None:
        edits = replace(EDITS_BUCKET, limit=args.edits_limit)
    settings = ReferenceSettings(
        videos_bucket=videos,
        edits_bucket=edits,
        timings=ReferenceSettings().timings.scaled(args.time_scale),
    )
    app = create_app(settings, seed=args.seed or DEFAULT_SEED)
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    try:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host, args.port))
        sock.listen(128)
    except OSError as exc:
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; "
            "choose another --port (0 picks a free one) or --host"
        ) from None
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    base_url = f"http://{host}:{port}"
    config = {
        "target": base_url,
        "sandbox": True,
        "rate_limits": {
            "videos": videos.limit,
            "edits": edits.limit,
            "window_seconds": videos.window_seconds,
        },
        "fixtures": fixtures.as_config(),
        "time_scale": args.time_scale,
    }
    if args.write_config is not None:
        try:
            args.write_config.write_text(
                "# Written by knowlify-conformance serve: the local sandbox's accounts and\n"
                "# fixtures. Its keys are sandbox keys, valid nowhere else.\n"
                + yaml.safe_dump(config, sort_keys=False),
                encoding="utf-8",
            )
        except OSError as exc:
            sock.close()
            raise CommandError(
                f"cannot write config {args.write_config}: {exc.strerror or exc}"
            ) from None
    print(
        f"Knowlify sandbox on {base_url} (videos {videos.limit}/{videos.window_seconds}s, "
        f"edits {edits.limit}/{edits.window_seconds}s); Ctrl-C stops it"
    )
    print(f"  personal key: {fixtures.keys.personal}  (sandbox only)")
    if args.write_config is not None:
        print(f"  config written to {args.write_config}")
    if args.videos_limit is not None or args.edits_limit is not None:
        print("  limits raised: run with --no-rate-limit-probes, or the 429 checks spend a window")
    sys.stdout.flush()
    server = _sandbox_server_class()(uvicorn.Config(app, log_level="warning", lifespan="off"))
    if not args.debug:
        for name in ("uvicorn.error", "uvicorn.asgi"):
            logging.getLogger(name).addFilter(_OneLineTracebacks())
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if server.stopped_by is not None:
        print(f"Knowlify sandbox stopped ({signal.Signals(server.stopped_by).name})")
    return 0


def _sandbox_server_class() -> type[Any]:
    import uvicorn

    class SandboxServer(uvicorn.Server):
        """uvicorn's server, stopping cleanly on SIGINT / SIGTERM without re-raising them.

        uvicorn re-raises a captured signal after shutdown (so SIGINT ends as a
        KeyboardInterrupt and SIGTERM kills the process); the sandbox treats both as "stop".
        A second SIGINT forces the exit, as in uvicorn.
        """

        stopped_by: int | None = None

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handlers: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
            for sig in (signal.SIGINT, signal.SIGTERM):
                handlers[sig] = signal.signal(sig, self._stop)
            try:
                yield
            finally:
                for number, handler in handlers.items():
                    signal.signal(number, handler)

        def _stop(self, sig: int, frame: FrameType | None) -> None:
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True
            self.stopped_by = sig

    return SandboxServer


# --- explain -----------------------------------------------------------------------------------
def _explain(args: argparse.Namespace) -> int:
    from .contract.catalogue import load_catalogue

    catalogue = load_catalogue()
    found: list[Requirement] = []
    for wanted in args.ids:
        try:
            found.append(catalogue.get(wanted.strip().upper()))
        except KeyError as exc:
            message = str(exc.args[0])
            if "did you mean" not in message:
                close = difflib.get_close_matches(
                    wanted.strip().upper(), list(catalogue.requirements), n=3, cutoff=0.0
                )
                message += f"; closest: {', '.join(close)}" if close else ""
            raise CommandError(f"{message} (docs/traceability.md lists every ID)") from None
    for index, requirement in enumerate(found):
        if index:
            print()
        print(format_requirement(requirement))
    return 0


def format_requirement(requirement: Requirement) -> str:
    fields = (
        ("id", requirement.id),
        ("side", requirement.side.value),
        ("level", requirement.level.value),
        ("area", requirement.area.value),
        ("confidence", requirement.confidence.value),
        ("summary", requirement.summary),
        ("source", requirement.source),
        ("check", requirement.check),
    )
    return "\n".join(f"{name + ':':<12}{value}" for name, value in fields)


# --- main --------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error(f"a command is required: {', '.join(COMMANDS)}")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 2
    debug = bool(args.debug)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "run": _run,
        "serve": _serve,
        "explain": _explain,
    }
    try:
        return handlers[args.command](args)
    except (CommandError, HarnessError) as exc:  # ConfigError is a HarnessError
        if debug:
            traceback.print_exc()
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 2
    except Exception as exc:  # a bug in the suite: still one line unless --debug
        if debug:
            traceback.print_exc()
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {_one_line(exc)}; "
            "rerun with --debug for the traceback",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
