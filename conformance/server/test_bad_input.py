"""Every class of bad input the strategies describe is sent, and gets its exact status.

One check per class label of every bad-input family of ``strategies`` (``families.py``): the
label's explicit examples (hand-picked literals, the SSRF corpus entries of its class, its
simplest case for each requirement) go out in every run, then Hypothesis draws more from the
label's own strategy: many in process, few against an HTTP target (``--examples`` sets it;
``--seed`` picks the draws). Each case is judged on its own requirement; the error envelope of
every answer by the global envelope oracles. Each check adds a row to the ``coverage`` section
of ``results.json``: the label, the cases it sent, its verdict.
"""

from __future__ import annotations

import pytest

from ..contract.catalogue import load_catalogue
from ..failures import ConformanceFailure, NotApplicable
from ..harness import Harness
from ..plugin import COVERAGE_PROPERTY, hypothesis_budget
from ..selection import disabled_requirements
from .families import LabelClass, label_classes
from .family_driver import Budget, LabelRun, coverage_row

requirement = pytest.mark.requirement


@pytest.mark.parametrize(
    "label_class",
    [
        pytest.param(
            found,
            marks=[requirement(*found.requirements), pytest.mark.knowlify_label(found.family,
                                                                               found.label)],
            id=found.test_id,
        )
        for found in label_classes()
    ],
)  # fmt: skip
def test_bad_input_gets_its_exact_status(
    knowlify: Harness, label_class: LabelClass, request: pytest.FixtureRequest
) -> None:
    examples, run_seed = hypothesis_budget(request.config)
    budget = Budget.for_run(knowlify, examples=examples, run_seed=run_seed)
    disabled = disabled_requirements(knowlify.config, load_catalogue())
    judged = frozenset(rid for rid in label_class.requirements if rid not in disabled)
    run = LabelRun(knowlify, label_class, budget, judged)
    verdict = "error"
    try:
        run.run()
        verdict = "pass"
    except ConformanceFailure:
        verdict = "fail"
        raise
    except NotApplicable:
        verdict = "skip"
        raise
    finally:
        request.node.user_properties.append((COVERAGE_PROPERTY, coverage_row(run, verdict)))
