from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aspect_ratio import AspectRatio
from ..models.video_type import VideoType
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.color_palette import ColorPalette





T = TypeVar("T", bound="VideoCreateItem")



@_attrs_define
class VideoCreateItem:
    """ One video job [doc §5.1 constraints; field names from the 3p client, matched by order and meaning]. Only `task` is
    required [inferred]; defaults of the other fields are [undocumented]. Unknown properties are not rejected [decision
    4].

        Attributes:
            task (str): What the video should explain or show [doc §5.1].
            video_duration_seconds (int | Unset): Target length in seconds, inclusive bounds [doc §5.1; integer presumably].
            aspect_ratio (AspectRatio | Unset): `16:9` (landscape) or `9:16` (portrait) [doc §5.1]; the same enum is assumed
                for the edit override [inferred §6.1].
            video_type (VideoType | Unset): Style preset [doc §5.1 constraints; field name 3p].
            global_style_prompt (None | str | Unset): Free-form direction applied to every scene [doc §5.1]; `null` means
                left out [decision 12].
            color_palette (ColorPalette | None | Unset):
            voice_description (None | str | Unset): Sent by the third-party client; constraints not documented [3p].
     """

    task: str
    video_duration_seconds: int | Unset = UNSET
    aspect_ratio: AspectRatio | Unset = UNSET
    video_type: VideoType | Unset = UNSET
    global_style_prompt: None | str | Unset = UNSET
    color_palette: ColorPalette | None | Unset = UNSET
    voice_description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.color_palette import ColorPalette # noqa: PLC0415
        task = self.task

        video_duration_seconds = self.video_duration_seconds

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value


        video_type: str | Unset = UNSET
        if not isinstance(self.video_type, Unset):
            video_type = self.video_type.value


        global_style_prompt: None | str | Unset
        if isinstance(self.global_style_prompt, Unset):
            global_style_prompt = UNSET
        else:
            global_style_prompt = self.global_style_prompt

        color_palette: dict[str, Any] | None | Unset
        if isinstance(self.color_palette, Unset):
            color_palette = UNSET
        elif isinstance(self.color_palette, ColorPalette):
            color_palette = self.color_palette.to_dict()
        else:
            color_palette = self.color_palette

        voice_description: None | str | Unset
        if isinstance(self.voice_description, Unset):
            voice_description = UNSET
        else:
            voice_description = self.voice_description


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "task": task,
        })
        if video_duration_seconds is not UNSET:
            field_dict["video_duration_seconds"] = video_duration_seconds
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if video_type is not UNSET:
            field_dict["video_type"] = video_type
        if global_style_prompt is not UNSET:
            field_dict["global_style_prompt"] = global_style_prompt
        if color_palette is not UNSET:
            field_dict["color_palette"] = color_palette
        if voice_description is not UNSET:
            field_dict["voice_description"] = voice_description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.color_palette import ColorPalette # noqa: PLC0415
        d = dict(src_dict)
        task = d.pop("task")

        video_duration_seconds = d.pop("video_duration_seconds", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio,  Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)




        _video_type = d.pop("video_type", UNSET)
        video_type: VideoType | Unset
        if isinstance(_video_type,  Unset):
            video_type = UNSET
        else:
            video_type = VideoType(_video_type)




        def _parse_global_style_prompt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        global_style_prompt = _parse_global_style_prompt(d.pop("global_style_prompt", UNSET))


        def _parse_color_palette(data: object) -> ColorPalette | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                color_palette_type_0 = ColorPalette.from_dict(data)



                return color_palette_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ColorPalette | None | Unset, data)

        color_palette = _parse_color_palette(d.pop("color_palette", UNSET))


        def _parse_voice_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_description = _parse_voice_description(d.pop("voice_description", UNSET))


        video_create_item = cls(
            task=task,
            video_duration_seconds=video_duration_seconds,
            aspect_ratio=aspect_ratio,
            video_type=video_type,
            global_style_prompt=global_style_prompt,
            color_palette=color_palette,
            voice_description=voice_description,
        )


        video_create_item.additional_properties = d
        return video_create_item

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
