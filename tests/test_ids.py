"""Readable ids: issued in order, never twice, even when two writers race."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.application import QALedger
from ledger.audits.audit import Audit
from ledger.events import Attribution
from ledger.ids import normalise_sequential_id
from ledger.storage.store import locate
from ledger.vocabulary import AuditKind
from tests.conftest import given_a_started_audit

BY = Attribution("QA1", "qa-officer", date(2026, 1, 20))


def an_audit(audit_id: str) -> list[Any]:
    return [
        Audit.schedule(
            BY,
            audit_id=audit_id,
            kind=AuditKind.WHOLE_CASE_FILE,
            case_ref="LL-1001",
            supervisee=None,
            auditor="TM2",
            week=date(2026, 2, 2),
            theme=None,
        )
    ]


def test_a_writer_that_loses_the_race_for_an_id_takes_the_next(
    council: QALedger, db_url: str
) -> None:
    rival = QALedger(locate(db_url).env)
    attempts: list[str] = []

    def build_while_a_rival_takes_the_same_number(audit_id: str) -> list[Any]:
        attempts.append(audit_id)
        if len(attempts) == 1:
            assert given_a_started_audit(rival) == audit_id
        return an_audit(audit_id)

    try:
        issued = council.save_with_new_id(
            "AUD", BY, build_while_a_rival_takes_the_same_number
        )
    finally:
        rival.close()

    assert attempts == ["AUD-0001", "AUD-0002"]
    assert issued == "AUD-0002"
    assert council.audits.show("AUD-0001")["auditor"] == "TM2"
    assert council.audits.show("AUD-0002")["status"] == "scheduled"


def test_short_forms_of_an_id_name_the_same_audit() -> None:
    for typed in ("AUD-0042", "aud-42", "42", " AUD-042 "):
        assert normalise_sequential_id("AUD", typed) == "AUD-0042"
    assert normalise_sequential_id("AUD", "ACT-0001") == "ACT-0001"
