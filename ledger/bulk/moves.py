"""Whole-ledger operations an operator runs: export a ledger to an events
file, import one into an empty ledger, and move a SQLite ledger into
PostgreSQL. Each checks everything it can before it writes anything, says
how far it has got through ``progress``, and returns what the command
prints; ``qaledger export events``, ``import events`` and ``db move`` only
parse their options and print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ledger.application import QALedger, open_ledger
from ledger.bulk.events_file import (
    BadEventsFile,
    ImportResult,
    check_events_file,
    export_events,
    import_events,
)
from ledger.bulk.log_copy import (
    BATCH,
    EMPTY_HEAD,
    copy_checkpoints,
    copy_events,
    ledger_exists,
    source_head,
    verified_head,
)
from ledger.errors import InvalidValue, LedgerError
from ledger.integrity.evidence import parse_digest
from ledger.integrity.verification import TreeHead, describe_head
from ledger.progress import Progress, no_progress
from ledger.settings import Settings
from ledger.storage.store import Store, locate, prepare


class NoLedger(LedgerError):
    def __init__(self, where: str) -> None:
        super().__init__(f"no ledger at {where}")


def require_ledger(store: Store) -> None:
    """A SQLite ledger must exist already: opening one would create it."""
    if store.sqlite_path is not None and not store.sqlite_path.exists():
        raise NoLedger(store.display)


def writable(out: Path, *, overwrite: bool, option: str = "--out") -> None:
    if out.exists() and not overwrite:
        raise InvalidValue(f"{out} exists; choose another {option} or add --overwrite")
    if not out.parent.is_dir():
        raise InvalidValue(f"cannot write {out}: no folder {out.parent}")


def export_ledger(
    db: str | None, out: Path, *, overwrite: bool, progress: Progress = no_progress
) -> TreeHead:
    """Verify the ledger at ``db``, then write it to the events file ``out``,
    whole or not at all; return the head that closes the file."""
    store = locate(db)
    require_ledger(store)
    if store.sqlite_path is not None and out.resolve() == store.sqlite_path.resolve():
        raise InvalidValue(f"--out {out} is the ledger itself; choose another file")
    writable(out, overwrite=overwrite)
    ledger = open_ledger(db)
    try:
        return export_events(ledger, out, progress)
    except OSError as error:
        raise LedgerError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        ledger.close()


def import_ledger(
    db: str | None,
    file: Path,
    *,
    digest: str | None = None,
    batch: int = BATCH,
    progress: Progress = no_progress,
) -> ImportResult:
    """Check the whole events file ``file`` (and that its head is ``digest``,
    when given), then import it into the empty ledger at ``db``, or carry on
    an interrupted import of it. Nothing is written when a check fails."""
    held = parse_digest(digest) if digest is not None else None
    store = locate(db)
    try:
        checked = check_events_file(file, progress)
    except BadEventsFile as error:
        raise LedgerError(f"{error}; nothing was imported") from None
    except OSError as error:
        raise LedgerError(f"cannot read {file}: {error.strerror or error}") from None
    if held is not None and held != checked.head.root:
        raise LedgerError(
            f"{file} ends with the head {describe_head(checked.head)}, not "
            f"digest {held.hex()}; nothing was imported"
        )
    if store.sqlite_path is not None:
        checked.require_consecutive()
    ledger = open_ledger(db)
    try:
        return import_events(
            ledger, checked, where=store.display, batch=batch, progress=progress
        )
    finally:
        ledger.close()


@dataclass(frozen=True)
class Move:
    """What ``move_ledger`` did, and the heads it ended with."""

    source: str
    target: str
    source_head: TreeHead  # as it stood when copying began
    source_now: TreeHead
    target_now: TreeHead
    copied: int
    already: int  # events an interrupted move had copied
    checkpoints: int
    read_models_events: int

    @property
    def heads_match(self) -> bool:
        return self.source_now == self.target_now

    def why_heads_differ(self) -> str:
        if self.source_now.last_position > self.source_head.last_position:
            return (
                "the source recorded events during the move: stop writing to it "
                "and run db move again to copy the rest"
            )
        return "the ledgers differ"


def move_ledger(
    db: str | None,
    to: str,
    *,
    settings: Settings,
    rebuild_read_models: Callable[[QALedger, Store, Progress], int],
    batch: int = BATCH,
    progress: Progress = no_progress,
) -> Move:
    """Copy the ledger at ``db`` into the PostgreSQL ledger ``to`` at the
    same positions, with its checkpoints; rebuild the target's read models
    with ``rebuild_read_models``; then verify both. The source is verified
    before anything is copied; an interrupted move carries on."""
    source_store = locate(db)
    target_store = locate(to)
    if not target_store.is_postgres:
        raise InvalidValue(
            f"--to {to!r} is not a postgresql:// URL: db move copies a ledger "
            "into PostgreSQL"
        )
    require_ledger(source_store)
    if (source_store.display, source_store.schema) == (
        target_store.display,
        target_store.schema,
    ):
        raise InvalidValue("--to names the ledger being moved; name another")
    source = open_ledger(db)
    target: QALedger | None = None
    try:
        if not source.position():
            raise InvalidValue(
                f"the ledger at {source_store.display} is empty: nothing to move"
            )
        if ledger_exists(target_store):
            target = QALedger(prepare(target_store).env, settings=settings)
        have = (
            verified_head(target, "nothing was copied", progress)
            if target is not None
            else EMPTY_HEAD
        )
        head = source_head(source, have, where=target_store.display, progress=progress)
        if target is None:
            target = QALedger(prepare(target_store).env, settings=settings)
        copied = copy_events(
            source,
            target,
            after=have.last_position,
            head=head,
            batch=batch,
            progress=progress,
        )
        signed = copy_checkpoints(source, target)
        read = rebuild_read_models(target, target_store, progress)
        return Move(
            source=source_store.display,
            target=target_store.display,
            source_head=head,
            source_now=verified_head(source, "the move cannot be checked", progress),
            target_now=verified_head(target, "the move failed", progress),
            copied=copied,
            already=have.tree_size,
            checkpoints=signed,
            read_models_events=read,
        )
    finally:
        source.close()
        if target is not None:
            target.close()
