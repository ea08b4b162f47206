"""On PostgreSQL the acting staff member comes from the database login: a
team manager's login acts as that team manager and cannot claim to be a head
of service with --as."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import ActingAsSomeoneElse, IdAlreadyUsed, InvalidValue
from ledger.storage.store import locate
from tests.conftest import TODAY, event_count, given_a_started_audit
from tests.helpers.cli import run
from tests.helpers.postgres_roles import Server
from tests.helpers.refusals import refused

DAY = date(2026, 2, 10)


def mapped_team_manager(at: Server) -> tuple[QALedger, QALedger, str]:
    """The owner's ledger, and the same ledger opened by a login mapped to TM2."""
    owner = QALedger(locate(at.url).env, today=lambda: TODAY)
    login = f"{at.roles.writer}_login"
    owner.staff.grant_login("ADM1", staff_id="TM2", login=login, on=DAY)
    return owner, at.ledger_as(at.roles.writer), login


def test_a_team_managers_login_cannot_act_as_a_head_of_service(
    server: Server,
) -> None:
    owner, team_manager, login = mapped_team_manager(server)
    audit_id = given_a_started_audit(owner)
    owner.audits.grade("TM2", audit_id=audit_id, grade="good", on=DAY)
    try:
        refused(
            team_manager,
            ActingAsSomeoneElse,
            lambda: team_manager.audits.moderate(
                "HOS1",
                audit_id=audit_id,
                replaces="good",
                grade="inadequate",
                rationale="claimed",
                on=DAY,
            ),
            match=f"connected as {login}, which is staff member TM2",
        )
        # As themselves, whatever --as says is theirs, they may act.
        team_manager.audits.assess_section(
            "TM2", audit_id=audit_id, section="Plan", finding="Dated", on=DAY
        )
        assert team_manager.audits.show(audit_id)["sections"] == {"Plan": "Dated"}
    finally:
        owner.close()
        team_manager.close()


def test_through_the_cli_the_login_decides_who_acts(
    server: Server,
) -> None:
    owner, team_manager, _ = mapped_team_manager(server)
    audit_id = given_a_started_audit(owner)
    before = event_count(owner)
    as_login = server.login_url(server.roles.writer)
    claimed = run(as_login, "audit", "grade", audit_id, "good", "--as", "HOS1")
    assert claimed.exit_code == 1
    assert "you cannot act as HOS1" in claimed.output
    assert event_count(owner) == before
    # No --as needed: the login says who it is.
    graded = run(as_login, "audit", "grade", audit_id, "good", "--on", "2026-02-10")
    assert graded.exit_code == 0, graded.output
    assert owner.audits.show(audit_id)["grade"] == "good"
    owner.close()
    team_manager.close()


def test_a_login_maps_to_one_staff_member_once(
    server: Server,
) -> None:
    owner, team_manager, login = mapped_team_manager(server)
    try:
        with pytest.raises(IdAlreadyUsed):
            owner.staff.grant_login("ADM1", staff_id="TM1", login=login, on=DAY)
        with pytest.raises(InvalidValue, match="not a PostgreSQL role name"):
            owner.staff.grant_login("ADM1", staff_id="TM1", login="Tom Manager", on=DAY)
    finally:
        owner.close()
        team_manager.close()
