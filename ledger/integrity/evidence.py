"""Evidence bundles: the events touching one case, each with an RFC 6962
inclusion proof against one tree head, checkable offline.

A bundle is one JSON document. Each event carries exactly what its leaf
covers (position, aggregate id, version, topic and the stored state, base64),
its readable content, and its audit path: about log2(n) hashes, so a bundle
from a ledger of 30 million events still needs only 25 hashes per event.

``check_bundle`` is a pure function of the bundle and the head digest the
checker trusts (from a report or a checkpoint): it needs no database, and no
key unless the checker also wants encrypted content opened and compared.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Cipher, Notification

from ledger.application import QALedger
from ledger.cases.case import Case
from ledger.errors import InvalidValue, LedgerError, NoSuchCase
from ledger.integrity.leaves import event_leaf_hash
from ledger.integrity.merkle import HASH_SIZE, ProofCollector, root_from_path
from ledger.integrity.service import LogDoesNotVerify
from ledger.integrity.verification import TreeHead, witness_leaves

FORMAT = "qaledger-evidence/1"
LEAF_ENCODING = (
    "qaledger leaf v1: SHA-256(0x00 || 0x01 || position u64 || 0x75 || u32 16 "
    "|| UUID bytes || version u64 || u32 len || topic || u32 len || state), "
    "integers big-endian; RFC 6962 tree"
)


class BundleInvalid(LedgerError):
    """The bundle does not prove what it says."""


def parse_digest(text: str) -> bytes:
    value = text.strip().lower()
    try:
        digest = bytes.fromhex(value)
    except ValueError:
        digest = b""
    if len(digest) != HASH_SIZE:
        raise InvalidValue(
            f"{text!r} is not a head digest: expected 64 hexadecimal digits"
        )
    return digest


# Export.


class CaseEvents:
    """Finds the events touching a case while ``verify_log`` streams the log:
    the case's own events, and every event of an aggregate (audit, action,
    complaint ...) whose events name the case in ``case_ref``."""

    def __init__(self, app: QALedger, case_ref: str) -> None:
        self.app = app
        self.case_ref = case_ref
        self.aggregates: set[UUID | str] = {Case.id_for(case_ref)}
        self.found: list[tuple[int, Notification]] = []
        # Without a cipher, skip decoding events that cannot name the case.
        self.marker = json.dumps(case_ref)[1:-1].encode()

    def observe(self, first_index: int, notes: Sequence[Notification]) -> None:
        for offset, note in enumerate(notes):
            if self._touches(note):
                self.found.append((first_index + offset, note))

    def _touches(self, note: Notification) -> bool:
        if note.originator_id in self.aggregates:
            return True
        if self.app.mapper.cipher is None and (
            self.marker not in note.state or b'"case_ref"' not in note.state
        ):
            return False
        event = self.app.mapper.to_domain_event(note)
        if getattr(event, "case_ref", None) == self.case_ref:
            self.aggregates.add(note.originator_id)
            return True
        return False


def export_evidence(app: QALedger, case_ref: str) -> dict[str, Any]:
    """Verify the ledger and return the bundle for ``case_ref``."""
    if not app.exists(Case.id_for(case_ref)):
        raise NoSuchCase(case_ref)
    finder = CaseEvents(app, case_ref)
    verification = app.integrity.verify(observe=finder.observe)
    if verification.finding is not None:
        raise LogDoesNotVerify(verification.finding, "no evidence was exported")
    head = verification.head
    proofs = audit_paths(app, head, [index for index, _ in finder.found])
    return {
        "format": FORMAT,
        "case_ref": case_ref,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tree_head": {
            "tree_size": head.tree_size,
            "last_position": head.last_position,
            "digest": head.digest,
        },
        "leaf_encoding": LEAF_ENCODING,
        "encrypted": app.mapper.cipher is not None,
        "events": [
            bundle_event(app.mapper.cipher, index, note, proofs[index])
            for index, note in finder.found
        ],
    }


def audit_paths(
    app: QALedger, head: TreeHead, targets: list[int]
) -> dict[int, list[bytes]]:
    """Audit paths of leaves ``targets`` in the tree ``head``, from one pass
    over the witness (just verified against the events)."""
    collector = ProofCollector(targets, head.tree_size)
    collector.extend(witness_leaves(app.integrity.witnessed_log, head.last_position))
    if collector.size != head.tree_size or collector.root() != head.root:
        raise LedgerError(
            "the ledger's witness changed while the evidence was being exported; "
            "run 'qaledger verify'"
        )
    return collector.proofs()


def bundle_event(
    cipher: Cipher | None, index: int, note: Notification, path: list[bytes]
) -> dict[str, Any]:
    plain = cipher.decrypt(note.state) if cipher is not None else note.state
    return {
        "leaf_index": index,
        "position": note.id,
        "originator_id": str(note.originator_id),
        "originator_version": note.originator_version,
        "topic": note.topic,
        "state": b64encode(note.state).decode("ascii"),
        "content": json.loads(plain),
        "audit_path": [sibling.hex() for sibling in path],
    }


# Offline check.


@dataclass(frozen=True)
class BundleCheck:
    case_ref: str
    events: int
    head: TreeHead
    content_unchecked: int  # encrypted events whose content no key opened


def check_bundle(
    bundle: Any, trusted_digest: str, cipher: Cipher | None = None
) -> BundleCheck:
    """Check every event of ``bundle`` is in the tree whose head is
    ``trusted_digest`` at the position it claims, and that its readable
    content is what was stored; raise ``BundleInvalid`` naming what fails."""
    trusted = parse_digest(trusted_digest)
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise BundleInvalid(f"not a qaledger evidence bundle (format {FORMAT})")
    head = _head(bundle)
    if head.root != trusted:
        raise BundleInvalid(
            f"the bundle proves events against head {head.digest}, not the "
            f"digest you hold ({trusted.hex()})"
        )
    events = _field(bundle, "events", list, "the bundle")
    encrypted = _field(bundle, "encrypted", bool, "the bundle")
    unchecked = 0
    last_index = -1
    for event in events:
        index = check_event(event, head, last_index)
        last_index = index
        if not check_content(event, encrypted, cipher):
            unchecked += 1
    return BundleCheck(
        case_ref=str(_field(bundle, "case_ref", str, "the bundle")),
        events=len(events),
        head=head,
        content_unchecked=unchecked,
    )


def check_event(event: Any, head: TreeHead, previous_index: int) -> int:
    where = "an event of the bundle"
    if not isinstance(event, dict):
        raise BundleInvalid(f"{where} is not an object")
    position = _field(event, "position", int, where)
    where = f"the event at position {position}"
    index = int(_field(event, "leaf_index", int, where))
    if index <= previous_index:
        raise BundleInvalid(f"{where} is out of order in the bundle")
    try:
        originator_id = UUID(_field(event, "originator_id", str, where))
        state = b64decode(_field(event, "state", str, where), validate=True)
        path = [bytes.fromhex(h) for h in _field(event, "audit_path", list, where)]
    except (ValueError, TypeError):
        raise BundleInvalid(f"{where} is malformed") from None
    leaf = event_leaf_hash(
        position,
        originator_id,
        _field(event, "originator_version", int, where),
        _field(event, "topic", str, where),
        state,
    )
    if root_from_path(index, head.tree_size, leaf, path) != head.root:
        raise BundleInvalid(
            f"{where} is not in the ledger with head {head.digest} as the "
            "bundle shows it: the event or its proof was altered"
        )
    if position > head.last_position:
        raise BundleInvalid(f"{where} lies beyond the head's last position")
    return index


def check_content(
    event: dict[str, Any], encrypted: bool, cipher: Cipher | None
) -> bool:
    """Whether the readable content was compared with the stored state."""
    state = b64decode(event["state"])
    if encrypted:
        if cipher is None:
            return False
        try:
            state = cipher.decrypt(state)
        except ValueError:
            raise BundleInvalid(
                "the cipher key does not open the bundle's events"
            ) from None
    try:
        stored = json.loads(state)
    except ValueError:
        stored = None
    if stored != event.get("content"):
        raise BundleInvalid(
            f"the event at position {event['position']}: its readable content is "
            "not what was stored"
        )
    return True


def _head(bundle: dict[str, Any]) -> TreeHead:
    head = _field(bundle, "tree_head", dict, "the bundle")
    where = "the bundle's tree head"
    size = _field(head, "tree_size", int, where)
    if size < 1:
        raise BundleInvalid(f"{where} has no events")
    try:
        root = parse_digest(_field(head, "digest", str, where))
    except InvalidValue:
        raise BundleInvalid(f"{where} has no valid digest") from None
    return TreeHead(size, _field(head, "last_position", int, where), root)


def _field(data: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BundleInvalid(f"{where} has no valid {name!r}")
    return value
