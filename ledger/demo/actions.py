"""Actions from audits (§3.2, §3.3): set, followed up twice on time, late
or not at all, then completed or escalated; once completed, often a manager's
note that they oversaw the plan."""

from __future__ import annotations

from datetime import date
from functools import partial

from ledger.dates import add_months
from ledger.demo.council import ActionState, Council

ACTION_DESCRIPTIONS = (
    "Update the chronology",
    "Add timescales to the child's plan",
    "Record the child's views in the assessment",
    "Record the supervision decision on the child's file",
    "Complete the overdue statutory visit",
    "Review the plan with the family and update it",
)


def set_action(c: Council, audit_id: str, owner: str, day: date) -> None:
    audit = c.audits[audit_id]
    action_id = c.ledger.actions.set(
        audit.auditor,
        audit_id=audit_id,
        owner=owner,
        description=c.rng.choice(ACTION_DESCRIPTIONS),
        on=day,
    )
    assert audit.started_on is not None
    due = add_months(audit.started_on, c.ledger.settings.action_due_months)
    c.actions[action_id] = ActionState(action_id, owner, day, due, audit.case_ref)
    c.count("actions set")
    plan_follow_ups(c, action_id, day)


def plan_follow_ups(c: Council, action_id: str, set_on: date) -> None:
    """§3.2, §3.3: followed up within a month and again the following month;
    some follow-ups are late and a few never happen."""
    roll = c.rng.random()
    if roll < 0.05:
        return
    window = (33, 50) if roll < 0.25 else (14, 28)
    c.book(c.later(set_on, *window), partial(follow_up, c, action_id, 1))


def follow_up(c: Council, action_id: str, review: int, day: date) -> None:
    action = c.actions[action_id]
    if action.done:
        return
    reviewer = reviewer_of(c, action, day)
    if review == 1:
        outcome = "on-track" if c.chance(0.85) else "not-progressing"
        note = "Progress seen on the file"
    else:
        outcome = c.rng.choices(
            ("achieved", "not-progressing", "on-track"), (78, 15, 7)
        )[0]
        note = {"achieved": "Done and recorded", "on-track": "Nearly there"}.get(
            outcome, "No progress since the last review"
        )
    c.ledger.actions.review(
        reviewer, action_id=action_id, outcome=outcome, note=note, on=day
    )
    c.count("follow-ups reviewed")
    due = add_months(action.set_on, review * c.ledger.settings.follow_up_window_months)
    if day > due:
        c.count("follow-ups late")
    if review == 1:
        if c.chance(0.9):
            c.book(c.later(day, 25, 35), partial(follow_up, c, action_id, 2))
    elif outcome == "achieved":
        c.book(c.later(day, 0, 7), partial(complete_action, c, action_id))
    elif outcome == "not-progressing":
        c.ledger.actions.escalate(
            reviewer,
            action_id=action_id,
            reason="Not progressing after two reviews; for the performance meeting",
            on=day,
        )
        action.escalated = True
        c.count("actions escalated")
        if c.chance(0.7):
            c.book(c.later(day, 30, 60), partial(complete_action, c, action_id))


def reviewer_of(c: Council, action: ActionState, day: date) -> str:
    if action.reviewer is not None:
        return action.reviewer
    assert action.case_ref is not None
    return c.case_manager(action.case_ref, day)


def complete_action(c: Council, action_id: str, day: date) -> None:
    action = c.actions[action_id]
    if action.done:
        return
    owner = c.staff[action.owner]
    by = owner.staff_id if owner.employed(day) else reviewer_of(c, action, day)
    c.ledger.actions.complete(by, action_id=action_id, note="Evidence on file", on=day)
    action.done = True
    c.count("actions completed")
    # §3.3: the manager notes on the file that they oversaw the plan.
    if action.case_ref is not None and c.chance(0.5):
        # The case, not the action: a year forgets its completed actions.
        c.book(
            c.later(day, 0, 10),
            partial(note_oversight, c, action_id, action.case_ref),
        )


def note_oversight(c: Council, action_id: str, case_ref: str, day: date) -> None:
    c.ledger.actions.oversee(
        c.case_manager(case_ref, day),
        action_id=action_id,
        note="Plan overseen; the actions are on the file",
        on=day,
    )
    c.count("oversight notes")
