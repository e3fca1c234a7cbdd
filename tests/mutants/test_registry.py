"""The server mutants: enough of them, every area covered, exact IDs, each one buildable."""

from __future__ import annotations

import pytest

import conformance.mutants.apps as apps
from conformance.config import ConfigError, SuiteConfig
from conformance.contract.catalogue import Side, load_catalogue
from conformance.mutants.model import attribute_name
from conformance.mutants.registry import SERVER, mutants_of
from conformance.reference import ManualClock
from conformance.reference.sandbox import SandboxFixtures
from conformance.targets import describe_target, open_target

# Every area the issue lists, with the requirement prefixes a mutant of that area breaks.
AREAS = {
    "envelope": ("ENV-", "FW-"),
    "validation": ("VID-VAL-", "VID-BATCH-"),
    "auth": ("AUTH-",),
    "org": ("ORG-",),
    "ownership": ("VID-POLL-009", "VID-POLL-010"),
    "guards": ("REV-007", "EDIT-011"),
    "credits": ("CRED-",),
    "ssrf": ("REF-001", "REF-002", "REF-003", "REF-005", "REF-007"),
    "media": ("REF-011", "REF-012", "REF-013"),
    "rate limits": ("RATE-",),
    "parking": ("VID-PARK-",),
    "rows": ("VID-ROW-",),
    "idempotency": ("IDEM-",),
}


def test_there_are_at_least_30_server_mutants() -> None:
    assert len(SERVER) >= 30
    assert [m.name for m in mutants_of("server")] == SERVER.names()


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_a_mutant(area: str) -> None:
    prefixes = AREAS[area]
    assert any(rid.startswith(prefixes) for mutant in SERVER for rid in mutant.breaks), area


def test_breaks_name_server_requirements_of_the_catalogue() -> None:
    catalogue = load_catalogue()
    for mutant in SERVER:
        unknown = {
            rid
            for rid in mutant.breaks
            if rid not in catalogue.requirements
            or catalogue.requirements[rid].side is not Side.SERVER
        }
        assert not unknown, (mutant.name, unknown)


@pytest.mark.parametrize("name", SERVER.names())
def test_each_mutant_builds_a_sandbox_app(name: str) -> None:
    mutant = SERVER.get(name)
    assert mutant.spec == f"reference:conformance.mutants.apps:{attribute_name(name)}"
    app = getattr(apps, attribute_name(name))(clock=ManualClock())
    assert isinstance(app.state.fixtures, SandboxFixtures)


def test_the_apps_module_lists_and_refuses() -> None:
    assert set(dir(apps)) == {attribute_name(name) for name in SERVER.names()}
    with pytest.raises(AttributeError, match="no mutant"):
        _ = apps.no_such_mutant


def test_a_reference_variant_is_a_reference_target() -> None:
    assert describe_target("reference:conformance.mutants.apps:list_detail") == "reference"
    target = open_target(SuiteConfig(target="reference:conformance.mutants.apps:list_detail"))
    try:
        assert target.movable_clock
        assert target.in_process
        assert target.config.fixtures.get("keys.personal")
    finally:
        target.close()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("reference:conformance.mutants.apps", "must look like reference:MODULE:ATTR"),
        ("reference:no_such_module_x:app", "cannot import"),
        ("reference:conformance.mutants.apps:no_such_mutant", "has no"),
        ("reference:conformance.contract.constants:API_PREFIX", "not an app factory"),
        ("reference:conformance.reference.clock:ManualClock", "must take clock="),
        ("reference:variant_apps:bare", "no sandbox fixtures"),
    ],
)
def test_a_bad_reference_variant_is_one_config_error(target: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        open_target(SuiteConfig(target=target))


def test_a_mutant_is_also_an_asgi_target_on_the_wall_clock() -> None:
    target = open_target(SuiteConfig(target="asgi:conformance.mutants.apps:html_404"))
    try:
        answer = target.client.get("/v1/no-such-path")
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("text/html")
    finally:
        target.close()
