"""Commands on staff members, and the first administrator."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.base import Service
from ledger.errors import (
    IdAlreadyUsed,
    InvalidValue,
    LedgerAlreadyInitialised,
)
from ledger.events import Attribution
from ledger.ids import check_readable_id
from ledger.staff.login import Login, check_login
from ledger.staff.member import StaffMember
from ledger.vocabulary import SERVICE_WIDE_ROLES, Role, Team


class StaffService(Service):
    """``qaledger init`` and ``qaledger staff``: the first administrator,
    joiners, role changes, leavers and their database logins."""

    def init(self, *, admin_id: str, name: str, on: date | None = None) -> str:
        """Start an empty ledger with its first administrator."""
        if self.app.has_events():
            raise LedgerAlreadyInitialised()
        admin_id = check_readable_id("staff id", admin_id)
        occurred_on = self.app.check_date(on)
        by = Attribution(admin_id, Role.ADMINISTRATOR.value, occurred_on)
        member = StaffMember.join(
            by,
            staff_id=admin_id,
            name=check_name(name),
            role=Role.ADMINISTRATOR.value,
            team=None,
            district=None,
        )
        self.app.save_all(member)
        return admin_id

    def join(
        self,
        actor: str,
        *,
        staff_id: str,
        name: str,
        role: str,
        team: str | None = None,
        district: str | None = None,
        on: date | None = None,
    ) -> str:
        by = self.app.attribute("staff join", actor, on)
        staff_id = check_readable_id("staff id", staff_id)
        role_, team_ = check_role_and_team(role, team)
        if self.app.exists(StaffMember.id_for(staff_id)):
            raise IdAlreadyUsed("staff", staff_id)
        member = StaffMember.join(
            by,
            staff_id=staff_id,
            name=check_name(name),
            role=role_,
            team=team_,
            district=clean_optional(district),
        )
        self.app.save_all(member)
        return staff_id

    def change_role(
        self,
        actor: str,
        *,
        staff_id: str,
        role: str,
        team: str | None = None,
        district: str | None = None,
        on: date | None = None,
    ) -> None:
        by = self.app.attribute("staff change-role", actor, on)
        member = self.app.staff_member(staff_id)
        role_, team_ = check_role_and_team(role, team)
        member.change_role(
            by, role=role_, team=team_, district=clean_optional(district)
        )
        self.app.save_all(member)

    def leave(self, actor: str, *, staff_id: str, on: date | None = None) -> None:
        by = self.app.attribute("staff leave", actor, on)
        member = self.app.staff_member(staff_id)
        member.leave(by)
        self.app.save_all(member)

    def head_teams(
        self, actor: str, *, staff_id: str, teams: list[str], on: date | None = None
    ) -> None:
        """Record the teams a head of service heads, from ``on``."""
        by = self.app.attribute("staff heads", actor, on)
        member = self.app.staff_member(staff_id)
        member.head_teams(
            by, teams=list(dict.fromkeys(Team.parse(t).value for t in teams))
        )
        self.app.save_all(member)

    def grant_login(
        self, actor: str, *, staff_id: str, login: str, on: date | None = None
    ) -> None:
        """Map a PostgreSQL login to a staff member (one each, never reused)."""
        by = self.app.attribute("staff grant-login", actor, on)
        login = check_login(login)
        member = self.app.staff_member(staff_id)
        if self.app.exists(Login.id_for(login)):
            raise IdAlreadyUsed("login", login)
        member.grant_login(by, login=login)
        self.app.save_all(
            member, Login.grant(by, login=login, staff_id=member.staff_id)
        )

    def show(self, staff_id: str) -> dict[str, Any]:
        return self.app.staff_member(staff_id).as_dict()


def check_name(name: str) -> str:
    if not name.strip():
        raise InvalidValue("a staff member needs a name")
    return name.strip()


def clean_optional(value: str | None) -> str | None:
    return value.strip() or None if value else None


def check_role_and_team(role: str, team: str | None) -> tuple[str, str | None]:
    role_ = Role.parse(role)
    team_ = Team.parse(team) if team else None
    if team_ is None and role_ not in SERVICE_WIDE_ROLES:
        raise InvalidValue(
            f"a {role_.value} works in a team; give one of: {', '.join(Team.choices())}"
        )
    return role_.value, team_.value if team_ else None
