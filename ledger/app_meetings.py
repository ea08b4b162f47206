"""Commands on performance management meetings (§3.7)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.app_actions import ActionCommands
from ledger.app_observations import check_joined_by
from ledger.ids import normalise_sequential_id
from ledger.meeting import (
    MEETING_PREFIX,
    ActionNotYetSet,
    NoSuchMeeting,
    PerformanceMeeting,
)
from ledger.staff import StaffMember


class MeetingCommands(ActionCommands):
    def record_meeting(
        self,
        actor: str,
        *,
        reports: list[str],
        action_ids: list[str],
        chair: str | None = None,
        attendees: list[str] | None = None,
        focus: str | None = None,
        on: date | None = None,
    ) -> str:
        """Record a performance management meeting held on ``on``; the chair
        defaults to whoever records it. Returns the new meeting id."""
        by = self.attribute("meeting record", actor, on)
        held_on = by.occurred_on
        chaired_by = self.meeting_member(chair or actor, held_on, "chair it")
        present = [
            self.meeting_member(staff_id, held_on, "attend it").staff_id
            for staff_id in attendees or []
        ]
        reviewed = []
        for action_id in action_ids:
            action = self.action_record(action_id)
            if action.set_on > held_on:
                raise ActionNotYetSet(
                    f"action {action.action_id} was set on {action.set_on}, after "
                    f"the meeting on {held_on}, so the meeting cannot have "
                    "reviewed it"
                )
            reviewed.append(action.action_id)

        def held(meeting_id: str) -> list[PerformanceMeeting]:
            return [
                PerformanceMeeting.hold(
                    by,
                    meeting_id=meeting_id,
                    chair=chaired_by.staff_id,
                    chair_role=chaired_by.role,
                    focus=focus,
                    reports=list(reports),
                    action_ids=reviewed,
                    attendees=present,
                )
            ]

        return self.save_with_new_id(MEETING_PREFIX, by, held)

    def meeting_member(self, staff_id: str, on: date, doing: str) -> StaffMember:
        member = self.employed_staff_member(staff_id, on)
        check_joined_by(member, on, doing)
        return member

    def meeting_record(self, meeting_id: str) -> PerformanceMeeting:
        readable = normalise_sequential_id(MEETING_PREFIX, meeting_id)
        return self.load(
            PerformanceMeeting,
            PerformanceMeeting.id_for(readable),
            NoSuchMeeting(meeting_id),
        )

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        return self.meeting_record(meeting_id).as_dict()
