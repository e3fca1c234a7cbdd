from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.create_videos_request import CreateVideosRequest
from ...models.create_videos_response import CreateVideosResponse
from ...models.error import Error
from typing import cast



def _get_kwargs(
    *,
    body: CreateVideosRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/videos",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CreateVideosResponse | Error | None:
    if response.status_code == 200:
        response_200 = CreateVideosResponse.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CreateVideosResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideosRequest,

) -> Response[CreateVideosResponse | Error]:
    """ Queue 1-50 video jobs.

     Asynchronous: the 200 only confirms that each item was accepted (`queued` or
    `parked`) or failed (`error` row) [doc §5.1]. Items beyond the caller's
    concurrent-render limit (`x-max-active-jobs`) are accepted but parked and
    promoted FIFO [doc §3.4]. Authenticated by a personal or org API key, or a
    first-party JWT [doc §2].

    Errors [doc §4.1, §5.1]: 400 Pydantic validation (batch size, enum,
    length/range, hex colour, URL, email) or `org_id` not equal to the API key's
    org; 401 missing/malformed/revoked credentials; 403 JWT caller not an active
    member of `org_id`; 422 body is not valid JSON; 429 videos bucket; 500
    unexpected failure. Per-item failures come back as 200 `error` rows. No 402 is
    documented for videos [doc].

    Args:
        body (CreateVideosRequest): Body of POST /v1/videos [doc §5.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateVideosResponse | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideosRequest,

) -> CreateVideosResponse | Error | None:
    """ Queue 1-50 video jobs.

     Asynchronous: the 200 only confirms that each item was accepted (`queued` or
    `parked`) or failed (`error` row) [doc §5.1]. Items beyond the caller's
    concurrent-render limit (`x-max-active-jobs`) are accepted but parked and
    promoted FIFO [doc §3.4]. Authenticated by a personal or org API key, or a
    first-party JWT [doc §2].

    Errors [doc §4.1, §5.1]: 400 Pydantic validation (batch size, enum,
    length/range, hex colour, URL, email) or `org_id` not equal to the API key's
    org; 401 missing/malformed/revoked credentials; 403 JWT caller not an active
    member of `org_id`; 422 body is not valid JSON; 429 videos bucket; 500
    unexpected failure. Per-item failures come back as 200 `error` rows. No 402 is
    documented for videos [doc].

    Args:
        body (CreateVideosRequest): Body of POST /v1/videos [doc §5.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateVideosResponse | Error
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideosRequest,

) -> Response[CreateVideosResponse | Error]:
    """ Queue 1-50 video jobs.

     Asynchronous: the 200 only confirms that each item was accepted (`queued` or
    `parked`) or failed (`error` row) [doc §5.1]. Items beyond the caller's
    concurrent-render limit (`x-max-active-jobs`) are accepted but parked and
    promoted FIFO [doc §3.4]. Authenticated by a personal or org API key, or a
    first-party JWT [doc §2].

    Errors [doc §4.1, §5.1]: 400 Pydantic validation (batch size, enum,
    length/range, hex colour, URL, email) or `org_id` not equal to the API key's
    org; 401 missing/malformed/revoked credentials; 403 JWT caller not an active
    member of `org_id`; 422 body is not valid JSON; 429 videos bucket; 500
    unexpected failure. Per-item failures come back as 200 `error` rows. No 402 is
    documented for videos [doc].

    Args:
        body (CreateVideosRequest): Body of POST /v1/videos [doc §5.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateVideosResponse | Error]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVideosRequest,

) -> CreateVideosResponse | Error | None:
    """ Queue 1-50 video jobs.

     Asynchronous: the 200 only confirms that each item was accepted (`queued` or
    `parked`) or failed (`error` row) [doc §5.1]. Items beyond the caller's
    concurrent-render limit (`x-max-active-jobs`) are accepted but parked and
    promoted FIFO [doc §3.4]. Authenticated by a personal or org API key, or a
    first-party JWT [doc §2].

    Errors [doc §4.1, §5.1]: 400 Pydantic validation (batch size, enum,
    length/range, hex colour, URL, email) or `org_id` not equal to the API key's
    org; 401 missing/malformed/revoked credentials; 403 JWT caller not an active
    member of `org_id`; 422 body is not valid JSON; 429 videos bucket; 500
    unexpected failure. Per-item failures come back as 200 `error` rows. No 402 is
    documented for videos [doc].

    Args:
        body (CreateVideosRequest): Body of POST /v1/videos [doc §5.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateVideosResponse | Error
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
