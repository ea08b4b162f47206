"""Commands on actions: set from an audit, followed up, completed, escalated."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.action import Action
from ledger.app_audits import AuditCommands
from ledger.dates import add_months
from ledger.errors import InvalidValue, NoSuchAction
from ledger.events import Attribution
from ledger.ids import ACTION_PREFIX, normalise_sequential_id
from ledger.vocabulary import FollowUpOutcome


class ActionCommands(AuditCommands):
    def set_action(
        self,
        actor: str,
        *,
        audit_id: str,
        owner: str,
        description: str,
        due_on: date | None = None,
        on: date | None = None,
    ) -> str:
        by = self.attribute("action set", actor, on)
        audit = self.audit_record(audit_id)
        self.employed_staff_member(owner, by.occurred_on)
        due = due_on or add_months(audit.audit_date(), self.settings.action_due_months)
        if due < audit.audit_date():
            raise InvalidValue(
                f"due date {due} is before audit {audit.audit_id} "
                f"on {audit.audit_date()}"
            )

        def set_from_audit(action_id: str) -> list[Any]:
            # Reloaded on every attempt: a failed attempt leaves its changes on
            # the aggregate object it used.
            current = self.audit_record(audit.audit_id)
            current.agree_action(by, action_id=action_id)
            action = Action.set(
                by,
                action_id=action_id,
                source_audit=current.audit_id,
                case_ref=current.case_ref,
                owner=owner,
                description=description.strip(),
                due_on=due,
            )
            return [current, action]

        return self.save_with_new_id(ACTION_PREFIX, by, set_from_audit)

    def review_action(
        self,
        actor: str,
        *,
        action_id: str,
        outcome: str,
        note: str,
        on: date | None = None,
    ) -> None:
        by, action = self.action_step("action review", actor, action_id, on)
        action.review_follow_up(by, outcome=FollowUpOutcome.parse(outcome), note=note)
        self.save_all(action)

    def complete_action(
        self, actor: str, *, action_id: str, note: str = "", on: date | None = None
    ) -> None:
        by, action = self.action_step("action complete", actor, action_id, on)
        action.complete(by, note=note.strip())
        self.save_all(action)

    def escalate_action(
        self, actor: str, *, action_id: str, reason: str, on: date | None = None
    ) -> None:
        by, action = self.action_step("action escalate", actor, action_id, on)
        action.escalate(by, reason=reason.strip())
        self.save_all(action)

    def action_record(self, action_id: str) -> Action:
        readable = normalise_sequential_id(ACTION_PREFIX, action_id)
        return self.load(Action, Action.id_for(readable), NoSuchAction(action_id))

    def action(self, action_id: str) -> dict[str, Any]:
        return self.action_record(action_id).as_dict()

    def audit(self, audit_id: str) -> dict[str, Any]:
        """An audit's full state, with the actions set from it."""
        record = self.audit_record(audit_id)
        state = record.as_dict()
        state["actions"] = [self.action(action_id) for action_id in record.action_ids]
        return state

    def action_step(
        self, command: str, actor: str, action_id: str, on: date | None
    ) -> tuple[Attribution, Action]:
        by = self.attribute(command, actor, on)
        return by, self.action_record(action_id)
