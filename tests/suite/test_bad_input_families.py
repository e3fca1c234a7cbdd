"""The bad-input families: every class label is claimed right, sent, judged on its requirement.

``CLAIMS`` is proved against what the strategies draw; the label checks are driven against
small scripted targets (an httpx ``MockTransport``): a wrong status fails the case's own
requirement with the case and its label attached, a label that sends nothing is a harness
error, the seed decides the draws, and against a remote target cases are spread over callers
only where any caller gets the same answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from conformance.config import Fixtures, SuiteConfig
from conformance.failures import HarnessError
from conformance.harness import Harness
from conformance.server.families import CLAIMS, LITERALS, LabelClass, label_classes
from conformance.server.family_driver import Budget, CaseFailure, LabelRun
from conformance.targets import OpenTarget
from strategies import REGISTRY, LabelledCase

PERSONAL, SECOND, ORG = "kn_" + "1" * 32, "kn_" + "2" * 32, "kn_" + "3" * 32
COMPLETE, ORG_COMPLETE = (
    "11111111-1111-4111-8111-111111111111",
    "22222222-2222-4222-8222-222222222222",
)
FIXTURES = {
    "keys": {"personal": PERSONAL, "second_account": SECOND, "org": ORG},
    "videos": {"complete": COMPLETE, "org_complete": ORG_COMPLETE},
}  # fmt: skip
Answer = Callable[[httpx.Request], int]


def _label(name: str) -> LabelClass:
    return next(found for found in label_classes() if found.label == name)


def _run(
    name: str, answer: Answer, *, in_process: bool = True, drawn: int = 3, run_seed: int = 0
) -> tuple[LabelRun, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(answer(request), json={"detail": "refused"})

    config = SuiteConfig(target="http://127.0.0.1:9", fixtures=Fixtures(FIXTURES))
    label_class = _label(name)
    with httpx.Client(transport=httpx.MockTransport(respond), base_url="http://t.test") as client:
        target = OpenTarget("a scripted target", client, config, in_process=in_process)
        budget = Budget(drawn, run_seed, remote=not in_process)
        run = LabelRun(Harness(target), label_class, budget, frozenset(label_class.requirements))
        run.run()
    return run, sent


def test_every_label_of_every_family_has_a_check_and_a_claim() -> None:
    labels = {found.label for found in label_classes()}
    registered = {
        label for info in REGISTRY.values() if info.labelled and not info.provisional
        for label in info.labels
    }  # fmt: skip
    assert labels == registered == set(CLAIMS)
    assert len(labels) == 104


@pytest.mark.parametrize("label_class", label_classes(), ids=lambda found: found.label)
def test_claims_are_what_the_label_draws(label_class: LabelClass) -> None:
    seen: set[str] = set()

    @seed(0)
    @settings(max_examples=15, database=None, deadline=None, phases=(Phase.generate,),
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=label_class.strategy)
    def draw(case: LabelledCase) -> None:
        assert case.label == label_class.label
        seen.add(case.requirement)

    draw()
    assert seen <= set(label_class.requirements)
    explicit = label_class.explicit_examples()
    assert {case.requirement for case in explicit} == set(label_class.requirements)
    assert all(case.label == label_class.label for case in explicit)


def test_the_hand_picked_literals_are_explicit_examples_of_their_labels() -> None:
    for literal in LITERALS:
        assert literal.requirement in CLAIMS[literal.label], literal
        assert literal in _label(literal.label).explicit_examples()
    # What the old hand-picked tables judged is judged still.
    former = {f"VID-VAL-{n:03d}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14)}
    former |= {"VID-BATCH-001", "VID-BATCH-002", "REF-002", "REF-003", "REF-004", "REF-005"}
    former |= {f"EDIT-00{n}" for n in range(1, 7)}
    assert former <= {rid for claimed in CLAIMS.values() for rid in claimed}


def test_the_ssrf_corpus_is_sent_whole() -> None:
    corpus = _label("ssrf/ipv4-spellings").explicit_examples()
    run, sent = _run("ssrf/ipv4-spellings", lambda request: 422, drawn=0)
    assert run.explicit_sent == len(corpus) == len(sent) >= 16
    assert all(json.loads(request.content)["video_uuid"] == COMPLETE for request in sent)


def test_a_label_that_gets_its_status_passes_and_counts_its_cases() -> None:
    run, sent = _run("hex/alpha", lambda request: 400, drawn=5)
    assert (run.explicit_sent, run.drawn_sent, len(sent)) == (1, 5, 6)
    assert all(request.headers["x-api-key"] == PERSONAL for request in sent)


def test_a_wrong_status_fails_the_cases_own_requirement_with_its_label() -> None:
    with pytest.raises(CaseFailure) as caught:
        _run("email/no-at", lambda request: 422)
    assert caught.value.requirement == "VID-VAL-010"
    assert caught.value.case["label"] == "email/no-at"
    assert caught.value.case["value"] == "'not-an-email'"


def test_a_drawn_failure_is_shrunk_and_carries_the_drawn_case() -> None:
    # The server refuses only the explicit #ffff rightly: every drawn alpha colour fails.
    def answer(request: httpx.Request) -> int:
        return 400 if b'"#ffff"' in request.content else 200

    with pytest.raises(CaseFailure) as caught:
        _run("hex/alpha", answer, drawn=20)
    assert caught.value.case["drawn"] is True
    assert caught.value.requirement == "VID-VAL-006"


def test_a_label_that_sends_nothing_is_a_harness_error() -> None:
    sent: list[httpx.Request] = []
    config = SuiteConfig(target="http://127.0.0.1:9", fixtures=Fixtures(FIXTURES))
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(400))
    with httpx.Client(transport=transport, base_url="http://t.test") as client:
        target = OpenTarget("t", client, config, in_process=True)
        run = LabelRun(Harness(target), _label("hex/alpha"), Budget(3, 0, False), frozenset())
        with pytest.raises(HarnessError, match="hex/alpha sent no case"):
            run.run()
    assert sent == []


def _bodies(run_seed: int) -> list[bytes]:
    return [
        request.content or b""
        for request in _run("enum/near-miss", lambda r: 400, drawn=6, run_seed=run_seed)[1]
    ]


def test_the_seed_decides_the_drawn_cases() -> None:
    assert _bodies(7) == _bodies(7)
    assert _bodies(7) != _bodies(8)


def test_remote_body_faults_take_every_key_in_turn_personal_last() -> None:
    _, sent = _run("hex/alpha", lambda request: 400, in_process=False, drawn=5)
    assert [request.headers["x-api-key"] for request in sent] == [SECOND, ORG, PERSONAL] * 2
    assert all(json.loads(r.content)["videos"] for r in sent)


def test_remote_ssrf_cases_go_out_only_on_keys_with_their_own_video() -> None:
    _, sent = _run("ssrf/scheme", lambda request: 422, in_process=False, drawn=0)
    callers = [(r.headers["x-api-key"], json.loads(r.content)["video_uuid"]) for r in sent]
    assert callers[:4] == [(ORG, ORG_COMPLETE), (PERSONAL, COMPLETE)] * 2


def test_in_process_every_case_goes_out_on_the_personal_key() -> None:
    _, sent = _run("ssrf/scheme", lambda request: 422, drawn=0)
    assert {(r.headers["x-api-key"], json.loads(r.content)["video_uuid"]) for r in sent} == {
        (PERSONAL, COMPLETE)
    }
