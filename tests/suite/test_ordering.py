"""Against an HTTP target each bucket's tests are spread evenly through the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from suite_runs import child_environment

from conformance.ordering import spread_evenly


def test_each_kind_is_spread_evenly_and_keeps_its_order() -> None:
    items = [f"v{n}" for n in range(6)] + ["e0", "e1", "e2"]
    spread = spread_evenly(items, lambda item: item.startswith("e"))
    assert spread == ["v0", "e0", "v1", "v2", "e1", "v3", "v4", "e2", "v5"]


def test_one_kind_alone_is_left_as_it_is() -> None:
    assert spread_evenly(["a", "b", "c"], lambda item: False) == ["a", "b", "c"]
    assert spread_evenly([], lambda item: True) == []


EDITS_MODULES = {"test_edits.py", "test_reference_images.py", "test_revert.py"}


def _collected(tmp_path: Path, target: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
         "--pyargs", "conformance.server", "--knowlify-target", target],
        cwd=tmp_path, env=child_environment({}), capture_output=True, text=True, timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_an_http_run_interleaves_the_validation_block_with_edits_tests(tmp_path: Path) -> None:
    def module(test_id: str) -> str:
        return test_id.split("conformance/server/", 1)[-1].split("::", 1)[0]

    in_file_order = _collected(tmp_path, "reference")
    live = _collected(tmp_path, "http://127.0.0.1:9")
    assert sorted(live) == sorted(in_file_order)
    # The 429 probes keep their place: last, with no probe key configured.
    assert [module(test) for test in live[-4:]] == ["test_rate_limits.py"] * 4
    validation = [n for n, test in enumerate(live) if module(test) == "test_videos_validation.py"]
    edits = {n for n, test in enumerate(live) if module(test) in EDITS_MODULES}
    assert any(validation[0] < n < validation[-1] for n in edits)
    longest_block = max(
        len(block)
        for block in "".join("v" if n in validation else "." for n in range(len(live))).split(".")
    )
    assert longest_block < 10, f"{longest_block} validation tests in a row"
