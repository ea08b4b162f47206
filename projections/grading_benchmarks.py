"""grading_benchmarks: one row per grading and per moderation, with what the
benchmark is cut by (cycle, period, team, district, kind, auditor), kept
beside audit_facts (one row per audit)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from ledger.audits.audit import Audit
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent


def periods(day: date) -> tuple[str, str, str]:
    """Month, quarter and half-year labels: 2026-11, 2026Q4, 2026H2."""
    return (
        f"{day.year}-{day.month:02d}",
        f"{day.year}Q{(day.month - 1) // 3 + 1}",
        f"{day.year}H{1 if day.month <= 6 else 2}",
    )


class GradingBenchmarks(Projection):
    name = "grading_benchmarks"
    tables: ClassVar[tuple[str, ...]] = ("grading_benchmarks", "audit_facts")

    def __init__(self) -> None:
        # audit_id, kind, cycle, team, district, auditor: what a grading row copies.
        self.facts: Recent[str, tuple[Any, ...]] = Recent()

    def reset(self) -> None:
        self.facts.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case Audit.Scheduled():
                cursor.execute(
                    "INSERT INTO audit_facts (audit_id, audit_kind, cycle, "
                    "case_ref, team, district, auditor, status, started_on, "
                    "completed_on, aggregate_id, joint_auditor) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        event.audit_id,
                        event.kind,
                        event.cycle,
                        event.case_ref,
                        event.team,
                        event.district,
                        event.auditor,
                        "scheduled",
                        None,
                        None,
                        str(event.originator_id),
                        event.joint_auditor,
                    ),
                )
                self.facts.put(
                    str(event.originator_id),
                    (
                        event.audit_id,
                        event.kind,
                        event.cycle,
                        event.team,
                        event.district,
                        event.auditor,
                    ),
                )
            case Audit.Started():
                self.set_status(cursor, event, "started", "started_on")
            case Audit.Completed():
                self.set_status(cursor, event, "completed", "completed_on")
            case Audit.Cancelled():
                self.set_status(cursor, event, "cancelled", None)
            case Audit.GradingGiven():
                self.add_row(cursor, event, at, event.grade, None, None)
            case Audit.GradingModerated():
                self.add_row(
                    cursor, event, at, event.replaces, event.actor_id, event.grade
                )

    def set_status(
        self, cursor: Cursor, event: Any, status: str, date_column: str | None
    ) -> None:
        dated = f", {date_column} = ?" if date_column else ""
        params = (status, event.occurred_on) if date_column else (status,)
        cursor.execute(
            f"UPDATE audit_facts SET status = ?{dated} WHERE aggregate_id = ?",
            (*params, str(event.originator_id)),
        )

    def add_row(
        self,
        cursor: Cursor,
        event: Any,
        at: Position,
        grade_given: str,
        moderator: str | None,
        moderated_grade: str | None,
    ) -> None:
        aggregate_id = str(event.originator_id)
        facts = self.facts.get(
            aggregate_id,
            lambda: tuple(
                cursor.fetchall(
                    "SELECT audit_id, audit_kind, cycle, team, district, auditor "
                    "FROM audit_facts WHERE aggregate_id = ?",
                    (aggregate_id,),
                )[0]
            ),
        )
        agreed = None if moderated_grade is None else moderated_grade == grade_given
        cursor.execute(
            "INSERT INTO grading_benchmarks VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at.position,
                facts[0],
                facts[1],
                facts[2],
                event.occurred_on,
                *periods(event.occurred_on),
                facts[3],
                facts[4],
                facts[5],
                grade_given,
                moderator,
                moderated_grade,
                agreed,
            ),
        )
