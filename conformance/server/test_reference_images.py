"""reference_image_urls (section 6.2): SSRF refusals are 422, media refusals 415.

Hostile URLs are data sent to the server; the suite never fetches them itself. Each probe is
aimed at the caller's complete video with enough credit, so the URL rule is the only fault.
Literal hostile hosts (loopback, private, IPv6, embedded and alternative IPv4 spellings) are
the SSRF corpus (``strategies/ssrf_corpus.yaml``), sent with the hostile-URL family by
``test_bad_input.py``; here are the hosts whose behaviour the config names.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ..contract.constants import EDIT_ACCEPTED_STATUSES
from ..failures import ConformanceFailure, NotApplicable
from ..harness import Harness
from ..oracles import expect_envelope, expect_status
from .bodies import EDITS, edit_body

requirement = pytest.mark.requirement


@requirement("REF-001")
def test_http_reference_url_is_422(knowlify: Harness) -> None:
    # The good image's own URL over http: nothing but the scheme can be the reason to refuse.
    good = knowlify.config.fixtures.get("image_urls.ok")
    url = "http://" + str(good).split("://", 1)[1] if good else "http://images.example/a.png"
    body = edit_body(knowlify.fixture("videos.complete"), reference_image_urls=[url])
    expect_status(knowlify.post(EDITS, json=body), 422, requirement="REF-001", why=f"{url}")


# (requirement, image-host fixture, expected status, why): hosts whose behaviour the config names.
# Not the ``rebind`` host (a public and a loopback address): whether such a name "resolves to a
# public IP" (contract.md §6.2) is not stated; REF-010 (SHOULD) checks it is never fetched.
HOSTED = [
    ("REF-006", "internal", 422, "a host name resolving to a private address"),
    ("REF-006", "metadata", 422, "a host name resolving to the metadata address"),
    ("REF-006", "redirect_private", 422, "a redirect to a host resolving to a private address"),
    ("REF-007", "two_hops", 422, "two redirect hops"),
    ("REF-009", "redirect_http", 422, "a redirect hop to http://"),
    ("REF-011", "wrong_type", 415, "a HEAD answer that is text/html"),
    ("REF-012", "no_length", 415, "a HEAD answer without Content-Length"),
    ("REF-013", "too_big", 415, "a HEAD answer of 5 MiB + 1 bytes"),
]
HOSTED_ACCEPTED = [
    ("REF-008", "one_hop", "exactly one redirect hop to a good image"),
    ("REF-014", "ok", "a small image/png with a Content-Length"),
    ("REF-014", "one_byte", "an image/png of one byte"),
    ("REF-014", "decimal_limit", "an image/png of 5,000,000 bytes (5 MB in either reading)"),
    ("REF-015", "exact_limit", "exactly 5 MiB"),
]


@pytest.mark.parametrize(
    ("rule", "host", "status", "why"),
    [pytest.param(*case, marks=requirement(case[0]), id=f"{case[0]}:{case[1]}") for case in HOSTED],
)
def test_hosted_reference_url_is_refused(
    knowlify: Harness, rule: str, host: str, status: int, why: str
) -> None:
    url = knowlify.fixture(f"image_urls.{host}")
    body = edit_body(knowlify.fixture("videos.complete"), reference_image_urls=[url])
    expect_status(knowlify.post(EDITS, json=body), status, requirement=rule, why=why)


@pytest.mark.parametrize(
    ("rule", "host", "why"),
    [pytest.param(*case, marks=requirement(case[0]), id=f"{case[0]}:{case[1]}")
     for case in HOSTED_ACCEPTED],
)  # fmt: skip
def test_good_reference_url_is_accepted(knowlify: Harness, rule: str, host: str, why: str) -> None:
    knowlify.spend(f"an edit with {why}")
    url = knowlify.fixture(f"image_urls.{host}")
    body = edit_body(knowlify.fixture("videos.complete"), reference_image_urls=[url])
    exchange = knowlify.post(EDITS, json=body)
    expect_status(exchange, EDIT_ACCEPTED_STATUSES, requirement=rule, why=why)


@requirement("REF-016")
@pytest.mark.parametrize("host", ["unreachable", "unknown_host"])
def test_unverifiable_reference_host_is_refused_cleanly(knowlify: Harness, host: str) -> None:
    url = knowlify.fixture(f"image_urls.{host}")
    body = edit_body(knowlify.fixture("videos.complete"), reference_image_urls=[url])
    exchange = knowlify.post(EDITS, json=body)
    expect_status(exchange, {415, 422}, requirement="REF-016", why=f"an image host that is {host}")
    expect_envelope(exchange, requirement="REF-016")


#: Image fixtures whose host the server must refuse before sending any request: these hosts
#: must never show in the image host's log.
REFUSED_HOSTS = ("internal", "metadata", "rebind")
#: What is sent: those, and a redirect to the ``internal`` host (whose first hop may be fetched).
SENT = (*REFUSED_HOSTS, "redirect_private")


@requirement("REF-010")
def test_refused_urls_are_never_fetched(knowlify: Harness) -> None:
    log_url = knowlify.fixture("image_host.requests_url")
    second_hop = knowlify.fixture("image_host.second_hop_target")
    two_hops = knowlify.fixture("image_urls.two_hops")
    sent = {name: knowlify.config.fixtures.get(f"image_urls.{name}") for name in SENT}
    video = knowlify.fixture("videos.complete")
    before = len(_image_host_log(knowlify, log_url))
    for url in (two_hops, *filter(None, sent.values())):
        # A conformant server refuses each (422): nothing billable. Statuses are REF-006..009's.
        knowlify.post(EDITS, json=edit_body(video, reference_image_urls=[url]))
    seen = _image_host_log(knowlify, log_url)[before:]
    if two_hops not in seen:
        raise NotApplicable(
            f"the image host's log shows no request for {two_hops}: it is not the log of the "
            "host this server fetches from (fixtures.image_host.requests_url)"
        )
    forbidden = {urlsplit(str(sent[name])).hostname for name in REFUSED_HOSTS if sent[name]}
    fetched = [
        url for url in seen if url == second_hop or urlsplit(url).hostname in forbidden - {None}
    ]
    if fetched:
        raise ConformanceFailure(
            requirement="REF-010",
            title="a refused URL was requested",
            message=f"the image host received requests it must never get: {fetched} "
            f"(a second redirect hop's target is {second_hop})",
        )


def _image_host_log(knowlify: Harness, url: str) -> list[str]:
    """The image host's request log: ``{"requests": [URL, ...]}``, oldest first, read keyless."""
    exchange = knowlify.get(str(url), key=None)
    try:
        requests = exchange.json()["requests"]
    except (ValueError, KeyError, TypeError):
        requests = None
    if exchange.status_code != 200 or not isinstance(requests, list):
        raise NotApplicable(
            f"the image host log at {url} answered {exchange.status_code} without a "
            "'requests' list (fixtures.image_host: see `knowlify-conformance init`)"
        )
    return [str(entry) for entry in requests]
