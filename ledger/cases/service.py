"""Commands on cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.base import Service
from ledger.cases.case import Case
from ledger.errors import (
    DateTooEarly,
    IdAlreadyUsed,
    InvalidValue,
    NoSuchCase,
    RoleNotPermitted,
)
from ledger.ids import check_readable_id
from ledger.permissions import allowed_roles
from ledger.vocabulary import MANAGERS, DecisionFunction, Role, Team, Trigger


class CaseService(Service):
    """``qaledger case``: opened, transferred, closed; triggers and the
    management decisions they need (§2.2)."""

    def open(
        self,
        actor: str,
        *,
        case_ref: str,
        team: str,
        district: str,
        worker: str | None,
        on: date | None = None,
    ) -> str:
        """Open a case, allocated to ``worker`` or (None) not yet allocated."""
        by = self.app.attribute("case open", actor, on)
        case_ref = check_readable_id("case reference", case_ref)
        team_ = Team.parse(team)
        if not district.strip():
            raise InvalidValue("a case needs the district it is held in")
        if worker is not None:
            worker = self.app.employed_staff_member(worker, by.occurred_on).staff_id
        if self.app.exists(Case.id_for(case_ref)):
            raise IdAlreadyUsed("case", case_ref)
        case = Case.open(
            by,
            case_ref=case_ref,
            team=team_.value,
            district=district.strip(),
            allocated_worker=worker,
        )
        self.app.save_all(case)
        return case_ref

    def transfer(
        self,
        actor: str,
        *,
        case_ref: str,
        to_team: str,
        worker: str | None = None,
        district: str | None = None,
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("case transfer", actor, on)
        case = self.case_file(case_ref)
        team_ = Team.parse(to_team)
        if worker is not None:
            self.app.employed_staff_member(worker, by.occurred_on)
        check_not_before_opening(case, by.occurred_on)
        case.transfer(
            by,
            to_team=team_.value,
            allocated_worker=worker,
            to_district=clean_district(district),
        )
        self.app.save_all(case)

    def allocate(
        self, actor: str, *, case_ref: str, worker: str, on: date | None = None
    ) -> None:
        """Allocate the case to another worker within its team."""
        by = self.app.attribute("case allocate", actor, on)
        case = self.case_file(case_ref)
        member = self.app.employed_staff_member(worker, by.occurred_on)
        check_not_before_opening(case, by.occurred_on)
        case.reallocate(by, allocated_worker=member.staff_id)
        self.app.save_all(case)

    def close(
        self,
        actor: str,
        *,
        case_ref: str,
        reason: str,
        function: str,
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("case close", actor, on)
        case = self.case_file(case_ref)
        if not reason.strip():
            raise InvalidValue("closing a case needs a reason")
        check_not_before_opening(case, by.occurred_on)
        case.close(by, reason=reason.strip(), function=function.strip().lower())
        self.app.save_all(case)

    def record_trigger(
        self,
        actor: str,
        *,
        case_ref: str,
        trigger: str,
        note: str = "",
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("case trigger", actor, on)
        case = self.case_file(case_ref)
        check_not_before_opening(case, by.occurred_on)
        case.record_trigger(by, trigger=Trigger.parse(trigger), note=note.strip())
        self.app.save_all(case)

    def record_decision(
        self,
        actor: str,
        *,
        case_ref: str,
        kind: str,
        function: str,
        rationale: str,
        decided_by: str | None = None,
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("case decide", actor, on)
        case = self.case_file(case_ref)
        kind_, function_ = Trigger.parse(kind), DecisionFunction.parse(function)
        decider = self.app.employed_staff_member(decided_by or actor, by.occurred_on)
        if Role.parse(decider.role) not in MANAGERS:
            raise RoleNotPermitted(
                "make a management decision", decider.role, allowed_roles("case decide")
            )
        check_not_before_opening(case, by.occurred_on)
        case.record_decision(
            by,
            kind=kind_,
            function=function_,
            decided_by=decider.staff_id,
            rationale=rationale,
        )
        self.app.save_all(case)

    def case_file(self, case_ref: str) -> Case:
        return self.app.load(Case, Case.id_for(case_ref), NoSuchCase(case_ref))

    def show(self, case_ref: str) -> dict[str, Any]:
        return self.case_file(case_ref).as_dict()


def check_not_before_opening(case: Case, on: date) -> None:
    if on < case.opened_on:
        raise DateTooEarly(
            f"{on} is before case {case.case_ref} was opened on {case.opened_on}"
        )


def clean_district(district: str | None) -> str | None:
    """A district as given, or None when none was given; a blank one is
    refused."""
    if district is None:
        return None
    if not district.strip():
        raise InvalidValue("a district cannot be blank: give its name or leave it out")
    return district.strip()
