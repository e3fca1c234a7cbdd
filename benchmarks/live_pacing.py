"""Live pacing: the documented profile against the sandbox on loopback, with the real limits.

    python benchmarks/live_pacing.py                      # prints a markdown report
    python benchmarks/live_pacing.py --rev HEAD           # a commit, exported with git archive
    python benchmarks/live_pacing.py --output DIR --timeout 2700
    python benchmarks/live_pacing.py -n 2                 # variants: xdist workers,
    python benchmarks/live_pacing.py --no-rate-limit-probes   # no 429 probes,
    python benchmarks/live_pacing.py --headers-on-2xx-only    # X-RateLimit-* on 2xx/429 only
    python benchmarks/live_pacing.py --report-only DIR    # the report of an earlier run

The sandbox is built exactly as ``knowlify-conformance serve`` builds it (same app factory,
settings, seed and config file; real limits: videos 30/60 s, edits 10/60 s) and served by
uvicorn on 127.0.0.1 in this process. A pure ASGI wrapper around the app records every request
it answers (time, credential, bucket, status); a wrapper around the app's limiter records the
rate identity the server charged and whether it admitted the request. The suite runs as a
subprocess, ``knowlify-conformance run --config CFG --output DIR``, unchanged.

Minimum wall time the limits allow: fixed windows of W seconds, each admitting L requests per
(rate identity, bucket), a window opening at the first request after the previous one closed.
A sequence of n admitted requests on one (identity, bucket) needs at least floor((n - 1) / L)
whole windows before its last request, so the run needs at least

    min_time = max over (identity, bucket) of floor((n_admitted - 1) / L) * W

Requests the server refused with 429 need no slot of their own (a deliberate 429 can go in the
window of the last admitted request), and unauthenticated requests are not counted by the
server, so neither enters n. The bound ignores the suite's own processing time and assumes
requests of different identities/buckets may overlap in time freely.
"""

from __future__ import annotations

import argparse
import contextvars
import datetime
import json
import logging
import math
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # for _revisions, also when re-run with -P on an exported tree
from _revisions import export, revision  # noqa: E402

#: Where ``conformance`` is imported from: the checkout, or a commit exported by ``--rev``.
SOURCE = Path(os.environ.get("LIVE_PACING_SOURCE", ROOT))
sys.path[:] = [str(SOURCE), *(p for p in sys.path if Path(p or ".").resolve() != HERE)]

from conformance.contract.constants import (  # noqa: E402
    API_KEY_HEADER,
    AUTHORIZATION_HEADER,
    EDITS_BUCKET,
    VIDEOS_BUCKET,
    RateBucket,
)
from conformance.oracles import endpoint_of  # noqa: E402
from conformance.reference import DEFAULT_SEED, ReferenceSettings, create_app  # noqa: E402
from conformance.reference.ratelimit import RateDecision  # noqa: E402
from conformance.reference.sandbox import SandboxFixtures  # noqa: E402

CLI = Path(sys.executable).with_name("knowlify-conformance")
LIMITS = {b.name: (b.limit, b.window_seconds) for b in (VIDEOS_BUCKET, EDITS_BUCKET)}
#: Keys whose windows the suite spends on purpose (the 429 probes, marker ``knowlify_last``).
PROBE_KEYS = ("keys.rate_limit_probe", "keys.precedence_probe")
#: A pause between two requests longer than this is reported as a wait.
GAP_SECONDS = 1.0

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Event:
    """One request the sandbox answered (credentials are labels, never secrets)."""

    start: float
    end: float
    method: str
    path: str
    credential: str
    bucket: str | None
    status: int = 0
    identity: str | None = None
    admitted: bool | None = None
    remaining: int | None = None
    reset: int | None = None


@dataclass
class Recorder:
    labels: dict[str, str]
    t0: float = field(default_factory=time.monotonic)
    events: list[Event] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def label(self, headers: list[tuple[bytes, bytes]]) -> str:
        found = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in headers}
        key = found.get(API_KEY_HEADER.lower())
        if key is not None:
            return self.labels.get(key, "other-api-key")
        bearer = found.get(AUTHORIZATION_HEADER.lower())
        if bearer is not None:
            return self.labels.get(bearer.partition(" ")[2].strip(), "other-bearer")
        return "no-credentials"


_CURRENT: contextvars.ContextVar[Event | None] = contextvars.ContextVar("event", default=None)


def counting(app: ASGIApp, recorder: Recorder, *, headers_on_2xx_only: bool = False) -> ASGIApp:
    """``app`` wrapped so that every HTTP request it answers becomes an ``Event``.

    ``headers_on_2xx_only`` drops ``X-RateLimit-*`` from answers other than 2xx and 429: a
    server that sends them only where the contract promises them (RATE-016 is an option).
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        endpoint = endpoint_of(scope["method"], scope["path"])
        event = Event(
            start=time.monotonic() - recorder.t0,
            end=0.0,
            method=scope["method"],
            path=scope["path"],
            credential=recorder.label(scope["headers"]),
            bucket=endpoint.bucket.name if endpoint is not None else None,
        )
        token = _CURRENT.set(event)

        async def spy(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                event.status = int(message["status"])
                if headers_on_2xx_only and not (200 <= event.status < 300 or event.status == 429):
                    message = dict(message)
                    message["headers"] = [
                        (k, v)
                        for k, v in message.get("headers", [])
                        if not k.lower().startswith(b"x-ratelimit-")
                    ]
                headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
                if (value := headers.get("x-ratelimit-remaining")) is not None:
                    event.remaining = int(value)
                if (value := headers.get("x-ratelimit-reset")) is not None:
                    event.reset = int(value)
            await send(message)

        try:
            await app(scope, receive, spy)
        finally:
            _CURRENT.reset(token)
            event.end = time.monotonic() - recorder.t0
            with recorder.lock:
                recorder.events.append(event)

    return wrapped


def spy_on_limiter(app: Any) -> None:
    """Record on the current request's event the identity the limiter charged."""
    limiter = app.state.reference.limiter
    hit = limiter.hit

    def recorded(identity: str, bucket: RateBucket) -> RateDecision:
        decision: RateDecision = hit(identity, bucket)
        event = _CURRENT.get()
        if event is not None:
            event.identity = identity
            event.admitted = decision.allowed
        return decision

    limiter.hit = recorded


def build_sandbox(
    config_path: Path, time_scale: float = 1.0
) -> tuple[Any, socket.socket, dict[str, str]]:
    """The sandbox app, its listening socket and the credential labels, as ``serve`` does it."""
    videos, edits = VIDEOS_BUCKET, EDITS_BUCKET  # serve without --videos-limit / --edits-limit
    settings = ReferenceSettings(
        videos_bucket=videos,
        edits_bucket=edits,
        timings=ReferenceSettings().timings.scaled(time_scale),  # serve --time-scale
    )
    app = create_app(settings, seed=DEFAULT_SEED)
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = {
        "target": f"http://127.0.0.1:{port}",
        "sandbox": True,
        "rate_limits": {
            "videos": videos.limit,
            "edits": edits.limit,
            "window_seconds": videos.window_seconds,
        },
        "fixtures": fixtures.as_config(),
        "time_scale": time_scale,
    }
    config_path.write_text(
        "# Written by knowlify-conformance serve: the local sandbox's accounts and\n"
        "# fixtures. Its keys are sandbox keys, valid nowhere else.\n"
        + yaml.safe_dump(config, sort_keys=False),
        encoding="utf-8",
    )
    labels = {secret: f"keys.{name}" for name, secret in asdict(fixtures.keys).items()}
    labels |= {token: f"sessions.{name}" for name, token in asdict(fixtures.sessions).items()}
    return app, sock, labels


class OneLineTracebacks(logging.Filter):
    """Server-side exceptions as one log line (``[sandbox:server-error]`` raises on purpose)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage().strip()}: {type(error).__name__}: {error}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


# --- analysis ----------------------------------------------------------------------------------
def windows(times: list[float], window: float) -> list[tuple[float, int]]:
    """Fixed windows as the server opens them: (opened at, requests counted in it)."""
    found: list[tuple[float, int]] = []
    for moment in sorted(times):
        if found and moment < found[-1][0] + window:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((moment, 1))
    return found


def min_seconds(admitted: int, bucket: str) -> float:
    limit, window = LIMITS[bucket]
    return 0.0 if admitted == 0 else math.floor((admitted - 1) / limit) * window


@dataclass
class Stream:
    """The requests of one (identity or credential, bucket)."""

    requests: int = 0
    admitted: int = 0
    refused: int = 0
    times: list[float] = field(default_factory=list)
    credentials: set[str] = field(default_factory=set)


def streams(events: list[Event], by: str) -> dict[tuple[str, str], Stream]:
    found: dict[tuple[str, str], Stream] = defaultdict(Stream)
    for event in events:
        if event.bucket is None or event.identity is None:
            continue  # not a documented operation, or refused before the limiter (401)
        who = event.identity if by == "identity" else event.credential
        stream = found[(who, event.bucket)]
        stream.requests += 1
        stream.credentials.add(event.credential)
        if event.admitted:
            stream.admitted += 1
            stream.times.append(event.start)
        else:
            stream.refused += 1
    return dict(found)


def gaps(events: list[Event]) -> list[tuple[float, float, Event]]:
    """Pauses longer than ``GAP_SECONDS`` between one answer and the next request."""
    ordered = sorted(events, key=lambda e: e.start)
    found = []
    last_end = ordered[0].end if ordered else 0.0
    for event in ordered[1:]:
        if event.start - last_end > GAP_SECONDS:
            found.append((last_end, event.start, event))
        last_end = max(last_end, event.end)
    return found


def report(
    events: list[Event], results: dict[str, Any], wall: float, exit_code: int
) -> tuple[str, dict[str, Any]]:
    lines: list[str] = []
    out = lines.append
    counted = [e for e in events if e.identity is not None]
    refused = [e for e in events if e.status == 429]
    provoked = [e for e in refused if e.credential in PROBE_KEYS]
    unprovoked = [e for e in refused if e.credential not in PROBE_KEYS]
    by_identity = streams(events, "identity")
    by_credential = streams(events, "credential")
    names = {ident: f"id{n}" for n, ident in enumerate(sorted({k[0] for k in by_identity}), 1)}

    def bound(table: dict[tuple[str, str], Stream]) -> tuple[float, tuple[str, str] | None]:
        best, where = 0.0, None
        for key, stream in table.items():
            if (seconds := min_seconds(stream.admitted, key[1])) > best:
                best, where = seconds, key
        return best, where

    minimum, binding = bound(by_identity)
    minimum_cred, binding_cred = bound(by_credential)
    ratio = wall / minimum if minimum else math.inf
    tally = Counter(row["verdict"] for row in results.get("requirements", []))
    out("| figure | value |\n|---|---|")
    out(f"| exit code / verdict | {exit_code} / {results.get('verdict')} |")
    verdicts = ", ".join(f"{tally[v]} {v}" for v in ("pass", "fail", "error", "skip", "disabled"))
    out(f"| requirements | {verdicts} |")
    out(f"| requests answered by the sandbox | {len(events)} |")
    out(f"| of which counted by the limiter | {len(counted)} |")
    out(f"| 429s: provoked (probe keys) / not provoked | {len(provoked)} / {len(unprovoked)} |")
    out(f"| `unintended_429s` in results.json | {results.get('unintended_429s')} |")
    out(f"| wall time of `run` | {wall:.1f} s |")
    bind = f"{names.get(binding[0], '?')} {binding[1]}" if binding else "-"
    out(f"| minimum the limits allow (per rate identity) | {minimum:.0f} s ({bind}) |")
    bind_c = f"{binding_cred[0]} {binding_cred[1]}" if binding_cred else "-"
    out(f"| same bound per credential | {minimum_cred:.0f} s ({bind_c}) |")
    out(
        f"| wall / minimum | {ratio:.2f} |"
        if minimum
        else "| wall / minimum | n/a (no wait needed) |"
    )
    out("")
    out("Per rate identity and bucket (n = admitted requests; windows as the server opened them):")
    out("")
    out("| identity | credentials | bucket | requests | admitted | 429 | windows | "
        "min by formula |")  # fmt: skip
    out("|---|---|---|---:|---:|---:|---:|---:|")
    for (ident, bucket), stream in sorted(by_identity.items(), key=lambda kv: -kv[1].requests):
        opened = windows(stream.times, LIMITS[bucket][1])
        out(
            f"| {names[ident]} | {', '.join(sorted(stream.credentials))} | {bucket} | "
            f"{stream.requests} | {stream.admitted} | {stream.refused} | {len(opened)} | "
            f"{min_seconds(stream.admitted, bucket):.0f} s |"
        )
    out("")
    pauses = gaps(events)
    waited = sum(end - start for start, end, _ in pauses)
    before_close = after_close = 0.0
    rows = []
    for start, end, event in pauses:
        opened_at, closes, late = "-", "-", "-"
        if event.identity is not None and event.bucket is not None:
            stream = by_identity[(event.identity, event.bucket)]
            earlier = [t for t in stream.times if t < event.start]
            if earlier:
                window = LIMITS[event.bucket][1]
                last_open = windows(earlier, window)[-1][0]
                close = last_open + window
                opened_at, closes = f"{last_open:.1f} s", f"{close:.1f} s"
                if start < close <= end:  # this pause waited for that window to close
                    before_close += close - start
                    after_close += end - close
                    late = f"{end - close:+.1f} s"
        rows.append(
            f"| {start:.1f} s | {end - start:.1f} s | {event.method} {event.bucket} "
            f"({event.credential}, {names.get(event.identity or '', '-')}) | "
            f"{opened_at} | {closes} | {late} |"
        )
    out(f"Pauses over {GAP_SECONDS:g} s between an answer and the next request: {len(pauses)}, "
        f"{waited:.1f} s in all; busy (no such pause) {wall - waited:.1f} s. Of the pauses that "
        f"ended after the next request's window closed: {before_close:.1f} s before the close, "
        f"{after_close:.1f} s after it.")  # fmt: skip
    if rows:
        out("")
        out(
            "| paused at | length | next request (credential, identity) | its last window "
            "opened at | and closed at | resumed after the close |"
        )
        out("|---:|---:|---|---:|---:|---:|")
        lines.extend(rows)
    summary = {
        "wall_seconds": wall,
        "exit_code": exit_code,
        "requests": len(events),
        "counted_requests": len(counted),
        "provoked_429s": len(provoked),
        "unprovoked_429s": len(unprovoked),
        "unintended_429s": results.get("unintended_429s"),
        "minimum_seconds": minimum,
        "minimum_seconds_per_credential": minimum_cred,
        "ratio": ratio if minimum else None,
        "paused_seconds": waited,
        "paused_before_window_close_seconds": before_close,
        "paused_after_window_close_seconds": after_close,
    }
    return "\n".join(lines), summary


def render(folder: Path) -> None:
    """Print the report of the run recorded in ``folder`` (and add its figures to the summary)."""
    run = json.loads((folder / "summary.json").read_text("utf-8"))
    events = [Event(**row) for row in json.loads((folder / "events.json").read_text("utf-8"))]
    found = sorted((folder / "reports").glob("run-*/results.json"))
    results: dict[str, Any] = json.loads(found[-1].read_text("utf-8")) if found else {}
    text, summary = report(events, results, run["wall_seconds"], run["exit_code"])
    (folder / "summary.json").write_text(json.dumps(run | summary, indent=2))
    print(f"\n## Live pacing ({run['machine']})\n")
    print(f"`{run.get('command', 'knowlify-conformance run --config CFG --output DIR')}`\n")
    print(text)
    print(f"\nRaw data: {folder}/events.json, {folder}/run.log")


# --- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, help="working folder (default: a new temp dir)")
    parser.add_argument("--timeout", type=float, default=2700.0, help="seconds for the run")
    parser.add_argument("--heartbeat", type=float, default=60.0, help="progress every N seconds")
    parser.add_argument("-k", dest="keyword", help="a subset (smoke tests of this script only)")
    parser.add_argument("-n", dest="workers", help="pass -n to run (pytest-xdist workers)")
    parser.add_argument(
        "--no-rate-limit-probes", action="store_true", help="pass --no-rate-limit-probes to run"
    )
    parser.add_argument(
        "--headers-on-2xx-only",
        action="store_true",
        help="strip X-RateLimit-* from answers other than 2xx and 429 (a minimal server)",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        metavar="F",
        help="simulated jobs take F times as long, as with serve --time-scale (default 1)",
    )
    parser.add_argument(
        "--report-only", type=Path, metavar="DIR", help="report again on an earlier working folder"
    )
    parser.add_argument(
        "--rev", help="measure this commit (exported with git archive) instead of the working tree"
    )
    args = parser.parse_args(argv)
    if args.report_only is not None:
        render(args.report_only)
        return 0
    folder = args.output or Path(tempfile.mkdtemp(prefix="knowlify-live-pacing-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.rev:  # start again on the exported tree, so that the sandbox comes from it too
        source, commit = export(args.rev, folder / "src")
        given, rest = list(sys.argv[1:] if argv is None else argv), []
        while given:
            arg = given.pop(0)
            if arg == "--rev":
                given.pop(0)
            elif not arg.startswith("--rev="):
                rest.append(arg)
        os.environ |= {"LIVE_PACING_SOURCE": str(source), "LIVE_PACING_COMMIT": f"commit {commit}"}
        os.execv(sys.executable, [sys.executable, "-P", __file__, *rest, "--output", str(folder)])
    config_path = folder / "sandbox.yaml"
    app, sock, labels = build_sandbox(config_path, args.time_scale)
    spy_on_limiter(app)
    recorder = Recorder(labels)
    wrapped = counting(app, recorder, headers_on_2xx_only=args.headers_on_2xx_only)
    config = uvicorn.Config(wrapped, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    for name in ("uvicorn.error", "uvicorn.asgi"):  # as serve does: the sandbox raises on purpose
        logging.getLogger(name).addFilter(OneLineTracebacks())
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            print("the sandbox did not start", file=sys.stderr)
            return 2
        time.sleep(0.05)
    print(f"sandbox on {sock.getsockname()}; working folder {folder}", flush=True)

    env = {**os.environ, "NO_COLOR": "1"}
    cli = [str(CLI)]
    if SOURCE != ROOT:  # an exported commit: its CLI module, and nothing else of the checkout
        cli = [sys.executable, "-P", "-m", "conformance.cli"]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
    command = [*cli, "run", "--config", str(config_path), "--output", str(folder / "reports")]
    if args.keyword:
        command += ["-k", args.keyword]
    if args.workers:
        command += ["-n", args.workers]
    if args.no_rate_limit_probes:
        command += ["--no-rate-limit-probes"]
    log_path = folder / "run.log"
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(args.heartbeat):
            with recorder.lock:
                count, refused = len(recorder.events), sum(e.status == 429 for e in recorder.events)
            elapsed = time.monotonic() - started
            print(f"  {elapsed:6.0f} s: {count} requests, {refused} 429s", flush=True)

    rev = os.environ.get("LIVE_PACING_COMMIT") or f"working tree at {revision()}"
    started = time.monotonic()
    beat = threading.Thread(target=heartbeat, daemon=True)
    beat.start()
    with log_path.open("w", encoding="utf-8") as log:
        recorder.t0 = time.monotonic()
        start = time.perf_counter()
        try:
            exit_code = subprocess.run(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=args.timeout,
                env=env,
                cwd=folder,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            exit_code = -1
        wall = time.perf_counter() - start
    stop.set()
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()

    with recorder.lock:
        events = sorted(recorder.events, key=lambda e: e.start)
    (folder / "events.json").write_text(json.dumps([asdict(e) for e in events], indent=1))
    machine = (
        f"{datetime.date.today().isoformat()}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"code: {rev}"
    )
    shown = " ".join(["knowlify-conformance", *command[len(cli) :]])
    if args.headers_on_2xx_only:
        shown += "  [sandbox answers: X-RateLimit-* on 2xx and 429 only]"
    if args.time_scale != 1.0:
        shown += f"  [sandbox jobs at time scale {args.time_scale:g}, as serve --time-scale]"
    run = {"wall_seconds": wall, "exit_code": exit_code, "machine": machine, "command": shown}
    (folder / "summary.json").write_text(json.dumps(run, indent=2))
    render(folder)
    if exit_code == -1:
        print(f"the run did not finish within {args.timeout:g} s", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
