"""The audit programme (§3.1 to §3.6): six-monthly whole case file audit
cycles, monthly thematic schedules and heads of service's monthly samples.

A drawn sample records its seed, the log position its population was read
at, the population itself and the cases drawn, so anyone can redraw it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidTransition, InvalidValue
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id

PERIOD = re.compile(r"^(\d{4})H([12])$")


def check_period(period: str) -> str:
    period = period.strip().upper()
    if not PERIOD.match(period):
        raise InvalidValue(
            f"cycle period {period!r} must be a year and half, like 2026H1 or 2026H2"
        )
    return period


def period_start(period: str) -> date:
    match = PERIOD.match(period)
    assert match is not None
    return date(int(match[1]), 1 if match[2] == "1" else 7, 1)


def recorded_sample(drawn: Any) -> dict[str, Any]:
    """What a drawn sample's event records, as its aggregate keeps it: enough
    for anyone to redraw it (``redraw_check``)."""
    return {
        "seed": drawn.seed,
        "size": drawn.size,
        "as_of_position": drawn.as_of_position,
        "look_back_months": drawn.look_back_months,
        "population": drawn.population,
        "drawn": list(drawn.drawn),
        "drawn_on": drawn.occurred_on.isoformat(),
    }


class AuditCycle(LedgerAggregate):
    """A six-monthly whole case file audit cycle (§3.3)."""

    TOPIC = "ledger.cycle:AuditCycle"

    period: str
    target_size: int
    sample: dict[str, Any] | None
    allocations: dict[str, dict[str, str]]
    closed_on: date | None
    findings: str | None
    action_ids: list[str]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(period: str) -> UUID:
        return aggregate_id("audit-cycle", period)

    @classmethod
    def open(cls, by: Attribution, *, period: str, target_size: int) -> AuditCycle:
        return cls._create(
            cls.Opened,
            id=cls.id_for(period),
            period=period,
            target_size=target_size,
            **by.stamp(),
        )

    class Opened(LedgerCreated):
        TOPIC = "ledger.cycle:AuditCycle.Opened"
        class_version = 1
        period: str
        target_size: int

        def apply(self, aggregate: Any) -> None:
            aggregate.period = self.period
            aggregate.target_size = self.target_size
            aggregate.sample = None
            aggregate.allocations = {}
            aggregate.closed_on = None
            aggregate.findings = None
            aggregate.action_ids = []

    def check_open(self) -> None:
        if self.closed_on is not None:
            raise InvalidTransition(f"cycle {self.period} closed on {self.closed_on}")

    def draw_sample(self, by: Attribution, *, sample: dict[str, Any]) -> None:
        self.check_open()
        if self.sample is not None:
            raise InvalidTransition(
                f"the sample for {self.period} was drawn on {self.sample['drawn_on']}; "
                "a sample is drawn once (check it with 'qaledger cycle redraw-check')"
            )
        self.trigger_event(self.SampleDrawn, **sample, **by.stamp())

    class SampleDrawn(LedgerEvent):
        TOPIC = "ledger.cycle:AuditCycle.SampleDrawn"
        class_version = 1
        seed: int
        size: int
        as_of_position: int
        look_back_months: int
        population: dict[str, list[str]]
        drawn: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.sample = recorded_sample(self)

    def allocate(
        self, by: Attribution, *, allocations: dict[str, dict[str, str]], week: date
    ) -> None:
        self.check_open()
        if self.sample is None:
            raise InvalidTransition(f"no sample has been drawn for {self.period}")
        if self.allocations:
            raise InvalidTransition(f"auditors for {self.period} are already allocated")
        self.trigger_event(
            self.AuditorsAllocated, allocations=allocations, week=week, **by.stamp()
        )

    class AuditorsAllocated(LedgerEvent):
        TOPIC = "ledger.cycle:AuditCycle.AuditorsAllocated"
        class_version = 1
        # case_ref -> {"auditor": staff id, "audit_id": the audit scheduled}
        allocations: dict[str, dict[str, str]]
        week: date

        def apply(self, aggregate: Any) -> None:
            aggregate.allocations = dict(self.allocations)

    def close(self, by: Attribution, *, findings: str, action_ids: list[str]) -> None:
        self.check_open()
        if not self.allocations:
            raise InvalidTransition(
                f"cycle {self.period} has no audits allocated yet; nothing to close"
            )
        if not findings.strip():
            raise InvalidValue("closing a cycle needs its key findings")
        self.trigger_event(
            self.Closed, findings=findings, action_ids=action_ids, **by.stamp()
        )

    class Closed(LedgerEvent):
        TOPIC = "ledger.cycle:AuditCycle.Closed"
        class_version = 1
        findings: str
        action_ids: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.closed_on = self.occurred_on
            aggregate.findings = self.findings
            aggregate.action_ids = list(self.action_ids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "target_size": self.target_size,
            "sample": self.sample,
            "allocations": self.allocations,
            "status": "closed" if self.closed_on else "open",
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "findings": self.findings,
            "action_ids": list(self.action_ids),
        }


class HeadOfServiceSample(LedgerAggregate):
    """A head of service's monthly random sample of a team's open cases (§3.5)."""

    TOPIC = "ledger.cycle:HeadOfServiceSample"

    key: str
    team: str
    month: str
    head_of_service: str
    sample: dict[str, Any]
    audit_ids: list[str]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def key_for(month: str, team: str) -> str:
        return f"{month}/{team}"

    @staticmethod
    def id_for(key: str) -> UUID:
        return aggregate_id("hos-sample", key)

    @classmethod
    def draw(
        cls,
        by: Attribution,
        *,
        month: str,
        team: str,
        sample: dict[str, Any],
        audit_ids: list[str],
    ) -> HeadOfServiceSample:
        key = cls.key_for(month, team)
        return cls._create(
            cls.Drawn,
            id=cls.id_for(key),
            key=key,
            month=month,
            team=team,
            audit_ids=audit_ids,
            **sample,
            **by.stamp(),
        )

    class Drawn(LedgerCreated):
        TOPIC = "ledger.cycle:HeadOfServiceSample.Drawn"
        class_version = 1
        key: str
        month: str
        team: str
        seed: int
        size: int
        as_of_position: int
        look_back_months: int
        population: dict[str, list[str]]
        drawn: list[str]
        audit_ids: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.key = self.key
            aggregate.month = self.month
            aggregate.team = self.team
            aggregate.head_of_service = self.actor_id
            aggregate.audit_ids = list(self.audit_ids)
            aggregate.sample = recorded_sample(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "month": self.month,
            "team": self.team,
            "head_of_service": self.head_of_service,
            "sample": self.sample,
            "audit_ids": list(self.audit_ids),
        }


class ThematicSchedule(LedgerAggregate):
    """One month's thematic audit (§3.2): theme, week, auditors, and the
    management-team (SSMT) date its findings are due."""

    TOPIC = "ledger.cycle:ThematicSchedule"

    key: str
    month: str
    theme: str
    week: date
    auditors: list[str]
    findings_due_on: date

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(key: str) -> UUID:
        return aggregate_id("thematic-schedule", key)

    @classmethod
    def plan(
        cls,
        by: Attribution,
        *,
        month: str,
        theme: str,
        week: date,
        auditors: list[str],
        findings_due_on: date,
    ) -> ThematicSchedule:
        key = f"{month}/{theme.lower()}"
        return cls._create(
            cls.Planned,
            id=cls.id_for(key),
            key=key,
            month=month,
            theme=theme,
            week=week,
            auditors=auditors,
            findings_due_on=findings_due_on,
            **by.stamp(),
        )

    class Planned(LedgerCreated):
        TOPIC = "ledger.cycle:ThematicSchedule.Planned"
        class_version = 1
        key: str
        month: str
        theme: str
        week: date
        auditors: list[str]
        findings_due_on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.key = self.key
            aggregate.month = self.month
            aggregate.theme = self.theme
            aggregate.week = self.week
            aggregate.auditors = list(self.auditors)
            aggregate.findings_due_on = self.findings_due_on

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "month": self.month,
            "theme": self.theme,
            "week": self.week.isoformat(),
            "auditors": list(self.auditors),
            "findings_due_on": self.findings_due_on.isoformat(),
        }
