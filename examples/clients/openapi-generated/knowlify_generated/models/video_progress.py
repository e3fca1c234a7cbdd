from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="VideoProgress")



@_attrs_define
class VideoProgress:
    """ Not formally documented; subfields from the documented example [doc §5.2 example]. None is required.

        Attributes:
            stage (str | Unset): Mirrors `status`.
            percent (int | Unset):
            current_scene (int | Unset):
            total_scenes (int | Unset):
     """

    stage: str | Unset = UNSET
    percent: int | Unset = UNSET
    current_scene: int | Unset = UNSET
    total_scenes: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        stage = self.stage

        percent = self.percent

        current_scene = self.current_scene

        total_scenes = self.total_scenes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if stage is not UNSET:
            field_dict["stage"] = stage
        if percent is not UNSET:
            field_dict["percent"] = percent
        if current_scene is not UNSET:
            field_dict["current_scene"] = current_scene
        if total_scenes is not UNSET:
            field_dict["total_scenes"] = total_scenes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stage = d.pop("stage", UNSET)

        percent = d.pop("percent", UNSET)

        current_scene = d.pop("current_scene", UNSET)

        total_scenes = d.pop("total_scenes", UNSET)

        video_progress = cls(
            stage=stage,
            percent=percent,
            current_scene=current_scene,
            total_scenes=total_scenes,
        )


        video_progress.additional_properties = d
        return video_progress

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
