"""Cases as they move, through the command line on both stores: a transfer
between teams may take the case to another district; a new worker within
the team is an allocation of its own, not a transfer. Each refusal says
what is allowed and writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from tests.conftest import TODAY, given_a_council
from tests.helpers.cli import ok_json, refused_by_cli, run


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    """The test council: LL-1001 in safeguarding, North, worked by SW1."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
    finally:
        app.close()
    yield db_url


def test_a_transfer_may_move_the_case_to_another_district(db: str) -> None:
    ok_json(db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
            "--district", "South", "--as", "TM1", "--on", "2026-02-02")  # fmt: skip
    shown = ok_json(db, "case", "show", "LL-1001")
    assert (shown["team"], shown["district"]) == ("looked-after-children", "South")
    listed = ok_json_list(db, "case", "list", "--district", "South")
    assert [row["case_ref"] for row in listed] == ["LL-1001"]
    audit = ok_json(db, "audit", "schedule", "--kind", "thematic", "--theme",
                    "Voice", "--case", "LL-1001", "--auditor", "TM1", "--week",
                    "2026-02-09", "--as", "QA1", "--on", "2026-02-03")  # fmt: skip
    assert ok_json(db, "audit", "show", str(audit["audit_id"]))["district"] == "South"


def test_a_transfer_without_a_district_keeps_the_cases(db: str) -> None:
    ok_json(db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
            "--as", "TM1", "--on", "2026-02-02")  # fmt: skip
    assert ok_json(db, "case", "show", "LL-1001")["district"] == "North"


def test_a_new_worker_within_the_team_is_an_allocation_not_a_transfer(
    db: str,
) -> None:
    same_team = refused_by_cli(
        db, "case", "transfer", "LL-1001", "--to", "safeguarding", "--worker",
        "SW2", "--as", "TM1", "--on", "2026-02-02",
    )  # fmt: skip
    assert "is already with safeguarding" in same_team
    assert "qaledger case allocate LL-1001 --worker STAFF_ID" in same_team
    ok_json(db, "case", "allocate", "LL-1001", "--worker", "SW2", "--as", "TM1",
            "--on", "2026-02-02")  # fmt: skip
    shown = ok_json(db, "case", "show", "LL-1001")
    assert (shown["team"], shown["allocated_worker"]) == ("safeguarding", "SW2")
    assert shown["transfers"] == []  # no move between teams
    history = run(db, "history", "case", "LL-1001").output
    assert "case LL-1001 allocated to SW2" in history
    listed = ok_json_list(db, "case", "list", "--worker", "SW2")
    assert [row["case_ref"] for row in listed] == ["LL-1001"]


def test_an_allocation_to_the_same_worker_or_to_nobody_known_is_refused(
    db: str,
) -> None:
    again = refused_by_cli(db, "case", "allocate", "LL-1001", "--worker", "SW1",
                           "--as", "TM1", "--on", "2026-02-02")  # fmt: skip
    assert "already allocated to SW1" in again
    unknown = refused_by_cli(db, "case", "allocate", "LL-1001", "--worker",
                             "SW99", "--as", "TM1", "--on", "2026-02-02")  # fmt: skip
    assert "SW99" in unknown
    blank = refused_by_cli(
        db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
        "--district", " ", "--as", "TM1", "--on", "2026-02-02",
    )  # fmt: skip
    assert "a district cannot be blank" in blank


def ok_json_list(db: str, *args: str) -> list[dict[str, object]]:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_a_case_may_open_unallocated_and_its_team_manager_must_allocate_it(
    db: str,
) -> None:
    ok_json(db, "case", "open", "LL-3001", "--team", "safeguarding", "--district",
            "North", "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    assert ok_json(db, "case", "show", "LL-3001")["allocated_worker"] is None
    due = ok_json_list(db, "due", "--for", "TM1", "--as-of", "2026-03-05")
    assert [(r["what"], r["due_on"]) for r in due if r["about"] == "LL-3001"] == [
        ("allocation", "2026-03-09")
    ]
    ok_json(db, "case", "allocate", "LL-3001", "--worker", "SW2", "--as", "TM1",
            "--on", "2026-03-11")  # fmt: skip
    rows = ok_json_list(db, "compliance", "--as-of", "2026-03-31")
    assert [
        (r["met_on"], r["status"]) for r in rows if r["requirement"] == "allocation"
    ] == [("2026-03-11", "met late")]


def test_a_case_closed_before_it_was_allocated_owes_no_allocation(db: str) -> None:
    ok_json(db, "case", "open", "LL-3002", "--team", "safeguarding", "--district",
            "North", "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    ok_json(
        db, "case", "close", "LL-3002", "--reason", "Referred on", "--function",
        "case-closure", "--as", "TM1", "--on", "2026-03-03",
    )  # fmt: skip
    rows = ok_json_list(db, "compliance", "--as-of", "2026-03-31")
    assert [r for r in rows if r["requirement"] == "allocation"] == []
