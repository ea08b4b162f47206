"""What every ledger event carries besides its own facts, and what keeps it
readable for as long as the records are kept.

Each event records who did it (``actor_id`` and the ``actor_role`` they held at
the time) and ``occurred_on``, the date it happened in the world, which may be
earlier than ``timestamp`` (when it was recorded) for late entries.

Each aggregate and event class names its ``TOPIC``, the name the log stores for
it, and each event class its ``class_version``, the shape of its state. Both
are written once, when the class is made, and never changed: moving a class
keeps its topic, and a new shape is a new version with an upcaster
(``ledger/README.md``, "Changing an event safely").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoding


class Stamp(TypedDict):
    actor_id: str
    actor_role: str
    occurred_on: date


@dataclass(frozen=True)
class Attribution:
    """Who recorded an event and when it happened in the world."""

    actor_id: str
    actor_role: str
    occurred_on: date

    def stamp(self) -> Stamp:
        return Stamp(
            actor_id=self.actor_id,
            actor_role=self.actor_role,
            occurred_on=self.occurred_on,
        )


class LedgerEvent(Aggregate.Event):
    """Base of every event on a ledger aggregate."""

    actor_id: str
    actor_role: str
    occurred_on: date


class LedgerCreated(Aggregate.Created):
    """Base of every event that starts a ledger aggregate."""

    actor_id: str
    actor_role: str
    occurred_on: date


class LedgerAggregate(Aggregate):
    """Base of every ledger aggregate.

    Each aggregate names its ``TOPIC``, so the library registers it and its
    events' topics as the class is made and checks each event it triggers is
    registered. The library would also make each aggregate a ``Created`` event
    of its own, from its base's, which would need a topic too; ledger
    aggregates are all created by events they name, so the base offers none.
    """


del LedgerAggregate.Created


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: Any) -> str:
        assert isinstance(obj, date)
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)
