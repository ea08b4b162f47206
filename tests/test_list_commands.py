"""The list commands through the command line on both stores: finding staff,
cases, audits and actions by team, district, role, kind, worker, cycle or
status; as a table, --json and --csv; and a filter word outside the
vocabulary refused with exit status 1."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.demo import generate
from ledger.storage.store import locate
from projections import lists
from tests.conftest import TODAY
from tests.helpers.cli import run
from tests.helpers.organisation import given_an_organisation
from tests.helpers.read_models import read_models


@pytest.fixture
def org_db(db_url: str) -> str:
    """The ledger of ``given_an_organisation``."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_an_organisation(app)
    finally:
        app.close()
    return db_url


@pytest.fixture
def demo_db(db_url: str) -> Iterator[str]:
    """The demo council's 2025: audit cycles with their audits and actions."""
    app = QALedger(locate(db_url).env)
    try:
        generate(app, seed=3, start=date(2025, 1, 1))
    finally:
        app.close()
    yield db_url


def listed(db: str, *args: str) -> list[dict[str, Any]]:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def ids(db: str, key: str, *args: str) -> list[str]:
    return [row[key] for row in listed(db, *args)]


def test_staff_list_shows_those_employed_unless_asked_for_leavers(
    org_db: str,
) -> None:
    current = ids(org_db, "staff_id", "staff", "list", "--team", "safeguarding")
    assert current == ["SW2", "TM1"]
    assert ids(org_db, "staff_id", "staff", "list", "--left") == ["SW1"]
    assert ids(
        org_db, "staff_id", "staff", "list", "--role", "social-worker", "--current"
    ) == ["SW3"]
    assert ids(org_db, "staff_id", "staff", "list", "--district", "south") == ["SW3"]


def test_staff_list_as_a_table_names_no_one(org_db: str) -> None:
    result = run(org_db, "staff", "list", "--role", "deputy-team-manager")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "staff id  role                 team          district  joined on   left on",
        "SW2       deputy-team-manager  safeguarding  North     2026-01-05  -",
    ]
    everyone = run(org_db, "staff", "list").output
    assert "Name of" not in everyone


def test_staff_list_as_csv_has_every_column(org_db: str) -> None:
    result = run(org_db, "staff", "list", "--left", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows == [
        {
            "staff_id": "SW1",
            "role": "social-worker",
            "team": "safeguarding",
            "district": "North",
            "joined_on": "2026-01-05",
            "left_on": "2026-04-30",
        }
    ]


def test_case_list_finds_cases_by_team_worker_and_status(org_db: str) -> None:
    (transferred,) = listed(org_db, "case", "list", "--worker", "SW3")
    assert transferred == {
        "case_ref": "LL-1001",
        "team": "looked-after-children",
        "district": "North",
        "allocated_worker": "SW3",
        "status": "open",
        "opened_on": "2026-01-05",
        "closed_on": None,
        "grade": "requires-improvement",
        "graded_on": "2026-02-10",
        "graded_by_audit": "AUD-0001",
    }
    assert ids(org_db, "case_ref", "case", "list", "--status", "closed") == ["LL-1002"]
    assert ids(org_db, "case_ref", "case", "list", "--team", "safeguarding") == [
        "LL-1002"
    ]
    assert ids(org_db, "case_ref", "case", "list", "--district", "North") == ["LL-1001"]
    nothing = run(org_db, "case", "list", "--team", "leaving-care")
    assert nothing.exit_code == 0
    assert nothing.output == "No cases match.\n"


def test_case_list_as_csv(org_db: str) -> None:
    result = run(org_db, "case", "list", "--status", "open", "--csv")
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert header.split(",") == list(lists.CASE_COLUMNS)
    assert row.startswith("LL-1001,looked-after-children,North,SW3,open,")


def test_audit_list_filters_by_kind_auditor_and_status(org_db: str) -> None:
    assert ids(org_db, "audit_id", "audit", "list", "--kind", "thematic") == [
        "AUD-0002"
    ]
    both = ids(org_db, "audit_id", "audit", "list", "--auditor", "TM2")
    assert both == ["AUD-0001", "AUD-0002"]
    assert ids(org_db, "audit_id", "audit", "list", "--status", "completed") == []
    started = ids(
        org_db, "audit_id", "audit", "list", "--status", "started", "--team",
        "safeguarding", "--district", "North",
    )  # fmt: skip
    assert started == ["AUD-0001", "AUD-0002"]
    table = run(org_db, "audit", "list", "--kind", "whole-case-file").output
    assert table.splitlines()[1].split() == [
        "AUD-0001", "whole-case-file", "-", "LL-1001", "safeguarding", "North",
        "TM2", "-", "started", "2026-02-03", "-",
    ]  # fmt: skip


def test_action_list_reads_status_today_and_team_from_the_case_now(
    org_db: str,
) -> None:
    # Set from audits of LL-1001 while it was with safeguarding; it is now
    # with looked-after-children.
    assert ids(
        org_db, "action_id", "action", "list", "--team", "looked-after-children"
    ) == ["ACT-0001", "ACT-0002", "ACT-0003"]
    assert ids(org_db, "action_id", "action", "list", "--team", "safeguarding") == []
    for status, expected in (
        ("overdue", ["ACT-0001"]),
        ("completed", ["ACT-0002"]),
        ("open", ["ACT-0003"]),
    ):
        assert (
            ids(org_db, "action_id", "action", "list", "--status", status) == expected
        )
    assert ids(
        org_db, "action_id", "action", "list", "--owner", "SW3", "--status", "open"
    ) == ["ACT-0003"]


def test_action_list_as_csv_has_every_column(org_db: str) -> None:
    result = run(org_db, "action", "list", "--owner", "SW2", "--csv")
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.output)))
    assert list(row) == list(lists.ACTION_COLUMNS)
    assert (row["action_id"], row["completed_on"], row["status"]) == (
        "ACT-0002",
        "2026-03-01",
        "completed",
    )


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["staff", "list", "--team", "nowhere"],
            "Error: unknown team 'nowhere'; allowed: referral-and-assessment, ",
        ),
        (["staff", "list", "--role", "wizard"], "Error: unknown role 'wizard'; "),
        (
            ["case", "list", "--status", "shut"],
            "Error: unknown case status 'shut'; allowed: open, closed",
        ),
        (
            ["audit", "list", "--kind", "deep"],
            "Error: unknown audit kind 'deep'; allowed: thematic, ",
        ),
        (
            ["audit", "list", "--status", "done"],
            "Error: unknown audit status 'done'; allowed: scheduled, started, ",
        ),
        (
            ["action", "list", "--status", "late"],
            "Error: unknown action status 'late'; allowed: completed, overdue, "
            "due, open",
        ),
        (["action", "list", "--team", "A-team"], "Error: unknown team 'A-team'; "),
    ],
)
def test_an_unknown_filter_word_is_refused_with_the_words_allowed(
    org_db: str, command: list[str], message: str
) -> None:
    result = run(org_db, *command)
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output


def test_audit_and_action_lists_by_cycle(demo_db: str) -> None:
    with read_models(QALedger(locate(demo_db).env), demo_db) as models:
        models.catch_up()
        in_cycle = {
            str(row[0])
            for row in models.rows(
                "SELECT audit_id FROM audit_facts WHERE cycle = '2025H1'"
            )
        }
        from_cycle = {
            str(row[0])
            for row in models.rows(
                "SELECT action_id FROM actions WHERE source_cycle = '2025H1' "
                "OR source_audit IN "
                "(SELECT audit_id FROM audit_facts WHERE cycle = '2025H1')"
            )
        }
        models.runner.app.close()
    audits = listed(demo_db, "audit", "list", "--cycle", "2025H1")
    assert in_cycle and {row["audit_id"] for row in audits} == in_cycle
    assert {row["cycle"] for row in audits} == {"2025H1"}
    actions = ids(demo_db, "action_id", "action", "list", "--cycle", "2025h1")
    assert from_cycle and set(actions) == from_cycle
    assert len(actions) == len(from_cycle)


def test_every_list_command_has_help_with_a_pasteable_example() -> None:
    for group in ("staff", "case", "audit", "action"):
        result = run("unused.db", group, "list", "--help")
        assert result.exit_code == 0
        example = result.output.split("Example:")[1].split("Options:")[0]
        lines = [line.strip() for line in example.splitlines() if line.strip()]
        # \b keeps each example on its own line, as typed, not rewrapped.
        assert len(lines) == 2, result.output
        assert all(line.startswith(f"qaledger {group} list ") for line in lines)
        assert all(line.count("qaledger") == 1 for line in lines)
        assert "--json" in result.output and "--csv" in result.output
