"""Performance management meetings (§3.7), monthly."""

from __future__ import annotations

from datetime import date

from ledger.demo.council import Council
from ledger.vocabulary import Role

# By calendar month, January to December.
MEETING_FOCUS = (
    "Referral timeliness",
    "Child protection plans",
    "Children looked after",
    "Care leavers",
    "Family support step-downs",
    "Children with disabilities",
    "Supervision and workforce",
    "Audit cycle learning",
    "Complaints and feedback",
    "Placement stability",
    "Thematic audit learning",
    "Year-end performance",
)


def hold_meeting(c: Council, month: int, day: date) -> None:
    """Monthly, chaired by the assistant director: reports tabled, escalated
    actions, the cycles' action plans and overdue actions reviewed."""
    open_actions = [a for a in c.actions.values() if not a.done and a.set_on <= day]
    first = sorted(
        open_actions,
        key=lambda a: (not a.escalated, a.case_ref is not None, a.due_on, a.action_id),
    )
    reviewed = [
        a.action_id
        for a in first
        if a.escalated or a.case_ref is None or a.due_on < day
    ][:10]
    reports = ["Monthly performance scorecard", *c.news]
    c.news.clear()
    # The calendar month, not the month of the demo year: a year may start
    # in any month, and quarters and the year end are the calendar's.
    calendar_month = c.month(month).month
    if calendar_month % 3 == 0:
        quarter = calendar_month // 3
        reports += [
            f"Complaints and compliments, quarter {quarter}",
            f"Feedback from children and families, quarter {quarter}",
        ]
    managers = sorted(m.staff_id for m in c.members(day, Role.TEAM_MANAGER))
    attendees = sorted(c.heads_of_service) + sorted(c.rng.sample(managers, 3))
    c.ledger.meetings.record(
        c.qa_lead,
        reports=reports,
        action_ids=reviewed,
        chair=c.director,
        attendees=attendees,
        focus=MEETING_FOCUS[calendar_month - 1],
        on=day,
    )
    c.count("performance meetings")
