"""``run``: check a server implementation against the contract, through pytest."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..config import FEATURES, PROFILES, SuiteConfig, load_config
from ..failures import HarnessError
from ..server.budget import EXAMPLES_HELP, SEED_HELP
from ..targets import describe_target
from ..workers import HTTP_TARGET_REFUSED, can_fork
from ._common import (
    CommandError,
    RunCrashed,
    add_debug,
    new_run_folder,
    non_negative,
    one_line,
    positive,
    positive_seconds,
    pytest_main,
)
from .plan import estimate_line, plan_buckets
from .report import add_output_arguments, baseline_of, finish

__all__ = ["add_parser", "handle", "print_dry_run", "print_summary"]


def add_parser(commands: Any) -> None:
    run = commands.add_parser("run", help="check a server implementation against the contract")
    run.add_argument("--target", help="reference (default), asgi:MODULE:ATTR, or a base URL")
    run.add_argument("--config", type=Path, help="config file (YAML, JSON or TOML)")
    run.add_argument("--profile", choices=PROFILES, help="documented (default) or strict")
    run.add_argument("--output", type=Path, default=Path("reports"), help="reports folder")
    run.add_argument(
        "-n", "--workers", type=positive,
        help="parallel worker processes (in-process targets; forked after collection, or "
        "pytest-xdist where os.fork is missing)",
    )  # fmt: skip
    run.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    run.add_argument("--quiet", action="store_true", help="print only the verdict and failures")
    run.add_argument(
        "--disable", action="append", default=[], choices=FEATURES, metavar="FEATURE",
        help="turn off a feature's checks (repeatable): " + ", ".join(FEATURES),
    )  # fmt: skip
    run.add_argument(
        "--allow-spend", type=non_negative, metavar="N",
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
        "their requirements are disabled); a config can say rate_limit_probes: false",
    )
    run.add_argument(
        "--budget", type=positive_seconds, metavar="SECONDS",
        help="real time the whole run may take (default 1800); past it every check left is "
        "'error' (config run_budget_seconds)",
    )  # fmt: skip
    run.add_argument(
        "--breaker", type=positive, metavar="N",
        help="stop after N transport errors or refusals in a row (default 5); every check left "
        "is 'error' (config breaker_threshold)",
    )  # fmt: skip
    run.add_argument(
        "--check-fixtures", action="store_true",
        help="check only that each configured fixture is in the state its checks need (GETs "
        "only), print what each must be, and exit: 0 all fine, 1 some in the wrong state",
    )  # fmt: skip
    run.add_argument("--examples", type=non_negative, metavar="N", help=EXAMPLES_HELP)
    run.add_argument("--seed", type=non_negative, metavar="N", help=SEED_HELP)
    add_output_arguments(run)
    add_debug(run)
    run.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    config = load_config(
        args.config,
        target=args.target,
        profile=args.profile,
        disable=args.disable,
        allow_spend=args.allow_spend,
        run_budget_seconds=args.budget,
        breaker_threshold=args.breaker,
        rate_limit_probes=False if args.no_rate_limit_probes else None,
    )
    if args.dry_run:
        if args.format == "json" or args.baseline is not None:
            raise CommandError(
                "--dry-run prints a listing and judges nothing; drop --format/--baseline"
            )
        return _dry_run(args, config)
    if args.check_fixtures:
        return _check_fixtures(config, only=True)
    if (args.workers or 1) > 1 and describe_target(config.target) == "http":
        raise CommandError(HTTP_TARGET_REFUSED)  # before the preflight: nothing is sent
    baseline = baseline_of(args)
    # The embedded reference cannot fail to load or answer: no preflight, so that this
    # process (xdist's controller under -n) does not import the server it never runs.
    target = None if config.target == "reference" else _open_target_for_preflight(config)
    try:
        folder = new_run_folder(args.output, "run")
    except CommandError:
        if target is not None:
            target.close()
        raise
    results_path = folder / "results.json"
    unreachable = _probe(target)
    if unreachable is not None:
        _write_unreachable_results(config, results_path, unreachable)
        results = json.loads(results_path.read_text(encoding="utf-8"))
        _report_unreachable(results, folder, args)
        raise CommandError(
            f"cannot reach the target {config.display_target}: {unreachable}; start the server "
            "or correct --target (every requirement is 'error', none is blamed on the target)"
        )
    if target is not None and not target.in_process and not args.quiet:
        _print_estimate(args, config)
    if describe_target(config.target) == "http" and not args.quiet:
        _check_fixtures(config, only=False, out=sys.stderr if args.format == "json" else None)
    # pytest's ini file lives outside the report folder, which holds only the reports.
    scratch = Path(tempfile.mkdtemp(prefix="knowlify-run-"))
    ini = scratch / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    pytest_args = [
        "--pyargs", "conformance.server",
        "-c", str(ini), "--rootdir", str(folder),
        "-p", "no:cacheprovider", "--color=no",
        # Schemathesis is used as a library; its pytest plugin would only slow every start.
        "-p", "no:schemathesis",
        # The preflight imported anyio before pytest could rewrite its plugin: harmless.
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
        *_output_args(args),
        "--knowlify-target", config.target,
        "--knowlify-profile", config.profile,
        "--knowlify-results", str(results_path),
    ]  # fmt: skip
    if args.config is not None:
        pytest_args += ["--knowlify-config", str(args.config)]
    pytest_args += _selection_args(args)
    pytest_args += _workers_args(args.workers)
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.no_rate_limit_probes:
        pytest_args += ["--knowlify-no-rate-limit-probes"]
    # With --format json, stdout carries the document alone: pytest's own output is held back
    # (and replayed on stderr with --debug).
    held = io.StringIO()
    hush = contextlib.redirect_stdout(held) if args.format == "json" else contextlib.nullcontext()
    stopped: BaseException | None = None
    try:
        with hush:
            try:
                status = pytest_main(pytest_args, debug=args.debug)
            except (KeyboardInterrupt, RunCrashed) as exc:
                if not results_path.is_file():
                    raise
                status, stopped = 2, exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.debug and held.getvalue():
        sys.stderr.write(held.getvalue())
    if stopped is not None:
        # The results file says the run stopped, with what was judged so far: render it too.
        results = json.loads(results_path.read_text(encoding="utf-8"))
        code = finish(results, folder, args, baseline=baseline, results_written=True)
        print(f"knowlify-conformance: {results.get('interrupted') or stopped}", file=sys.stderr)
        return code
    if not results_path.is_file():
        raise CommandError(
            f"the test run wrote no results (pytest exit {status}); rerun with --debug"
        )
    results = json.loads(results_path.read_text(encoding="utf-8"))
    return finish(results, folder, args, baseline=baseline, results_written=True)


def _check_fixtures(config: SuiteConfig, *, only: bool, out: Any = None) -> int:
    """The fixture preflight (``conformance.preflight``): its lines; with ``only``, the exit
    code of ``run --check-fixtures``."""
    from ..preflight import describe_problems, preflight

    if only and config.target == "reference":
        print("Fixtures: the embedded reference seeds its own; nothing to check.")
        return 0
    try:
        problems = preflight(config)
    except HarnessError as exc:
        if only:
            raise CommandError(
                f"cannot check the fixtures of {config.display_target}: {exc}"
            ) from None
        # Before a run the preflight only informs: the run judges (and blames) the transport
        # itself, request by request, behind its circuit breaker.
        print(f"Fixtures not checked: {exc}", file=out or sys.stdout, flush=True)
        return 0
    blocking = [
        p for p in problems if not (p.replaceable and (config.sandbox or config.allow_spend))
    ]
    lines = describe_problems(problems)
    print("\n".join(lines), file=out or sys.stdout, flush=True)
    return 1 if only and blocking else 0


def _workers_args(workers: int | None) -> list[str]:
    """Warm workers forked after collection; pytest-xdist only where there is no ``os.fork``.

    An HTTP target is refused by the plugin either way (one pacer per rate limit).
    """
    if not workers or workers == 1:
        return []
    return ["--knowlify-workers", str(workers)] if can_fork() else ["-n", str(workers)]


def _output_args(args: argparse.Namespace) -> list[str]:
    """pytest's own output stays quiet; the plugin prints a line per area as it completes.

    ``--debug`` keeps pytest's failure reports (long tracebacks). Progress goes to stderr when
    stdout is reserved for JSON, and nowhere with ``--quiet``.
    """
    verbosity = ["-q", "--tb=long"] if args.debug else ["-qq", "-rN", "--tb=no"]
    progress = "silent" if args.quiet else "stderr" if args.format == "json" else "stdout"
    return [*verbosity, "--knowlify-progress", progress]


def _report_unreachable(results: dict[str, Any], folder: Path, args: argparse.Namespace) -> None:
    """Reports of a run that never reached its target: every requirement ``error``."""
    from ..reports import RENDERED_FILES, write_reports
    from ..reports.terminal import print_summary as summary

    written = {
        "results": folder / "results.json",  # written already
        **write_reports(results, folder, formats=RENDERED_FILES),
    }
    if args.format == "json":
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        summary(results, written["results"], quiet=True, rows=False, reports=written)


def _selection_args(args: argparse.Namespace) -> list[str]:
    selected = [arg for feature in args.disable for arg in ("--knowlify-disable", feature)]
    if args.allow_spend is not None:
        selected += ["--knowlify-allow-spend", str(args.allow_spend)]
    if getattr(args, "budget", None) is not None:
        selected += ["--knowlify-budget", str(args.budget)]
    if getattr(args, "breaker", None) is not None:
        selected += ["--knowlify-breaker", str(args.breaker)]
    for option in ("examples", "seed"):
        if getattr(args, option, None) is not None:
            selected += [f"--knowlify-{option}", str(getattr(args, option))]
    if getattr(args, "allow_incomplete", False):  # results.json must say the exit code we give
        selected.append("--knowlify-allow-incomplete")
    return selected


def _dry_run(args: argparse.Namespace, config: SuiteConfig) -> int:
    """Play the run against the embedded reference and list what it would send the target."""
    if args.workers:
        raise CommandError("--dry-run lists one run's requests; drop -n")
    with tempfile.TemporaryDirectory(prefix="knowlify-dry-run-") as scratch:
        requests = _listed_requests(args, config, Path(scratch))
    print_dry_run(requests, config)
    return 0


def _print_estimate(args: argparse.Namespace, config: SuiteConfig) -> None:
    """Before an HTTP run: the requests it plans per bucket (as --dry-run lists them, from a
    run against the embedded reference) and the least time the limits allow."""
    with (
        tempfile.TemporaryDirectory(prefix="knowlify-estimate-") as scratch,
        contextlib.redirect_stdout(io.StringIO()),  # that session's own output
    ):
        try:
            requests = _listed_requests(args, config, Path(scratch))
        except CommandError:
            return  # no estimate: the run itself reports what is wrong
    stream = sys.stderr if args.format == "json" else sys.stdout
    print(estimate_line(requests, config), file=stream, flush=True)


def _listed_requests(
    args: argparse.Namespace, config: SuiteConfig, folder: Path
) -> list[dict[str, Any]]:
    """The dry run's pytest session in ``folder`` (removed afterwards): the requests listed."""
    listing = folder / "requests.json"
    ini = folder / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    pytest_args = [
        "--pyargs", "conformance.server", "-c", str(ini), "--rootdir", str(folder),
        "-p", "no:cacheprovider", "-p", "no:schemathesis", "-qq", "-rN", "--tb=no",
        "-W", "ignore::pytest.PytestAssertRewriteWarning", "--knowlify-progress", "silent",
        "--knowlify-profile", config.profile, "--knowlify-dry-run", str(listing),
        *_selection_args(args),
    ]  # fmt: skip
    if args.config is not None:
        pytest_args += ["--knowlify-config", str(args.config)]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.no_rate_limit_probes:
        pytest_args += ["--knowlify-no-rate-limit-probes"]
    status = pytest_main(pytest_args, debug=args.debug)
    if not listing.is_file():
        raise CommandError(f"the dry run listed nothing (pytest exit {status}); rerun with --debug")
    requests: list[dict[str, Any]] = json.loads(listing.read_text(encoding="utf-8"))
    return requests


#: What each rate-limit bucket of the dry run's listing holds (``None``: no bucket).
DRY_RUN_BUCKETS: dict[str | None, str] = {
    "videos": "videos bucket: POST /v1/videos and GET /v1/videos/{uuid}, counted together",
    "edits": "edits bucket: POST /v1/edits, GET /v1/edits/{edit_id} and the revert, counted "
    "together",
    None: "no bucket: undocumented methods and paths (the FW checks' probes); the docs give "
    "them no rate limit, and a conformant server answers them 4xx",
}


def print_dry_run(requests: list[dict[str, Any]], config: SuiteConfig) -> None:
    """The requests grouped by bucket (repeats counted), then each bucket's least time."""
    for bucket, meaning in DRY_RUN_BUCKETS.items():
        mine = [line for line in requests if line["bucket"] == bucket]
        print(f"{meaning} ({len(mine)} request(s)):")
        seen: dict[tuple[str, str, bool], int] = {}
        for line in mine:
            key = (line["method"], line["path"], bool(line["billable"]))
            seen[key] = seen.get(key, 0) + 1
        for (method, path, bills), repeats in seen.items():
            times = f"  x{repeats}" if repeats > 1 else ""
            print(f"  {method:<6} {path}{times}{'  (billable)' if bills else ''}")
    print(f"\nDry run for {config.display_target}: {len(requests)} request(s); nothing was sent.")
    for plan in plan_buckets(requests, config):
        print(
            f"  {plan.bucket}: {plan.requests} request(s), {plan.billable} billable; limit "
            f"{plan.limit} per {plan.window_seconds}s, so at least {plan.least_seconds}s "
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
    from ..targets import describe_target, open_target

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
            f"{type(exc).__name__}: {one_line(exc) or '(no message)'}"
        ) from exc


def _probe(target: Any) -> str | None:
    """None if an HTTP target answers at all (any status), else why it cannot be reached.

    The probe is one ``GET /`` without credentials: nothing a server would bill or count.
    """
    import httpx

    from ..targets.transport import ResponseTooLarge

    if target is None:
        return None
    try:
        if target.in_process:
            return None
        try:
            target.client.get("/")
        except ResponseTooLarge:
            return None  # it answers; the checks meet the size cap again, as a harness error
        except httpx.TimeoutException:
            return f"no answer within {target.config.timeout_seconds:g} s"
        except httpx.HTTPError as exc:
            return one_line(exc) or type(exc).__name__
        return None
    finally:
        target.close()


def _write_unreachable_results(config: SuiteConfig, path: Path, reason: str) -> None:
    """The results of a run that never reached its target: every enabled requirement ``error``."""
    from ..contract.catalogue import Side, load_catalogue
    from ..results import build_results
    from ..selection import disabled_requirements
    from ..verdicts import Observation, Verdict

    disabled = disabled_requirements(config, load_catalogue())
    observations = [
        Observation(
            req.id, Verdict.ERROR, "preflight", f"harness error: target unreachable: {reason}"
        )
        for req in load_catalogue().for_side(Side.SERVER)
        if req.id not in disabled
    ]
    from ..reports.results_json import write_atomically

    write_atomically(path, json.dumps(build_results(config, observations), indent=2))


def print_summary(results: dict[str, Any], path: Path, *, quiet: bool, rows: bool = True) -> None:
    """The end-of-run summary; it lives in ``conformance.reports.terminal`` (any side)."""
    from ..reports.terminal import print_summary as summary

    summary(results, path, quiet=quiet, rows=rows)
