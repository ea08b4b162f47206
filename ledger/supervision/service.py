"""Commands on supervision files and the annual supervision survey (§2.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.base import Service
from ledger.errors import (
    DateTooEarly,
    IdAlreadyUsed,
    InvalidValue,
    NoSuchStaffMember,
    NotALineManager,
    SuperviseeHasLeft,
)
from ledger.events import Attribution
from ledger.staff.member import StaffMember
from ledger.supervision.file import FileAuditOutcome, SupervisionFile, SupervisionSurvey
from ledger.vocabulary import SENIORITY, SERVICE_MANAGER_SENIORITY, Role


class SupervisionService(Service):
    """``qaledger supervision``: sessions, development reviews, annual file
    audits and the annual survey (§2.3)."""

    def record(
        self,
        actor: str,
        *,
        supervisee: str,
        cases_discussed: list[str] | None = None,
        decisions_recorded_on_child_files: bool = False,
        reflective_discussion_held: bool = False,
        note: str = "",
        on: date | None = None,
    ) -> None:
        """Record a supervision session; the one recording it is the supervisor."""
        by = self.app.attribute("supervision record", actor, on)
        member = self.supervisee_on(supervisee, by)
        self.check_line_manager(actor, member)
        cases = [ref.strip() for ref in cases_discussed or [] if ref.strip()]
        for case_ref in cases:
            self.app.cases.case_file(case_ref)
        file = self.supervision_file(member.staff_id, by)
        file.record_supervision(
            by,
            cases_discussed=cases,
            decisions_recorded_on_child_files=decisions_recorded_on_child_files,
            reflective_discussion_held=reflective_discussion_held,
            note=note.strip(),
        )
        self.app.save_all(file)

    def record_development_review(
        self, actor: str, *, supervisee: str, needs: str, on: date | None = None
    ) -> None:
        """Record the annual personal development review (PDR)."""
        by = self.app.attribute("supervision pdr", actor, on)
        member = self.supervisee_on(supervisee, by)
        self.check_line_manager(actor, member)
        if not needs.strip():
            raise InvalidValue("a development review records the development needs")
        file = self.supervision_file(member.staff_id, by)
        file.record_development_review(by, needs=needs.strip())
        self.app.save_all(file)

    def audit_file(
        self,
        actor: str,
        *,
        supervisee: str,
        outcome: str,
        note: str = "",
        on: date | None = None,
    ) -> None:
        """Record the annual audit of a supervision file (§2.3, §3.5)."""
        by = self.app.attribute("supervision audit-file", actor, on)
        outcome_ = FileAuditOutcome.parse(outcome)
        self.app.staff_member(supervisee)
        file = self.supervision_file(supervisee, by)
        file.audit_file(by, outcome=outcome_, note=note.strip())
        self.app.save_all(file)

    def record_survey(
        self,
        actor: str,
        *,
        year: int,
        responses: int,
        summary: str,
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("supervision survey", actor, on)
        if not 2000 <= year <= by.occurred_on.year:
            raise InvalidValue(
                f"survey year {year} must be 2000 to {by.occurred_on.year}"
            )
        if responses < 0:
            raise InvalidValue("the number of responses cannot be negative")
        if not summary.strip():
            raise InvalidValue("a survey record needs a summary of its findings")
        if self.app.exists(SupervisionSurvey.id_for(year)):
            raise IdAlreadyUsed("supervision survey", str(year))
        survey = SupervisionSurvey.record(
            by, year=year, responses=responses, summary=summary.strip()
        )
        self.app.save_all(survey)

    def show(self, supervisee: str) -> dict[str, Any]:
        member = self.app.staff_member(supervisee)
        uuid = SupervisionFile.id_for(member.staff_id)
        if not self.app.exists(uuid):
            return {
                "supervisee": member.staff_id,
                "sessions": [],
                "development_reviews": [],
                "file_audits": [],
            }
        return self.app.load(
            SupervisionFile, uuid, NoSuchStaffMember(supervisee)
        ).as_dict()

    # Shared by the commands above.

    def supervisee_on(self, staff_id: str, by: Attribution) -> StaffMember:
        member = self.app.staff_member(staff_id)
        if member.left_on is not None and by.occurred_on > member.left_on:
            raise SuperviseeHasLeft(
                staff_id, member.left_on.isoformat(), by.occurred_on.isoformat()
            )
        if by.occurred_on < member.started_on:
            raise DateTooEarly(
                f"{staff_id} joined on {member.started_on}, after {by.occurred_on}"
            )
        return member

    def check_line_manager(self, manager_id: str, supervisee: StaffMember) -> None:
        manager = self.app.staff_member(manager_id)
        if manager.staff_id == supervisee.staff_id:
            raise NotALineManager("nobody supervises themselves")
        rank = SENIORITY[Role.parse(manager.role)]
        if rank <= SENIORITY[Role.parse(supervisee.role)]:
            raise NotALineManager(
                f"{manager.staff_id} ({manager.role}) is not senior to "
                f"{supervisee.staff_id} ({supervisee.role})"
            )
        if rank < SERVICE_MANAGER_SENIORITY and manager.team != supervisee.team:
            raise NotALineManager(
                f"{manager.staff_id} manages {manager.team}, not {supervisee.team}, "
                f"where {supervisee.staff_id} works; a head of service or above "
                "may supervise across teams"
            )

    def supervision_file(self, supervisee: str, by: Attribution) -> SupervisionFile:
        """The supervisee's file, opened now if this is its first record."""
        uuid = SupervisionFile.id_for(supervisee)
        if self.app.exists(uuid):
            return self.app.load(SupervisionFile, uuid, NoSuchStaffMember(supervisee))
        return SupervisionFile.open(by, supervisee=supervisee)
