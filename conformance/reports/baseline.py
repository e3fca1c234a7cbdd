"""Baselines: known failures keyed by requirement ID, so that a run becomes a diff.

A baseline file (YAML, or JSON when it ends ``.json``)::

    known_failures:
      ENV-003:
        reason: our validation details span several lines; fix planned for 2.4
        expires: 2026-12-31        # optional: the last day the entry covers the failure
      VID-PARK-006: "parked jobs say 'queued'"   # a bare string is the reason

Against a run: a failing requirement not listed is **new** (the run fails, exit 1); a listed
one still failing is **known** (exit 0 if nothing is new), unless its entry has **expired**
(counted as new); a listed one that now passes is **fixed** (remove it); one the run did not
judge is **unjudged**. Errors are never baselined: a harness error stays exit 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..documents import DocumentError, parse, read_text
from ..verdicts import EXIT_INCOMPLETE
from ._text import first_line

__all__ = ["Baseline", "BaselineError", "Entry", "compare", "load_baseline", "updated"]

_HEADER = (
    "# Known failures of knowlify-conformance, keyed by requirement ID (README: Baselines).\n"
    "# Each needs a reason; 'expires: YYYY-MM-DD' is the last day an entry covers a failure.\n"
)


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message is one line naming the fix."""


@dataclass(frozen=True, slots=True)
class Entry:
    reason: str
    expires: dt.date | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass(frozen=True, slots=True)
class Baseline:
    path: Path
    entries: Mapping[str, Entry]

    def write(self) -> None:
        """Write the file (JSON if it ends ``.json``, else YAML), IDs in order."""
        ordered = dict(sorted(self.entries.items()))
        as_json = self.path.suffix.lower() == ".json"
        document: dict[str, dict[str, Any]] = {}
        for rid, entry in ordered.items():
            document[rid] = {"reason": entry.reason}
            if entry.expires is not None:
                document[rid]["expires"] = entry.expires.isoformat() if as_json else entry.expires
        if as_json:
            text = json.dumps({"known_failures": document}, indent=2) + "\n"
        else:
            body = yaml.safe_dump(
                {"known_failures": document}, sort_keys=False, allow_unicode=True, width=100
            )
            text = _HEADER + body
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BaselineError(
                f"cannot write the baseline file {self.path}: {exc.strerror or exc}"
            ) from None


def load_baseline(path: Path, *, known_ids: Collection[str], missing_ok: bool = False) -> Baseline:
    """Read and check a baseline; ``missing_ok`` gives an empty one for a file not yet written."""
    try:
        text = read_text(path)
    except DocumentError as exc:
        raise BaselineError(f"baseline file {exc}") from None
    except FileNotFoundError:
        if missing_ok:
            return Baseline(path, {})
        raise BaselineError(
            f"baseline file {path} not found; create it with --update-baseline"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read the baseline file {path}: {exc}") from None
    document = _parse(path, text)
    if document is None and missing_ok:
        return Baseline(path, {})
    if not isinstance(document, Mapping) or not isinstance(
        document.get("known_failures", {}), Mapping | None
    ):
        raise BaselineError(
            f"baseline file {path}: expected 'known_failures:' mapping requirement IDs to a "
            "reason (and an optional expires date)"
        )
    unknown_keys = set(document) - {"known_failures", "version"}
    if unknown_keys:
        raise BaselineError(
            f"baseline file {path}: unknown key(s) {', '.join(sorted(map(str, unknown_keys)))}; "
            "only 'known_failures' is read"
        )
    entries = {
        str(rid): _entry(path, str(rid), value, known_ids)
        for rid, value in (document.get("known_failures") or {}).items()
    }
    return Baseline(path, entries)


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return parse(text, "JSON")
        except DocumentError as exc:
            raise BaselineError(f"baseline file {path} cannot be used: {exc}") from None
        except ValueError as exc:
            raise BaselineError(f"baseline file {path} is not valid JSON ({exc})") from None
    try:
        return parse(text, "YAML")
    except DocumentError as exc:
        raise BaselineError(f"baseline file {path} cannot be used: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "unreadable"
        raise BaselineError(f"baseline file {path} is not valid YAML{where}: {problem}") from None


def _entry(path: Path, rid: str, value: Any, known_ids: Collection[str]) -> Entry:
    if rid not in known_ids:
        close = difflib.get_close_matches(rid, list(known_ids), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise BaselineError(f"baseline file {path}: unknown requirement ID {rid!r}{hint}")
    if isinstance(value, str):
        value = {"reason": value}
    if not isinstance(value, Mapping):
        raise BaselineError(f"baseline file {path}: {rid} needs a 'reason' (text)")
    extra = set(value) - {"reason", "expires"}
    if extra:
        raise BaselineError(
            f"baseline file {path}: {rid} has unknown key(s) {', '.join(sorted(map(str, extra)))}; "
            "an entry has 'reason' and optional 'expires'"
        )
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise BaselineError(f"baseline file {path}: {rid} needs a non-empty 'reason' (text)")
    return Entry(reason.strip(), _date(path, rid, value.get("expires")))


def _date(path: Path, rid: str, value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BaselineError(
        f"baseline file {path}: {rid} expires {value!r}, which is not a date (YYYY-MM-DD)"
    )


def compare(results: Mapping[str, Any], baseline: Baseline, *, today: dt.date) -> dict[str, Any]:
    """The ``baseline`` section of the results document, with the exit code it gives."""
    verdicts = {row["id"]: row["verdict"] for row in results["requirements"]}
    failing = [rid for rid, verdict in verdicts.items() if verdict == "fail"]
    entries = baseline.entries
    new = [rid for rid in failing if rid not in entries]
    expired = [rid for rid in failing if rid in entries and entries[rid].expired(today)]
    known = [rid for rid in failing if rid in entries and not entries[rid].expired(today)]
    fixed = [rid for rid in entries if verdicts.get(rid) == "pass"]
    unjudged = [rid for rid in entries if verdicts.get(rid) not in ("pass", "fail")]
    # Unjudged requirements the baseline names are waived (a reasoned entry); the others keep
    # an incomplete run incomplete (exit 3, unless it was allowed).
    allowed = bool((results.get("toggles") or {}).get("allow_incomplete"))
    waived_all = all(row["id"] in entries for row in results.get("unjudged") or [])
    incomplete = not (waived_all or allowed)
    code = (
        2
        if int(results["exit_code"]) == 2
        else 1
        if new or expired
        else EXIT_INCOMPLETE
        if incomplete
        else 0
    )
    return {
        "file": str(baseline.path),
        "new": new,
        "known": known,
        "fixed": sorted(fixed),
        "expired": expired,
        "unjudged": sorted(unjudged),
        "reasons": {rid: entries[rid].reason for rid in known + expired},
        "exit_code": code,
    }


def updated(baseline: Baseline, results: Mapping[str, Any], *, today: dt.date) -> Baseline:
    """The baseline rewritten from this run: current failures (existing entries kept as they
    are, expiry included), fixed ones dropped, entries this run did not judge kept."""
    rows = {row["id"]: row for row in results["requirements"]}
    entries: dict[str, Entry] = {}
    for rid, entry in baseline.entries.items():
        if rows.get(rid, {}).get("verdict") not in ("pass", "fail"):
            entries[rid] = entry
    for rid, row in rows.items():
        if row["verdict"] == "fail":
            reason = f"accepted on {today.isoformat()}: {first_line(row['reason'])[:200]}"
            entries[rid] = baseline.entries.get(rid) or Entry(reason)
    return Baseline(baseline.path, entries)
