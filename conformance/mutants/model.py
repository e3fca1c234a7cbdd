"""A mutant: a named fault of the reference server or client, and the requirements it breaks.

Both sides share this model. A server mutant's ``spec`` is a target the ``run`` command takes
(``reference:conformance.mutants.apps:<attr>``); a client mutant's is a factory the ``clients``
command takes (``--python MODULE:ATTR``). ``breaks`` is exact: the catalogue requirements the
fault violates, so that a kill counts only when one of them fails. ``proves`` (by default all of
``breaks``) are those the suite must report ``fail`` for it: a fault may break a rule that its
test never reaches, because the test stopped at an earlier rule the same fault broke.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

__all__ = ["Mutant", "MutantRegistry", "MutantSide", "attribute_name"]

_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class MutantSide(StrEnum):
    SERVER = "server"
    CLIENT = "client"


def attribute_name(name: str) -> str:
    """The Python attribute a kebab-case mutant name is reachable as (``list-detail`` →
    ``list_detail``)."""
    return name.replace("-", "_")


@dataclass(frozen=True, slots=True)
class Mutant:
    """One named fault. ``build`` makes the faulty thing (an app factory for the server side)."""

    name: str
    description: str
    breaks: frozenset[str]
    side: MutantSide
    spec: str
    build: Callable[..., Any]
    proves: frozenset[str] = frozenset()
    #: A class witness: the class label of bad input it mishandles (its coverage row must fail).
    label: str = ""
    #: A ``-k`` expression the quick profile's own is narrowed by (the checks that can judge it).
    focus: str = ""

    def witnessing(self, label: str, *, focus: str) -> Mutant:
        """This mutant as the witness of ``label``, run on the checks ``focus`` selects."""
        return replace(self, label=label, focus=focus)

    def __post_init__(self) -> None:
        if not self.proves:
            object.__setattr__(self, "proves", self.breaks)
        if not self.proves <= self.breaks:
            raise ValueError(f"mutant {self.name!r} proves rules it does not break")
        if not _KEBAB.fullmatch(self.name):
            raise ValueError(f"mutant name {self.name!r} must be kebab-case")
        if not self.description or "\n" in self.description:
            raise ValueError(f"mutant {self.name!r}: the description is one non-empty line")
        if not self.breaks:
            raise ValueError(f"mutant {self.name!r} must name the requirements it breaks")


class MutantRegistry:
    """Mutants by name; registering a name twice is a bug and raises at import."""

    def __init__(self) -> None:
        self._mutants: dict[str, Mutant] = {}

    def add(self, mutant: Mutant) -> Mutant:
        if mutant.name in self._mutants:
            raise ValueError(f"mutant {mutant.name!r} is registered twice")
        self._mutants[mutant.name] = mutant
        return mutant

    def extend(self, mutants: Iterable[Mutant]) -> None:
        for mutant in mutants:
            self.add(mutant)

    def get(self, name: str) -> Mutant:
        return self._mutants[name]

    def by_attribute(self, attribute: str) -> Mutant | None:
        for mutant in self._mutants.values():
            if attribute_name(mutant.name) == attribute:
                return mutant
        return None

    def names(self) -> list[str]:
        return list(self._mutants)

    def __iter__(self) -> Iterator[Mutant]:
        return iter(self._mutants.values())

    def __len__(self) -> int:
        return len(self._mutants)
