"""Cases: the caseload opened in the first fortnight, referrals all year,
and the transfers and closures the month's reviews decide on."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial

from ledger.demo.council import DISTRICTS, CaseFile, Council, head_of_service
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
        for district in DISTRICTS:
            for _ in range(cases):
                c.book(c.later(c.start, 0, 9), partial(open_case, c, team, district))


def plan_referrals(c: Council, day: date) -> None:
    for district in DISTRICTS:
        new = {
            Team.REFERRAL_AND_ASSESSMENT: c.rng.randint(2, 4),
            Team.CHILDREN_WITH_DISABILITIES: int(c.chance(0.3)),
            Team.FAMILY_SUPPORT: int(c.chance(0.4)),
        }
        for team, n in new.items():
            for _ in range(n):
                c.book(c.later(day, 0, 27), partial(open_case, c, team, district))


def open_case(c: Council, team: Team, district: str, day: date) -> None:
    ref = f"LL-{200000 + 17 * next(c.case_numbers) + c.rng.randrange(17)}"
    worker = pick_worker(c, team, district, day)
    c.ledger.open_case(
        c.manager(team, district, day),
        case_ref=ref,
        team=team.value,
        district=district,
        worker=worker,
        on=day,
    )
    c.cases[ref] = CaseFile(ref, team, district, worker, opened=day)
    c.count("cases opened")


def pick_worker(c: Council, team: Team, district: str, day: date) -> str:
    """The social worker with the fewest open cases, not about to move on."""
    load = Counter(case.worker for case in c.open_cases(team=team))
    candidates = [
        m.staff_id
        for m in c.members(day, Role.SOCIAL_WORKER, team=team, district=district)
        if m.settled(day, weeks=4)
    ]
    lightest = min(load[staff_id] for staff_id in candidates)
    return c.rng.choice([s for s in candidates if load[s] == lightest])


def transfer_case(c: Council, ref: str, to_team: Team, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    from_team = case.team
    worker = pick_worker(c, to_team, case.district, day)
    c.ledger.transfer_case(
        c.manager(to_team, case.district, day),
        case_ref=ref,
        to_team=to_team.value,
        worker=worker,
        on=day,
    )
    case.team, case.worker = to_team, worker
    c.count("cases transferred")
    if to_team in TRANSFER_TRIGGERS:
        c.count("§2.2 triggers")
        if c.chance(0.3):  # §3.3, §3.5: the transferring head of service audits
            transfer_audit(c, ref, head_of_service(from_team), day)
    if c.chance(0.4):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "transfer"))


def close_case(c: Council, ref: str, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    c.ledger.close_case(
        c.case_manager(ref, day),
        case_ref=ref,
        reason=c.rng.choice(CLOSURE_REASONS[case.team]),
        function="case-closure",
        on=day,
    )
    case.closed = day
    c.count("cases closed")
    c.count("§2.2 triggers")
    if c.chance(0.75):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "closure"))
