"""``report``: re-render a saved results.json; and the reporting step every run command ends with.

``knowlify-conformance report RESULTS.json [--output DIR]`` writes ``junit.xml``,
``report.html`` and ``badge.json`` again from a results file (validated against its schema).

``run`` (and ``clients``) share the end of a run through this module: register the flags with
``add_output_arguments``, check the baseline before anything runs with ``baseline_of``, and
hand the finished document to ``finish``, which applies the baseline, writes every report,
prints (text, or the document as JSON) and returns the exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._common import CommandError, add_debug

if TYPE_CHECKING:
    from ..reports.baseline import Baseline

__all__ = ["add_output_arguments", "add_parser", "baseline_of", "finish", "handle"]

FORMATS = ("text", "json")


def add_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="re-render junit.xml, report.html and badge.json from a results.json"
    )
    report.add_argument("results", type=Path, metavar="RESULTS.json", help="a run's results.json")
    report.add_argument(
        "--output", type=Path, help="folder to write into (default: the results file's folder)"
    )
    add_debug(report)
    report.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..reports import RENDERED_FILES, ResultsError, load_results, write_reports

    try:
        results = load_results(args.results)
    except ResultsError as exc:
        raise CommandError(str(exc)) from None
    folder: Path = args.output if args.output is not None else args.results.parent
    try:
        written = write_reports(results, folder, formats=RENDERED_FILES)
    except OSError as exc:
        raise CommandError(
            f"cannot write the reports into {folder}: {exc.strerror or exc}; "
            "choose another --output"
        ) from None
    for path in written.values():
        print(path)
    return 0


# --- the end of every run ---------------------------------------------------------------------
def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format``, ``--baseline FILE`` and ``--update-baseline``."""
    parser.add_argument(
        "--format", choices=FORMATS, default="text",
        help="text (default) or json: the results document on stdout, and nothing else there",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", type=Path, metavar="FILE",
        help="known failures (YAML or JSON, by requirement ID, with a reason): only new "
        "failures fail the run; fixed ones are listed for removal",
    )  # fmt: skip
    parser.add_argument(
        "--allow-incomplete", action="store_true",
        help="exit 0 instead of 3 when nothing failed but a requirement in scope was not "
        "judged (the verdict stays INCOMPLETE)",
    )  # fmt: skip
    parser.add_argument(
        "--update-baseline", action="store_true",
        help="rewrite --baseline FILE from this run's failures (existing reasons kept)",
    )  # fmt: skip


def baseline_of(args: argparse.Namespace) -> Baseline | None:
    """The baseline the flags name, checked now: a bad file stops the run before it starts."""
    from ..contract.catalogue import load_catalogue
    from ..reports.baseline import BaselineError, load_baseline

    if args.baseline is None:
        if args.update_baseline:
            raise CommandError("--update-baseline needs --baseline FILE (the file to write)")
        return None
    try:
        return load_baseline(
            args.baseline,
            known_ids=load_catalogue().requirements.keys(),
            missing_ok=bool(args.update_baseline),
        )
    except BaselineError as exc:
        raise CommandError(str(exc)) from None


def finish(
    results: dict[str, Any],
    folder: Path,
    args: argparse.Namespace,
    *,
    baseline: Baseline | None,
    today: dt.date | None = None,
    results_written: bool = False,
) -> int:
    """Apply the baseline, write the reports into ``folder``, print; the exit code.

    ``results_written``: ``folder/results.json`` already holds ``results`` (the run wrote it
    atomically): it is written again only if the baseline adds to it."""
    from ..reports import RENDERED_FILES, write_reports
    from ..reports.baseline import BaselineError, compare, updated
    from ..reports.terminal import print_summary
    from ..verdicts import INCOMPLETE

    day = today or dt.datetime.now(dt.UTC).date()
    if getattr(args, "allow_incomplete", False) and results["verdict"] == INCOMPLETE:
        results["exit_code"] = 0
        results.setdefault("toggles", {})["allow_incomplete"] = True
    update = bool(getattr(args, "update_baseline", False))
    if baseline is not None and update:
        baseline = updated(baseline, results, today=day)
        try:
            baseline.write()
        except BaselineError as exc:
            raise CommandError(str(exc)) from None
    if baseline is not None:
        results["baseline"] = compare(results, baseline, today=day)
    # results.json is already written (by the run, atomically): again only when the baseline
    # added to it.
    formats = RENDERED_FILES if results_written and baseline is None else None
    try:
        written = write_reports(results, folder, formats=formats)
    except OSError as exc:
        raise CommandError(f"cannot write the reports into {folder}: {exc}") from None
    written = {"results": folder / "results.json", **written}
    if getattr(args, "format", "text") == "json":
        sys.stdout.write(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        if baseline is not None and update:
            print(f"Baseline written: {baseline.path} ({len(baseline.entries)} entries)")
        quiet = bool(getattr(args, "quiet", False))
        print_summary(results, written["results"], quiet=quiet, reports=written)
    code = results["baseline"]["exit_code"] if baseline is not None else results["exit_code"]
    return int(code)
