"""``serve``: the reference sandbox on a loopback port, for black-box runs."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

from ._common import CommandError, add_debug, port_number, positive, time_scale

__all__ = ["DEV_LIMIT", "DEV_TIME_SCALE", "add_parser", "handle"]

#: ``serve --dev``: each bucket's limit, far above what one suite run sends in a window.
DEV_LIMIT = 100_000
#: ``serve --dev``: simulated jobs run 10 times faster (faster, and the FIFO promotion check
#: VID-PARK-004 can no longer see two parked jobs promoted one at a time between its polls).
DEV_TIME_SCALE = 0.05


def add_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the reference sandbox on loopback")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=8000, help="port; 0 picks a free one")
    serve.add_argument("--write-config", type=Path, help="write a suite config for this sandbox")
    serve.add_argument("--videos-limit", type=positive, help="raise the videos bucket (30/60 s)")
    serve.add_argument("--edits-limit", type=positive, help="raise the edits bucket (10/60 s)")
    serve.add_argument("--seed", default=None, help="seed of the sandbox's accounts and IDs")
    serve.add_argument(
        "--dev", action="store_true",
        help=f"development mode: limits raised to {DEV_LIMIT}, jobs {1 / DEV_TIME_SCALE:g}x "
        "faster, no 429 probes; the written config says all three (a run takes seconds)",
    )  # fmt: skip
    serve.add_argument(
        "--time-scale", type=time_scale, default=1.0, metavar="F",
        help="run simulated jobs F times as long (0 < F <= 1; 0.1 renders 10x faster); the "
        "written config says so",
    )  # fmt: skip
    add_debug(serve)
    serve.set_defaults(handler=handle)


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


def handle(args: argparse.Namespace) -> int:
    import uvicorn
    import yaml

    from ..contract.constants import EDITS_BUCKET, VIDEOS_BUCKET
    from ..reference import DEFAULT_SEED, ReferenceSettings, create_app
    from ..reference.sandbox import SandboxFixtures

    if args.write_config is not None:
        folder = args.write_config.parent
        if not folder.is_dir():
            raise CommandError(
                f"cannot write config {args.write_config}: folder {folder} does not exist"
            )
    if args.dev:
        clashing = [
            flag
            for flag, value in (
                ("--videos-limit", args.videos_limit),
                ("--edits-limit", args.edits_limit),
                ("--time-scale", None if args.time_scale == 1.0 else args.time_scale),
            )
            if value is not None
        ]
        if clashing:
            raise CommandError(f"--dev sets {', '.join(clashing)} itself; drop one or the other")
        args.videos_limit = args.edits_limit = DEV_LIMIT
        args.time_scale = DEV_TIME_SCALE
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
    if args.dev:
        config["rate_limit_probes"] = False
    mode = (
        f"# Development mode (serve --dev): rate limits raised, jobs {1 / DEV_TIME_SCALE:g}x "
        "faster, and\n"
        "# rate_limit_probes: false (the 429 checks are disabled; serve without --dev to\n"
        "# rehearse the real limits and pacing).\n"
        if args.dev
        else ""
    )
    if args.write_config is not None:
        try:
            args.write_config.write_text(
                "# Written by knowlify-conformance serve: the local sandbox's accounts and\n"
                "# fixtures. Its keys are sandbox keys, valid nowhere else.\n"
                + mode
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
    if args.dev:
        print(
            f"  development mode: limits raised, jobs {1 / DEV_TIME_SCALE:g}x faster, "
            "429 probes off (all three in the written config)"
        )
    elif args.videos_limit is not None or args.edits_limit is not None:
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
