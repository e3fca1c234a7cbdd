from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.edit_result_revert_diff import EditResultRevertDiff





T = TypeVar("T", bound="EditResult")



@_attrs_define
class EditResult:
    """ Present once the edit is `complete` or `reverted` [doc §6.3]. Holds a `link` and scene-number arrays whose keys are
    not documented (open object); after a revert it also has `revert_diff`, shape undocumented [doc §6.4].

        Attributes:
            link (str):
            revert_diff (EditResultRevertDiff | Unset):
     """

    link: str
    revert_diff: EditResultRevertDiff | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.edit_result_revert_diff import EditResultRevertDiff # noqa: PLC0415
        link = self.link

        revert_diff: dict[str, Any] | Unset = UNSET
        if not isinstance(self.revert_diff, Unset):
            revert_diff = self.revert_diff.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "link": link,
        })
        if revert_diff is not UNSET:
            field_dict["revert_diff"] = revert_diff

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.edit_result_revert_diff import EditResultRevertDiff # noqa: PLC0415
        d = dict(src_dict)
        link = d.pop("link")

        _revert_diff = d.pop("revert_diff", UNSET)
        revert_diff: EditResultRevertDiff | Unset
        if isinstance(_revert_diff,  Unset):
            revert_diff = UNSET
        else:
            revert_diff = EditResultRevertDiff.from_dict(_revert_diff)




        edit_result = cls(
            link=link,
            revert_diff=revert_diff,
        )


        edit_result.additional_properties = d
        return edit_result

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
