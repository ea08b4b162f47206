"""Supervision (§2.3): sessions about every four weeks with some missed or
late, annual development reviews, the annual audit of each supervision file
and the annual survey; and each year's practice observation (§4.1)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.council import Council, Member
from ledger.demo.feedback import observe
from ledger.vocabulary import OBSERVED_ROLES, Role

DEVELOPMENT_NEEDS = (
    "Court skills training",
    "Direct work with younger children",
    "Analysis in assessments",
    "Leadership programme",
    "Trauma-informed practice",
)


def plan_for_member(c: Council, member: Member) -> None:
    """Supervision from when they join, and this year's development review,
    practice observation and audit of the supervision file."""
    if supervisor_of(c, member, member.joined) is None:
        return
    c.book(c.later(member.joined, 2, 25), partial(supervise, c, member.staff_id))
    plan_year_for_member(c, member)


def plan_year_for_member(c: Council, member: Member) -> None:
    """The year's development review, practice observation and audit of the
    supervision file (supervision itself books its own next session)."""
    if supervisor_of(c, member, max(member.joined, c.start)) is None:
        return
    review = c.later(max(c.month(3), member.joined + timedelta(days=90)), 0, 60)
    c.book(review, partial(development_review, c, member.staff_id))
    # §4.1 observes front-line practice; a few go unobserved this year.
    if member.role in OBSERVED_ROLES and c.chance(0.94):
        observed = c.later(max(c.month(1), member.joined + timedelta(days=60)), 0, 270)
        c.book(observed, partial(observe, c, member.staff_id))
    c.book(c.later(c.month(9, 8), 0, 40), partial(audit_file, c, member.staff_id))


def supervisor_of(c: Council, member: Member, day: date) -> str | None:
    """§2.3: social workers by their deputy or team manager, deputies by the
    team manager, managers by their head of service, heads of service and the
    senior manager by the assistant director."""
    role, team = member.role, member.team
    if role == Role.SOCIAL_WORKER and team is not None:
        deputy = c.deputy(team, member.district, day)
        if deputy is not None and member.index % 2:
            return deputy
        return c.manager(team, member.district, day)
    if role == Role.DEPUTY_TEAM_MANAGER and team is not None:
        return c.manager(team, member.district, day)
    if role == Role.IRO:
        return c.iro_manager
    if role in (Role.TEAM_MANAGER, Role.FAMILY_SUPPORT_MANAGER, Role.IRO_TEAM_MANAGER):
        assert team is not None
        return c.head_of_service(team)
    if role == Role.QA_OFFICER:
        return c.senior_manager
    if role in (Role.HEAD_OF_SERVICE, Role.SENIOR_MANAGER):
        return c.director
    return None


def supervise(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    if not member.employed(day):
        return
    supervisor = supervisor_of(c, member, day)
    if supervisor is None:
        return
    # A worker's cases are in their team and district: cases move between
    # teams with a new worker, and never between districts.
    if member.team is not None and member.district is not None:
        cases = c.open_cases(team=member.team, district=member.district)
    else:
        cases = c.open_cases()
    own = sorted(case.ref for case in cases if case.worker == staff_id)
    discussed = c.rng.sample(own, min(3, len(own)))
    c.ledger.supervision.record(
        supervisor,
        supervisee=staff_id,
        cases_discussed=sorted(discussed),
        decisions_recorded_on_child_files=c.chance(0.85),
        reflective_discussion_held=c.chance(0.75),
        note="Caseload, wellbeing and training discussed",
        on=day,
    )
    c.count("supervision sessions")
    # Mostly within the standard interval; some sessions late, a few missed
    # (leave, sickness, a crisis).
    interval = c.ledger.settings.supervision_interval_days
    gap = interval - c.rng.randint(0, 4)
    if c.chance(0.07):
        gap += interval
        c.count("supervision sessions missed")
    elif c.chance(0.1):
        gap += c.rng.randint(5, 14)
    c.book(day + timedelta(days=gap), partial(supervise, c, staff_id))


def development_review(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    supervisor = supervisor_of(c, member, day)
    if not member.employed(day) or supervisor is None:
        return
    c.ledger.supervision.record_development_review(
        supervisor, supervisee=staff_id, needs=c.rng.choice(DEVELOPMENT_NEEDS), on=day
    )
    c.count("development reviews")


def audit_file(c: Council, staff_id: str, day: date) -> None:
    """§2.3, §3.5: the relevant senior manager audits each supervision file."""
    member = c.staff[staff_id]
    if not member.employed(day):
        return
    if member.team is not None and member.role != Role.HEAD_OF_SERVICE:
        auditor = c.head_of_service(member.team)
    elif member.role == Role.QA_OFFICER:
        auditor = c.senior_manager
    else:
        auditor = c.director
    outcome = c.rng.choices(
        ("effective", "partly-effective", "not-effective"), weights=(14, 5, 1)
    )[0]
    c.ledger.supervision.audit_file(
        auditor,
        supervisee=staff_id,
        outcome=outcome,
        note="Sessions, reflective discussion and decisions on child files checked",
        on=day,
    )
    c.count("supervision files audited")


def record_survey(c: Council, day: date) -> None:
    staff = len(c.members(day, *Role))
    c.ledger.supervision.record_survey(
        c.senior_manager,
        year=day.year,
        responses=staff * c.rng.randint(55, 80) // 100,
        summary="Most staff value reflective supervision; cancellations a concern",
        on=day,
    )
    c.count("supervision surveys")
    c.news.append(f"Supervision survey {day.year}")
