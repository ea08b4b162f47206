"""Commands on complaints and compliments (§4.1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.app_cases import CaseCommands
from ledger.complaint import (
    COMPLAINT_PREFIX,
    COMPLIMENT_PREFIX,
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStage,
    Compliment,
    NoSuchComplaint,
    NoSuchCompliment,
)
from ledger.events import Attribution
from ledger.ids import normalise_sequential_id
from ledger.vocabulary import Team


class ComplaintCommands(CaseCommands):
    def receive_complaint(
        self,
        actor: str,
        *,
        team: str,
        category: str,
        case_ref: str | None = None,
        summary: str | None = None,
        on: date | None = None,
    ) -> str:
        """Record a complaint received at stage 1; returns its new id."""
        by = self.attribute("complaint receive", actor, on)
        team_ = Team.parse(team)
        category_ = ComplaintCategory.parse(category)
        if case_ref is not None:
            case_ref = self.case_file(case_ref).case_ref

        def received(complaint_id: str) -> list[Complaint]:
            return [
                Complaint.receive(
                    by,
                    complaint_id=complaint_id,
                    team=team_,
                    category=category_,
                    case_ref=case_ref,
                    summary=(summary or "").strip() or None,
                )
            ]

        return self.save_with_new_id(COMPLAINT_PREFIX, by, received)

    def escalate_complaint(
        self,
        actor: str,
        *,
        complaint_id: str,
        to_stage: str | int,
        reason: str = "",
        on: date | None = None,
    ) -> None:
        by, complaint = self.complaint_step(
            "complaint escalate", actor, complaint_id, on
        )
        complaint.escalate(
            by, to_stage=ComplaintStage.parse(to_stage), reason=reason.strip()
        )
        self.save_all(complaint)

    def respond_to_complaint(
        self,
        actor: str,
        *,
        complaint_id: str,
        outcome: str,
        note: str = "",
        on: date | None = None,
    ) -> None:
        by, complaint = self.complaint_step(
            "complaint respond", actor, complaint_id, on
        )
        complaint.respond(
            by, outcome=ComplaintOutcome.parse(outcome), note=note.strip()
        )
        self.save_all(complaint)

    def record_complaint_lesson(
        self, actor: str, *, complaint_id: str, lesson: str, on: date | None = None
    ) -> None:
        by, complaint = self.complaint_step("complaint lesson", actor, complaint_id, on)
        complaint.record_lesson(by, lesson=lesson.strip())
        self.save_all(complaint)

    def receive_compliment(
        self,
        actor: str,
        *,
        team: str,
        summary: str,
        case_ref: str | None = None,
        staff_member: str | None = None,
        on: date | None = None,
    ) -> str:
        """Record a compliment received; returns its new id."""
        by = self.attribute("compliment receive", actor, on)
        team_ = Team.parse(team)
        if case_ref is not None:
            case_ref = self.case_file(case_ref).case_ref
        if staff_member is not None:
            staff_member = self.staff_member(staff_member).staff_id

        def received(compliment_id: str) -> list[Compliment]:
            return [
                Compliment.receive(
                    by,
                    compliment_id=compliment_id,
                    team=team_,
                    case_ref=case_ref,
                    staff_member=staff_member,
                    summary=summary.strip(),
                )
            ]

        return self.save_with_new_id(COMPLIMENT_PREFIX, by, received)

    def complaint_record(self, complaint_id: str) -> Complaint:
        readable = normalise_sequential_id(COMPLAINT_PREFIX, complaint_id)
        return self.load(
            Complaint, Complaint.id_for(readable), NoSuchComplaint(complaint_id)
        )

    def complaint(self, complaint_id: str) -> dict[str, Any]:
        return self.complaint_record(complaint_id).as_dict()

    def compliment(self, compliment_id: str) -> dict[str, Any]:
        readable = normalise_sequential_id(COMPLIMENT_PREFIX, compliment_id)
        record = self.load(
            Compliment, Compliment.id_for(readable), NoSuchCompliment(compliment_id)
        )
        return record.as_dict()

    def complaint_step(
        self, command: str, actor: str, complaint_id: str, on: date | None
    ) -> tuple[Attribution, Complaint]:
        by = self.attribute(command, actor, on)
        return by, self.complaint_record(complaint_id)
