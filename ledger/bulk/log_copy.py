"""Copying events into a ledger position for position: what ``import events``
and ``db move`` share.

Events go in through the store's own recorder (``insert_events``) in batches,
one transaction each, and the witnessing recorder writes each batch's leaves
in that same transaction, exactly as a command's save does. The copy must
land at the same positions as the source, or its tree head would differ:

- the recorders below check, inside the transaction, that the positions the
  store issued are the expected ones, and abort the batch otherwise;
- on PostgreSQL the position counter (the event table's sequence) is set to
  the batch's first position after the library's table lock is taken: a
  killed batch or a rolled-back save leaves the sequence ahead, and a log
  copied from PostgreSQL may have gaps. Setting a sequence needs UPDATE on
  it, which the schema's owner has and the writer role does not: copying
  into a ledger is the operator's job;
- SQLite numbers events one after another from the largest position, so it
  can take only a log without gaps that starts at 1.

A batch is committed whole or not at all, so an interrupted copy leaves a
prefix of the source; ``resume_point`` checks the target is that prefix
(verified, and with the same tree head as the source at that position) and
the copy carries on after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Notification, ProgrammingError, StoredEvent
from eventsourcing.sqlite import SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL

from ledger.application import QALedger
from ledger.errors import LedgerError
from ledger.integrity.merkle import EMPTY_ROOT
from ledger.integrity.service import LogDoesNotVerify
from ledger.integrity.verification import Observer, TreeHead
from ledger.integrity.witness import Checkpoint
from ledger.integrity.witness_postgres import WitnessingPostgresRecorder
from ledger.integrity.witness_sqlite import WitnessingSQLiteRecorder
from ledger.progress import Progress, no_progress
from ledger.storage.store import Store, StoreUnavailable, postgres_conninfo

BATCH = 5000
EMPTY_HEAD = TreeHead(0, 0, EMPTY_ROOT)
EXPECTED = "expected_positions"
EVENTS_TABLE = "qaledger_events"  # the library's name for the ledger's events


class PositionsDiffer(LedgerError):
    def __init__(self, expected: Sequence[int], issued: Sequence[int]) -> None:
        super().__init__(
            f"the store gave positions {issued[0]} to {issued[-1]} to the events "
            f"at positions {expected[0]} to {expected[-1]}; the batch was not "
            "written. Was something else writing to the ledger?"
        )


class NotAPrefix(LedgerError):
    """The target already holds events that are not the source's first ones."""


class GapsOnSQLite(LedgerError):
    def __init__(self, where: str, detail: str) -> None:
        super().__init__(
            f"{where} {detail}; a SQLite ledger numbers its events 1, 2, 3 ... "
            "without gaps, so the copy's positions, and its tree head, would "
            "differ: import it into PostgreSQL instead"
        )


def _check_issued(issued: Sequence[int] | None, expected: Sequence[int]) -> bool:
    return issued is not None and list(issued) == list(expected)


class ImportingSQLiteRecorder(WitnessingSQLiteRecorder):
    """The ledger's SQLite recorder, refusing a batch whose positions are not
    the expected ones (the transaction is rolled back)."""

    def check_rights(self) -> None:
        """Whoever can open the file can write to it."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        expected = kwargs.pop(EXPECTED, None)
        if expected is None:
            return super()._insert_events(c, stored_events, **kwargs)
        issued = self._insert_at(c, stored_events, expected)
        self._witness(c, issued, stored_events)
        return issued

    def _insert_at(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        expected: Sequence[int],
    ) -> Sequence[int]:
        """Insert the batch in one statement, not a row at a time as the
        library does to learn each position: SQLite gives a new row the
        largest position plus one, so the batch takes the positions after
        the last, which are checked against the expected ones before and
        after (inside the transaction, which holds the write lock)."""
        last = self._last_position(c)
        issued = range(last + 1, last + 1 + len(stored_events))
        if not _check_issued(issued, expected):
            raise PositionsDiffer(expected, issued or [0])
        c.executemany(
            self.insert_events_statement,
            [
                (
                    self._stored_id(s.originator_id),
                    s.originator_version,
                    s.topic,
                    s.state,
                )
                for s in stored_events
            ],
        )
        now_last = self._last_position(c)
        if now_last != issued[-1]:
            raise PositionsDiffer(expected, [last + 1, now_last])
        return issued

    def _last_position(self, c: SQLiteCursor) -> int:
        c.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {self.events_table_name}")
        return int(c.fetchone()[0])


class ImportingPostgresRecorder(WitnessingPostgresRecorder):
    """The ledger's PostgreSQL recorder, which first sets the position counter
    to the batch's first position (under the library's table lock) and aborts
    the transaction if the positions issued are not the expected ones."""

    ABORT = SQL(
        "DO $$ BEGIN RAISE EXCEPTION "
        "'qaledger: the positions issued are not the expected ones'; END $$"
    )

    def _insert_stored_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        **kwargs: Any,
    ) -> None:
        expected = kwargs.get(EXPECTED)
        if expected:
            # The library takes the same lock again below: a no-op then.
            self._lock_table(curs)
            table = _quoted(self.datastore.schema, self.events_table_name)
            curs.execute(
                SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                    "%s, false)"
                ),
                (table, expected[0]),
            )
        super()._insert_stored_events(curs, stored_events, **kwargs)

    def check_rights(self) -> None:
        """Refuse plainly, before any batch, a login that may not set the
        sequence: in the pipeline the refusal would only read 'aborted'."""
        statement = self._sql(
            "SELECT current_user AS login, has_sequence_privilege("
            "pg_get_serial_sequence(%s, 'notification_id'), 'UPDATE') AS allowed"
        )
        table = _quoted(self.datastore.schema, self.events_table_name)
        row = self._fetch(statement, (table,))[0]
        if not row["allowed"]:
            raise LedgerError(
                f"the login {row['login']} may not set the event table's sequence, "
                "which a copy does to put each batch at its own positions: run it "
                "as the schema's owner; nothing was written"
            )

    def _fetch_ids_after_insert_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        **kwargs: Any,
    ) -> Sequence[int] | None:
        issued = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        expected = kwargs.get(EXPECTED)
        if expected is not None and not _check_issued(issued, expected):
            # The library catches exceptions here and commits what it can:
            # an error in the database is what rolls the batch back.
            curs.execute(self.ABORT)
        return issued


def _quoted(*names: str) -> str:
    """``"schema"."table"`` as PostgreSQL reads a qualified name from text."""
    return ".".join('"' + name.replace('"', '""') + '"' for name in names)


def importing_recorder(
    target: QALedger,
) -> ImportingSQLiteRecorder | ImportingPostgresRecorder:
    """A recorder like the target's, on the same connections, that checks
    every batch lands at the positions it should."""
    recorder = target.recorder
    if isinstance(recorder, WitnessingSQLiteRecorder):
        return ImportingSQLiteRecorder(recorder.datastore, recorder.events_table_name)
    if isinstance(recorder, WitnessingPostgresRecorder):
        return ImportingPostgresRecorder(
            recorder.datastore, events_table_name=recorder.events_table_name
        )
    raise ProgrammingError(
        "events can only be copied into a SQLite or PostgreSQL ledger"
    )


def is_sqlite(target: QALedger) -> bool:
    return isinstance(target.recorder, WitnessingSQLiteRecorder)


def batches(events: Iterable[Notification], size: int) -> Iterator[list[Notification]]:
    """Runs of at most ``size`` events with consecutive positions: a store
    issues one batch's positions one after another."""
    batch: list[Notification] = []
    for event in events:
        if batch and (len(batch) >= size or event.id != batch[-1].id + 1):
            yield batch
            batch = []
        batch.append(event)
    if batch:
        yield batch


def insert_all(
    target: QALedger,
    events: Iterable[Notification],
    *,
    batch: int = BATCH,
    total: int = 0,
    progress: Progress = no_progress,
    before_batch: Callable[[list[Notification]], None] | None = None,
) -> int:
    """Insert ``events`` (in position order) into ``target``, ``batch`` per
    transaction, each at its own position. Returns how many went in.

    ``before_batch`` runs before each batch is written (the tests use it to
    stop an import part-way, as a crash would)."""
    if batch < 1:
        raise ValueError("a batch holds at least one event")
    recorder = importing_recorder(target)
    done = 0
    for chunk in batches(events, batch):
        if not done:
            recorder.check_rights()
        if before_batch is not None:
            before_batch(chunk)
        recorder.insert_events(chunk, **{EXPECTED: [event.id for event in chunk]})
        done += len(chunk)
        progress("copying", chunk[-1].id, total)
    return done


def verifying(progress: Progress, total: int) -> Observer:
    """Report a verification's progress as positions reached."""

    def observe(_: int, notes: Sequence[Notification]) -> None:
        if notes:
            progress("verifying", notes[-1].id, total)

    return observe


def verified_head(
    ledger: QALedger, doing: str, progress: Progress = no_progress
) -> TreeHead:
    """The ledger's tree head once ``verify`` has recomputed it; refused when
    the ledger does not verify."""
    if not ledger.position():
        return EMPTY_HEAD
    total = ledger.position()
    verification = ledger.integrity.verify(observe=verifying(progress, total))
    if verification.finding is not None:
        raise LogDoesNotVerify(verification.finding, doing)
    return verification.head


def originator_uuid(event: Notification) -> UUID:
    if not isinstance(event.originator_id, UUID):
        raise LedgerError(
            f"the event at position {event.id} has the id {event.originator_id!r}, "
            "not a UUID: qaledger ledgers hold UUID ids only"
        )
    return event.originator_id


# Moving a whole ledger (``qaledger db move``).


def ledger_exists(store: Store) -> bool:
    """Whether ``store`` already holds a ledger's tables; creates nothing."""
    if store.sqlite_path is not None:
        return store.sqlite_path.exists()
    try:
        with psycopg.connect(postgres_conninfo(store), autocommit=True) as conn:
            row = conn.execute(
                "SELECT to_regclass(%s)", (_quoted(store.schema, EVENTS_TABLE),)
            ).fetchone()
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise StoreUnavailable(
            f"cannot reach the database at {store.display}: {reason}"
        ) from None
    return bool(row and row[0] is not None)


def source_head(
    source: QALedger,
    have: TreeHead,
    *,
    where: str,
    progress: Progress = no_progress,
) -> TreeHead:
    """Verify the whole source and check ``have`` (the target's verified
    head) is the source's head at the same position: the target is empty or
    a copy of the source's beginning. Returns the source's head."""
    last = source.position()
    if have.last_position > last:
        raise NotAPrefix(
            f"the ledger at {where} holds events up to position "
            f"{have.last_position}, beyond this ledger's last ({last}): it is "
            "another ledger; nothing was copied"
        )
    verification = source.integrity.verify(
        at=have.last_position if have.tree_size else None,
        observe=verifying(progress, last),
    )
    if verification.finding is not None:
        raise LogDoesNotVerify(verification.finding, "nothing was copied")
    if have.tree_size and verification.head_at != have:
        raise NotAPrefix(
            f"the ledger at {where} is not empty ({have.tree_size} events up to "
            f"position {have.last_position}) and is not an interrupted copy of "
            "this ledger (its events are not this ledger's first "
            f"{have.tree_size}); nothing was copied. Move into an empty "
            "schema, or run the same move again on the one it left"
        )
    return verification.head


def notifications_between(
    ledger: QALedger, after: int, up_to: int, page: int = BATCH
) -> Iterator[Notification]:
    """The events at positions in (after, up_to], in order."""
    start = after + 1
    while start <= up_to:
        notes = ledger.recorder.select_notifications(
            start=start, limit=page, stop=up_to
        )
        if not notes:
            return
        yield from notes
        start = notes[-1].id + 1


def copy_events(
    source: QALedger,
    target: QALedger,
    *,
    after: int,
    head: TreeHead,
    batch: int = BATCH,
    progress: Progress = no_progress,
    before_batch: Callable[[list[Notification]], None] | None = None,
) -> int:
    """Copy the source's events after position ``after`` up to its verified
    ``head``."""
    if is_sqlite(target) and head.tree_size != head.last_position:
        # n distinct positions up to n are 1..n; fewer means gaps.
        raise GapsOnSQLite("this ledger", "has gaps in its positions")
    return insert_all(
        target,
        notifications_between(source, after, head.last_position, page=batch),
        batch=batch,
        total=head.last_position,
        progress=progress,
        before_batch=before_batch,
    )


def copy_checkpoints(source: QALedger, target: QALedger) -> int:
    """Record at the target every checkpoint of the source it lacks, so the
    heads people signed off still hold the moved ledger to account."""
    have = {_checkpoint_key(c) for c in target.integrity.checkpoints()}
    added = 0
    for checkpoint in source.integrity.checkpoints():
        if _checkpoint_key(checkpoint) not in have:
            target.integrity.witnessed_log.insert_checkpoint(checkpoint)
            added += 1
    return added


def _checkpoint_key(checkpoint: Checkpoint) -> tuple[Any, ...]:
    return (
        checkpoint.tree_size,
        checkpoint.last_position,
        checkpoint.root_hash,
        checkpoint.recorded_at,
        checkpoint.signed_off_by,
    )
