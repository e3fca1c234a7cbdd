"""Each documented operation answers only 2xx or a status from its documented error list."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..contract.constants import ENDPOINTS, Endpoint
from ..exchange import Exchange
from ..failures import NotApplicable, UnexpectedStatus
from .registry import oracle

__all__ = ["DOCUMENTED_STATUSES", "endpoint_of", "status_is_documented"]

DOCUMENTED_STATUSES = "ENV-005"


def endpoint_of(method: str, url: str) -> Endpoint | None:
    """The documented operation a request addresses, if any."""
    segments = urlsplit(url).path.rstrip("/").split("/")
    for endpoint in ENDPOINTS:
        pattern = endpoint.path.split("/")
        if endpoint.method != method.upper() or len(pattern) != len(segments):
            continue
        if all(p.startswith("{") or p == s for p, s in zip(pattern, segments, strict=True)):
            return endpoint
    return None


@oracle(DOCUMENTED_STATUSES)
def status_is_documented(exchange: Exchange) -> None:
    endpoint = endpoint_of(exchange.method, exchange.url)
    if endpoint is None:
        raise NotApplicable("not a documented operation")
    if 200 <= exchange.status_code < 300:
        return
    if exchange.status_code not in endpoint.error_statuses:
        raise UnexpectedStatus(
            requirement=DOCUMENTED_STATUSES,
            expected=endpoint.error_statuses | {200},
            exchange=exchange,
            why=f"{endpoint.operation_id} documents no {exchange.status_code}",
        )
