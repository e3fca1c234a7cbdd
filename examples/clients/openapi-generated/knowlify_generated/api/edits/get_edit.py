from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.edit import Edit
from ...models.error import Error
from typing import cast
from uuid import UUID



def _get_kwargs(
    edit_id: UUID,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/edits/{edit_id}".format(edit_id=quote(str(edit_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Edit | Error | None:
    if response.status_code == 200:
        response_200 = Edit.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Edit | Error]:
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

) -> Response[Edit | Error]:
    """ Poll an edit.

     Only the submitter, or an active member of the submitter's org, may read it
    [doc §6.3]. Spends the edits bucket [doc §3.2]. No body.

    Errors [doc §4.1, §6.3]: 401; 403 not the submitter or an org member; 404
    unknown `edit_id`; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Edit | Error]
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

) -> Edit | Error | None:
    """ Poll an edit.

     Only the submitter, or an active member of the submitter's org, may read it
    [doc §6.3]. Spends the edits bucket [doc §3.2]. No body.

    Errors [doc §4.1, §6.3]: 401; 403 not the submitter or an org member; 404
    unknown `edit_id`; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Edit | Error
     """


    return sync_detailed(
        edit_id=edit_id,
client=client,

    ).parsed

async def asyncio_detailed(
    edit_id: UUID,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Edit | Error]:
    """ Poll an edit.

     Only the submitter, or an active member of the submitter's org, may read it
    [doc §6.3]. Spends the edits bucket [doc §3.2]. No body.

    Errors [doc §4.1, §6.3]: 401; 403 not the submitter or an org member; 404
    unknown `edit_id`; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Edit | Error]
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

) -> Edit | Error | None:
    """ Poll an edit.

     Only the submitter, or an active member of the submitter's org, may read it
    [doc §6.3]. Spends the edits bucket [doc §3.2]. No body.

    Errors [doc §4.1, §6.3]: 401; 403 not the submitter or an org member; 404
    unknown `edit_id`; 429 edits bucket; 500.

    Args:
        edit_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Edit | Error
     """


    return (await asyncio_detailed(
        edit_id=edit_id,
client=client,

    )).parsed
