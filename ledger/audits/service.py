"""The audits context's commands: audits from scheduling to moderation, and
the actions set from them."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.audits.action import Action
from ledger.audits.audit import Audit
from ledger.base import Service
from ledger.cases.case import Case
from ledger.dates import add_months, week_start
from ledger.errors import InvalidValue, NoSuchAction, NoSuchAudit, RoleNotPermitted
from ledger.events import Attribution
from ledger.ids import ACTION_PREFIX, AUDIT_PREFIX, normalise_sequential_id
from ledger.vocabulary import (
    AUDITOR_ROLES,
    GRADED_AUDIT_KINDS,
    TEAM_MANAGER_ROLES,
    THEMED_AUDIT_KINDS,
    AuditKind,
    FollowUpOutcome,
    Grade,
    Role,
    auditors_of,
    in_order,
)


class AuditService(Service):
    """``qaledger audit``: the lifecycle from scheduling to moderation."""

    def schedule(
        self,
        actor: str,
        *,
        kind: str,
        auditor: str,
        week: date,
        case_ref: str | None = None,
        supervisee: str | None = None,
        theme: str | None = None,
        joint_auditor: str | None = None,
        on: date | None = None,
    ) -> str:
        by = self.app.attribute("audit schedule", actor, on)
        kind_ = AuditKind.parse(kind)
        self.check_auditor_role(auditor, by.occurred_on, kind_)
        self.check_joint_auditor(kind_, auditor, joint_auditor, by.occurred_on)
        theme = (theme or "").strip() or None
        if kind_ in THEMED_AUDIT_KINDS and theme is None:
            raise InvalidValue(f"a {kind_.value} audit needs a theme")
        if kind_ == AuditKind.SUPERVISION_FILE:
            if supervisee is None or case_ref is not None:
                raise InvalidValue(
                    "a supervision-file audit names a supervisee, not a case"
                )
            subject = self.app.staff_member(supervisee)
            team, district = subject.team, subject.district
        else:
            if case_ref is None:
                raise InvalidValue(f"a {kind_.value} audit needs a case")
            case = self.app.cases.case_file(case_ref)
            case.check_open()
            if kind_ == AuditKind.TRANSFER and case.last_transfer_on() is None:
                raise InvalidValue(
                    f"case {case_ref} has not transferred between teams; a "
                    "transfer audit is of a file at its transfer (§3.3, §3.5)"
                )
            team, district = case.team, case.district

        def scheduled(audit_id: str) -> list[Audit]:
            return [
                Audit.schedule(
                    by,
                    audit_id=audit_id,
                    kind=kind_,
                    case_ref=case_ref,
                    supervisee=supervisee,
                    auditor=auditor,
                    joint_auditor=joint_auditor,
                    week=week_start(week),
                    theme=theme,
                    team=team,
                    district=district,
                )
            ]

        return self.app.save_with_new_id(AUDIT_PREFIX, by, scheduled)

    def check_joint_auditor(
        self, kind: AuditKind, auditor: str, joint_auditor: str | None, on: date
    ) -> None:
        """§3.6: team managers across districts "jointly undertake" the
        cross-district thematic audits: each is two team managers of
        different districts, and only those audits are joint."""
        if kind != AuditKind.CROSS_DISTRICT_THEMATIC:
            if joint_auditor is not None:
                raise InvalidValue(
                    f"a {kind.value} audit has one auditor; only a "
                    f"{AuditKind.CROSS_DISTRICT_THEMATIC.value} audit is joint"
                )
            return
        if joint_auditor is None:
            raise InvalidValue(
                f"a {kind.value} audit is undertaken jointly: name the team "
                "manager of another district who audits it with the auditor "
                "(--with)"
            )
        self.check_auditor_role(joint_auditor, on, kind)
        lead = self.app.employed_staff_member(auditor, on)
        joint = self.app.employed_staff_member(joint_auditor, on)
        if lead.district is None or lead.district == joint.district:
            raise InvalidValue(
                f"{auditor} and {joint_auditor} are both of district "
                f"{lead.district or '(none recorded)'}; a {kind.value} audit is "
                "by team managers of different districts (§3.6)"
            )

    def check_auditor_role(self, auditor: str, on: date, kind: AuditKind) -> None:
        member = self.app.employed_staff_member(auditor, on)
        allowed = auditors_of(kind)
        if Role.parse(member.role) not in allowed:
            raise RoleNotPermitted(
                "undertake audits"
                if allowed == AUDITOR_ROLES
                else f"undertake {kind.label} audits",
                member.role,
                in_order(allowed),
            )

    def check_recipient(self, staff_id: str, on: date, named_as: str) -> None:
        """Findings, alerts and urgent concerns go to the person of the role
        they are named for (§3.3)."""
        member = self.app.employed_staff_member(staff_id, on)
        wanted = (
            frozenset({Role.HEAD_OF_SERVICE})
            if named_as == "head of service"
            else TEAM_MANAGER_ROLES
        )
        if Role.parse(member.role) not in wanted:
            raise InvalidValue(
                f"{staff_id} is a {member.role}, not a {named_as}; name the "
                f"{named_as} to tell ({', '.join(in_order(wanted))})"
            )

    def start(
        self,
        actor: str,
        *,
        audit_id: str,
        look_back_months: int | None = None,
        on: date | None = None,
    ) -> bool:
        """Start the audit; say whether it started outside its scheduled week."""
        by, audit = self.step("audit start", actor, audit_id, on)
        audit.start(
            by, look_back_months=look_back_months or self.app.settings.look_back_months
        )
        self.app.save_all(audit)
        return audit.started_outside_week()

    def assess_section(
        self,
        actor: str,
        *,
        audit_id: str,
        section: str,
        finding: str,
        on: date | None = None,
    ) -> None:
        by, audit = self.step("audit assess", actor, audit_id, on)
        if not section.strip() or not finding.strip():
            raise InvalidValue("assessing a section needs the section and a finding")
        audit.assess_section(by, section=section.strip(), finding=finding.strip())
        self.app.save_all(audit)

    def grade(
        self, actor: str, *, audit_id: str, grade: str, on: date | None = None
    ) -> None:
        by, audit = self.step("audit grade", actor, audit_id, on)
        audit.give_grading(by, grade=Grade.parse(grade))
        self.app.save_all(audit, *self.case_graded(audit, by, moderated=False))

    def raise_concern(
        self,
        actor: str,
        *,
        audit_id: str,
        concern: str,
        team_manager: str,
        social_worker: str | None = None,
        found_on: date | None = None,
        on: date | None = None,
    ) -> None:
        by, audit = self.step("audit concern", actor, audit_id, on)
        if not concern.strip():
            raise InvalidValue("an urgent concern needs a description")
        worker = self.people_told(audit, by, team_manager, social_worker)
        audit.raise_urgent_concern(
            by,
            concern=concern.strip(),
            team_manager=team_manager,
            social_worker=worker,
            found_on=found_on,
        )
        self.app.save_all(audit)

    def give_feedback(
        self,
        actor: str,
        *,
        audit_id: str,
        summary: str,
        team_manager: str,
        social_worker: str | None = None,
        on: date | None = None,
    ) -> None:
        by, audit = self.step("audit feedback", actor, audit_id, on)
        if not summary.strip():
            raise InvalidValue("feedback needs a summary of the findings")
        worker = self.people_told(audit, by, team_manager, social_worker)
        audit.give_feedback(
            by, summary=summary.strip(), social_worker=worker, team_manager=team_manager
        )
        self.app.save_all(audit)

    def send_alert(
        self,
        actor: str,
        *,
        audit_id: str,
        team_manager: str,
        head_of_service: str,
        on: date | None = None,
    ) -> None:
        by, audit = self.step("audit alert", actor, audit_id, on)
        self.check_recipient(team_manager, by.occurred_on, "team manager")
        self.check_recipient(head_of_service, by.occurred_on, "head of service")
        audit.send_alert(by, team_manager=team_manager, head_of_service=head_of_service)
        self.app.save_all(audit)

    def record_on_case_system(
        self, actor: str, *, audit_id: str, note: str, on: date | None = None
    ) -> None:
        by, audit = self.step("audit record", actor, audit_id, on)
        audit.record_on_case_system(by, note=note.strip())
        self.app.save_all(audit)

    def moderate(
        self,
        actor: str,
        *,
        audit_id: str,
        replaces: str,
        grade: str,
        rationale: str,
        on: date | None = None,
    ) -> None:
        by, audit = self.step("audit moderate", actor, audit_id, on)
        audit.moderate(
            by,
            replaces=Grade.parse(replaces),
            grade=Grade.parse(grade),
            rationale=rationale.strip(),
        )
        self.app.save_all(audit, *self.case_graded(audit, by, moderated=True))

    def case_graded(
        self, audit: Audit, by: Attribution, *, moderated: bool
    ) -> list[Case]:
        """The case whose file a whole case file or transfer audit judged,
        with the audit's grade added to its record (§3.3), to save with the
        audit in one transaction."""
        if AuditKind.parse(audit.kind) not in GRADED_AUDIT_KINDS or not audit.case_ref:
            return []
        assert audit.grade is not None
        case = self.app.cases.case_file(audit.case_ref)
        case.add_grading(
            by, audit_id=audit.audit_id, grade=audit.grade, moderated=moderated
        )
        return [case]

    def complete(
        self, actor: str, *, audit_id: str, findings: str = "", on: date | None = None
    ) -> None:
        by, audit = self.step("audit complete", actor, audit_id, on)
        audit.complete(by, findings=findings.strip())
        self.app.save_all(audit)

    def cancel(
        self, actor: str, *, audit_id: str, reason: str, on: date | None = None
    ) -> None:
        by, audit = self.step("audit cancel", actor, audit_id, on)
        audit.cancel(by, reason=reason.strip())
        self.app.save_all(audit)

    def show(self, audit_id: str) -> dict[str, Any]:
        """An audit's full state, with the actions set from it."""
        record = self.audit_record(audit_id)
        state = record.as_dict()
        state["actions"] = [
            self.app.actions.show(action_id) for action_id in record.action_ids
        ]
        return state

    def audit_record(self, audit_id: str) -> Audit:
        readable = normalise_sequential_id(AUDIT_PREFIX, audit_id)
        return self.app.load(Audit, Audit.id_for(readable), NoSuchAudit(audit_id))

    # Shared by the steps above.

    def step(
        self, command: str, actor: str, audit_id: str, on: date | None
    ) -> tuple[Attribution, Audit]:
        by = self.app.attribute(command, actor, on)
        return by, self.audit_record(audit_id)

    def people_told(
        self,
        audit: Audit,
        by: Attribution,
        team_manager: str,
        social_worker: str | None,
    ) -> str:
        """Check the team manager and social worker exist; the social worker
        defaults to the case's allocated worker."""
        self.check_recipient(team_manager, by.occurred_on, "team manager")
        if social_worker is None:
            if audit.case_ref is None:
                raise InvalidValue("name the social worker told")
            social_worker = self.app.cases.case_file(audit.case_ref).allocated_worker
        self.app.staff_member(social_worker)
        return social_worker


class ActionService(Service):
    """``qaledger action``: set from an audit, followed up, completed,
    escalated (§3.2, §3.3, §3.7)."""

    def set(
        self,
        actor: str,
        *,
        audit_id: str,
        owner: str,
        description: str,
        due_on: date | None = None,
        on: date | None = None,
    ) -> str:
        by = self.app.attribute("action set", actor, on)
        audit = self.app.audits.audit_record(audit_id)
        self.app.employed_staff_member(owner, by.occurred_on)
        due = due_on or add_months(
            audit.audit_date(), self.app.settings.action_due_months
        )
        if due < audit.audit_date():
            raise InvalidValue(
                f"due date {due} is before audit {audit.audit_id} "
                f"on {audit.audit_date()}"
            )

        def set_from_audit(action_id: str) -> list[Any]:
            # Reloaded on every attempt: a failed attempt leaves its changes on
            # the aggregate object it used.
            current = self.app.audits.audit_record(audit.audit_id)
            current.agree_action(by, action_id=action_id)
            action = Action.set(
                by,
                action_id=action_id,
                source_audit=current.audit_id,
                case_ref=current.case_ref,
                owner=owner,
                description=description.strip(),
                due_on=due,
            )
            return [current, action]

        return self.app.save_with_new_id(ACTION_PREFIX, by, set_from_audit)

    def review(
        self,
        actor: str,
        *,
        action_id: str,
        outcome: str,
        note: str,
        on: date | None = None,
    ) -> None:
        by, action = self.step("action review", actor, action_id, on)
        action.review_follow_up(by, outcome=FollowUpOutcome.parse(outcome), note=note)
        self.app.save_all(action)

    def complete(
        self, actor: str, *, action_id: str, note: str = "", on: date | None = None
    ) -> None:
        by, action = self.step("action complete", actor, action_id, on)
        action.complete(by, note=note.strip())
        self.app.save_all(action)

    def oversee(
        self, actor: str, *, action_id: str, note: str, on: date | None = None
    ) -> None:
        by, action = self.step("action oversee", actor, action_id, on)
        action.record_oversight(by, note=note.strip())
        self.app.save_all(action)

    def escalate(
        self, actor: str, *, action_id: str, reason: str, on: date | None = None
    ) -> None:
        by, action = self.step("action escalate", actor, action_id, on)
        action.escalate(by, reason=reason.strip())
        self.app.save_all(action)

    def action_record(self, action_id: str) -> Action:
        readable = normalise_sequential_id(ACTION_PREFIX, action_id)
        return self.app.load(Action, Action.id_for(readable), NoSuchAction(action_id))

    def show(self, action_id: str) -> dict[str, Any]:
        return self.action_record(action_id).as_dict()

    def step(
        self, command: str, actor: str, action_id: str, on: date | None
    ) -> tuple[Attribution, Action]:
        by = self.app.attribute(command, actor, on)
        return by, self.action_record(action_id)
