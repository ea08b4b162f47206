"""Rules the framework states, through the command line on both stores: each
refusal says what is allowed, exits 1 and writes nothing.

- §3.3, §3.5: a transfer audit is of a case that moved between teams, by a
  head of service, and needs an overall judgement; a head of service's
  sample audit is a head of service's; a supervision file audit is a senior
  manager's or head of service's, through either command.
- §3.3: the overall grading of a whole case file or transfer audit, and its
  moderation, are added to the case record.
- §3.3: findings, alerts and urgent concerns go to the roles they are named
  for; a start outside the scheduled week is flagged.
- §3.3: after a worker completes an action, the manager notes oversight.
- A sample drawn from no eligible case says why and records nothing.
- §3.6: a cross-district thematic audit is by two team managers of different
  districts, from a random sample across the districts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from tests.conftest import START, TODAY, given_a_council
from tests.helpers.cli import ok_json, refused_by_cli, run

WEEK = "2026-03-02"  # a Monday


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    """The test council, with LL-1001 moved from safeguarding to looked after
    children on 1 March, LL-1002 never moved, and a senior manager."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        app.staff.join(
            "ADM1", staff_id="SM1", name="Sam", role="senior-manager", on=START
        )
        app.cases.open(
            "TM1",
            case_ref="LL-1002",
            team="safeguarding",
            district="North",
            worker="SW2",
            on=START,
        )
        app.cases.transfer(
            "TM1",
            case_ref="LL-1001",
            to_team="looked-after-children",
            on=date(2026, 3, 1),
        )
    finally:
        app.close()
    yield db_url


def schedule(db: str, *args: str) -> str:
    shown = ok_json(db, "audit", "schedule", "--week", WEEK, "--on", WEEK, *args)
    return str(shown["audit_id"])


def test_a_transfer_audit_is_a_head_of_services_on_a_case_that_moved(
    db: str,
) -> None:
    never_moved = refused_by_cli(
        db, "audit", "schedule", "--kind", "transfer", "--case", "LL-1002",
        "--auditor", "HOS1", "--week", WEEK, "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    assert "LL-1002 has not transferred between teams" in never_moved
    by_a_manager = refused_by_cli(
        db, "audit", "schedule", "--kind", "transfer", "--case", "LL-1001",
        "--auditor", "TM2", "--week", WEEK, "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    assert "may not undertake transfer audits" in by_a_manager
    assert by_a_manager.rstrip().endswith("head-of-service")
    audit_id = schedule(
        db, "--kind", "transfer", "--case", "LL-1001", "--auditor", "HOS1",
        "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", audit_id, "--as", "HOS1", "--on", WEEK)
    no_judgement = refused_by_cli(
        db, "audit", "complete", audit_id, "--as", "HOS1", "--on", WEEK
    )
    assert "transfer audit and cannot complete without an overall judgement" in (
        no_judgement
    )
    ok_json(db, "audit", "grade", audit_id, "good", "--as", "HOS1", "--on", WEEK)
    ok_json(db, "audit", "complete", audit_id, "--as", "HOS1", "--on", WEEK)


def test_the_overall_grading_and_its_moderation_are_added_to_the_case(
    db: str,
) -> None:
    audit_id = schedule(
        db, "--kind", "whole-case-file", "--case", "LL-1002", "--auditor", "TM2",
        "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", audit_id, "--as", "TM2", "--on", WEEK)
    ok_json(db, "audit", "grade", audit_id, "good", "--as", "TM2", "--on", WEEK)
    case = ok_json(db, "case", "show", "LL-1002")
    assert case["grading"] == {
        "grade": "good",
        "graded_on": WEEK,
        "audit_id": audit_id,
        "moderated": False,
    }
    ok_json(
        db, "audit", "moderate", audit_id, "--replaces", "good", "--grade",
        "requires-improvement", "--rationale", "No timescales", "--as", "HOS2",
        "--on", "2026-03-09",
    )  # fmt: skip
    case = ok_json(db, "case", "show", "LL-1002")
    assert case["grading"] == {
        "grade": "requires-improvement",
        "graded_on": "2026-03-09",
        "audit_id": audit_id,
        "moderated": True,
    }
    history = run(db, "history", "case", "LL-1002").output
    assert f"case LL-1002 graded requires-improvement by {audit_id}" in history
    # A thematic audit makes no overall judgement of the file.
    thematic = schedule(
        db, "--kind", "thematic", "--theme", "Voice", "--case", "LL-1002",
        "--auditor", "TM2", "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", thematic, "--as", "TM2", "--on", WEEK)
    ok_json(db, "audit", "grade", thematic, "outstanding", "--as", "TM2", "--on", WEEK)
    assert ok_json(db, "case", "show", "LL-1002")["grading"] == case["grading"]


def test_findings_and_alerts_go_to_the_roles_they_are_named_for(db: str) -> None:
    audit_id = schedule(
        db, "--kind", "whole-case-file", "--case", "LL-1002", "--auditor", "TM2",
        "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", audit_id, "--as", "TM2", "--on", WEEK)
    feedback = refused_by_cli(
        db, "audit", "feedback", audit_id, "--summary", "Findings",
        "--team-manager", "SW2", "--as", "TM2", "--on", WEEK,
    )  # fmt: skip
    assert "SW2 is a social-worker, not a team manager" in feedback
    alert = refused_by_cli(
        db, "audit", "alert", audit_id, "--team-manager", "TM1",
        "--head-of-service", "TM2", "--as", "TM2", "--on", WEEK,
    )  # fmt: skip
    assert "TM2 is a team-manager, not a head of service" in alert
    concern = refused_by_cli(
        db, "audit", "concern", audit_id, "--concern", "Bruising unexplained",
        "--team-manager", "HOS1", "--as", "TM2", "--on", WEEK,
    )  # fmt: skip
    assert "HOS1 is a head-of-service, not a team manager" in concern
    ok_json(
        db, "audit", "alert", audit_id, "--team-manager", "TM1",
        "--head-of-service", "HOS1", "--as", "TM2", "--on", WEEK,
    )  # fmt: skip


def test_each_kind_of_audit_keeps_its_auditors_through_audit_schedule(
    db: str,
) -> None:
    sample = refused_by_cli(
        db, "audit", "schedule", "--kind", "hos-random-sample", "--case",
        "LL-1002", "--auditor", "TM1", "--week", WEEK, "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    assert "may not undertake hos random sample audits" in sample
    file_audit = refused_by_cli(
        db, "audit", "schedule", "--kind", "supervision-file", "--supervisee",
        "SW1", "--auditor", "TM1", "--week", WEEK, "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    assert file_audit.rstrip().endswith(
        "head-of-service, assistant-director, senior-manager"
    )


def test_a_supervision_file_audited_through_the_audit_meets_the_requirement(
    db: str,
) -> None:
    def file_audit_of_sw1() -> list[object]:
        rows = run(db, "compliance", "--json").output
        return [
            (row["due_on"], row["met_on"])
            for row in json.loads(rows)
            if row["requirement"] == "supervision-file-audit"
            and row["subject_id"] == "SW1"
        ]

    assert file_audit_of_sw1() == [("2027-01-05", None)]
    audit_id = schedule(
        db, "--kind", "supervision-file", "--supervisee", "SW1", "--auditor", "SM1",
        "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", audit_id, "--as", "SM1", "--on", WEEK)
    ok_json(db, "audit", "complete", audit_id, "--as", "SM1", "--on", "2026-03-04")
    # Met, and the next one is due a year on, as after 'supervision audit-file'.
    assert file_audit_of_sw1() == [
        ("2027-01-05", "2026-03-04"),
        ("2027-03-04", None),
    ]


def test_a_start_outside_the_scheduled_week_is_flagged(db: str) -> None:
    first = schedule(
        db, "--kind", "whole-case-file", "--case", "LL-1002", "--auditor", "TM2",
        "--as", "QA1",
    )  # fmt: skip
    second = schedule(
        db, "--kind", "thematic", "--theme", "Voice", "--case", "LL-1002",
        "--auditor", "TM2", "--as", "QA1",
    )  # fmt: skip
    on_time = run(db, "audit", "start", first, "--as", "TM2", "--on", "2026-03-08")
    assert on_time.output.strip() == f"{first} started"
    late = run(db, "audit", "start", second, "--as", "TM2", "--on", "2026-03-09")
    assert late.exit_code == 0
    assert late.output.strip() == (
        f"{second} started, outside its scheduled week of {WEEK}"
    )
    assert ok_json(db, "audit", "show", second)["started_outside_week"] is True
    assert ok_json(db, "audit", "show", first)["started_outside_week"] is False


def test_the_manager_notes_oversight_once_an_action_is_completed(db: str) -> None:
    audit_id = schedule(
        db, "--kind", "whole-case-file", "--case", "LL-1002", "--auditor", "TM2",
        "--as", "QA1",
    )  # fmt: skip
    ok_json(db, "audit", "start", audit_id, "--as", "TM2", "--on", WEEK)
    action = ok_json(
        db, "action", "set", "--audit", audit_id, "--owner", "SW2",
        "--description", "Add dates", "--as", "TM2", "--on", WEEK,
    )  # fmt: skip
    action_id = str(action["action_id"])
    early = refused_by_cli(
        db, "action", "oversee", action_id, "--note", "Seen", "--as", "TM1",
        "--on", WEEK,
    )  # fmt: skip
    assert "not completed yet" in early and "qaledger action review" in early
    ok_json(db, "action", "complete", action_id, "--as", "SW2", "--on", "2026-03-10")
    by_a_worker = refused_by_cli(
        db, "action", "oversee", action_id, "--note", "Seen", "--as", "SW1",
        "--on", "2026-03-12",
    )  # fmt: skip
    assert "may not" in by_a_worker
    ok_json(
        db, "action", "oversee", action_id, "--note", "Dates on the plan",
        "--as", "TM1", "--on", "2026-04-14",
    )  # fmt: skip
    noted = ok_json(db, "action", "show", action_id)["oversight"]
    assert noted == [
        {"noted_on": "2026-04-14", "manager": "TM1", "note": "Dates on the plan"}
    ]


def test_a_sample_from_no_eligible_case_says_why_and_records_nothing(
    db: str,
) -> None:
    ok_json(db, "cycle", "open", "2026H1", "--as", "QA1", "--on", WEEK)
    for ref in ("LL-1001", "LL-1002"):
        ok_json(
            db, "case", "close", ref, "--reason", "Needs met", "--function",
            "case-closure", "--as", "TM2", "--on", WEEK,
        )  # fmt: skip
    empty = refused_by_cli(
        db, "cycle", "draw", "2026H1", "--seed", "1", "--as", "QA1", "--on", WEEK
    )
    assert "no case is eligible for a sample: there are no open cases on" in empty


def south(db: str) -> None:
    """A team manager and two cases in the South district."""
    ok_json(db, "staff", "join", "TM9", "--name", "Tess", "--role", "team-manager",
            "--team", "safeguarding", "--district", "South", "--as", "ADM1",
            "--on", "2026-01-05")  # fmt: skip
    for ref in ("LL-2001", "LL-2002"):
        ok_json(
            db, "case", "open", ref, "--team", "safeguarding", "--district",
            "South", "--worker", "SW1", "--as", "TM9", "--on", "2026-01-05",
        )  # fmt: skip


def test_a_cross_district_audit_is_by_two_team_managers_of_different_districts(
    db: str,
) -> None:
    south(db)
    common = ("audit", "schedule", "--kind", "cross-district-thematic", "--case",
              "LL-2001", "--theme", "Thresholds", "--week", WEEK, "--as", "QA1",
              "--on", WEEK)  # fmt: skip
    alone = refused_by_cli(db, *common, "--auditor", "TM1")
    assert "is undertaken jointly: name the team manager of another district" in alone
    same_district = refused_by_cli(db, *common, "--auditor", "TM1", "--with", "TM2")
    assert "TM1 and TM2 are both of district North" in same_district
    a_worker = refused_by_cli(db, *common, "--auditor", "TM1", "--with", "SW1")
    assert "may not undertake cross district thematic audits" in a_worker
    not_joint = refused_by_cli(
        db, "audit", "schedule", "--kind", "whole-case-file", "--case", "LL-2001",
        "--auditor", "TM1", "--with", "TM9", "--week", WEEK, "--as", "QA1",
        "--on", WEEK,
    )  # fmt: skip
    assert "a whole-case-file audit has one auditor" in not_joint
    audit_id = str(
        ok_json(db, *common, "--auditor", "TM1", "--with", "TM9")["audit_id"]
    )
    shown = ok_json(db, "audit", "show", audit_id)
    assert (shown["auditor"], shown["joint_auditor"]) == ("TM1", "TM9")
    outsider = refused_by_cli(
        db, "audit", "start", audit_id, "--as", "TM2", "--on", WEEK
    )
    assert "only the assigned auditor (TM1 or TM9)" in outsider
    ok_json(db, "audit", "start", audit_id, "--as", "TM9", "--on", WEEK)  # either


def test_a_cross_district_sample_is_random_across_districts_and_audited_jointly(
    db: str,
) -> None:
    south(db)
    one_district = refused_by_cli(
        db, "cycle", "cross-district", "--month", "2026-03", "--theme", "Thresholds",
        "--manager", "TM1", "--manager", "TM2", "--size", "2", "--week", WEEK,
        "--seed", "7", "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    assert "name team managers of at least two districts" in one_district
    sample = ok_json(
        db, "cycle", "cross-district", "--month", "2026-03", "--theme", "Thresholds",
        "--manager", "TM1", "--manager", "TM9", "--manager", "TM2", "--size", "3",
        "--week", WEEK, "--seed", "7", "--as", "QA1", "--on", WEEK,
    )  # fmt: skip
    districts = {"TM1": "North", "TM2": "North", "TM9": "South"}
    case_district = {"LL-1001": "North", "LL-1002": "North", "LL-2001": "South",
                     "LL-2002": "South"}  # fmt: skip
    audits = sample["audits"]
    assert isinstance(audits, list) and len(audits) == 3
    for audit in audits:
        lead, joint = audit["auditor"], audit["joint_auditor"]
        assert districts[lead] != districts[joint]
        assert districts[lead] != case_district[audit["case_ref"]]
        shown = ok_json(db, "audit", "show", audit["audit_id"])
        assert shown["kind"] == "cross-district-thematic"
        assert (shown["auditor"], shown["joint_auditor"]) == (lead, joint)
    # In proportion to each district's eligible cases: two North, two South.
    drawn = [case_district[a["case_ref"]] for a in audits]
    assert sorted(drawn) in (["North", "North", "South"], ["North", "South", "South"])
    listed = json.loads(run(db, "audit", "list", "--auditor", "TM9", "--json").output)
    assert {a["audit_id"] for a in listed} == {a["audit_id"] for a in audits}
    redrawn = run(db, "cycle", "redraw-check", "2026-03/across-districts")
    assert redrawn.exit_code == 0, redrawn.output
    again = refused_by_cli(
        db, "cycle", "cross-district", "--month", "2026-03", "--theme", "Other",
        "--manager", "TM1", "--manager", "TM9", "--week", WEEK, "--as", "QA1",
        "--on", WEEK,
    )  # fmt: skip
    assert "2026-03/across-districts" in again
