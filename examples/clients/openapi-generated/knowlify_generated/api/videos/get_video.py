from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.video import Video
from typing import cast
from uuid import UUID



def _get_kwargs(
    uuid: UUID,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/videos/{uuid}".format(uuid=quote(str(uuid), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Video | None:
    if response.status_code == 200:
        response_200 = Video.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Video]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    uuid: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | Video]:
    """ Poll a video job.

     Returns the job's current pipeline stage [doc §5.2]. Spends the videos bucket,
    shared with POST /v1/videos [doc §3.2]. No body.

    Errors [doc §4.1, §5.2]: 401; 403 the key does not own the job; 404 unknown
    `uuid`; 429 videos bucket; 500.

    Args:
        uuid (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Video]
     """


    kwargs = _get_kwargs(
        uuid=uuid,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    uuid: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Error | Video | None:
    """ Poll a video job.

     Returns the job's current pipeline stage [doc §5.2]. Spends the videos bucket,
    shared with POST /v1/videos [doc §3.2]. No body.

    Errors [doc §4.1, §5.2]: 401; 403 the key does not own the job; 404 unknown
    `uuid`; 429 videos bucket; 500.

    Args:
        uuid (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Video
     """


    return sync_detailed(
        uuid=uuid,
client=client,

    ).parsed

async def asyncio_detailed(
    uuid: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | Video]:
    """ Poll a video job.

     Returns the job's current pipeline stage [doc §5.2]. Spends the videos bucket,
    shared with POST /v1/videos [doc §3.2]. No body.

    Errors [doc §4.1, §5.2]: 401; 403 the key does not own the job; 404 unknown
    `uuid`; 429 videos bucket; 500.

    Args:
        uuid (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Video]
     """


    kwargs = _get_kwargs(
        uuid=uuid,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    uuid: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Error | Video | None:
    """ Poll a video job.

     Returns the job's current pipeline stage [doc §5.2]. Spends the videos bucket,
    shared with POST /v1/videos [doc §3.2]. No body.

    Errors [doc §4.1, §5.2]: 401; 403 the key does not own the job; 404 unknown
    `uuid`; 429 videos bucket; 500.

    Args:
        uuid (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Video
     """


    return (await asyncio_detailed(
        uuid=uuid,
client=client,

    )).parsed
