from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.edit_reverted import EditReverted
from ...models.error import Error
from typing import cast
from uuid import UUID



def _get_kwargs(
    edit_id: UUID,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/edits/{edit_id}/revert".format(edit_id=quote(str(edit_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EditReverted | Error | None:
    if response.status_code == 200:
        response_200 = EditReverted.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EditReverted | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    edit_id: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Response[EditReverted | Error]:
    """ Undo the most recent completed edit of a video.

     No request body: the path identifies the operation [doc §6.4]. The edit must be
    `complete`; reverts are strict LIFO. Three guards must all hold (no active edit
    on the video; no newer external edit that is neither `error` nor `reverted`;
    the top of `planner_history` was saved by this edit), otherwise 409 with a
    `detail` naming the failed rule [doc §6.4; guard wording undocumented].

    Errors [doc §4.1, §6.4]: 401; 403 `API key does not own this edit`; 404
    `edit not found`; 409 `edit is not in a revertable state (status=…)` [status
    placeholder inferred] or a failed guard; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EditReverted | Error]
     """


    kwargs = _get_kwargs(
        edit_id=edit_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    edit_id: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> EditReverted | Error | None:
    """ Undo the most recent completed edit of a video.

     No request body: the path identifies the operation [doc §6.4]. The edit must be
    `complete`; reverts are strict LIFO. Three guards must all hold (no active edit
    on the video; no newer external edit that is neither `error` nor `reverted`;
    the top of `planner_history` was saved by this edit), otherwise 409 with a
    `detail` naming the failed rule [doc §6.4; guard wording undocumented].

    Errors [doc §4.1, §6.4]: 401; 403 `API key does not own this edit`; 404
    `edit not found`; 409 `edit is not in a revertable state (status=…)` [status
    placeholder inferred] or a failed guard; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EditReverted | Error
     """


    return sync_detailed(
        edit_id=edit_id,
client=client,

    ).parsed

async def asyncio_detailed(
    edit_id: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Response[EditReverted | Error]:
    """ Undo the most recent completed edit of a video.

     No request body: the path identifies the operation [doc §6.4]. The edit must be
    `complete`; reverts are strict LIFO. Three guards must all hold (no active edit
    on the video; no newer external edit that is neither `error` nor `reverted`;
    the top of `planner_history` was saved by this edit), otherwise 409 with a
    `detail` naming the failed rule [doc §6.4; guard wording undocumented].

    Errors [doc §4.1, §6.4]: 401; 403 `API key does not own this edit`; 404
    `edit not found`; 409 `edit is not in a revertable state (status=…)` [status
    placeholder inferred] or a failed guard; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EditReverted | Error]
     """


    kwargs = _get_kwargs(
        edit_id=edit_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    edit_id: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> EditReverted | Error | None:
    """ Undo the most recent completed edit of a video.

     No request body: the path identifies the operation [doc §6.4]. The edit must be
    `complete`; reverts are strict LIFO. Three guards must all hold (no active edit
    on the video; no newer external edit that is neither `error` nor `reverted`;
    the top of `planner_history` was saved by this edit), otherwise 409 with a
    `detail` naming the failed rule [doc §6.4; guard wording undocumented].

    Errors [doc §4.1, §6.4]: 401; 403 `API key does not own this edit`; 404
    `edit not found`; 409 `edit is not in a revertable state (status=…)` [status
    placeholder inferred] or a failed guard; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EditReverted | Error
     """


    return (await asyncio_detailed(
        edit_id=edit_id,
client=client,

    )).parsed
