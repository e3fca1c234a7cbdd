"""Against a remote target the createVideos boundary faults go out on two accounts in turn, so
about 40 cases do not wait a whole videos window out; in process, on the caller's key alone."""

from __future__ import annotations

import httpx
import pytest
from schemathesis import GenerationMode

from conformance.config import Fixtures, SuiteConfig
from conformance.harness import Harness
from conformance.server.schemathesis_support import Driver
from conformance.targets import OpenTarget

PERSONAL, SECOND = "kn_" + "1" * 32, "kn_" + "2" * 32


def _sent_keys(*, in_process: bool, second: str | None) -> list[str]:
    seen: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-api-key", ""))
        return httpx.Response(400, json={"detail": "invalid"})

    keys = {"personal": PERSONAL, **({"second_account": second} if second else {})}
    config = SuiteConfig(target="http://127.0.0.1:9", fixtures=Fixtures({"keys": keys}))
    with httpx.Client(transport=httpx.MockTransport(refuse), base_url="http://t.test") as client:
        target = OpenTarget("a refusing target", client, config, in_process=in_process)
        driver = Driver(Harness(target), "createVideos", spread_over=("keys.second_account",))
        for case in driver.coverage(GenerationMode.NEGATIVE)[:6]:
            driver.run(case, collect=True)
    return seen


def test_remote_cases_alternate_between_the_two_accounts() -> None:
    assert _sent_keys(in_process=False, second=SECOND) == [PERSONAL, SECOND] * 3


@pytest.mark.parametrize(
    ("in_process", "second"), [(True, SECOND), (False, None)], ids=["in-process", "no-second-key"]
)
def test_otherwise_every_case_goes_out_on_the_callers_key(
    in_process: bool, second: str | None
) -> None:
    assert _sent_keys(in_process=in_process, second=second) == [PERSONAL] * 6
