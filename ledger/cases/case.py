"""Cases, referred to by the council's case-system reference (no child names)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import ClosureFunctionRequired, InvalidTransition, InvalidValue
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import TRANSFER_TRIGGERS, DecisionFunction, Team, Trigger

# §2.2: "The Case Closure Function should always be used when the case is to be
# closed."
CASE_CLOSURE_FUNCTION = "case-closure"


class Case(LedgerAggregate):
    TOPIC = "ledger.case:Case"
    case_ref: str
    team: str
    district: str
    allocated_worker: str
    opened_on: date
    closed_on: date | None
    triggers: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    # Moves between teams (not re-allocations within one), oldest first.
    transfers: list[dict[str, Any]]
    # §3.3: the overall grading of its latest whole case file or transfer
    # audit, as moderated: {"grade", "graded_on", "audit_id", "moderated"}.
    grading: dict[str, Any] | None

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(case_ref: str) -> UUID:
        return aggregate_id("case", case_ref)

    @classmethod
    def open(
        cls,
        by: Attribution,
        *,
        case_ref: str,
        team: str,
        district: str,
        allocated_worker: str | None,
    ) -> Case:
        return cls._create(
            cls.Opened,
            id=cls.id_for(case_ref),
            case_ref=case_ref,
            team=team,
            district=district,
            allocated_worker=allocated_worker,
            **by.stamp(),
        )

    class Opened(LedgerCreated):
        TOPIC = "ledger.case:Case.Opened"
        class_version = 1
        case_ref: str
        team: str
        district: str
        # None: open and not yet allocated (allowed since Reallocated came).
        allocated_worker: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.case_ref = self.case_ref
            aggregate.team = self.team
            aggregate.district = self.district
            aggregate.allocated_worker = self.allocated_worker
            aggregate.opened_on = self.occurred_on
            aggregate.closed_on = None
            aggregate.triggers = []
            aggregate.decisions = []
            aggregate.transfers = []
            aggregate.grading = None

    def check_open(self) -> None:
        if self.closed_on is not None:
            raise InvalidTransition(
                f"case {self.case_ref} was closed on {self.closed_on}"
            )

    def transfer(
        self,
        by: Attribution,
        *,
        to_team: str,
        allocated_worker: str | None,
        to_district: str | None = None,
    ) -> None:
        """A move to another team (and, if it says so, another district).
        A change of worker within the team is ``reallocate``."""
        self.check_open()
        if to_team == self.team:
            raise InvalidTransition(
                f"case {self.case_ref} is already with {to_team}; to change its "
                f"worker within the team use 'qaledger case allocate "
                f"{self.case_ref} --worker STAFF_ID'"
            )
        trigger = TRANSFER_TRIGGERS.get(Team.parse(to_team))
        self.trigger_event(
            self.Transferred,
            from_team=self.team,
            to_team=to_team,
            allocated_worker=allocated_worker or self.allocated_worker,
            trigger=trigger.value if trigger else None,
            to_district=(
                to_district if to_district not in (None, self.district) else None
            ),
            **by.stamp(),
        )

    class Transferred(LedgerEvent):
        """A move between teams. Version 1 transfers could also be to the
        same team with another worker (a reallocation, now ``Reallocated``);
        they still read as one."""

        TOPIC = "ledger.case:Case.Transferred"
        class_version = 2
        from_team: str
        to_team: str
        allocated_worker: str | None  # None: still not allocated
        # The §2.2 trigger this transfer is, if any (e.g. to Leaving Care).
        trigger: str | None
        # The district it moved to; None when it stayed in its district.
        to_district: str | None  # from version 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before version 2 a transfer kept the case's district."""
            state["to_district"] = None

        def apply(self, aggregate: Any) -> None:
            if self.to_district is not None:
                aggregate.district = self.to_district
            if self.to_team != self.from_team:
                aggregate.transfers.append(
                    {
                        "from_team": self.from_team,
                        "to_team": self.to_team,
                        "on": self.occurred_on.isoformat(),
                    }
                )
            aggregate.team = self.to_team
            aggregate.allocated_worker = self.allocated_worker
            if self.trigger:
                aggregate.triggers.append(
                    {"trigger": self.trigger, "on": self.occurred_on.isoformat()}
                )

    def reallocate(self, by: Attribution, *, allocated_worker: str) -> None:
        """Another worker in the same team takes the case on."""
        self.check_open()
        if allocated_worker == self.allocated_worker:
            raise InvalidTransition(
                f"case {self.case_ref} is already allocated to {allocated_worker}"
            )
        self.trigger_event(
            self.Reallocated, allocated_worker=allocated_worker, **by.stamp()
        )

    class Reallocated(LedgerEvent):
        TOPIC = "ledger.cases.case:Case.Reallocated"
        class_version = 1
        allocated_worker: str

        def apply(self, aggregate: Any) -> None:
            aggregate.allocated_worker = self.allocated_worker

    def close(self, by: Attribution, *, reason: str, function: str) -> None:
        self.check_open()
        if function != CASE_CLOSURE_FUNCTION:
            raise ClosureFunctionRequired(self.case_ref, function)
        self.trigger_event(self.Closed, reason=reason, function=function, **by.stamp())

    class Closed(LedgerEvent):
        TOPIC = "ledger.case:Case.Closed"
        class_version = 1
        reason: str
        function: str

        def apply(self, aggregate: Any) -> None:
            aggregate.closed_on = self.occurred_on
            aggregate.triggers.append(
                {"trigger": CASE_CLOSURE_FUNCTION, "on": self.occurred_on.isoformat()}
            )

    def record_trigger(self, by: Attribution, *, trigger: Trigger, note: str) -> None:
        """A §2.2 circumstance arose that needs a recorded management decision."""
        self.check_open()
        if trigger == Trigger.CASE_CLOSURE or trigger in TRANSFER_TRIGGERS.values():
            command = "close" if trigger == Trigger.CASE_CLOSURE else "transfer"
            raise InvalidTransition(
                f"{trigger.value} is recorded by 'qaledger case {command}', "
                "which records the trigger with it"
            )
        self.trigger_event(
            self.TriggerRecorded, trigger=trigger.value, note=note, **by.stamp()
        )

    class TriggerRecorded(LedgerEvent):
        TOPIC = "ledger.case:Case.TriggerRecorded"
        class_version = 1
        trigger: str
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.triggers.append(
                {"trigger": self.trigger, "on": self.occurred_on.isoformat()}
            )

    def record_decision(
        self,
        by: Attribution,
        *,
        kind: Trigger,
        function: DecisionFunction,
        decided_by: str,
        rationale: str,
    ) -> None:
        if self.closed_on is not None and by.occurred_on > self.closed_on:
            raise InvalidTransition(
                f"case {self.case_ref} was closed on {self.closed_on}; a decision "
                "dated after that cannot be recorded"
            )
        if not rationale.strip():
            raise InvalidValue("a management decision needs its rationale")
        self.trigger_event(
            self.DecisionRecorded,
            kind=kind.value,
            function=function.value,
            decided_by=decided_by,
            rationale=rationale.strip(),
            **by.stamp(),
        )

    class DecisionRecorded(LedgerEvent):
        TOPIC = "ledger.case:Case.DecisionRecorded"
        class_version = 1
        kind: str
        function: str
        decided_by: str
        rationale: str

        def apply(self, aggregate: Any) -> None:
            aggregate.decisions.append(
                {
                    "kind": self.kind,
                    "function": self.function,
                    "decided_by": self.decided_by,
                    "rationale": self.rationale,
                    "on": self.occurred_on.isoformat(),
                }
            )

    def last_transfer_on(self) -> date | None:
        """The day it last moved between teams, if it ever has."""
        if not self.transfers:
            return None
        return date.fromisoformat(self.transfers[-1]["on"])

    def add_grading(
        self, by: Attribution, *, audit_id: str, grade: str, moderated: bool
    ) -> None:
        """§3.3: "an overall judgement will be made about the file and a case
        grading will be added to the case records" (a closed case keeps its
        record: a moderation may come after closure)."""
        self.trigger_event(
            self.GradingAdded,
            audit_id=audit_id,
            grade=grade,
            moderated=moderated,
            **by.stamp(),
        )

    class GradingAdded(LedgerEvent):
        TOPIC = "ledger.cases.case:Case.GradingAdded"
        class_version = 1
        audit_id: str
        grade: str
        # Whether this is a head of service's moderation of the audit's grade.
        moderated: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.grading = {
                "grade": self.grade,
                "graded_on": self.occurred_on.isoformat(),
                "audit_id": self.audit_id,
                "moderated": self.moderated,
            }

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_ref": self.case_ref,
            "team": self.team,
            "district": self.district,
            "allocated_worker": self.allocated_worker,
            "opened_on": self.opened_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "status": "closed" if self.closed_on else "open",
            "triggers": list(self.triggers),
            "decisions": list(self.decisions),
            "transfers": list(self.transfers),
            "grading": dict(self.grading) if self.grading else None,
        }
