from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ColorPalette")



@_attrs_define
class ColorPalette:
    """ Optional brand palette; allowed keys only `primary`, `secondary`, `tertiary`, `accent`, each a hex colour [doc
    §5.1]. Other keys are rejected (400).

        Attributes:
            primary (str | Unset): `#rgb` or `#rrggbb` hex colour [doc §5.1]; upper-case hex accepted [inferred]; no alpha
                forms or named colours. `format: hex-colour` names this value class so a generator can plug in its own strategy
                (the suite's: `strategies.hex_colours()`); the `pattern` is what validates.
            secondary (str | Unset): `#rgb` or `#rrggbb` hex colour [doc §5.1]; upper-case hex accepted [inferred]; no alpha
                forms or named colours. `format: hex-colour` names this value class so a generator can plug in its own strategy
                (the suite's: `strategies.hex_colours()`); the `pattern` is what validates.
            tertiary (str | Unset): `#rgb` or `#rrggbb` hex colour [doc §5.1]; upper-case hex accepted [inferred]; no alpha
                forms or named colours. `format: hex-colour` names this value class so a generator can plug in its own strategy
                (the suite's: `strategies.hex_colours()`); the `pattern` is what validates.
            accent (str | Unset): `#rgb` or `#rrggbb` hex colour [doc §5.1]; upper-case hex accepted [inferred]; no alpha
                forms or named colours. `format: hex-colour` names this value class so a generator can plug in its own strategy
                (the suite's: `strategies.hex_colours()`); the `pattern` is what validates.
     """

    primary: str | Unset = UNSET
    secondary: str | Unset = UNSET
    tertiary: str | Unset = UNSET
    accent: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        primary = self.primary

        secondary = self.secondary

        tertiary = self.tertiary

        accent = self.accent


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if primary is not UNSET:
            field_dict["primary"] = primary
        if secondary is not UNSET:
            field_dict["secondary"] = secondary
        if tertiary is not UNSET:
            field_dict["tertiary"] = tertiary
        if accent is not UNSET:
            field_dict["accent"] = accent

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        primary = d.pop("primary", UNSET)

        secondary = d.pop("secondary", UNSET)

        tertiary = d.pop("tertiary", UNSET)

        accent = d.pop("accent", UNSET)

        color_palette = cls(
            primary=primary,
            secondary=secondary,
            tertiary=tertiary,
            accent=accent,
        )

        return color_palette

