"""An audit's life: scheduled, started, sections assessed, graded (with any
urgent concern raised), fed back with the alert and the case system note,
actions set, and completed or cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from ledger.demo.actions import set_action
from ledger.demo.council import AuditState, Council
from ledger.vocabulary import AuditKind, Grade

# Outstanding, good, requires improvement, inadequate: in the first and the
# second half of the first year, and then better each half-year until the
# improvement levels off.
GRADE_WEIGHTS: tuple[tuple[float, ...], ...] = ((1, 4, 5, 2), (2, 6, 3, 1))
IMPROVING_HALF_YEARS = 8
SECTIONS = (
    "Assessment",
    "Child's plan",
    "Voice of the child",
    "Management oversight",
    "Chronology",
    "Visits",
)
FINDINGS = (
    "Up to date and analytical",
    "Present but not updated since the last review",
    "Evident in most records",
    "Gaps in recording over the last quarter",
    "Clear and well evidenced",
)


@dataclass(frozen=True)
class AuditStyle:
    """How a kind of audit is worked: how often graded, how often actions set."""

    grading: float
    actions: float


STYLES = {
    AuditKind.WHOLE_CASE_FILE: AuditStyle(grading=1.0, actions=0.7),
    AuditKind.HOS_RANDOM_SAMPLE: AuditStyle(grading=0.8, actions=0.5),
    AuditKind.TRANSFER: AuditStyle(grading=1.0, actions=0.4),
    AuditKind.THEMATIC: AuditStyle(grading=0.0, actions=0.35),
    AuditKind.FAMILY_SUPPORT: AuditStyle(grading=0.5, actions=0.4),
    AuditKind.CROSS_DISTRICT_THEMATIC: AuditStyle(grading=0.0, actions=0.3),
}


def track_audit(
    c: Council,
    audit_id: str,
    kind: AuditKind,
    auditor: str,
    case_ref: str | None,
    *,
    theme: str | None = None,
    cycle: str | None = None,
) -> AuditState:
    audit = AuditState(audit_id, kind, auditor, case_ref, theme=theme, cycle=cycle)
    c.audits[audit_id] = audit
    if case_ref is not None:
        c.cases[case_ref].audits_pending += 1
    c.count(f"{kind.label} audits")
    return audit


def schedule_audit(
    c: Council,
    planner: str,
    kind: AuditKind,
    auditor: str,
    day: date,
    *,
    case_ref: str | None = None,
    supervisee: str | None = None,
    theme: str | None = None,
    week: date | None = None,
    joint_auditor: str | None = None,
) -> str:
    audit_id = c.ledger.audits.schedule(
        planner,
        kind=kind.value,
        auditor=auditor,
        week=week or day,
        case_ref=case_ref,
        supervisee=supervisee,
        theme=theme,
        joint_auditor=joint_auditor,
        on=day,
    )
    track_audit(c, audit_id, kind, auditor, case_ref, theme=theme)
    return audit_id


def begin_audit(c: Council, audit_id: str, day: date) -> None:
    """Start, assess some sections ("not necessary to complete all"), grade,
    and raise any urgent child-protection concern at once."""
    audit = c.audits[audit_id]
    if not c.staff[audit.auditor].employed(day):
        cancel_audit(
            c, audit_id, "The auditor has left; case returned to the pool", day
        )
        return
    c.ledger.audits.start(audit.auditor, audit_id=audit_id, on=day)
    audit.started_on = day
    if audit.case_ref is not None:
        case = c.cases[audit.case_ref]
        case.audits_pending -= 1
        case.audit_starts.append(day)
    whole = audit.kind == AuditKind.WHOLE_CASE_FILE
    sections = c.rng.sample(SECTIONS, c.rng.randint(1, 3 if whole else 1))
    if audit.theme:
        sections = [f"Theme: {audit.theme}", *sections[:1]]
    if audit.kind == AuditKind.TRANSFER:
        sections = ["File fit for purpose", *sections[:1]]
    for section in sections:
        c.ledger.audits.assess_section(
            audit.auditor,
            audit_id=audit_id,
            section=section,
            finding=c.rng.choice(FINDINGS),
            on=day,
        )
    if c.chance(STYLES[audit.kind].grading):
        grade_audit(c, audit, day)
    c.book(feedback_day(c, day), partial(feed_back, c, audit_id))


def grade_weights(half_years: int) -> tuple[float, ...]:
    """How likely each grade is, ``half_years`` after the ledger began."""
    if half_years < len(GRADE_WEIGHTS):
        return GRADE_WEIGHTS[half_years]
    k = min(half_years - 1, IMPROVING_HALF_YEARS)
    return (2 + k / 4, 6 + k / 2, max(3 - k / 4, 1.0), max(1 - k / 10, 0.3))


def grade_audit(c: Council, audit: AuditState, day: date) -> None:
    grade = c.rng.choices(list(Grade), grade_weights(c.half_years(day)))[0]
    c.ledger.audits.grade(audit.auditor, audit_id=audit.audit_id, grade=grade, on=day)
    audit.grade = grade
    c.count(f"graded {grade}")
    urgent = {Grade.INADEQUATE: 0.6, Grade.REQUIRES_IMPROVEMENT: 0.05}
    if audit.case_ref is not None and c.chance(urgent.get(grade, 0.0)):
        if c.chance(0.85):
            raise_concern(c, audit.audit_id, day, day)
        else:  # found today, raised the next working day: late
            c.book(
                day + timedelta(days=1), partial(raise_concern, c, audit.audit_id, day)
            )


def raise_concern(c: Council, audit_id: str, found_on: date, day: date) -> None:
    audit = c.audits[audit_id]
    assert audit.case_ref is not None
    c.ledger.audits.raise_concern(
        audit.auditor,
        audit_id=audit_id,
        concern="Risk from a new partner not assessed; visits overdue",
        team_manager=c.case_manager(audit.case_ref, day),
        found_on=found_on,
        on=day,
    )
    c.count("urgent concerns")


def feedback_day(c: Council, started: date) -> date:
    """Feedback and the alert, due within a week of the audit: mostly on
    time, some late."""
    due = c.ledger.settings.audit_feedback_days
    if c.chance(0.15):
        return c.later(started, due + 2, due + 14)
    return c.later(started, 0, max(0, due - 3))


def feed_back(c: Council, audit_id: str, day: date) -> None:
    """Feedback to the social worker and team manager, the alert to the team
    manager and head of service, the note on the case system, and actions."""
    audit = c.audits[audit_id]
    auditor, ref = audit.auditor, audit.case_ref
    if not c.staff[auditor].employed(day):
        return
    assert ref is not None
    case = c.cases[ref]
    manager = c.case_manager(ref, day)
    if c.chance(0.97):
        c.ledger.audits.give_feedback(
            auditor,
            audit_id=audit_id,
            summary="Findings and actions agreed with timescales",
            team_manager=manager,
            on=day,
        )
    if c.chance(0.95):
        c.ledger.audits.send_alert(
            auditor,
            audit_id=audit_id,
            team_manager=manager,
            head_of_service=c.head_of_service(case.team),
            on=day,
        )
    c.ledger.audits.record_on_case_system(
        auditor,
        audit_id=audit_id,
        note=f"{audit.kind.label.capitalize()} audit undertaken; actions fed back",
        on=day,
    )
    if audit.grade != Grade.OUTSTANDING and c.chance(STYLES[audit.kind].actions):
        for _ in range(c.rng.choice((1, 1, 1, 2))):
            worker = c.staff[case.worker]
            owner = worker.staff_id if worker.settled(day, weeks=8) else manager
            set_action(c, audit_id, owner, day)
    c.book(c.later(day, 1, 6), partial(complete_audit, c, audit_id))


def complete_audit(c: Council, audit_id: str, day: date) -> None:
    audit = c.audits[audit_id]
    if not c.staff[audit.auditor].employed(day):
        return
    grade = f"graded {audit.grade.label}; " if audit.grade else ""
    c.ledger.audits.complete(
        audit.auditor,
        audit_id=audit_id,
        findings=f"{grade}{c.rng.choice(FINDINGS).lower()}",
        on=day,
    )
    c.count("audits completed")


def cancel_audit(c: Council, audit_id: str, reason: str, day: date) -> None:
    c.ledger.audits.cancel(c.qa_lead, audit_id=audit_id, reason=reason, on=day)
    ref = c.audits[audit_id].case_ref
    if ref is not None:
        c.cases[ref].audits_pending -= 1
    c.count("audits cancelled")
