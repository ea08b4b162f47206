"""Complaints and compliments (§4.1): complaints through the stages, with
responses, escalations and lessons, and compliments."""

from __future__ import annotations

from datetime import date
from functools import partial

from ledger.demo.council import TEAM_CODES, CaseFile, Council

COMPLAINT_CATEGORIES = (
    "communication",
    "delay",
    "decision",
    "quality-of-service",
    "staff-conduct",
    "contact-arrangements",
    "placement",
    "information-sharing",
)
OUTCOMES = ("upheld", "partly-upheld", "not-upheld")
LESSONS = (
    "Confirm visit times in writing",
    "Share meeting minutes within ten working days",
    "Explain the reasons for decisions to parents",
    "Return calls within one working day",
)
COMPLIMENTS = (
    "Family thanked the worker for her patience",
    "Young person said the team listened",
    "School praised joint working",
    "Carer thanked the team for support through a crisis",
)


def in_order(cases: list[CaseFile]) -> list[CaseFile]:
    return sorted(cases, key=lambda case: case.number)


def plan_complaints_and_compliments(c: Council, day: date) -> None:
    scale = c.size * len(c.districts) // 2
    for _ in range(c.rng.choice((1, 2, 2, 3)) * scale):
        c.book(c.later(day, 0, 25), partial(receive_complaint, c))
    for _ in range(c.rng.randint(1, 3) * scale):
        c.book(c.later(day, 0, 25), partial(receive_compliment, c))


def receive_complaint(c: Council, day: date) -> None:
    team = c.rng.choice(list(TEAM_CODES))
    district = c.rng.choice(c.districts)
    cases = in_order(c.open_cases(team=team, district=district))
    ref = c.rng.choice(cases).ref if cases and c.chance(0.75) else None
    complaint = c.ledger.complaints.receive(
        c.manager(team, district, day),
        team=team.value,
        category=c.rng.choice(COMPLAINT_CATEGORIES),
        case_ref=ref,
        summary="Parent unhappy with the service",
        on=day,
    )
    # The year's first complaint goes to stage 3, the second to stage 2.
    number = len(c.complaints)
    last_stage = 3 if number == 0 else 2 if number == 1 or c.chance(0.2) else 1
    c.complaints[complaint] = (team, district, last_stage)
    c.count("complaints received")
    c.book(c.later(day, 10, 25), partial(respond_to_complaint, c, complaint, 1))


def respond_to_complaint(c: Council, complaint: str, stage: int, day: date) -> None:
    team, district, last_stage = c.complaints[complaint]
    responder = {1: c.manager(team, district, day), 2: c.head_of_service(team)}
    # The first three responses use each outcome once.
    if c.responses_given < len(OUTCOMES):
        outcome = OUTCOMES[c.responses_given]
    else:
        outcome = c.rng.choices(OUTCOMES, (2, 3, 5))[0]
    c.responses_given += 1
    c.ledger.complaints.respond(
        responder.get(stage, c.director),
        complaint_id=complaint,
        outcome=outcome,
        note=f"Stage {stage} response sent",
        on=day,
    )
    c.count("complaint responses")
    if stage == last_stage and (outcome != "not-upheld" or c.chance(0.2)):
        c.book(c.later(day, 3, 20), partial(record_lesson, c, complaint))
    if stage < last_stage:
        c.book(
            c.later(day, 5, 20), partial(escalate_complaint, c, complaint, stage + 1)
        )


def escalate_complaint(c: Council, complaint: str, stage: int, day: date) -> None:
    team, _, _ = c.complaints[complaint]
    c.ledger.complaints.escalate(
        c.head_of_service(team),
        complaint_id=complaint,
        to_stage=stage,
        reason=f"Complainant not satisfied with the stage {stage - 1} response",
        on=day,
    )
    c.count("complaint escalations")
    # SSMT considers it at its next fortnightly meeting, at each stage.
    c.book(c.later(day, 1, 13), partial(consider_at_ssmt, c, complaint))
    low, high = (20, 40) if stage == 2 else (30, 60)
    c.book(c.later(day, low, high), partial(respond_to_complaint, c, complaint, stage))


def consider_at_ssmt(c: Council, complaint: str, day: date) -> None:
    """§4.1: SSMT considers each complaint escalated past stage one at its
    fortnightly meeting; the assistant director records it."""
    c.ledger.complaints.record_consideration(
        c.director,
        complaint_id=complaint,
        note="Considered at SSMT; response timescale agreed",
        on=day,
    )
    c.count("complaints considered by SSMT")


def record_lesson(c: Council, complaint: str, day: date) -> None:
    team, district, _ = c.complaints[complaint]
    c.ledger.complaints.record_lesson(
        c.manager(team, district, day),
        complaint_id=complaint,
        lesson=c.rng.choice(LESSONS),
        on=day,
    )
    c.count("complaint lessons")


def receive_compliment(c: Council, day: date) -> None:
    team = c.rng.choice(list(TEAM_CODES))
    district = c.rng.choice(c.districts)
    cases = in_order(c.open_cases(team=team, district=district))
    case = c.rng.choice(cases) if cases and c.chance(0.6) else None
    c.ledger.complaints.receive_compliment(
        c.manager(team, district, day),
        team=team.value,
        summary=c.rng.choice(COMPLIMENTS),
        case_ref=case.ref if case else None,
        staff_member=case.worker if case else None,
        on=day,
    )
    c.count("compliments")
