"""Everything the project cites exists in the repository or in the installed package.

A reader of the README or docs/, a user of ``explain``, or a user who installed the wheel must
never be sent to a file that is not there: a folder beside the clone, a design note that is not
committed, or ``docs/*.md`` from a message printed by an installed suite (a wheel has no docs/).
"""

from __future__ import annotations

import ast
import re
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from conformance.cli.explain import PAGES, cited_pages
from conformance.contract.catalogue import load_catalogue

REPO = Path(__file__).resolve().parents[1]

#: Names of files that are not part of the project and must never be cited.
FOREIGN = re.compile(r"(?<![\w-])(?:shared/|knowlify-api\.md|DESIGN\.md|STYLE\.md)")
#: A Markdown link target, or a back-quoted token that looks like a path inside the repository.
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
TOP = r"(?:conformance|strategies|docs|tests|reports|examples|benchmarks|\.ci|\.github)"
TICKED = re.compile(
    rf"`((?:{TOP})/[\w./-]*|README\.md|LICENSE|action\.yml|pyproject\.toml|tox\.ini)`"
)
#: Modules whose job is to write docs/ in a checkout: their ``docs/`` paths are for developers.
DOC_GENERATORS = {"conformance/contract/traceability.py", "strategies/_docgen.py"}


def tracked_files() -> list[Path]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [REPO / name for name in listing.splitlines() if (REPO / name).is_file()]


def text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def test_nothing_cites_files_outside_the_project() -> None:
    offenders = []
    for path in tracked_files():
        if path == Path(__file__).resolve():
            continue
        text = text_of(path)
        for number, line in enumerate((text or "").splitlines(), start=1):
            if FOREIGN.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:90]}")
    assert not offenders, "\n".join(offenders)


def doc_pages() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_paths_cited_by_the_docs_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    missing = []
    for target in LINK.findall(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (page.parent / target).exists():
            missing.append(f"link {target}")
    for cited in TICKED.findall(text):
        if any(mark in cited for mark in "*<{"):
            continue  # a pattern such as reports/run-*/junit.xml, not one file
        if not (REPO / cited.rstrip("/")).exists():
            missing.append(f"path {cited}")
    assert not missing, f"{page.relative_to(REPO)} cites what does not exist: {missing}"


def test_catalogue_sources_cite_shipped_pages() -> None:
    catalogue = load_catalogue()
    folder = resources.files("conformance.contract")
    for page in PAGES:
        assert folder.joinpath(page).is_file(), page
    for entry in [*catalogue, *catalogue.untestable]:
        cited = re.findall(r"\b([\w-]+\.md)\b", entry.source)
        assert cited, entry.id
        assert set(cited) <= set(PAGES), (entry.id, cited)
        for where in cited_pages(entry.source):
            assert Path(where).is_file(), (entry.id, where)


def string_constants(tree: ast.AST) -> list[str]:
    """The string literals of a module, docstrings left out (they are read in a checkout)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_messages_of_the_package_cite_nothing_a_wheel_lacks() -> None:
    offenders = []
    for package in ("conformance", "strategies"):
        for path in sorted((REPO / package).rglob("*.py")):
            name = str(path.relative_to(REPO))
            if name in DOC_GENERATORS:
                continue
            for text in string_constants(ast.parse(path.read_text(encoding="utf-8"))):
                if re.search(r"(?<![\w/])docs/", text):
                    offenders.append(f"{name}: {text[:80]!r}")
    assert not offenders, "messages send an installed user to docs/: " + "; ".join(offenders)


def test_the_foreign_pattern_catches_what_it_should() -> None:
    assert FOREIGN.search("see ../shared/knowlify-api.md")
    assert FOREIGN.search("(DESIGN.md, decisions)")
    assert FOREIGN.search("`shared/` beside the clone")
    assert not FOREIGN.search("a key shared by two clients")
    assert not FOREIGN.search("contract.md §4.1")
