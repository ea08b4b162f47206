"""A bounded memory of recently used facts, for projections that would
otherwise look the same row up again for every event.

Facts are put in as they are written and read from the table only on a
miss; the oldest are forgotten past ``capacity``, so memory stays flat
however long the log. Projections clear it when a batch fails.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

CAPACITY = 20_000


class Recent(Generic[K, V]):
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> V:
        self.items[key] = value
        self.items.move_to_end(key)
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)
        return value

    def get(self, key: K, load: Callable[[], V]) -> V:
        """The remembered value, or ``load()``'s, remembered from now on."""
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        return self.put(key, load())

    def forget(self, key: K) -> None:
        self.items.pop(key, None)

    def clear(self) -> None:
        self.items.clear()
