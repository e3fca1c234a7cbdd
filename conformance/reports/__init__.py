"""Report writers: a finished results document in, one file per format out.

Each writer is a pure function of the document (``render_*``) plus a ``write_*`` that puts
it in a file; nothing here runs checks or reads configuration, so ``run``, ``clients`` and
``report`` (re-rendering a saved ``results.json``) all produce the same files::

    from conformance.reports import write_reports

    paths = write_reports(results, Path("reports/run-1"))  # {"results": ..., "junit": ...}

The document is validated against ``results.schema.json`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._document import ResultsError, load_results, results_schema, validate_results
from .badge import render_badge, write_badge
from .html import render_html, write_html
from .junit import render_junit, write_junit
from .results_json import render_results_json, write_results_json

__all__ = [
    "RENDERED_FILES",
    "REPORT_FILES",
    "ResultsError",
    "load_results",
    "render_badge",
    "render_html",
    "render_junit",
    "render_results_json",
    "results_schema",
    "validate_results",
    "write_reports",
]

Writer = Callable[[Mapping[str, Any], Path], Path]

#: Format -> (file name, writer), in the order they are written.
REPORT_FILES: Mapping[str, tuple[str, Writer]] = {
    "results": ("results.json", write_results_json),
    "junit": ("junit.xml", write_junit),
    "html": ("report.html", write_html),
    "badge": ("badge.json", write_badge),
}
#: The formats rendered from a results document (all but the document itself).
RENDERED_FILES = ("junit", "html", "badge")


def write_reports(
    results: Mapping[str, Any], folder: Path, *, formats: tuple[str, ...] | None = None
) -> dict[str, Path]:
    """Write each format (all by default) into ``folder``; format name -> path written.

    Raises ``ResultsError`` if the document does not fit the schema: a suite bug, caught
    before a half-valid report is left behind.
    """
    validate_results(results)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in formats or tuple(REPORT_FILES):
        file_name, writer = REPORT_FILES[name]
        written[name] = writer(results, folder / file_name)
    return written
