from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aspect_ratio import AspectRatio
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="CreateEditRequest")



@_attrs_define
class CreateEditRequest:
    """ Body of POST /v1/edits [doc §6.1]. Unknown properties are not rejected [decision 4].

        Attributes:
            video_uuid (UUID): A video owned by the key's user or org. Unknown → 404; not owned → 403; still building or
                errored → 409 [doc §6.1].
            edit_request (str): The change to make, in natural language [doc §6.1].
            reference_image_urls (list[str] | Unset): At most 5 URLs used to condition the edit [doc §6.1]; more → 400
                [inferred]. Per-URL rules (`x-reference-image-rules`) [doc §6.2]: https only, public host, at most one redirect
                hop (else 422); the upstream HEAD must answer an `image/*` Content-Type with a Content-Length of at most 5 MiB
                (else 415). A malformed URL → 400. Each item is an absolute URL (RFC 3986); its format name, `reference-url`,
                lets a generator plug in its own strategy (the suite's: `strategies.public_reference_urls()`, on harmless RFC
                2606 hosts).
            aspect_ratio (AspectRatio | None | Unset):
     """

    video_uuid: UUID
    edit_request: str
    reference_image_urls: list[str] | Unset = UNSET
    aspect_ratio: AspectRatio | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        video_uuid = str(self.video_uuid)

        edit_request = self.edit_request

        reference_image_urls: list[str] | Unset = UNSET
        if not isinstance(self.reference_image_urls, Unset):
            reference_image_urls = self.reference_image_urls



        aspect_ratio: None | str | Unset
        if isinstance(self.aspect_ratio, Unset):
            aspect_ratio = UNSET
        elif isinstance(self.aspect_ratio, AspectRatio):
            aspect_ratio = self.aspect_ratio.value
        else:
            aspect_ratio = self.aspect_ratio


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "video_uuid": video_uuid,
            "edit_request": edit_request,
        })
        if reference_image_urls is not UNSET:
            field_dict["reference_image_urls"] = reference_image_urls
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_uuid = UUID(d.pop("video_uuid"))




        edit_request = d.pop("edit_request")

        reference_image_urls = cast(list[str], d.pop("reference_image_urls", UNSET))


        def _parse_aspect_ratio(data: object) -> AspectRatio | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                aspect_ratio_type_0 = AspectRatio(data)



                return aspect_ratio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AspectRatio | None | Unset, data)

        aspect_ratio = _parse_aspect_ratio(d.pop("aspect_ratio", UNSET))


        create_edit_request = cls(
            video_uuid=video_uuid,
            edit_request=edit_request,
            reference_image_urls=reference_image_urls,
            aspect_ratio=aspect_ratio,
        )


        create_edit_request.additional_properties = d
        return create_edit_request

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
