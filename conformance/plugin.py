"""The knowlify pytest plugin: options, the ``requirement`` marker, fixtures and verdicts.

Order inside: help texts, ``pytest_addoption``, ``pytest_configure``, collection, run-time
hooks, results, fixtures last. Each test's findings travel in its report's
``user_properties`` so that results roll up the same way with and without pytest-xdist.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import pytest

from .config import FEATURES, ConfigError, SuiteConfig, load_config
from .coverage import completed_rows, unsent_row
from .exchange import redact_fragments
from .failures import ConformanceFailure, HarnessError, NotApplicable
from .judgement import JudgedFailures
from .ordering import spread_evenly
from .selection import FEATURE_AREAS, disabled_requirements
from .server.budget import DEFAULT_SEED, EXAMPLES_HELP, SEED_HELP
from .targets import OpenTarget, describe_target, open_target
from .verdicts import Observation, Verdict, exit_code
from .workers import HTTP_TARGET_REFUSED

if TYPE_CHECKING:  # imported where tests run: xdist's controller never needs them
    from .contract.catalogue import Catalogue
    from .harness import Harness

TARGET_HELP = "what to test: 'reference' (default), 'asgi:MODULE:ATTR' or an http(s):// URL"
CONFIG_HELP = "suite config file (YAML, JSON or TOML); env KNOWLIFY_* variables override it"
PROFILE_HELP = "'documented' (MUST only, default) or 'strict' (adds SHOULD and profile options)"
RESULTS_HELP = "write per-requirement results as JSON to this path"
DISABLE_HELP = "turn a feature's checks off (repeatable): " + ", ".join(FEATURES)
SPEND_HELP = "send at most N requests a conformant live server would accept and bill (default 0)"
DRY_RUN_HELP = "send nothing to the target: list the requests a run would send, as JSON, here"
PROGRESS_HELP = "a line per test module as it completes: stdout, stderr or silent (hushes dots)"
BUDGET_HELP = "real time the whole run may take, in seconds; past it every check left is error"
BREAKER_HELP = "stop the run after N transport errors or refusals (unintended 429s) in a row"
ALLOW_INCOMPLETE_HELP = (
    "exit 0 instead of 3 when nothing failed but some requirement in scope was not judged"
)
NO_PROBES_HELP = "leave out the checks that provoke a 429; their requirements are disabled"
WORKERS_HELP = (
    "run the tests in N processes forked after collection (in-process targets; faster to start "
    "than xdist's -n)"
)

_OBSERVATIONS = "knowlify_observations"
_UNINTENDED_429S = "knowlify_unintended_429s"
_SPENT = "knowlify_spent"
_REQUESTS = "knowlify_requests"
_HYPOTHESIS = "knowlify_hypothesis"
#: The user property a bad-input check records its ``coverage`` row in (``test_bad_input``).
COVERAGE_PROPERTY = "knowlify_coverage"
_LABELS_KEY = pytest.StashKey[list[tuple[str, str, list[str]]]]()
_CONFIG_KEY = pytest.StashKey[SuiteConfig]()
_HARNESS_KEY = pytest.StashKey["Harness"]()
_TARGET_SECRETS_KEY = pytest.StashKey[dict[str, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("knowlify", "Knowlify API conformance")
    group.addoption("--knowlify-target", dest="knowlify_target", default=None, help=TARGET_HELP)
    group.addoption("--knowlify-config", dest="knowlify_config", default=None, help=CONFIG_HELP)
    group.addoption("--knowlify-profile", dest="knowlify_profile", default=None, help=PROFILE_HELP)
    group.addoption("--knowlify-results", dest="knowlify_results", default=None, help=RESULTS_HELP)
    group.addoption(
        "--knowlify-disable", dest="knowlify_disable", action="append", default=[],
        choices=FEATURES, help=DISABLE_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-allow-spend", dest="knowlify_allow_spend", type=int, default=None,
        help=SPEND_HELP,
    )  # fmt: skip
    group.addoption("--knowlify-dry-run", dest="knowlify_dry_run", default=None, help=DRY_RUN_HELP)
    group.addoption(
        "--knowlify-progress", dest="knowlify_progress", default=None,
        choices=("stdout", "stderr", "silent"), help=PROGRESS_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-budget", dest="knowlify_budget", type=float, default=None, metavar="SECONDS",
        help=BUDGET_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-breaker", dest="knowlify_breaker", type=int, default=None, metavar="N",
        help=BREAKER_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-examples", dest="knowlify_examples", type=int, default=None, metavar="N",
        help=EXAMPLES_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-seed", dest="knowlify_seed", type=int, default=None, metavar="N",
        help=SEED_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-workers", dest="knowlify_workers", type=int, default=None, metavar="N",
        help=WORKERS_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-allow-incomplete", dest="knowlify_allow_incomplete", action="store_true",
        default=False, help=ALLOW_INCOMPLETE_HELP,
    )  # fmt: skip
    group.addoption(
        "--knowlify-no-rate-limit-probes", dest="knowlify_no_rate_limit_probes",
        action="store_true", default=False, help=NO_PROBES_HELP,
    )  # fmt: skip
    parser.addini("knowlify_target", TARGET_HELP)
    parser.addini("knowlify_config", CONFIG_HELP)
    parser.addini("knowlify_profile", PROFILE_HELP)


def _setting(config: pytest.Config, name: str) -> str | None:
    """Command line, then ini; the environment is applied by ``load_config``."""
    value = config.getoption(f"knowlify_{name}") or config.getini(f"knowlify_{name}")
    return str(value) if value else None


#: The markers the check modules use, with their signatures.
MARKERS = (
    "requirement(*ids): the catalogue requirement IDs this test proves.",
    "knowlify_label(family, label): a check of one class label of bad input; it adds a row to "
    "the results' coverage section.",
    "knowlify_last: run after every other test (it spends a rate-limit window).",
    "knowlify_opening(key): spends a rate-limit window of the fixture key `key`: runs first when "
    "that key is configured (an identity of its own), last otherwise.",
)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config_path = _setting(config, "config")
    try:
        suite_config = load_config(
            Path(config_path) if config_path else None,
            target=_setting(config, "target"),
            profile=_setting(config, "profile"),
            disable=config.getoption("knowlify_disable"),
            allow_spend=config.getoption("knowlify_allow_spend"),
            run_budget_seconds=config.getoption("knowlify_budget"),
            breaker_threshold=config.getoption("knowlify_breaker"),
            rate_limit_probes=False if config.getoption("knowlify_no_rate_limit_probes") else None,
        )
        describe_target(suite_config.target)
    except ConfigError as exc:
        raise pytest.UsageError(f"knowlify: {exc}") from None
    if config.getoption("knowlify_dry_run"):
        suite_config = replace(suite_config, target="reference", dry_run=True)
    workers = _parallel_workers(config)
    if workers > 1 and describe_target(suite_config.target) == "http":
        raise pytest.UsageError(f"knowlify: {HTTP_TARGET_REFUSED}")
    if suite_config.allow_spend and workers > 1:
        raise pytest.UsageError(
            "knowlify: --allow-spend needs a single process; one budget cannot be shared "
            "across workers (drop -n)"
        )
    examples = config.getoption("knowlify_examples")
    if examples is not None and examples < 0:
        raise pytest.UsageError("knowlify: --knowlify-examples must be 0 or more")
    config.stash[_CONFIG_KEY] = suite_config
    _register_warm_workers(config)
    if config.getoption("knowlify_results"):
        _end_on_sigterm(config)
    if config.getoption("knowlify_results"):
        _print_hypothesis_blobs()
    if not hasattr(config, "workerinput"):  # xdist workers report to the controller instead
        config.pluginmanager.register(_Collector(config), "knowlify-collector")
        if config.getoption("knowlify_progress"):
            from .reports.progress import AreaProgress

            progress = AreaProgress(config.getoption("knowlify_progress"))
            config.pluginmanager.register(progress, "knowlify-progress")


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interruption: pytest stops the run and the results say so."""


_PREVIOUS_SIGTERM = pytest.StashKey[Any]()


def _end_on_sigterm(config: pytest.Config) -> None:
    """Let SIGTERM end the run as Ctrl-C does, so that results.json is still written."""
    if threading.current_thread() is not threading.main_thread():
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated("SIGTERM")

    config.stash[_PREVIOUS_SIGTERM] = signal.signal(signal.SIGTERM, terminate)


def pytest_unconfigure(config: pytest.Config) -> None:
    previous = config.stash.get(_PREVIOUS_SIGTERM, None)
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _parallel_workers(config: pytest.Config) -> int:
    """How many processes will run tests: xdist's ``-n`` or ``--knowlify-workers`` (not both)."""
    xdist = (
        config.getoption("numprocesses", None) if config.pluginmanager.has_plugin("xdist") else None
    )
    warm = config.getoption("knowlify_workers")
    if warm is not None and warm < 1:
        raise pytest.UsageError("knowlify: --knowlify-workers must be at least 1")
    if warm not in (None, 1) and xdist not in (None, 0):
        raise pytest.UsageError("knowlify: use either -n (xdist) or --knowlify-workers, not both")
    return max(int(xdist or 0), int(warm or 0), 1)


def hypothesis_budget(config: pytest.Config) -> tuple[int | None, int]:
    """``(examples, seed)`` of the drawn bad-input cases: ``None`` examples is the target's
    default (``family_driver``); the seed defaults to 0, so runs repeat unless told otherwise."""
    seed = config.getoption("knowlify_seed", None)
    return config.getoption("knowlify_examples", None), DEFAULT_SEED if seed is None else int(seed)


def _register_warm_workers(config: pytest.Config) -> None:
    warm = config.getoption("knowlify_workers")
    if warm is None or warm < 2 or hasattr(config, "workerinput"):
        return
    from .workers import WarmWorkers, can_fork

    if not can_fork():
        raise pytest.UsageError(
            "knowlify: --knowlify-workers needs os.fork (POSIX); use -n (pytest-xdist) here"
        )
    config.pluginmanager.register(WarmWorkers(warm, _lost_properties), "knowlify-warm-workers")


def _lost_properties(item: pytest.Item, message: str) -> list[tuple[str, object]]:
    """A test whose worker died: ``error`` on each of its requirements, never a silent gap."""
    observations = [
        Observation(rid, Verdict.ERROR, item.nodeid, message).as_dict()
        for rid in requirement_ids(item)
    ]
    return [(_OBSERVATIONS, observations)] if observations else []


def pytest_report_header(config: pytest.Config) -> list[str]:
    suite_config = config.stash.get(_CONFIG_KEY, None)
    if suite_config is None:
        return []
    from .contract.catalogue import load_catalogue

    digest = load_catalogue().digest[:12]
    return [
        f"knowlify: target={suite_config.target} profile={suite_config.profile} "
        f"catalogue={digest} (config: {suite_config.source})"
    ]


# --- collection -----------------------------------------------------------------------------
def requirement_ids(item: pytest.Item) -> list[str]:
    ids: list[str] = []
    for marker in item.iter_markers("requirement"):
        ids.extend(str(arg) for arg in marker.args)
    return ids


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    # Tests that exhaust a shared rate-limit window go last, so nothing else meets their 429.
    # One that spends a key of its own goes first: by the end of the run its window has opened
    # again, and the test that needs that fresh window (last) does not wait a whole window.
    suite_config = config.stash[_CONFIG_KEY]
    if not suite_config.rate_limit_probes:
        _deselect_rate_limit_probes(config, items)
    will_have = partial(_will_have, suite_config)
    items.sort(key=lambda item: _run_order(item, will_have))
    tagged = [item for item in items if item.get_closest_marker("requirement")]
    if not tagged:
        return
    from .contract.catalogue import load_catalogue

    catalogue = load_catalogue()
    if describe_target(suite_config.target) == "http":
        between = [index for index, item in enumerate(items) if _run_order(item, will_have) == 1]
        if between:
            start, end = between[0], between[-1] + 1
            items[start:end] = spread_evenly(items[start:end], partial(_on_edits, catalogue))
    disabled = disabled_requirements(suite_config, catalogue)
    for item in tagged:
        ids = requirement_ids(item)
        unknown = [rid for rid in ids if rid not in catalogue.requirements]
        if unknown or not ids:
            raise pytest.UsageError(
                f"{item.nodeid}: requirement marker names unknown ID(s) {unknown or '(none)'}"
            )
        if all(rid in disabled for rid in ids):
            item.add_marker(pytest.mark.skip(reason=f"disabled: {disabled[ids[0]]}"))


def pytest_collection_finish(session: pytest.Session) -> None:
    # The bad-input label checks selected (after -k / -m): each must leave a coverage row.
    session.config.stash[_LABELS_KEY] = [
        (str(marker.args[0]), str(marker.args[1]), requirement_ids(item))
        for item in session.items
        if (marker := item.get_closest_marker("knowlify_label")) is not None
    ]


def _deselect_rate_limit_probes(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the checks that provoke a 429 (``rate_limit_probes: false``)."""
    probes = [item for item in items if _is_rate_limit_probe(item)]
    if probes:
        items[:] = [item for item in items if not _is_rate_limit_probe(item)]
        config.hook.pytest_deselected(items=probes)


def _is_rate_limit_probe(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in ("knowlify_opening", "knowlify_last"))


def _run_order(item: pytest.Item, will_have: Callable[[str], bool]) -> int:
    """0 first, 1 in between, 2 last (a stable sort keeps the file order within each)."""
    opening = item.get_closest_marker("knowlify_opening")
    if opening is not None:
        return 0 if will_have(str(opening.args[0])) else 2
    return 2 if item.get_closest_marker("knowlify_last") is not None else 1


def _on_edits(catalogue: Catalogue, item: pytest.Item) -> bool:
    """Whether a test is mostly on the edits bucket, judged by its requirements' areas."""
    areas = {str(catalogue.requirements[rid].area) for rid in requirement_ids(item)
             if rid in catalogue.requirements}  # fmt: skip
    return bool(areas) and areas <= FEATURE_AREAS["edits"]


def _will_have(suite_config: SuiteConfig, fixture: str) -> bool:
    """Whether the opened target will have ``fixture`` (the embedded sandbox has them all)."""
    return describe_target(suite_config.target) == "reference" or bool(
        suite_config.fixtures.get(fixture)
    )


# --- run time ---------------------------------------------------------------------------------
def _global_observations(item: pytest.Item, harness: Harness) -> list[Observation]:
    """The global invariants over every exchange of one test: one observation per oracle."""
    from .oracles import GLOBAL_ORACLES

    observations = []
    for registered in GLOBAL_ORACLES:
        judged = 0
        for exchange in harness.exchanges:
            try:
                registered(exchange)
            except NotApplicable:
                continue
            except ConformanceFailure as failure:
                observations.append(
                    Observation(
                        registered.requirement,
                        Verdict.FAIL,
                        item.nodeid,
                        str(failure),
                        exchange.as_evidence(),
                    )
                )
                break
            except Exception as exc:  # a bug in an oracle: this check's error, not a crash
                message = f"unexpected error in the {registered.requirement} check: {exc!r:.300}"
                observations.append(
                    Observation(registered.requirement, Verdict.ERROR, item.nodeid, message)
                )
                break
            judged += 1
        else:
            if judged:
                message = f"{judged} response(s) checked"
                observations.append(
                    Observation(registered.requirement, Verdict.PASS, item.nodeid, message)
                )
    return observations


def _test_observations(
    item: pytest.Item,
    report: pytest.TestReport,
    excinfo: pytest.ExceptionInfo[BaseException] | None,
    judged: list[Observation] | None = None,
) -> list[Observation]:
    """What one test found: each requirement it judged on its own (``knowlify.judge``), and
    the test's outcome for the requirements it did not judge that way."""
    judged = judged or []
    done = {o.requirement for o in judged}
    ids = [rid for rid in requirement_ids(item) if rid not in done]
    error = excinfo.value if excinfo is not None else None
    if isinstance(error, JudgedFailures):  # the body ran to its end: the rest held
        return [*judged, *(Observation(rid, Verdict.PASS, item.nodeid) for rid in ids)]
    return [*judged, *_outcome_observations(item, report, error, ids)]


def _outcome_observations(
    item: pytest.Item, report: pytest.TestReport, error: BaseException | None, ids: list[str]
) -> list[Observation]:
    if report.passed:
        return [Observation(rid, Verdict.PASS, item.nodeid) for rid in ids]
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if reason.startswith("Skipped: "):
            reason = reason.removeprefix("Skipped: ")
        verdict = Verdict.DISABLED if reason.startswith("disabled:") else Verdict.SKIP
        return [Observation(rid, verdict, item.nodeid, reason) for rid in ids]
    if isinstance(error, ConformanceFailure) and not error.requirement:
        evidence = error.exchange.as_evidence() if error.exchange is not None else None
        return [Observation(rid, Verdict.FAIL, item.nodeid, str(error), evidence) for rid in ids]
    if isinstance(error, ConformanceFailure):
        evidence = error.exchange.as_evidence() if error.exchange is not None else None
        case = getattr(error, "case", None)
        if evidence is not None and isinstance(case, dict):
            evidence["case"] = case
        failed = Observation(error.requirement, Verdict.FAIL, item.nodeid, str(error), evidence)
        # The other requirements of this test were not judged: it stopped at this failure. Say
        # so (a ``skip`` that names the cause), rather than leave them "not exercised".
        stopped = f"not judged: {item.nodeid} stopped at its {error.requirement} failure"
        others = [rid for rid in ids if rid != error.requirement]
        return [failed, *(Observation(rid, Verdict.SKIP, item.nodeid, stopped) for rid in others)]
    if isinstance(error, AssertionError):
        message = f"assertion in {item.nodeid}: {error}"
        return [Observation(rid, Verdict.FAIL, item.nodeid, message) for rid in ids]
    kind = "harness error" if isinstance(error, HarnessError) else "unexpected error"
    message = f"{kind}: {type(error).__name__}: {error}"
    return [Observation(rid, Verdict.ERROR, item.nodeid, message) for rid in ids]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test whose judged blocks recorded failures is reported failed (they did not raise)."""
    result = yield
    harness = item.stash.get(_HARNESS_KEY, None)
    if harness is not None and harness.judgements.failures:
        raise JudgedFailures(harness.judgements.failures)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.excinfo is not None and isinstance(call.excinfo.value, NotApplicable):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, call.excinfo.value.reason)
    secrets = _secrets(item.config)
    _redact_report(report, secrets)
    if not item.get_closest_marker("requirement"):
        return report
    interesting = call.when == "call" or (call.when == "setup" and not report.passed)
    if not interesting:
        return report
    harness = item.stash.get(_HARNESS_KEY, None)
    judged = harness.judgements.observations if harness is not None else []
    observations = _test_observations(item, report, call.excinfo, judged)
    label = item.get_closest_marker("knowlify_label")
    if label is not None and call.when == "setup" and report.skipped:
        verdict = max((o.verdict for o in observations), key=lambda v: v.rank, default=Verdict.SKIP)
        row = unsent_row(
            str(label.args[0]), str(label.args[1]), requirement_ids(item), verdict.value
        )
        report.user_properties.append((COVERAGE_PROPERTY, row))
    if harness is not None and call.when == "call":
        observations += _global_observations(item, harness)
    observations = [
        replace(
            o,
            message=redact_fragments(o.message, secrets),
            evidence=_redact_evidence(o.evidence, secrets),
        )
        for o in observations
    ]
    report.user_properties.append((_OBSERVATIONS, [o.as_dict() for o in observations]))
    reproduction = _hypothesis_reproduction(call.excinfo)
    if reproduction:
        report.user_properties.append((_HYPOTHESIS, redact_fragments(reproduction, secrets)))
    if harness is not None and harness.unintended_429s:
        report.user_properties.append((_UNINTENDED_429S, harness.unintended_429s))
    if harness is not None and call.when == "call":
        spent = [e for e in harness.target.spending.entries if e[0] == item.nodeid]
        if spent:
            report.user_properties.append((_SPENT, spent))
        if harness.config.dry_run:
            report.user_properties.append((_REQUESTS, _request_lines(harness)))
    return report


def _redact_evidence(evidence: Any, secrets: Mapping[str, str]) -> Any:
    """``evidence`` with what is left of a secret masked in every string: a server may echo a
    key split in pieces, which no whole-value match finds (exchanges mask whole values)."""
    if not secrets or evidence is None:
        return evidence
    if isinstance(evidence, str):
        return redact_fragments(evidence, secrets)
    if isinstance(evidence, Mapping):
        return {key: _redact_evidence(value, secrets) for key, value in evidence.items()}
    if isinstance(evidence, list | tuple):
        return [_redact_evidence(value, secrets) for value in evidence]
    return evidence


def _hypothesis_reproduction(excinfo: pytest.ExceptionInfo[BaseException] | None) -> str:
    """What Hypothesis attached to a failure: the falsifying example, ``@reproduce_failure``.

    Hypothesis adds them as notes (PEP 678) to the exception of the shrunk example it replayed.
    """
    notes = getattr(excinfo.value, "__notes__", None) if excinfo is not None else None
    text = "\n".join(str(note).strip() for note in notes or () if str(note).strip())
    markers = ("Falsifying example", "Failing test case", "reproduce_failure", "Hypothesis")
    return text if any(marker in text for marker in markers) else ""


def _print_hypothesis_blobs() -> None:
    """Have Hypothesis print ``@reproduce_failure`` for each failure, for the report to keep.

    The falsifying example alone is not enough: with Schemathesis's pytest plugin loaded,
    Hypothesis prints it with blank argument values. Only unset profiles are changed.
    """
    from hypothesis import settings

    current = settings.default
    if current is not None and not current.print_blob:
        settings.register_profile("knowlify-conformance", parent=current, print_blob=True)
        settings.load_profile("knowlify-conformance")


def _request_lines(harness: Harness) -> list[dict[str, Any]]:
    """What a dry run lists per request: no bodies, no credentials."""
    from .oracles import endpoint_of

    lines = []
    for exchange in harness.exchanges:
        endpoint = endpoint_of(exchange.method, exchange.url)
        billable = (
            endpoint is not None
            and endpoint.operation_id in ("createVideos", "createEdit")
            and 200 <= exchange.status_code < 300
        )
        lines.append(
            {
                "method": exchange.method,
                "path": urlsplit(exchange.url).path,
                "bucket": endpoint.bucket.name if endpoint is not None else None,
                "billable": billable,
            }
        )
    return lines


def _secrets(config: pytest.Config) -> dict[str, str]:
    """Every credential of this run: the config's, and the opened target's (the sandbox's)."""
    suite_config = config.stash.get(_CONFIG_KEY, None)
    found = suite_config.secrets() if suite_config is not None else {}
    target_secrets: dict[str, str] | None = config.stash.get(_TARGET_SECRETS_KEY, None)
    return {**found, **(target_secrets or {})}


def _redact_report(report: pytest.TestReport, secrets: Mapping[str, str]) -> None:
    """Mask credentials in what the terminal, junit and xdist get from this report.

    A failing test's traceback shows the arguments of every frame (shortened, or in full with
    -vvv) and, with --showlocals, its locals: a helper that takes a key as an argument prints
    it, or most of it. The rich traceback is kept unless masking changed it.
    """
    if not secrets:
        return
    if isinstance(report.longrepr, tuple):
        path, line, reason = report.longrepr
        report.longrepr = (path, line, redact_fragments(reason, secrets))
    elif report.longrepr is not None:
        text = str(report.longrepr)
        masked = redact_fragments(text, secrets)
        if masked != text:
            report.longrepr = masked
    report.sections = [(title, redact_fragments(body, secrets)) for title, body in report.sections]


class _Collector:
    """Gathers every test's observations on the controlling process and writes the results."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.observations: list[Observation] = []
        self.unintended_429s = 0
        self.spent: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.started = datetime.now(UTC)
        self.test_runs: dict[str, dict[str, Any]] = {}
        self.broken_modules: list[str] = []
        # Why the run stopped before its end (Ctrl-C, SIGTERM, an internal error), if it did.
        self.stopped: str | None = None
        self.coverage: list[dict[str, Any]] = []

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        signal_name = "SIGTERM" if isinstance(excinfo.value, Terminated) else "Ctrl-C"
        self.stopped = self.stopped or f"the run was interrupted ({signal_name})"

    def pytest_internalerror(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        error = excinfo.value
        detail = redact_fragments(" ".join(str(error).split())[:200], _secrets(self.config))
        self.stopped = self.stopped or (
            f"the run stopped on an internal error: {type(error).__name__}: {detail}"
        )

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.broken_modules.append(report.nodeid or "(collection)")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        run = self.test_runs.setdefault(report.nodeid, {"duration_seconds": 0.0})
        run["duration_seconds"] += report.duration
        for name, value in report.user_properties:
            if name == _OBSERVATIONS:
                self.observations.extend(Observation.from_dict(o) for o in cast(list[Any], value))
            elif name == _UNINTENDED_429S:
                self.unintended_429s += int(cast(int, value))
            elif name == _SPENT:
                self.spent.extend(
                    {"test": t, "what": w, "requests": n} for t, w, n in cast(list[Any], value)
                )
            elif name == _REQUESTS:
                self.requests.extend(cast(list[dict[str, Any]], value))
            elif name == _HYPOTHESIS:
                run["hypothesis"] = str(value)
            elif name == COVERAGE_PROPERTY:
                self.coverage.append(cast(dict[str, Any], value))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        dry_run = self.config.getoption("knowlify_dry_run")
        if dry_run:
            Path(dry_run).parent.mkdir(parents=True, exist_ok=True)
            Path(dry_run).write_text(json.dumps(self.requests, indent=2), encoding="utf-8")
        path = self.config.getoption("knowlify_results")
        if path:
            from .results import build_results

            if self.broken_modules:
                self.observations.extend(self._unjudged_by_collection_errors())
            if self.stopped is None and exitstatus in (
                pytest.ExitCode.INTERRUPTED,
                pytest.ExitCode.INTERNAL_ERROR,
            ):
                self.stopped = f"the run stopped early (pytest exit {int(exitstatus)})"
            if self.stopped is not None:
                self.observations.extend(self._unjudged_by_the_stop(self.stopped))
            finished = datetime.now(UTC)
            timing = {
                "started_at": self.started.isoformat(),
                "finished_at": finished.isoformat(),
                "duration_seconds": round((finished - self.started).total_seconds(), 3),
            }
            suite_config = self.config.stash[_CONFIG_KEY]
            keyword = self.config.getoption("keyword") or None
            markers = self.config.getoption("markexpr") or None
            selection = " and ".join(
                f"{flag} {value}" for flag, value in (("-k", keyword), ("-m", markers)) if value
            )
            results = build_results(
                suite_config,
                self.observations,
                timing=timing,
                test_runs=self.test_runs,
                selection=selection or None,
                allow_incomplete=bool(self.config.getoption("knowlify_allow_incomplete")),
                reproduction={
                    "target": suite_config.redacted()["target"],
                    "config": _absolute(_setting(self.config, "config")),
                    "profile": suite_config.profile,
                    "disable": self.config.getoption("knowlify_disable"),
                    "allow_spend": self.config.getoption("knowlify_allow_spend"),
                    "keyword": keyword,
                    "no_rate_limit_probes": not suite_config.rate_limit_probes,
                    "examples": self.config.getoption("knowlify_examples"),
                },
            )
            results["toggles"]["keyword"] = self.config.getoption("keyword") or None
            results["toggles"]["markers"] = self.config.getoption("markexpr") or None
            results["unintended_429s"] = self.unintended_429s
            examples, seed = hypothesis_budget(self.config)
            results["hypothesis"] = {"seed": seed, "examples": examples}
            selected = self.config.stash.get(_LABELS_KEY, None)
            results["coverage"] = completed_rows(self.coverage, selected)
            results["spent"] = self.spent
            if self.stopped is not None:
                # Whatever was judged so far stays; the run itself is an error, never a pass.
                results["interrupted"] = self.stopped
                results["verdict"] = Verdict.ERROR.value
                results["exit_code"] = exit_code(Verdict.ERROR)
            from .reports.results_json import write_atomically

            write_atomically(Path(path), json.dumps(results, indent=2))

    def _unjudged_by_the_stop(self, why: str) -> list[Observation]:
        """``error`` for every requirement the run had not judged when it stopped."""
        from .contract.catalogue import Side, load_catalogue

        judged = {o.requirement for o in self.observations}
        message = f"harness error: not judged: {why}"
        return [
            Observation(req.id, Verdict.ERROR, "interrupted", message)
            for req in load_catalogue().for_side(Side.SERVER)
            if req.id not in judged
        ]

    def _unjudged_by_collection_errors(self) -> list[Observation]:
        """A module that did not import took its checks with it: every requirement is then
        ``error`` (the suite's fault), never a quiet ``skip`` that reads as conformant."""
        from .contract.catalogue import Side, load_catalogue

        message = (
            "harness error: test modules failed to import: "
            + ", ".join(self.broken_modules[:3])
            + "; rerun with --debug"
        )
        return [
            Observation(req.id, Verdict.ERROR, "collection", message)
            for req in load_catalogue().for_side(Side.SERVER)
        ]


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def knowlify_target(pytestconfig: pytest.Config) -> Iterator[OpenTarget]:
    """The target under test, opened once per session (per xdist worker)."""
    try:
        target = open_target(pytestconfig.stash[_CONFIG_KEY])
    except HarnessError as exc:
        raise pytest.UsageError(f"knowlify: {exc}") from None
    pytestconfig.stash[_TARGET_SECRETS_KEY] = target.config.secrets()
    progress = pytestconfig.pluginmanager.get_plugin("knowlify-progress")
    if progress is not None:
        target.waits.announce = progress.announce
    yield target
    target.close()


@pytest.fixture
def knowlify(request: pytest.FixtureRequest, knowlify_target: OpenTarget) -> Harness:
    """A harness for one test; its exchanges feed the global envelope check."""
    from .harness import Harness

    knowlify_target.guard.check()  # a stopped run: this check is error, with the reason
    harness = Harness(knowlify_target, test_id=request.node.nodeid)
    request.node.stash[_HARNESS_KEY] = harness
    return harness


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None
