"""The order of a run against an HTTP target: each rate-limit bucket's tests spread out.

Against a live server the run is paced by two windows per key (videos 30/60 s, edits 10/60 s)
and one test runs at a time, so a wait for one bucket stalls the other. The edits bucket sets
the pace (its limit is lower and more checks need it); a block of videos tests in file order
(41 validation probes in a row) spends a whole videos window and then waits one out while the
edits window sits unused. Spread evenly among the edits tests, the videos tests fit in the
windows the edits tests wait for anyway. Each bucket's tests keep their own order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["spread_evenly"]

T = TypeVar("T")


def spread_evenly(items: Sequence[T], first_kind: Callable[[T], bool]) -> list[T]:
    """``items`` with the two kinds that ``first_kind`` tells apart interleaved evenly: the
    k-th of n items of a kind goes at about fraction (k + 1/2) / n of the sequence. Within a
    kind the order is kept."""
    kinds = ([i for i in items if first_kind(i)], [i for i in items if not first_kind(i)])
    placed = [
        ((index + 0.5) / len(kind), which, index)
        for which, kind in enumerate(kinds)
        for index in range(len(kind))
    ]
    return [kinds[which][index] for _, which, index in sorted(placed)]
