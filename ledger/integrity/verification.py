"""Recompute the ledger's Merkle tree from the event table and hold it to the
witness and the checkpoints, streaming, in batches, in O(log n) memory.

The first position that does not match is named with one of these reasons:

- ``changed``: the event recorded there is still there but its stored bytes
  (topic or state) differ, or another event took its place;
- ``missing``: the event recorded there is gone;
- ``inserted``: an event is there that the ledger never recorded;
- ``reordered``: the event recorded at one position now sits at another;
- ``rewritten``: events and witness agree, but no longer hash to a tree head
  someone signed off (both were rewritten, or the checkpoint was altered).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.integrity.leaves import event_leaf_hash
from ledger.integrity.merkle import TreeBuilder
from ledger.integrity.witness import Checkpoint, WitnessEntry

BATCH = 5000

Observer = Callable[[int, Sequence[Notification]], None]


class Reason(StrEnum):
    CHANGED = "changed"
    MISSING = "missing"
    INSERTED = "inserted"
    REORDERED = "reordered"
    REWRITTEN = "rewritten"


@dataclass(frozen=True)
class Finding:
    position: int
    reason: Reason
    detail: str


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    last_position: int
    root: bytes

    @property
    def digest(self) -> str:
        return self.root.hex()


def describe_head(head: TreeHead) -> str:
    """``D over N events up to position P``, as every command says a head."""
    return (
        f"{head.digest} over {head.tree_size} events up to position "
        f"{head.last_position}"
    )


@dataclass(frozen=True)
class Verification:
    head: TreeHead  # of the events read, up to the first finding
    checkpoints_checked: int
    finding: Finding | None
    head_at: TreeHead | None = None  # at the position asked for, if any

    @property
    def ok(self) -> bool:
        return self.finding is None


class WitnessedLog(Protocol):
    """An application recorder that also keeps a witness (see ``Witness``)."""

    def select_leaves(self, after: int, up_to: int) -> list[tuple[int, bytes]]: ...

    def max_witnessed_position(self) -> int: ...

    def witness_entry(self, position: int) -> WitnessEntry | None: ...

    def witnessed_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None: ...

    def event_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None: ...

    def insert_checkpoint(self, checkpoint: Checkpoint) -> int: ...

    def select_checkpoints(self) -> list[Checkpoint]: ...

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]: ...

    def max_notification_id(self) -> int | None: ...


def verify_log(
    log: WitnessedLog,
    *,
    at: int | None = None,
    observe: Observer | None = None,
    batch: int = BATCH,
) -> Verification:
    return _Run(log, at, observe).run(batch)


WITNESS_SPAN = 50_000  # positions read per query when streaming the witness


def witness_leaves(log: WitnessedLog, up_to: int) -> Iterator[bytes]:
    """Witnessed leaf hashes in position order, up to position ``up_to``."""
    after = 0
    while after < up_to:
        span_end = min(after + WITNESS_SPAN, up_to)
        for _, leaf in log.select_leaves(after, span_end):
            yield leaf
        after = span_end


def witnessed_head(log: WitnessedLog, up_to: int) -> TreeHead:
    """The tree head as the witness has it at position ``up_to``: no event
    is read, so it is quick, but it proves nothing until ``verify_log`` has
    held the witness to the events."""
    tree = TreeBuilder()
    last = 0
    after = 0
    while after < up_to:
        span_end = min(after + WITNESS_SPAN, up_to)
        rows = log.select_leaves(after, span_end)
        tree.extend(leaf for _, leaf in rows)
        if rows:
            last = rows[-1][0]
        after = span_end
    return TreeHead(tree.size, last, tree.root())


class _Run:
    def __init__(self, log: WitnessedLog, at: int | None, observe: Observer | None):
        self.log = log
        self.at = at
        self.observe = observe
        self.tree = TreeBuilder()
        self.last_position = 0
        self.checkpoints: deque[Checkpoint] = deque(log.select_checkpoints())
        self.checked = 0
        self.head_at: TreeHead | None = None

    def run(self, batch: int) -> Verification:
        # Positions are committed with their witness in one transaction, so
        # everything up to ``end`` is in both tables when read below.
        end = max(
            self.log.max_witnessed_position(), self.log.max_notification_id() or 0
        )
        after = 0
        finding: Finding | None = None
        while finding is None:
            notes = self.log.select_notifications(
                start=after + 1, limit=batch, stop=end
            )
            full = len(notes) == batch
            up_to = notes[-1].id if full else end
            finding = self._batch(notes, self.log.select_leaves(after, up_to))
            after = up_to
            if not full:
                break
        if finding is None:
            finding = self._checkpoints_beyond_the_end()
        if self.at is not None and self.head_at is None and finding is None:
            self.head_at = self._head()
        return Verification(self._head(), self.checked, finding, self.head_at)

    def _head(self) -> TreeHead:
        return TreeHead(self.tree.size, self.last_position, self.tree.root())

    def _batch(
        self, notes: Sequence[Notification], witnessed: list[tuple[int, bytes]]
    ) -> Finding | None:
        ids = [n.id for n in notes]
        hashes = [
            event_leaf_hash(
                n.id, n.originator_id, n.originator_version, n.topic, n.state
            )
            for n in notes
        ]
        if witnessed == list(zip(ids, hashes, strict=True)):
            if self.observe is not None:
                self.observe(self.tree.size, notes)
            return self._append(ids, hashes)
        difference = first_difference(self.log, notes, hashes, witnessed)
        # Leaves before it still count: a checkpoint there may fail first.
        agreed = bisect_right(ids, difference.position - 1)
        return self._append(ids[:agreed], hashes[:agreed]) or difference

    def _append(self, ids: list[int], hashes: list[bytes]) -> Finding | None:
        start = 0
        while True:
            stop = len(hashes)
            if self.checkpoints:
                # max(): a forged checkpoint may claim a size already passed.
                due = start + self.checkpoints[0].tree_size - self.tree.size
                stop = min(stop, max(start, due))
            if self.at is not None and self.head_at is None:
                stop = min(stop, bisect_right(ids, self.at, lo=start))
            self.tree.extend(hashes[start:stop])
            if stop > start:
                self.last_position = ids[stop - 1]
            finding = self._check_checkpoints()
            if finding is not None:
                return finding
            if self.at is not None and self.head_at is None and stop < len(ids):
                self.head_at = self._head()
            if stop >= len(hashes):
                return None
            start = stop

    def _check_checkpoints(self) -> Finding | None:
        while self.checkpoints and self.checkpoints[0].tree_size <= self.tree.size:
            checkpoint = self.checkpoints.popleft()
            if self.tree.root() != checkpoint.root_hash:
                return Finding(
                    checkpoint.last_position,
                    Reason.REWRITTEN,
                    f"the first {checkpoint.tree_size} events (up to position "
                    f"{checkpoint.last_position}) no longer hash to the head "
                    f"{checkpoint.root_hash.hex()} that {checkpoint.signed_off_by} "
                    f"signed off at {checkpoint.recorded_at:%Y-%m-%d %H:%M} "
                    f"(checkpoint {checkpoint.checkpoint_id}): events were "
                    "rewritten together with their witness, or the checkpoint "
                    "was altered",
                )
            self.checked += 1
        return None

    def _checkpoints_beyond_the_end(self) -> Finding | None:
        if not self.checkpoints:
            return None
        checkpoint = self.checkpoints[0]
        return Finding(
            checkpoint.last_position,
            Reason.MISSING,
            f"{checkpoint.signed_off_by} signed off {checkpoint.tree_size} events "
            f"up to position {checkpoint.last_position} (checkpoint "
            f"{checkpoint.checkpoint_id}), but the ledger now holds "
            f"{self.tree.size}: events were removed together with their witness",
        )


def first_difference(
    log: WitnessedLog,
    notes: Sequence[Notification],
    hashes: list[bytes],
    witnessed: list[tuple[int, bytes]],
) -> Finding:
    events = {n.id: (n, h) for n, h in zip(notes, hashes, strict=True)}
    witness = dict(witnessed)
    for position in sorted(events.keys() | witness.keys()):
        event = events.get(position)
        recorded = witness.get(position)
        if event is not None and event[1] == recorded:
            continue
        return classify(log, position, event[0] if event else None, recorded)
    raise AssertionError("the batch differs from its witness but no position does")


def classify(
    log: WitnessedLog,
    position: int,
    event: Notification | None,
    recorded_hash: bytes | None,
) -> Finding:
    if event is None:
        entry = log.witness_entry(position)
        assert entry is not None
        what = describe(entry.originator_id, entry.originator_version)
        now_at = log.event_position(entry.originator_id, entry.originator_version)
        if now_at is not None:
            return Finding(
                position,
                Reason.REORDERED,
                f"the event recorded at position {position} ({what}) now sits "
                f"at position {now_at}",
            )
        return Finding(
            position,
            Reason.MISSING,
            f"the event recorded at position {position} ({what}) is gone",
        )
    what = describe(event.originator_id, event.originator_version)
    recorded_at = log.witnessed_position(event.originator_id, event.originator_version)
    if recorded_hash is None:
        if recorded_at is not None:
            return Finding(
                position,
                Reason.REORDERED,
                f"the event recorded at position {recorded_at} ({what}) now sits "
                f"at position {position}",
            )
        never = (
            "; no event in this ledger is witnessed: was it made before "
            "qaledger kept a witness?"
            if log.max_witnessed_position() == 0
            else ""
        )
        return Finding(
            position,
            Reason.INSERTED,
            f"position {position} holds an event the ledger never recorded "
            f"({what}){never}",
        )
    if recorded_at == position:
        return Finding(
            position,
            Reason.CHANGED,
            f"the event recorded at position {position} ({what}) has been altered: "
            "its stored bytes no longer match what was recorded",
        )
    if recorded_at is not None:
        return Finding(
            position,
            Reason.REORDERED,
            f"position {position} holds the event recorded at position "
            f"{recorded_at} ({what})",
        )
    entry = log.witness_entry(position)
    assert entry is not None
    return Finding(
        position,
        Reason.CHANGED,
        f"the event recorded at position {position} "
        f"({describe(entry.originator_id, entry.originator_version)}) has been "
        f"replaced by one the ledger never recorded ({what})",
    )


def describe(originator_id: UUID | str, version: int) -> str:
    return f"aggregate {originator_id} version {version}"
