from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast
from uuid import UUID






T = TypeVar("T", bound="QueuedResultRow")



@_attrs_define
class QueuedResultRow:
    """ An item dispatched to a worker at once [status doc §5.1; fields inferred].

        Attributes:
            index (int): 0-based position in the request's `videos` array [inferred §4.2].
            uuid (UUID):
            status (Literal['queued']):
     """

    index: int
    uuid: UUID
    status: Literal['queued']
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        uuid = str(self.uuid)

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "uuid": uuid,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        uuid = UUID(d.pop("uuid"))




        status = cast(Literal['queued'] , d.pop("status"))
        if status != 'queued':
            raise ValueError(f"status must match const 'queued', got '{status}'")

        queued_result_row = cls(
            index=index,
            uuid=uuid,
            status=status,
        )


        queued_result_row.additional_properties = d
        return queued_result_row

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
