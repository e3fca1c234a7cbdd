"""``explain ID``: one requirement from the catalogue; an unknown ID names the closest ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clitools import Invoke

from conformance.contract.catalogue import load_catalogue

FIELDS = ("id", "side", "level", "area", "confidence", "summary", "source", "read", "check")


def _fields(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.rstrip("\n").splitlines():
        name, _, value = line.partition(":")
        found[name] = value.strip()
    return found


def test_explain_prints_every_field_of_the_requirement(cli: Invoke) -> None:
    requirement = load_catalogue().get("ENV-001")
    outcome = cli("explain", "ENV-001")
    assert (outcome.code, outcome.err) == (0, ""), outcome.describe()
    assert list(_fields(outcome.out)) == list(FIELDS)
    assert _fields(outcome.out) == {
        "id": requirement.id,
        "side": requirement.side.value,
        "level": requirement.level.value,
        "area": requirement.area.value,
        "confidence": requirement.confidence.value,
        "summary": requirement.summary,
        "source": requirement.source,
        "read": _fields(outcome.out)["read"],
        "check": requirement.check,
    }
    page = Path(_fields(outcome.out)["read"])
    assert page.name == "contract.md"
    assert page.is_file()
    assert "## 4. Errors" in page.read_text(encoding="utf-8")


def test_explain_names_every_page_the_source_cites(cli: Invoke) -> None:
    outcome = cli("explain", "PREC-001")
    assert outcome.code == 0, outcome.describe()
    pages = re.findall(r"^read: +(\S+)$", outcome.out, re.MULTILINE)
    assert [Path(page).name for page in pages] == ["contract.md", "decisions.md"]
    assert all(Path(page).is_file() for page in pages)


def test_explain_list_names_every_requirement(cli: Invoke) -> None:
    outcome = cli("explain", "--list")
    assert outcome.code == 0, outcome.describe()
    assert [line.split()[0] for line in outcome.out.splitlines()] == list(
        load_catalogue().requirements
    )


def test_explain_without_an_id_says_how_to_list_them(cli: Invoke) -> None:
    outcome = cli("explain")
    assert outcome.code == 2
    assert len(outcome.err_lines) == 1
    assert "explain --list" in outcome.err_lines[0]


def test_explain_accepts_lower_case_and_several_ids(cli: Invoke) -> None:
    outcome = cli("explain", "env-001", "rev-012")
    assert outcome.code == 0, outcome.describe()
    blocks = outcome.out.strip().split("\n\n")
    assert [_fields(block)["id"] for block in blocks] == ["ENV-001", "REV-012"]


def test_every_catalogue_id_can_be_explained(cli: Invoke) -> None:
    ids = list(load_catalogue().requirements)
    outcome = cli("explain", *ids)
    assert outcome.code == 0, outcome.describe()
    assert re.findall(r"^id: +(\S+)$", outcome.out, re.MULTILINE) == ids


@pytest.mark.parametrize(
    ("wanted", "closest"),
    [("ENV-01", "ENV-001"), ("REV-0012", "REV-012"), ("VID-VAL-1", "VID-VAL-")],
)
def test_an_unknown_id_names_the_closest_ones(cli: Invoke, wanted: str, closest: str) -> None:
    outcome = cli("explain", wanted)
    assert outcome.code == 2, outcome.describe()
    assert len(outcome.err_lines) == 1, outcome.describe()
    line = outcome.err_lines[0]
    assert f"unknown requirement ID '{wanted}'" in line
    assert closest in line.split(wanted, 1)[1]
    assert outcome.out == ""


def test_an_id_unlike_any_still_gets_suggestions(cli: Invoke) -> None:
    outcome = cli("explain", "NOPE-999")
    assert outcome.code == 2
    hint = outcome.err_lines[0].split("'NOPE-999'", 1)[1]
    suggested = re.findall(r"[A-Z]+(?:-[A-Z]+)?-\d{3}", hint)
    assert len(suggested) == 3
    assert set(suggested) <= set(load_catalogue().requirements)
