"""§3.3: the two six-monthly whole case file audit cycles: opened, sample
drawn, auditors allocated, audits done, gradings moderated, and the cycle
closed with its findings and action plan.

A council sharing its ledger with others cannot record its own cycle: the
ledger knows a cycle by its period alone and draws the sample from every
case it holds. Such a council draws from its own cases the same way
(``ledger.programme.sampling``), allocates its auditors fairly and schedules the
audits, which are then moderated like any cycle's; its findings go to the
performance meeting, without a recorded cycle or action plan."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import partial

from ledger.dates import add_months
from ledger.demo.actions import plan_follow_ups
from ledger.demo.audits import begin_audit, schedule_audit, track_audit
from ledger.demo.council import ActionState, Council, Member
from ledger.demo.diary import derived_seed, period_of, workday
from ledger.programme.sampling import CaseToAllocate, allocate, draw_sample
from ledger.vocabulary import TEAM_MANAGERS, AuditKind, Grade, Role

# Ordered, so the demo runs the same way in every process.
MANAGER_ROLES = tuple(role for role in Role if role in TEAM_MANAGERS)


def plan_audit_cycles(c: Council) -> None:
    """§3.3: a whole case file audit cycle every six months: opened, sample
    drawn, auditors allocated, audits done, moderated and the cycle closed."""
    for opens in (c.month(1, 3), c.month(7, 3)):
        period = period_of(opens)
        if c.joint:
            c.book(opens + timedelta(days=14), partial(draw_own_sample, c, period))
            c.book(opens + timedelta(days=70), partial(moderation_panel, c, period))
            c.book(opens + timedelta(days=98), partial(sum_up_own_cycle, c, period))
            continue
        c.book(opens, partial(open_cycle, c, period))
        c.book(opens + timedelta(days=7), partial(draw_cycle, c, period))
        c.book(opens + timedelta(days=14), partial(allocate_cycle, c, period))
        c.book(opens + timedelta(days=70), partial(moderation_panel, c, period))
        c.book(opens + timedelta(days=98), partial(close_cycle, c, period))


def cycle_auditors(c: Council, day: date) -> list[Member]:
    """§3.3: deputies, team managers, IROs, heads of service and the
    assistant director audit one case each."""
    roles = (
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO,
        Role.IRO_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.ASSISTANT_DIRECTOR,
    )
    return [m for m in c.members(day, *roles) if m.settled(day, weeks=10)]


def open_cycle(c: Council, period: str, day: date) -> None:
    # "Approximately 35 cases ... dependent upon available staffing levels":
    # a few auditors are kept back for leave and moderation.
    available = len(cycle_auditors(c, day)) - 3
    size = min(c.ledger.settings.sample_size, available)
    c.ledger.programme.open_cycle(c.qa_lead, period=period, target_size=size, on=day)
    c.count("audit cycles")


def draw_cycle(c: Council, period: str, day: date) -> None:
    sample = c.ledger.programme.draw_sample(
        c.qa_lead, period=period, seed=derived_seed(c.seed, period), on=day
    )
    c.count("cases drawn for cycles", len(sample["drawn"]))


def allocate_cycle(c: Council, period: str, day: date) -> None:
    """Choose as many auditors as cases, leaving out those barred from the
    most drawn cases (a case's worker and its team's managers may not audit
    it), so that a fair allocation always exists."""
    drawn: list[str] = c.ledger.programme.show_cycle(period)["sample"]["drawn"]
    auditors = [m.staff_id for m in choose_auditors(c, drawn, day)]
    week = workday(day + timedelta(days=14))
    allocations = c.ledger.programme.allocate(
        c.qa_lead, period=period, auditors=auditors, week=week, on=day
    )
    for ref, plan in sorted(allocations.items()):
        track_audit(
            c,
            plan["audit_id"],
            AuditKind.WHOLE_CASE_FILE,
            plan["auditor"],
            ref,
            cycle=period,
        )
        c.book(c.later(week, 0, 4), partial(begin_audit, c, plan["audit_id"]))


def choose_auditors(c: Council, drawn: list[str], day: date) -> list[Member]:
    def barred_from(member: Member) -> int:
        return sum(
            1
            for ref in drawn
            if c.cases[ref].worker == member.staff_id
            or (member.role in MANAGER_ROLES and member.team == c.cases[ref].team)
        )

    candidates = cycle_auditors(c, day)
    c.rng.shuffle(candidates)
    candidates.sort(key=barred_from)
    return candidates[: len(drawn)]


def draw_own_sample(c: Council, period: str, day: date) -> None:
    """A council sharing its ledger: draw the cycle's sample from its own
    open cases as the ledger would (stratified by team, reproducibly from
    the seed), give each case its own auditor as the ledger would (not its
    worker, not a manager of its team), and schedule the audits."""
    look_back = c.ledger.settings.look_back_months
    population: dict[str, list[str]] = {}
    for case in c.open_cases():
        if case.eligible(day, look_back):
            population.setdefault(case.team.value, []).append(case.ref)
    available = len(cycle_auditors(c, day)) - 3
    size = min(c.ledger.settings.sample_size, available)
    seed = derived_seed(c.seed, f"{c.code}/{period}")
    drawn = draw_sample({t: sorted(r) for t, r in population.items()}, size, seed)
    auditors = choose_auditors(c, drawn, day)
    managers = {m.staff_id: m.team for m in c.members(day, *MANAGER_ROLES) if m.team}
    cases = [
        CaseToAllocate(
            ref,
            frozenset(
                {c.cases[ref].worker}
                | {sid for sid, team in managers.items() if team == c.cases[ref].team}
            ),
        )
        for ref in drawn
    ]
    auditor_for = allocate(cases, [m.staff_id for m in auditors])
    week = workday(day + timedelta(days=14))
    c.count("audit cycles")
    c.count("cases drawn for cycles", len(drawn))
    for ref in drawn:
        auditor = auditor_for[ref]
        audit_id = schedule_audit(
            c,
            c.qa_lead,
            AuditKind.WHOLE_CASE_FILE,
            auditor,
            day,
            case_ref=ref,
            week=week,
        )
        c.audits[audit_id].cycle = period
        c.book(c.later(week, 0, 4), partial(begin_audit, c, audit_id))


def sum_up_own_cycle(c: Council, period: str, day: date) -> None:
    audits = [a for a in c.audits.values() if a.cycle == period]
    grades = Counter(a.grade for a in audits if a.grade)
    summary = ", ".join(f"{grades[g]} {g.label}" for g in Grade if grades[g])
    c.summary.cycles[f"{c.code} {period}"] = f"{len(audits)} files audited ({summary})"
    c.news.append(f"Whole case file audit {period}: key findings")


def moderation_panel(c: Council, period: str, day: date) -> None:
    """§3.3: heads of service moderate a share of the gradings; mostly they
    agree, sometimes they move the grade one step."""
    grades = list(Grade)
    for audit in c.audits.values():
        if audit.cycle != period or audit.grade is None or not c.chance(0.4):
            continue
        moderator = c.rng.choice(
            sorted(h for h in c.heads_of_service if h != audit.auditor)
        )
        grade = audit.grade
        if c.chance(0.3):
            step = c.rng.choice((-1, 1))
            index = min(max(grades.index(grade) + step, 0), len(grades) - 1)
            grade = grades[index]
        c.ledger.audits.moderate(
            moderator,
            audit_id=audit.audit_id,
            replaces=audit.grade,
            grade=grade,
            rationale="Moderation panel: evidence weighed against the grade criteria",
            on=day,
        )
        c.count("gradings moderated")
        if grade != audit.grade:
            c.count("gradings changed by moderation")
        audit.grade = grade


def close_cycle(c: Council, period: str, day: date) -> None:
    audits = [a for a in c.audits.values() if a.cycle == period]
    grades = Counter(a.grade for a in audits if a.grade)
    summary = ", ".join(f"{grades[g]} {g.label}" for g in Grade if grades[g])
    plan = [
        (c.sid("HOS1"), "Practice workshop on SMART plans for every team"),
        (c.sid("HOS2"), "Refresh the chronology guidance and check its use"),
        (c.qa_lead, "Re-audit the inadequate files within three months"),
    ]
    action_ids = c.ledger.programme.close_cycle(
        c.qa_lead,
        period=period,
        findings=f"{len(audits)} files audited ({summary}). Strong relationships "
        "with families; plans lack timescales; management oversight uneven.",
        actions=plan,
        on=day,
    )
    c.summary.cycles[period] = f"{len(audits)} files audited ({summary})"
    due = add_months(day, c.ledger.settings.action_due_months)
    for action_id, (owner, _) in zip(action_ids, plan, strict=True):
        reviewer = c.senior_manager if owner == c.qa_lead else c.director
        c.actions[action_id] = ActionState(action_id, owner, day, due, None, reviewer)
        c.count("actions set")
        plan_follow_ups(c, action_id, day)
    c.news.append(f"Whole case file audit {period}: key findings and action plan")
