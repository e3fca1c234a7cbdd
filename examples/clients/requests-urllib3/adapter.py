"""Conformance adapter of the requests + urllib3 ``Retry`` SDK (JSON lines on stdin/stdout).

    knowlify-conformance clients --adapter 'python examples/clients/requests-urllib3/adapter.py'

requests is not httpx, so this SDK runs through the adapter harness only (real time).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from knowlify_requests import Knowlify, KnowlifyError  # noqa: E402

FIELDS = ("index", "status", "uuid", "queue_position", "code", "message")


def batch(answer: dict[str, Any]) -> dict[str, Any]:
    rows = [{name: row.get(name) for name in FIELDS} for row in answer["results"]]
    failed = [{"index": r["index"], "code": r["code"], "message": r["message"]}
              for r in rows if r["status"] == "error"]
    return {"results": rows, "failed": failed}


def perform(client: Knowlify, last: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    args = request.get("arguments") or {}
    operation = request["operation"]
    if operation == "create_videos":
        last["batch"] = client.create_videos(args["videos"], args.get("email"), args.get("org_id"))
        return batch(last["batch"])
    if operation == "resubmit_failed":
        return batch(client.resubmit_failed(last["batch"]))
    if operation == "get_video":
        video = client.get_video(args["uuid"])
        return {key: video.get(key) for key in ("uuid", "status", "is_complete", "is_failed")}
    if operation == "create_edit":
        extra = {k: args[k] for k in ("reference_image_urls", "aspect_ratio") if k in args}
        edit = client.create_edit(args["video_uuid"], args["edit_request"],
                                  idempotency_key=args.get("idempotency_key"), **extra)
    elif operation == "get_edit":
        edit = client.get_edit(args["edit_id"])
    else:
        edit = client.revert_edit(args["edit_id"])
    return {"edit_id": edit.get("edit_id"), "status": edit.get("status")}


def main() -> None:
    last: dict[str, Any] = {}
    for line in sys.stdin:
        request = json.loads(line)
        attempts = (request.get("options") or {}).get("max_attempts") or 4
        client = Knowlify(request["api_key"], request["base_url"], max_attempts=attempts)
        try:
            outcome = {"ok": True, "result": perform(client, last, request)}
        except KnowlifyError as exc:
            outcome = {"ok": False, "error": {"type": "KnowlifyError", "status": exc.status,
                                              "detail": exc.detail, "message": str(exc)}}
        except Exception as exc:  # a crash is an outcome too
            outcome = {"ok": False, "error": {"type": type(exc).__name__, "status": None,
                                              "detail": None, "message": str(exc)}}
        outcome["id"] = request["id"]
        print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
