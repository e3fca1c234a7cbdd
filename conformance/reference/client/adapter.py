"""The reference client's adapter: protocol requests in, ``KnowlifyClient`` calls, outcomes out.

In process: ``knowlify-conformance clients --python conformance.reference.client.adapter:factory``.
As a command (cross-language harness)::

    python -m conformance.reference.client.adapter [--fault NAME]

``--fault`` (or the environment variable ``KNOWLIFY_CLIENT_FAULT``) runs one of the faulty
variants of ``faults.py`` instead; ``--list-faults`` prints their names.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...client.protocol import error_outcome, ok_outcome
from ._client import KnowlifyClient
from ._exceptions import APIStatusError, KnowlifyError
from ._models import BatchResult, Edit, ResultRow
from ._policies import Policies

__all__ = ["FAULT_ENVIRONMENT_VARIABLE", "ReferenceAdapter", "factory", "main"]

FAULT_ENVIRONMENT_VARIABLE = "KNOWLIFY_CLIENT_FAULT"


class ReferenceAdapter:
    """Maps protocol requests onto one ``KnowlifyClient`` and keeps the last batch."""

    def __init__(self, client: KnowlifyClient) -> None:
        self.client = client
        self.last_batch: BatchResult | None = None

    def perform(
        self, operation: str, arguments: Mapping[str, Any], options: Mapping[str, Any]
    ) -> dict[str, Any]:
        max_attempts = options.get("max_attempts")
        client = self.client.with_options(
            max_attempts=max_attempts if isinstance(max_attempts, int) else None
        )
        try:
            return ok_outcome(self._call(client, operation, arguments))
        except APIStatusError as exc:
            return error_outcome(
                type_name=type(exc).__name__,
                status=exc.status_code,
                detail=exc.detail,
                message=str(exc),
            )
        except KnowlifyError as exc:
            return error_outcome(
                type_name=type(exc).__name__, status=None, detail=None, message=str(exc)
            )

    def _call(
        self, client: KnowlifyClient, operation: str, arguments: Mapping[str, Any]
    ) -> dict[str, Any]:
        if operation == "create_videos":
            self.last_batch = client.create_videos(
                arguments["videos"], email=arguments.get("email"), org_id=arguments.get("org_id")
            )
            return _batch(self.last_batch)
        if operation == "resubmit_failed":
            if self.last_batch is None:
                raise ValueError("resubmit_failed needs a create_videos before it")
            return _batch(client.resubmit_failed(self.last_batch))
        if operation == "get_video":
            video = client.get_video(arguments["uuid"])
            return {
                "uuid": video.uuid,
                "status": video.status,
                "is_complete": video.is_complete,
                "is_failed": video.is_failed,
            }
        if operation == "create_edit":
            return _edit(
                client.create_edit(
                    arguments["video_uuid"],
                    arguments["edit_request"],
                    reference_image_urls=arguments.get("reference_image_urls"),
                    aspect_ratio=arguments.get("aspect_ratio"),
                    idempotency_key=arguments.get("idempotency_key"),
                )
            )
        if operation == "get_edit":
            return _edit(client.get_edit(arguments["edit_id"]))
        if operation == "revert_edit":
            return _edit(client.revert_edit(arguments["edit_id"]))
        raise ValueError(f"unknown operation {operation!r}")


def _row(row: ResultRow) -> dict[str, Any]:
    return {
        "index": row.index,
        "status": row.status,
        "uuid": row.uuid,
        "queue_position": row.queue_position,
        "code": row.code,
        "message": row.message,
    }


def _batch(batch: BatchResult) -> dict[str, Any]:
    return {
        "results": [_row(row) for row in batch.rows],
        "failed": [
            {"index": row.index, "code": row.code, "message": row.message} for row in batch.failures
        ],
    }


def _edit(edit: Edit) -> dict[str, Any]:
    return {"edit_id": edit.edit_id, "status": edit.status}


def build(
    policies: Policies | None = None,
) -> Callable[..., ReferenceAdapter]:
    """A protocol factory for the client with ``policies`` (the faults use this)."""

    def make(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> ReferenceAdapter:
        return ReferenceAdapter(
            KnowlifyClient(api_key, base_url=base_url, sleep=sleep, policies=policies)
        )

    return make


factory = build()
factory.__doc__ = "The protocol factory of the reference client (``--python ...adapter:factory``)."


def main(argv: Sequence[str] | None = None) -> int:
    from ...client.jsonlines import serve
    from .faults import FAULTS

    parser = argparse.ArgumentParser(
        prog="python -m conformance.reference.client.adapter",
        description="The reference client's adapter command (JSON lines on stdin/stdout).",
    )
    parser.add_argument(
        "--fault",
        default=os.environ.get(FAULT_ENVIRONMENT_VARIABLE) or None,
        help=f"run a faulty variant (also ${FAULT_ENVIRONMENT_VARIABLE})",
    )
    parser.add_argument("--list-faults", action="store_true", help="print the fault names")
    args = parser.parse_args(argv)
    if args.list_faults:
        for fault in FAULTS.values():
            print(f"{fault.name}: {fault.description}")
        return 0
    chosen = factory
    if args.fault:
        # The fault's name (retries-bad-request) or its attribute (retries_bad_request).
        name = args.fault.strip().replace("_", "-")
        if name not in FAULTS:
            print(f"unknown fault {args.fault!r}; see --list-faults", file=sys.stderr, flush=True)
            return 2
        chosen = FAULTS[name].factory
    serve(chosen, sys.stdin, sys.stdout, sleep=time.sleep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
