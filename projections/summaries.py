"""Plain-English lines for the audit trail: one sentence per event.

Each event kind has a template over its own fields plus ``{ref}``, the
readable id of the aggregate it happened to (``AUD-0007``, ``LL-204311``).
Kinds without a template get a sentence built from their name and fields, so
a new event never breaks the trail.
"""

from __future__ import annotations

import re
from typing import Any

TEMPLATES: dict[str, str] = {
    "StaffMember.Joined": "{staff_id} ({name}) joined as {role}{in_team}",
    "StaffMember.RoleChanged": "{ref} became {role}{in_team}",
    "StaffMember.Left": "{ref} left",
    "StaffMember.TeamsHeaded": "{ref} heads {teams_headed}",
    "StaffMember.LoginGranted": "{ref} may now connect as login {login}",
    "Login.Granted": "login {login} granted to {staff_id}",
    "Case.Opened": "case {case_ref} opened to {team} ({district}), "
    "allocated to {allocated_worker}",
    "Case.Transferred": "case {ref} transferred from {from_team} to {to_team}, "
    "allocated to {allocated_worker}",
    "Case.Reallocated": "case {ref} allocated to {allocated_worker}",
    "Case.Closed": "case {ref} closed with the {function} function: {reason}",
    "Case.TriggerRecorded": "case {ref}: {trigger} needs a management decision",
    "Case.GradingAdded": "case {ref} graded {grade} by {audit_id}",
    "Case.DecisionRecorded": "case {ref}: {kind} decision by {decided_by} "
    "({function}): {rationale}",
    "Audit.Scheduled": "{audit_id} scheduled: {kind} audit{of_case} by {auditor}, "
    "week of {week}",
    "Audit.Started": "{ref} started, looking back {look_back_months} months",
    "Audit.SectionAssessed": "{ref}: section {section} assessed: {finding}",
    "Audit.GradingGiven": "{ref} graded {grade}",
    "Audit.UrgentConcernRaised": "{ref}: urgent child-protection concern raised "
    "with {team_manager} and {social_worker}: {concern}",
    "Audit.FeedbackGiven": "{ref}: feedback given to {social_worker} and "
    "{team_manager}",
    "Audit.AlertSent": "{ref}: alert sent to {team_manager} and {head_of_service}",
    "Audit.RecordedOnCaseSystem": "{ref} recorded on the case system",
    "Audit.ActionAgreed": "{ref}: action {action_id} agreed",
    "Audit.GradingModerated": "{ref}: grading moderated from {replaces} to "
    "{grade}: {rationale}",
    "Audit.Completed": "{ref} completed",
    "Audit.Cancelled": "{ref} cancelled: {reason}",
    "Action.Set": "{action_id} set for {owner}, due {due_on}: {description}",
    "Action.FollowUpReviewed": "{ref} followed up ({outcome}): {note}",
    "Action.Completed": "{ref} completed",
    "Action.Escalated": "{ref} escalated to the performance meeting: {reason}",
    "Action.OversightRecorded": "{ref}: the manager noted oversight of the plan: "
    "{note}",
    "SupervisionFile.Opened": "supervision file opened for {supervisee}",
    "SupervisionFile.SupervisionRecorded": "{ref} supervised by {supervisor}",
    "SupervisionFile.DevelopmentReviewRecorded": "{ref}: development review by "
    "{reviewer}",
    "SupervisionFile.FileAudited": "{ref}: supervision file audited by {auditor}: "
    "{outcome}",
    "SupervisionSurvey.Recorded": "supervision survey {year}: {responses} "
    "responses: {summary}",
    "AuditCycle.Opened": "audit cycle {period} opened, aiming for {target_size} cases",
    "AuditCycle.SampleDrawn": "{ref}: {size} cases drawn with seed {seed}",
    "AuditCycle.AuditorsAllocated": "{ref}: auditors allocated for the week of {week}",
    "AuditCycle.Closed": "{ref} closed: {findings}",
    "HeadOfServiceSample.Drawn": "{key}: head of service sample drawn with seed {seed}",
    "CrossDistrictSample.Drawn": "{key}: cross-district sample ({theme}) drawn "
    "with seed {seed}",
    "ThematicSchedule.Planned": "thematic audit of {theme} planned for {month}, "
    "findings due {findings_due_on}",
    "Complaint.Received": "{complaint_id} received at stage 1 ({category}) about "
    "{team}",
    "Complaint.Escalated": "{ref} escalated from stage {from_stage} to {to_stage}",
    "Complaint.ConsideredBySSMT": "{ref} considered by SSMT: {note}",
    "Complaint.Responded": "{ref} responded at stage {stage}: {outcome}",
    "Complaint.LessonRecorded": "{ref}: lesson recorded: {lesson}",
    "Compliment.Received": "{compliment_id} received for {team}: {summary}",
    "ServiceFeedback.QuestionnaireSent": "{questionnaire_id} sent to the "
    "{recipient} of case {case_ref} on {reason}",
    "ServiceFeedback.QuestionnaireReturned": "{ref} returned",
    "PracticeObservation.PracticeObserved": "{staff_member} observed by "
    "{observer}: {outcome}",
    "PerformanceMeeting.MeetingHeld": "{meeting_id} performance meeting chaired "
    "by {chair}",
    "Report.ReportGenerated": "{report_id}: {job} report generated at ledger "
    "position {ledger_position}, head {head_digest}",
    "IdSequence.Started": "{prefix} ids issued up to {number}",
    "IdSequence.Advanced": "{prefix} ids issued up to {number}",
}


def summarise(kind: str, event: Any, name: str) -> str:
    fields = dict(vars(event))
    fields["ref"] = name
    team = fields.get("team")
    fields["in_team"] = f" in {team}" if team else ""
    case_ref = fields.get("case_ref")
    fields["of_case"] = f" of case {case_ref}" if case_ref else ""
    fields["teams_headed"] = ", ".join(fields.get("teams") or [])
    template = TEMPLATES.get(kind)
    if template is not None:
        try:
            return template.format_map(fields)
        except (KeyError, ValueError):
            pass
    return fallback(kind, fields, name)


SKIPPED = {
    "originator_id",
    "originator_version",
    "originator_topic",
    "timestamp",
    "actor_id",
    "actor_role",
    "occurred_on",
    "ref",
    "in_team",
    "of_case",
    "teams_headed",
}


def fallback(kind: str, fields: dict[str, Any], name: str) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", kind.split(".")[-1]).lower()
    details = ", ".join(
        f"{key.replace('_', ' ')} {value}"
        for key, value in fields.items()
        if key not in SKIPPED and value not in (None, "", [], {})
    )
    return f"{name}: {words}" + (f" ({details})" if details else "")
