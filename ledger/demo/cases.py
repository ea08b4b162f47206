"""Cases: the caseload opened in the first fortnight, referrals all year,
and the transfers and closures the month's reviews decide on."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial

from ledger.demo.council import CaseFile, Council
from ledger.demo.feedback import send_questionnaire
from ledger.demo.programme import transfer_audit
from ledger.vocabulary import TRANSFER_TRIGGERS, Role, Team

# Cases open in each district when the ledger starts.
CASELOAD_PER_DISTRICT = {
    Team.REFERRAL_AND_ASSESSMENT: 4,
    Team.SAFEGUARDING: 9,
    Team.LOOKED_AFTER_CHILDREN: 9,
    Team.CHILDREN_WITH_DISABILITIES: 4,
    Team.LEAVING_CARE: 4,
    Team.FAMILY_SUPPORT: 4,
}
CLOSURE_REASONS = {
    Team.REFERRAL_AND_ASSESSMENT: (
        "Assessment complete: no further action",
        "Assessment complete: signposted to universal services",
    ),
    Team.SAFEGUARDING: (
        "Child protection plan ended; needs met",
        "Family moved out of the area; case transferred in",
    ),
    Team.LOOKED_AFTER_CHILDREN: (
        "Returned home; care order discharged",
        "Special guardianship order granted",
    ),
    Team.CHILDREN_WITH_DISABILITIES: (
        "Needs met through the short breaks offer",
        "Transition to adult services complete",
    ),
    Team.LEAVING_CARE: (
        "Reached 21; pathway plan ended",
        "Young person declined a further service",
    ),
    Team.FAMILY_SUPPORT: (
        "Family support plan achieved",
        "Family disengaged after review",
    ),
}


def open_caseload(c: Council) -> None:
    for team, cases in CASELOAD_PER_DISTRICT.items():
        for district in c.districts:
            for _ in range(cases * c.size):
                c.book(c.later(c.start, 0, 9), partial(open_case, c, team, district))


def plan_referrals(c: Council, day: date) -> None:
    size = c.size
    for district in c.districts:
        new = {
            Team.REFERRAL_AND_ASSESSMENT: c.rng.randint(2 * size, 4 * size),
            Team.CHILDREN_WITH_DISABILITIES: sum(c.chance(0.3) for _ in range(size)),
            Team.FAMILY_SUPPORT: sum(c.chance(0.4) for _ in range(size)),
        }
        for team, n in new.items():
            for _ in range(n):
                c.book(c.later(day, 0, 27), partial(open_case, c, team, district))


def open_case(c: Council, team: Team, district: str, day: date) -> None:
    number = next(c.case_numbers)
    ref = c.sid(f"LL-{200000 + 17 * number + c.rng.randrange(17)}")
    worker = pick_worker(c, team, district, day)
    c.ledger.cases.open(
        c.manager(team, district, day),
        case_ref=ref,
        team=team.value,
        district=district,
        worker=worker,
        on=day,
    )
    c.case_opened(CaseFile(ref, team, district, worker, day, number=number))
    c.count("cases opened")


def pick_worker(c: Council, team: Team, district: str, day: date) -> str:
    """The social worker with the fewest open cases, not about to move on."""
    # A worker's cases are in their team and district (see open_cases).
    load = Counter(case.worker for case in c.open_cases(team=team, district=district))
    in_district = c.members(day, Role.SOCIAL_WORKER, team=team, district=district)
    candidates = [m.staff_id for m in in_district if m.settled(day, weeks=4)]
    if not candidates:
        # All of them about to leave (a small team, its newcomer not yet
        # started): one of them, else the team's in another district.
        in_team = c.members(day, Role.SOCIAL_WORKER, team=team)
        candidates = [m.staff_id for m in in_district or in_team if not m.left]
    lightest = min(load[staff_id] for staff_id in candidates)
    return c.rng.choice([s for s in candidates if load[s] == lightest])


def transfer_case(c: Council, ref: str, to_team: Team, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    from_team = case.team
    worker = pick_worker(c, to_team, case.district, day)
    c.ledger.cases.transfer(
        c.manager(to_team, case.district, day),
        case_ref=ref,
        to_team=to_team.value,
        worker=worker,
        on=day,
    )
    c.case_transferred(case, to_team)
    case.worker = worker
    c.count("cases transferred")
    if to_team in TRANSFER_TRIGGERS:
        c.count("§2.2 triggers")
    # §3.5: the transferring head of service audits the file (fit for
    # purpose); §4.1: the family gets a questionnaire. Mostly, not always,
    # so the demo shows some owing.
    if c.chance(0.9):
        transfer_audit(c, ref, c.head_of_service(from_team), day)
    if c.chance(0.9):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "transfer"))


def close_case(c: Council, ref: str, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    c.ledger.cases.close(
        c.case_manager(ref, day),
        case_ref=ref,
        reason=c.rng.choice(CLOSURE_REASONS[case.team]),
        function="case-closure",
        on=day,
    )
    c.case_closed(case, day)
    c.count("cases closed")
    c.count("§2.2 triggers")
    if c.chance(0.9):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "closure"))
