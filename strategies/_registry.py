"""The registry of public strategies, and the argument checks every strategy opens with.

``@defines_strategy(...)`` marks a public strategy, as Hypothesis's own ``defines_strategy`` does:

- it records the definition in ``REGISTRY`` (name -> ``StrategyInfo``), with the family it belongs
  to and, for bad-input strategies, every class label it can produce; ``strategies/__init__.py``
  checks at import time that what it exports is exactly what is registered;
- a call returns a *lazy* strategy (``st.deferred``): the definition, and so its argument checks,
  run when the strategy is first used, so a bad argument fails the test that uses it, not the
  import of the module that builds it. Before first use the repr is the call itself
  (``deferred(hex_colours(upper_case=True))``);
- calls with equal hashable arguments return the same strategy object, as ``@cacheable`` does.

The ``check_*`` helpers raise ``hypothesis.errors.InvalidArgument`` naming the offending
``argument=value``; strategy bodies open with a block of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, ParamSpec, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "StrategyInfo",
    "check_int_range",
    "check_strategy",
    "check_subset",
    "check_type",
    "check_valid_sizes",
    "defines_strategy",
    "grouped",
    "union",
]

P = ParamSpec("P")
T = TypeVar("T")

FAMILIES: Final = (
    "valid",
    "fields",
    "reference-urls",
    "credentials",
    "bodies",
    "precedence",
)
"""Families of strategies, in the order the docs and the benchmark list them."""


@dataclass(frozen=True, slots=True)
class StrategyInfo:
    """One registered strategy: its public function and what it is documented to produce."""

    name: str
    function: Callable[..., st.SearchStrategy[Any]]
    family: str
    labels: tuple[str, ...]
    provisional: bool
    branches: Callable[[], Mapping[str, st.SearchStrategy[Any]]] | None = None

    @property
    def labelled(self) -> bool:
        """Whether the strategy yields ``LabelledCase`` objects (a bad-input strategy)."""
        return bool(self.labels)


REGISTRY: dict[str, StrategyInfo] = {}
"""Every public strategy by name, in definition order."""


def _describe_call(name: str, args: tuple[object, ...], kwargs: dict[str, object]) -> str:
    parts = [repr(arg) for arg in args]
    parts += [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _deferred_call(
    definition: Callable[..., st.SearchStrategy[T]],
    args: tuple[object, ...],
    kwargs: dict[str, object],
) -> st.SearchStrategy[T]:
    """``st.deferred`` of the call, whose function is named after the call for the repr."""

    def call() -> st.SearchStrategy[T]:
        return definition(*args, **kwargs)

    call.__name__ = call.__qualname__ = _describe_call(definition.__name__, args, kwargs)
    return st.deferred(call)


def _cache_key(args: tuple[object, ...], kwargs: dict[str, object]) -> Hashable | None:
    # Types are part of the key: 1 == True, but hex_colours(upper_case=1) is an error.
    key = (
        tuple((type(arg), arg) for arg in args),
        tuple((name, type(value), value) for name, value in sorted(kwargs.items())),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def defines_strategy(
    *,
    family: str,
    labels: tuple[str, ...] = (),
    branches: Callable[[], Mapping[str, st.SearchStrategy[Any]]] | None = None,
    provisional: bool = False,
) -> Callable[[Callable[P, st.SearchStrategy[T]]], Callable[P, st.SearchStrategy[T]]]:
    """Register a public strategy and make calls to it lazy and cached.

    ``family`` is one of ``FAMILIES``; ``labels`` lists every class label a bad-input strategy
    can produce (empty for valid-value strategies); ``branches`` returns, for the default
    arguments, one strategy per label (the docs draw each label's simplest example from it);
    ``provisional`` marks an unstable strategy that lives in ``strategies.provisional``.
    Registering a name twice raises ``RuntimeError``.
    """
    if family not in FAMILIES:
        raise ValueError(f"family={family!r} is not one of {FAMILIES}")

    def decorator(
        definition: Callable[P, st.SearchStrategy[T]],
    ) -> Callable[P, st.SearchStrategy[T]]:
        name = definition.__name__
        if name in REGISTRY:
            raise RuntimeError(f"strategy {name!r} is registered twice")
        cache: dict[Hashable, st.SearchStrategy[T]] = {}

        @functools.wraps(definition)
        def accept(*args: P.args, **kwargs: P.kwargs) -> st.SearchStrategy[T]:
            key = _cache_key(args, kwargs)
            if key is not None and key in cache:
                return cache[key]
            strategy = _deferred_call(definition, args, dict(kwargs))
            if key is not None:
                cache[key] = strategy
            return strategy

        REGISTRY[name] = StrategyInfo(
            name=name,
            function=accept,
            family=family,
            labels=labels,
            provisional=provisional,
            branches=branches,
        )
        return accept

    return decorator


def union(branches: Mapping[str, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One strategy drawing a label uniformly, then from its branch; shrinks to the first.

    ``st.one_of`` would flatten branches that are themselves unions (or maps of unions) into
    their members, and a label with many members would crowd out the others.
    """
    if len(branches) == 1:
        return next(iter(branches.values()))
    table = dict(branches)
    return st.sampled_from(list(table)).flatmap(table.__getitem__)


def grouped(pairs: Sequence[tuple[str, st.SearchStrategy[T]]]) -> dict[str, st.SearchStrategy[T]]:
    """Label -> the union of the strategies given for it, labels in first-seen order."""
    groups: dict[str, list[st.SearchStrategy[T]]] = {}
    for label, strategy in pairs:
        groups.setdefault(label, []).append(strategy)
    return {label: st.one_of(parts) for label, parts in groups.items()}


# --- argument checks ---------------------------------------------------------------------------


def check_type(expected: type | tuple[type, ...], value: object, name: str) -> None:
    """Raise ``InvalidArgument`` unless ``value`` is an instance of ``expected`` (bools are not
    accepted where an ``int`` is expected)."""
    wants_int = expected is int or (isinstance(expected, tuple) and int in expected)
    if not isinstance(value, expected) or (
        wants_int and isinstance(value, bool) and bool not in _as_tuple(expected)
    ):
        raise InvalidArgument(
            f"{name}={value!r} must be of type {_type_names(expected)}, not {type(value).__name__}"
        )


def check_int_range(value: object, name: str, *, lower: int, upper: int | None = None) -> int:
    """``value`` as an int within ``[lower, upper]`` (``upper=None``: unbounded), else raise."""
    check_type(int, value, name)
    assert isinstance(value, int)
    if value < lower or (upper is not None and value > upper):
        bound = f"[{lower}, {upper}]" if upper is not None else f"[{lower}, ...)"
        raise InvalidArgument(f"{name}={value!r} must lie in {bound}")
    return value


def check_valid_sizes(
    min_size: object,
    max_size: object,
    *,
    lower: int,
    upper: int,
    min_name: str = "min_size",
    max_name: str = "max_size",
) -> tuple[int, int]:
    """Both sizes as ints within ``[lower, upper]`` with ``min_size <= max_size``, else raise."""
    low = check_int_range(min_size, min_name, lower=lower, upper=upper)
    high = check_int_range(max_size, max_name, lower=lower, upper=upper)
    if low > high:
        raise InvalidArgument(f"{min_name}={low!r} must not be greater than {max_name}={high!r}")
    return low, high


def check_subset(values: object, allowed: Collection[str], name: str) -> tuple[str, ...]:
    """``values`` as a non-empty tuple of distinct members of ``allowed``, else raise."""
    if isinstance(values, str) or not isinstance(values, Collection):
        raise InvalidArgument(f"{name}={values!r} must be a collection of strings")
    chosen = tuple(values)
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise InvalidArgument(
            f"{name}={values!r} holds {unknown!r}, which are not among {sorted(allowed)!r}"
        )
    if not chosen:
        raise InvalidArgument(f"{name}={values!r} must not be empty")
    if len(set(chosen)) != len(chosen):
        raise InvalidArgument(f"{name}={values!r} repeats a value")
    return chosen


def check_strategy(value: object, name: str) -> None:
    """Raise ``InvalidArgument`` unless ``value`` is a Hypothesis strategy."""
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{name}={value!r} must be a SearchStrategy")


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _type_names(expected: type | tuple[type, ...]) -> str:
    return " or ".join(kind.__name__ for kind in _as_tuple(expected))
