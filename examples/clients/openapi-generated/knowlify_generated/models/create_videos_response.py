from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.error_result_row import ErrorResultRow
  from ..models.parked_result_row import ParkedResultRow
  from ..models.queued_result_row import QueuedResultRow





T = TypeVar("T", bound="CreateVideosResponse")



@_attrs_define
class CreateVideosResponse:
    """ 200 body of POST /v1/videos [doc §5.1].

        Attributes:
            status (Literal['ok']):
            total (int): Number of items in the request.
            enqueued (int): Items sent to a worker at once.
            parked (int): Items accepted but waiting for a concurrency slot.
            errors (int): Items that failed validation or queueing.
            user_id (str): The authenticated caller (a UUID string) [doc §5.1].
            org_id (None | str): The org when the key/JWT is org-scoped, otherwise null [doc §5.1].
            results (list[ErrorResultRow | ParkedResultRow | QueuedResultRow]):
     """

    status: Literal['ok']
    total: int
    enqueued: int
    parked: int
    errors: int
    user_id: str
    org_id: None | str
    results: list[ErrorResultRow | ParkedResultRow | QueuedResultRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.error_result_row import ErrorResultRow # noqa: PLC0415
        from ..models.parked_result_row import ParkedResultRow # noqa: PLC0415
        from ..models.queued_result_row import QueuedResultRow # noqa: PLC0415
        status = self.status

        total = self.total

        enqueued = self.enqueued

        parked = self.parked

        errors = self.errors

        user_id = self.user_id

        org_id: None | str
        org_id = self.org_id

        results = []
        for results_item_data in self.results:
            results_item: dict[str, Any]
            if isinstance(results_item_data, QueuedResultRow):
                results_item = results_item_data.to_dict()
            elif isinstance(results_item_data, ParkedResultRow):
                results_item = results_item_data.to_dict()
            else:
                results_item = results_item_data.to_dict()

            results.append(results_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "total": total,
            "enqueued": enqueued,
            "parked": parked,
            "errors": errors,
            "user_id": user_id,
            "org_id": org_id,
            "results": results,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_result_row import ErrorResultRow # noqa: PLC0415
        from ..models.parked_result_row import ParkedResultRow # noqa: PLC0415
        from ..models.queued_result_row import QueuedResultRow # noqa: PLC0415
        d = dict(src_dict)
        status = cast(Literal['ok'] , d.pop("status"))
        if status != 'ok':
            raise ValueError(f"status must match const 'ok', got '{status}'")

        total = d.pop("total")

        enqueued = d.pop("enqueued")

        parked = d.pop("parked")

        errors = d.pop("errors")

        user_id = d.pop("user_id")

        def _parse_org_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        org_id = _parse_org_id(d.pop("org_id"))


        results = []
        _results = d.pop("results")
        for results_item_data in (_results):
            def _parse_results_item(data: object) -> ErrorResultRow | ParkedResultRow | QueuedResultRow:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_result_row_type_0 = QueuedResultRow.from_dict(data)



                    return componentsschemas_result_row_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_result_row_type_1 = ParkedResultRow.from_dict(data)



                    return componentsschemas_result_row_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_result_row_type_2 = ErrorResultRow.from_dict(data)



                return componentsschemas_result_row_type_2

            results_item = _parse_results_item(results_item_data)

            results.append(results_item)


        create_videos_response = cls(
            status=status,
            total=total,
            enqueued=enqueued,
            parked=parked,
            errors=errors,
            user_id=user_id,
            org_id=org_id,
            results=results,
        )


        create_videos_response.additional_properties = d
        return create_videos_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
