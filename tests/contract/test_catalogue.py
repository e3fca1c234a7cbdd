"""The requirement catalogue loads, keeps its rules, covers the contract; its doc is fresh."""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from conformance.contract import catalogue as catalogue_module
from conformance.contract.catalogue import (
    AREAS,
    PREFIX_AREAS,
    Area,
    Catalogue,
    CatalogueError,
    Confidence,
    Level,
    Side,
    load_catalogue,
    parse_catalogue,
)
from conformance.contract.traceability import main, render_traceability

REPO_ROOT = Path(__file__).resolve().parents[2]
TRACEABILITY_DOC = REPO_ROOT / "docs" / "traceability.md"

ID_PATTERN = re.compile(r"^[A-Z]+(-[A-Z]+)?-\d{3}$")
ID_REFERENCE = re.compile(r"\b(?:[A-Z]+-)?[A-Z]+-\d{3}\b")
HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? +(.+?)\s*$")
CONTRACT_SECTIONS = re.compile(r"^[1-6](?:\.\d+)?$")

# Restated here on purpose rather than imported: the test pins the rule of contract.md.
LEVELS_FOR_CONFIDENCE = {
    Confidence.DOC: {Level.MUST},
    Confidence.DOC_OLD: {Level.SHOULD},
    Confidence.INFERRED: {Level.SHOULD},
    Confidence.THIRD_PARTY: {Level.SHOULD, Level.OPTION},
    Confidence.UNDOCUMENTED: {Level.OPTION},
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def raw_catalogue() -> dict[str, object]:
    text = resources.files("conformance.contract").joinpath("catalogue.yaml").read_text("utf-8")
    document = yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


# --- loading -------------------------------------------------------------------------------------


def test_catalogue_loads_and_is_cached(catalogue: Catalogue) -> None:
    assert len(catalogue) > 0
    assert catalogue.untestable
    assert load_catalogue() is catalogue


def test_digest_is_the_sha256_of_the_packaged_file(catalogue: Catalogue) -> None:
    data = resources.files("conformance.contract").joinpath("catalogue.yaml").read_bytes()
    assert catalogue.digest == hashlib.sha256(data).hexdigest()
    assert catalogue.short_digest == catalogue.digest[:12]


def test_requirements_keep_file_order(catalogue: Catalogue) -> None:
    entries = raw_catalogue()["requirements"]
    assert isinstance(entries, list)
    assert list(catalogue.requirements) == [entry["id"] for entry in entries]


# --- the catalogue's own rules -------------------------------------------------------------------


def test_ids_are_unique_and_well_formed() -> None:
    document = raw_catalogue()
    requirements = document["requirements"]
    untestable = document["untestable"]
    assert isinstance(requirements, list)
    assert isinstance(untestable, list)
    ids = [entry["id"] for entry in requirements] + [entry["id"] for entry in untestable]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate IDs: {duplicates}"
    malformed = [entry["id"] for entry in requirements if not ID_PATTERN.match(entry["id"])]
    assert not malformed, f"IDs not matching {ID_PATTERN.pattern}: {malformed}"


def test_every_level_follows_its_confidence(catalogue: Catalogue) -> None:
    wrong = []
    for requirement in catalogue:
        allowed = set(LEVELS_FOR_CONFIDENCE[requirement.confidence])
        decided = "decisions.md" in requirement.source
        if requirement.confidence is Confidence.UNDOCUMENTED and decided:
            allowed.add(Level.SHOULD)  # a decisions.md entry may raise a guess to SHOULD
        if requirement.level not in allowed:
            wrong.append(f"{requirement.id}: {requirement.level} from {requirement.confidence}")
    assert not wrong, wrong


def test_no_guess_is_a_must(catalogue: Catalogue) -> None:
    guesses = [r.id for r in catalogue if r.level is Level.MUST and r.confidence != "doc"]
    assert not guesses


def test_every_area_is_known_and_matches_prefix_and_side(catalogue: Catalogue) -> None:
    for requirement in catalogue:
        assert requirement.area in AREAS[requirement.side], requirement.id
        prefix = requirement.id.rsplit("-", 1)[0]
        assert PREFIX_AREAS[prefix] is requirement.area, requirement.id


def test_every_area_has_requirements(catalogue: Catalogue) -> None:
    for side in Side:
        assert catalogue.areas(side) == AREAS[side]
    assert set(Area) == {area for areas in AREAS.values() for area in areas}


def test_text_fields_are_single_lines(catalogue: Catalogue) -> None:
    for requirement in catalogue:
        for text in (requirement.summary, requirement.source, requirement.check):
            assert text, requirement.id
            assert "\n" not in text, requirement.id
        assert requirement.source.startswith("contract.md §"), requirement.id
    for fact in catalogue.untestable:
        assert fact.reason, fact.id
        assert fact.fact, fact.id
        assert fact.source.startswith("contract.md §"), fact.id


def test_ids_named_in_text_exist(catalogue: Catalogue) -> None:
    known = set(catalogue.requirements) | {fact.id for fact in catalogue.untestable}
    texts = [(r.id, f"{r.summary} {r.check}") for r in catalogue]
    texts += [(f.id, f"{f.fact} {f.reason}") for f in catalogue.untestable]
    dangling = [
        f"{owner} names {ref}"
        for owner, text in texts
        for ref in ID_REFERENCE.findall(text)
        if ref not in known
    ]
    assert not dangling, dangling


# --- coverage of the contract page --------------------------------------------------------------


def covered(number: str, catalogue: Catalogue) -> bool:
    cited = {n for r in catalogue for n in r.sections}
    cited |= {n for fact in catalogue.untestable for n in fact.sections}
    return any(n == number or n.startswith(f"{number}.") for n in cited)


def test_every_contract_section_is_cited(catalogue: Catalogue) -> None:
    numbers = [n for n in catalogue.sections if CONTRACT_SECTIONS.match(n)]
    assert "6.4" in numbers
    uncited = [n for n in numbers if not covered(n, catalogue)]
    assert not uncited, f"sections cited by no requirement or untestable fact: {uncited}"


def page_text(name: str) -> str:
    return resources.files("conformance.contract").joinpath(name).read_text(encoding="utf-8")


def contract_headings() -> dict[str, str]:
    """The numbered headings of the contract page the package ships (``contract.md``)."""
    headings = {}
    for line in page_text("contract.md").splitlines():
        match = HEADING.match(line)
        if match:
            headings[match[1]] = match[2]
    return headings


def test_sections_match_the_contract_page(catalogue: Catalogue) -> None:
    assert catalogue.sections == contract_headings()
    assert [n for n in contract_headings() if "." not in n] == [str(n) for n in range(1, 10)]


def test_every_contract_page_section_is_cited(catalogue: Catalogue) -> None:
    numbers = [n for n in contract_headings() if CONTRACT_SECTIONS.match(n)]
    uncited = [n for n in numbers if not covered(n, catalogue)]
    assert not uncited, f"contract.md sections with no requirement or fact: {uncited}"


def test_cited_decisions_exist(catalogue: Catalogue) -> None:
    headings = {
        line[4:].strip() for line in page_text("decisions.md").splitlines() if line[:4] == "### "
    }
    cited = {
        label
        for entry in [*catalogue, *catalogue.untestable]
        for label in re.findall(r"decisions\.md \(([^)]*)\)", entry.source)
    }
    assert cited, "no catalogue entry cites decisions.md"
    assert cited <= headings, f"decisions.md has no entry {sorted(cited - headings)}"


# --- queries -------------------------------------------------------------------------------------


def test_get_returns_the_requirement(catalogue: Catalogue) -> None:
    requirement = catalogue.get("ENV-001")
    assert requirement.side is Side.SERVER
    assert requirement.level is Level.MUST
    assert "ENV-001" in catalogue


def test_get_unknown_id_names_close_ids(catalogue: Catalogue) -> None:
    with pytest.raises(KeyError, match=r"'ENV-010'; did you mean ENV-\d{3}"):
        catalogue.get("ENV-010")
    with pytest.raises(KeyError, match=r"'env-001'; did you mean ENV-001"):
        catalogue.get("env-001")


def test_profiles_select_levels(catalogue: Catalogue) -> None:
    documented = catalogue.in_profile("documented")
    strict = catalogue.in_profile("strict")
    assert documented
    assert all(r.level is Level.MUST for r in documented)
    assert strict == tuple(catalogue)
    assert {r.level for r in strict} == set(Level)


def test_unknown_profile_names_valid_ones(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match=r"'lenient'.*documented, strict"):
        catalogue.in_profile("lenient")


def test_for_side_partitions_the_catalogue(catalogue: Catalogue) -> None:
    server = catalogue.for_side(Side.SERVER)
    client = catalogue.for_side("client")
    assert len(server) + len(client) == len(catalogue)
    assert all(r.id.startswith("CLI-") for r in client)
    assert not any(r.id.startswith("CLI-") for r in server)


# --- traceability document -----------------------------------------------------------------------


def test_committed_traceability_doc_is_up_to_date(catalogue: Catalogue) -> None:
    expected = render_traceability(catalogue)
    assert TRACEABILITY_DOC.read_text(encoding="utf-8") == expected, (
        "docs/traceability.md is stale; run: "
        "python -m conformance.contract.traceability --output docs/traceability.md"
    )


def test_traceability_doc_names_every_entry_and_the_digest(catalogue: Catalogue) -> None:
    document = render_traceability(catalogue)
    assert catalogue.short_digest in document
    for requirement in catalogue:
        assert f"| {requirement.id} |" in document
    for fact in catalogue.untestable:
        assert f"| {fact.id} |" in document


def test_check_mode_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "traceability.md"
    assert main(["--check", "--output", str(target)]) == 1
    assert main(["--output", str(target)]) == 0
    assert main(["--check", "--output", str(target)]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert main(["--check", "--output", str(target)]) == 1
    assert "out of date" in capsys.readouterr().err


# --- loader errors -------------------------------------------------------------------------------

VALID = """\
schema_version: 1
sections:
  "1": "Global conventions"
  "4.1": "Status-code table"
requirements:
  - id: ENV-001
    side: server
    level: MUST
    area: envelope
    confidence: doc
    summary: "Every non-2xx body carries a string detail."
    source: "contract.md §1"
    check: "Every non-2xx is parsed."
  - id: ENV-002
    side: server
    level: SHOULD
    area: envelope
    confidence: inferred
    summary: "A detail is human-readable."
    source: "contract.md §4.1"
    check: "Every detail is inspected."
untestable:
  - id: NT-001
    fact: "Counters live in Redis."
    source: "contract.md §1"
    reason: "Storage is not observable."
"""


def test_synthetic_catalogue_is_valid() -> None:
    parsed = parse_catalogue(VALID.encode(), origin="synthetic.yaml")
    assert list(parsed.requirements) == ["ENV-001", "ENV-002"]
    assert parsed.untestable[0].id == "NT-001"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "  - id: ENV-002", "  - id: ENV-001", r"requirement ENV-001: duplicate ID", id="dup-id"
        ),
        pytest.param(
            "    level: SHOULD\n    area: envelope\n    confidence: inferred",
            "    level: MUST\n    area: envelope\n    confidence: inferred",
            r"requirement ENV-002: field `level` is MUST but confidence 'inferred' allows SHOULD",
            id="guess-promoted",
        ),
        pytest.param(
            "    level: MUST\n    area: envelope\n    confidence: doc",
            "    level: OPTION\n    area: envelope\n    confidence: doc",
            r"requirement ENV-001: field `level` is OPTION",
            id="doc-demoted",
        ),
        pytest.param(
            "    area: envelope\n    confidence: inferred",
            "    area: billing\n    confidence: inferred",
            r"requirement ENV-002: field `area` is 'billing'; expected one of",
            id="unknown-area",
        ),
        pytest.param(
            "    area: envelope\n    confidence: inferred",
            "    area: auth\n    confidence: inferred",
            r"requirement ENV-002: field `area` is 'auth' but prefix ENV means 'envelope'",
            id="area-prefix-mismatch",
        ),
        pytest.param(
            "  - id: ENV-002\n    side: server",
            "  - id: ENV-002\n    side: client",
            r"requirement ENV-002: field `side` is 'client'",
            id="side-area-mismatch",
        ),
        pytest.param(
            "    confidence: inferred",
            "    confidence: rumour",
            r"requirement ENV-002: field `confidence` is 'rumour'",
            id="unknown-confidence",
        ),
        pytest.param("id: ENV-002", "id: ENV-2", r"requirement ENV-2: field `id`", id="bad-id"),
        pytest.param(
            "id: ENV-002", "id: ZZZ-002", r"requirement ZZZ-002: .*unknown prefix", id="prefix"
        ),
        pytest.param(
            '    summary: "A detail is human-readable."\n',
            "",
            r"requirement ENV-002: field `summary` must be a non-empty string",
            id="missing-field",
        ),
        pytest.param(
            '    summary: "A detail is human-readable."',
            '    summary: ""',
            r"requirement ENV-002: field `summary` must be a non-empty string",
            id="empty-field",
        ),
        pytest.param(
            '    check: "Every detail is inspected."',
            '    check: "Every detail is inspected."\n    owner: "me"',
            r"requirement ENV-002: unknown fields \['owner'\]",
            id="unknown-field",
        ),
        pytest.param(
            'source: "contract.md §4.1"',
            'source: "contract.md"',
            r"requirement ENV-002: field `source` cites no contract.md section",
            id="no-citation",
        ),
        pytest.param(
            'source: "contract.md §4.1"',
            'source: "contract.md §8.2"',
            r"requirement ENV-002: field `source` cites unknown sections 8.2",
            id="unknown-section",
        ),
        pytest.param(
            '    reason: "Storage is not observable."',
            '    reason: "  "',
            r"untestable NT-001: field `reason` must be a non-empty string",
            id="untestable-empty-reason",
        ),
        pytest.param(
            "  - id: NT-001", "  - id: ENV-003", r"untestable ENV-003: field `id`", id="nt-id"
        ),
        pytest.param(
            "    level: SHOULD\n",
            "    level: SHOULD\n    level: MUST\n",
            r"synthetic.yaml: duplicate key 'level' at line \d+",
            id="duplicate-yaml-key",
        ),
        pytest.param(
            "schema_version: 1", "schema_version: 2", r"schema_version is 2", id="schema-version"
        ),
    ],
)
def test_loader_rejects_bad_entries(old: str, new: str, message: str) -> None:
    assert old in VALID, old
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(VALID.replace(old, new, 1).encode(), origin="synthetic.yaml")


def test_undocumented_should_needs_a_design_decision() -> None:
    undocumented_should = VALID.replace("confidence: inferred", "confidence: undocumented")
    with pytest.raises(CatalogueError, match=r"ENV-002: field `level` is SHOULD"):
        parse_catalogue(undocumented_should.encode())
    with_decision = undocumented_should.replace(
        'source: "contract.md §4.1"', 'source: "contract.md §4.1; decisions.md (validation)"'
    )
    assert parse_catalogue(with_decision.encode()).get("ENV-002").level is Level.SHOULD


def test_catalogue_error_is_a_value_error() -> None:
    assert issubclass(CatalogueError, ValueError)
    with pytest.raises(CatalogueError, match="not valid YAML"):
        parse_catalogue(b"requirements: [")


def test_loader_is_importable_without_side_effects() -> None:
    assert catalogue_module.SCHEMA_VERSION == 1
