"""A long-lived process keeps what start-up built out of the collector's full passes."""

from __future__ import annotations

import gc
import weakref

from bot.runner import YOUNG_COLLECTION_EVERY, settle_heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_start_up_objects_are_no_longer_walked_by_a_full_collection() -> None:
    # A tree of 300,000 long-lived objects, as a built bot holds (modules, types, schemas).
    built = [{"question": [i, str(i)]} for i in range(100_000)]
    thresholds = gc.get_threshold()
    try:
        kept = settle_heap()
        assert kept == gc.get_freeze_count() >= 300_000
        assert len(gc.get_objects()) < kept  # a full pass walks only what came after
        # What is created afterwards is collected as before: a cycle does not outlive a pass.
        node = Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None
        gc.collect()
        assert gone() is None
        # Young objects are collected less often (updates make thousands), older ones as before.
        assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, *thresholds[1:])
        assert thresholds[0] < YOUNG_COLLECTION_EVERY
    finally:
        gc.unfreeze()  # this test process builds many apps: nothing stays frozen
        gc.set_threshold(*thresholds)
    assert built
