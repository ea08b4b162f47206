"""The compliance rows of recently touched subjects, held in memory in step
with the table, so that matching a record to what it meets needs no query.

Every change goes to the table through the (buffered) cursor and to the book
at once. A subject first seen in this run (its staff member joined, its case
opened...) is known to have no rows; any other is read from the table once,
then kept. The least recently used subjects are dropped past ``capacity``,
which bounds memory however long the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from projections.engine.read_store import Cursor
from projections.engine.recent import Recent

MET = "CASE WHEN ? <= due_on THEN 'met' ELSE 'met late' END"
CAPACITY = 10_000


def day(value: date | str) -> date:
    """A DATE column as read: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass
class Requirement:
    requirement_id: str
    requirement: str
    subject_id: str
    case_ref: str | None
    staff_id: str | None
    team: str | None
    due_on: date
    met_on: date | None
    status: str
    source_position: int
    # Who must act on it (projections/duties.py).
    responsible: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass
class EarlyDecision:
    source_position: int
    kind: str
    decided_on: date


@dataclass
class SubjectBook:
    requirements: list[Requirement] = field(default_factory=list)
    early_decisions: list[EarlyDecision] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Requirement]:
        return [r for r in self.requirements if r.requirement in kinds]


class ComplianceBook:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.books: Recent[str, SubjectBook] = Recent(capacity)

    def clear(self) -> None:
        self.books.clear()

    def new_subject(self, subject_id: str) -> SubjectBook:
        """A subject whose first event is being applied: it has no rows yet."""
        return self.books.put(subject_id, SubjectBook())

    def subject(self, cursor: Cursor, subject_id: str) -> SubjectBook:
        return self.books.get(subject_id, lambda: self.load(cursor, subject_id))

    def load(self, cursor: Cursor, subject_id: str) -> SubjectBook:
        rows = cursor.fetchall(
            "SELECT requirement_id, requirement, subject_id, case_ref, staff_id, team, "
            "due_on, met_on, status, source_position, responsible FROM compliance "
            "WHERE subject_id = ?",
            (subject_id,),
        )
        early = cursor.fetchall(
            "SELECT source_position, kind, decided_on FROM compliance_early_decisions "
            "WHERE case_ref = ?",
            (subject_id,),
        )
        return SubjectBook(
            [
                Requirement(
                    requirement_id=row[0],
                    requirement=row[1],
                    subject_id=row[2],
                    case_ref=row[3],
                    staff_id=row[4],
                    team=row[5],
                    due_on=day(row[6]),
                    met_on=day(row[7]) if row[7] is not None else None,
                    status=row[8],
                    source_position=int(row[9]),
                    responsible=row[10],
                )
                for row in rows
            ],
            [EarlyDecision(int(r[0]), r[1], day(r[2])) for r in early],
        )

    # Changes, to the book and the table together.

    def add(self, cursor: Cursor, book: SubjectBook, requirement: Requirement) -> None:
        cursor.execute(
            "INSERT INTO compliance (requirement_id, requirement, subject_id, "
            "case_ref, staff_id, team, due_on, met_on, status, source_position, "
            "responsible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                requirement.requirement_id,
                requirement.requirement,
                requirement.subject_id,
                requirement.case_ref,
                requirement.staff_id,
                requirement.team,
                requirement.due_on,
                None,
                "open",
                requirement.source_position,
                requirement.responsible,
            ),
        )
        book.requirements.append(requirement)

    def set_met(self, cursor: Cursor, requirement: Requirement, on: date) -> None:
        cursor.execute(
            f"UPDATE compliance SET met_on = ?, status = {MET} "
            "WHERE requirement_id = ?",
            (on, on, requirement.requirement_id),
        )
        requirement.met_on = on
        requirement.status = "met" if on <= requirement.due_on else "met late"

    def set_open(self, cursor: Cursor, requirement: Requirement) -> None:
        """Not met after all (a review taken for it turned out to be in the
        same month as the first)."""
        cursor.execute(
            "UPDATE compliance SET met_on = NULL, status = 'open' "
            "WHERE requirement_id = ?",
            (requirement.requirement_id,),
        )
        requirement.met_on = None
        requirement.status = "open"

    def withdraw(
        self, cursor: Cursor, book: SubjectBook, requirements: list[Requirement]
    ) -> None:
        cursor.executemany(
            "DELETE FROM compliance WHERE requirement_id = ?",
            [(r.requirement_id,) for r in requirements],
        )
        gone = {r.requirement_id for r in requirements}
        book.requirements = [
            r for r in book.requirements if r.requirement_id not in gone
        ]

    def add_early(
        self, cursor: Cursor, book: SubjectBook, case_ref: str, early: EarlyDecision
    ) -> None:
        cursor.execute(
            "INSERT INTO compliance_early_decisions VALUES (?, ?, ?, ?)",
            (early.source_position, case_ref, early.kind, early.decided_on),
        )
        book.early_decisions.append(early)

    def use_early(
        self, cursor: Cursor, book: SubjectBook, early: EarlyDecision
    ) -> None:
        cursor.execute(
            "DELETE FROM compliance_early_decisions WHERE source_position = ?",
            (early.source_position,),
        )
        book.early_decisions.remove(early)
