"""Tamper evidence for the ledger application: a Merkle tree over the
notification log in the manner of RFC 6962, a witness of every position kept
in the same transaction as the events, and tree heads signed off as
checkpoints.

The witness is written by the recorder the application is built with (see
``ledger.base``, ``ledger.integrity.witness``); this service reads it:
``verify``, ``head`` and ``record_checkpoint``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from ledger.base import Service
from ledger.errors import InvalidValue, LedgerError
from ledger.integrity.verification import (
    Finding,
    Observer,
    TreeHead,
    Verification,
    WitnessedLog,
    verify_log,
    witnessed_head,
)
from ledger.integrity.witness import Checkpoint, Witness


class NoWitness(LedgerError):
    def __init__(self) -> None:
        super().__init__(
            "this store keeps no witness: tamper evidence needs a SQLite or "
            "PostgreSQL ledger"
        )


class LogDoesNotVerify(LedgerError):
    def __init__(self, finding: Finding, doing: str) -> None:
        self.finding = finding
        super().__init__(
            f"the ledger does not verify, so {doing}: position "
            f"{finding.position} {finding.reason}: {finding.detail}"
        )


class IntegrityService(Service):
    """``qaledger verify`` and ``qaledger checkpoint``."""

    @property
    def witnessed_log(self) -> WitnessedLog:
        recorder = self.app.recorder
        if not isinstance(recorder, Witness):
            raise NoWitness()
        return recorder

    def verify(
        self, *, at: int | None = None, observe: Observer | None = None
    ) -> Verification:
        """Recompute the tree and hold it to the witness and every checkpoint;
        with ``at``, also give the tree head as it stood at that position."""
        log = self.witnessed_log
        if at is not None:
            last = self.app.position()
            if at < 0 or at > last:
                raise InvalidValue(
                    f"position {at} is not in the ledger: its positions run to {last}"
                )
        return verify_log(log, at=at, observe=observe)

    def head(self, at: int | None = None) -> TreeHead:
        """The tree head at position ``at`` (default: the last) from the
        witness alone, for a report to print beside the position it reflects:
        quick, since no event is read; ``verify_log`` is what holds the
        witness to the events."""
        last = self.app.position()
        if at is not None and not 0 <= at <= last:
            raise InvalidValue(
                f"position {at} is not in the ledger: its positions run to {last}"
            )
        return witnessed_head(self.witnessed_log, last if at is None else at)

    def record_checkpoint(self, actor_id: str) -> Checkpoint:
        """Verify the ledger, then record its tree head as signed off by
        ``actor_id``, so a later rewrite of events and witness together is
        caught."""
        # Verify first: reading the signer from a tampered log may itself fail.
        verification = self.verify()
        if verification.finding is not None:
            raise LogDoesNotVerify(verification.finding, "no checkpoint was recorded")
        signer = self.app.attribute("checkpoint record", actor_id, None)
        now = datetime.now(UTC)
        head = verification.head
        checkpoint = Checkpoint(
            tree_size=head.tree_size,
            last_position=head.last_position,
            root_hash=head.root,
            recorded_at=now,
            signed_off_by=signer.actor_id,
        )
        checkpoint_id = self.witnessed_log.insert_checkpoint(checkpoint)
        return replace(checkpoint, checkpoint_id=checkpoint_id)

    def checkpoints(self) -> list[Checkpoint]:
        return self.witnessed_log.select_checkpoints()
