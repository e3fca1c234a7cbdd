"""The SDK conformance matrix: many client-side results documents on one self-contained page.

Clients down, client requirements across, one verdict per cell; each cell links the evidence
of that client on that rule further down the page (the reason, each failure's message and the
command that reruns it); each client gets a badge (its passed share and run verdict). Nothing
is fetched: styles and the small script that marks the page ready are inline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

__all__ = ["MatrixInput", "MatrixInputError", "load_matrix_input", "render_matrix", "write_matrix"]

_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "error": "#6a1b9a", "skip": "#9e9e9e",
            "disabled": "#cfd8dc"}  # fmt: skip
_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ddd;padding:.25rem .4rem}
th.req{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;white-space:nowrap}
td.cell a{color:#fff;text-decoration:none;display:block;text-align:center;font-size:12px}
.badge{display:inline-block;border-radius:3px;color:#fff;padding:0 .4rem;font-size:12px}
section.client{margin-top:1.5rem}pre{white-space:pre-wrap;background:#f6f6f6;padding:.4rem}
"""
_SCRIPT = "document.documentElement.setAttribute('data-ready','true');"


class MatrixInputError(ValueError):
    """A results file the matrix cannot use; the message names it and what to do."""


@dataclass(frozen=True, slots=True)
class MatrixInput:
    """One client's results document and the name it is shown under."""

    name: str
    results: Mapping[str, Any]


def load_matrix_input(argument: str) -> MatrixInput:
    """``RESULTS.json`` or ``NAME=RESULTS.json``: a client-side results document."""
    name, _, path_text = argument.rpartition("=") if "=" in argument else ("", "", argument)
    path = Path(path_text)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MatrixInputError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except ValueError:
        raise MatrixInputError(
            f"{path}: not JSON; give the results.json of a clients run"
        ) from None
    if not isinstance(document, dict) or "requirements" not in document:
        raise MatrixInputError(f"{path}: not a results document (no requirements)")
    if document.get("side") != "client":
        raise MatrixInputError(
            f"{path}: a {document.get('side')}-side run; the matrix compares client runs "
            "(knowlify-conformance clients ...)"
        )
    return MatrixInput(name or str(document.get("target") or path.parent.name), document)


def _badge(results: Mapping[str, Any]) -> str:
    rows = results["requirements"]
    judged = [row for row in rows if row["verdict"] != "disabled"]
    passed = sum(1 for row in judged if row["verdict"] == "pass")
    verdict = str(results.get("verdict", "skip"))
    colour = _COLOURS.get(verdict, "#9e9e9e")
    return (
        f'<span class="badge" data-verdict="{escape(verdict)}" style="background:{colour}">'
        f"{passed}/{len(judged)} pass · {escape(verdict)}</span>"
    )


def _evidence(index: int, client: MatrixInput) -> str:
    parts = [f'<section class="client" id="client-{index}"><h2>{escape(client.name)} '
             f"{_badge(client.results)}</h2>"]  # fmt: skip
    for row in client.results["requirements"]:
        lines = [f"{row['verdict']}: {row.get('reason') or ''}"]
        for failure in row.get("failures") or ():
            lines.append(f"- {failure.get('message') or ''}")
            rerun = (failure.get("reproduction") or {}).get("rerun")
            if rerun:
                lines.append(f"  rerun: {rerun}")
        parts.append(
            f'<div class="evidence" id="ev-{index}-{escape(row["id"])}"><h3>{escape(row["id"])}'
            f"</h3><pre>{escape(chr(10).join(lines))}</pre></div>"
        )
    return "".join(parts) + "</section>"


def render_matrix(clients: Sequence[MatrixInput]) -> str:
    """The page, as one string."""
    requirements: list[str] = []
    for client in clients:
        for row in client.results["requirements"]:
            if row["id"] not in requirements:
                requirements.append(row["id"])
    head = "".join(f'<th class="req">{escape(req)}</th>' for req in requirements)
    body = []
    for index, client in enumerate(clients):
        verdicts = {row["id"]: row["verdict"] for row in client.results["requirements"]}
        cells = []
        for req in requirements:
            verdict = verdicts.get(req, "skip")
            cells.append(
                f'<td class="cell" data-client="{escape(client.name)}" data-requirement='
                f'"{escape(req)}" data-verdict="{escape(verdict)}" style="background:'
                f'{_COLOURS.get(verdict, "#9e9e9e")}"><a href="#ev-{index}-{escape(req)}" '
                f'title="{escape(req)}: {escape(verdict)}">{escape(verdict)}</a></td>'
            )
        body.append(
            f'<tr class="client" data-client="{escape(client.name)}"><th><a href="#client-'
            f'{index}">{escape(client.name)}</a><br>{_badge(client.results)}</th>'
            f"{''.join(cells)}</tr>"
        )
    evidence = "".join(_evidence(index, client) for index, client in enumerate(clients))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Knowlify SDK conformance matrix</title>"
        f"<style>{_STYLE}</style></head><body><h1>Knowlify SDK conformance matrix</h1>"
        f"<p>{len(clients)} client(s), {len(requirements)} client requirements. A cell links "
        "its evidence below.</p>"
        f'<table id="matrix"><thead><tr><th>client</th>{head}</tr></thead><tbody>'
        f"{''.join(body)}</tbody></table>{evidence}<script>{_SCRIPT}</script></body></html>"
    )


def write_matrix(clients: Sequence[MatrixInput], folder: Path) -> Path:
    """Write ``index.html`` (the page) and ``matrix.json`` (the verdicts) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(render_matrix(clients), encoding="utf-8")
    table = {
        client.name: {row["id"]: row["verdict"] for row in client.results["requirements"]}
        for client in clients
    }
    (folder / "matrix.json").write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    return page
