"""Which requirements a run judges: the profile's levels, minus the features turned off."""

from __future__ import annotations

from collections.abc import Mapping

from .config import FEATURES, SuiteConfig
from .contract.catalogue import Catalogue, Requirement

__all__ = ["FEATURE_AREAS", "RATE_LIMIT_PROBE_REQUIREMENTS", "disabled_requirements"]

# Catalogue areas that need each feature of the target.
FEATURE_AREAS: Mapping[str, frozenset[str]] = {
    "edits": frozenset({"edits", "revert", "idempotency", "credits", "reference-images"}),
    "rate_limits": frozenset({"rate-limit"}),
    "credits": frozenset({"credits"}),
    "org": frozenset({"org"}),
    "reference_images": frozenset({"reference-images"}),
}
assert set(FEATURE_AREAS) == set(FEATURES), "every feature toggle names its areas"


#: Requirements judged only by the checks that provoke a 429 (``knowlify_opening`` /
#: ``knowlify_last``); ``rate_limit_probes: false`` disables them. tests/test_selection.py keeps
#: this set equal to what the test modules' markers say.
RATE_LIMIT_PROBE_REQUIREMENTS: frozenset[str] = frozenset(
    {"RATE-008", "RATE-009", "RATE-010", "RATE-011", "RATE-012", "RATE-013", "PREC-002"}
)
PROBES_OFF = "rate-limit probes are off (rate_limit_probes: false, or --no-rate-limit-probes)"


def _feature_off(config: SuiteConfig, requirement: Requirement) -> str | None:
    for feature in sorted(config.disabled_features):
        if str(requirement.area) in FEATURE_AREAS[feature]:
            return feature
    return None


def disabled_requirements(config: SuiteConfig, catalogue: Catalogue) -> dict[str, str]:
    """Requirement ID -> why this run does not judge it (profile or feature toggle)."""
    in_profile = {r.id for r in catalogue.in_profile(config.profile)}
    reasons: dict[str, str] = {}
    for requirement in catalogue:
        feature = _feature_off(config, requirement)
        if requirement.id not in in_profile:
            reasons[requirement.id] = f"not in the '{config.profile}' profile"
        elif feature is not None:
            reasons[requirement.id] = f"feature '{feature}' is turned off"
        elif not config.rate_limit_probes and requirement.id in RATE_LIMIT_PROBE_REQUIREMENTS:
            reasons[requirement.id] = PROBES_OFF
    return reasons
