from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.video_create_item import VideoCreateItem





T = TypeVar("T", bound="CreateVideosRequest")



@_attrs_define
class CreateVideosRequest:
    """ Body of POST /v1/videos [doc §5.1]. Unknown properties are not rejected [decision 4].

        Attributes:
            videos (list[VideoCreateItem]): 1-50 items [doc §3.1, §5.1]; empty or more than 50 answers 400. Items over the
                concurrency limit are accepted but parked [doc §3.4].
            email (None | str | Unset): Advisory only; with an API key the identity comes from the key [doc §5.1]. The exact
                email pattern is not documented.
            org_id (None | str | Unset): Org scope. API key: must equal the key's org or be left out, a mismatch answers
                400; JWT: non-members get 403 [doc §2.4, §5.1].
     """

    videos: list[VideoCreateItem]
    email: None | str | Unset = UNSET
    org_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.video_create_item import VideoCreateItem # noqa: PLC0415
        videos = []
        for videos_item_data in self.videos:
            videos_item = videos_item_data.to_dict()
            videos.append(videos_item)



        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        org_id: None | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        else:
            org_id = self.org_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "videos": videos,
        })
        if email is not UNSET:
            field_dict["email"] = email
        if org_id is not UNSET:
            field_dict["org_id"] = org_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.video_create_item import VideoCreateItem # noqa: PLC0415
        d = dict(src_dict)
        videos = []
        _videos = d.pop("videos")
        for videos_item_data in (_videos):
            videos_item = VideoCreateItem.from_dict(videos_item_data)



            videos.append(videos_item)


        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_org_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        org_id = _parse_org_id(d.pop("org_id", UNSET))


        create_videos_request = cls(
            videos=videos,
            email=email,
            org_id=org_id,
        )


        create_videos_request.additional_properties = d
        return create_videos_request

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
