"""The bad-input coverage in report.html and on the terminal: every label, and gaps named."""

from __future__ import annotations

from conformance.coverage import completed_rows
from conformance.reports._coverage import coverage_lines, coverage_section, labels_without_cases


def _row(label: str, sent: int, verdict: str) -> dict[str, object]:
    counts = {"explicit": min(sent, 1), "drawn": max(sent - 1, 0), "sent": sent}
    return {"family": "invalid_hex_colours", "label": label, "requirements": ["VID-VAL-006"],
            **counts, "verdict": verdict}  # fmt: skip


ROWS = [
    _row("hex/alpha", 11, "pass"),
    _row("hex/<named>", 0, "error"),
    _row("hex/non-string", 0, "disabled"),
]


def test_a_label_checked_without_cases_is_named_and_disabled_ones_are_not() -> None:
    assert labels_without_cases(ROWS) == ["hex/<named>"]
    html = coverage_section(ROWS)
    assert "<b>3</b> class labels of 1 families, <b>11</b> cases sent; 1 without cases" in html
    assert "hex/&lt;named&gt;" in html
    assert "<named>" not in html
    assert html.count('class="coverage-row"') == 3
    line = coverage_lines(ROWS, {"seed": 7, "examples": None})
    assert line == [
        "Bad-input coverage: 3 class labels, 11 cases sent, 1 without cases (hex/<named>); seed 7"
    ]


def test_no_label_checked_no_section() -> None:
    assert coverage_section([]) == ""
    assert coverage_lines(None, None) == []


def test_a_selected_check_that_left_no_row_is_an_error_with_nothing_sent() -> None:
    selected = [("invalid_hex_colours", "hex/alpha", ["VID-VAL-006"]),
                ("invalid_hex_colours", "hex/named", ["VID-VAL-006"])]  # fmt: skip
    rows = completed_rows([_row("hex/alpha", 11, "pass")], selected)
    assert [row["verdict"] for row in rows] == ["pass", "error"]
    assert rows[1]["sent"] == 0
    assert labels_without_cases(rows) == ["hex/named"]
    assert completed_rows([_row("hex/alpha", 11, "pass")], None) == [_row("hex/alpha", 11, "pass")]
