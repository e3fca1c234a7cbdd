"""The corpus of real-world client stacks keeps its expected verdicts, and its matrix page.

Each ``examples/clients/<name>/expected.yaml`` names how to run the client (in process or an
adapter command), the settings (strict, one drawn example per kind, seed 0: the fixed scenarios
and a few drawn answers keep the cost low) and the verdict of every client requirement; an
expected failure quotes the sentence of the contract it breaks. One test runs every client side
by side, fails on any verdict that changed, then builds the corpus' own matrix page with
``knowlify-conformance matrix`` and reads it in headless Chromium: every cell shows the
expected verdict and links evidence present on the page.

Node.js and a JDK are installed by ``.ci/run``; without them the test fails when ``CI`` is set
and skips otherwise (as the report's browser test does for Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.contract.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "clients"
CLIENTS = sorted(path.parent.name for path in CORPUS.glob("*/expected.yaml"))
CLIENT_IDS = {r.id for r in load_catalogue().for_side("client")}
RUN_TIMEOUT_SECONDS = 300


def _expected(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((CORPUS / name / "expected.yaml").read_text("utf-8"))
    return document


def _verdict(entry: Any) -> str:
    return entry if isinstance(entry, str) else str(entry["verdict"])


def _need(program: str) -> None:
    if shutil.which(program) is None:
        message = f"{program} is not installed (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _java_build(folder: Path) -> Path:
    _need("javac")
    _need("java")
    build = folder / "java-build"
    sources = sorted(str(p) for p in (CORPUS / "java-http").glob("*.java"))
    subprocess.run(["javac", "-d", str(build), *sources], check=True, timeout=120)
    return build


def _run(name: str, folder: Path) -> Path:
    expected = _expected(name)
    run = expected["run"]
    settings = ["--profile", expected["profile"], "--examples", str(expected["examples"]),
                "--seed", str(expected["seed"])]  # fmt: skip
    if "python" in run:
        how, cwd = ["--python", run["python"]], CORPUS / name
    else:
        command = str(run["adapter"])
        if command.startswith("node "):
            _need("node")
        if "{build}" in command:
            command = command.format(build=_java_build(folder))
        how, cwd = ["--adapter", command.replace("python ", f"{sys.executable} ", 1)], ROOT
    output = folder / name
    subprocess.run(
        [sys.executable, "-m", "conformance.cli", "clients", *how, *settings, "--quiet",
         "--output", str(output)],
        cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False,
    )  # fmt: skip
    (results,) = output.glob("clients-*/results.json")
    return results


def test_every_expected_failure_quotes_the_contract() -> None:
    assert CLIENTS, "no client in examples/clients"
    for name in CLIENTS:
        verdicts = _expected(name)["verdicts"]
        assert set(verdicts) == CLIENT_IDS, name
        for requirement, entry in verdicts.items():
            if _verdict(entry) == "fail":
                assert "contract §" in entry["because"], f"{name} {requirement}"


class _Cells(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], tuple[str, str]] = {}
        self.ids: set[str] = set()
        self.root: dict[str, str | None] = {}
        self._cell: dict[str, str | None] | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.root = found
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "td" and found.get("class") == "cell":
            self._cell = found
        if tag == "a" and self._cell is not None:
            key = (str(self._cell["data-client"]), str(self._cell["data-requirement"]))
            self.cells[key] = (str(self._cell["data-verdict"]), str(found["href"]))
            self._cell = None


def _browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        _need("chromium")
    return str(found)


def test_the_corpus_keeps_its_verdicts_and_its_matrix_page_shows_them(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=len(CLIENTS)) as pool:
        found = dict(zip(CLIENTS, pool.map(lambda n: _run(n, tmp_path), CLIENTS), strict=True))
    changed = []
    for name, results in found.items():
        document = json.loads(results.read_text("utf-8"))
        got = {row["id"]: row["verdict"] for row in document["requirements"]}
        wanted = {req: _verdict(entry) for req, entry in _expected(name)["verdicts"].items()}
        changed += [f"{name} {req}: {wanted[req]} -> {got[req]}" for req in wanted
                    if got.get(req) != wanted[req]]  # fmt: skip
    assert not changed, "verdicts changed:\n" + "\n".join(changed)

    page_folder = tmp_path / "matrix"
    arguments = [f"{name}={results}" for name, results in found.items()]
    done = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "matrix", *arguments, "--output",
         str(page_folder)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = page_folder / "index.html"
    _check_cells(_Cells(page.read_text("utf-8")))
    dumped = subprocess.run(
        [_browser(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
         "--disable-extensions", f"--user-data-dir={tmp_path / '.chromium'}", "--dump-dom",
         page.resolve().as_uri()],
        capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    cells = _Cells(dumped.stdout)
    assert cells.root.get("data-ready") == "true"
    _check_cells(cells)


def _check_cells(cells: _Cells) -> None:
    """Every client x requirement cell shows the expected verdict and links evidence."""
    for name in CLIENTS:
        for requirement, entry in _expected(name)["verdicts"].items():
            verdict, link = cells.cells[(name, requirement)]
            assert verdict == _verdict(entry), (name, requirement)
            assert link.lstrip("#") in cells.ids, (name, requirement, link)
