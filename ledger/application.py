"""The ledger application: every command and query the CLI offers.

Methods follow eventsourcing's examples: get the aggregates, command them,
save, and return ids or plain data. Each area's commands live in their own
module; this class only puts them together.
"""

from __future__ import annotations

from ledger.audits.service import ActionCommands
from ledger.integrity.service import TamperEvident
from ledger.programme.service import CycleCommands
from ledger.records.service import (
    ComplaintCommands,
    FeedbackCommands,
    MeetingCommands,
    ObservationCommands,
    ReportCommands,
)
from ledger.staff.service import StaffCommands
from ledger.supervision.service import SupervisionCommands


class QALedger(
    TamperEvident,
    ReportCommands,
    CycleCommands,
    MeetingCommands,
    ComplaintCommands,
    FeedbackCommands,
    ObservationCommands,
    ActionCommands,
    SupervisionCommands,
    StaffCommands,
):
    """The quality-assurance ledger of one council."""
