"""The knowlify pytest plugin: options, the ``requirement`` marker and result collection."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requirement(*ids): the catalogue requirement IDs this test proves.",
    )
