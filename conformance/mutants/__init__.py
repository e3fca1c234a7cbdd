"""The suite tests itself: named faults (mutants) of the reference server and client, and the
kill matrix that proves each one is caught on the requirement it breaks.

- ``model``: ``Mutant`` (name, description, ``breaks``, side, spec) and its registry;
- ``server``: the reference server's faults, one module per area; ``apps``: them as app
  factories for ``reference:conformance.mutants.apps:<name>`` targets;
- ``registry``: every mutant by side (client faults come from ``conformance.reference.client``);
- ``quick``: the one selection every mutant run uses;
- ``matrix``: precise kills, incidental failures, errors (pure); ``runner`` and ``warm``: the
  parallel runs behind ``knowlify-conformance mutants``.
"""

from __future__ import annotations

from .matrix import KillMatrix, Outcome, Status, judge
from .model import Mutant, MutantRegistry, MutantSide
from .quick import QUICK, QuickProfile

__all__ = [
    "QUICK",
    "KillMatrix",
    "Mutant",
    "MutantRegistry",
    "MutantSide",
    "Outcome",
    "QuickProfile",
    "Status",
    "judge",
]
