"""Class witnesses: one generated mutant per class label, mishandling that label's request only.

The matrix counts a witness as killed only when its label's own check failed; the witness app
answers the wrong status to exactly the label's first explicit example and leaves every other
request, even another case of the same label, to the reference.
"""

from __future__ import annotations

import httpx

from conformance.mutants.matrix import KillMatrix, Status, judge
from conformance.mutants.registry import SERVER
from conformance.mutants.server.witnesses import witness_name
from conformance.reference import ManualClock
from conformance.server.families import label_classes
from conformance.targets.inprocess import in_process_client


def test_every_class_label_has_one_witness_on_its_first_requirement() -> None:
    witnesses = {mutant.label: mutant for mutant in SERVER if mutant.label}
    assert set(witnesses) == {found.label for found in label_classes()}
    for found in label_classes():
        mutant = witnesses[found.label]
        assert mutant.name == witness_name(found.label)
        assert mutant.breaks == {found.explicit_examples()[0].requirement}
        assert mutant.focus == f"test_bad_input and {found.family}:"


def test_a_witness_is_killed_only_by_its_labels_own_check() -> None:
    mutant = SERVER.get("witness-hex-alpha")
    verdicts = {"VID-VAL-006": "fail"}
    killed = judge(mutant, verdicts, coverage={"hex/alpha": "fail"})
    elsewhere = judge(mutant, verdicts, coverage={"hex/alpha": "pass", "hex/named": "fail"})
    assert killed.status is Status.KILLED
    assert killed.label == "hex/alpha"
    assert elsewhere.status is Status.SURVIVED
    assert "hex/alpha was pass" in elsewhere.note
    matrix = KillMatrix("quick", 1.0, [killed, elsewhere], labels=2, complete=True)
    assert matrix.labels_witnessed == 1
    assert "Class labels witnessed: 1 of 2" in matrix.to_markdown()
    assert matrix.exit_code() == 1


def _send(label: str, case_index: int) -> int:
    found = next(found for found in label_classes() if found.label == label)
    app = SERVER.get(witness_name(label)).build(clock=ManualClock())
    fixtures = app.state.fixtures.as_config()
    case = found.explicit_examples()[case_index]
    flat = {
        name: str(fixtures[name.split(".")[0]][name.split(".")[1]]) for name in case.fixtures_needed
    }
    built = case.build(flat)
    client: httpx.Client = in_process_client(app, base_url="http://reference.invalid", timeout=10)
    with client:
        answer = client.request(
            built.method, built.path, content=built.content, headers=built.header_map()
        )
    assert answer.json()["detail"]
    return answer.status_code


def test_the_witness_mishandles_exactly_the_labels_first_example() -> None:
    assert _send("ssrf/ipv4-spellings", 0) == 400  # 422 is due
    assert _send("ssrf/ipv4-spellings", 1) == 422  # another case of the label: the reference
    assert _send("email/no-at", 0) == 422  # 400 is due
