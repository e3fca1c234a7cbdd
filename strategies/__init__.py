"""Hypothesis strategies for the Knowlify API v1 (public API; see docs/strategies.md).

Valid values (plural nouns) are accepted by the contract; each ``invalid_<thing>()`` and hostile-URL
strategy yields ``LabelledCase`` objects, bad requests tagged with the requirement they exercise
and the status a conformant server must answer. ``strategies.provisional`` holds strategies that
may change in any release; ``strategies.ssrf_corpus`` the curated corpus of SSRF bypasses.
"""

from __future__ import annotations

from ._bodies import non_json_bodies, wrong_shape_bodies
from ._cases import (
    NO_BODY,
    PLACEHOLDER_UUID,
    BuiltRequest,
    Fill,
    LabelledCase,
    MissingFixture,
)
from ._credentials import invalid_credentials
from ._fields import invalid_enums, invalid_hex_colours, invalid_palettes
from ._hostile import (
    alternative_ipv4_urls,
    embedded_ipv4_urls,
    loopback_urls,
    private_ipv4_urls,
    special_ipv6_urls,
)
from ._registry import REGISTRY, StrategyInfo
from ._sizes import invalid_batches, invalid_emails, invalid_lengths, out_of_range_numbers
from ._tricks import (
    internal_name_urls,
    non_https_urls,
    percent_encoded_urls,
    redirect_chain_urls,
    unicode_host_urls,
    userinfo_trick_urls,
)
from ._types import invalid_field_types
from ._urls import hostile_reference_urls, malformed_urls
from ._valid import (
    api_keys,
    create_videos_bodies,
    edit_bodies,
    emails,
    hex_colours,
    palettes,
    prompt_texts,
    public_reference_urls,
    uuid_strings,
    video_items,
)
from .ssrf_corpus import CorpusEntry, load_ssrf_corpus, ssrf_corpus_cases, ssrf_corpus_examples

__all__ = [
    "NO_BODY",
    "PLACEHOLDER_UUID",
    "REGISTRY",
    "BuiltRequest",
    "CorpusEntry",
    "Fill",
    "LabelledCase",
    "MissingFixture",
    "StrategyInfo",
    "alternative_ipv4_urls",
    "api_keys",
    "create_videos_bodies",
    "edit_bodies",
    "emails",
    "embedded_ipv4_urls",
    "hex_colours",
    "hostile_reference_urls",
    "internal_name_urls",
    "invalid_batches",
    "invalid_credentials",
    "invalid_emails",
    "invalid_enums",
    "invalid_field_types",
    "invalid_hex_colours",
    "invalid_lengths",
    "invalid_palettes",
    "load_ssrf_corpus",
    "loopback_urls",
    "malformed_urls",
    "non_https_urls",
    "non_json_bodies",
    "out_of_range_numbers",
    "palettes",
    "percent_encoded_urls",
    "private_ipv4_urls",
    "prompt_texts",
    "public_reference_urls",
    "redirect_chain_urls",
    "special_ipv6_urls",
    "ssrf_corpus_cases",
    "ssrf_corpus_examples",
    "unicode_host_urls",
    "userinfo_trick_urls",
    "uuid_strings",
    "video_items",
    "wrong_shape_bodies",
]

NON_STRATEGY_EXPORTS = frozenset(
    {
        "NO_BODY",
        "PLACEHOLDER_UUID",
        "REGISTRY",
        "BuiltRequest",
        "CorpusEntry",
        "Fill",
        "LabelledCase",
        "MissingFixture",
        "StrategyInfo",
        "load_ssrf_corpus",
        "ssrf_corpus_cases",
        "ssrf_corpus_examples",
    }
)
"""Exports that are not strategies: the case types, the registry and the corpus helpers."""

# Provisional strategies register on import of their module; import it so the registry is whole.
from . import provisional  # noqa: E402

_exported = set(__all__) - NON_STRATEGY_EXPORTS
_registered = {name for name, info in REGISTRY.items() if not info.provisional}
_provisional = {name for name, info in REGISTRY.items() if info.provisional}
if _exported != _registered:
    raise RuntimeError(
        f"exported but not registered: {sorted(_exported - _registered)}; "
        f"registered but not exported: {sorted(_registered - _exported)}"
    )
if _provisional != set(provisional.__all__) - {"PRECEDENCE_LABELS"}:
    raise RuntimeError("strategies.provisional exports and its registered strategies differ")
# "@py_builtins" and "@pytest_ar" are pytest's: it rewrites this package's asserts when the
# package ships a pytest plugin, as this distribution does. They are not names anyone imports.
_public_names = {name for name in globals() if not name.startswith(("_", "@"))} - {
    "annotations",
    "provisional",
    "ssrf_corpus",
    "NON_STRATEGY_EXPORTS",
}
if _public_names != set(__all__):
    raise RuntimeError(
        f"public names outside __all__: {sorted(_public_names - set(__all__))}; "
        f"__all__ names not defined: {sorted(set(__all__) - _public_names)}"
    )
del _exported, _registered, _provisional, _public_names
