"""Tamper evidence on both stores: the witness is written with every save, a
clean ledger verifies, and each kind of raw-SQL tampering is caught at the
right position with the right reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from ledger.application import QALedger
from ledger.errors import NoSuchStaffMember
from ledger.integrity.leaves import event_leaf_hash, leaf_bytes
from ledger.integrity.merkle import leaf_hash, root_of
from ledger.integrity.service import LogDoesNotVerify
from ledger.integrity.verification import Reason, verify_log
from ledger.storage.store import locate
from tests.conftest import TODAY, event_count, given_a_started_audit
from tests.helpers.tampering import Tamperer


def finding(app: QALedger, batch: int | None = None) -> tuple[int, Reason]:
    if batch is None:
        result = app.integrity.verify()
    else:
        result = verify_log(app.integrity.witnessed_log, batch=batch)
    assert result.finding is not None, "tampering went unnoticed"
    return result.finding.position, result.finding.reason


def leaf_hashes_from_raw_rows(tamperer: Tamperer) -> list[bytes]:
    rows = tamperer.run(
        "SELECT {position}, originator_id, originator_version, topic, state "
        "FROM {events} ORDER BY {position}"
    )
    return [
        event_leaf_hash(
            position,
            originator_id if isinstance(originator_id, UUID) else UUID(originator_id),
            version,
            topic,
            bytes(state),
        )
        for position, originator_id, version, topic, state in rows
    ]


# The leaf.


def test_the_leaf_encoding_is_pinned() -> None:
    # Changing the encoding orphans every head anyone holds: give it a new
    # version number instead.
    args = (
        7,
        UUID("12345678-1234-5678-1234-567812345678"),
        3,
        "ledger.case:Case.Opened",
        b'{"case_ref":"LL-1"}',
    )
    assert leaf_bytes(*args).hex() == (
        "01"
        "0000000000000007"
        "75"
        "00000010"
        "12345678123456781234567812345678"
        "0000000000000003"
        "00000017"
        + b"ledger.case:Case.Opened".hex()
        + "00000013"
        + b'{"case_ref":"LL-1"}'.hex()
    )
    assert event_leaf_hash(*args) == leaf_hash(leaf_bytes(*args))
    assert event_leaf_hash(*args).hex() == (
        "a9faf622c2da8f8c0d7e969caad3290469522614e35b088441b9367f90224cf9"
    )


def test_every_field_of_the_event_is_covered_and_none_can_bleed_into_another() -> None:
    uuid = UUID(int=1)
    base = event_leaf_hash(1, uuid, 1, "a.b:C", b"xy")
    variants = [
        event_leaf_hash(2, uuid, 1, "a.b:C", b"xy"),
        event_leaf_hash(1, UUID(int=2), 1, "a.b:C", b"xy"),
        event_leaf_hash(1, str(uuid), 1, "a.b:C", b"xy"),
        event_leaf_hash(1, uuid, 2, "a.b:C", b"xy"),
        event_leaf_hash(1, uuid, 1, "a.b:Cx", b"y"),
        event_leaf_hash(1, uuid, 1, "a.b:C", b"xz"),
    ]
    assert len({base, *variants}) == 1 + len(variants)


# The witness.


def test_every_save_witnesses_its_positions_in_the_same_database(
    council: QALedger, db_url: str
) -> None:
    tamperer = Tamperer(db_url)
    witnessed = tamperer.run(
        "SELECT position, leaf_hash FROM {leaves} ORDER BY position"
    )
    assert [bytes(h) for _, h in witnessed] == leaf_hashes_from_raw_rows(tamperer)
    assert [p for p, _ in witnessed] == list(range(1, event_count(council) + 1))


def test_a_clean_ledger_verifies_and_its_head_is_the_tree_of_its_rows(
    council: QALedger, db_url: str
) -> None:
    given_a_started_audit(council)
    result = council.integrity.verify(at=4)
    hashes = leaf_hashes_from_raw_rows(Tamperer(db_url))
    assert result.ok
    assert result.head.tree_size == len(hashes) == council.position()
    assert result.head.root == root_of(hashes)
    assert result.head_at is not None
    assert result.head_at.root == root_of(hashes[:4])
    assert result.head_at.last_position == 4


def test_the_witnessed_head_is_the_verified_head_at_every_position(
    council: QALedger,
) -> None:
    for at in range(council.position() + 1):
        verified = council.integrity.verify(at=at).head_at
        assert council.integrity.head(at) == verified
    assert council.integrity.head() == council.integrity.verify().head


def test_an_empty_ledger_verifies_to_the_empty_head(ledger: QALedger) -> None:
    result = ledger.integrity.verify()
    assert result.ok
    assert result.head.tree_size == 0
    assert result.head.digest == root_of([]).hex()


def test_positions_skipped_by_a_failed_insert_do_not_break_the_tree(
    council: QALedger,
) -> None:
    # On PostgreSQL a failed insert still uses up its notification ids.
    first = next(council.notifications())
    with pytest.raises(IntegrityError):
        council.recorder.insert_events(
            [StoredEvent(first.originator_id, 1, first.topic, first.state)]
        )
    given_a_started_audit(council)
    assert council.integrity.verify().ok


def test_two_writers_on_one_store_keep_the_witness_whole(
    council: QALedger, db_url: str
) -> None:
    other = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        for n in range(3):
            writer = council if n % 2 else other
            writer.cases.open(
                "TM1",
                case_ref=f"LL-9{n}",
                team="safeguarding",
                district="North",
                worker="SW1",
                on=date(2026, 2, 1),
            )
    finally:
        other.close()
    assert council.integrity.verify().ok


# Tampering, caught where it happened.


def test_an_updated_payload_is_caught_at_its_position(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).set_state(5, b'{"name":"Someone Else"}')
    assert finding(council) == (5, Reason.CHANGED)


def test_an_updated_topic_is_caught_at_its_position(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).run(
        "UPDATE {events} SET topic = 'ledger.staff:StaffMember.Left' "
        "WHERE {position} = 3"
    )
    assert finding(council) == (3, Reason.CHANGED)


def test_a_deleted_row_is_caught_at_its_position(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).delete(4)
    assert finding(council) == (4, Reason.MISSING)


def test_a_deleted_last_row_is_caught(council: QALedger, db_url: str) -> None:
    last = council.position()
    Tamperer(db_url).delete(last)
    assert finding(council) == (last, Reason.MISSING)


def test_two_swapped_rows_are_caught_at_the_first(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).swap(3, 7)
    assert finding(council) == (3, Reason.REORDERED)


def test_a_row_moved_to_the_end_is_caught_where_it_was(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).run("UPDATE {events} SET {position} = 99 WHERE {position} = 6")
    assert finding(council) == (6, Reason.REORDERED)


def test_an_inserted_row_is_caught_at_its_position(
    council: QALedger, db_url: str
) -> None:
    last = council.position()
    _, _, topic, state = Tamperer(db_url).event(2)
    Tamperer(db_url).insert(UUID(int=42), 1, topic, state)
    assert finding(council) == (last + 1, Reason.INSERTED)


def test_a_row_replaced_by_another_event_is_caught_as_changed(
    council: QALedger, db_url: str
) -> None:
    tamperer = Tamperer(db_url)
    _, _, topic, state = tamperer.event(2)
    tamperer.delete(2)
    if tamperer.store.is_postgres:
        tamperer.run(
            "INSERT INTO {events} (originator_id, originator_version, topic, state, "
            "notification_id) VALUES (?, 1, ?, ?, 2)",
            UUID(int=7),
            topic,
            state,
        )
    else:
        tamperer.run(
            "INSERT INTO {events} (rowid, originator_id, originator_version, topic, "
            "state) VALUES (2, ?, 1, ?, ?)",
            UUID(int=7).hex,
            topic,
            state,
        )
    assert finding(council) == (2, Reason.CHANGED)


@pytest.mark.parametrize("batch", [1, 2, 3, 4, 7])
def test_tampering_is_caught_at_the_same_position_whatever_the_batch_size(
    council: QALedger, db_url: str, batch: int
) -> None:
    given_a_started_audit(council)
    tamperer = Tamperer(db_url)
    tamperer.delete(9)
    tamperer.set_state(11, b"{}")
    assert finding(council, batch) == (9, Reason.MISSING)


def test_the_first_of_several_tamperings_is_named(
    council: QALedger, db_url: str
) -> None:
    tamperer = Tamperer(db_url)
    tamperer.set_state(8, b"{}")
    tamperer.swap(2, 10)
    assert finding(council) == (2, Reason.REORDERED)


# Checkpoints catch what the witness cannot.


def test_events_rewritten_with_their_witness_break_the_checkpoint(
    council: QALedger, db_url: str
) -> None:
    council.integrity.record_checkpoint("QA1")
    Tamperer(db_url).rewrite_with_witness(6, b'{"rewritten":true}')
    position, reason = finding(council)
    assert reason is Reason.REWRITTEN
    assert position == council.position()  # the checkpoint's last position


def test_events_removed_with_their_witness_are_missing_from_the_checkpoint(
    council: QALedger, db_url: str
) -> None:
    council.integrity.record_checkpoint("HOS1")
    last = council.position()
    tamperer = Tamperer(db_url)
    tamperer.delete(last)
    tamperer.run("DELETE FROM {leaves} WHERE position = ?", last)
    assert finding(council) == (last, Reason.MISSING)


def test_later_events_keep_earlier_checkpoints_valid(council: QALedger) -> None:
    council.integrity.record_checkpoint("HOS1")
    given_a_started_audit(council)
    council.integrity.record_checkpoint("HOS2")
    given_a_started_audit(council)
    result = council.integrity.verify()
    assert result.ok
    assert result.checkpoints_checked == 2


def test_a_checkpoint_is_refused_when_the_ledger_does_not_verify(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).delete(3)
    with pytest.raises(LogDoesNotVerify, match="position 3 missing"):
        council.integrity.record_checkpoint("HOS1")
    assert council.integrity.checkpoints() == []


def test_a_checkpoint_needs_a_known_staff_member(council: QALedger) -> None:
    with pytest.raises(NoSuchStaffMember):
        council.integrity.record_checkpoint("NOBODY")
    assert council.integrity.checkpoints() == []


@pytest.mark.parametrize("claimed_size", [-3, 0, 2])
def test_a_forged_checkpoint_is_caught(
    council: QALedger, db_url: str, claimed_size: int
) -> None:
    Tamperer(db_url).run(
        "INSERT INTO {checkpoints} (tree_size, last_position, root_hash, "
        "recorded_at, signed_off_by) VALUES (?, 2, ?, '2026-01-01T00:00:00+00:00', "
        "'HOS1')",
        claimed_size,
        bytes(32),
    )
    assert finding(council) == (2, Reason.REWRITTEN)
