"""knowlify-conformance: the contract and conformance suite for the Knowlify video API v1."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
