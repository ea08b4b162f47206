"""§2.2: each month every open case may move on (a trigger, a transfer or
a closure), each with its management decision recorded on time, late or
never."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from ledger.demo.cases import close_case, transfer_case
from ledger.demo.council import CaseFile, Council
from ledger.demo.diary import workday
from ledger.vocabulary import TRANSFER_TRIGGERS, Team, Trigger

# What may happen to an open case in a month, by team.
Move = tuple[str, Team | Trigger | None, float]
MONTHLY_MOVES: dict[Team, list[Move]] = {
    Team.REFERRAL_AND_ASSESSMENT: [
        ("close", None, 0.30),
        ("transfer", Team.SAFEGUARDING, 0.15),
        ("transfer", Team.FAMILY_SUPPORT, 0.12),
        ("trigger", Trigger.CP_CONFERENCE, 0.06),
        ("trigger", Trigger.PRIVATE_FOSTERING, 0.01),
    ],
    Team.SAFEGUARDING: [
        ("trigger", Trigger.CP_CONFERENCE, 0.05),
        ("trigger", Trigger.PUBLIC_LAW_OUTLINE, 0.03),
        ("trigger", Trigger.CARE_PROCEEDINGS, 0.02),
        ("trigger", Trigger.ACCOMMODATION, 0.03),
        ("transfer", Team.FAMILY_SUPPORT, 0.04),
        ("close", None, 0.05),
    ],
    Team.LOOKED_AFTER_CHILDREN: [
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.07),
        ("trigger", Trigger.REHABILITATION_TO_FAMILY, 0.015),
        ("trigger", Trigger.REVOKE_CARE_ORDER, 0.01),
        ("transfer", Team.LEAVING_CARE, 0.03),
        ("close", None, 0.01),
    ],
    Team.CHILDREN_WITH_DISABILITIES: [
        ("trigger", Trigger.ACCOMMODATION, 0.02),
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.02),
        ("close", None, 0.04),
    ],
    Team.LEAVING_CARE: [
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.04),
        ("close", None, 0.05),
    ],
    Team.FAMILY_SUPPORT: [
        ("close", None, 0.14),
        ("transfer", Team.SAFEGUARDING, 0.01),
    ],
}
DECISION_RATIONALES = {
    Trigger.TRANSFER_TO_LEAVING_CARE: "Young person is 16; pathway planning leads",
    Trigger.TRANSFER_TO_LOOKED_AFTER_CHILDREN: "Child accommodated; care plan needed",
    Trigger.TRANSFER_TO_FAMILY_SUPPORT: "Risks reduced; step down to family support",
    Trigger.CASE_CLOSURE: "Plan outcomes met; no further statutory role",
    Trigger.CP_CONFERENCE: "Strategy discussion: threshold for conference met",
    Trigger.ACCOMMODATION: "No safe family option; section 20 agreed with parent",
    Trigger.CARE_PROCEEDINGS: "Legal gateway: threshold met, proceedings to issue",
    Trigger.PUBLIC_LAW_OUTLINE: "Legal planning meeting: pre-proceedings letter",
    Trigger.REVOKE_CARE_ORDER: "Stable at home for a year; apply to discharge",
    Trigger.REHABILITATION_TO_FAMILY: "Parenting assessment positive; phased return",
    Trigger.PRIVATE_FOSTERING: "Arrangement assessed; visits every six weeks",
    Trigger.CHANGE_OF_PLACEMENT: "Placement breakdown; matched to a new carer",
}

# Decisions a head of service takes rather than the team manager.
SENIOR_DECISIONS = frozenset(
    {
        Trigger.ACCOMMODATION,
        Trigger.CARE_PROCEEDINGS,
        Trigger.PUBLIC_LAW_OUTLINE,
        Trigger.REVOKE_CARE_ORDER,
    }
)


def review_caseload(c: Council, day: date) -> None:
    """Each month every open case may move on: §2.2 triggers, transfers and
    closures, each booked with its management decision (or without one)."""
    for case in c.open_cases():
        settled = case.opened <= day - timedelta(days=21)
        if not settled or (case.busy_until and case.busy_until >= day):
            continue
        roll = c.rng.random()
        for kind, what, probability in MONTHLY_MOVES[case.team]:
            roll -= probability
            if roll < 0:
                move_day = workday(c.later(day, 3, 25))
                book_move(c, case, kind, what, move_day, day)
                break


def book_move(
    c: Council,
    case: CaseFile,
    kind: str,
    what: Team | Trigger | None,
    day: date,
    earliest: date,
) -> None:
    case.busy_until = day
    if kind == "close":
        book_decision(c, case.ref, Trigger.CASE_CLOSURE, day, earliest, late=False)
        c.book(day, partial(close_case, c, case.ref))
    elif kind == "transfer":
        assert isinstance(what, Team)
        trigger = TRANSFER_TRIGGERS.get(what)
        if trigger is not None:
            book_decision(c, case.ref, trigger, day, earliest, late=True)
        c.book(day, partial(transfer_case, c, case.ref, what))
    else:
        assert isinstance(what, Trigger)
        c.book(day, partial(record_trigger, c, case.ref, what))


def book_decision(
    c: Council,
    ref: str,
    kind: Trigger,
    trigger_day: date,
    earliest: date,
    *,
    late: bool,
) -> None:
    """Book the management decision a §2.2 trigger needs: mostly on time
    (before a transfer or closure, soon after other triggers), sometimes late
    (never after a closure: a closed case takes no later decision), sometimes
    not at all."""
    due = c.ledger.settings.decision_due_days
    roll = c.rng.random()
    if roll < 0.08:
        c.count("decisions never recorded")
        return
    if late and roll < 0.3:
        day = c.later(trigger_day, due + 2, due + 25)
    elif kind == Trigger.CASE_CLOSURE or kind in TRANSFER_TRIGGERS.values():
        day = max(earliest, trigger_day - timedelta(days=c.rng.randint(0, 3)))
    else:
        day = c.later(trigger_day, 0, max(0, due - 2))
    c.book(day, partial(record_decision, c, ref, kind, trigger_day))


def record_decision(
    c: Council, ref: str, kind: Trigger, trigger_day: date, day: date
) -> None:
    case = c.cases[ref]
    if case.closed is not None and day > case.closed:
        c.count("decisions never recorded")
        return
    manager = c.case_manager(ref, day)
    c.ledger.cases.record_decision(
        manager,
        case_ref=ref,
        kind=kind.value,
        function="supervision-record" if c.chance(0.25) else "case-management-decision",
        rationale=DECISION_RATIONALES[kind],
        decided_by=c.head_of_service(case.team)
        if kind in SENIOR_DECISIONS
        else manager,
        on=day,
    )
    late = day > trigger_day + timedelta(days=c.ledger.settings.decision_due_days)
    c.count("decisions recorded late" if late else "decisions recorded on time")


def record_trigger(c: Council, ref: str, trigger: Trigger, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    c.ledger.cases.record_trigger(
        case.worker,
        case_ref=ref,
        trigger=trigger.value,
        note=DECISION_RATIONALES[trigger].split(":")[0],
        on=day,
    )
    c.count("§2.2 triggers")
    book_decision(c, ref, trigger, day, day, late=True)
    follow_on(c, case, trigger, day)


def follow_on(c: Council, case: CaseFile, trigger: Trigger, day: date) -> None:
    """What a trigger leads to: a child accommodated moves to the looked after
    children team, a child returning home has the case closed, and so on."""
    nexts: dict[Trigger, tuple[str, Team | Trigger | None, int, int]] = {
        Trigger.CP_CONFERENCE: ("transfer", Team.SAFEGUARDING, 10, 20),
        Trigger.ACCOMMODATION: ("transfer", Team.LOOKED_AFTER_CHILDREN, 7, 21),
        Trigger.REHABILITATION_TO_FAMILY: ("close", None, 30, 60),
        Trigger.REVOKE_CARE_ORDER: ("close", None, 14, 30),
        Trigger.PUBLIC_LAW_OUTLINE: ("trigger", Trigger.CARE_PROCEEDINGS, 30, 60),
    }
    if trigger not in nexts:
        return
    kind, what, low, high = nexts[trigger]
    if what == case.team or (kind == "trigger" and c.chance(0.7)):
        return
    if case.team == Team.CHILDREN_WITH_DISABILITIES:
        return  # a disabled child accommodated stays with their team
    book_move(c, case, kind, what, workday(c.later(day, low, high)), day)
