"""report.html: self-contained, escaped, and right in a real browser (headless Chromium).

The browser test renders the page with ``chromium --headless --dump-dom``, which prints the
DOM after the page's script ran. The filter lives in the URL fragment, so the dumped DOM shows
the filtered view: hidden rows, the shown count. Chromium is installed by ``.ci/run`` (Debian's
``chromium`` package); this test installs nothing. Without it the test fails when ``CI`` is
set and skips otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from report_helpers import results_document, run_folder
from suite_runs import Run

from conformance.reports import render_html
from conformance.verdicts import Observation, Verdict

BROWSER_TIMEOUT_SECONDS = 60
HOSTILE = (
    '<script>document.documentElement.setAttribute("data-pwned", "1")</script>'
    "<img src=x onerror=\"document.title='pwned'\"> \" ' &amp;"
)


class Page(HTMLParser):
    """The parts of a dumped DOM the tests read: rows, counts, texts by id."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.counts: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.root: dict[str, str | None] = {}
        self._count: str | None = None
        self._id: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.root = found
        if tag == "tr" and "req" in (found.get("class") or "").split():
            self.rows.append(found)
        if tag == "li" and found.get("data-count"):
            self._count = found["data-count"]
        if tag == "b" and found.get("class") == "count" and self._count:
            self._id = f"count:{self._count}"
        elif found.get("id") in ("shown-count", "total-count", "active-filter", "verdict"):
            self._id = found["id"]

    def handle_data(self, data: str) -> None:
        if self._id is not None:
            self.texts[self._id] = self.texts.get(self._id, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "span"):
            self._id = None

    def shown(self) -> list[dict[str, str | None]]:
        return [row for row in self.rows if "hidden" not in row]


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = (
            "chromium is not installed: apt-get install -y chromium (see docs/development.md); "
            ".ci/run installs it"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def render(path: Path, fragment: str = "") -> Page:
    url = path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = subprocess.run(
        [browser(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
         "--disable-extensions", "--user-data-dir=" + str(path.parent / ".chromium"),
         "--dump-dom", url],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT_SECONDS, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    page = Page(done.stdout)
    assert page.root.get("data-ready") == "true", "the page's script did not finish"
    return page


def test_the_page_shows_the_counts_of_the_run(naive_run: Run) -> None:
    results = naive_run.results
    page = render(run_folder(naive_run) / "report.html")
    tally = Counter(row["verdict"] for row in results["requirements"])
    for verdict in ("pass", "fail", "error", "skip", "disabled"):
        assert page.texts[f"count:{verdict}"] == str(tally[verdict]), verdict
    assert page.texts["verdict"] == "NOT CONFORMANT"
    assert len(page.rows) == len(results["requirements"])
    assert page.texts["shown-count"] == str(len(results["requirements"]))
    assert page.texts["active-filter"] == "none"


@pytest.mark.parametrize(
    "fragment",
    ["verdict=fail", "verdict=pass&level=MUST", "area=auth", "area=videos-validation&verdict=fail"],
)
def test_the_filter_in_the_url_hides_the_other_rows(naive_run: Run, fragment: str) -> None:
    wanted = dict(part.split("=") for part in fragment.split("&"))
    expected = [
        row["id"]
        for row in naive_run.results["requirements"]
        if all(row[key] == value for key, value in wanted.items())
    ]
    assert expected, "the fragment matches nothing: the test would prove little"
    page = render(run_folder(naive_run) / "report.html", fragment)
    assert [row["id"] for row in page.shown()] == [f"req-{rid}" for rid in expected]
    assert page.texts["shown-count"] == str(len(expected))
    assert len(page.rows) > len(expected)
    order = [key for key in ("verdict", "area", "level") if key in wanted]
    assert page.texts["active-filter"] == ", ".join(f"{k}={wanted[k]}" for k in order)


def test_hostile_server_text_is_shown_never_run(tmp_path: Path) -> None:
    evidence: dict[str, Any] = {
        "request": {
            "method": "POST",
            "url": "http://api.test/v1/videos",
            "headers": {},
            "body": HOSTILE,
        },
        "response": {"status": 400, "headers": {"x-evil": HOSTILE}, "body": HOSTILE},
        "curl": f"curl -i -X POST http://api.test/v1/videos --data-binary '{HOSTILE}'",
    }
    document = results_document(
        observations=[Observation("ENV-001", Verdict.FAIL, "t::a", HOSTILE, evidence)]
    )
    path = tmp_path / "report.html"
    path.write_text(render_html(document), encoding="utf-8")
    page = render(path)
    assert "data-pwned" not in page.root
    markup = path.read_text(encoding="utf-8")
    assert HOSTILE not in markup
    assert "&lt;script&gt;document.documentElement" in markup


def test_the_page_is_self_contained(naive_run: Run) -> None:
    markup = (run_folder(naive_run) / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", markup, re.IGNORECASE)
    assert "@import" not in markup
    assert "url(" not in markup
    assert markup.count("<script>") == 1
    assert "<details" in markup  # failures expand to their evidence
    assert "reproduce" in markup


def test_without_chromium_the_browser_test_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        browser()
