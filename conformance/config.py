"""The suite's configuration: one typed object, merged from file, environment and flags.

Precedence (later wins): built-in defaults -> config file (``--config``, or
``[tool.knowlify-conformance]`` in ``./pyproject.toml``) -> environment variables -> command-line
flags. Secrets (API keys, session tokens) may come from the file or the environment, never from
flags, and ``redacted()`` is what reports show.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .failures import HarnessError

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "PROFILES",
    "ConfigError",
    "Fixtures",
    "RateLimits",
    "SuiteConfig",
    "load_config",
]

PROFILES = ("documented", "strict")

# Environment variable -> dotted path in the config document.
ENVIRONMENT_VARIABLES: Mapping[str, str] = {
    "KNOWLIFY_BASE_URL": "target",
    "KNOWLIFY_PROFILE": "profile",
    "KNOWLIFY_API_KEY": "fixtures.keys.personal",
    "KNOWLIFY_ORG_API_KEY": "fixtures.keys.org",
    "KNOWLIFY_SECOND_API_KEY": "fixtures.keys.second_account",
    "KNOWLIFY_REVOKED_API_KEY": "fixtures.keys.revoked",
    "KNOWLIFY_LOW_BALANCE_API_KEY": "fixtures.keys.low_balance",
    "KNOWLIFY_RATE_LIMIT_API_KEY": "fixtures.keys.rate_limit_probe",
    "KNOWLIFY_ORG_ID": "fixtures.org_id",
}


class ConfigError(HarnessError):
    """The configuration is unreadable or invalid; the message says where and how to fix it."""


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The limits the target enforces; the documented ones unless a sandbox says otherwise."""

    videos: int = 30
    edits: int = 10
    window_seconds: int = 60


@dataclass(frozen=True, slots=True)
class Fixtures:
    """Accounts and objects that tests need, as a nested mapping (see README, Configuration).

    ``get("videos.complete")`` returns the value or None; tests turn None into a ``skip``
    naming the missing key.
    """

    data: Mapping[str, Any] = field(default_factory=dict)

    def get(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    def secrets(self) -> dict[str, str]:
        """Every credential by its config name (``keys.personal`` ...)."""
        found: dict[str, str] = {}
        for section in ("keys", "sessions"):
            values = self.data.get(section) or {}
            if isinstance(values, Mapping):
                found.update(
                    {f"{section}.{k}": v for k, v in values.items() if isinstance(v, str) and v}
                )
        return found


@dataclass(frozen=True, slots=True)
class SuiteConfig:
    target: str = "reference"
    profile: str = "documented"
    sandbox: bool = False
    timeout_seconds: float = 10.0
    rate_limits: RateLimits = field(default_factory=RateLimits)
    fixtures: Fixtures = field(default_factory=Fixtures)
    source: str = "defaults"

    def secrets(self) -> dict[str, str]:
        return self.fixtures.secrets()

    def redacted(self) -> dict[str, Any]:
        """The configuration as reports show it: every key and token masked."""
        secret_set = set(self.secrets().values())

        def mask(node: Any) -> Any:
            if isinstance(node, Mapping):
                return {k: mask(v) for k, v in node.items()}
            return "[REDACTED]" if isinstance(node, str) and node in secret_set else node

        return {
            "target": self.target,
            "profile": self.profile,
            "sandbox": self.sandbox,
            "timeout_seconds": self.timeout_seconds,
            "rate_limits": {
                "videos": self.rate_limits.videos,
                "edits": self.rate_limits.edits,
                "window_seconds": self.rate_limits.window_seconds,
            },
            "fixtures": mask(dict(self.fixtures.data)),
            "source": self.source,
        }


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    try:
        if path.suffix == ".toml":
            document: Any = tomllib.loads(text)
            if path.name == "pyproject.toml":
                document = document.get("tool", {}).get("knowlify-conformance", {})
        elif path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"config file {path} is not valid {path.suffix.lstrip('.') or 'YAML'}: "
                          f"{first_line}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return document


def _set_dotted(document: dict[str, Any], dotted: str, value: Any) -> None:
    node = document
    *parents, leaf = dotted.split(".")
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[leaf] = value


_KNOWN_KEYS = frozenset(
    {"target", "profile", "sandbox", "timeout_seconds", "rate_limits", "fixtures"}
)


def _build(document: Mapping[str, Any], source: str) -> SuiteConfig:
    unknown = sorted(set(document) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{source}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    profile = str(document.get("profile", "documented"))
    if profile not in PROFILES:
        raise ConfigError(f"{source}: profile={profile!r} is not one of {', '.join(PROFILES)}")
    limits_doc = document.get("rate_limits") or {}
    fixtures_doc = document.get("fixtures") or {}
    if not isinstance(limits_doc, Mapping) or not isinstance(fixtures_doc, Mapping):
        raise ConfigError(f"{source}: rate_limits and fixtures must be mappings")
    try:
        limits = RateLimits(
            videos=int(limits_doc.get("videos", 30)),
            edits=int(limits_doc.get("edits", 10)),
            window_seconds=int(limits_doc.get("window_seconds", 60)),
        )
        timeout = float(document.get("timeout_seconds", 10.0))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: a number is not a number ({exc})") from None
    if min(limits.videos, limits.edits, limits.window_seconds) < 1 or timeout <= 0:
        raise ConfigError(f"{source}: rate limits and timeout_seconds must be positive")
    return SuiteConfig(
        target=str(document.get("target", "reference")),
        profile=profile,
        sandbox=bool(document.get("sandbox", False)),
        timeout_seconds=timeout,
        rate_limits=limits,
        fixtures=Fixtures(dict(fixtures_doc)),
        source=source,
    )


def load_config(
    path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    target: str | None = None,
    profile: str | None = None,
) -> SuiteConfig:
    """Merge file, environment and flags into one validated ``SuiteConfig``."""
    environ = os.environ if environ is None else environ
    sources: list[str] = []
    document: dict[str, Any] = {}
    if path is not None:
        document = _read_file(path)
        sources.append(str(path))
    elif Path("pyproject.toml").is_file():
        from_pyproject = _read_file(Path("pyproject.toml"))
        if from_pyproject:
            document = from_pyproject
            sources.append("pyproject.toml [tool.knowlify-conformance]")
    for variable, dotted in ENVIRONMENT_VARIABLES.items():
        if environ.get(variable):
            _set_dotted(document, dotted, environ[variable])
            sources.append(variable)
    config = _build(document, " + ".join(sources) or "defaults")
    if target is not None:
        config = replace(config, target=target)
    if profile is not None:
        if profile not in PROFILES:
            raise ConfigError(f"--profile {profile!r} is not one of {', '.join(PROFILES)}")
        config = replace(config, profile=profile)
    return config
