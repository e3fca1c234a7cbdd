"""``KnowlifyClient``: the five endpoints of the Knowlify API v1 over httpx, done right.

It surfaces every non-2xx as a typed exception carrying the status and ``detail`` verbatim,
retries 429 after ``Retry-After`` and 500 with exponential backoff from 2 s (bounded), never
retries request faults, reuses one ``Idempotency-Key`` across the retries of one edit, follows
redirects without carrying the key to another origin, refuses batches outside 1-50 before
sending, and resubmits only the failed items of a batch. Waiting goes through ``sleep`` so a
test can record the waits instead of spending them.
"""

from __future__ import annotations

import dataclasses
import functools
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from ...contract.constants import IDEMPOTENCY_KEY_HEADER
from ._exceptions import InvalidResponseError, KnowlifyTransportError
from ._models import BatchResult, Edit, Video
from ._policies import Policies

__all__ = ["DEFAULT_BASE_URL", "KnowlifyClient"]

DEFAULT_BASE_URL = "https://api.knowlify.com"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class _Key:
    """The API key, kept out of every repr and str."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<api key>"

    __str__ = __repr__


class KnowlifyClient:
    """A client for one API key. Thread-compatible, not thread-safe (like ``httpx.Client``)."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        max_attempts: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        http_client: httpx.Client | None = None,
        policies: Policies | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is empty; pass the key from the dashboard's Developer tab")
        self._key = _Key(api_key)
        self.base_url = httpx.URL(base_url.rstrip("/") + "/")
        self._sleep = sleep
        self._http = http_client or httpx.Client(
            timeout=timeout, follow_redirects=False, verify=_tls_context()
        )
        policies = policies or Policies()
        if max_attempts is not None:
            policies = dataclasses.replace(
                policies, retry=policies.retry.with_max_attempts(max_attempts)
            )
        self.policies = policies

    def __repr__(self) -> str:
        return f"KnowlifyClient(base_url={str(self.base_url)!r})"

    def __enter__(self) -> KnowlifyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def with_options(self, *, max_attempts: int | None = None) -> KnowlifyClient:
        """A client sharing this one's connection pool, with other retry bounds."""
        clone = object.__new__(KnowlifyClient)
        clone.__dict__.update(self.__dict__)
        if max_attempts is not None:
            clone.policies = dataclasses.replace(
                self.policies, retry=self.policies.retry.with_max_attempts(max_attempts)
            )
        return clone

    # --- videos ---------------------------------------------------------------------------

    def create_videos(
        self,
        videos: Sequence[Mapping[str, Any]],
        *,
        email: str | None = None,
        org_id: str | None = None,
    ) -> BatchResult:
        """Queue 1-50 videos; per-item failures come back as rows, not as an exception."""
        items = [dict(item) for item in videos]
        self.policies.batches.check(len(items))
        body: dict[str, Any] = {"videos": items}
        if email is not None:
            body["email"] = email
        if org_id is not None:
            body["org_id"] = org_id
        answer = self._request("POST", "v1/videos", json_body=body)
        rows = [self.policies.rows.parse(row) for row in _rows_of(answer)]
        return BatchResult(items=items, rows=rows, raw=answer)

    def resubmit_failed(self, batch: BatchResult) -> BatchResult:
        """Send the failed items of ``batch`` again, in a new request, and nothing else.

        The returned rows carry each item's index in ``batch.items``, not in the new request.
        """
        indexes = self.policies.resubmit.indexes_to_send(batch.rows, len(batch.items))
        if not indexes:
            return BatchResult(items=batch.items, rows=[], raw={})
        resent = self.create_videos([batch.items[i] for i in indexes])
        rows = [
            dataclasses.replace(row, index=indexes[row.index])
            if 0 <= row.index < len(indexes)
            else row
            for row in resent.rows
        ]
        return BatchResult(items=batch.items, rows=rows, raw=resent.raw)

    def get_video(self, video_uuid: str) -> Video:
        answer = self._request("GET", f"v1/videos/{video_uuid}")
        return self.policies.results.video(answer, video_uuid)

    # --- edits ----------------------------------------------------------------------------

    def create_edit(
        self,
        video_uuid: str,
        edit_request: str,
        *,
        reference_image_urls: Sequence[str] | None = None,
        aspect_ratio: str | None = None,
        idempotency_key: str | None = None,
    ) -> Edit:
        """Submit an edit; every retry of this call carries the same ``Idempotency-Key``."""
        body: dict[str, Any] = {"video_uuid": video_uuid, "edit_request": edit_request}
        if reference_image_urls is not None:
            body["reference_image_urls"] = list(reference_image_urls)
        if aspect_ratio is not None:
            body["aspect_ratio"] = aspect_ratio
        key, generated = self.policies.idempotency.key_for_edit(idempotency_key)
        answer = self._request("POST", "v1/edits", json_body=body, idempotency=(key, generated))
        return self.policies.results.edit(answer)

    def get_edit(self, edit_id: str) -> Edit:
        return self.policies.results.edit(self._request("GET", f"v1/edits/{edit_id}"))

    def revert_edit(self, edit_id: str) -> Edit:
        return self.policies.results.edit(self._request("POST", f"v1/edits/{edit_id}/revert"))

    # --- transport ------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Mapping[str, Any] | None = None,
        idempotency: tuple[str, bool] | None = None,
    ) -> dict[str, Any]:
        """Send with retries; the decoded 2xx body, or the typed exception."""
        policies = self.policies
        attempt = 1
        while True:
            headers: dict[str, str] = {"Accept": "application/json"}
            params: dict[str, str] = {}
            policies.auth.apply(self._key.value, headers, params, attempt)
            if idempotency is not None:
                key, generated = idempotency
                headers[IDEMPOTENCY_KEY_HEADER] = policies.idempotency.key_for_attempt(
                    key, attempt, generated=generated
                )
            response = self._send(method, self.base_url.join(path), headers, params, json_body)
            if response.is_success:
                return policies.errors.body_of(response)
            error = policies.errors.error_for(response)
            if not policies.retry.should_retry(response.status_code, attempt):
                raise error
            self._sleep(policies.retry.delay(response, attempt))
            attempt += 1

    def _send(
        self,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        params: dict[str, str],
        json_body: Mapping[str, Any] | None,
    ) -> httpx.Response:
        """One attempt, following redirects through the redirect policy."""
        origin = url
        for _hop in range(self.policies.redirects.max_hops + 1):
            try:
                response = self._http.request(
                    method, url, headers=headers, params=params or None, json=json_body
                )
                response.read()
            except httpx.TimeoutException as exc:
                raise KnowlifyTransportError(f"{method} {url.path}: no answer in time") from exc
            except httpx.HTTPError as exc:
                raise KnowlifyTransportError(f"{method} {url.path}: {type(exc).__name__}") from exc
            location = response.headers.get("Location")
            if response.status_code not in _REDIRECTS or not location:
                return response
            target = url.join(location)
            headers = self.policies.redirects.headers_for(origin, target, headers)
            if response.status_code == 303:
                method, json_body = "GET", None
            url, params = target, {}  # the Location is the whole next URL
        return response


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every client: loading the CA bundle costs ~0.1 s."""
    return httpx.create_ssl_context()


def _rows_of(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rows = answer.get("results")
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise InvalidResponseError("the batch answer has no results list")
    return rows
