"""Actions on the aggregate alone: follow-ups sit between setting and completion."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.audits.action import Action
from ledger.errors import FollowUpOutOfOrder, InvalidTransition
from ledger.events import Attribution
from ledger.vocabulary import FollowUpOutcome


def on(day: date, who: str = "TM1") -> Attribution:
    return Attribution(who, "team-manager", day)


def an_action(set_on: date = date(2026, 2, 5)) -> Action:
    return Action.set(
        on(set_on, "TM2"),
        action_id="ACT-0001",
        source_audit="AUD-0001",
        case_ref="LL-1001",
        owner="SW1",
        description="Update the plan",
        due_on=date(2026, 3, 3),
    )


def test_two_follow_ups_are_recorded_in_order() -> None:
    action = an_action()
    action.review_follow_up(
        on(date(2026, 3, 1)), outcome=FollowUpOutcome.ON_TRACK, note="a"
    )
    action.review_follow_up(
        on(date(2026, 4, 1)), outcome=FollowUpOutcome.ACHIEVED, note="b"
    )
    assert [f["reviewed_on"] for f in action.follow_ups] == ["2026-03-01", "2026-04-01"]


def test_a_follow_up_cannot_precede_its_action() -> None:
    action = an_action()
    with pytest.raises(FollowUpOutOfOrder, match="cannot precede"):
        action.review_follow_up(
            on(date(2026, 2, 4)), outcome=FollowUpOutcome.ON_TRACK, note="early"
        )


def test_a_follow_up_cannot_be_dated_after_completion() -> None:
    action = an_action()
    action.complete(on(date(2026, 3, 1)), note="done")
    with pytest.raises(FollowUpOutOfOrder, match="after action ACT-0001 was completed"):
        action.review_follow_up(
            on(date(2026, 3, 2)), outcome=FollowUpOutcome.ACHIEVED, note="late"
        )


def test_a_late_entry_follow_up_dated_before_completion_is_accepted() -> None:
    action = an_action()
    action.complete(on(date(2026, 3, 10)), note="done")
    action.review_follow_up(
        on(date(2026, 3, 1)), outcome=FollowUpOutcome.ON_TRACK, note="back-dated"
    )
    assert len(action.follow_ups) == 1


def test_an_action_completes_once() -> None:
    action = an_action()
    action.complete(on(date(2026, 3, 1)), note="")
    with pytest.raises(InvalidTransition, match="already completed"):
        action.complete(on(date(2026, 3, 2)), note="")


def test_a_completed_action_cannot_be_escalated() -> None:
    action = an_action()
    action.complete(on(date(2026, 3, 1)), note="")
    with pytest.raises(InvalidTransition, match="nothing to escalate"):
        action.escalate(on(date(2026, 3, 2)), reason="drift")
