"""§4.1: feedback questionnaires after a closure or transfer, and managers'
observations of front-line practice."""

from __future__ import annotations

from datetime import date
from functools import partial

from ledger.demo.council import Council
from ledger.vocabulary import Team

QUESTIONS = ("listened-to", "understood", "helped", "treated-with-respect", "overall")
COMMENTS = (
    "The social worker always came when she said she would",
    "Too many changes of worker",
    "We felt listened to",
    "Meetings were hard to follow",
)


def send_questionnaire(c: Council, ref: str, reason: str, day: date) -> None:
    """§4.1: a letter and questionnaire after closure or transfer."""
    case = c.cases[ref]
    older = case.team in (Team.LEAVING_CARE, Team.LOOKED_AFTER_CHILDREN)
    questionnaire = c.ledger.feedback.send(
        c.case_manager(ref, day),
        case_ref=ref,
        recipient="child" if older and c.chance(0.7) else "family",
        reason=reason,
        on=day,
    )
    c.count("questionnaires sent")
    if c.chance(0.4):
        c.book(c.later(day, 10, 50), partial(return_questionnaire, c, questionnaire))


def return_questionnaire(c: Council, questionnaire: str, day: date) -> None:
    asked = c.rng.sample(QUESTIONS, c.rng.randint(0, len(QUESTIONS)))
    ratings = {q: c.rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 6, 5))[0] for q in asked}
    comments = c.rng.choice(COMMENTS) if not ratings or c.chance(0.5) else ""
    c.ledger.feedback.record_return(
        c.admin,
        questionnaire_id=questionnaire,
        ratings=ratings,
        comments=comments,
        on=day,
    )
    c.count("questionnaires returned")


def observe(c: Council, staff_id: str, day: date) -> None:
    """§4.1: a manager observes front-line practice at least yearly."""
    member = c.staff[staff_id]
    if not member.employed(day) or member.team is None:
        return
    observer = c.manager(member.team, member.district, day)
    support = c.chance(0.12)
    weights = (0, 1, 5, 2) if support else (2, 8, 3, 0)
    outcome = c.rng.choices(
        ("outstanding", "good", "requires-improvement", "inadequate"), weights
    )[0]
    c.ledger.observations.record(
        observer,
        staff_member=staff_id,
        outcome=outcome,
        support_needed=support,
        support_note="Mentoring on direct work and a follow-up observation"
        if support
        else None,
        on=day,
    )
    c.count("practice observations")
    if support:
        c.count("observations needing support")
