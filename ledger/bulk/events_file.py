"""The events file: a whole ledger as JSON lines, closed by the tree head
that covers them, for ``qaledger export events`` and ``qaledger import
events``.

One JSON object per line, keys in this order, no spaces, UTF-8::

    {"format":"qaledger-events","version":1}
    {"position":1,"originator_id":"<uuid>","originator_version":1,"topic":"<topic>","state":"<base64>"}
    ...one line per event, in position order...
    {"tree_head":{"tree_size":N,"last_position":P,"digest":"<64 hex>"}}

``state`` is the base64 of the exact bytes the store holds (ciphertext when
the ledger is encrypted), so every Merkle leaf can be recomputed from its
line (``ledger.integrity.leaves``) and the file checked against its tree head, with no
key and no database. Writing the same events always gives the same bytes.

The head only shows the file is whole and in order: anyone who alters the
events can compute a new head. Hold it to a digest kept elsewhere (a report,
a checkpoint, ``qaledger verify``) with ``import events --digest``.
"""

from __future__ import annotations

import json
import os
import tempfile
from base64 import b64encode
from binascii import a2b_base64
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.application import QALedger
from ledger.bulk.log_copy import (
    BATCH,
    GapsOnSQLite,
    NotAPrefix,
    insert_all,
    is_sqlite,
    originator_uuid,
    verified_head,
)
from ledger.errors import LedgerError
from ledger.integrity.leaves import event_leaf_hash
from ledger.integrity.merkle import HASH_SIZE, TreeBuilder
from ledger.integrity.service import LogDoesNotVerify
from ledger.integrity.verification import TreeHead, describe_head
from ledger.progress import Progress, no_progress

FORMAT = "qaledger-events"
VERSION = 1
HEADER = json.dumps({"format": FORMAT, "version": VERSION}, separators=(",", ":"))
EVENT_KEYS = ("position", "originator_id", "originator_version", "topic", "state")
HEAD_KEYS = ("tree_size", "last_position", "digest")
MAX_INTEGER = 2**63 - 1  # PostgreSQL's bigint
CHECK_CHUNK = 5000  # events hashed per progress report
_decode = json.JSONDecoder().raw_decode


class BadEventsFile(LedgerError):
    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"{path}, line {line}: {reason}")


# Writing.


def event_line(event: Notification) -> bytes:
    return (
        f'{{"position":{event.id},"originator_id":"{originator_uuid(event)}",'
        f'"originator_version":{event.originator_version},'
        f'"topic":{json.dumps(event.topic)},'
        f'"state":"{b64encode(event.state).decode()}"}}\n'
    ).encode()


def head_line(head: TreeHead) -> bytes:
    return (
        f'{{"tree_head":{{"tree_size":{head.tree_size},'
        f'"last_position":{head.last_position},"digest":"{head.digest}"}}}}\n'
    ).encode()


def export_events(
    ledger: QALedger, out: Path, progress: Progress = no_progress
) -> TreeHead:
    """Verify ``ledger`` and write every event it verified to ``out``, in
    one pass: each batch of events is written once it matches its witness.
    The file appears whole under its name, or not at all."""
    total = ledger.position()
    handle, scratch = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(HEADER.encode() + b"\n")
            written = 0

            def write(_: int, events: Sequence[Notification]) -> None:
                nonlocal written
                if events:
                    file.write(b"".join(map(event_line, events)))
                    written += len(events)
                    progress("exporting", events[-1].id, total)

            verification = ledger.integrity.verify(observe=write)
            if verification.finding is not None:
                raise LogDoesNotVerify(
                    verification.finding, f"nothing was written to {out}"
                )
            head = verification.head
            if written != head.tree_size:
                raise LedgerError(
                    f"wrote {written} events but verified {head.tree_size}; "
                    f"nothing was written to {out}"
                )
            file.write(head_line(head))
            file.flush()
            os.fsync(file.fileno())
        os.replace(scratch, out)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return head


# Reading.


class EventsFile:
    """The lines of an events file, read and checked one at a time.

    ``events()`` yields each event in order and, at the end, sets ``head`` to
    the tree head the file claims (holding the events to it is
    ``check_events_file``'s job)."""

    def __init__(self, path: Path, file: BinaryIO) -> None:
        self.path = path
        self.file = file
        self.line = 0
        self.head: TreeHead | None = None

    def bad(self, reason: str) -> BadEventsFile:
        return BadEventsFile(self.path, self.line, reason)

    def events(self) -> Iterator[Notification]:
        self._header(self.file.readline())
        previous = 0
        for raw in self.file:
            self.line += 1
            data = self._json(raw)
            if type(data) is dict and "tree_head" in data:
                self.head = self._head(data)
                break
            event = self._event(data)
            if event.id <= previous:
                raise self.bad(
                    f"position {event.id} comes after position {previous}: "
                    + (
                        "it appears twice"
                        if event.id == previous
                        else "the lines are out of order"
                    )
                )
            previous = event.id
            yield event
        else:
            self.line += 1
            raise self.bad(
                "the file ends without its tree head line: it was cut short, "
                "or is not a whole export"
            )
        rest = self.file.read(1)
        if rest:
            self.line += 1
            raise self.bad(
                "there is more after the tree head line, which ends the file"
            )

    def _header(self, raw: bytes) -> None:
        self.line = 1
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if type(data) is not dict or data.get("format") != FORMAT:
            raise self.bad(
                f"not a qaledger events file: its first line should be {HEADER} "
                "(write one with 'qaledger export events')"
            )
        if data.get("version") != VERSION or len(data) != 2:
            raise self.bad(
                f"this events file says {json.dumps(data)}; this qaledger reads "
                f"version {VERSION} only"
            )

    def _json(self, raw: bytes) -> Any:
        try:
            # Half the time of json.loads(bytes), which first sniffs the
            # encoding and matches whitespace around the value.
            text = raw.decode()
            data, end = _decode(text)
            if end == len(text) or not text[end:].strip():
                return data
        except ValueError:
            pass
        if not raw.strip():
            raise self.bad("the line is empty: every line holds one JSON object")
        try:
            return json.loads(raw)  # e.g. leading spaces; or say what is wrong
        except ValueError as error:
            raise self.bad(f"not JSON ({error})") from None

    def _event(self, data: Any) -> Notification:
        # Runs twice per event (check, then import): plain checks, no regex.
        try:
            if type(data) is not dict or len(data) != len(EVENT_KEYS):
                raise KeyError
            position = data["position"]
            version = data["originator_version"]
            text_id = data["originator_id"]
            topic = data["topic"]
            state = data["state"]
        except KeyError:
            raise self.bad(
                "an event line holds exactly the keys " + ", ".join(EVENT_KEYS)
            ) from None
        if type(position) is not int or not 1 <= position <= MAX_INTEGER:
            raise self.bad("position must be a whole number from 1")
        if type(version) is not int or not 0 <= version <= MAX_INTEGER:
            raise self.bad("originator_version must be a whole number from 0")
        try:
            if not canonical_uuid(text_id):
                raise ValueError
            originator_id = UUID(text_id)
        except (TypeError, ValueError):
            raise self.bad(
                "originator_id must be a UUID written as 8-4-4-4-12 lower-case hex"
            ) from None
        if type(topic) is not str or not topic:
            raise self.bad("topic must be a non-empty string")
        try:
            stored = a2b_base64(state, strict_mode=True)
        except (TypeError, ValueError):
            raise self.bad("state must be the base64 of the stored bytes") from None
        return Notification(originator_id, version, topic, stored, position)

    def _integer(self, data: dict[str, Any], key: str, lowest: int) -> int:
        value = data[key]
        if type(value) is not int or not lowest <= value <= MAX_INTEGER:
            raise self.bad(f"{key} must be a whole number from {lowest}")
        return value

    def _head(self, data: dict[str, Any]) -> TreeHead:
        head = data["tree_head"]
        if len(data) != 1 or type(head) is not dict or tuple(head) != HEAD_KEYS:
            raise self.bad(
                'the tree head line is {"tree_head":{...}} with exactly the keys '
                + ", ".join(HEAD_KEYS)
            )
        size = self._integer(head, "tree_size", 0)
        last = self._integer(head, "last_position", 0)
        digest = head["digest"]
        try:
            root = bytes.fromhex(digest) if type(digest) is str else b""
        except ValueError:
            root = b""
        if len(root) != HASH_SIZE or root.hex() != digest:
            raise self.bad("the tree head's digest must be 64 lower-case hex digits")
        return TreeHead(size, last, root)


def canonical_uuid(text: Any) -> bool:
    """Written as ``str(UUID)`` writes it (``UUID()`` accepts other forms)."""
    return (
        type(text) is str
        and len(text) == 36
        and text[8] == text[13] == text[18] == text[23] == "-"
        and text == text.lower()
    )


def leaf_of(event: Notification) -> bytes:
    return event_leaf_hash(
        event.id,
        event.originator_id,
        event.originator_version,
        event.topic,
        event.state,
    )


@dataclass(frozen=True)
class FileCheck:
    """An events file whose lines hash to the tree head it ends with."""

    path: Path
    head: TreeHead
    first_position: int
    gap: tuple[int, int] | None  # the first skip in positions: (from, to)
    identity: tuple[int, int, int]  # size, modification time, inode

    def require_consecutive(self) -> None:
        """Refuse a file a SQLite ledger could not take at the same positions."""
        if self.head.tree_size and self.first_position != 1:
            raise GapsOnSQLite(
                str(self.path), f"starts at position {self.first_position}, not 1"
            )
        if self.gap is not None:
            raise GapsOnSQLite(
                str(self.path),
                f"skips from position {self.gap[0]} to {self.gap[1]}",
            )


def file_identity(file: BinaryIO) -> tuple[int, int, int]:
    stat = os.fstat(file.fileno())
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def check_events_file(path: Path, progress: Progress = no_progress) -> FileCheck:
    """Read the whole file, recompute every leaf and the tree, and hold them
    to the file's own tree head. Refused (``BadEventsFile``) at the first
    line that is wrong, or when the events do not give the head."""
    with open(path, "rb") as file:
        identity = file_identity(file)
        reader = EventsFile(path, file)
        events = reader.events()
        tree = TreeBuilder()
        first = last = 0
        gap: tuple[int, int] | None = None
        while chunk := list(islice(events, CHECK_CHUNK)):
            for event in chunk:
                if not first:
                    first = event.id
                elif gap is None and event.id != last + 1:
                    gap = (last, event.id)
                last = event.id
            tree.extend(map(leaf_of, chunk))
            progress("checking the file", file.tell(), identity[0])
        claimed = reader.head
        assert claimed is not None
        found = TreeHead(tree.size, last, tree.root())
        if claimed.tree_size != found.tree_size:
            raise reader.bad(
                f"the tree head covers {claimed.tree_size} events but the file "
                f"holds {found.tree_size}: lines are missing or were added"
            )
        if claimed.last_position != found.last_position:
            raise reader.bad(
                f"the tree head ends at position {claimed.last_position} but the "
                f"last event line is at position {found.last_position}"
            )
        if claimed.root != found.root:
            raise reader.bad(
                f"the events hash to {found.digest}, not to the tree head's "
                f"digest {claimed.digest}: the file was altered after export"
            )
    return FileCheck(path, claimed, first, gap, identity)


# Importing.


@dataclass(frozen=True)
class ImportResult:
    head: TreeHead  # the ledger's, from its witness: the file's
    imported: int  # events written by this run
    already: int  # events an earlier, interrupted run had written


def import_events(
    target: QALedger,
    checked: FileCheck,
    *,
    where: str,
    batch: int = BATCH,
    progress: Progress = no_progress,
    before_batch: Callable[[list[Notification]], None] | None = None,
) -> ImportResult:
    """Copy the events of a checked file into ``target`` at their positions.

    ``target`` must be empty, or hold what an interrupted import of the same
    file left (a verified prefix of it): the import then carries on after
    it. Nothing is written when either check fails."""
    if is_sqlite(target):
        checked.require_consecutive()
    file_head = checked.head
    have = verified_head(target, "nothing was imported", progress)
    if have.tree_size > file_head.tree_size:
        raise not_this_file(where, have, checked)
    with open(checked.path, "rb") as file:
        if file_identity(file) != checked.identity:
            raise LedgerError(
                f"{checked.path} changed after it was checked; nothing was imported"
            )
        reader = EventsFile(checked.path, file)
        events = reader.events()
        prefix = TreeBuilder()
        last = 0
        for event in islice(events, have.tree_size):
            prefix.append(leaf_of(event))
            last = event.id
        if TreeHead(prefix.size, last, prefix.root()) != have:
            raise not_this_file(where, have, checked)
        imported = insert_all(
            target,
            events,
            batch=batch,
            total=file_head.last_position,
            progress=lambda _, done, total: progress("importing", done, total),
            before_batch=before_batch,
        )
    # Each leaf was computed from the bytes inserted, in their transaction,
    # and the prefix was verified above: the witness's head is the ledger's.
    # ('qaledger verify' recomputes it from the stored events.)
    head = target.integrity.head()
    if head != file_head:
        raise LedgerError(
            f"after the import the ledger's head is {describe_head(head)}, not the "
            f"file's {describe_head(file_head)}"
        )
    return ImportResult(head, imported, have.tree_size)


def not_this_file(where: str, have: TreeHead, checked: FileCheck) -> NotAPrefix:
    return NotAPrefix(
        f"the ledger at {where} is not empty ({have.tree_size} events up to "
        f"position {have.last_position}) and is not an interrupted import of "
        f"{checked.path} (its events are not the file's first "
        f"{have.tree_size}); nothing was imported. Import only into an empty "
        "ledger, or run the same import again on the ledger it left"
    )
