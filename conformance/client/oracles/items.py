"""CLI-ITEM: per-item failures are exposed, and only they are resubmitted."""

from __future__ import annotations

from typing import Any

from ...failures import NotApplicable
from ..recording import ScenarioRun, StepRun
from ._common import fail, result_of, steps_where, where
from ._registry import client_oracle


def _check_failed(requirement: str, run: ScenarioRun) -> None:
    for step in steps_where(run, lambda s: s.step.expect.failed is not None, "no failed rows"):
        result = result_of(requirement, step)
        reported = result.get("failed")
        if not isinstance(reported, list):
            raise fail(requirement, f"{where(step)}: the client exposes no failed items")
        fields = ("index", "code", "message")
        got = sorted(
            (tuple(item.get(f) for f in fields) for item in reported if isinstance(item, dict)),
            key=repr,
        )
        expected = sorted(
            (tuple(item.get(f) for f in fields) for item in step.step.expect.failed or ()),
            key=repr,
        )
        if got != expected:
            raise fail(
                requirement,
                f"{where(step)}: failed items (index, code, message) were {got}, "
                f"expected {expected}",
            )


@client_oracle("CLI-ITEM-001")
def failed_rows_exposed(run: ScenarioRun, api_key: str) -> None:
    _check_failed("CLI-ITEM-001", run)


@client_oracle("CLI-ITEM-004")
def docs_failed_row_parsed(run: ScenarioRun, api_key: str) -> None:
    """The row parses and its failure is exposed (its fields are CLI-ITEM-001's business)."""
    for step in steps_where(run, lambda s: s.step.expect.failed is not None, "no failed rows"):
        reported = result_of("CLI-ITEM-004", step).get("failed")
        got = (
            sorted((item.get("index") for item in reported if isinstance(item, dict)), key=repr)
            if isinstance(reported, list)
            else None
        )
        wanted = sorted(item["index"] for item in step.step.expect.failed or ())
        if got != wanted:
            raise fail("CLI-ITEM-004", f"{where(step)}: failed indexes {got}, expected {wanted}")


@client_oracle("CLI-ITEM-005")
def unknown_row_fields_tolerated(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-005", run, "create_videos")


def _check_rows(requirement: str, run: ScenarioRun, operation: str) -> None:
    def applies(step: StepRun) -> bool:
        return step.step.operation == operation and step.step.expect.rows is not None

    for step in steps_where(run, applies, f"no {operation} rows to check"):
        if operation == "resubmit_failed" and not step.main_calls:
            raise NotApplicable(
                f"{where(step)}: nothing was resubmitted, so no answer was mapped back "
                "(CLI-ITEM-002 judges that)"
            )
        result = result_of(requirement, step)
        rows = result.get("results")
        if not isinstance(rows, list):
            raise fail(requirement, f"{where(step)}: the client exposes no result rows")
        by_index = {row.get("index"): row for row in rows if isinstance(row, dict)}
        expected_rows = step.step.expect.rows or ()
        if operation == "resubmit_failed" and set(by_index) != {r["index"] for r in expected_rows}:
            raise fail(
                requirement,
                f"{where(step)}: rows name indexes {sorted(by_index, key=repr)}; the "
                f"resubmitted items were {sorted(r['index'] for r in expected_rows)} "
                "of the original batch",
            )
        for expected in expected_rows:
            row = by_index.get(expected["index"])
            if row is None:
                raise fail(requirement, f"{where(step)}: no row for index {expected['index']}")
            for name in ("status", "queue_position"):
                if name in expected and row.get(name) != expected[name]:
                    raise fail(
                        requirement,
                        f"{where(step)}: row {expected['index']} has {name} "
                        f"{row.get(name)!r}, expected {expected[name]!r}",
                    )


@client_oracle("CLI-ITEM-006")
def row_status_and_queue_position(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-006", run, "create_videos")


@client_oracle("CLI-ITEM-003")
def resubmission_keeps_original_indexes(run: ScenarioRun, api_key: str) -> None:
    _check_rows("CLI-ITEM-003", run, "resubmit_failed")


@client_oracle("CLI-ITEM-002")
def only_failed_items_resubmitted(run: ScenarioRun, api_key: str) -> None:
    requirement = "CLI-ITEM-002"
    batch: list[Any] = []
    checked = False
    for step in run.steps:
        if step.step.operation == "create_videos":
            batch = list(step.step.arguments.get("videos") or [])
            continue
        if step.step.expect.resend_of is None:
            continue
        checked = True
        wanted = [batch[i] for i in step.step.expect.resend_of]
        if not step.main_calls:
            raise fail(requirement, f"{where(step)}: nothing was resubmitted")
        for index, call in enumerate(step.main_calls):
            body = call.json_body()
            sent = body.get("videos") if isinstance(body, dict) else None
            if sent != wanted:
                count = len(sent) if isinstance(sent, list) else "no"
                raise fail(
                    requirement,
                    f"{where(step, index)}: the resubmission held {count} item(s); expected "
                    f"exactly the failed items {list(step.step.expect.resend_of)} unchanged",
                )
    if not checked:
        raise NotApplicable("no resubmission step")
