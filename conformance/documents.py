"""Reading the files a user hands the suite (config, baseline) within bounds.

A config or baseline is small: one over ``MAX_DOCUMENT_BYTES`` is refused before it is read
(a 100 MB config was copied whole into results.json). YAML aliases are expanded in count
before the document is built (a 600-byte "billion laughs" expands to gigabytes once copied), and a
document nested deeper than Python's parsers go is one error line, not a RecursionError.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Final

import yaml

__all__ = ["MAX_DOCUMENT_BYTES", "MAX_YAML_NODES", "DocumentError", "parse", "read_text"]

MAX_DOCUMENT_BYTES: Final = 1024 * 1024
MAX_YAML_NODES: Final = 100_000
# libyaml when built in: fast, and it refuses absurd nesting itself.
_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DocumentError(ValueError):
    """The file is too large, too deep or too self-referencing to read; the message says so."""


def read_text(path: Path) -> str:
    """The file's text; ``DocumentError`` past ``MAX_DOCUMENT_BYTES`` (OSError and
    UnicodeDecodeError pass through for the caller's own message)."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{path} is {size} bytes; the suite reads files of at most {MAX_DOCUMENT_BYTES} bytes"
        )
    return path.read_text(encoding="utf-8")


def parse(text: str, kind: str) -> Any:
    """``text`` parsed as ``kind`` ("YAML", "JSON" or "TOML"); the parser's own errors pass
    through, the limits above raise ``DocumentError``."""
    try:
        if kind == "JSON":
            return json.loads(text)
        if kind == "TOML":
            return tomllib.loads(text)
        # The node graph first (an alias is one shared node: cheap), then its size with every
        # alias expanded, as a copy of the document would be.
        root = yaml.compose(text, Loader=_LOADER)
        nodes = _expanded_size(root, {}) if root is not None else 0
        if nodes > MAX_YAML_NODES:
            raise DocumentError(
                f"its YAML aliases expand it to over {MAX_YAML_NODES} values: write them out"
            )
        return yaml.load(text, Loader=_LOADER)
    except RecursionError:
        raise DocumentError("it is nested deeper than the suite reads") from None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` holds once every alias is copied out (memoised per node)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = size
    return size
