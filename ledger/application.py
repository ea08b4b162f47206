"""The ledger application: one eventsourcing application, one log, and a
service per context of the framework, each in its own folder.

A command reaches its rule in one hop: ``qaledger action review`` calls
``ledger.actions.review``, defined in ``ledger/audits/service.py``. Services
follow eventsourcing's examples: get the aggregates, command them, save, and
return ids or plain data. ``ledger/README.md`` maps each rule of the
framework to its file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from eventsourcing.utils import EnvType

from ledger.audits.service import ActionService, AuditService
from ledger.base import LedgerBase
from ledger.cases.service import CaseService
from ledger.integrity.service import IntegrityService
from ledger.programme.service import ProgrammeService
from ledger.records.service import (
    ComplaintService,
    FeedbackService,
    MeetingService,
    ObservationService,
    ReportService,
)
from ledger.settings import Settings, load_settings
from ledger.staff.service import StaffService
from ledger.storage.store import locate, prepare
from ledger.supervision.service import SupervisionService


class QALedger(LedgerBase):
    """The quality-assurance ledger of one council."""

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        settings: Settings | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env, settings=settings, today=today)
        # Staff (§2.1, §2.3) and cases (§2.2).
        self.staff = StaffService(self)
        self.cases = CaseService(self)
        # Supervision (§2.3).
        self.supervision = SupervisionService(self)
        # Audits, moderation and the actions they set (§3.2 to §3.6).
        self.audits = AuditService(self)
        self.actions = ActionService(self)
        # The audit programme: cycles, samples, schedules (§3.1 to §3.6).
        self.programme = ProgrammeService(self)
        # The other oversight records (§3.7, §4.1).
        self.complaints = ComplaintService(self)
        self.feedback = FeedbackService(self)
        self.observations = ObservationService(self)
        self.meetings = MeetingService(self)
        self.reports = ReportService(self)
        # Tamper evidence.
        self.integrity = IntegrityService(self)


def open_ledger(db: str | None) -> QALedger:
    """The ledger at ``db`` (a SQLite path or a postgresql:// URL; the
    default when None), with the council's settings file."""
    return QALedger(prepare(locate(db)).env, settings=load_settings())
