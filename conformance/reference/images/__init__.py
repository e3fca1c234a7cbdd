"""The reference server's reference-image URL guard (contract.md §6.2).

Modules, one concept each:

- ``urls``: URL syntax; ``malformed_url_reason`` decides the 400 "malformed URL" cases;
- ``hosts``: host spelling; every way to write an IP address or a DNS name, normalised once;
- ``addresses``: which IP addresses are public (``non_public_reason``); re-exports ``hosts``;
- ``transport``: the ``Resolver`` and ``Fetcher`` ports and their errors;
- ``guard``: ``ReferenceImageGuard``, the 422 (SSRF) and 415 (media) rules, in order;
- ``sandbox``: table-driven resolver and fetcher for the sandbox, with fixture URLs.

Nothing in this package opens a network connection.
"""

from __future__ import annotations

from .addresses import (
    Address,
    InvalidHostError,
    host_name,
    non_public_reason,
    normalise_host,
    parse_host,
    parse_ipv4,
)
from .guard import ImageRejected, ReferenceImageGuard
from .sandbox import (
    SANDBOX_DOMAIN,
    SANDBOX_HOSTS,
    SANDBOX_IMAGE_BYTES,
    SANDBOX_IMAGE_URLS,
    SANDBOX_IMAGES,
    SANDBOX_PUBLIC_ADDRESS,
    SANDBOX_SECOND_HOP_TARGET,
    SandboxFetcher,
    SandboxHost,
    SandboxImage,
    SandboxResolver,
    sandbox_hosts,
)
from .transport import Fetcher, FetchError, HeadResponse, ResolutionError, Resolver
from .urls import URL_MAX_LENGTH, MalformedURLError, malformed_url_reason, split_url

__all__ = [
    "SANDBOX_DOMAIN",
    "SANDBOX_HOSTS",
    "SANDBOX_IMAGES",
    "SANDBOX_IMAGE_BYTES",
    "SANDBOX_IMAGE_URLS",
    "SANDBOX_PUBLIC_ADDRESS",
    "SANDBOX_SECOND_HOP_TARGET",
    "URL_MAX_LENGTH",
    "Address",
    "FetchError",
    "Fetcher",
    "HeadResponse",
    "ImageRejected",
    "InvalidHostError",
    "MalformedURLError",
    "ReferenceImageGuard",
    "ResolutionError",
    "Resolver",
    "SandboxFetcher",
    "SandboxHost",
    "SandboxImage",
    "SandboxResolver",
    "host_name",
    "malformed_url_reason",
    "non_public_reason",
    "normalise_host",
    "parse_host",
    "parse_ipv4",
    "sandbox_hosts",
    "split_url",
]
