from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast
from uuid import UUID






T = TypeVar("T", bound="ParkedResultRow")



@_attrs_define
class ParkedResultRow:
    """ An item accepted but waiting for a concurrency slot [doc §3.4]; `queue_position` is 1-based in the caller's FIFO
    waiting list [inferred].

        Attributes:
            index (int):
            uuid (UUID):
            status (Literal['parked']):
            queue_position (int):
     """

    index: int
    uuid: UUID
    status: Literal['parked']
    queue_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        uuid = str(self.uuid)

        status = self.status

        queue_position = self.queue_position


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "uuid": uuid,
            "status": status,
            "queue_position": queue_position,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        uuid = UUID(d.pop("uuid"))




        status = cast(Literal['parked'] , d.pop("status"))
        if status != 'parked':
            raise ValueError(f"status must match const 'parked', got '{status}'")

        queue_position = d.pop("queue_position")

        parked_result_row = cls(
            index=index,
            uuid=uuid,
            status=status,
            queue_position=queue_position,
        )


        parked_result_row.additional_properties = d
        return parked_result_row

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
