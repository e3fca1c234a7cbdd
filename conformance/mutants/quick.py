"""The quick profile: the one selection every mutant run uses, defined here and nowhere else.

The strict profile (SHOULD and OPTION rules are where many faults show) without the
Schemathesis-generated checks (the slow part; their requirements are all judged by the
hand-written checks too), and with the rate-limit probes (the rate-limit mutants need them; on
the movable clock of a ``reference:`` target they cost no time). The clean reference run proves
the selection still judges every requirement some mutant breaks (``coverage_gaps``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["QUICK", "QuickProfile"]


@dataclass(frozen=True, slots=True)
class QuickProfile:
    profile: str = "strict"
    keyword: str = "not test_schemathesis"
    rate_limit_probes: bool = True
    #: Drawn answer sequences per kind in a client run (fixed seed 0): enough for each kind to
    #: reach every fault it can show, at a third of the default's cost.
    client_examples: int = 10

    #: Drawn bad-input cases per class label: none, the explicit examples of every label only
    #: (every label is still sent; the drawn cases are the full runs' business).
    examples: int = 0

    def run_arguments(self, focus: str = "") -> list[str]:
        """The ``knowlify-conformance run`` flags that select it (narrowed by ``focus``, a
        ``-k`` expression, for a mutant that names the checks able to judge it)."""
        keyword = f"{self.keyword} and {focus}" if focus else self.keyword
        arguments = ["--profile", self.profile, "-k", keyword, "--examples", str(self.examples)]
        return arguments if self.rate_limit_probes else [*arguments, "--no-rate-limit-probes"]

    def client_arguments(self) -> list[str]:
        """The ``knowlify-conformance clients`` flags that select it."""
        return ["--profile", self.profile, "--examples", str(self.client_examples), "--seed", "0"]

    def describe(self) -> str:
        probes = "with" if self.rate_limit_probes else "without"
        return (
            f"profile {self.profile}, -k '{self.keyword}', {probes} rate-limit probes, "
            f"--examples {self.examples}"
        )


QUICK = QuickProfile()
