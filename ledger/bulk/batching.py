"""The ledger application with its writes held back: every command runs as
usual, with all its checks, but the events it makes are kept in memory and
saved many at a time, in one transaction each, in the order the commands
made them.

What a command reads comes first from memory: the aggregates it and earlier
commands used or made (current, with their unsaved events), the last id each
sequence issued, and the ids known not to exist; only what memory does not
hold is read from the store. So a run of commands costs what the commands
compute, not a transaction and a few reads each.

With ``recorded_at``, each event's recording time (its ``timestamp``) is
what that function says rather than the clock's, set just before it is
saved: a synthetic ledger can then be the same, byte for byte, every time.

Two uses:

- building large ledgers fast (``ledger.demo.synthetic``): ``flush_every`` events
  are saved per transaction as the commands go, and aggregates used least
  recently are forgotten after a save once more than ``keep`` are held (read
  again from the store if needed);
- trying commands before writing any of them (``ledger.bulk.audit_spreadsheet``):
  with ``flush_every=None`` nothing is saved until ``flush()``; a
  ``savepoint()`` and ``rollback()`` around a group of commands undo that
  group alone, so the rest can still be written together, or dropped.

It assumes nothing else writes to the ledger meanwhile: an aggregate another
writer changes makes the save that follows fail as a whole (the library's
version check), and nothing of that batch is written.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    ProcessingEvent,
    ProjectorFunction,
    Repository,
)
from eventsourcing.domain import (
    Aggregate,
    DomainEventProtocol,
    MutableOrImmutableAggregate,
)
from eventsourcing.persistence import (
    AggregateRecorder,
    EventStore,
    Mapper,
    Notification,
    Recording,
)
from eventsourcing.utils import EnvType

from ledger.application import QALedger
from ledger.ids import IdSequence
from ledger.settings import Settings

Event = DomainEventProtocol[UUID]
FLUSH_EVERY = 5000
KEEP = 500_000


class HeldBack(RuntimeError):
    """A read the held-back events would change, where they may not be saved."""


@dataclass
class Savepoint:
    """What a group of commands may change, as it was before them."""

    pending: int
    sequences: dict[UUID, Event]
    # Aggregates as they were (None: not held in memory, or not made yet).
    before: dict[UUID, Aggregate | None] = field(default_factory=dict)


class BatchingLedger(QALedger):
    # The library names an application's tables and settings after its
    # class unless told: this is the same ledger.
    name = QALedger.name

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        settings: Settings | None = None,
        today: Callable[[], date] = date.today,
        flush_every: int | None = FLUSH_EVERY,
        keep: int = KEEP,
        recorded_at: Callable[[Event], datetime] | None = None,
    ) -> None:
        # Set before the library's constructor, which builds the event store
        # and repository that read them.
        self.flush_every = flush_every
        self.keep = keep
        self.recorded_at = recorded_at
        self.pending: list[Event] = []
        self.held: OrderedDict[UUID, Aggregate] = OrderedDict()
        self.changed: set[UUID] = set()
        self.absent: set[UUID] = set()
        # Every aggregate made since the ledger was empty (assume_empty):
        # then what is not here does not exist, and the store is not asked.
        self.made: set[UUID] | None = None
        # The last event of each id sequence: all issuing a new id reads.
        self.sequences: dict[UUID, Event] = {}
        self.savepoint_: Savepoint | None = None
        self.saved_events = 0
        super().__init__(env, settings=settings, today=today)

    def construct_event_store(self) -> EventStore[UUID]:
        return MemoryFirstEventStore(self, mapper=self.mapper, recorder=self.recorder)

    def construct_repository(self) -> Repository[UUID]:
        return MemoryFirstRepository(self, self.events)

    # What memory holds.

    def recall(self, aggregate_id: UUID) -> Aggregate | None:
        aggregate = self.held.get(aggregate_id)
        if aggregate is not None:
            self.held.move_to_end(aggregate_id)
            self.note_before(aggregate_id, aggregate)
        return aggregate

    def assume_empty(self) -> None:
        """Start from an empty ledger nobody else writes to: whether an
        aggregate exists is then answered from memory alone."""
        if self.has_events():
            raise HeldBack("the ledger is not empty")
        self.made = set()

    def remember(self, aggregate: Aggregate) -> None:
        if self.made is not None:
            self.made.add(aggregate.id)
        self.note_before(aggregate.id, None)
        self.held[aggregate.id] = aggregate
        self.held.move_to_end(aggregate.id)
        self.absent.discard(aggregate.id)

    def note_before(self, aggregate_id: UUID, aggregate: Aggregate | None) -> None:
        point = self.savepoint_
        if point is not None and aggregate_id not in point.before:
            point.before[aggregate_id] = copy.deepcopy(aggregate)

    def exists(self, uuid: UUID) -> bool:
        if uuid in self.held or uuid in self.sequences:
            return True
        if self.made is not None:
            return uuid in self.made
        if uuid in self.absent:
            return False
        found = super().exists(uuid)
        if not found:
            self.absent.add(uuid)
        return found

    # Writing.

    def save(
        self, *objs: MutableOrImmutableAggregate[UUID] | Event | None, **kwargs: Any
    ) -> list[Recording[UUID]]:
        """Keep the events of ``objs`` to save later (a whole batch at once)."""
        for obj in objs:
            if obj is None:
                continue
            if isinstance(obj, Aggregate):
                self.remember(obj)
                events: list[Event] = list(obj.collect_events())
            else:
                events = [cast(Event, obj)]
            for event in events:
                self.pending.append(event)
                self.changed.add(event.originator_id)
                if isinstance(event, IdSequence.Started | IdSequence.Advanced):
                    self.sequences[event.originator_id] = event
                    self.absent.discard(event.originator_id)
                    if self.made is not None:
                        self.made.add(event.originator_id)
        if self.flush_every is not None and len(self.pending) >= self.flush_every:
            self.flush()
        return []

    def flush(self) -> int:
        """Save every held-back event, in order, in one transaction; return
        how many were saved."""
        if self.savepoint_ is not None:
            raise HeldBack("release or roll back the savepoint before saving")
        events = self.pending
        if events and self.recorded_at is not None:
            for event in events:
                # Before it is stored: the event is the library's frozen
                # dataclass, and nothing has read its timestamp yet.
                object.__setattr__(event, "timestamp", self.recorded_at(event))
        if events:
            # As the library's save does, without asking of each event
            # whether it is an aggregate (a slow protocol check).
            processing: ProcessingEvent[UUID] = ProcessingEvent()
            processing.events = list(events)
            recordings = self._record(processing)
            self._notify(recordings)
        self.pending = []
        self.changed.clear()
        self.saved_events += len(events)
        while len(self.held) > self.keep:
            self.held.popitem(last=False)
        return len(events)

    def discard(self) -> None:
        """Drop every held-back event and what memory holds: nothing is saved."""
        self.pending = []
        self.changed.clear()
        self.held.clear()
        self.absent.clear()
        self.sequences.clear()
        self.savepoint_ = None

    # Undoing a group of commands.

    def savepoint(self) -> None:
        if self.made is not None:
            raise HeldBack("a ledger assumed empty cannot undo what it made")
        if self.savepoint_ is not None:
            raise HeldBack("a savepoint is already set")
        self.savepoint_ = Savepoint(len(self.pending), dict(self.sequences))

    def release(self) -> None:
        """Keep what the commands since the savepoint did."""
        self.savepoint_ = None

    def rollback(self) -> None:
        """Undo every command since the savepoint: its events are dropped and
        the aggregates it changed are as they were."""
        point = self.savepoint_
        if point is None:
            raise HeldBack("no savepoint to roll back to")
        self.savepoint_ = None
        del self.pending[point.pending :]
        self.sequences = point.sequences
        for aggregate_id, before in point.before.items():
            if before is None:
                self.held.pop(aggregate_id, None)
            else:
                self.held[aggregate_id] = before
        self.changed = {event.originator_id for event in self.pending}

    # Reading the log: what is held back is saved first, when it may be.

    def settle(self) -> None:
        if self.pending:
            if self.flush_every is None:
                raise HeldBack(
                    "the log was read while events were held back to try them "
                    "first; this command cannot be tried that way"
                )
            self.flush()

    def position(self) -> int:
        self.settle()
        return super().position()

    def has_events(self) -> bool:
        return bool(self.pending) or super().has_events()

    def notifications(
        self, start: int = 1, batch: int = 1000
    ) -> Iterator[Notification]:
        self.settle()
        return super().notifications(start, batch)


class MemoryFirstEventStore(EventStore[UUID]):
    """The library's event store, answering "the last event of this id
    sequence" from memory; anything else about an aggregate with events held
    back is read after they are saved."""

    def __init__(
        self, ledger: BatchingLedger, mapper: Mapper[UUID], recorder: AggregateRecorder
    ) -> None:
        super().__init__(mapper, recorder)
        self.ledger = ledger

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Event]:
        last = self.ledger.sequences.get(originator_id)
        if last is not None and desc and limit == 1 and gt is None and lte is None:
            return iter([last])
        if originator_id in self.ledger.changed:
            self.ledger.settle()
        return super().get(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)


class MemoryFirstRepository(Repository[UUID]):
    """The library's repository, giving the aggregate memory holds (the very
    object, with every event held back applied) before reading the store."""

    def __init__(self, ledger: BatchingLedger, event_store: EventStore[UUID]) -> None:
        super().__init__(event_store)
        self.ledger = ledger

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] | None = None,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        ledger = self.ledger
        options: dict[str, Any] = {}
        if projector_func is not None:
            options["projector_func"] = projector_func
        if version is not None:
            ledger.settle()
            return super().get(aggregate_id, version=version, **options)
        held = ledger.recall(aggregate_id)
        if held is not None:
            return held
        if aggregate_id in ledger.absent or (
            ledger.made is not None and aggregate_id not in ledger.made
        ):
            raise AggregateNotFoundError(aggregate_id)
        try:
            aggregate = super().get(aggregate_id, **options)
        except AggregateNotFoundError:
            ledger.absent.add(aggregate_id)
            raise
        ledger.remember(aggregate)
        return aggregate
