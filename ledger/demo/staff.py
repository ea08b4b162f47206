"""Staff (§2.1): the establishment joining on the first day, and the year's
changes: a social worker leaves and is replaced, a deputy leaves and a social
worker is promoted, their caseloads reallocated first."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.cases import pick_worker
from ledger.demo.council import (
    ADMIN,
    DIRECTOR,
    DISTRICTS,
    HEADS_OF_SERVICE,
    IRO_MANAGER,
    QA_LEAD,
    SENIOR_MANAGER,
    TEAM_CODES,
    Council,
    Member,
    head_of_service,
)
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

# The year's staff changes.
LEAVER, REPLACEMENT = "SW-SGN2", "SW-SGN3"
DEPUTY_LEAVER, PROMOTED = "DTM-LACS", "SW-LACS1"

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
    c.ledger.init(admin_id=ADMIN, name="Alex Admin", on=c.start)
    c.count("staff joined")
    for staff_id, role, team, district in roster():
        join(c, staff_id, role, team, district, c.start)
    # Senior staff who will use the council's PostgreSQL get their own logins.
    for staff_id in (DIRECTOR, *HEADS_OF_SERVICE, QA_LEAD):
        login = staff_id.lower().replace("-", "_")
        c.ledger.grant_login(ADMIN, staff_id=staff_id, login=login, on=c.start)
        c.count("logins granted")


def roster() -> list[tuple[str, Role, Team | None, str | None]]:
    people: list[tuple[str, Role, Team | None, str | None]] = [
        (DIRECTOR, Role.ASSISTANT_DIRECTOR, None, None),
        *((hos, Role.HEAD_OF_SERVICE, None, None) for hos in HEADS_OF_SERVICE),
        (SENIOR_MANAGER, Role.SENIOR_MANAGER, None, None),
        (QA_LEAD, Role.QA_OFFICER, None, None),
        ("QA2", Role.QA_OFFICER, None, None),
        (IRO_MANAGER, Role.IRO_TEAM_MANAGER, Team.IRO, None),
        *((f"IRO{n}", Role.IRO, Team.IRO, None) for n in range(1, IROS + 1)),
    ]
    for team, workers in SOCIAL_WORKERS_PER_DISTRICT.items():
        code = TEAM_CODES[team]
        for district in DISTRICTS:
            d = district[0]
            if team == Team.FAMILY_SUPPORT:
                people.append((f"FSM-{d}", Role.FAMILY_SUPPORT_MANAGER, team, district))
            else:
                people.append((f"TM-{code}{d}", Role.TEAM_MANAGER, team, district))
            if team in TEAMS_WITH_DEPUTIES:
                people.append(
                    (f"DTM-{code}{d}", Role.DEPUTY_TEAM_MANAGER, team, district)
                )
            people += [
                (f"SW-{code}{d}{n}", Role.SOCIAL_WORKER, team, district)
                for n in range(1, workers + 1)
            ]
    return people


def join(
    c: Council,
    staff_id: str,
    role: Role,
    team: Team | None,
    district: str | None,
    day: date,
) -> Member:
    name = f"{c.rng.choice(FIRST_NAMES)} {c.rng.choice(LAST_NAMES)}"
    c.ledger.join_staff(
        ADMIN,
        staff_id=staff_id,
        name=name,
        role=role.value,
        team=team.value if team else None,
        district=district,
        on=day,
    )
    member = Member(staff_id, role, team, district, joined=day)
    c.staff[staff_id] = member
    c.count("staff joined")
    return member


def plan_staff_changes(c: Council) -> None:
    """A social worker leaves and is replaced; later a deputy leaves and a
    social worker in the same team is promoted to deputy."""
    leaves = workday(c.month(4, 16))
    c.staff[LEAVER].moving_on = leaves
    c.book(leaves - timedelta(days=7), partial(reallocate_caseload, c, LEAVER))
    c.book(leaves, partial(leave, c, LEAVER))
    c.book(c.month(5, 9), partial(join_replacement, c))

    deputy_leaves = workday(c.month(6, 25))
    c.staff[DEPUTY_LEAVER].moving_on = deputy_leaves
    c.book(deputy_leaves, partial(leave, c, DEPUTY_LEAVER))
    promoted = workday(c.month(8, 1))
    c.staff[PROMOTED].moving_on = promoted
    c.book(promoted - timedelta(days=3), partial(reallocate_caseload, c, PROMOTED))
    c.book(promoted, partial(promote, c, PROMOTED))


def leave(c: Council, staff_id: str, day: date) -> None:
    c.ledger.leave_staff(ADMIN, staff_id=staff_id, on=day)
    c.staff[staff_id].left = day
    c.count("staff left")


def join_replacement(c: Council, day: date) -> None:
    leaver = c.staff[LEAVER]
    member = join(c, REPLACEMENT, leaver.role, leaver.team, leaver.district, day)
    plan_for_member(c, member)


def promote(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    assert member.team is not None
    c.ledger.change_staff_role(
        head_of_service(member.team),
        staff_id=staff_id,
        role=Role.DEPUTY_TEAM_MANAGER.value,
        team=member.team.value,
        district=member.district,
        on=day,
    )
    member.role = Role.DEPUTY_TEAM_MANAGER
    c.count("role changes")


def reallocate_caseload(c: Council, staff_id: str, day: date) -> None:
    for case in c.open_cases():
        if case.worker == staff_id:
            worker = pick_worker(c, case.team, case.district, day)
            c.ledger.transfer_case(
                c.case_manager(case.ref, day),
                case_ref=case.ref,
                to_team=case.team.value,
                worker=worker,
                on=day,
            )
            case.worker = worker
            c.count("cases reallocated within a team")
