from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.create_edit_request import CreateEditRequest
from ...models.edit_accepted import EditAccepted
from ...models.error import Error
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: CreateEditRequest,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/edits",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EditAccepted | Error | None:
    if response.status_code == 200:
        response_200 = EditAccepted.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 402:
        response_402 = Error.from_dict(response.json())



        return response_402

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EditAccepted | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateEditRequest,
    idempotency_key: str | Unset = UNSET,

) -> Response[EditAccepted | Error]:
    """ Edit an existing video with a natural-language instruction.

     Asynchronous: returns at once with an `edit_id`; the edit is accepted as
    `queued` or `processing` [doc §6.1]. The 200 body has the `Edit` shape of
    GET /v1/edits/{edit_id} [undocumented; decision 6]. The key must own the target
    video [doc §6.1]. A replay with the same `Idempotency-Key` within 24 hours
    returns the original response and creates no second edit [doc §6.1].

    Errors [doc §4.1, §6.1, §6.2]: 400 Pydantic validation (length, enum, malformed
    URL, more than 5 URLs [inferred]); 401; 402 balance strictly below the edit's
    worst-case credit cost; 403 the key does not own `video_uuid`; 404 `video_uuid`
    does not exist; 409 the target video is still being built or has errored; 415
    a reference image failed the HEAD checks (Content-Type not `image/*`,
    Content-Length missing or above 5 MiB); 422 body is not valid JSON or a
    reference URL failed the SSRF host check (not https, non-public IP, more than
    one redirect hop); 429 edits bucket; 500.

    Args:
        idempotency_key (str | Unset):
        body (CreateEditRequest): Body of POST /v1/edits [doc §6.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EditAccepted | Error]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateEditRequest,
    idempotency_key: str | Unset = UNSET,

) -> EditAccepted | Error | None:
    """ Edit an existing video with a natural-language instruction.

     Asynchronous: returns at once with an `edit_id`; the edit is accepted as
    `queued` or `processing` [doc §6.1]. The 200 body has the `Edit` shape of
    GET /v1/edits/{edit_id} [undocumented; decision 6]. The key must own the target
    video [doc §6.1]. A replay with the same `Idempotency-Key` within 24 hours
    returns the original response and creates no second edit [doc §6.1].

    Errors [doc §4.1, §6.1, §6.2]: 400 Pydantic validation (length, enum, malformed
    URL, more than 5 URLs [inferred]); 401; 402 balance strictly below the edit's
    worst-case credit cost; 403 the key does not own `video_uuid`; 404 `video_uuid`
    does not exist; 409 the target video is still being built or has errored; 415
    a reference image failed the HEAD checks (Content-Type not `image/*`,
    Content-Length missing or above 5 MiB); 422 body is not valid JSON or a
    reference URL failed the SSRF host check (not https, non-public IP, more than
    one redirect hop); 429 edits bucket; 500.

    Args:
        idempotency_key (str | Unset):
        body (CreateEditRequest): Body of POST /v1/edits [doc §6.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EditAccepted | Error
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateEditRequest,
    idempotency_key: str | Unset = UNSET,

) -> Response[EditAccepted | Error]:
    """ Edit an existing video with a natural-language instruction.

     Asynchronous: returns at once with an `edit_id`; the edit is accepted as
    `queued` or `processing` [doc §6.1]. The 200 body has the `Edit` shape of
    GET /v1/edits/{edit_id} [undocumented; decision 6]. The key must own the target
    video [doc §6.1]. A replay with the same `Idempotency-Key` within 24 hours
    returns the original response and creates no second edit [doc §6.1].

    Errors [doc §4.1, §6.1, §6.2]: 400 Pydantic validation (length, enum, malformed
    URL, more than 5 URLs [inferred]); 401; 402 balance strictly below the edit's
    worst-case credit cost; 403 the key does not own `video_uuid`; 404 `video_uuid`
    does not exist; 409 the target video is still being built or has errored; 415
    a reference image failed the HEAD checks (Content-Type not `image/*`,
    Content-Length missing or above 5 MiB); 422 body is not valid JSON or a
    reference URL failed the SSRF host check (not https, non-public IP, more than
    one redirect hop); 429 edits bucket; 500.

    Args:
        idempotency_key (str | Unset):
        body (CreateEditRequest): Body of POST /v1/edits [doc §6.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EditAccepted | Error]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateEditRequest,
    idempotency_key: str | Unset = UNSET,

) -> EditAccepted | Error | None:
    """ Edit an existing video with a natural-language instruction.

     Asynchronous: returns at once with an `edit_id`; the edit is accepted as
    `queued` or `processing` [doc §6.1]. The 200 body has the `Edit` shape of
    GET /v1/edits/{edit_id} [undocumented; decision 6]. The key must own the target
    video [doc §6.1]. A replay with the same `Idempotency-Key` within 24 hours
    returns the original response and creates no second edit [doc §6.1].

    Errors [doc §4.1, §6.1, §6.2]: 400 Pydantic validation (length, enum, malformed
    URL, more than 5 URLs [inferred]); 401; 402 balance strictly below the edit's
    worst-case credit cost; 403 the key does not own `video_uuid`; 404 `video_uuid`
    does not exist; 409 the target video is still being built or has errored; 415
    a reference image failed the HEAD checks (Content-Type not `image/*`,
    Content-Length missing or above 5 MiB); 422 body is not valid JSON or a
    reference URL failed the SSRF host check (not https, non-public IP, more than
    one redirect hop); 429 edits bucket; 500.

    Args:
        idempotency_key (str | Unset):
        body (CreateEditRequest): Body of POST /v1/edits [doc §6.1]. Unknown properties are not
            rejected [decision 4].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EditAccepted | Error
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
