"""The server mutants as app factories: ``reference:conformance.mutants.apps:<name>``.

Attributes are built lazily (module ``__getattr__``): ``list_detail`` is the factory of the
``list-detail`` mutant, called as ``create_app`` is (``factory(clock=...)``); with no argument
it serves on the wall clock, so ``asgi:conformance.mutants.apps:list_detail`` and
``uvicorn --factory conformance.mutants.apps:list_detail`` work too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__: list[str] = []


def __getattr__(attribute: str) -> Callable[..., Any]:
    from .registry import SERVER

    mutant = SERVER.by_attribute(attribute)
    if mutant is None:
        raise AttributeError(f"module {__name__!r} has no mutant {attribute!r}")
    return mutant.build


def __dir__() -> list[str]:
    from .model import attribute_name
    from .registry import SERVER

    return sorted(attribute_name(name) for name in SERVER.names())
