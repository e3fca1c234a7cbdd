"""Minor items on what a user hands the suite: hostile or mistaken config and baseline files.

Today a 600-byte billion-laughs YAML grew to gigabytes, a 100 MB config was accepted, deep JSON
gave "internal error: RecursionError", a key YAML reads as a number was sent unmasked, and a
key with its trailing newline gave 80 error verdicts instead of one line.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile_support import KEY

from conformance.cli import main
from conformance.config import ConfigError, load_config
from conformance.contract.catalogue import load_catalogue
from conformance.reports.baseline import BaselineError, load_baseline

_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(8)
)


def _config(tmp_path: Path, text: str, suffix: str = ".yaml") -> Path:
    path = tmp_path / f"config{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_billion_laughs_config_is_refused(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ConfigError, match="YAML aliases"):
        load_config(_config(tmp_path, _LAUGHS), environ={})
    assert time.monotonic() - started < 2


def test_a_100_mb_config_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    with path.open("wb") as out:
        out.truncate(100 * 1024 * 1024)  # sparse: no disk, no time
    with pytest.raises(ConfigError, match="at most 1048576 bytes"):
        load_config(path, environ={})


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".toml"])
def test_deep_nesting_in_a_config_is_one_config_error(tmp_path: Path, suffix: str) -> None:
    depth = 100_000
    text = {
        ".json": "[" * depth + "]" * depth,
        ".yaml": "a: " + "[" * depth + "]" * depth,
        ".toml": "a = " + "[" * depth + "]" * depth,
    }[suffix]
    with pytest.raises(ConfigError, match=r"nested deeper|not valid"):
        load_config(_config(tmp_path, text, suffix), environ={})


def test_deep_nesting_in_a_baseline_is_one_baseline_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(BaselineError, match="nested deeper"):
        load_baseline(path, known_ids=load_catalogue().requirements.keys())


def test_a_key_yaml_reads_as_a_number_is_refused(tmp_path: Path) -> None:
    config = _config(tmp_path, "fixtures:\n  keys:\n    personal: 0x1234abcd\n")
    with pytest.raises(ConfigError, match=r"fixtures.keys.personal is a number") as raised:
        load_config(config, environ={})
    assert "1234" not in str(raised.value)  # never the value (0x1234abcd read as a number)


def test_a_key_with_a_trailing_newline_is_one_config_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in list(os.environ):
        if name.startswith("KNOWLIFY_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KNOWLIFY_API_KEY", KEY + "\n")
    code = main(["run", "--target", "http://127.0.0.1:9", "--output", str(tmp_path / "r")])
    captured = capsys.readouterr()
    assert code == 2
    (line,) = captured.err.strip().splitlines()
    assert "KNOWLIFY_API_KEY" in line
    assert "trailing newline" in line
    assert KEY not in captured.out + captured.err
    assert not (tmp_path / "r").exists()  # nothing was run
