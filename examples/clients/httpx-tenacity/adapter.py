"""Conformance adapter of the httpx + tenacity SDK: in process, or as an adapter command.

    knowlify-conformance clients --python adapter:factory          # from this folder
    knowlify-conformance clients --adapter 'python examples/clients/httpx-tenacity/adapter.py'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from knowlify_tenacity import APIError, Knowlify  # noqa: E402

FIELDS = ("index", "status", "uuid", "queue_position", "code", "message")


def _batch(answer: dict[str, Any]) -> dict[str, Any]:
    rows = [{name: row.get(name) for name in FIELDS} for row in answer["results"]]
    failed = [{"index": r["index"], "code": r["code"], "message": r["message"]}
              for r in rows if r["status"] == "error"]
    return {"results": rows, "failed": failed}


class Adapter:
    def __init__(self, client: Knowlify) -> None:
        self.client = client
        self.last: dict[str, Any] = {}

    def perform(self, operation: str, args: Mapping[str, Any],
                options: Mapping[str, Any]) -> dict[str, Any]:
        self.client.max_attempts = options.get("max_attempts") or 4
        try:
            return {"ok": True, "result": self._call(operation, args)}
        except APIError as exc:
            return {"ok": False, "error": {"type": "APIError", "status": exc.status,
                                           "detail": exc.detail, "message": str(exc)}}

    def _call(self, operation: str, args: Mapping[str, Any]) -> dict[str, Any]:
        client = self.client
        if operation == "create_videos":
            extra = {k: args[k] for k in ("email", "org_id") if k in args}
            self.last = client.create_videos(list(args["videos"]), **extra)
            return _batch(self.last)
        if operation == "resubmit_failed":
            return _batch(client.resubmit_failed(self.last))
        if operation == "get_video":
            video = client.get_video(args["uuid"])
            return {k: video.get(k) for k in ("uuid", "status", "is_complete", "is_failed")}
        if operation == "create_edit":
            extra = {k: args[k] for k in ("reference_image_urls", "aspect_ratio") if k in args}
            edit = client.create_edit(args["video_uuid"], args["edit_request"],
                                      idempotency_key=args.get("idempotency_key"), **extra)
        elif operation == "get_edit":
            edit = client.get_edit(args["edit_id"])
        else:
            edit = client.revert_edit(args["edit_id"])
        return {"edit_id": edit.get("edit_id"), "status": edit.get("status")}

    def close(self) -> None:
        self.client.close()


def factory(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Adapter:
    return Adapter(Knowlify(api_key, base_url=base_url, sleep=sleep))


if __name__ == "__main__":
    from conformance.client.jsonlines import serve

    serve(factory, sys.stdin, sys.stdout, sleep=time.sleep)
