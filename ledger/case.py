"""Cases, referred to by the council's case-system reference (no child names)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidTransition
from ledger.events import Attribution, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id


class Case(Aggregate):
    case_ref: str
    team: str
    district: str
    allocated_worker: str
    opened_on: date
    closed_on: date | None

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
        allocated_worker: str,
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
        case_ref: str
        team: str
        district: str
        allocated_worker: str

        def apply(self, aggregate: Any) -> None:
            aggregate.case_ref = self.case_ref
            aggregate.team = self.team
            aggregate.district = self.district
            aggregate.allocated_worker = self.allocated_worker
            aggregate.opened_on = self.occurred_on
            aggregate.closed_on = None

    def check_open(self) -> None:
        if self.closed_on is not None:
            raise InvalidTransition(
                f"case {self.case_ref} was closed on {self.closed_on}"
            )

    def transfer(
        self, by: Attribution, *, to_team: str, allocated_worker: str | None
    ) -> None:
        self.check_open()
        if to_team == self.team and allocated_worker in (None, self.allocated_worker):
            raise InvalidTransition(f"case {self.case_ref} is already with {to_team}")
        self.trigger_event(
            self.Transferred,
            from_team=self.team,
            to_team=to_team,
            allocated_worker=allocated_worker or self.allocated_worker,
            **by.stamp(),
        )

    class Transferred(LedgerEvent):
        from_team: str
        to_team: str
        allocated_worker: str

        def apply(self, aggregate: Any) -> None:
            aggregate.team = self.to_team
            aggregate.allocated_worker = self.allocated_worker

    def close(self, by: Attribution, *, reason: str) -> None:
        self.check_open()
        self.trigger_event(self.Closed, reason=reason, **by.stamp())

    class Closed(LedgerEvent):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.closed_on = self.occurred_on

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_ref": self.case_ref,
            "team": self.team,
            "district": self.district,
            "allocated_worker": self.allocated_worker,
            "opened_on": self.opened_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "status": "closed" if self.closed_on else "open",
        }
