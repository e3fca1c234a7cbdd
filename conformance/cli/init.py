"""``init``: write a commented config template for a target of your own."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._common import CommandError, add_debug

__all__ = ["add_parser", "handle"]


def add_parser(commands: Any) -> None:
    init = commands.add_parser(
        "init", help="write a commented config template: every setting and fixture explained"
    )
    init.add_argument(
        "path", nargs="?", type=Path, default=Path("knowlify.yaml"),
        help="where to write it (default knowlify.yaml); '-' prints it",
    )  # fmt: skip
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_debug(init)
    init.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..fixture_docs import template_text

    text = template_text()
    if str(args.path) == "-":
        print(text, end="")
        return 0
    path: Path = args.path
    if path.exists() and not args.force:
        raise CommandError(f"{path} exists; choose another path or pass --force to overwrite it")
    if not path.parent.is_dir():
        raise CommandError(f"cannot write {path}: folder {path.parent} does not exist")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {path}: fill in the fixtures your target has, then")
    print(f"  knowlify-conformance run --config {path} --dry-run")
    return 0
