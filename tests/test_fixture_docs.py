"""Every fixture a check reads is explained; nothing no check reads is asked for.

``fixtures.yaml`` says what each fixture is and how to make it; ``fixture_usage.json`` is
recorded from the checks. ``init``, ``serve --write-config`` and docs/configuration.md come
from both.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
import yaml

import conformance.server
from conformance.cli import main
from conformance.config import load_config
from conformance.fixture_docs import (
    described_fixtures,
    fixture_docs,
    template_text,
    update_document,
)
from conformance.fixture_usage import load_usage, record, render
from conformance.reference import create_app

REPO = Path(__file__).resolve().parents[1]
#: Reported unused (issue 15) and verified so by the recording: no check reads them.
UNUSED = (
    "keys.departed_org_member",
    "sessions.member",
    "image_urls.bad_length",
    "image_urls.not_found",
    "image_urls.no_location",
)


def literals_in_checks() -> set[str]:
    """Every string constant of the server checks' sources (fixture names spelt out)."""
    found: set[str] = set()
    for path in Path(conformance.server.__path__[0]).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def leaves(node: object, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        return {name for key, value in node.items() for name in leaves(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}


def test_every_fixture_read_is_described_and_every_described_one_is_read() -> None:
    described, recorded = set(described_fixtures()), set(load_usage())
    assert recorded <= described, f"read but not described: {sorted(recorded - described)}"
    unread = described - recorded - literals_in_checks()
    assert not unread, f"described but read by no check: {sorted(unread)}"
    assert not set(UNUSED) & described


def test_serve_writes_exactly_the_described_fixtures() -> None:
    sandbox = create_app().state.fixtures
    written = leaves(sandbox.as_config())
    assert written == set(described_fixtures())
    # What the filter drops is only what no check reads: a fixture the sandbox gains must be
    # described in fixtures.yaml, or it would silently never reach a config.
    seeded = leaves(dataclasses.asdict(sandbox))  # image URLs are added by as_config itself
    assert seeded - written == {n for n in UNUSED if not n.startswith("image_urls.")} | {"seed"}


def test_the_template_is_a_valid_config_with_every_fixture_empty(tmp_path: Path) -> None:
    path = tmp_path / "knowlify.yaml"
    path.write_text(template_text(), encoding="utf-8")
    config = load_config(path, environ={})
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert leaves(document["fixtures"]) == set(described_fixtures())
    assert all(config.fixtures.get(name) is None for name in described_fixtures())
    assert not set(UNUSED) & leaves(document["fixtures"])


def test_each_fixture_says_what_needs_it() -> None:
    text, usage = template_text(), load_usage()
    for doc in fixture_docs():
        assert doc.requirements == tuple(usage.get(doc.name, ())), doc.name
        assert f"#   needed by {doc.needed_by}\n" in text, doc.name
    assert "needed by 2 requirement(s): AUTH-006, PREC-001" in text  # keys.revoked


def test_init_writes_refuses_to_overwrite_and_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "k.yaml"
    assert main(["init", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == template_text()
    capsys.readouterr()
    assert main(["init", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "exists" in err[0]
    assert "--force" in err[0]
    assert main(["init", "-"]) == 0
    assert capsys.readouterr().out == template_text()


def test_the_configuration_reference_is_fresh() -> None:
    doc = REPO / "docs" / "configuration.md"
    text = doc.read_text(encoding="utf-8")
    assert update_document(text) == text, (
        "docs/configuration.md is stale: python -m conformance.fixture_docs --write "
        "docs/configuration.md"
    )


@pytest.mark.slow
def test_the_recorded_usage_is_fresh() -> None:
    """Records again (one strict run against the reference) and compares."""
    committed = (REPO / "conformance" / "fixture_usage.json").read_text(encoding="utf-8")
    assert render(record()) == committed, "python -m conformance.fixture_usage --write"
