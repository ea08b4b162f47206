"""The witness: per-position leaf hashes and signed-off tree heads, kept beside
the events in the same database (the same SQLite file; the same PostgreSQL
schema).

``qaledger_leaves`` holds, for every notification position, the identity of
the event recorded there and its leaf hash. It is written *in the same
transaction* as the events (the recorders below extend eventsourcing's own
application recorders), so a position is witnessed if and only if its event
was committed through the ledger: no crash window, no gaps, and concurrent
writers on PostgreSQL are serialised by the library's table lock as before.
With it, ``verify`` can say which position no longer matches and why.

``qaledger_checkpoints`` holds tree heads someone signed off: if the events
and their witness were rewritten together, the heads no longer match.

Nothing here writes to the event table; the events are inserted by the
library's recorder exactly as without a witness.

The recorders are in ``ledger.integrity.witness_sqlite`` and
``ledger.integrity.witness_postgres``, each imported only for its store (the
library resolves ``RECORDER_TOPICS`` when it opens one): a command on a SQLite
ledger never loads psycopg.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ProgrammingError, StoredEvent

from ledger.integrity.leaves import event_leaf_hash

LEAVES_TABLE = "qaledger_leaves"
CHECKPOINTS_TABLE = "qaledger_checkpoints"


@dataclass(frozen=True)
class Checkpoint:
    """A tree head someone signed off: the first ``tree_size`` events, up to
    notification ``last_position``, hash to ``root_hash``."""

    tree_size: int
    last_position: int
    root_hash: bytes
    recorded_at: datetime
    signed_off_by: str
    checkpoint_id: int | None = None


@dataclass(frozen=True)
class WitnessEntry:
    originator_id: UUID | str
    originator_version: int
    leaf_hash: bytes


class Witness(ABC):
    """What ``verify`` asks of a store besides its notifications."""

    @abstractmethod
    def select_leaves(self, after: int, up_to: int) -> list[tuple[int, bytes]]:
        """(position, leaf hash) of witnessed positions in (after, up_to]."""

    @abstractmethod
    def max_witnessed_position(self) -> int:
        """The last witnessed position, 0 when none is."""

    @abstractmethod
    def witness_entry(self, position: int) -> WitnessEntry | None: ...

    @abstractmethod
    def witnessed_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        """Where the witness says this event was recorded."""

    @abstractmethod
    def event_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        """Where this event sits in the event table now."""

    @abstractmethod
    def insert_checkpoint(self, checkpoint: Checkpoint) -> int: ...

    @abstractmethod
    def select_checkpoints(self) -> list[Checkpoint]: ...


def witness_rows(
    positions: Sequence[int] | None,
    stored_events: Sequence[StoredEvent],
    stored_id: Any,
) -> list[tuple[int, Any, int, bytes]]:
    if positions is None or len(positions) != len(stored_events):
        raise ProgrammingError("the recorder did not return every new position")
    return [
        (
            position,
            stored_id(event.originator_id),
            event.originator_version,
            event_leaf_hash(
                position,
                event.originator_id,
                event.originator_version,
                event.topic,
                event.state,
            ),
        )
        for position, event in zip(positions, stored_events, strict=True)
    ]


RECORDER_TOPICS = {
    "eventsourcing.sqlite": (
        "ledger.integrity.witness_sqlite:WitnessingSQLiteRecorder"
    ),
    "eventsourcing.postgres": (
        "ledger.integrity.witness_postgres:WitnessingPostgresRecorder"
    ),
}
