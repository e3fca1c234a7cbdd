"""The suite's configuration: one typed object, merged from file, environment and flags.

Precedence (later wins): built-in defaults -> config file (``--config``, or
``[tool.knowlify-conformance]`` in ``./pyproject.toml``) -> environment variables -> command-line
flags. Secrets (API keys, session tokens) may come from the file or the environment, never from
flags, and ``redacted()`` is what reports show.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from .documents import DocumentError, parse, read_text
from .failures import HarnessError

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "FEATURES",
    "PROFILES",
    "ConfigError",
    "Fixtures",
    "RateLimits",
    "SuiteConfig",
    "load_config",
    "redact_url",
]

PROFILES = ("documented", "strict")
#: Defaults of the run budget and the circuit breaker (docs/safety.md).
DEFAULT_RUN_BUDGET_SECONDS = 1800.0
DEFAULT_BREAKER_THRESHOLD = 5
# Feature toggles: a live run turns off what its target lacks or it has no fixture for.
FEATURES = ("edits", "rate_limits", "credits", "org", "reference_images")

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
    """Accounts and objects that tests need, as a nested mapping (explained by ``init``).

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

    def __repr__(self) -> str:  # tracebacks and pytest's fixture dumps must not show keys
        return f"Fixtures(data={_masked(self.data, set(self.secrets().values()))!r})"

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
    # Features the target does not offer (or the run must not touch): their checks are disabled.
    disabled_features: frozenset[str] = frozenset()
    # How many requests that a conformant live server would accept and bill may be sent.
    allow_spend: int = 0
    # Set by --dry-run: the run goes to the embedded reference only to list its requests.
    dry_run: bool = False
    # Real time one check may spend waiting for a sandbox's jobs to progress (0: never wait).
    max_wait_seconds: float = 120.0
    # A sandbox served with --time-scale F runs its jobs F times as long: waits scale alike.
    time_scale: float = 1.0
    # Real time the whole run may take; past it every check still to run is ``error``.
    run_budget_seconds: float = DEFAULT_RUN_BUDGET_SECONDS
    # Transport errors or refusals (unintended 429s) in a row that stop the run.
    breaker_threshold: int = DEFAULT_BREAKER_THRESHOLD
    # False: the checks that provoke a 429 are left out and their requirements are disabled
    # (a sandbox served with --dev, whose raised limits a probe could not spend).
    rate_limit_probes: bool = True

    def secrets(self) -> dict[str, str]:
        return self.fixtures.secrets()

    def feature_enabled(self, feature: str) -> bool:
        return feature not in self.disabled_features

    @property
    def display_target(self) -> str:
        """The target as output shows it: a password in the URL is masked."""
        return redact_url(self.target)

    def __repr__(self) -> str:  # the dataclass repr would show a password in the target URL
        return (
            f"SuiteConfig(target={self.display_target!r}, profile={self.profile!r}, "
            f"sandbox={self.sandbox!r}, timeout_seconds={self.timeout_seconds!r}, "
            f"rate_limits={self.rate_limits!r}, fixtures={self.fixtures!r}, "
            f"source={self.source!r}, disabled_features={sorted(self.disabled_features)!r}, "
            f"allow_spend={self.allow_spend!r}, run_budget_seconds={self.run_budget_seconds!r}, "
            f"breaker_threshold={self.breaker_threshold!r})"
        )

    def redacted(self) -> dict[str, Any]:
        """The configuration as reports show it: every key and token masked."""
        return {
            "target": self.display_target,
            "profile": self.profile,
            "sandbox": self.sandbox,
            "timeout_seconds": self.timeout_seconds,
            "rate_limits": {
                "videos": self.rate_limits.videos,
                "edits": self.rate_limits.edits,
                "window_seconds": self.rate_limits.window_seconds,
            },
            "fixtures": _masked(self.fixtures.data, set(self.secrets().values())),
            "source": self.source,
            "features": {name: name not in self.disabled_features for name in FEATURES},
            "max_wait_seconds": self.max_wait_seconds,
            "time_scale": self.time_scale,
            "rate_limit_probes": self.rate_limit_probes,
            "allow_spend": self.allow_spend,
            "run_budget_seconds": self.run_budget_seconds,
            "breaker_threshold": self.breaker_threshold,
        }


def _masked(node: Any, secrets: set[str]) -> Any:
    """``node`` (nested mappings and lists) with every value in ``secrets`` masked."""
    if isinstance(node, Mapping):
        return {key: _masked(value, secrets) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [_masked(value, secrets) for value in node]
    return "[REDACTED]" if isinstance(node, str) and node in secrets else node


def redact_url(url: str) -> str:
    """``url`` with the password of any ``user:password@`` part replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = read_text(path)
    except DocumentError as exc:
        raise ConfigError(f"config file {exc}; check the --config path") from None
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file {path}: {exc.strerror or exc}; check the --config path"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text") from None
    kind = {".toml": "TOML", ".json": "JSON"}.get(path.suffix, "YAML")
    try:
        document: Any = parse(text, kind)
        if kind == "TOML" and path.name == "pyproject.toml":
            tool = document.get("tool", {})
            document = tool.get("knowlify-conformance", {}) if isinstance(tool, dict) else {}
    except DocumentError as exc:
        raise ConfigError(f"config file {path} cannot be used: {exc}") from None
    except (ValueError, yaml.YAMLError) as exc:
        where = _error_position(exc)
        problem = getattr(exc, "problem", None) or next(
            (line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__
        )
        raise ConfigError(f"config file {path} is not valid {kind}{where}: {problem}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ConfigError(
            f"config file {path} must hold a mapping (key: value lines) at the top level, "
            f"not a {_kind_of(document)}"
        )
    return document


def _error_position(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)  # yaml.MarkedYAMLError
    if mark is not None:
        return f" (line {mark.line + 1}, column {mark.column + 1})"
    return ""


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {list: "list", str: "string", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


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
    {
        "target",
        "profile",
        "sandbox",
        "timeout_seconds",
        "rate_limits",
        "fixtures",
        "features",
        "allow_spend",
        "max_wait_seconds",
        "time_scale",
        "run_budget_seconds",
        "breaker_threshold",
        "rate_limit_probes",
    }
)
_RATE_LIMIT_KEYS = ("videos", "edits", "window_seconds")


class _Origins:
    """Where each setting came from, so that an error names the file, variable or flag."""

    def __init__(self) -> None:
        self._by_path: dict[str, str] = {}

    def set(self, dotted: str, origin: str) -> None:
        self._by_path[dotted] = origin

    def of(self, dotted: str) -> str:
        parts = dotted.split(".")
        for size in range(len(parts), 0, -1):
            origin = self._by_path.get(".".join(parts[:size]))
            if origin is not None:
                return origin
        return "defaults"


def _is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes '²', which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def _whole_number(value: Any, name: str, origins: _Origins) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _is_digits(value.strip()):
        number = int(value.strip())
    if number is None or number < 1:
        raise ConfigError(
            f"{origins.of(name)}: {name} is {value!r}; it must be a whole number of at least 1"
        )
    return number


def _positive_seconds(value: Any, name: str, origins: _Origins) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number <= 0:
        raise ConfigError(
            f"{origins.of(name)}: {name} is {value!r}; it must be a number of seconds above 0"
        )
    return number


def _check_credentials(fixtures: Mapping[str, Any], origins: _Origins) -> None:
    """Keys and session tokens are strings as sent: not numbers (YAML reads an unquoted
    ``123e4`` as one; it would be sent but not masked), and without whitespace or control
    characters (a key pasted with its newline would make every check error). The messages
    never repeat the value."""
    for section in ("keys", "sessions"):
        values = fixtures.get(section)
        if values is None:
            continue
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"{origins.of('fixtures.' + section)}: fixtures.{section} must be a mapping of "
                f"names to strings, not a {_kind_of(values)}"
            )
        for name, value in values.items():
            dotted = f"fixtures.{section}.{name}"
            if value is None or value == "":
                continue  # not configured: its checks skip
            if not isinstance(value, str):
                raise ConfigError(
                    f"{origins.of(dotted)}: {dotted} is a {_kind_of(value)}, not a string; "
                    "put the value in quotes"
                )
            if any(c.isspace() or not c.isprintable() for c in value):
                raise ConfigError(
                    f"{origins.of(dotted)}: {dotted} holds whitespace or control characters "
                    "(a trailing newline?); remove them"
                )


def _build(document: Mapping[str, Any], origins: _Origins, source: str) -> SuiteConfig:
    unknown = sorted(str(key) for key in set(document) - _KNOWN_KEYS)
    if unknown:
        where = origins.of(unknown[0])
        raise ConfigError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    target = document.get("target", "reference")
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(
            f"{origins.of('target')}: target is {target!r}; give 'reference', "
            "'asgi:MODULE:ATTR' or an http(s):// base URL"
        )
    profile = document.get("profile", "documented")
    if profile not in PROFILES:
        raise ConfigError(
            f"{origins.of('profile')}: profile {profile!r} is not one of {', '.join(PROFILES)}"
        )
    sandbox = document.get("sandbox", False)
    if not isinstance(sandbox, bool):
        raise ConfigError(f"{origins.of('sandbox')}: sandbox is {sandbox!r}; use true or false")
    limits_doc = document.get("rate_limits")
    limits_doc = {} if limits_doc is None else limits_doc
    if not isinstance(limits_doc, Mapping):
        raise ConfigError(
            f"{origins.of('rate_limits')}: rate_limits must be a mapping of "
            f"{', '.join(_RATE_LIMIT_KEYS)}, not a {_kind_of(limits_doc)}"
        )
    unknown_limits = sorted(str(key) for key in set(limits_doc) - set(_RATE_LIMIT_KEYS))
    if unknown_limits:
        raise ConfigError(
            f"{origins.of('rate_limits')}: unknown setting(s) "
            f"{', '.join('rate_limits.' + key for key in unknown_limits)}; "
            f"known: {', '.join(_RATE_LIMIT_KEYS)}"
        )
    defaults = RateLimits()
    limits = RateLimits(
        **{
            key: _whole_number(
                limits_doc.get(key, getattr(defaults, key)), f"rate_limits.{key}", origins
            )
            for key in _RATE_LIMIT_KEYS
        }
    )
    timeout = _positive_seconds(document.get("timeout_seconds", 10.0), "timeout_seconds", origins)
    fixtures_doc = document.get("fixtures")
    fixtures_doc = {} if fixtures_doc is None else fixtures_doc
    if not isinstance(fixtures_doc, Mapping):
        raise ConfigError(
            f"{origins.of('fixtures')}: fixtures must be a mapping (keys, videos, edits, ...), "
            f"not a {_kind_of(fixtures_doc)}"
        )
    _check_credentials(fixtures_doc, origins)
    features_doc = document.get("features")
    features_doc = {} if features_doc is None else features_doc
    if not isinstance(features_doc, Mapping):
        raise ConfigError(
            f"{origins.of('features')}: features must be a mapping of "
            f"{', '.join(FEATURES)} to true or false, not a {_kind_of(features_doc)}"
        )
    disabled: set[str] = set()
    for name, enabled in features_doc.items():
        if name not in FEATURES or not isinstance(enabled, bool):
            raise ConfigError(
                f"{origins.of('features.' + str(name))}: features.{name} is {enabled!r}; "
                f"features are {', '.join(FEATURES)}, each true or false"
            )
        if not enabled:
            disabled.add(str(name))
    allow_spend = document.get("allow_spend", 0)
    if isinstance(allow_spend, str) and _is_digits(allow_spend.strip()):
        allow_spend = int(allow_spend)
    if not isinstance(allow_spend, int) or isinstance(allow_spend, bool) or allow_spend < 0:
        raise ConfigError(
            f"{origins.of('allow_spend')}: allow_spend is {allow_spend!r}; "
            "it must be a whole number of at least 0"
        )
    max_wait = document.get("max_wait_seconds", 120.0)
    if isinstance(max_wait, bool) or not isinstance(max_wait, int | float) or max_wait < 0:
        raise ConfigError(
            f"{origins.of('max_wait_seconds')}: max_wait_seconds is {max_wait!r}; "
            "it must be a number of seconds, 0 or more"
        )
    time_scale = document.get("time_scale", 1.0)
    if (
        isinstance(time_scale, bool)
        or not isinstance(time_scale, int | float)
        or not (0 < time_scale <= 1)
    ):
        raise ConfigError(
            f"{origins.of('time_scale')}: time_scale is {time_scale!r}; "
            "it must be within 0 < F <= 1"
        )
    budget = document.get("run_budget_seconds", DEFAULT_RUN_BUDGET_SECONDS)
    budget = _positive_seconds(budget, "run_budget_seconds", origins)
    breaker = _whole_number(
        document.get("breaker_threshold", DEFAULT_BREAKER_THRESHOLD), "breaker_threshold", origins
    )
    probes = document.get("rate_limit_probes", True)
    if not isinstance(probes, bool):
        raise ConfigError(
            f"{origins.of('rate_limit_probes')}: rate_limit_probes is {probes!r}; use true or false"
        )
    return SuiteConfig(
        target=target.strip(),
        profile=profile,
        sandbox=sandbox,
        timeout_seconds=timeout,
        rate_limits=limits,
        fixtures=Fixtures(dict(fixtures_doc)),
        source=source,
        disabled_features=frozenset(disabled),
        allow_spend=allow_spend,
        max_wait_seconds=float(max_wait),
        time_scale=float(time_scale),
        run_budget_seconds=budget,
        breaker_threshold=breaker,
        rate_limit_probes=probes,
    )


def load_config(
    path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    target: str | None = None,
    profile: str | None = None,
    disable: Sequence[str] = (),
    allow_spend: int | None = None,
    run_budget_seconds: float | None = None,
    breaker_threshold: int | None = None,
    rate_limit_probes: bool | None = None,
) -> SuiteConfig:
    """Merge file, environment and flags into one validated ``SuiteConfig``.

    Every error is a ``ConfigError`` whose one-line message names the setting, where it came from
    (file, environment variable or flag) and what a valid value looks like.
    """
    environ = os.environ if environ is None else environ
    sources: list[str] = []
    origins = _Origins()
    document: dict[str, Any] = {}
    if path is not None:
        document = _read_file(path)
        sources.append(str(path))
        for key in document:
            origins.set(str(key), f"config file {path}")
    elif Path("pyproject.toml").is_file():
        from_pyproject = _read_file(Path("pyproject.toml"))
        if from_pyproject:
            document = from_pyproject
            sources.append("pyproject.toml [tool.knowlify-conformance]")
            for key in document:
                origins.set(str(key), "pyproject.toml [tool.knowlify-conformance]")
    for variable, dotted in ENVIRONMENT_VARIABLES.items():
        if environ.get(variable):
            _set_dotted(document, dotted, environ[variable])
            origins.set(dotted, f"environment variable {variable}")
            sources.append(variable)
    flags = (
        ("target", target),
        ("profile", profile),
        ("allow_spend", allow_spend),
        ("run_budget_seconds", run_budget_seconds),
        ("breaker_threshold", breaker_threshold),
        ("rate_limit_probes", rate_limit_probes),
    )
    for dotted, value in flags:
        if value is not None:
            document[dotted] = value
            origins.set(dotted, "command line")
    for feature in disable:
        _set_dotted(document, f"features.{feature}", False)
        origins.set(f"features.{feature}", "command line")
    return _build(document, origins, " + ".join(sources) or "defaults")
