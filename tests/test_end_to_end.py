"""A scripted run through the CLI, on both stores: init, staff, case,
schedule, start, grade, action, two follow-ups, moderate, complete; then
``audit show --json`` gives the full state."""

from __future__ import annotations

import json

from tests.helpers.cli import run


def step(db: str, *args: str) -> dict[str, object]:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, f"{args}: {result.output}"
    parsed: dict[str, object] = json.loads(result.output)
    return parsed


def test_an_audit_from_scheduling_to_completion(db_url: str) -> None:
    db = db_url
    step(db, "init", "--admin", "ADM1", "--name", "Alex Admin", "--on", "2026-01-05")
    for staff_id, role, team in (
        ("HOS1", "head-of-service", None),
        ("HOS2", "head-of-service", None),
        ("TM1", "team-manager", "safeguarding"),
        ("TM2", "team-manager", "looked-after-children"),
        ("SW1", "social-worker", "safeguarding"),
    ):
        team_args = ["--team", team] if team else []
        step(
            db,
            "staff",
            "join",
            staff_id,
            "--name",
            f"Name {staff_id}",
            "--role",
            role,
            *team_args,
            "--as",
            "ADM1",
            "--on",
            "2026-01-05",
        )
    step(
        db,
        "case",
        "open",
        "LL-204311",
        "--team",
        "safeguarding",
        "--district",
        "North",
        "--worker",
        "SW1",
        "--as",
        "TM1",
        "--on",
        "2026-01-06",
    )
    audit_id = step(
        db,
        "audit",
        "schedule",
        "--kind",
        "whole-case-file",
        "--case",
        "LL-204311",
        "--auditor",
        "TM2",
        "--week",
        "2026-02-04",
        "--as",
        "HOS1",
        "--on",
        "2026-01-20",
    )["audit_id"]
    assert audit_id == "AUD-0001"
    step(db, "audit", "start", "AUD-0001", "--as", "TM2", "--on", "2026-02-03")
    step(db, "audit", "grade", "AUD-0001", "good", "--as", "TM2", "--on", "2026-02-04")
    action = step(
        db,
        "action",
        "set",
        "--audit",
        "AUD-0001",
        "--owner",
        "SW1",
        "--description",
        "Update the plan with dates",
        "--as",
        "TM2",
        "--on",
        "2026-02-04",
    )
    assert action == {"ok": True, "action_id": "ACT-0001", "due_on": "2026-03-03"}
    step(
        db,
        "action",
        "review",
        "ACT-0001",
        "--outcome",
        "on-track",
        "--note",
        "Plan drafted",
        "--as",
        "TM1",
        "--on",
        "2026-03-02",
    )
    step(
        db,
        "action",
        "review",
        "ACT-0001",
        "--outcome",
        "achieved",
        "--note",
        "Plan signed off",
        "--as",
        "TM1",
        "--on",
        "2026-04-01",
    )
    step(
        db,
        "audit",
        "moderate",
        "AUD-0001",
        "--replaces",
        "good",
        "--grade",
        "requires-improvement",
        "--rationale",
        "Plan lacked timescales",
        "--as",
        "HOS2",
        "--on",
        "2026-02-20",
    )
    step(
        db,
        "audit",
        "complete",
        "AUD-0001",
        "--findings",
        "Plan now SMART",
        "--as",
        "TM2",
        "--on",
        "2026-02-21",
    )

    state = step(db, "audit", "show", "AUD-0001")

    assert state["status"] == "completed"
    assert state["grade"] == "requires-improvement"
    assert state["original_grade"] == "good"
    assert state["moderations"] == [
        {
            "moderator": "HOS2",
            "replaces": "good",
            "grade": "requires-improvement",
            "agreed": False,
            "rationale": "Plan lacked timescales",
            "moderated_on": "2026-02-20",
        }
    ]
    actions = state["actions"]
    assert isinstance(actions, list)
    assert [f["reviewed_on"] for f in actions[0]["follow_ups"]] == [
        "2026-03-02",
        "2026-04-01",
    ]
    assert actions[0]["owner"] == "SW1"
    assert state["ended_on"] == "2026-02-21"
