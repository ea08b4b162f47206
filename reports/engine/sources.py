"""Read-only queries on the read models, each giving a lazy polars frame.

Filters that cut a big table down (a cycle, a period, a kind) are pushed into
SQL, where the tables' indexes serve them; the figures are computed in
polars. Every table with a position column is read up to the snapshot's
position only. Column meanings are in projections/README.md.

Every table is also read as it stood at the end of the report's ``as_of``
day: what happened later (a grading, a moderation, a completion, a step of a
complaint, a return, a meeting) is not there, and an audit completed later
shows as started. So a report "as of 31 October" says nothing of November,
however late it is run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from reports.engine.periods import Period
from reports.engine.snapshot import Snapshot

S = pl.String()
D = pl.Date()
I64 = pl.Int64()
B = pl.Boolean()

GRADINGS: dict[str, pl.DataType] = {
    "position": I64,
    "audit_id": S,
    "audit_kind": S,
    "cycle": S,
    "graded_on": D,
    "team": S,
    "district": S,
    "auditor": S,
    "grade_given": S,
    "moderator": S,
    "moderated_grade": S,
    "agreed": B,
}
AUDITS: dict[str, pl.DataType] = {
    "audit_id": S,
    "audit_kind": S,
    "cycle": S,
    "case_ref": S,
    "team": S,
    "district": S,
    "auditor": S,
    "status": S,
    "started_on": D,
    "completed_on": D,
}
ACTIONS: dict[str, pl.DataType] = {
    "action_id": S,
    "source_audit": S,
    "source_cycle": S,
    "case_ref": S,
    "owner": S,
    "description": S,
    "set_on": D,
    "due_on": D,
    "completed_on": D,
    "follow_ups": I64,
    "escalated_on": D,
}
COMPLIANCE: dict[str, pl.DataType] = {
    "requirement": S,
    "subject_id": S,
    "case_ref": S,
    "staff_id": S,
    "team": S,
    "due_on": D,
    "met_on": D,
    "status": S,
}
SUPERVISION: dict[str, pl.DataType] = {
    "supervisee": S,
    "supervised_on": D,
    "supervisor": S,
    "employment_end": D,
    "retain_until": D,
}
STAFF: dict[str, pl.DataType] = {"staff_id": S, "team": S, "role": S}
TRAIL: dict[str, pl.DataType] = {
    "position": I64,
    "occurred_on": D,
    "actor": S,
    "aggregate_type": S,
    "aggregate_id": S,
    "case_ref": S,
    "staff_id": S,
    "event_kind": S,
    "summary": S,
}
COMPLAINTS: dict[str, pl.DataType] = {
    "complaint_id": S,
    "team": S,
    "category": S,
    "case_ref": S,
    "received_on": D,
}
COMPLAINT_STEPS: dict[str, pl.DataType] = {
    "position": I64,
    "complaint_id": S,
    "step": S,
    "stage": I64,
    "occurred_on": D,
    "outcome": S,
    "detail": S,
}
COMPLIMENTS: dict[str, pl.DataType] = {
    "compliment_id": S,
    "team": S,
    "received_on": D,
    "summary": S,
}
QUESTIONNAIRES: dict[str, pl.DataType] = {
    "questionnaire_id": S,
    "reason": S,
    "sent_on": D,
    "returned_on": D,
    "overall": I64,
}
OBSERVATIONS: dict[str, pl.DataType] = {
    "observation_id": S,
    "staff_member": S,
    "observed_on": D,
    "outcome": S,
    "support_needed": B,
}
MEETINGS: dict[str, pl.DataType] = {
    "meeting_id": S,
    "held_on": D,
    "chair": S,
    "focus": S,
    "reports_tabled": I64,
    "actions_reviewed": I64,
}


def columns(schema: dict[str, pl.DataType], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + name for name in schema)


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class Sources:
    """The read models of one snapshot, as the report jobs read them."""

    def __init__(self, snap: Snapshot, as_of: date | None = None) -> None:
        self.snap = snap
        self.position = snap.position
        # None: as the snapshot stands (no later day cut off).
        self.as_of = as_of or date.max

    def by_then(self, column: str) -> str:
        """``column``, a day, or NULL where it is after ``as_of`` (one
        ``as_of`` parameter)."""
        return f"CASE WHEN {column} > ? THEN NULL ELSE {column} END"

    def read(
        self, statement: str, params: Sequence[Any], schema: dict[str, pl.DataType]
    ) -> pl.LazyFrame:
        return self.snap.frame(statement, params, schema)

    # What the ledger holds periods of.

    def cycles_opened(self) -> list[str]:
        """The whole case file audit cycles the ledger records opening (to
        name them; whether one was is ``ledger.programme.cycle_opened``)."""
        rows = self.snap.frame(
            "SELECT DISTINCT aggregate_id FROM audit_trail WHERE position <= ? "
            "AND aggregate_type = 'AuditCycle' AND event_kind = 'Opened'",
            (self.position,),
            {"cycle": S},
        ).collect()
        return sorted(rows["cycle"].to_list())

    # Audits and gradings (grading_benchmarks, audit_facts).

    def gradings(
        self,
        *,
        kind: str | None = None,
        cycles_up_to: str | None = None,
        audits_active_in: Period | None = None,
    ) -> pl.LazyFrame:
        """Every grading and moderation: of one audit kind, in cycles up to
        ``cycles_up_to``, or of audits started or completed within a period.
        Audits cancelled after grading are left out."""
        where, params = self.audit_filter("g", kind, cycles_up_to)
        if audits_active_in is not None:
            active, active_params = self.active_audits(audits_active_in)
            where += f" AND g.audit_id IN ({active})"
            params += active_params
        return self.read(
            f"SELECT {columns(GRADINGS, 'g')} FROM grading_benchmarks g "
            f"WHERE g.position <= ? AND g.graded_on <= ? {where} AND NOT EXISTS "
            "(SELECT 1 FROM audit_facts f WHERE f.audit_id = g.audit_id "
            "AND f.status = 'cancelled')",
            (self.position, self.as_of, *params),
            GRADINGS,
        )

    @staticmethod
    def active_audits(period: Period) -> tuple[str, list[Any]]:
        """Audits started or completed within ``period``, as a subquery."""
        return (
            "SELECT audit_id FROM audit_facts WHERE (started_on BETWEEN ? AND ?) "
            "OR (completed_on BETWEEN ? AND ?)",
            [period.start, period.end] * 2,
        )

    def audits(
        self,
        *,
        kind: str | None = None,
        cycles_up_to: str | None = None,
        active_in: Period | None = None,
    ) -> pl.LazyFrame:
        """Audits: of a kind, in cycles up to one, or started or completed
        within a period."""
        where, params = self.audit_filter("a", kind, cycles_up_to)
        if active_in is not None:
            active, active_params = self.active_audits(active_in)
            where += f" AND a.audit_id IN ({active})"
            params += active_params
        # As at the end of as_of: not started, or not completed, by then.
        as_then = (
            "a.audit_id, a.audit_kind, a.cycle, a.case_ref, a.team, a.district, "
            "a.auditor, CASE WHEN a.status = 'cancelled' THEN a.status "
            "WHEN a.started_on IS NULL OR a.started_on > ? THEN 'scheduled' "
            "WHEN a.completed_on IS NULL OR a.completed_on > ? THEN 'started' "
            f"ELSE 'completed' END, {self.by_then('a.started_on')}, "
            f"{self.by_then('a.completed_on')}"
        )
        return self.read(
            f"SELECT {as_then} FROM audit_facts a WHERE 1 = 1 {where}",
            [*[self.as_of] * 4, *params],
            AUDITS,
        )

    @staticmethod
    def audit_filter(
        alias: str, kind: str | None, cycles_up_to: str | None
    ) -> tuple[str, list[Any]]:
        where, params = "", []
        if kind is not None:
            where += f" AND {alias}.audit_kind = ?"
            params.append(kind)
        if cycles_up_to is not None:
            where += f" AND {alias}.cycle IS NOT NULL AND {alias}.cycle <= ?"
            params.append(cycles_up_to)
        return where, params

    def moderation_notes(self, cycle: str) -> pl.LazyFrame:
        """What the audit trail says of each moderation in ``cycle``: the
        rationale is in the trail's sentence, not in grading_benchmarks."""
        return self.read(
            "SELECT t.position, t.summary FROM audit_trail t WHERE t.position IN "
            "(SELECT g.position FROM grading_benchmarks g WHERE g.cycle = ? "
            "AND g.moderator IS NOT NULL AND g.position <= ?)",
            (cycle, self.position),
            {"position": I64, "summary": S},
        )

    # Actions and compliance.

    def actions(
        self, *, cycle: str | None = None, audits_active_in: Period | None = None
    ) -> pl.LazyFrame:
        """Every action; or those set from ``cycle``'s audits or its action
        plan; or those set from audits started or completed in a period."""
        where, params = self.action_filter(cycle)
        if audits_active_in is not None:
            active, active_params = self.active_audits(audits_active_in)
            where += f" AND source_audit IN ({active})"
            params += active_params
        as_then = (
            columns(ACTIONS)
            .replace("completed_on", self.by_then("completed_on"))
            .replace("escalated_on", self.by_then("escalated_on"))
        )
        return self.read(
            f"SELECT {as_then} FROM actions WHERE set_on <= ? AND {where}",
            [self.as_of, self.as_of, self.as_of, *params],
            ACTIONS,
        )

    @staticmethod
    def action_filter(cycle: str | None) -> tuple[str, list[Any]]:
        if cycle is None:
            return "1 = 1", []
        return (
            "(source_cycle = ? OR source_audit IN "
            "(SELECT audit_id FROM audit_facts WHERE cycle = ?))",
            [cycle, cycle],
        )

    def compliance(
        self,
        *,
        requirements: Sequence[str] = (),
        prefix: str | None = None,
        due_in: Period | None = None,
        actions_of_cycle: str | None = None,
    ) -> pl.LazyFrame:
        """Requirement instances: of the named requirements or those whose
        name starts with ``prefix``, due within a period, or the follow-ups
        of a cycle's actions."""
        where = "source_position <= ?"
        params: list[Any] = [self.position]
        if requirements:
            where += f" AND requirement IN ({marks(requirements)})"
            params += list(requirements)
        if prefix is not None:
            where += " AND requirement LIKE ?"
            params.append(prefix + "%")
        if due_in is not None:
            where += " AND due_on BETWEEN ? AND ?"
            params += [due_in.start, due_in.end]
        if actions_of_cycle is not None:
            action_where, action_params = self.action_filter(actions_of_cycle)
            where += (
                " AND subject_id IN "
                f"(SELECT action_id FROM actions WHERE {action_where})"
            )
            params += action_params
        as_then = columns(COMPLIANCE).replace("met_on", self.by_then("met_on"))
        return self.read(
            f"SELECT {as_then} FROM compliance WHERE {where}",
            [self.as_of, *params],
            COMPLIANCE,
        )

    # Supervision and staff.

    def supervision_records(self) -> pl.LazyFrame:
        return self.read(
            f"SELECT {columns(SUPERVISION)} FROM supervision_retention "
            "WHERE record_position <= ? AND supervised_on <= ?",
            (self.position, self.as_of),
            SUPERVISION,
        )

    def staff(self) -> pl.LazyFrame:
        """Each staff member's current team and role."""
        return self.read(
            "SELECT subject_id, team, role FROM compliance_subjects "
            "WHERE role IS NOT NULL",
            (),
            STAFF,
        )

    # The audit trail.

    def trail(
        self,
        *,
        aggregate_type: str,
        event_kinds: Sequence[str],
        within: Period | None = None,
        aggregate_ids: Sequence[str] = (),
    ) -> pl.LazyFrame:
        where = (
            f"position <= ? AND occurred_on <= ? AND aggregate_type = ? "
            f"AND event_kind IN ({marks(event_kinds)})"
        )
        params: list[Any] = [self.position, self.as_of, aggregate_type, *event_kinds]
        if within is not None:
            where += " AND occurred_on BETWEEN ? AND ?"
            params += [within.start, within.end]
        if aggregate_ids:
            where += f" AND aggregate_id IN ({marks(aggregate_ids)})"
            params += list(aggregate_ids)
        return self.read(
            f"SELECT {columns(TRAIL)} FROM audit_trail WHERE {where}", params, TRAIL
        )

    # Complaints, compliments, feedback, observations, meetings (§3.7, §4.1).

    def complaints(self) -> pl.LazyFrame:
        return self.read(
            f"SELECT {columns(COMPLAINTS)} FROM complaints WHERE position <= ? "
            "AND received_on <= ?",
            (self.position, self.as_of),
            COMPLAINTS,
        )

    def complaint_steps(self) -> pl.LazyFrame:
        return self.read(
            f"SELECT {columns(COMPLAINT_STEPS)} FROM complaint_steps "
            "WHERE position <= ? AND occurred_on <= ?",
            (self.position, self.as_of),
            COMPLAINT_STEPS,
        )

    def compliments(self, within: Period) -> pl.LazyFrame:
        return self.read(
            f"SELECT {columns(COMPLIMENTS)} FROM compliments WHERE position <= ? "
            "AND received_on BETWEEN ? AND ? AND received_on <= ?",
            (self.position, within.start, within.end, self.as_of),
            COMPLIMENTS,
        )

    def questionnaires(self, within: Period) -> pl.LazyFrame:
        return self.read(
            "SELECT questionnaire_id, reason, sent_on, "
            f"{self.by_then('returned_on')}, "
            "CASE WHEN returned_on > ? THEN NULL ELSE overall END "
            "FROM questionnaires WHERE position <= ? AND sent_on <= ? "
            "AND ((sent_on BETWEEN ? AND ?) OR (returned_on BETWEEN ? AND ?))",
            (
                self.as_of,
                self.as_of,
                self.position,
                self.as_of,
                *[within.start, within.end] * 2,
            ),
            QUESTIONNAIRES,
        )

    def observations(self) -> pl.LazyFrame:
        return self.read(
            f"SELECT {columns(OBSERVATIONS)} FROM observations WHERE position <= ? "
            "AND observed_on <= ?",
            (self.position, self.as_of),
            OBSERVATIONS,
        )

    def meetings(self, within: Period) -> pl.LazyFrame:
        return self.read(
            "SELECT m.meeting_id, m.held_on, m.chair, m.focus, "
            "(SELECT COUNT(*) FROM meeting_items i WHERE i.meeting_id = m.meeting_id "
            "AND i.kind = 'report'), "
            "(SELECT COUNT(*) FROM meeting_items i WHERE i.meeting_id = m.meeting_id "
            "AND i.kind = 'action') "
            "FROM meetings m WHERE m.position <= ? AND m.held_on BETWEEN ? AND ? "
            "AND m.held_on <= ?",
            (self.position, within.start, within.end, self.as_of),
            MEETINGS,
        )
