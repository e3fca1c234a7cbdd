"""Which code a benchmark measures: an exported commit, or the working tree as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["export", "revision"]

ROOT = Path(__file__).resolve().parent.parent


def export(rev: str, folder: Path) -> tuple[Path, str]:
    """The tree of commit ``rev`` (``git archive``) in ``folder``, and its short hash."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return folder, commit


def revision() -> str:
    """The commit measured, and whether ``conformance/`` differed from it."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (
        " + uncommitted changes" if git("status", "--porcelain", "conformance") else ""
    )
