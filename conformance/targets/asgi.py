"""Any ASGI application, in-process and black-box: ``asgi:MODULE:ATTR``.

``ATTR`` may be an ASGI app or a zero-argument factory returning one (``create_app``).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from ..config import ConfigError, SuiteConfig
from .base import OpenTarget
from .inprocess import in_process_client

__all__ = ["load_asgi_app", "open_asgi_target"]


def _is_asgi_app(candidate: Any) -> bool:
    call = candidate if inspect.isfunction(candidate) else getattr(candidate, "__call__", None)  # noqa: B004
    if call is None:
        return False
    try:
        parameters = inspect.signature(call).parameters
    except (TypeError, ValueError):
        return False
    return len(parameters) == 3


def load_asgi_app(spec: str) -> Any:
    _, module_name, attribute = spec.split(":", 2)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(
            f"target {spec!r}: cannot import module {module_name!r} ({exc})"
        ) from None
    try:
        candidate = getattr(module, attribute)
    except AttributeError:
        raise ConfigError(f"target {spec!r}: module {module_name!r} has no {attribute!r}") from None
    if _is_asgi_app(candidate):
        return candidate
    if callable(candidate):
        try:
            app = candidate()
        except TypeError as exc:
            raise ConfigError(
                f"target {spec!r}: {attribute} is neither an ASGI app nor a "
                f"zero-argument factory ({exc})"
            ) from None
        if _is_asgi_app(app):
            return app
    raise ConfigError(f"target {spec!r}: {attribute} is not an ASGI application")


def open_asgi_target(config: SuiteConfig) -> OpenTarget:
    app = load_asgi_app(config.target)
    client = in_process_client(app, base_url="http://asgi.invalid", timeout=config.timeout_seconds)
    return OpenTarget(
        description=f"{config.target} (in-process ASGI)",
        client=client,
        config=config,
        in_process=True,
    )
