"""qaledger history: every event touching a case, an audit or a staff member,
in order, with who, in which role and when; on both stores."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from ledger.application import QALedger
from tests.conftest import given_a_started_audit
from tests.helpers.cli import run

DAY = date(2026, 2, 4)


def an_audited_case(app: QALedger) -> str:
    audit_id = given_a_started_audit(app)
    app.audits.grade("TM2", audit_id=audit_id, grade="good", on=DAY)
    action_id = app.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Plan dates", on=DAY
    )
    app.actions.review(
        "TM1", action_id=action_id, outcome="on-track", note="Seen", on=DAY
    )
    app.audits.moderate(
        "HOS1",
        audit_id=audit_id,
        replaces="good",
        grade="requires-improvement",
        rationale="No timescales",
        on=date(2026, 2, 9),
    )
    return audit_id


def test_an_audit_history_holds_its_actions_and_moderation_in_order(
    council: QALedger, db_url: str
) -> None:
    audit_id = an_audited_case(council)
    result = run(db_url, "history", "audit", audit_id, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    summaries = [row["summary"] for row in rows]
    assert summaries[0].startswith(f"{audit_id} scheduled")
    assert f"{audit_id} graded good" in summaries
    assert "ACT-0001 followed up (on-track): Seen" in summaries
    moderation = next(row for row in rows if row["event_kind"] == "GradingModerated")
    assert moderation["summary"] == (
        f"{audit_id}: grading moderated from good to requires-improvement: "
        "No timescales"
    )
    assert (moderation["actor"], moderation["actor_role"]) == (
        "HOS1",
        "head-of-service",
    )
    assert moderation["occurred_on"] == "2026-02-09"
    assert [row["position"] for row in rows] == sorted(row["position"] for row in rows)


def test_a_case_history_covers_every_aggregate_that_names_the_case(
    council: QALedger, db_url: str
) -> None:
    an_audited_case(council)
    result = run(db_url, "history", "case", "LL-1001", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    kinds = {(row["aggregate_type"], row["event_kind"]) for row in rows}
    assert ("Case", "Opened") in kinds
    assert ("Audit", "GradingModerated") in kinds
    assert ("Action", "FollowUpReviewed") in kinds


def test_a_staff_history_holds_what_they_did_and_what_concerns_them(
    council: QALedger, db_url: str
) -> None:
    an_audited_case(council)
    result = run(db_url, "history", "staff", "SW1", "--json")
    rows = json.loads(result.output)
    assert rows[0]["summary"].startswith("SW1 (Name of SW1) joined as social-worker")
    assert any(row["summary"].startswith("ACT-0001 set for SW1") for row in rows)


def test_as_of_shows_the_history_as_it_stood_then(
    council: QALedger, db_url: str
) -> None:
    audit_id = an_audited_case(council)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    before = run(db_url, "history", "audit", audit_id, "--as-of", yesterday)
    now = run(db_url, "history", "audit", audit_id, "--as-of", date.today().isoformat())
    assert before.output.strip() == f"Nothing recorded about audit {audit_id}."
    assert "grading moderated" in now.output
