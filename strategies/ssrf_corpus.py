"""A curated, versioned corpus of known SSRF bypasses, to run as explicit examples.

The data is ``ssrf_corpus.yaml`` beside this module (shipped in the package). Each entry has a
stable ID (``SSRF-0001`` ...), the hostile-URL class it belongs to, the catalogue requirement it
exercises and either a literal URL or an image-host fixture. Every entry must get 422.

Run the corpus with every test of a hostile-URL strategy::

    @ssrf_corpus_examples("case")
    @given(case=hostile_reference_urls())
    def test_hostile_url_is_refused(case): ...
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, TypeVar

import yaml
from hypothesis import example

from ._cases import PLACEHOLDER_UUID, UNPROCESSABLE, VIDEO_FILL, Fill, LabelledCase
from ._fixtures import IMAGE_URL_FIXTURES
from ._hostile import HOSTILE_CLASSES

__all__ = [
    "CORPUS_RESOURCE",
    "CorpusEntry",
    "CorpusError",
    "load_ssrf_corpus",
    "ssrf_corpus_cases",
    "ssrf_corpus_examples",
]

CORPUS_RESOURCE: Final = "ssrf_corpus.yaml"
_ID: Final = re.compile(r"^SSRF-\d{4}$")
_REQUIREMENTS: Final = frozenset(
    {"REF-001", "REF-002", "REF-003", "REF-004", "REF-005", "REF-006", "REF-007", "REF-009"}
)
_FIXTURE_PREFIX: Final = "image_urls."
_EDIT_REQUEST: Final = "Use this picture as the background of scene 1"
_KEYS: Final = frozenset({"id", "class", "requirement", "url", "fixture", "note", "retired"})

F = TypeVar("F", bound=Callable[..., Any])


class CorpusError(ValueError):
    """Raised when ``ssrf_corpus.yaml`` breaks one of the corpus rules."""


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One known bypass: its ID, class, requirement, URL, fixture (if any) and a note."""

    id: str
    hostile_class: str
    requirement: str
    url: str
    fixture: str | None
    note: str

    def case(self) -> LabelledCase:
        """The entry as a labelled POST /v1/edits case expecting 422."""
        fills: tuple[Fill, ...] = (VIDEO_FILL,)
        if self.fixture is not None:
            fills += (Fill("/reference_image_urls/0", self.fixture),)
        body = {
            "video_uuid": PLACEHOLDER_UUID,
            "edit_request": _EDIT_REQUEST,
            "reference_image_urls": [self.url],
        }
        return LabelledCase(
            f"ssrf/{self.hostile_class}",
            self.requirement,
            UNPROCESSABLE,
            "createEdit",
            self.url,
            body=body,
            fills=fills,
            note=f"{self.id}: {self.note}",
        )


@dataclass(frozen=True, slots=True)
class _Corpus:
    version: int
    entries: tuple[CorpusEntry, ...]


@functools.cache
def _load() -> _Corpus:
    text = resources.files(__package__).joinpath(CORPUS_RESOURCE).read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    if not isinstance(document, dict) or not isinstance(document.get("version"), int):
        raise CorpusError(f"{CORPUS_RESOURCE} must be a mapping with an integer version")
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise CorpusError(f"{CORPUS_RESOURCE}: entries must be a list")
    entries = tuple(_entry(raw) for raw in raw_entries if "retired" not in raw)
    ids = [str(raw.get("id")) for raw in raw_entries]
    if len(set(ids)) != len(ids):
        raise CorpusError(f"{CORPUS_RESOURCE}: an ID is used twice")
    return _Corpus(document["version"], entries)


def _entry(raw: object) -> CorpusEntry:
    if not isinstance(raw, dict) or set(raw) - _KEYS:
        raise CorpusError(f"malformed corpus entry {raw!r}")
    entry_id, hostile_class = str(raw.get("id")), str(raw.get("class"))
    requirement = str(raw.get("requirement"))
    if not _ID.match(entry_id):
        raise CorpusError(f"{entry_id}: IDs are written SSRF-NNNN")
    if hostile_class not in HOSTILE_CLASSES:
        raise CorpusError(f"{entry_id}: unknown class {hostile_class!r}")
    if requirement not in _REQUIREMENTS:
        raise CorpusError(f"{entry_id}: {requirement!r} is not a hostile-URL requirement")
    url, fixture = raw.get("url"), raw.get("fixture")
    if (url is None) == (fixture is None):
        raise CorpusError(f"{entry_id}: give exactly one of url and fixture")
    if fixture is not None:
        purpose = str(fixture).removeprefix(_FIXTURE_PREFIX)
        if not str(fixture).startswith(_FIXTURE_PREFIX) or purpose not in IMAGE_URL_FIXTURES:
            raise CorpusError(f"{entry_id}: unknown image-host fixture {fixture!r}")
        url = IMAGE_URL_FIXTURES[purpose]
    return CorpusEntry(
        entry_id,
        hostile_class,
        requirement,
        str(url),
        fixture and str(fixture),
        str(raw.get("note", "")),
    )


def load_ssrf_corpus() -> tuple[int, tuple[CorpusEntry, ...]]:
    """The corpus version and its live entries, in file order (validated, cached)."""
    corpus = _load()
    return corpus.version, corpus.entries


def ssrf_corpus_cases() -> tuple[LabelledCase, ...]:
    """Every live corpus entry as a labelled case (see ``CorpusEntry.case``)."""
    return tuple(entry.case() for entry in load_ssrf_corpus()[1])


def ssrf_corpus_examples(argument: str = "case") -> Callable[[F], F]:
    """A decorator adding every corpus case as an explicit ``@example(<argument>=case)``."""

    def decorate(test: F) -> F:
        for case in reversed(ssrf_corpus_cases()):
            test = example(**{argument: case})(test)
        return test

    return decorate
