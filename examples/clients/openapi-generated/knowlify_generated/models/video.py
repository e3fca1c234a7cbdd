from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.video_progress import VideoProgress





T = TypeVar("T", bound="Video")



@_attrs_define
class Video:
    """ 200 body of GET /v1/videos/{uuid} [doc §5.2]; the documented field list is complete and every field is required. No
    video URL or download field is documented.

        Attributes:
            uuid (UUID): Echo of the path parameter.
            status (str): Current pipeline stage. Documented values, in order [doc §5.2]: pending, queued, voiceover,
                highlevel, lowlevel, scan_assets, generating_frames, complete, failed (terminal: complete, failed). Not an
                `enum`: the live API also returns the undocumented `video_generation` [3p; decision 5].
            is_complete (bool): true once rendering has finished successfully [doc §5.2].
            is_failed (bool): true when the job stopped on an unrecoverable error [doc §5.2].
            progress (VideoProgress): Not formally documented; subfields from the documented example [doc §5.2 example].
                None is required.
            error_message (None | str): Failure reason; null on healthy jobs [doc §5.2].
            task (str): The original prompt, echoed [doc §5.2].
            created_at (datetime.datetime): When the job was first queued; ISO-8601 with microseconds and `+00:00` [doc §1
                example].
            updated_at (datetime.datetime): When the status last changed [doc §5.2].
     """

    uuid: UUID
    status: str
    is_complete: bool
    is_failed: bool
    progress: VideoProgress
    error_message: None | str
    task: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.video_progress import VideoProgress # noqa: PLC0415
        uuid = str(self.uuid)

        status = self.status

        is_complete = self.is_complete

        is_failed = self.is_failed

        progress = self.progress.to_dict()

        error_message: None | str
        error_message = self.error_message

        task = self.task

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "uuid": uuid,
            "status": status,
            "is_complete": is_complete,
            "is_failed": is_failed,
            "progress": progress,
            "error_message": error_message,
            "task": task,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.video_progress import VideoProgress # noqa: PLC0415
        d = dict(src_dict)
        uuid = UUID(d.pop("uuid"))




        status = d.pop("status")

        is_complete = d.pop("is_complete")

        is_failed = d.pop("is_failed")

        progress = VideoProgress.from_dict(d.pop("progress"))




        def _parse_error_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_message = _parse_error_message(d.pop("error_message"))


        task = d.pop("task")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        video = cls(
            uuid=uuid,
            status=status,
            is_complete=is_complete,
            is_failed=is_failed,
            progress=progress,
            error_message=error_message,
            task=task,
            created_at=created_at,
            updated_at=updated_at,
        )


        video.additional_properties = d
        return video

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
