"""What a projection is: a name, the tables it owns, and how one event
changes them. The runner (projections/engine/runner.py) feeds it events in log
order inside the transaction that also moves its position."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from projections.engine.read_store import Cursor


@dataclass(frozen=True)
class Position:
    """Where an event sits in the log and when it was recorded."""

    position: int
    recorded_at: datetime


class Projection(ABC):
    name: ClassVar[str]
    # Tables emptied when the projection is rebuilt, children before parents.
    tables: ClassVar[tuple[str, ...]]

    @abstractmethod
    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        """Apply one event. Events it does not care about are ignored."""

    def reset(self) -> None:  # noqa: B027 - most projections hold nothing
        """Forget anything held in memory (before a rebuild)."""
