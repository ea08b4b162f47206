"""Staff (§2.1): the establishment joining on the first day, and each year's
changes. In the first year a social worker leaves and is replaced, a deputy
leaves and a social worker is promoted; in later years some social workers,
deputies and team managers leave at random, replaced by newcomers (a
deputy's place by a promoted social worker). Caseloads are reallocated
before anyone leaves."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.cases import pick_worker
from ledger.demo.council import ADMIN, TEAM_CODES, Council, Member
from ledger.demo.diary import workday
from ledger.demo.supervision import plan_for_member
from ledger.vocabulary import Role, Team


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SOCIAL_WORKERS_PER_DISTRICT = {
    Team.REFERRAL_AND_ASSESSMENT: 2,
    Team.SAFEGUARDING: 2,
    Team.LOOKED_AFTER_CHILDREN: 2,
    Team.CHILDREN_WITH_DISABILITIES: 1,
    Team.LEAVING_CARE: 1,
    Team.FAMILY_SUPPORT: 1,
}

# The bigger teams have a deputy team manager in each district.
TEAMS_WITH_DEPUTIES = (
    Team.REFERRAL_AND_ASSESSMENT,
    Team.SAFEGUARDING,
    Team.LOOKED_AFTER_CHILDREN,
)
IROS = 2

# The first year's staff changes.
LEAVER = "SW-SGN2"
DEPUTY_LEAVER, PROMOTED = "DTM-LACS", "SW-LACS1"
# Chances of leaving in a later year.
LEAVING = {
    Role.SOCIAL_WORKER: 0.12,
    Role.DEPUTY_TEAM_MANAGER: 0.08,
    Role.TEAM_MANAGER: 0.05,
}

FIRST_NAMES = words(
    "Aisha Ben Chloe Daniel Ella Farah George Hannah Imran Jess Kofi Laura "
    "Mohammed Niamh Oliver Priya Rachel Sam Tom Usha Victoria Wes Yasmin Zara "
    "Callum Grace Hamza Leah Owen Ruth"
)
LAST_NAMES = words(
    "Ahmed Baker Clarke Davies Evans Fletcher Green Hughes Iqbal Jones Khan "
    "Lewis Morris Nowak O'Brien Patel Quinn Roberts Shah Taylor Walsh Wright "
    "Young Begum Hussain Kelly Murphy Singh Ward Wood"
)


def join_staff(c: Council) -> None:
    if c.joint:
        # The ledger's own administrator, there before any council, adds
        # each council's.
        join(c, c.admin, Role.ADMINISTRATOR, None, None, c.start, by=ADMIN)
    else:
        c.ledger.staff.init(admin_id=c.admin, name="Alex Admin", on=c.start)
        c.count("staff joined")
    for staff_id, role, team, district in roster(c):
        join(c, staff_id, role, team, district, c.start)
    # §3.5: which teams each head of service heads.
    for hos, teams in c.heads_of_service.items():
        c.ledger.staff.head_teams(
            c.admin, staff_id=hos, teams=[t.value for t in teams], on=c.start
        )
        c.count("headships recorded")
    # Senior staff who will use the council's PostgreSQL get their own logins.
    for staff_id in (c.director, *c.heads_of_service, c.qa_lead):
        login = staff_id.lower().replace("-", "_")
        c.ledger.staff.grant_login(c.admin, staff_id=staff_id, login=login, on=c.start)
        c.count("logins granted")


def roster(c: Council) -> list[tuple[str, Role, Team | None, str | None]]:
    iros = IROS * c.size * len(c.districts) // 2
    people: list[tuple[str, Role, Team | None, str | None]] = [
        (c.director, Role.ASSISTANT_DIRECTOR, None, None),
        *((hos, Role.HEAD_OF_SERVICE, None, None) for hos in c.heads_of_service),
        (c.senior_manager, Role.SENIOR_MANAGER, None, None),
        (c.qa_lead, Role.QA_OFFICER, None, None),
        (c.sid("QA2"), Role.QA_OFFICER, None, None),
        (c.iro_manager, Role.IRO_TEAM_MANAGER, Team.IRO, None),
        *((c.sid(f"IRO{n}"), Role.IRO, Team.IRO, None) for n in range(1, iros + 1)),
    ]
    for team, workers in SOCIAL_WORKERS_PER_DISTRICT.items():
        code = TEAM_CODES[team]
        for district in c.districts:
            d = c.initial(district)
            if team == Team.FAMILY_SUPPORT:
                people.append(
                    (c.sid(f"FSM-{d}"), Role.FAMILY_SUPPORT_MANAGER, team, district)
                )
            else:
                people.append(
                    (c.sid(f"TM-{code}{d}"), Role.TEAM_MANAGER, team, district)
                )
            if team in TEAMS_WITH_DEPUTIES:
                people.append(
                    (c.sid(f"DTM-{code}{d}"), Role.DEPUTY_TEAM_MANAGER, team, district)
                )
            people += [
                (c.sid(f"SW-{code}{d}{n}"), Role.SOCIAL_WORKER, team, district)
                for n in range(1, workers * c.size + 1)
            ]
    return people


def join(
    c: Council,
    staff_id: str,
    role: Role,
    team: Team | None,
    district: str | None,
    day: date,
    *,
    by: str | None = None,
) -> Member:
    name = f"{c.rng.choice(FIRST_NAMES)} {c.rng.choice(LAST_NAMES)}"
    c.ledger.staff.join(
        by or c.admin,
        staff_id=staff_id,
        name=name,
        role=role.value,
        team=team.value if team else None,
        district=district,
        on=day,
    )
    member = Member(staff_id, role, team, district, joined=day)
    c.staff[staff_id] = member
    c.staff_changed()
    c.count("staff joined")
    return member


def new_staff_id(c: Council, role: Role, team: Team, district: str) -> str:
    """The next unused id of its kind: SW-SGN3 after SW-SGN1 and SW-SGN2."""
    kind = {Role.SOCIAL_WORKER: "SW", Role.TEAM_MANAGER: "TM"}[role]
    stem = c.sid(f"{kind}-{TEAM_CODES[team]}{c.initial(district)}")
    numbers = [
        staff_id[len(stem) :] for staff_id in c.staff if staff_id.startswith(stem)
    ]
    used = [int(n) if n else 1 for n in numbers if n.isdigit() or not n]
    return f"{stem}{max(used, default=0) + 1}"


def plan_staff_changes(c: Council) -> None:
    """A social worker leaves and is replaced; later a deputy leaves and a
    social worker in the same team is promoted to deputy."""
    leaver = c.sid(LEAVER)
    leaves = workday(c.month(4, 16))
    c.staff[leaver].moving_on = leaves
    c.book(leaves - timedelta(days=7), partial(reallocate_caseload, c, leaver))
    c.book(leaves, partial(leave, c, leaver))
    c.book(c.month(5, 9), partial(join_replacement, c, leaver))

    deputy_leaver, promoted = c.sid(DEPUTY_LEAVER), c.sid(PROMOTED)
    deputy_leaves = workday(c.month(6, 25))
    c.staff[deputy_leaver].moving_on = deputy_leaves
    c.book(deputy_leaves, partial(leave, c, deputy_leaver))
    promotion = workday(c.month(8, 1))
    c.staff[promoted].moving_on = promotion
    c.book(promotion - timedelta(days=3), partial(reallocate_caseload, c, promoted))
    c.book(promotion, partial(promote, c, promoted))


def plan_later_changes(c: Council) -> None:
    """A later year's changes: some social workers, deputies and team
    managers leave. A social worker's replacement joins a few weeks before
    they go, so the caseload has somewhere to go; a deputy is replaced by a
    promoted social worker (and they by a newcomer); a team manager hands
    over to a newcomer on the day they leave."""
    for member in list(c.staff.values()):
        chance = LEAVING.get(member.role)
        if (
            chance is None
            or member.team is None
            or member.district is None
            or not member.settled(c.start, weeks=52)
            or not c.chance(chance)
        ):
            continue
        leaves = workday(c.later(c.start, 30, 330))
        member.moving_on = leaves
        c.book(leaves, partial(leave, c, member.staff_id))
        if member.role == Role.SOCIAL_WORKER:
            joins = c.later(leaves, -49, -29)
            c.book(joins, partial(join_newcomer, c, Role.SOCIAL_WORKER, member))
            c.book(
                leaves - timedelta(days=7),
                partial(reallocate_caseload, c, member.staff_id),
            )
        elif member.role == Role.TEAM_MANAGER:
            c.book(leaves, partial(join_newcomer, c, Role.TEAM_MANAGER, member))
        else:
            c.book(leaves, partial(promote_someone, c, member))


def leave(c: Council, staff_id: str, day: date) -> None:
    c.ledger.staff.leave(c.admin, staff_id=staff_id, on=day)
    c.staff[staff_id].left = day
    c.count("staff left")


def join_replacement(c: Council, leaver_id: str, day: date) -> None:
    leaver = c.staff[leaver_id]
    assert leaver.team is not None and leaver.district is not None
    staff_id = new_staff_id(c, leaver.role, leaver.team, leaver.district)
    member = join(c, staff_id, leaver.role, leaver.team, leaver.district, day)
    plan_for_member(c, member)


def join_newcomer(c: Council, role: Role, leaver: Member, day: date) -> None:
    assert leaver.team is not None and leaver.district is not None
    staff_id = new_staff_id(c, role, leaver.team, leaver.district)
    member = join(c, staff_id, role, leaver.team, leaver.district, day)
    plan_for_member(c, member)


def promote_someone(c: Council, deputy: Member, day: date) -> None:
    """A social worker of the deputy's team and district steps up, their
    caseload going to a newcomer who joins the same day."""
    candidates = [
        m
        for m in c.members(
            day, Role.SOCIAL_WORKER, team=deputy.team, district=deputy.district
        )
        if m.settled(day, weeks=10)
        and m.joined <= day - timedelta(days=365)
        # Not someone already planning to leave later in the year.
        and (m.moving_on is None or m.moving_on < day)
    ]
    if not candidates:
        return
    promoted = c.rng.choice(candidates)
    promotion = workday(c.later(day, 10, 30))
    promoted.moving_on = promotion
    join_newcomer(c, Role.SOCIAL_WORKER, promoted, day)
    c.book(
        promotion - timedelta(days=3),
        partial(reallocate_caseload, c, promoted.staff_id),
    )
    c.book(promotion, partial(promote, c, promoted.staff_id))


def promote(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    assert member.team is not None
    c.ledger.staff.change_role(
        c.head_of_service(member.team),
        staff_id=staff_id,
        role=Role.DEPUTY_TEAM_MANAGER.value,
        team=member.team.value,
        district=member.district,
        on=day,
    )
    member.role = Role.DEPUTY_TEAM_MANAGER
    c.staff_changed()
    c.count("role changes")


def reallocate_caseload(c: Council, staff_id: str, day: date) -> None:
    for case in c.open_cases():
        if case.worker == staff_id:
            worker = pick_worker(c, case.team, case.district, day)
            c.ledger.cases.allocate(
                c.case_manager(case.ref, day),
                case_ref=case.ref,
                worker=worker,
                on=day,
            )
            case.worker = worker
            c.count("cases reallocated within a team")
