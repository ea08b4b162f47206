"""actions: one row per action, with its follow-ups, completion and escalation.

Whether an action is open, due or overdue depends on the day it is read, so
that is worked out when reading (``projections/queries.py``), not stored.
Later events carry only the aggregate's UUID, so rows keep it to be found by.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.audits.action import Action
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor


class Actions(Projection):
    name = "actions"
    tables: ClassVar[tuple[str, ...]] = ("actions",)

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case Action.Set():
                cursor.execute(
                    "INSERT INTO actions VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, NULL, NULL, NULL, ?)",
                    (
                        event.action_id,
                        event.source_audit,
                        event.source_cycle,
                        event.case_ref,
                        event.owner,
                        event.description,
                        event.occurred_on,
                        event.due_on,
                        str(event.originator_id),
                    ),
                )
            case Action.FollowUpReviewed():
                cursor.execute(
                    "UPDATE actions SET follow_ups = follow_ups + 1, "
                    "first_follow_up_on = COALESCE(first_follow_up_on, ?), "
                    "last_follow_up_on = ? WHERE aggregate_id = ?",
                    (event.occurred_on, event.occurred_on, str(event.originator_id)),
                )
            case Action.Completed():
                cursor.execute(
                    "UPDATE actions SET completed_on = ? WHERE aggregate_id = ?",
                    (event.occurred_on, str(event.originator_id)),
                )
            case Action.Escalated():
                cursor.execute(
                    "UPDATE actions SET escalated_on = COALESCE(escalated_on, ?) "
                    "WHERE aggregate_id = ?",
                    (event.occurred_on, str(event.originator_id)),
                )
