from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import Literal, cast






T = TypeVar("T", bound="ErrorResultRow")



@_attrs_define
class ErrorResultRow:
    """ A failed item [doc §4.2]: `code` is `ITEM_FAILED`, the only value emitted today; `message` is human-readable text
    for logs. `uuid` may be absent [undocumented; decision 8]. The errors-page example also carries `session_id` and
    `chat_url`.

        Attributes:
            index (int):
            status (Literal['error']):
            code (Literal['ITEM_FAILED']):
            message (str):
            uuid (str | Unset):
     """

    index: int
    status: Literal['error']
    code: Literal['ITEM_FAILED']
    message: str
    uuid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status

        code = self.code

        message = self.message

        uuid = self.uuid


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "status": status,
            "code": code,
            "message": message,
        })
        if uuid is not UNSET:
            field_dict["uuid"] = uuid

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        status = cast(Literal['error'] , d.pop("status"))
        if status != 'error':
            raise ValueError(f"status must match const 'error', got '{status}'")

        code = cast(Literal['ITEM_FAILED'] , d.pop("code"))
        if code != 'ITEM_FAILED':
            raise ValueError(f"code must match const 'ITEM_FAILED', got '{code}'")

        message = d.pop("message")

        uuid = d.pop("uuid", UNSET)

        error_result_row = cls(
            index=index,
            status=status,
            code=code,
            message=message,
            uuid=uuid,
        )


        error_result_row.additional_properties = d
        return error_result_row

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
