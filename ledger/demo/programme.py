"""The rest of the audit programme (§3.2 to §3.6): monthly thematic
schedules, heads of service's monthly samples, and transfer, family support,
cross-district and supervision file audits."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.audits import begin_audit, cancel_audit, schedule_audit, track_audit
from ledger.demo.council import TEAM_CODES, Council, Member
from ledger.demo.diary import derived_seed, workday
from ledger.programme.sampling import draw_sample
from ledger.vocabulary import AuditKind, Role, Team

THEMES = (
    "Voice of the child",
    "Care planning",
    "Management oversight",
    "Chronologies",
    "Assessment quality",
    "Child protection plans",
    "Pathway plans",
    "Placement stability",
    "Supervision on file",
    "Contact arrangements",
    "Recording of visits",
    "Health and education",
)
SUPERVISION_FILE_SECTIONS = (
    ("Frequency", "Sessions roughly monthly with one gap"),
    ("Reflective discussion", "Recorded in most sessions"),
    ("Case decisions", "Decisions mirrored on child files"),
)


def plan_thematic_month(c: Council, month: int, day: date) -> None:
    """§3.2: the month's theme, its audit week and auditors, and the date the
    findings are due at the management team."""
    theme = THEMES[month % len(THEMES)]
    week = workday(c.month(month, 8))
    while week.weekday() != 0:
        week += timedelta(days=1)
    roles = (
        Role.ASSISTANT_DIRECTOR,
        Role.HEAD_OF_SERVICE,
        Role.TEAM_MANAGER,
        Role.DEPUTY_TEAM_MANAGER,
        Role.IRO_TEAM_MANAGER,
    )
    pool = sorted(m.staff_id for m in c.members(day, *roles) if m.settled(day))
    auditors = c.rng.sample(pool, min(len(pool), c.size * len(c.districts)))
    if c.joint:
        # A thematic schedule is known by its month and theme: another
        # council's would have the same.
        theme = f"{theme} ({c.code})"
    c.ledger.programme.plan_thematic(
        c.qa_lead,
        month=f"{week:%Y-%m}",
        theme=theme,
        week=week,
        auditors=auditors,
        findings_due_on=week + timedelta(days=14),
        on=day,
    )
    c.count("thematic schedules")
    eve = max(day, week - timedelta(days=3))
    c.book(eve, partial(schedule_thematic_audits, c, theme, week, auditors))
    c.book(
        week + timedelta(days=14), lambda _: c.news.append(f"Thematic audit: {theme}")
    )


def schedule_thematic_audits(
    c: Council, theme: str, week: date, auditors: list[str], day: date
) -> None:
    """Each auditor's case for the week; in May one audit is cancelled."""
    chosen: set[str] = set()
    for n, auditor in enumerate(auditors):
        ref = thematic_case(c, c.staff[auditor], chosen)
        if ref is None:
            continue
        audit_id = schedule_audit(
            c,
            c.qa_lead,
            AuditKind.THEMATIC,
            auditor,
            day,
            case_ref=ref,
            theme=theme,
            week=week,
        )
        if week.month == 5 and n == 1:
            c.book(
                day + timedelta(days=1),
                partial(cancel_audit, c, audit_id, "Auditor on sick leave"),
            )
        else:
            c.book(c.later(week, 0, 3), partial(begin_audit, c, audit_id))


def thematic_case(c: Council, auditor: Member, chosen: set[str]) -> str | None:
    """A case from the auditor's own service not already being audited, or
    failing that any such case."""
    teams: tuple[Team, ...]
    if auditor.staff_id in c.heads_of_service:
        teams = c.heads_of_service[auditor.staff_id]
    elif auditor.team == Team.IRO:
        teams = (Team.LOOKED_AFTER_CHILDREN,)
    elif auditor.team is not None:
        teams = (auditor.team,)
    else:
        teams = tuple(TEAM_CODES)
    free = [
        case
        for case in c.open_cases()
        if case.audits_pending == 0 and case.ref not in chosen
    ]
    cases = sorted(case.ref for case in free if case.team in teams) or sorted(
        case.ref for case in free
    )
    if not cases:
        return None
    ref = c.rng.choice(cases)
    chosen.add(ref)
    return ref


def draw_hos_samples(c: Council, month: int, day: date) -> None:
    """§3.5: each head of service draws a random sample of the open cases of
    each of their teams each month, and audits them."""
    look_back = c.ledger.settings.look_back_months
    # The month the sample is for, not the day it is drawn: a year starting
    # late in a month may draw its first month's sample on the next month's
    # first working day, and the ledger keeps one sample per month and team.
    month_key = f"{c.month(month):%Y-%m}"
    for hos, teams in c.heads_of_service.items():
        for team in teams:
            # A team none of whose open cases can be drawn (all audited in
            # the look-back) has its month's sample left owing.
            if not any(
                case.eligible(day, look_back) for case in c.open_cases(team=team)
            ):
                continue
            if c.joint:
                draw_council_sample(c, hos, team, month_key, day)
            else:
                draw_team_sample(c, hos, team, month_key, day)


def draw_team_sample(
    c: Council, hos: str, team: Team, month_key: str, day: date
) -> None:
    sample = c.ledger.programme.draw_hos_sample(
        hos,
        team=team.value,
        month=month_key,
        size=1,
        week=day,
        seed=derived_seed(c.seed, f"{month_key}/{team}"),
        on=day,
    )
    c.count("heads of service samples")
    for ref, audit_id in zip(
        sample["sample"]["drawn"], sample["audit_ids"], strict=True
    ):
        track_audit(c, audit_id, AuditKind.HOS_RANDOM_SAMPLE, hos, ref)
        c.book(c.later(day, 0, 6), partial(begin_audit, c, audit_id))


def draw_council_sample(
    c: Council, hos: str, team: Team, month_key: str, day: date
) -> None:
    """The sample of a council sharing its ledger: the ledger keeps one
    heads of service sample per month and team, drawn from all its cases,
    so the head of service draws from their own council's cases the same way
    (``ledger.programme.sampling``, a seed derived from the demo's) and schedules the
    audit of what they drew."""
    look_back = c.ledger.settings.look_back_months
    refs = sorted(
        case.ref for case in c.open_cases(team=team) if case.eligible(day, look_back)
    )
    seed = derived_seed(c.seed, f"{c.code}/{month_key}/{team}")
    for ref in draw_sample({team.value: refs}, 1, seed):
        audit_id = schedule_audit(
            c, hos, AuditKind.HOS_RANDOM_SAMPLE, hos, day, case_ref=ref
        )
        c.book(c.later(day, 0, 6), partial(begin_audit, c, audit_id))
    c.count("heads of service samples")


def transfer_audit(c: Council, ref: str, hos: str, day: date) -> None:
    """§3.3, §3.5: the transferring head of service audits the file at the
    point of transfer (file fit for purpose) and adds a case grading."""
    audit_id = schedule_audit(c, hos, AuditKind.TRANSFER, hos, day, case_ref=ref)
    c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))


def family_support_audits(c: Council, day: date) -> None:
    """§3.4: family support managers audit their own cases each quarter."""
    for manager in c.members(day, Role.FAMILY_SUPPORT_MANAGER):
        cases = [
            case.ref
            for case in c.open_cases(
                team=Team.FAMILY_SUPPORT, district=manager.district
            )
            if case.audits_pending == 0
        ]
        if cases:
            audit_id = schedule_audit(
                c,
                manager.staff_id,
                AuditKind.FAMILY_SUPPORT,
                manager.staff_id,
                day,
                case_ref=c.rng.choice(sorted(cases)),
            )
            c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))


def cross_district_audits(c: Council, day: date) -> None:
    """§3.6: team managers of each district jointly audit a random thematic
    sample of cases across the districts, to measure consistency."""
    team = Team.REFERRAL_AND_ASSESSMENT
    theme = "Consistency of threshold decisions"
    look_back = c.ledger.settings.look_back_months
    managers = [c.manager(team, district, day) for district in c.districts]
    if not any(case.eligible(day, look_back) for case in c.open_cases(team=team)):
        return
    if c.joint:
        # The ledger keeps one cross-district sample a month; councils
        # sharing it schedule their joint audits without that record.
        for n in range(len(c.districts)):
            other = c.districts[(n + 1) % len(c.districts)]
            cases = [
                case.ref
                for case in c.open_cases(team=team, district=other)
                if case.eligible(day, look_back)
            ]
            if cases:
                audit_id = schedule_audit(
                    c, c.qa_lead, AuditKind.CROSS_DISTRICT_THEMATIC,
                    managers[n], day, case_ref=c.rng.choice(sorted(cases)),
                    theme=theme, joint_auditor=managers[(n + 1) % len(managers)],
                )  # fmt: skip
                c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))
        return
    month = f"{day:%Y-%m}"
    record = c.ledger.programme.draw_cross_district_sample(
        c.qa_lead,
        month=month,
        theme=theme,
        managers=managers,
        size=len(c.districts),
        week=day,
        team=team.value,
        seed=derived_seed(c.seed, f"{month}/across-districts"),
        on=day,
    )
    c.count("cross-district samples")
    for audit in record["audits"]:
        track_audit(
            c, audit["audit_id"], AuditKind.CROSS_DISTRICT_THEMATIC,
            audit["auditor"], audit["case_ref"], theme=theme,
        )  # fmt: skip
        c.book(c.later(day, 1, 5), partial(begin_audit, c, audit["audit_id"]))


def supervision_file_audits(c: Council, day: date) -> None:
    """§3.5: each head of service audits one supervision file in depth."""
    for hos, teams in c.heads_of_service.items():
        workers = sorted(
            m.staff_id
            for m in c.members(day, Role.SOCIAL_WORKER)
            if m.team in teams and m.settled(day)
        )
        supervisee = c.rng.choice(workers)
        audit_id = schedule_audit(
            c, hos, AuditKind.SUPERVISION_FILE, hos, day, supervisee=supervisee
        )
        c.book(c.later(day, 2, 9), partial(audit_supervision_file, c, audit_id))


def audit_supervision_file(c: Council, audit_id: str, day: date) -> None:
    auditor = c.audits[audit_id].auditor
    c.ledger.audits.start(auditor, audit_id=audit_id, on=day)
    for section, finding in SUPERVISION_FILE_SECTIONS:
        c.ledger.audits.assess_section(
            auditor, audit_id=audit_id, section=section, finding=finding, on=day
        )
    c.ledger.audits.complete(
        auditor,
        audit_id=audit_id,
        findings="Supervision regular and reflective; case decisions recorded",
        on=day,
    )
    c.count("audits completed")
