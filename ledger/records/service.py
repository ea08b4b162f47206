"""The other oversight records' commands: complaints and compliments,
feedback questionnaires to families, practice observations (§4.1),
performance management meetings (§3.7), and the runs of report jobs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from ledger.base import Service
from ledger.cases.case import Case
from ledger.cases.service import check_not_before_opening
from ledger.dates import add_months
from ledger.errors import DateTooEarly, InvalidValue
from ledger.events import Attribution
from ledger.ids import aggregate_id, format_sequential_id, normalise_sequential_id
from ledger.records.complaint import (
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
from ledger.records.feedback import (
    QUESTIONNAIRE_PREFIX,
    FeedbackReason,
    FeedbackRecipient,
    NoSuchQuestionnaire,
    ServiceFeedback,
)
from ledger.records.meeting import (
    MEETING_PREFIX,
    ActionNotYetSet,
    NoSuchMeeting,
    PerformanceMeeting,
)
from ledger.records.observation import (
    OBSERVATION_PREFIX,
    NoSuchObservation,
    ObservationOutcome,
    PracticeObservation,
)
from ledger.records.report import REPORT_PREFIX, NoSuchReport, Report
from ledger.staff.member import StaffMember
from ledger.vocabulary import Team


class ComplaintService(Service):
    """``qaledger complaint`` and ``qaledger compliment`` (§4.1)."""

    def receive(
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
        by = self.app.attribute("complaint receive", actor, on)
        team_ = Team.parse(team)
        category_ = ComplaintCategory.parse(category)
        if case_ref is not None:
            case_ref = self.app.cases.case_file(case_ref).case_ref

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

        return self.app.save_with_new_id(COMPLAINT_PREFIX, by, received)

    def escalate(
        self,
        actor: str,
        *,
        complaint_id: str,
        to_stage: str | int,
        reason: str = "",
        on: date | None = None,
    ) -> None:
        by, complaint = self.step("complaint escalate", actor, complaint_id, on)
        complaint.escalate(
            by, to_stage=ComplaintStage.parse(to_stage), reason=reason.strip()
        )
        self.app.save_all(complaint)

    def respond(
        self,
        actor: str,
        *,
        complaint_id: str,
        outcome: str,
        note: str = "",
        on: date | None = None,
    ) -> None:
        by, complaint = self.step("complaint respond", actor, complaint_id, on)
        complaint.respond(
            by, outcome=ComplaintOutcome.parse(outcome), note=note.strip()
        )
        self.app.save_all(complaint)

    def record_lesson(
        self, actor: str, *, complaint_id: str, lesson: str, on: date | None = None
    ) -> None:
        by, complaint = self.step("complaint lesson", actor, complaint_id, on)
        complaint.record_lesson(by, lesson=lesson.strip())
        self.app.save_all(complaint)

    def record_consideration(
        self, actor: str, *, complaint_id: str, note: str, on: date | None = None
    ) -> None:
        by, complaint = self.step("complaint consider", actor, complaint_id, on)
        complaint.record_consideration(by, note=note.strip())
        self.app.save_all(complaint)

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
        by = self.app.attribute("compliment receive", actor, on)
        team_ = Team.parse(team)
        if case_ref is not None:
            case_ref = self.app.cases.case_file(case_ref).case_ref
        if staff_member is not None:
            staff_member = self.app.staff_member(staff_member).staff_id

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

        return self.app.save_with_new_id(COMPLIMENT_PREFIX, by, received)

    def complaint_record(self, complaint_id: str) -> Complaint:
        readable = normalise_sequential_id(COMPLAINT_PREFIX, complaint_id)
        return self.app.load(
            Complaint, Complaint.id_for(readable), NoSuchComplaint(complaint_id)
        )

    def show(self, complaint_id: str) -> dict[str, Any]:
        return self.complaint_record(complaint_id).as_dict()

    def show_compliment(self, compliment_id: str) -> dict[str, Any]:
        readable = normalise_sequential_id(COMPLIMENT_PREFIX, compliment_id)
        record = self.app.load(
            Compliment, Compliment.id_for(readable), NoSuchCompliment(compliment_id)
        )
        return record.as_dict()

    def step(
        self, command: str, actor: str, complaint_id: str, on: date | None
    ) -> tuple[Attribution, Complaint]:
        by = self.app.attribute(command, actor, on)
        return by, self.complaint_record(complaint_id)


class FeedbackService(Service):
    """``qaledger feedback``: questionnaires sent to children and families
    on closure or transfer, and their answers (§4.1)."""

    def send(
        self,
        actor: str,
        *,
        case_ref: str,
        recipient: str,
        reason: str,
        on: date | None = None,
    ) -> str:
        """Record a questionnaire sent on a case's closure or transfer; returns
        its new id."""
        by = self.app.attribute("feedback send", actor, on)
        recipient_ = FeedbackRecipient.parse(recipient)
        reason_ = FeedbackReason.parse(reason)
        case = self.app.cases.case_file(case_ref)
        check_not_before_opening(case, by.occurred_on)
        check_sent_after(case, reason_, by.occurred_on)

        def sent(questionnaire_id: str) -> list[ServiceFeedback]:
            return [
                ServiceFeedback.send(
                    by,
                    questionnaire_id=questionnaire_id,
                    case_ref=case.case_ref,
                    recipient=recipient_,
                    reason=reason_,
                )
            ]

        return self.app.save_with_new_id(QUESTIONNAIRE_PREFIX, by, sent)

    def record_return(
        self,
        actor: str,
        *,
        questionnaire_id: str,
        ratings: Mapping[str, object],
        comments: str = "",
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("feedback return", actor, on)
        questionnaire = self.questionnaire_record(questionnaire_id)
        questionnaire.record_return(by, ratings=ratings, comments=comments)
        self.app.save_all(questionnaire)

    def questionnaire_record(self, questionnaire_id: str) -> ServiceFeedback:
        readable = normalise_sequential_id(QUESTIONNAIRE_PREFIX, questionnaire_id)
        return self.app.load(
            ServiceFeedback,
            ServiceFeedback.id_for(readable),
            NoSuchQuestionnaire(questionnaire_id),
        )

    def show(self, questionnaire_id: str) -> dict[str, Any]:
        return self.questionnaire_record(questionnaire_id).as_dict()


class ObservationService(Service):
    """``qaledger observe``: direct observation of staff practice (§4.1)."""

    def record(
        self,
        actor: str,
        *,
        staff_member: str,
        outcome: str,
        observer: str | None = None,
        support_needed: bool = False,
        support_note: str | None = None,
        on: date | None = None,
    ) -> str:
        """Record that a manager observed ``staff_member`` in practice; the
        observer defaults to whoever records it. Returns the new id."""
        by = self.app.attribute("observe record", actor, on)
        outcome_ = ObservationOutcome.parse(outcome)
        observed = self.participant(staff_member, by.occurred_on, "be observed")
        watcher = self.participant(observer or actor, by.occurred_on, "observe anyone")

        def observed_practice(observation_id: str) -> list[PracticeObservation]:
            return [
                PracticeObservation.observe(
                    by,
                    observation_id=observation_id,
                    staff_member=observed.staff_id,
                    observer=watcher.staff_id,
                    observer_role=watcher.role,
                    outcome=outcome_,
                    support_needed=support_needed,
                    support_note=support_note,
                )
            ]

        return self.app.save_with_new_id(OBSERVATION_PREFIX, by, observed_practice)

    def participant(self, staff_id: str, on: date, doing: str) -> StaffMember:
        member = self.app.employed_staff_member(staff_id, on)
        check_joined_by(member, on, doing)
        return member

    def observation_record(self, observation_id: str) -> PracticeObservation:
        readable = normalise_sequential_id(OBSERVATION_PREFIX, observation_id)
        return self.app.load(
            PracticeObservation,
            PracticeObservation.id_for(readable),
            NoSuchObservation(observation_id),
        )

    def show(self, observation_id: str) -> dict[str, Any]:
        """An observation, with the date by which the next one is due."""
        record = self.observation_record(observation_id)
        state = record.as_dict()
        state["next_observation_due_by"] = add_months(
            record.observed_on, self.app.settings.observation_interval_months
        ).isoformat()
        return state


def check_joined_by(member: StaffMember, on: date, doing: str) -> None:
    """Refuse ``on`` if it is before ``member`` joined."""
    if on < member.started_on:
        raise DateTooEarly(
            f"{member.staff_id} joined on {member.started_on}, so was not "
            f"employed to {doing} on {on}"
        )


class MeetingService(Service):
    """``qaledger meeting``: monthly performance management meetings (§3.7)."""

    def record(
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
        by = self.app.attribute("meeting record", actor, on)
        held_on = by.occurred_on
        chaired_by = self.member(chair or actor, held_on, "chair it")
        present = [
            self.member(staff_id, held_on, "attend it").staff_id
            for staff_id in attendees or []
        ]
        reviewed = []
        for action_id in action_ids:
            action = self.app.actions.action_record(action_id)
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

        return self.app.save_with_new_id(MEETING_PREFIX, by, held)

    def member(self, staff_id: str, on: date, doing: str) -> StaffMember:
        member = self.app.employed_staff_member(staff_id, on)
        check_joined_by(member, on, doing)
        return member

    def meeting_record(self, meeting_id: str) -> PerformanceMeeting:
        readable = normalise_sequential_id(MEETING_PREFIX, meeting_id)
        return self.app.load(
            PerformanceMeeting,
            PerformanceMeeting.id_for(readable),
            NoSuchMeeting(meeting_id),
        )

    def show(self, meeting_id: str) -> dict[str, Any]:
        return self.meeting_record(meeting_id).as_dict()


def report_command(job: str) -> str:
    """The permission a run of ``job`` needs: ``report benchmark``, ..."""
    return f"report {job}"


class ReportService(Service):
    """The record of each report run (``qaledger report``), read back to
    verify a file and to see which periodic reports are due."""

    def check_may_generate(self, actor: str, job: str, on: date | None = None) -> None:
        """Refuse early (before any work) an actor who may not run ``job``."""
        self.app.attribute(report_command(job), actor, on)

    def record(
        self,
        actor: str,
        *,
        job: str,
        parameters: Mapping[str, str],
        settings: Mapping[str, int],
        software: Mapping[str, str],
        ledger_position: int,
        tree_size: int,
        head_digest: str,
        outputs: Mapping[str, str],
        on: date | None = None,
    ) -> str:
        """Record that ``job`` was run at ``ledger_position`` and wrote
        ``outputs`` (file name -> SHA-256); returns the new report id."""
        by = self.app.attribute(report_command(job), actor, on)
        last = self.app.position()
        if ledger_position > last:
            raise InvalidValue(
                f"position {ledger_position} is not in the ledger: its positions "
                f"run to {last}"
            )

        def generated(report_id: str) -> list[Report]:
            return [
                Report.generate(
                    by,
                    report_id=report_id,
                    job=job,
                    parameters=parameters,
                    settings=settings,
                    software=software,
                    ledger_position=ledger_position,
                    tree_size=tree_size,
                    head_digest=head_digest,
                    outputs=outputs,
                )
            ]

        return self.app.save_with_new_id(REPORT_PREFIX, by, generated)

    def report_record(self, report_id: str) -> Report:
        readable = normalise_sequential_id(REPORT_PREFIX, report_id)
        return self.app.load(Report, Report.id_for(readable), NoSuchReport(report_id))

    def show(self, report_id: str) -> dict[str, Any]:
        return self.report_record(report_id).as_dict()

    def generated(self) -> Iterator[dict[str, Any]]:
        """Every recorded report, oldest first.

        Report ids are issued one after another by their id sequence, so
        each is read by its id: no scan of the log.
        """
        sequence_id = aggregate_id("sequence", REPORT_PREFIX)
        last = next(iter(self.app.events.get(sequence_id, desc=True, limit=1)), None)
        issued = int(getattr(last, "number", 0)) if last is not None else 0
        for number in range(1, issued + 1):
            yield self.show(format_sequential_id(REPORT_PREFIX, number))


def check_sent_after(case: Case, reason: FeedbackReason, on: date) -> None:
    """§4.1: the questionnaire follows "the closure or transfer of a case":
    it is sent on or after the day the case closed or last moved team."""
    happened = (
        case.closed_on if reason == FeedbackReason.CLOSURE else case.last_transfer_on()
    )
    what = "closed" if reason == FeedbackReason.CLOSURE else "transferred between teams"
    if happened is None:
        raise InvalidValue(
            f"case {case.case_ref} has not {what}; a questionnaire on "
            f"{reason.value} follows it"
        )
    if on < happened:
        raise DateTooEarly(
            f"a questionnaire on {reason.value} dated {on} cannot precede the "
            f"day case {case.case_ref} {what}, {happened}"
        )
