"""A Knowlify SDK on httpx with tenacity retries, the way many are written.

One ``httpx.Client`` (key in ``X-API-Key``, redirects followed); every call runs under
``tenacity.Retrying(wait=wait_exponential(multiplier=1, min=2, max=30),
stop=stop_after_attempt(n), retry=<429 or 5xx>)``. An edit's ``Idempotency-Key`` is chosen
once per call, outside the retry loop. Written for the conformance corpus: nothing here is
tuned to pass.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential


class APIError(Exception):
    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"Knowlify API error {status}: {detail}")
        self.status = status
        self.detail = detail


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, APIError) and (exc.status == 429 or exc.status >= 500)


class Knowlify:
    def __init__(self, api_key: str, *, base_url: str = "https://api.knowlify.com",
                 max_attempts: int = 4, sleep: Callable[[float], None] = time.sleep) -> None:
        self._http = httpx.Client(base_url=base_url, headers={"X-API-Key": api_key},
                                  follow_redirects=True, timeout=30)
        self.max_attempts = max_attempts
        self._sleep = sleep

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        retrying = Retrying(
            wait=wait_exponential(multiplier=1, min=2, max=30),
            stop=stop_after_attempt(self.max_attempts),
            retry=retry_if_exception(_retryable),
            sleep=self._sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                response = self._http.request(method, path, **kwargs)
                if response.is_error:
                    try:
                        body = response.json()
                    except ValueError:
                        body = None
                    raise APIError(response.status_code,
                                   body.get("detail") if isinstance(body, dict) else None)
                return response.json()
        raise AssertionError("unreachable")

    def create_videos(self, videos: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        if not 1 <= len(videos) <= 50:
            raise ValueError(f"a batch holds 1-50 videos, not {len(videos)}")
        answer = self._call("POST", "/v1/videos", json={"videos": videos, **extra})
        answer["_items"] = videos
        return answer

    def resubmit_failed(self, batch: dict[str, Any]) -> dict[str, Any]:
        failed = [row["index"] for row in batch["results"] if row.get("status") == "error"]
        again = self.create_videos([batch["_items"][i] for i in failed])
        for row in again["results"]:
            row["index"] = failed[row["index"]]
        return again

    def get_video(self, video_uuid: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/videos/{video_uuid}")

    def create_edit(self, video_uuid: str, edit_request: str, *,
                    idempotency_key: str | None = None, **extra: Any) -> dict[str, Any]:
        key = idempotency_key or str(uuid.uuid4())
        body = {"video_uuid": video_uuid, "edit_request": edit_request, **extra}
        return self._call("POST", "/v1/edits", json=body, headers={"Idempotency-Key": key})

    def get_edit(self, edit_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/edits/{edit_id}")

    def revert_edit(self, edit_id: str) -> dict[str, Any]:
        return self._call("POST", f"/v1/edits/{edit_id}/revert")

    def close(self) -> None:
        self._http.close()
