"""Where a page of a list starts when a button turns it.

A page turn starts from the item its button was drawn from (the last one shown for "Next ›",
the first one for "‹ Previous"), wherever that item now is in the list, not from a page number
counted from the top: an item added or removed between two taps then neither repeats one nor
skips one. The button also carries the page it meant, for when its item has left the list.
"""

from __future__ import annotations

from collections.abc import Sequence


def turned_start(position: int | None, forward: bool, page: int, size: int) -> int:
    """The index a turn's page starts at: just after (`forward`) or a page of `size` before
    the anchor, which now is at `position`; the page `page` when the anchor is no longer in
    the list (None)."""
    if position is None:
        return max(page, 0) * size
    return position + 1 if forward else max(position - size, 0)


def position_of(ids: Sequence[int], anchor: int) -> int | None:
    """Where `anchor` is in a list of ids held in memory, or None."""
    try:
        return ids.index(anchor)
    except ValueError:
        return None


def within(start: int, total: int, size: int) -> int:
    """`start`, or the start of the last page when it is past the end (an old button, once
    the list shrank)."""
    if total and start >= total:
        return (total - 1) // size * size
    return max(start, 0)
