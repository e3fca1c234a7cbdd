"""The requirement catalogue: every rule of the contract with a stable ID, as typed data.

The data lives in ``catalogue.yaml`` beside this module; :func:`load_catalogue` reads it (through
``importlib.resources``, so an installed suite finds it too), validates it and caches the result.
Tests, the pytest plugin, oracles and report writers refer to requirements by ID::

    from conformance.contract.catalogue import load_catalogue

    requirement = load_catalogue().get("ENV-001")

Rules enforced on load (a violation raises :class:`CatalogueError` naming the entry and field):

- IDs are unique and match ``PREFIX-NNN`` or ``PREFIX-SUB-NNN``; the prefix fixes side and area
  (``VID-VAL`` is always server / ``videos-validation``, ``CLI-RETRY`` client / ``client-retry``).
- ``level`` follows ``confidence`` (``contract.md``: never promote a guess to MUST):

  ============== ===========================================================================
  confidence     allowed level
  ============== ===========================================================================
  doc            MUST
  doc-old        SHOULD: the newer revision changed the fact; a fact it keeps is tagged doc
  inferred       SHOULD
  3p             SHOULD or OPTION (SHOULD at most)
  undocumented   OPTION, or SHOULD where ``source`` cites the ``decisions.md`` entry setting it
  ============== ===========================================================================

- ``source`` cites at least one numbered section of ``contract.md`` (``§4.1``) listed under
  ``sections``; text fields are non-empty and single-line; unknown keys are refused.

Profiles: ``documented`` runs MUST requirements only; ``strict`` runs MUST, SHOULD and OPTION.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, TypeVar

import yaml

from .yaml_loader import SafeLoader

__all__ = [
    "AREAS",
    "PREFIX_AREAS",
    "PROFILE_LEVELS",
    "REQUIREMENT_ID_PATTERN",
    "SCHEMA_VERSION",
    "Area",
    "Catalogue",
    "CatalogueError",
    "Confidence",
    "Level",
    "Requirement",
    "Side",
    "UntestableFact",
    "cited_sections",
    "iter_citations",
    "load_catalogue",
    "parse_catalogue",
    "side_of_area",
]

SCHEMA_VERSION: Final = 1
_PACKAGE: Final = "conformance.contract"
CATALOGUE_RESOURCE: Final = "catalogue.yaml"
REQUIREMENT_ID_PATTERN: Final = re.compile(r"^[A-Z]+(-[A-Z]+)?-\d{3}$")
UNTESTABLE_ID_PATTERN: Final = re.compile(r"^NT-\d{3}$")
SECTION_REFERENCE: Final = re.compile(r"§(\d+(?:\.\d+)?)")
DESIGN_DECISION_MARKER: Final = "decisions.md"


class CatalogueError(ValueError):
    """Raised when the catalogue file is malformed or breaks a catalogue rule."""


class Side(StrEnum):
    """Which system a requirement judges."""

    SERVER = "server"
    CLIENT = "client"


class Level(StrEnum):
    """How binding a requirement is; OPTION rules are off in the ``documented`` profile."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    OPTION = "OPTION"


class Confidence(StrEnum):
    """The tag of the source fact in ``contract.md``."""

    DOC = "doc"
    DOC_OLD = "doc-old"
    THIRD_PARTY = "3p"
    INFERRED = "inferred"
    UNDOCUMENTED = "undocumented"


class Area(StrEnum):
    """The fixed set of areas requirements are grouped (and reported) by."""

    ENVELOPE = "envelope"
    AUTH = "auth"
    ORG = "org"
    RATE_LIMIT = "rate-limit"
    VIDEOS_VALIDATION = "videos-validation"
    VIDEOS_BATCH = "videos-batch"
    PER_ITEM = "per-item"
    PARKING = "parking"
    POLLING = "polling"
    EDITS = "edits"
    REFERENCE_IMAGES = "reference-images"
    REVERT = "revert"
    IDEMPOTENCY = "idempotency"
    CREDITS = "credits"
    PRECEDENCE = "precedence"
    FRAMEWORK = "framework"
    CLIENT_ERRORS = "client-errors"
    CLIENT_RESULTS = "client-results"
    CLIENT_RETRY = "client-retry"
    CLIENT_ITEMS = "client-items"
    CLIENT_IDEMPOTENCY = "client-idempotency"
    CLIENT_SECURITY = "client-security"
    CLIENT_VALIDATION = "client-validation"


#: The areas of each side, in report order.
AREAS: Final[Mapping[Side, tuple[Area, ...]]] = MappingProxyType(
    {
        Side.SERVER: (
            Area.ENVELOPE,
            Area.FRAMEWORK,
            Area.AUTH,
            Area.ORG,
            Area.RATE_LIMIT,
            Area.VIDEOS_VALIDATION,
            Area.VIDEOS_BATCH,
            Area.PER_ITEM,
            Area.PARKING,
            Area.POLLING,
            Area.EDITS,
            Area.REFERENCE_IMAGES,
            Area.CREDITS,
            Area.REVERT,
            Area.IDEMPOTENCY,
            Area.PRECEDENCE,
        ),
        Side.CLIENT: (
            Area.CLIENT_ERRORS,
            Area.CLIENT_RESULTS,
            Area.CLIENT_RETRY,
            Area.CLIENT_ITEMS,
            Area.CLIENT_IDEMPOTENCY,
            Area.CLIENT_SECURITY,
            Area.CLIENT_VALIDATION,
        ),
    }
)

#: The ID prefix of each area; an ID's prefix fixes its area and therefore its side.
PREFIX_AREAS: Final[Mapping[str, Area]] = MappingProxyType(
    {
        "ENV": Area.ENVELOPE,
        "FW": Area.FRAMEWORK,
        "AUTH": Area.AUTH,
        "ORG": Area.ORG,
        "RATE": Area.RATE_LIMIT,
        "VID-VAL": Area.VIDEOS_VALIDATION,
        "VID-BATCH": Area.VIDEOS_BATCH,
        "VID-ROW": Area.PER_ITEM,
        "VID-PARK": Area.PARKING,
        "VID-POLL": Area.POLLING,
        "EDIT": Area.EDITS,
        "REF": Area.REFERENCE_IMAGES,
        "CRED": Area.CREDITS,
        "REV": Area.REVERT,
        "IDEM": Area.IDEMPOTENCY,
        "PREC": Area.PRECEDENCE,
        "CLI-ERR": Area.CLIENT_ERRORS,
        "CLI-RES": Area.CLIENT_RESULTS,
        "CLI-RETRY": Area.CLIENT_RETRY,
        "CLI-ITEM": Area.CLIENT_ITEMS,
        "CLI-IDEM": Area.CLIENT_IDEMPOTENCY,
        "CLI-SEC": Area.CLIENT_SECURITY,
        "CLI-VAL": Area.CLIENT_VALIDATION,
    }
)

#: Which levels each profile runs.
PROFILE_LEVELS: Final[Mapping[str, frozenset[Level]]] = MappingProxyType(
    {
        "documented": frozenset({Level.MUST}),
        "strict": frozenset({Level.MUST, Level.SHOULD, Level.OPTION}),
    }
)

_ALLOWED_LEVELS: Final[Mapping[Confidence, frozenset[Level]]] = MappingProxyType(
    {
        Confidence.DOC: frozenset({Level.MUST}),
        Confidence.DOC_OLD: frozenset({Level.SHOULD}),
        Confidence.INFERRED: frozenset({Level.SHOULD}),
        Confidence.THIRD_PARTY: frozenset({Level.SHOULD, Level.OPTION}),
        Confidence.UNDOCUMENTED: frozenset({Level.OPTION}),
    }
)

_REQUIREMENT_FIELDS: Final = (
    "id",
    "side",
    "level",
    "area",
    "confidence",
    "summary",
    "source",
    "check",
)
_UNTESTABLE_FIELDS: Final = ("id", "fact", "source", "reason")
_TOP_LEVEL_KEYS: Final = frozenset({"schema_version", "sections", "requirements", "untestable"})
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Requirement:
    """One rule of the contract, checked by the suite on one side."""

    id: str
    side: Side
    level: Level
    area: Area
    confidence: Confidence
    summary: str
    source: str
    check: str

    @property
    def sections(self) -> tuple[str, ...]:
        """The ``contract.md`` sections ``source`` cites, in citation order."""
        return cited_sections(self.source)


@dataclass(frozen=True, slots=True)
class UntestableFact:
    """A fact of the contract that the suite cannot check from outside, and why."""

    id: str
    fact: str
    source: str
    reason: str

    @property
    def sections(self) -> tuple[str, ...]:
        """The ``contract.md`` sections ``source`` cites, in citation order."""
        return cited_sections(self.source)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The validated catalogue: requirements in file order, untestable facts, and its digest."""

    requirements: Mapping[str, Requirement]
    untestable: tuple[UntestableFact, ...]
    sections: Mapping[str, str]
    digest: str
    schema_version: int = SCHEMA_VERSION

    @property
    def short_digest(self) -> str:
        """The first 12 hex digits of :attr:`digest`, as shown in report headers."""
        return self.digest[:12]

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements.values())

    def __len__(self) -> int:
        return len(self.requirements)

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self.requirements

    def get(self, requirement_id: str) -> Requirement:
        """Return the requirement ``requirement_id``; ``KeyError`` names close IDs if unknown."""
        try:
            return self.requirements[requirement_id]
        except KeyError:
            close = _close_ids(requirement_id, list(self.requirements))
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"unknown requirement ID {requirement_id!r}{hint}") from None

    def for_side(self, side: Side | str) -> tuple[Requirement, ...]:
        """The requirements judging ``side``, in catalogue order."""
        wanted = Side(side)
        return tuple(r for r in self.requirements.values() if r.side is wanted)

    def in_profile(self, profile: str) -> tuple[Requirement, ...]:
        """The requirements a run in ``profile`` (``documented`` or ``strict``) checks."""
        try:
            levels = PROFILE_LEVELS[profile]
        except KeyError:
            valid = ", ".join(sorted(PROFILE_LEVELS))
            raise ValueError(f"unknown profile {profile!r}; valid profiles: {valid}") from None
        return tuple(r for r in self.requirements.values() if r.level in levels)

    def areas(self, side: Side | str) -> tuple[Area, ...]:
        """The areas of ``side`` that hold at least one requirement, in report order."""
        wanted = Side(side)
        used = {r.area for r in self.requirements.values() if r.side is wanted}
        return tuple(area for area in AREAS[wanted] if area in used)

    def in_area(self, area: Area | str) -> tuple[Requirement, ...]:
        """The requirements of ``area``, in catalogue order."""
        wanted = Area(area)
        return tuple(r for r in self.requirements.values() if r.area is wanted)


def cited_sections(source: str) -> tuple[str, ...]:
    """The section numbers a ``source`` text cites as ``§N`` or ``§N.N``, without duplicates."""
    return tuple(dict.fromkeys(SECTION_REFERENCE.findall(source)))


def side_of_area(area: Area) -> Side:
    """The side an area belongs to."""
    return next(side for side, areas in AREAS.items() if area in areas)


def iter_citations(catalogue: Catalogue) -> Iterable[tuple[str, Requirement | UntestableFact]]:
    """Yield ``(section, entry)`` for every section every entry cites."""
    for requirement in catalogue.requirements.values():
        for number in requirement.sections:
            yield number, requirement
    for fact in catalogue.untestable:
        for number in fact.sections:
            yield number, fact


@functools.cache
def load_catalogue() -> Catalogue:
    """Load, validate and cache the packaged ``catalogue.yaml``."""
    data = resources.files(_PACKAGE).joinpath(CATALOGUE_RESOURCE).read_bytes()
    return parse_catalogue(data, origin=CATALOGUE_RESOURCE)


def parse_catalogue(data: bytes, *, origin: str = "<catalogue>") -> Catalogue:
    """Parse and validate catalogue YAML ``data``; ``origin`` names it in error messages."""
    try:
        document = yaml.load(data, Loader=_UniqueKeyLoader)  # a safe loader
    except yaml.YAMLError as error:
        raise CatalogueError(f"{origin}: not valid YAML: {error}") from error
    except CatalogueError as error:  # raised by the loader on a duplicate key
        raise CatalogueError(f"{origin}: {error}") from None
    if not isinstance(document, dict):
        raise CatalogueError(f"{origin}: the top level must be a mapping")
    unknown = set(document) - _TOP_LEVEL_KEYS
    if unknown:
        raise CatalogueError(f"{origin}: unknown top-level keys {sorted(map(str, unknown))}")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CatalogueError(
            f"{origin}: schema_version is {version!r}; this loader reads {SCHEMA_VERSION}"
        )
    sections = _parse_sections(document.get("sections"), origin)
    requirements = _parse_requirements(document.get("requirements"), sections, origin)
    untestable = _parse_untestable(document.get("untestable", []), sections, origin)
    clash = set(requirements) & {fact.id for fact in untestable}
    if clash:
        raise CatalogueError(f"{origin}: IDs used both as requirement and untestable: {clash}")
    return Catalogue(
        requirements=MappingProxyType(requirements),
        untestable=untestable,
        sections=MappingProxyType(sections),
        digest=hashlib.sha256(data).hexdigest(),
    )


# --- private ------------------------------------------------------------------------------------


class _UniqueKeyLoader(SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one silently."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            line = key_node.start_mark.line + 1
            raise CatalogueError(f"duplicate key {key!r} at line {line}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _close_ids(wanted: str, known: list[str]) -> list[str]:
    """Up to three known IDs close to ``wanted``, those sharing its prefix first."""
    wanted = wanted.strip().upper()
    prefix = wanted.rsplit("-", 1)[0]
    same_prefix = [i for i in known if i.rsplit("-", 1)[0] == prefix]
    close = difflib.get_close_matches(wanted, same_prefix, n=3, cutoff=0.0)
    others = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
    return list(dict.fromkeys([*close, *others]))[:3]


def _parse_sections(raw: object, origin: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise CatalogueError(f"{origin}: `sections` must be a non-empty mapping")
    sections: dict[str, str] = {}
    for number, title in raw.items():
        if not isinstance(number, str) or not re.fullmatch(r"\d+(?:\.\d+)?", number):
            raise CatalogueError(f"{origin}: section number {number!r} must be a quoted N or N.N")
        if not isinstance(title, str) or not title.strip():
            raise CatalogueError(f"{origin}: section {number} needs a title")
        sections[number] = title
    return sections


def _parse_requirements(
    raw: object, sections: Mapping[str, str], origin: str
) -> dict[str, Requirement]:
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{origin}: `requirements` must be a non-empty list")
    requirements: dict[str, Requirement] = {}
    for position, entry in enumerate(raw):
        requirement = _parse_requirement(entry, position, sections, origin)
        if requirement.id in requirements:
            raise CatalogueError(
                f"{origin}: requirement {requirement.id}: duplicate ID (entry {position})"
            )
        requirements[requirement.id] = requirement
    return requirements


def _parse_requirement(
    entry: object, position: int, sections: Mapping[str, str], origin: str
) -> Requirement:
    fields = _text_fields(entry, _REQUIREMENT_FIELDS, "requirement", position, origin)
    where = f"{origin}: requirement {fields['id']}"
    if not REQUIREMENT_ID_PATTERN.match(fields["id"]):
        raise CatalogueError(f"{where}: field `id` must match {REQUIREMENT_ID_PATTERN.pattern}")
    side = _enum(Side, fields["side"], "side", where)
    level = _enum(Level, fields["level"], "level", where)
    area = _enum(Area, fields["area"], "area", where)
    confidence = _enum(Confidence, fields["confidence"], "confidence", where)

    prefix = fields["id"].rsplit("-", 1)[0]
    expected_area = PREFIX_AREAS.get(prefix)
    if expected_area is None:
        raise CatalogueError(
            f"{where}: field `id` has unknown prefix {prefix!r}; "
            f"known prefixes: {', '.join(PREFIX_AREAS)}"
        )
    if area is not expected_area:
        raise CatalogueError(
            f"{where}: field `area` is {area.value!r} but prefix {prefix} means "
            f"{expected_area.value!r}"
        )
    if side is not side_of_area(area):
        raise CatalogueError(
            f"{where}: field `side` is {side.value!r} but area {area.value!r} belongs to "
            f"{side_of_area(area).value!r}"
        )
    allowed = _allowed_levels(confidence, fields["source"])
    if level not in allowed:
        names = " or ".join(sorted(allowed))
        raise CatalogueError(
            f"{where}: field `level` is {level.value} but confidence {confidence.value!r} "
            f"allows {names}"
        )
    _check_citations(fields["source"], sections, where)
    return Requirement(
        id=fields["id"],
        side=side,
        level=level,
        area=area,
        confidence=confidence,
        summary=fields["summary"],
        source=fields["source"],
        check=fields["check"],
    )


def _parse_untestable(
    raw: object, sections: Mapping[str, str], origin: str
) -> tuple[UntestableFact, ...]:
    if not isinstance(raw, list):
        raise CatalogueError(f"{origin}: `untestable` must be a list")
    facts: dict[str, UntestableFact] = {}
    for position, entry in enumerate(raw):
        fields = _text_fields(entry, _UNTESTABLE_FIELDS, "untestable", position, origin)
        where = f"{origin}: untestable {fields['id']}"
        if not UNTESTABLE_ID_PATTERN.match(fields["id"]):
            raise CatalogueError(f"{where}: field `id` must match {UNTESTABLE_ID_PATTERN.pattern}")
        if fields["id"] in facts:
            raise CatalogueError(f"{where}: duplicate ID (entry {position})")
        _check_citations(fields["source"], sections, where)
        facts[fields["id"]] = UntestableFact(**fields)
    return tuple(facts.values())


def _text_fields(
    entry: object, names: tuple[str, ...], kind: str, position: int, origin: str
) -> dict[str, str]:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{origin}: {kind} #{position} must be a mapping")
    raw_id = entry.get("id")
    label = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{position}"
    where = f"{origin}: {kind} {label}"
    unknown = set(entry) - set(names)
    if unknown:
        raise CatalogueError(f"{where}: unknown fields {sorted(map(str, unknown))}")
    fields: dict[str, str] = {}
    for name in names:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{where}: field `{name}` must be a non-empty string")
        if "\n" in value.strip():
            raise CatalogueError(f"{where}: field `{name}` must be a single line")
        fields[name] = value.strip()
    return fields


def _enum(kind: type[_E], value: str, field: str, where: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        valid = ", ".join(member.value for member in kind)
        raise CatalogueError(
            f"{where}: field `{field}` is {value!r}; expected one of {valid}"
        ) from None


def _allowed_levels(confidence: Confidence, source: str) -> frozenset[Level]:
    allowed = _ALLOWED_LEVELS[confidence]
    if confidence is Confidence.UNDOCUMENTED and DESIGN_DECISION_MARKER in source:
        return allowed | {Level.SHOULD}
    return allowed


def _check_citations(source: str, sections: Mapping[str, str], where: str) -> None:
    cited = cited_sections(source)
    if not cited:
        raise CatalogueError(f"{where}: field `source` cites no contract.md section (§N.N)")
    unknown = [number for number in cited if number not in sections]
    if unknown:
        raise CatalogueError(f"{where}: field `source` cites unknown sections {', '.join(unknown)}")
