"""The ledger application: every command and query the CLI offers.

Methods follow eventsourcing's examples: get the aggregates, command them,
save, and return ids or plain data. Each area's commands live in their own
module; this class only puts them together.
"""

from __future__ import annotations

from ledger.app_actions import ActionCommands
from ledger.app_complaints import ComplaintCommands
from ledger.app_cycles import CycleCommands
from ledger.app_feedback import FeedbackCommands
from ledger.app_meetings import MeetingCommands
from ledger.app_observations import ObservationCommands
from ledger.app_reports import ReportCommands
from ledger.app_staff import StaffCommands
from ledger.app_supervision import SupervisionCommands
from ledger.integrity import TamperEvident


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
