"""Bad-input coverage in the reports: a section of ``report.html`` and a line of the terminal.

A label checked without a single case sent is flagged (its verdict is ``error``): the section
says how many, so a gap in what the strategies reached is never silent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

__all__ = ["coverage_lines", "coverage_section", "labels_without_cases"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def labels_without_cases(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Labels checked (neither disabled nor skipped) that sent no case."""
    return [
        str(row["label"])
        for row in rows
        if row["sent"] == 0 and row["verdict"] not in ("disabled", "skip")
    ]


def coverage_section(rows: Sequence[Mapping[str, Any]] | None) -> str:
    """``<h2>`` and table of the ``coverage`` rows; empty when the run checked no label."""
    if not rows:
        return ""
    sent = sum(int(row["sent"]) for row in rows)
    families = len({row["family"] for row in rows})
    empty = labels_without_cases(rows)
    gaps = (
        f"{len(empty)} without cases: {', '.join(_e(label) for label in empty)}"
        if empty
        else ("0 without cases")
    )
    body = "".join(
        f'<tr class="coverage-row" data-verdict="{_e(row["verdict"])}">'
        f"<td>{_e(row['family'])}</td><td><code>{_e(row['label'])}</code></td>"
        f"<td>{_e(', '.join(row['requirements']))}</td>"
        f'<td class="n">{int(row["explicit"])}</td><td class="n">{int(row["drawn"])}</td>'
        f'<td class="n">{int(row["sent"])}</td>'
        f'<td><span class="verdict v-{_e(row["verdict"])}">{_e(row["verdict"])}</span></td></tr>'
        for row in rows
    )
    return (
        '<h2 id="coverage">Bad-input coverage</h2>'
        f'<p id="coverage-summary"><b>{len(rows)}</b> class labels of {families} families, '
        f"<b>{sent}</b> cases sent; {gaps}.</p>"
        '<details><summary>every class label</summary><table id="coverage-table">'
        "<tr><th>family</th><th>label</th><th>requirements</th><th>explicit</th>"
        "<th>drawn</th><th>sent</th><th>verdict</th></tr>"
        f"{body}</table></details>"
    )


def coverage_lines(
    rows: Sequence[Mapping[str, Any]] | None, hypothesis: Mapping[str, Any] | None
) -> list[str]:
    """The terminal's one line on bad-input coverage (none when no label was checked)."""
    if not rows:
        return []
    sent = sum(int(row["sent"]) for row in rows)
    empty = labels_without_cases(rows)
    gaps = f"{len(empty)} without cases ({', '.join(empty[:5])})" if empty else "0 without cases"
    seed = (hypothesis or {}).get("seed")
    return [f"Bad-input coverage: {len(rows)} class labels, {sent} cases sent, {gaps}; seed {seed}"]
