"""Which tests check each requirement today: read from the tests' own ``requirement`` markers.

The test modules of ``conformance.server`` (and ``conformance.client`` once it has tests) are
imported, not run; each test function's marks (``pytest.mark.requirement(...)`` on the
function, on ``pytest.param(..., marks=...)`` of its parametrisation, or module-wide
``pytestmark``) name the requirement IDs it proves. The index is exact where a marker is: no
source is parsed. Requirements judged on every response by a global oracle say so too.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["TEST_PACKAGES", "global_oracles", "requirement_tests"]

TEST_PACKAGES = ("conformance.server", "conformance.client")


def _marks(obj: Any) -> list[Any]:
    found = getattr(obj, "pytestmark", [])
    return list(found) if isinstance(found, list | tuple) else [found]


def _ids(mark: Any) -> list[str]:
    mark = getattr(mark, "mark", mark)  # a MarkDecorator wraps its Mark
    return [str(arg) for arg in mark.args] if mark.name == "requirement" else []


def _param_ids(mark: Any) -> dict[str, list[str]]:
    """Parametrize mark -> {param id: requirement IDs on that param's own marks}."""
    mark = getattr(mark, "mark", mark)
    if mark.name != "parametrize" or len(mark.args) < 2:
        return {}
    found: dict[str, list[str]] = {}
    for index, value in enumerate(mark.args[1]):
        ids = [rid for sub in getattr(value, "marks", ()) for rid in _ids(sub)]
        if ids:
            found[_param_label(value, index)] = ids
    return found


def _param_label(value: Any, index: int) -> str:
    """The id pytest gives a parameter: its own id, or its values joined by ``-``."""
    given = getattr(value, "id", None)
    if given:
        return str(given)
    values = getattr(value, "values", None)
    if values and all(isinstance(v, str | int | float | bool) for v in values):
        return "-".join(str(v) for v in values)
    return str(index)


def _test_modules(package: str) -> Iterable[ModuleType]:
    try:
        root = importlib.import_module(package)
    except ImportError:
        return
    for info in pkgutil.iter_modules(getattr(root, "__path__", [])):
        if info.name.startswith("test_"):
            yield importlib.import_module(f"{package}.{info.name}")


def _tests_of(module: ModuleType) -> Iterable[tuple[str, Any]]:
    for name, value in vars(module).items():
        if name.startswith("test_") and callable(value):
            yield name, value
        elif name.startswith("Test") and isinstance(value, type):
            for method, function in vars(value).items():
                if method.startswith("test_") and callable(function):
                    yield f"{name}::{method}", function


@functools.cache
def requirement_tests(packages: tuple[str, ...] = TEST_PACKAGES) -> Mapping[str, list[str]]:
    """Requirement ID -> the tests carrying it (``module.py::test[param]``), in file order."""
    index: dict[str, list[str]] = {}
    for package in packages:
        for module in _test_modules(package):
            path = module.__name__.replace(".", "/") + ".py"
            module_ids = [rid for mark in _marks(module) for rid in _ids(mark)]
            for name, test in _tests_of(module):
                test_id = f"{path}::{name}"
                marks = _marks(test)
                ids = module_ids + [rid for mark in marks for rid in _ids(mark)]
                for rid in ids:
                    index.setdefault(rid, []).append(test_id)
                for mark in marks:
                    for param, param_ids in _param_ids(mark).items():
                        for rid in param_ids:
                            index.setdefault(rid, []).append(f"{test_id}[{param}]")
    return {rid: list(dict.fromkeys(tests)) for rid, tests in index.items()}


def global_oracles() -> Mapping[str, str]:
    """Requirement ID -> name of the oracle that judges it on every response of every test."""
    from ..oracles import GLOBAL_ORACLES

    return {registered.requirement: registered.name for registered in GLOBAL_ORACLES}
