"""complaints: complaints and compliments (§4.1) for the quarterly collation
and the monthly performance pack.

``complaints`` holds one row per complaint with where it stands now;
``complaint_steps`` one row per event on a complaint (received, escalated,
responded, lesson) with the stage it concerns, so response times and
escalations can be read for any period; ``compliments`` one row each.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.records.complaint import FINAL_STAGE, FIRST_STAGE, Complaint, Compliment
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent

STEP = "INSERT INTO complaint_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


class Complaints(Projection):
    name = "complaints"
    tables: ClassVar[tuple[str, ...]] = ("complaint_steps", "complaints", "compliments")

    def __init__(self) -> None:
        # Later events name the complaint only by its internal UUID: its
        # complaint id and the stage it is at, by aggregate id. Remembered
        # rather than read back with each step (a read sends every queued
        # write first, so one per event made rebuilds slow).
        self.standing: Recent[str, tuple[str, int]] = Recent()

    def reset(self) -> None:
        self.standing.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case Complaint.Received():
                cursor.execute(
                    "INSERT INTO complaints VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, NULL, 0, ?)",
                    (
                        at.position,
                        event.complaint_id,
                        event.team,
                        event.category,
                        event.case_ref,
                        event.occurred_on,
                        event.actor_id,
                        FIRST_STAGE,
                        event.occurred_on,
                        str(event.originator_id),
                    ),
                )
                cursor.execute(
                    STEP,
                    (
                        at.position,
                        event.complaint_id,
                        "received",
                        FIRST_STAGE,
                        event.occurred_on,
                        None,
                        None,
                        event.actor_id,
                    ),
                )
                self.standing.put(
                    str(event.originator_id), (event.complaint_id, FIRST_STAGE)
                )
            case Complaint.Escalated():
                self.step(
                    cursor, at, event, "escalated", event.to_stage, None, event.reason
                )
                cursor.execute(
                    "UPDATE complaints SET stage = ?, stage_reached_on = ?, "
                    "status = 'open' WHERE aggregate_id = ?",
                    (event.to_stage, event.occurred_on, str(event.originator_id)),
                )
            case Complaint.Responded():
                self.step(
                    cursor,
                    at,
                    event,
                    "responded",
                    event.stage,
                    event.outcome,
                    event.note,
                )
                cursor.execute(
                    "UPDATE complaints SET status = ?, last_outcome = ?, "
                    "last_responded_on = ? WHERE aggregate_id = ?",
                    (
                        "closed" if event.stage == FINAL_STAGE else "responded",
                        event.outcome,
                        event.occurred_on,
                        str(event.originator_id),
                    ),
                )
            case Complaint.LessonRecorded():
                self.step(cursor, at, event, "lesson", None, None, event.lesson)
                cursor.execute(
                    "UPDATE complaints SET lessons = lessons + 1 "
                    "WHERE aggregate_id = ?",
                    (str(event.originator_id),),
                )
            case Compliment.Received():
                cursor.execute(
                    "INSERT INTO compliments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        at.position,
                        event.compliment_id,
                        event.team,
                        event.case_ref,
                        event.staff_member,
                        event.occurred_on,
                        event.actor_id,
                        event.summary,
                    ),
                )

    def step(
        self,
        cursor: Cursor,
        at: Position,
        event: Any,
        step: str,
        stage: int | None,
        outcome: str | None,
        detail: str | None,
    ) -> None:
        """A step of a complaint; a lesson takes the stage the complaint is
        at when it is recorded (before this event changes it). An
        escalation moves the complaint to its stage."""
        aggregate_id = str(event.originator_id)
        complaint_id, stage_now = self.standing.get(
            aggregate_id,
            lambda: tuple(
                cursor.fetchall(
                    "SELECT complaint_id, stage FROM complaints WHERE aggregate_id = ?",
                    (aggregate_id,),
                )[0]
            ),
        )
        cursor.execute(
            STEP,
            (
                at.position,
                complaint_id,
                step,
                stage_now if stage is None else stage,
                event.occurred_on,
                outcome,
                detail,
                event.actor_id,
            ),
        )
        if step == "escalated" and stage is not None:
            self.standing.put(aggregate_id, (complaint_id, stage))
