"""Actions set from an audit, followed up by the supervisor, then completed
or escalated to a performance management meeting (§3.2, §3.3, §3.7)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import FollowUpOutOfOrder, InvalidTransition, InvalidValue
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import FollowUpOutcome

OPEN = "open"
COMPLETED = "completed"


class Action(LedgerAggregate):
    TOPIC = "ledger.action:Action"
    action_id: str
    source_audit: str | None
    source_cycle: str | None
    case_ref: str | None
    owner: str
    description: str
    due_on: date
    set_on: date
    follow_ups: list[dict[str, Any]]
    escalations: list[dict[str, Any]]
    # Managers' notes, after completion, that they oversaw the plan (§3.3).
    oversight: list[dict[str, Any]]
    completed_on: date | None

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(action_id: str) -> UUID:
        return aggregate_id("action", action_id)

    @classmethod
    def set(
        cls,
        by: Attribution,
        *,
        action_id: str,
        source_audit: str | None,
        case_ref: str | None,
        owner: str,
        description: str,
        due_on: date,
        source_cycle: str | None = None,
    ) -> Action:
        if not description.strip():
            raise InvalidValue("an action needs a description of what is to be done")
        if due_on < by.occurred_on:
            raise InvalidValue(
                f"due date {due_on} is before the action is set on {by.occurred_on}"
            )
        return cls._create(
            cls.Set,
            id=cls.id_for(action_id),
            action_id=action_id,
            source_audit=source_audit,
            source_cycle=source_cycle,
            case_ref=case_ref,
            owner=owner,
            description=description,
            due_on=due_on,
            **by.stamp(),
        )

    class Set(LedgerCreated):
        TOPIC = "ledger.action:Action.Set"
        class_version = 1
        action_id: str
        source_audit: str | None
        # Set from a cycle's action plan rather than from one audit.
        source_cycle: str | None
        case_ref: str | None
        owner: str
        description: str
        due_on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.action_id = self.action_id
            aggregate.source_audit = self.source_audit
            aggregate.source_cycle = self.source_cycle
            aggregate.case_ref = self.case_ref
            aggregate.owner = self.owner
            aggregate.description = self.description
            aggregate.due_on = self.due_on
            aggregate.set_on = self.occurred_on
            aggregate.follow_ups = []
            aggregate.escalations = []
            aggregate.oversight = []
            aggregate.completed_on = None

    @property
    def status(self) -> str:
        return COMPLETED if self.completed_on else OPEN

    def check_dated_within_life(self, by: Attribution, what: str) -> None:
        if by.occurred_on < self.set_on:
            raise FollowUpOutOfOrder(
                f"{what} dated {by.occurred_on} cannot precede action "
                f"{self.action_id}, set on {self.set_on}"
            )
        if self.completed_on is not None and by.occurred_on > self.completed_on:
            raise FollowUpOutOfOrder(
                f"{what} dated {by.occurred_on} cannot be after action "
                f"{self.action_id} was completed on {self.completed_on}"
            )

    def review_follow_up(
        self, by: Attribution, *, outcome: FollowUpOutcome, note: str
    ) -> None:
        self.check_dated_within_life(by, "a follow-up")
        if not note.strip():
            raise InvalidValue("a follow-up needs a note of what was reviewed")
        self.trigger_event(
            self.FollowUpReviewed, outcome=outcome.value, note=note, **by.stamp()
        )

    class FollowUpReviewed(LedgerEvent):
        TOPIC = "ledger.action:Action.FollowUpReviewed"
        class_version = 1
        outcome: str
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.follow_ups.append(
                {
                    "reviewed_on": self.occurred_on.isoformat(),
                    "reviewer": self.actor_id,
                    "outcome": self.outcome,
                    "note": self.note,
                }
            )

    def complete(self, by: Attribution, *, note: str) -> None:
        if self.completed_on is not None:
            raise InvalidTransition(
                f"action {self.action_id} was already completed on {self.completed_on}"
            )
        self.check_dated_within_life(by, "completion")
        last_review = max(
            (date.fromisoformat(f["reviewed_on"]) for f in self.follow_ups),
            default=self.set_on,
        )
        if by.occurred_on < last_review:
            raise FollowUpOutOfOrder(
                f"completion dated {by.occurred_on} is before the follow-up of "
                f"{last_review}"
            )
        self.trigger_event(self.Completed, note=note, **by.stamp())

    class Completed(LedgerEvent):
        TOPIC = "ledger.action:Action.Completed"
        class_version = 1
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.completed_on = self.occurred_on

    def record_oversight(self, by: Attribution, *, note: str) -> None:
        """§3.3: once the work is done, "a note should be made on the file
        that the manager has overseen the plan put in place"."""
        if self.completed_on is None:
            raise InvalidTransition(
                f"action {self.action_id} is not completed yet; until it is, "
                "record the manager's review with 'qaledger action review'"
            )
        if by.occurred_on < self.completed_on:
            raise FollowUpOutOfOrder(
                f"oversight dated {by.occurred_on} cannot precede the completion "
                f"of action {self.action_id} on {self.completed_on}"
            )
        if not note.strip():
            raise InvalidValue("an oversight note says what the manager checked")
        self.trigger_event(self.OversightRecorded, note=note, **by.stamp())

    class OversightRecorded(LedgerEvent):
        TOPIC = "ledger.audits.action:Action.OversightRecorded"
        class_version = 1
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.oversight.append(
                {
                    "noted_on": self.occurred_on.isoformat(),
                    "manager": self.actor_id,
                    "note": self.note,
                }
            )

    def escalate(self, by: Attribution, *, reason: str) -> None:
        if self.completed_on is not None:
            raise InvalidTransition(
                f"action {self.action_id} was completed on {self.completed_on}; "
                "there is nothing to escalate"
            )
        self.check_dated_within_life(by, "an escalation")
        if not reason.strip():
            raise InvalidValue("an escalation needs a reason")
        self.trigger_event(self.Escalated, reason=reason, **by.stamp())

    class Escalated(LedgerEvent):
        TOPIC = "ledger.action:Action.Escalated"
        class_version = 1
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.escalations.append(
                {
                    "escalated_on": self.occurred_on.isoformat(),
                    "by": self.actor_id,
                    "reason": self.reason,
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id,
            "source_audit": self.source_audit,
            "source_cycle": self.source_cycle,
            "case_ref": self.case_ref,
            "owner": self.owner,
            "description": self.description,
            "set_on": self.set_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "status": self.status,
            "follow_ups": list(self.follow_ups),
            "oversight": list(self.oversight),
            "escalations": list(self.escalations),
            "completed_on": self.completed_on.isoformat()
            if self.completed_on
            else None,
        }
