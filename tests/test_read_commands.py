"""qaledger due, compliance, actions, projections and migrate through click's
CliRunner, on both stores.

These commands read as of the real today, so the ledger's events are dated
in 2020 (long overdue or long met, whenever the tests run), except for what
is recorded today itself, which is due in the weeks ahead.
"""

from __future__ import annotations

import csv
import io
import json
from calendar import monthrange
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from projections import queries
from projections.engine.migrate import available
from projections.engine.read_store import read_schema
from projections.registry import projection_names
from tests.conftest import POSTGRES_URL
from tests.helpers.cli import run

DAY = date(2020, 1, 6)
PROJECTIONS = projection_names()


@pytest.fixture
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A ledger of 2020 with a supervision recorded today; see the module
    docstring. No settings file applies: the defaults hold."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QALEDGER_SETTINGS", raising=False)
    app = QALedger(locate(db_url).env)
    try:
        given_a_ledger_of_2020(app)
    finally:
        app.close()
    yield db_url
    store = locate(db_url)
    if store.sqlite_path is None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(
                psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    psycopg.sql.Identifier(read_schema(store))
                )
            )


def on(month: int, day: int) -> date:
    return date(2020, month, day)


def given_a_ledger_of_2020(app: QALedger) -> None:
    app.staff.init(admin_id="ADM1", name="Alex Admin", on=DAY)
    for staff_id, role, team in (
        ("HOS1", "head-of-service", None),
        ("QA1", "qa-officer", None),
        ("TM1", "team-manager", "safeguarding"),
        ("TM2", "team-manager", "looked-after-children"),
        ("SW1", "social-worker", "safeguarding"),
    ):
        app.staff.join(
            "ADM1",
            staff_id=staff_id,
            name=staff_id,
            role=role,
            team=team,
            district="North",
            on=DAY,
        )
    app.cases.open(
        "TM1",
        case_ref="LL-1",
        team="safeguarding",
        district="North",
        worker="SW1",
        on=DAY,
    )
    # A decision made in time, and one never made.
    for trigger in ("cp-conference", "accommodation"):
        app.cases.record_trigger("TM1", case_ref="LL-1", trigger=trigger, on=on(2, 3))
    app.cases.record_decision(
        "TM1",
        case_ref="LL-1",
        kind="cp-conference",
        function="case-management-decision",
        rationale="Plan agreed",
        on=on(2, 5),
    )
    # An audit with its feedback and alert in time, and three actions.
    audit_id = app.audits.schedule(
        "QA1",
        kind="whole-case-file",
        auditor="TM2",
        week=on(2, 10),
        case_ref="LL-1",
        on=DAY,
    )
    app.audits.start("TM2", audit_id=audit_id, on=on(2, 10))
    app.audits.give_feedback(
        "TM2", audit_id=audit_id, summary="Findings", team_manager="TM1", on=on(2, 12)
    )
    app.audits.send_alert(
        "TM2",
        audit_id=audit_id,
        team_manager="TM1",
        head_of_service="HOS1",
        on=on(2, 12),
    )
    for owner, due_on in (("SW1", None), ("SW1", date(2099, 12, 31)), ("TM1", None)):
        app.actions.set(
            "TM2",
            audit_id=audit_id,
            owner=owner,
            description=f"Action for {owner}",
            due_on=due_on,
            on=on(2, 12),
        )
    app.actions.complete("TM1", action_id="ACT-0003", on=on(2, 20))
    # SW1's first supervision, late, today: the next is due in 28 days.
    app.supervision.record("TM1", supervisee="SW1")


def ok(db: str, *args: str) -> str:
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(db: str, *args: str) -> Any:
    return json.loads(ok(db, *args, "--json"))


def as_csv(db: str, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(db, *args, "--csv"))))


def csv_header(db: str, *args: str) -> list[str]:
    return next(csv.reader(io.StringIO(ok(db, *args, "--csv"))))


NEXT_SUPERVISION = (date.today() + timedelta(days=28)).isoformat()


# qaledger due


def test_due_for_one_person_lists_what_they_must_do_soonest_first(
    db: str,
) -> None:
    """By responsibility, not by who the requirement is about: the worker
    owes their actions; their team manager the case's decision, the
    follow-ups, the worker's supervision, review and observation (§2.2, §2.3,
    §3.2, §4.1)."""
    rows = as_json(db, "due", "--for", "SW1")
    assert [(r["due_on"], r["what"], r["about"], r["status"]) for r in rows] == [
        ("2020-03-10", "action", "ACT-0001", "overdue"),
        ("2099-12-31", "action", "ACT-0002", "due"),
    ]
    assert {r["who"] for r in rows} == {"SW1"}
    managers = as_json(db, "due", "--for", "TM1")
    assert [(r["due_on"], r["what"], r["about"], r["status"]) for r in managers] == [
        ("2020-02-10", "management-decision:accommodation", "LL-1", "overdue"),
        ("2020-03-12", "follow-up-1", "ACT-0001", "overdue"),
        ("2020-03-12", "follow-up-1", "ACT-0002", "overdue"),
        ("2020-04-12", "follow-up-2", "ACT-0001", "overdue"),
        ("2020-04-12", "follow-up-2", "ACT-0002", "overdue"),
        # Completed, but no note that the manager oversaw it (§3.3).
        ("2020-04-12", "follow-up-2", "ACT-0003", "overdue"),
        ("2021-01-06", "development-review", "SW1", "overdue"),
        ("2021-01-06", "practice-observation", "SW1", "overdue"),
        (NEXT_SUPERVISION, "supervision", "SW1", "due"),
    ]
    assert {(r["team"], r["who"]) for r in managers} == {("safeguarding", "TM1")}

    table = as_csv(db, "due", "--for", "SW1")
    assert csv_header(db, "due", "--for", "SW1") == [
        "due_on",
        "status",
        "what",
        "about",
        "team",
        "who",
    ]
    assert table == [{k: str(v) for k, v in row.items()} for row in rows]

    text = ok(db, "due", "--for", "SW1").splitlines()
    assert text[0].split() == ["due", "on", "status", "what", "about", "team", "who"]
    assert text[1].split() == [
        "2020-03-10",
        "overdue",
        "action",
        "ACT-0001",
        "safeguarding",
        "SW1",
    ]
    assert len(text) == 1 + len(rows)


def test_due_for_everyone_is_soonest_first_and_only_due_or_overdue(db: str) -> None:
    rows = as_json(db, "due")
    assert [r["due_on"] for r in rows] == sorted(r["due_on"] for r in rows)
    assert {r["status"] for r in rows} == {"due", "overdue"}
    about = {(r["what"], r["about"]) for r in rows}
    assert ("management-decision:accommodation", "LL-1") in about
    assert ("management-decision:cp-conference", "LL-1") not in about
    assert ("audit-feedback", "AUD-0001") not in about
    assert ("action", "ACT-0003") not in about
    # The monthly meeting is the assistant director's, and there is none.
    assert ("performance-meeting", "service") in about
    who = {r["who"] for r in rows}
    assert who == {"HOS1", "QA1", "TM1", "TM2", "SW1", "nobody holds the role"}
    assert as_json(db, "due", "--for", "NOBODY") == []
    assert ok(db, "due", "--for", "NOBODY") == "Nothing is due.\n"


def test_due_by_team_role_and_day(db: str) -> None:
    by_team = as_json(db, "due", "--team", "looked-after-children")
    assert {(r["what"], r["about"], r["who"]) for r in by_team} == {
        ("supervision", "TM2", "HOS1"),
        ("development-review", "TM2", "HOS1"),
        ("supervision-file-audit", "TM2", "nobody holds the role"),
    }
    heads = as_json(db, "due", "--role", "head-of-service")
    assert {r["who"] for r in heads} == {"HOS1"}
    assert {"supervision", "development-review", "hos-sample"} <= {
        r["what"] for r in heads
    }
    # As the ledger stood on 1 March 2020: the follow-ups were not due yet;
    # the case's decision and SW1's first supervision were overdue.
    early = as_json(db, "due", "--for", "TM1", "--as-of", "2020-03-01")
    assert {(r["what"], r["about"], r["status"]) for r in early} >= {
        ("management-decision:accommodation", "LL-1", "overdue"),
        ("supervision", "SW1", "overdue"),
        ("follow-up-1", "ACT-0001", "due"),
        ("follow-up-2", "ACT-0001", "due"),
    }
    assert ("follow-up-1", "ACT-0001", "overdue") not in {
        (r["what"], r["about"], r["status"]) for r in early
    }
    assert "unknown team 'bakery'" in run(db, "due", "--team", "bakery").output


# qaledger compliance


def test_compliance_filters_by_team_and_status(db: str) -> None:
    rows = as_json(db, "compliance", "--team", "safeguarding", "--status", "overdue")
    assert {(r["requirement"], r["subject_id"]) for r in rows} == {
        ("management-decision:accommodation", "LL-1"),
        ("follow-up-1", "ACT-0001"),
        ("follow-up-2", "ACT-0001"),
        ("follow-up-1", "ACT-0002"),
        ("follow-up-2", "ACT-0002"),
        # Completed, but no manager noted oversight of the plan (§3.3).
        ("follow-up-2", "ACT-0003"),
        # The audit's note on the case system was never recorded (§3.3).
        ("audit-case-note", "AUD-0001"),
        # No head of service sample was drawn for the team, any month (§3.5).
        ("hos-sample", "team:safeguarding"),
        ("development-review", "SW1"),
        ("development-review", "TM1"),
        ("supervision", "TM1"),
        ("supervision-file-audit", "TM1"),
        ("practice-observation", "SW1"),
        ("supervision-file-audit", "SW1"),
    }
    assert {(r["team"], r["status"], r["met_on"]) for r in rows} == {
        ("safeguarding", "overdue", None)
    }
    assert list(rows[0]) == list(queries.COMPLIANCE_COLUMNS)

    met = as_json(db, "compliance", "--status", "met")
    assert {(r["requirement"], r["subject_id"], r["met_on"]) for r in met} == {
        ("management-decision:cp-conference", "LL-1", "2020-02-05"),
        ("audit-feedback", "AUD-0001", "2020-02-12"),
        ("audit-alert", "AUD-0001", "2020-02-12"),
    }
    late = as_json(db, "compliance", "--status", "met late")
    assert [(r["requirement"], r["subject_id"], r["due_on"]) for r in late] == [
        ("supervision", "SW1", "2020-02-03")
    ]
    due = as_json(db, "compliance", "--status", "due")
    today = date.today()
    month_end = today.replace(day=monthrange(today.year, today.month)[1])
    half_end = date(today.year, 6, 30) if today.month <= 6 else date(today.year, 12, 31)
    # SW1's next supervision, and this period's duties of the calendar: the
    # log reached today with the supervision recorded today.
    assert sorted((r["requirement"], r["subject_id"], r["due_on"]) for r in due) == [
        ("audit-cycle", "service", half_end.isoformat()),
        ("hos-sample", "team:safeguarding", month_end.isoformat()),
        ("performance-meeting", "service", month_end.isoformat()),
        ("supervision", "SW1", NEXT_SUPERVISION),
        ("supervision-survey", "service", f"{today.year}-12-31"),
    ]
    other_team = as_json(db, "compliance", "--team", "looked-after-children")
    assert {(r["requirement"], r["subject_id"]) for r in other_team} == {
        ("supervision", "TM2"),
        ("development-review", "TM2"),
        ("supervision-file-audit", "TM2"),
    }


def test_compliance_as_csv_has_every_column(db: str) -> None:
    rows = as_json(db, "compliance")
    table = as_csv(db, "compliance")
    assert csv_header(db, "compliance") == list(queries.COMPLIANCE_COLUMNS)
    assert table == [
        {k: "" if v is None else str(v) for k, v in row.items()} for row in rows
    ]
    assert {r["status"] for r in table} == {"met", "met late", "due", "overdue"}
    assert as_csv(db, "compliance", "--team", "iro") == []
    assert csv_header(db, "compliance", "--team", "iro") == list(
        queries.COMPLIANCE_COLUMNS
    )
    assert as_json(db, "compliance", "--team", "iro") == []
    assert ok(db, "compliance", "--team", "iro") == "No requirements match.\n"


def test_an_unknown_compliance_status_is_a_usage_error(db: str) -> None:
    result = run(db, "compliance", "--status", "late")
    assert result.exit_code == 2
    assert "'late' is not one of" in result.output


def test_every_read_includes_what_was_recorded_before_it(db: str) -> None:
    before = as_json(db, "compliance", "--status", "overdue")
    assert ("management-decision:accommodation", "LL-1") in {
        (r["requirement"], r["subject_id"]) for r in before
    }
    app = QALedger(locate(db).env)
    try:
        app.cases.record_decision(
            "TM1",
            case_ref="LL-1",
            kind="accommodation",
            function="case-management-decision",
            rationale="Accommodated under s20",
            on=on(2, 7),
        )
    finally:
        app.close()
    met = as_json(db, "compliance", "--status", "met")
    assert ("management-decision:accommodation", "LL-1", "2020-02-07") in {
        (r["requirement"], r["subject_id"], r["met_on"]) for r in met
    }


# qaledger actions


def test_actions_are_open_overdue_or_completed(db: str) -> None:
    rows = as_json(db, "actions")
    assert [(r["action_id"], r["owner"], r["status"]) for r in rows] == [
        ("ACT-0001", "SW1", "overdue"),
        ("ACT-0003", "TM1", "completed"),
        ("ACT-0002", "SW1", "open"),
    ]
    assert list(rows[0]) == list(queries.ACTION_COLUMNS)
    assert rows[0]["source_audit"] == "AUD-0001"
    assert rows[0]["case_ref"] == "LL-1"
    assert rows[1]["completed_on"] == "2020-02-20"

    assert [r["action_id"] for r in as_json(db, "actions", "--overdue")] == ["ACT-0001"]
    assert [r["action_id"] for r in as_json(db, "actions", "--owner", "TM1")] == [
        "ACT-0003"
    ]
    assert as_json(db, "actions", "--overdue", "--owner", "TM1") == []
    assert ok(db, "actions", "--overdue", "--owner", "TM1") == "No actions match.\n"

    text = ok(db, "actions").splitlines()
    assert text[0].split() == [
        "action",
        "id",
        "owner",
        "due",
        "on",
        "status",
        "follow",
        "ups",
        "description",
    ]
    assert text[1].split()[:5] == ["ACT-0001", "SW1", "2020-03-10", "overdue", "0"]


def test_actions_as_csv_have_every_column(db: str) -> None:
    assert csv_header(db, "actions") == list(queries.ACTION_COLUMNS)
    table = as_csv(db, "actions", "--overdue")
    assert [(r["action_id"], r["status"], r["due_on"]) for r in table] == [
        ("ACT-0001", "overdue", "2020-03-10")
    ]
    assert table[0]["completed_on"] == ""
    assert table[0]["follow_ups"] == "0"
    assert [r["action_id"] for r in as_csv(db, "actions", "--owner", "SW1")] == [
        "ACT-0001",
        "ACT-0002",
    ]


# qaledger projections and qaledger migrate


def test_migrate_applies_every_migration_once(db: str) -> None:
    names = [migration.name for migration in available()]
    assert ok(db, "migrate") == f"applied {', '.join(names)}\n"
    assert ok(db, "migrate") == "read models up to date\n"
    again = as_json(db, "migrate")
    assert again["ok"] is True
    assert again["applied"] == []
    assert again["read_store"]


def test_status_shows_each_projection_behind_until_it_runs(db: str) -> None:
    head = as_json(db, "projections", "status")["projections"][0]["head"]
    assert head > 0
    lines = ok(db, "projections", "status").splitlines()
    assert lines == [f"{name}: at 0 of {head}, {head} behind" for name in PROJECTIONS]

    assert ok(db, "projections", "run", "--once") == "read models caught up\n"
    status = as_json(db, "projections", "status")["projections"]
    assert status == [
        {
            "projection": name,
            "position": head,
            "head": head,
            "lag": 0,
            "rebuilding": False,
        }
        for name in PROJECTIONS
    ]
    assert as_json(db, "projections", "run", "--once") == {
        "ok": True,
        "position": head,
    }


def test_rebuild_gives_the_same_read_models(db: str) -> None:
    before = (as_json(db, "compliance"), as_json(db, "actions"))
    head = as_json(db, "projections", "status")["projections"][0]["head"]

    message = ok(db, "projections", "rebuild", "compliance")
    assert message == f"rebuilt compliance ({head} events read)\n"
    assert (as_json(db, "compliance"), as_json(db, "actions")) == before

    rebuilt = as_json(db, "projections", "rebuild")
    assert rebuilt == {"ok": True, "rebuilt": PROJECTIONS, "events": head}
    assert (as_json(db, "compliance"), as_json(db, "actions")) == before
    status = as_json(db, "projections", "status")["projections"]
    assert {(row["lag"], row["rebuilding"]) for row in status} == {(0, False)}


def test_rebuilding_an_unknown_projection_is_an_error(db: str) -> None:
    result = run(db, "projections", "rebuild", "compliance", "nosuch")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no such projection: nosuch; known: {', '.join(PROJECTIONS)}\n"
    )
    status = as_json(db, "projections", "status")["projections"]
    assert {row["position"] for row in status} == {0}, "nothing was rebuilt"
