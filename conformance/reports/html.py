"""``report.html``: one self-contained page a person reads: counts, matrix, evidence.

Counts per verdict at the top, a table of areas x verdicts, then one row per requirement,
filterable by verdict / area / level (see ``_html_assets``); each failure expands
(``<details>``) to its exchange and reproduction. Every text is HTML-escaped: details and
bodies come from the server under test and may be hostile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any

from ._coverage import coverage_section
from ._html_assets import SCRIPT, STYLE
from ._text import first_line, verdict_word
from .results_json import write_atomically

__all__ = ["VERDICTS", "render_html", "write_html"]

VERDICTS = ("pass", "fail", "error", "skip", "disabled")
LEVELS = ("MUST", "SHOULD", "OPTION")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def render_html(results: Mapping[str, Any]) -> str:
    rows: list[Mapping[str, Any]] = results["requirements"]
    areas = list(dict.fromkeys(row["area"] for row in rows))
    verdict = results["verdict"]
    title = f"Knowlify conformance: {verdict_word(verdict)} ({results['target']})"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Knowlify conformance, {_e(results['side'])} side: "
        f'<span class="verdict v-{_e(verdict)}" id="verdict">'
        f"{_e(verdict_word(verdict))}</span></h1>",
        f'<p class="meta">{_meta(results)}</p>',
        _counts(rows),
        _baseline(results.get("baseline")),
        _unjudged(results.get("unjudged") or []),
        "<h2>Areas</h2>",
        _area_table(rows, areas),
        "<h2>Requirements</h2>",
        _filters(areas, len(rows)),
        _matrix(rows, results.get("baseline")),
        coverage_section(results.get("coverage")),
        f"<script>{SCRIPT}</script></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def write_html(results: Mapping[str, Any], path: Path) -> Path:
    write_atomically(path, render_html(results))
    return path


def _unjudged(missing: list[Mapping[str, Any]]) -> str:
    """Why the run is INCOMPLETE: each requirement in scope left unjudged, with its cause."""
    if not missing:
        return ""
    items = "".join(
        f"<li><code>{_e(row['id'])}</code> {_e(row['level'])} <b>{_e(row['cause'])}</b>: "
        f"{_e(first_line(row['reason']))}</li>"
        for row in missing
    )
    return f'<h2>Not judged</h2><ul id="unjudged">{items}</ul>'


def _meta(results: Mapping[str, Any]) -> str:
    timing = results.get("timing") or {}
    seconds = timing.get("duration_seconds")
    items = [
        f"target <code>{_e(results['target'])}</code>",
        f"side {_e(results['side'])}",
        f"profile {_e(results['profile'])}",
        f"suite {_e(results['suite_version'])}",
        f"catalogue {_e(str(results['catalogue_digest'])[:12])}",
    ]
    if timing.get("started_at"):
        items.append(f"started {_e(timing['started_at'])}")
    if seconds is not None:
        items.append(f"{float(seconds):.1f} s")
    return " · ".join(items)


def _counts(rows: Iterable[Mapping[str, Any]]) -> str:
    tally = {verdict: 0 for verdict in VERDICTS}
    for row in rows:
        tally[row["verdict"]] += 1
    items = "".join(
        f'<li data-count="{v}"><b class="count">{n}</b> <span class="verdict v-{v}">{v}</span></li>'
        for v, n in tally.items()
    )
    return f'<ul id="counts">{items}</ul>'


def _baseline(baseline: Mapping[str, Any] | None) -> str:
    if not baseline:
        return ""
    items = []
    for key, meaning in (
        ("new", "new failures (fail the run)"),
        ("expired", "baselined, but expired (count as new)"),
        ("known", "known failures (in the baseline)"),
        ("fixed", "fixed: remove them from the baseline"),
        ("unjudged", "in the baseline, not judged by this run"),
    ):
        ids = baseline.get(key) or []
        listed = ", ".join(_e(i) for i in ids) or "none"
        items.append(f'<li id="baseline-{key}"><b>{len(ids)}</b> {meaning}: {listed}</li>')
    return f"<h2>Baseline <code>{_e(baseline['file'])}</code></h2><ul>{''.join(items)}</ul>"


def _area_table(rows: list[Mapping[str, Any]], areas: list[str]) -> str:
    head = "".join(f"<th>{v}</th>" for v in VERDICTS)
    body = []
    for area in areas:
        cells = []
        for verdict in VERDICTS:
            n = sum(1 for row in rows if row["area"] == area and row["verdict"] == verdict)
            cells.append(f'<td class="n{" zero" if not n else ""}">{n}</td>')
        body.append(f"<tr><th>{_e(area)}</th>{''.join(cells)}</tr>")
    return f'<table id="areas"><tr><th>area</th>{head}</tr>{"".join(body)}</table>'


def _select(key: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return (
        f'<label>{key}<select id="filter-{key}"><option value="">all</option>{options}'
        "</select></label>"
    )


def _filters(areas: list[str], total: int) -> str:
    return (
        '<form id="filters" onsubmit="return false">'
        f"{_select('verdict', VERDICTS)}{_select('area', areas)}{_select('level', LEVELS)}"
        f'<p>Showing <b id="shown-count">{total}</b> of <b id="total-count">{total}</b> '
        '(filter: <span id="active-filter">none</span>)</p></form>'
    )


def _matrix(rows: Iterable[Mapping[str, Any]], baseline: Mapping[str, Any] | None) -> str:
    known = set((baseline or {}).get("known", []))
    new = set((baseline or {}).get("new", [])) | set((baseline or {}).get("expired", []))
    body = []
    for row in rows:
        rid, verdict = row["id"], row["verdict"]
        tag = ""
        if baseline and verdict == "fail":
            label = "known (baseline)" if rid in known else "new" if rid in new else ""
            tag = f' <span class="tag">{label}</span>' if label else ""
        body.append(
            f'<tr class="req" id="req-{_e(rid)}" data-verdict="{_e(verdict)}" '
            f'data-area="{_e(row["area"])}" data-level="{_e(row["level"])}">'
            f"<td><code>{_e(rid)}</code></td><td>{_e(row['level'])}</td>"
            f"<td>{_e(row['area'])}</td>"
            f'<td><span class="verdict v-{_e(verdict)}">{_e(verdict)}</span>{tag}</td>'
            f'<td>{_e(row["summary"])}<div class="reason">{_e(first_line(row["reason"]))}</div>'
            f"{_evidence(row)}</td></tr>"
        )
    head = "<tr><th>ID</th><th>level</th><th>area</th><th>verdict</th><th>requirement</th></tr>"
    return f'<table id="matrix"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def _evidence(row: Mapping[str, Any]) -> str:
    failures = row.get("failures") or []
    if not failures:
        return ""
    total = row.get("failure_count", len(failures))
    shown = f"{len(failures)} of {total}" if total > len(failures) else str(len(failures))
    blocks = "".join(_failure(failure) for failure in failures)
    return f'<details class="evidence"><summary>evidence ({shown})</summary>{blocks}</details>'


def _failure(failure: Mapping[str, Any]) -> str:
    parts = [
        f"<p><b>{_e(failure['verdict'])}</b> in <code>{_e(failure['test'])}</code></p>",
        f"<pre>{_e(failure.get('message') or '')}</pre>",
    ]
    evidence = failure.get("evidence") or {}
    request, response = evidence.get("request"), evidence.get("response")
    if request:
        headers = "".join(f"\n{k}: {v}" for k, v in (request.get("headers") or {}).items())
        body = request.get("body") or ""
        text = f"{request['method']} {request['url']}{headers}" + (f"\n\n{body}" if body else "")
        parts.append(f"<p>request</p><pre>{_e(text)}</pre>")
    if response:
        headers = "".join(f"\n{k}: {v}" for k, v in (response.get("headers") or {}).items())
        text = f"{response['status']}{headers}\n\n{response.get('body') or ''}"
        parts.append(f"<p>response</p><pre>{_e(text)}</pre>")
    answers = evidence.get("answers")
    if answers:  # drawn answers: the minimal failing sequence, step by step
        lines = []
        for step in answers.get("steps") or ():
            lines.append(f"{step.get('operation')} {json.dumps(step.get('arguments'))}")
            for answer in step.get("answers") or ():
                head = "".join(f"\n  {k}: {v}" for k, v in (answer.get("headers") or {}).items())
                lines.append(f"-> {answer.get('status')}{head}\n  {answer.get('body') or ''}")
        parts.append(
            f'<p>minimal failing answers</p><pre class="answers">{_e(chr(10).join(lines))}</pre>'
        )
    reproduction = failure.get("reproduction") or {}
    for key, label in (("curl", "reproduce"), ("hypothesis", "Hypothesis"), ("rerun", "rerun")):
        value = reproduction.get(key) or (evidence.get("curl") if key == "curl" else None)
        if value:
            parts.append(f'<p>{label}</p><pre class="{key}">{_e(value)}</pre>')
    return '<div class="failure">' + "".join(parts) + "</div>"
