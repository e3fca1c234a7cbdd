"""A Knowlify SDK the way many are written: requests, with urllib3's ``Retry`` doing the retries.

The session carries the key in ``X-API-Key``; an ``HTTPAdapter`` with ``Retry(backoff_factor=2,
status_forcelist=(429, 500, 502, 503, 504), respect_retry_after_header=True)`` retries 429s and
server errors, every method included. Non-2xx answers become ``KnowlifyError`` with the status
and the envelope's ``detail``. Written for the conformance corpus: nothing here is tuned to pass.
"""

from __future__ import annotations

import uuid
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RETRIED = (429, 500, 502, 503, 504)


class KnowlifyError(Exception):
    def __init__(self, status: int, detail: Any, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class Knowlify:
    def __init__(self, api_key: str, base_url: str = "https://api.knowlify.com",
                 max_attempts: int = 4) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["X-API-Key"] = api_key
        retry = Retry(total=max_attempts - 1, backoff_factor=2, status_forcelist=RETRIED,
                      allowed_methods=None, respect_retry_after_header=True,
                      raise_on_status=False)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, self.base_url + path, timeout=30, **kwargs)
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            detail = body.get("detail") if isinstance(body, dict) else None
            raise KnowlifyError(response.status_code, detail,
                                f"{response.status_code} {response.reason}: {detail}")
        return response.json()

    def create_videos(self, videos: list[dict[str, Any]], email: str | None = None,
                      org_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"videos": videos}
        if email is not None:
            body["email"] = email
        if org_id is not None:
            body["org_id"] = org_id
        answer = self._call("POST", "/v1/videos", json=body)
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
