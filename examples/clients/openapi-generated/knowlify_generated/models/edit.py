from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.edit_status import EditStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.edit_progress import EditProgress
  from ..models.edit_result import EditResult





T = TypeVar("T", bound="Edit")



@_attrs_define
class Edit:
    """ 200 body of GET /v1/edits/{edit_id} [doc §6.3]; also of POST /v1/edits [decision 6] and revert [doc §6.4].
    `is_complete` is true for `complete` or `reverted`, `is_failed` for `error` [doc]. `result` may be absent or null
    before completion [decision 9].

        Attributes:
            edit_id (UUID): Echo of the path parameter.
            video_uuid (UUID): The video the edit was submitted against.
            status (EditStatus): Edit lifecycle [doc §6.3]: (queued →) processing → applying → complete | error; only
                complete can move on to reverted. Active: queued, processing, applying.
            is_complete (bool):
            is_failed (bool):
            progress (EditProgress): Subfields not documented [doc §6.3].
            error_message (None | str): null for healthy edits [doc §6.3].
            created_at (datetime.datetime): When the edit was accepted [doc §6.3].
            updated_at (datetime.datetime): When the status last changed [doc §6.3].
            result (EditResult | None | Unset):
     """

    edit_id: UUID
    video_uuid: UUID
    status: EditStatus
    is_complete: bool
    is_failed: bool
    progress: EditProgress
    error_message: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    result: EditResult | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.edit_progress import EditProgress # noqa: PLC0415
        from ..models.edit_result import EditResult # noqa: PLC0415
        edit_id = str(self.edit_id)

        video_uuid = str(self.video_uuid)

        status = self.status.value

        is_complete = self.is_complete

        is_failed = self.is_failed

        progress = self.progress.to_dict()

        error_message: None | str
        error_message = self.error_message

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, EditResult):
            result = self.result.to_dict()
        else:
            result = self.result


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "edit_id": edit_id,
            "video_uuid": video_uuid,
            "status": status,
            "is_complete": is_complete,
            "is_failed": is_failed,
            "progress": progress,
            "error_message": error_message,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.edit_progress import EditProgress # noqa: PLC0415
        from ..models.edit_result import EditResult # noqa: PLC0415
        d = dict(src_dict)
        edit_id = UUID(d.pop("edit_id"))




        video_uuid = UUID(d.pop("video_uuid"))




        status = EditStatus(d.pop("status"))




        is_complete = d.pop("is_complete")

        is_failed = d.pop("is_failed")

        progress = EditProgress.from_dict(d.pop("progress"))




        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("error_message"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_result(data: object) -> EditResult | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = EditResult.from_dict(data)



                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EditResult | None | Unset, data)

        result = _parse_result(d.pop("result", UNSET))


        edit = cls(
            edit_id=edit_id,
            video_uuid=video_uuid,
            status=status,
            is_complete=is_complete,
            is_failed=is_failed,
            progress=progress,
            error_message=error_message,
            created_at=created_at,
            updated_at=updated_at,
            result=result,
        )


        edit.additional_properties = d
        return edit

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
