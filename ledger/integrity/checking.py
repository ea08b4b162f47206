"""``qaledger verify`` as an operator runs it: the ledger at a location,
recomputed and held to its witness and checkpoints, and optionally to a head
digest someone holds (at the last position, or at a given one)."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.application import open_ledger
from ledger.bulk.moves import require_ledger
from ledger.integrity.evidence import parse_digest
from ledger.integrity.verification import Verification
from ledger.storage.store import locate


@dataclass(frozen=True)
class Checked:
    verification: Verification
    held: bytes | None  # the digest given to hold the ledger to, if any


def verify_ledger(
    db: str | None, *, digest: str | None = None, at: int | None = None
) -> Checked:
    held = parse_digest(digest) if digest is not None else None
    require_ledger(locate(db))
    ledger = open_ledger(db)
    try:
        # A digest with no position is held to the head at the last one.
        position = at if at is not None or held is None else ledger.position()
        return Checked(ledger.integrity.verify(at=position), held)
    finally:
        ledger.close()
