"""Judging a response body's shape rule by rule: the fields rule first, the rest each on its own.

A body's shape is several requirements (a poll: VID-POLL-001..005; an edit: EDIT-016..021; a
batch: VID-ROW-001..005). The rule that the fields exist, with their types, is the premise of
the others; each other rule is then judged on its own, so one broken rule never hides another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..exchange import Exchange
from ..failures import FailureFactory, NotApplicable
from ..harness import Harness
from ..oracles import expect_status

__all__ = ["judge_shape"]


def judge_shape(
    knowlify: Harness,
    exchange: Exchange,
    *,
    fields_rule: str,
    why: str,
    fields: Callable[[Exchange], dict[str, Any]],
    problems: Callable[[dict[str, Any]], dict[str, str]],
    rules: Sequence[str],
    failure: FailureFactory,
    unobserved: Callable[[dict[str, Any]], dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Judge ``fields_rule`` on a 200 (``fields`` raises its failure), then each of ``rules``
    by the problems ``problems`` finds; a rule whose premise ``unobserved`` names (rule ->
    what this body does not show) is ``skip``; returns the body."""
    body: dict[str, Any] | None = None
    with knowlify.judge(fields_rule):
        expect_status(exchange, 200, requirement=fields_rule, why=why)
        body = fields(exchange)
    if body is None:
        raise NotApplicable(f"premise not observed: a body with the {fields_rule} fields")
    found = problems(body)
    knowlify.judgements.each(
        rules,
        found,
        lambda rule, problem: failure(rule, problem, exchange),
        unobserved(body) if unobserved is not None else None,
    )
    return body
