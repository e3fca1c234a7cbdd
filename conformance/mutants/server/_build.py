"""How a server mutant is built: the reference app plus one named override beside it.

An override is one of: ``prepare`` (swap a component of the state before the sandbox is seeded:
a subclass, a replaced policy object), ``customise`` (change the app's own wiring, such as an
exception handler), or ``rewrite`` / ``middleware`` (wrap the app). The reference code holds no
trace of any fault.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...reference import Clock, ReferenceSettings, create_app
from ...reference.state import ReferenceState
from ..model import Mutant, MutantSide, attribute_name
from ..rewrite import Rewrite, RewriteAnswers

__all__ = ["APPS_MODULE", "server_mutant", "swap"]

#: The module whose attributes are the mutant app factories (``reference:`` targets).
APPS_MODULE = "conformance.mutants.apps"

Prepare = Callable[[ReferenceState], None]
Customise = Callable[[Any], None]


def swap(component: str, factory: Callable[[ReferenceState], Any]) -> Prepare:
    """A ``prepare`` that replaces the state's ``component`` (``"directory"``, ``"edits"`` ...)
    with ``factory(state)``, before the sandbox is seeded into it."""

    def prepare(state: ReferenceState) -> None:
        setattr(state, component, factory(state))

    return prepare


def server_mutant(
    name: str,
    description: str,
    *,
    breaks: set[str],
    proves: set[str] | None = None,
    prepare: Prepare | None = None,
    customise: Customise | None = None,
    rewrite: Rewrite | None = None,
    middleware: Any = None,
) -> Mutant:
    """A server mutant whose app is the reference with the given override(s); ``proves``
    (default: all of ``breaks``) are the rules its run must fail."""

    def build(*, clock: Clock | None = None, settings: ReferenceSettings | None = None) -> Any:
        app = create_app(settings, clock=clock, prepare=prepare)
        if customise is not None:
            customise(app)
        if rewrite is not None:
            app.add_middleware(RewriteAnswers, rewrite=rewrite)
        if middleware is not None:
            app.add_middleware(middleware)
        return app

    build.__name__ = attribute_name(name)
    build.__doc__ = description
    return Mutant(
        name=name,
        description=description,
        breaks=frozenset(breaks),
        proves=frozenset(proves or ()),
        side=MutantSide.SERVER,
        spec=f"reference:{APPS_MODULE}:{attribute_name(name)}",
        build=build,
    )
