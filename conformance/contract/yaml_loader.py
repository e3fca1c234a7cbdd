"""How the packaged contract files are read: libyaml's safe loader when PyYAML has it (about
ten times faster than the pure-Python one; every run reads the catalogue and OpenAPI)."""

from __future__ import annotations

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

__all__ = ["SafeLoader"]
