"""knowlify-conformance's entry points: the console script and the pytest plugin's switch.

A module of its own, with a name no other distribution uses, because the suite's packages
(``conformance``, ``strategies``) have common names: a folder or module by one of those names
in the working directory, or another distribution's package, would shadow them. Both entry
points check first and stop with one line naming what was found instead.

The pytest plugin (``conformance.plugin``) is installed for every pytest session of the
environment, an SDK's own test run included. This module is what pytest loads; it imports
nothing of the suite and registers the plugin only when the session asks for it: a
``--knowlify-*`` option, a ``knowlify_*`` ini setting, or the suite's own tests named on the
command line (``--pyargs conformance.server``, a path inside the ``conformance`` package).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["asked_for", "main", "pytest_load_initial_conftests", "shadowing"]

HERE = Path(__file__).resolve().parent
PACKAGES = ("conformance", "strategies")
PLUGIN = "conformance.plugin"
#: pytest options whose value follows them: the value is not a test to run.
_VALUED = frozenset(
    {"-k", "-m", "-p", "-c", "-o", "-W", "-n", "--rootdir", "--deselect", "--ignore",
     "--ignore-glob", "--confcutdir", "--basetemp", "--junitxml", "--durations"}
)  # fmt: skip


def shadowing() -> str | None:
    """Why ``conformance`` or ``strategies`` would not import as this suite's, or None."""
    for name in PACKAGES:
        expected = HERE / name
        loaded = sys.modules.get(name)
        spec = loaded.__spec__ if loaded is not None else importlib.util.find_spec(name)
        if spec is None:
            return (
                f"the package '{name}' of knowlify-conformance is missing (expected {expected}); "
                "reinstall knowlify-conformance"
            )
        if spec.origin not in (None, "namespace") and Path(spec.origin).name == "__init__.py":
            found = Path(spec.origin).resolve().parent
        elif spec.origin not in (None, "namespace"):
            found = Path(spec.origin).resolve()
        else:
            found = Path(next(iter(spec.submodule_search_locations or [str(expected)])))
        if found != expected.resolve():
            return (
                f"the module '{name}' imports from {found}, not from knowlify-conformance "
                f"({expected}): rename or move that '{name}', or run from another folder"
            )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The ``knowlify-conformance`` console script."""
    problem = shadowing()
    if problem is not None:
        print(f"knowlify-conformance: error: {problem}", file=sys.stderr)
        return 2
    from conformance.cli import main as cli_main

    return cli_main(list(argv) if argv is not None else None)


def asked_for(args: Sequence[str], ini: Mapping[str, Any]) -> bool:
    """Whether a pytest session asks for the knowlify plugin (see the module docstring)."""
    if any(str(key).startswith("knowlify_") for key in ini):
        return True
    package = HERE / "conformance"
    for previous, arg in zip(["", *args], args, strict=False):
        if arg.startswith("--knowlify"):
            return True
        if previous in _VALUED or arg.startswith("-"):
            continue
        name = arg.split("::", 1)[0]
        if name == "conformance" or name.startswith(("conformance.", "conformance/")):
            return True
        try:
            path = Path(name).resolve()
        except (OSError, ValueError):
            continue
        if path == package or package in path.parents:
            return True
    return False


def _ini_keys(early_config: Any) -> Mapping[str, Any]:
    """The ini file's settings as read, before any plugin declared them (``getini`` needs that)."""
    import warnings

    with warnings.catch_warnings():  # ``inicfg`` is deprecated for reading declared values
        warnings.simplefilter("ignore")
        found = getattr(early_config, "inicfg", None)
    return found if isinstance(found, Mapping) else {}


def pytest_load_initial_conftests(early_config: Any, parser: Any, args: list[str]) -> None:
    """Register ``conformance.plugin`` when asked for; its options join the parser then."""
    manager = early_config.pluginmanager
    if manager.has_plugin(PLUGIN) or not asked_for(args, _ini_keys(early_config)):
        return
    problem = shadowing()
    if problem is not None:
        import pytest

        raise pytest.UsageError(f"knowlify: {problem}")
    manager.import_plugin(PLUGIN)
