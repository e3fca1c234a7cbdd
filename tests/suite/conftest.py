"""Fixtures of the suite-level proofs: the naive app's config and its suite run, shared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from suite_runs import Run, naive_config, run_cli


@pytest.fixture(scope="session")
def naive_config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("naive-config") / "naive.yaml"
    path.write_text(yaml.safe_dump(naive_config(), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def naive_run(tmp_path_factory: pytest.TempPathFactory, naive_config_file: Path) -> Run:
    """The server suite against the naive app, with ``--debug``: shared by both proofs."""
    output = tmp_path_factory.mktemp("naive-run")
    return run_cli(["run", "--debug", "--config", str(naive_config_file)], output=output)
