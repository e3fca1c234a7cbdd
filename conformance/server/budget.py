"""How many bad-input cases a run draws per class label, and from which seed (the defaults).

Kept apart from the driver (which imports Hypothesis) so the command line and the plugin can
name the defaults in their help without importing it.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_SEED", "EXAMPLES_HELP", "IN_PROCESS_EXAMPLES", "REMOTE_EXAMPLES", "SEED_HELP"]

#: Drawn examples per label against an in-process target, unless ``--examples`` says otherwise.
IN_PROCESS_EXAMPLES: Final = 10
#: Drawn examples per label against an HTTP target (each costs a rate-limit slot).
REMOTE_EXAMPLES: Final = 1
#: The Hypothesis seed of a run that names none: runs repeat unless told otherwise.
DEFAULT_SEED: Final = 0

EXAMPLES_HELP: Final = (
    "bad-input cases Hypothesis draws per class label, beyond its explicit examples (default: "
    f"{IN_PROCESS_EXAMPLES} in process, {REMOTE_EXAMPLES} against an HTTP target)"
)
SEED_HELP: Final = (
    f"the Hypothesis seed of those drawn cases (default {DEFAULT_SEED}; recorded in "
    "results.json): the same seed sends the same cases"
)
