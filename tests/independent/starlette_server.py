"""An independent Knowlify API server for the configuration test, written with Starlette.

Written from the contract page alone (``conformance/contract/contract.md``), not from the
suite's reference server: API-key auth, a video store, and POST/GET of edits with the
reference-image rules (https only, public hosts only, at most one redirect hop, HEAD must
say ``image/*`` with a ``Content-Length`` of at most 5 MiB). Only the parts the
configuration test reaches are built; it need not be conformant.

Its "DNS" is a table (``RESOLVE``): ``*.images.test`` names resolve to a public stand-in
address served by the image host on loopback (over http, with ``X-Forwarded-Proto: https``);
the other names resolve as a user's zone would (see docs/image-host.md, step 2).
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KEY = re.compile(r"^kn_[0-9a-f]{64}$")
MAX_BYTES = 5 * 1024 * 1024
LIMIT = 100_000
PUBLIC = "203.0.113.200"  # stands for the image host's public address
RESOLVE = {
    "internal.images.test": ["10.0.0.7"],
    "metadata.images.test": ["169.254.169.254"],
    "rebind.images.test": [PUBLIC, "127.0.0.1"],
    "unreachable.images.test": ["198.51.100.9"],
}


def error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


@dataclass
class World:
    image_port: int
    keys: dict[str, str] = field(default_factory=dict)  # key -> user
    revoked: set[str] = field(default_factory=set)
    videos: dict[str, str] = field(default_factory=dict)  # uuid -> owner
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: dict[tuple[str, str], int] = field(default_factory=dict)
    opened: float = field(default_factory=time.monotonic)

    def caller(self, request: Request) -> str | None:
        key = request.headers.get("x-api-key", "")
        if not KEY.match(key) or key in self.revoked:
            return None
        return self.keys.get(key)

    def count(self, user: str, bucket: str) -> dict[str, str]:
        if time.monotonic() - self.opened >= 60:
            self.used.clear()
            self.opened = time.monotonic()
        self.used[(user, bucket)] = self.used.get((user, bucket), 0) + 1
        reset = max(1, int(60 - (time.monotonic() - self.opened)))
        left = max(0, LIMIT - self.used[(user, bucket)])
        return {"X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": str(left),
                "X-RateLimit-Reset": str(reset)}  # fmt: skip


def _addresses(host: str) -> list[str] | None:
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    if host in RESOLVE:
        return RESOLVE[host]
    if host.endswith(".images.test") and not host.startswith("missing."):
        return [PUBLIC]
    return None


def _public(address: str) -> bool:
    return address == PUBLIC or ipaddress.ip_address(address).is_global


def check_image(world: World, url: str) -> JSONResponse | None:
    """None when the URL is acceptable, else the refusal."""
    for _hop in range(2):
        parts = httpx.URL(url)
        if parts.scheme != "https":
            return error(422, f"reference image must be https: {url}")
        addresses = _addresses(parts.host)
        if not addresses:
            return error(422, f"reference image host does not resolve: {parts.host}")
        if not all(_public(a) for a in addresses):
            return error(422, f"reference image host is not public: {parts.host}")
        if addresses != [PUBLIC]:
            return error(415, f"reference image could not be checked: {parts.host}")
        local = f"http://127.0.0.1:{world.image_port}{parts.raw_path.decode()}"
        try:
            head = httpx.head(local, headers={"Host": parts.host, "X-Forwarded-Proto": "https"},
                              timeout=5)  # fmt: skip
        except httpx.HTTPError:
            return error(415, f"reference image could not be checked: {url}")
        if head.is_redirect:
            if _hop:
                return error(422, "reference image redirects more than once")
            url = head.headers.get("location", "")
            continue
        size = head.headers.get("content-length")
        if head.status_code != 200 or not head.headers.get("content-type", "").startswith("image/"):
            return error(415, "reference image is not an image")
        if size is None or not size.isdigit() or int(size) > MAX_BYTES:
            return error(415, "reference image has no or too large a Content-Length")
        return None
    return error(422, "reference image redirects more than once")


def build_app(world: World) -> Starlette:
    async def create_edit(request: Request) -> JSONResponse:
        user = world.caller(request)
        if user is None:
            return error(401, "missing, malformed or revoked API key")
        headers = world.count(user, "edits")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return error(422, "body is not valid JSON")
        if not isinstance(body, dict) or not isinstance(body.get("video_uuid"), str):
            return error(400, "video_uuid is required")
        text, urls = body.get("edit_request"), body.get("reference_image_urls", [])
        if not isinstance(text, str) or not 1 <= len(text) <= 5000:
            return error(400, "edit_request must be 1 to 5000 characters")
        if not isinstance(urls, list) or len(urls) > 5 or not all(isinstance(u, str) for u in urls):
            return error(400, "reference_image_urls: at most 5 URLs")
        owner = world.videos.get(body["video_uuid"])
        if owner is None:
            return error(404, "video not found")
        if owner != user:
            return error(403, "API key does not own this video")
        for url in urls:
            try:
                refused = check_image(world, url)
            except (httpx.InvalidURL, ValueError):
                refused = error(400, f"malformed URL: {url}")
            if refused is not None:
                refused.headers.update(headers)
                return refused
        edit_id = str(uuid.uuid4())
        world.edits[edit_id] = {"edit_id": edit_id, "video_uuid": body["video_uuid"],
                                "status": "queued", "owner": user}  # fmt: skip
        shown = {k: v for k, v in world.edits[edit_id].items() if k != "owner"}
        return JSONResponse(shown, headers=headers)

    async def not_allowed(request: Request) -> JSONResponse:
        if world.caller(request) is None:
            return error(401, "missing, malformed or revoked API key")
        return error(404, "not found")

    routes = [
        Route("/v1/edits", create_edit, methods=["POST"]),
        Route("/{path:path}", not_allowed, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
    ]
    return Starlette(routes=routes)
