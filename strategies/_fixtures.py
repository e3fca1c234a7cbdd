"""Names of the harness fixtures cases refer to, and the sandbox's values for the image hosts.

A fill names a fixture by its dotted config name; the body carries the sandbox's value in the
meantime, so a case built against the embedded reference needs no configuration for image URLs.
``tests/strategy_checks`` checks these values against ``conformance.reference.images``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["IMAGE_URL_FIXTURES", "image_fixture"]

_DOMAIN: Final = "images.test"


def _url(label: str, path: str) -> str:
    return f"https://{label}.{_DOMAIN}/{path}"


IMAGE_URL_FIXTURES: Final = MappingProxyType(
    {
        "ok": _url("ok", "ok.png"),
        "two_hops": _url("two-hops", "two-hops.png"),
        "redirect_http": _url("redirect-http", "redirect-http.png"),
        "redirect_private": _url("redirect-private", "redirect-private.png"),
        "internal": _url("internal", "internal.png"),
        "metadata": _url("metadata", "latest/meta-data/"),
        "rebind": _url("rebind", "rebind.png"),
        "wrong_type": _url("wrong-type", "wrong-type.png"),
    }
)
"""Purpose -> the sandbox's URL, for the image-host fixtures ``image_urls.<purpose>``."""


def image_fixture(purpose: str) -> tuple[str, str]:
    """The fixture name and the sandbox URL of an image-host purpose (``"two_hops"``)."""
    return f"image_urls.{purpose}", IMAGE_URL_FIXTURES[purpose]
