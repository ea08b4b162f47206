"""Every duty of the framework is a requirement, due to the role that must do
it, through the command line on both stores: placed when it arises (or each
period it recurs), met by the record that does it, late or overdue after its
day, and in ``due --for`` of the person who holds the role. Each refusal says
what is allowed, exits 1 and writes nothing.

- §2.3: a development review of each worker each year, by their supervisor;
  the annual supervision survey.
- §3.3: the six-monthly whole case file cycle, the QA team's; an audit's
  record on the case system, the auditor's.
- §3.4: each quarter, a family support audit of the family support team.
- §3.5: a head of service's random sample of each team's cases each month,
  and their audit of each case that moves between teams.
- §3.7: the monthly performance meeting, the assistant director's.
- §4.1: SSMT's consideration of each complaint escalated past stage one; a
  questionnaire to the family after each closure or transfer, after it.
- The intervals come from ``qaledger.toml``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from tests.conftest import START, TODAY, given_a_council
from tests.helpers.cli import ok_json, refused_by_cli, run

Row = dict[str, str | None]


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    """The test council (from 5 January 2026) with an assistant director, a
    senior manager and a family support manager."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        for staff_id, role, team in (
            ("AD1", "assistant-director", None),
            ("SM1", "senior-manager", None),
            ("FSM1", "family-support-manager", "family-support"),
        ):
            app.staff.join(
                "ADM1", staff_id=staff_id, name=staff_id, role=role, team=team,
                district="North", on=START,
            )  # fmt: skip
    finally:
        app.close()
    yield db_url


def compliance(db: str, as_of: str, requirement: str) -> list[Row]:
    """The requirement's rows as they stood at the end of ``as_of``."""
    result = run(db, "compliance", "--as-of", as_of, "--json")
    assert result.exit_code == 0, result.output
    rows: list[Row] = json.loads(result.output)
    return [row for row in rows if row["requirement"] == requirement]


def shown(rows: list[Row], *columns: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[c] for c in columns) for row in rows]


def due_for(db: str, staff_id: str, as_of: str) -> list[tuple[str, str, str]]:
    result = run(db, "due", "--for", staff_id, "--as-of", as_of, "--json")
    assert result.exit_code == 0, result.output
    return [(r["what"], r["about"], r["status"]) for r in json.loads(result.output)]


def done(db: str, *args: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 0, f"{args}: {result.output}"


def march_begins(db: str) -> None:
    """Something recorded in March: a period's duties are placed by the first
    event the ledger records in it."""
    done(db, "observe", "record", "SW1", "--outcome", "good", "--as", "TM1",
         "--on", "2026-03-02")  # fmt: skip


def test_a_transfer_is_owed_a_head_of_service_audit_and_a_questionnaire(
    db: str,
) -> None:
    done(db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
         "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    owed = ("LL-1001", "2026-03-16", "head-of-service", "safeguarding", "due")
    assert shown(
        compliance(db, "2026-03-10", "transfer-audit"),
        "subject_id", "due_on", "responsible", "team", "status",
    ) == [owed]  # fmt: skip
    assert shown(
        compliance(db, "2026-03-10", "feedback-questionnaire"),
        "subject_id", "due_on", "responsible", "status",
    ) == [("LL-1001", "2026-03-16", "team-manager", "due")]  # fmt: skip
    assert ("transfer-audit", "LL-1001", "due") in due_for(db, "HOS1", "2026-03-10")
    assert ("feedback-questionnaire", "LL-1001", "due") in due_for(
        db, "TM1", "2026-03-10"
    )
    assert "transfer-audit" not in {w for w, _, _ in due_for(db, "TM1", "2026-03-10")}

    audit = ok_json(
        db, "audit", "schedule", "--kind", "transfer", "--case", "LL-1001",
        "--auditor", "HOS1", "--week", "2026-03-16", "--as", "HOS1",
        "--on", "2026-03-09",
    )["audit_id"]  # fmt: skip
    done(db, "audit", "start", str(audit), "--as", "HOS1", "--on", "2026-03-17")
    done(db, "audit", "grade", str(audit), "good", "--as", "HOS1", "--on", "2026-03-18")
    done(db, "audit", "complete", str(audit), "--as", "HOS1", "--on", "2026-03-18")
    done(db, "feedback", "send", "LL-1001", "--to", "family", "--reason",
         "transfer", "--as", "TM1", "--on", "2026-03-05")  # fmt: skip
    assert shown(
        compliance(db, "2026-03-31", "transfer-audit"), "met_on", "status"
    ) == [("2026-03-18", "met late")]
    assert shown(
        compliance(db, "2026-03-31", "feedback-questionnaire"), "met_on", "status"
    ) == [("2026-03-05", "met")]


def test_a_questionnaire_follows_the_closure_or_transfer_it_is_about(
    db: str,
) -> None:
    not_closed = refused_by_cli(
        db, "feedback", "send", "LL-1001", "--to", "family", "--reason", "closure",
        "--as", "TM1", "--on", "2026-03-02",
    )  # fmt: skip
    assert "case LL-1001 has not closed" in not_closed
    never_moved = refused_by_cli(
        db, "feedback", "send", "LL-1001", "--to", "family", "--reason",
        "transfer", "--as", "TM1", "--on", "2026-03-02",
    )  # fmt: skip
    assert "has not transferred between teams" in never_moved
    done(db, "case", "close", "LL-1001", "--reason", "Needs met", "--function",
         "case-closure", "--as", "TM1", "--on", "2026-03-10")  # fmt: skip
    before = refused_by_cli(
        db, "feedback", "send", "LL-1001", "--to", "family", "--reason", "closure",
        "--as", "TM1", "--on", "2026-03-09",
    )  # fmt: skip
    assert "2026-03-10" in before
    assert shown(
        compliance(db, "2026-03-31", "feedback-questionnaire"), "due_on", "status"
    ) == [("2026-03-24", "overdue")]
    for day in ("2026-03-12", "2026-03-20"):  # once: the second owes nothing
        done(db, "feedback", "send", "LL-1001", "--to", "family", "--reason",
             "closure", "--as", "TM1", "--on", day)  # fmt: skip
    assert shown(
        compliance(db, "2026-03-31", "feedback-questionnaire"), "met_on", "status"
    ) == [("2026-03-12", "met")]


def test_ssmt_considers_each_complaint_escalated_past_stage_one(db: str) -> None:
    done(db, "complaint", "receive", "--team", "safeguarding", "--category",
         "delay", "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    at_stage_one = refused_by_cli(
        db, "complaint", "consider", "CMP-0001", "--note", "Early look",
        "--as", "AD1", "--on", "2026-03-03",
    )  # fmt: skip
    assert "SSMT considers complaints escalated past stage one" in at_stage_one
    assert compliance(db, "2026-03-03", "complaint-consideration") == []
    done(db, "complaint", "respond", "CMP-0001", "not-upheld", "--as", "TM1",
         "--on", "2026-03-04")  # fmt: skip
    done(db, "complaint", "escalate", "CMP-0001", "--stage", "2", "--as", "TM1",
         "--on", "2026-03-05")  # fmt: skip
    assert shown(
        compliance(db, "2026-03-06", "complaint-consideration"),
        "subject_id", "due_on", "responsible", "status",
    ) == [("CMP-0001", "2026-03-19", "assistant-director", "due")]  # fmt: skip
    assert ("complaint-consideration", "CMP-0001", "due") in due_for(
        db, "AD1", "2026-03-06"
    )
    by_a_manager = refused_by_cli(
        db, "complaint", "consider", "CMP-0001", "--note", "Agreed", "--as", "TM1",
        "--on", "2026-03-10",
    )  # fmt: skip
    assert "head-of-service, assistant-director, senior-manager" in by_a_manager
    before_escalation = refused_by_cli(
        db, "complaint", "consider", "CMP-0001", "--note", "Agreed", "--as", "AD1",
        "--on", "2026-03-04",
    )  # fmt: skip
    assert "cannot predate the escalation" in before_escalation
    done(db, "complaint", "consider", "CMP-0001", "--note", "Reply plan agreed",
         "--as", "AD1", "--on", "2026-03-12")  # fmt: skip
    assert shown(
        compliance(db, "2026-03-31", "complaint-consideration"), "met_on", "status"
    ) == [("2026-03-12", "met")]


def test_the_monthly_performance_meeting_is_the_assistant_directors(
    db: str,
) -> None:
    done(db, "meeting", "record", "--chair", "AD1", "--focus", "Plans",
         "--report", "Audit findings", "--as", "AD1", "--on", "2026-02-26")  # fmt: skip
    march_begins(db)
    rows = compliance(db, "2026-03-31", "performance-meeting")
    assert shown(rows, "due_on", "met_on", "responsible", "status")[:3] == [
        ("2026-01-31", None, "assistant-director", "overdue"),
        ("2026-02-28", "2026-02-26", "assistant-director", "met"),
        ("2026-03-31", None, "assistant-director", "due"),
    ]
    assert ("performance-meeting", "service", "due") in due_for(db, "AD1", "2026-03-31")
    assert "performance-meeting" not in {
        w for w, _, _ in due_for(db, "TM1", "2026-03-31")
    }


def test_each_team_is_owed_a_head_of_service_sample_every_month(db: str) -> None:
    done(db, "cycle", "hos-sample", "--team", "safeguarding", "--month", "2026-02",
         "--week", "2026-02-09", "--size", "1", "--seed", "1", "--as", "HOS1",
         "--on", "2026-02-09")  # fmt: skip
    march_begins(db)
    rows = compliance(db, "2026-03-31", "hos-sample")
    assert shown(rows, "subject_id", "due_on", "met_on", "status")[:3] == [
        ("team:safeguarding", "2026-01-31", None, "overdue"),
        ("team:safeguarding", "2026-02-28", "2026-02-09", "met"),
        ("team:safeguarding", "2026-03-31", None, "due"),
    ]
    assert ("hos-sample", "team:safeguarding", "overdue") in due_for(
        db, "HOS1", "2026-03-31"
    )


def test_a_teams_samples_are_owed_from_its_first_case_even_entered_late(
    db: str,
) -> None:
    """A case entered late (back-dated) is a team's first: its samples are
    owed from that month on, in a catch-up as in a rebuild."""
    done(db, "observe", "record", "SW1", "--outcome", "good", "--as", "TM1",
         "--on", "2026-05-04")  # fmt: skip
    run(db, "compliance")  # the read models catch up to May
    done(db, "case", "open", "LL-3001", "--team", "looked-after-children",
         "--district", "North", "--worker", "SW2", "--as", "TM2",
         "--on", "2026-02-02")  # fmt: skip
    months = [
        row["due_on"]
        for row in compliance(db, "2026-05-31", "hos-sample")
        if row["subject_id"] == "team:looked-after-children"
    ]
    assert months == ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]
    caught_up = compliance(db, "2026-05-31", "hos-sample")
    done(db, "projections", "rebuild")
    assert compliance(db, "2026-05-31", "hos-sample") == caught_up


def test_the_six_monthly_cycle_is_the_qa_officers(db: str) -> None:
    assert shown(
        compliance(db, "2026-03-31", "audit-cycle"),
        "subject_id", "due_on", "responsible", "status",
    ) == [("service", "2026-06-30", "qa-officer", "due")]  # fmt: skip
    done(db, "cycle", "open", "2026H1", "--size", "1", "--as", "QA1",
         "--on", "2026-02-02")  # fmt: skip
    done(db, "cycle", "draw", "2026H1", "--seed", "1", "--as", "QA1",
         "--on", "2026-02-02")  # fmt: skip
    done(db, "cycle", "allocate", "2026H1", "--auditor", "TM2", "--week",
         "2026-02-09", "--as", "QA1", "--on", "2026-02-02")  # fmt: skip
    done(db, "cycle", "close", "2026H1", "--findings", "Plans lack timescales",
         "--as", "QA1", "--on", "2026-06-26")  # fmt: skip
    assert shown(compliance(db, "2026-06-30", "audit-cycle"), "met_on", "status") == [
        ("2026-06-26", "met")
    ]
    assert "audit-cycle" not in {w for w, _, _ in due_for(db, "QA1", "2026-06-30")}


def test_the_family_support_team_is_audited_each_quarter(db: str) -> None:
    done(db, "case", "open", "LL-4001", "--team", "family-support", "--district",
         "North", "--worker", "SW1", "--as", "FSM1", "--on", "2026-01-12")  # fmt: skip
    assert ("family-support-audit", "team:family-support", "due") in due_for(
        db, "FSM1", "2026-03-02"
    )
    audit = ok_json(
        db, "audit", "schedule", "--kind", "family-support", "--case", "LL-4001",
        "--auditor", "FSM1", "--week", "2026-04-13", "--as", "FSM1",
        "--on", "2026-04-06",
    )["audit_id"]  # fmt: skip
    done(db, "audit", "start", str(audit), "--as", "FSM1", "--on", "2026-04-14")
    done(db, "audit", "complete", str(audit), "--as", "FSM1", "--on", "2026-04-15")
    assert shown(
        compliance(db, "2026-06-30", "family-support-audit"),
        "due_on", "met_on", "responsible", "status",
    ) == [
        ("2026-03-31", None, "team-manager", "overdue"),
        ("2026-06-30", "2026-04-15", "team-manager", "met"),
    ]  # fmt: skip


def test_each_worker_has_a_development_review_each_year_by_their_supervisor(
    db: str,
) -> None:
    rows = [
        r for r in compliance(db, "2026-06-30", "development-review")
        if r["subject_id"] == "SW1"
    ]  # fmt: skip
    assert shown(rows, "due_on", "responsible", "status") == [
        ("2027-01-05", "team-manager", "due")
    ]
    assert ("development-review", "SW1", "due") in due_for(db, "TM1", "2026-06-30")
    done(db, "supervision", "pdr", "SW1", "--needs", "Court skills",
         "--as", "TM1", "--on", "2026-06-01")  # fmt: skip
    rows = [
        r for r in compliance(db, "2026-06-30", "development-review")
        if r["subject_id"] == "SW1"
    ]  # fmt: skip
    assert shown(rows, "due_on", "met_on", "status") == [
        ("2027-01-05", "2026-06-01", "met"),
        ("2027-06-01", None, "due"),
    ]


def test_the_service_runs_a_supervision_survey_each_year(db: str) -> None:
    assert shown(
        compliance(db, "2026-06-30", "supervision-survey"),
        "due_on", "responsible", "status",
    ) == [("2026-12-31", "senior-manager", "due")]  # fmt: skip
    assert ("supervision-survey", "service", "due") in due_for(db, "SM1", "2026-06-30")
    done(db, "supervision", "survey", "--year", "2026", "--responses", "40",
         "--summary", "Most staff supervised monthly", "--as", "QA1",
         "--on", "2026-06-15")  # fmt: skip
    assert shown(
        compliance(db, "2026-06-30", "supervision-survey"), "met_on", "status"
    ) == [("2026-06-15", "met")]


def test_an_audit_is_recorded_on_the_case_system_by_its_auditor(db: str) -> None:
    audit = ok_json(
        db, "audit", "schedule", "--kind", "whole-case-file", "--case", "LL-1001",
        "--auditor", "TM2", "--week", "2026-03-02", "--as", "QA1",
        "--on", "2026-02-23",
    )["audit_id"]  # fmt: skip
    done(db, "audit", "start", str(audit), "--as", "TM2", "--on", "2026-03-03")
    assert ("audit-case-note", str(audit), "due") in due_for(db, "TM2", "2026-03-04")
    done(db, "audit", "record", str(audit), "--note", "Case note 2026-03-05",
         "--as", "TM2", "--on", "2026-03-05")  # fmt: skip
    assert shown(
        compliance(db, "2026-03-31", "audit-case-note"), "met_on", "status"
    ) == [("2026-03-05", "met")]


def test_the_intervals_come_from_the_settings_file(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "qaledger.toml"
    settings.write_text(
        "[standards]\ntransfer_audit_days = 7\ncomplaint_consideration_days = 10\n"
    )
    monkeypatch.setenv("QALEDGER_SETTINGS", str(settings))
    done(db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
         "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    assert shown(compliance(db, "2026-03-03", "transfer-audit"), "due_on") == [
        ("2026-03-09",)
    ]


def test_a_teams_head_of_service_duties_go_to_the_head_of_service_heading_it(
    db: str,
) -> None:
    not_a_head = refused_by_cli(
        db, "staff", "heads", "TM1", "--team", "safeguarding", "--as", "ADM1",
        "--on", "2026-02-02",
    )  # fmt: skip
    assert "TM1 is a team-manager; only a head of service heads teams" in not_a_head
    refused_by_cli(
        db, "staff", "heads", "HOS1", "--team", "safeguarding", "--as", "TM1",
        "--on", "2026-02-02",
    )  # fmt: skip
    # With no teams recorded, every head of service heads every team.
    done(db, "observe", "record", "SW1", "--outcome", "good", "--as", "TM1",
         "--on", "2026-02-02")  # fmt: skip
    assert ("hos-sample", "team:safeguarding", "due") in due_for(
        db, "HOS2", "2026-02-02"
    )
    done(db, "staff", "heads", "HOS1", "--team", "safeguarding", "--as", "ADM1",
         "--on", "2026-02-02")  # fmt: skip
    done(db, "staff", "heads", "HOS2", "--team", "looked-after-children",
         "--as", "ADM1", "--on", "2026-02-02")  # fmt: skip
    done(db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
         "--as", "TM1", "--on", "2026-03-02")  # fmt: skip
    hos1, hos2 = due_for(db, "HOS1", "2026-03-10"), due_for(db, "HOS2", "2026-03-10")
    # The transfer audit is the transferring team's head of service's.
    assert ("transfer-audit", "LL-1001", "due") in hos1
    assert ("transfer-audit", "LL-1001", "due") not in hos2
    assert ("hos-sample", "team:safeguarding", "due") in hos1
    assert ("hos-sample", "team:safeguarding", "due") not in hos2
    assert ("hos-sample", "team:looked-after-children", "due") in hos2
    shown = ok_json(db, "staff", "show", "HOS1")
    assert shown["heads"] == ["safeguarding"]


def test_a_team_manager_is_due_what_is_owed_in_their_district(db: str) -> None:
    done(db, "staff", "join", "TM9", "--name", "Tess", "--role", "team-manager",
         "--team", "safeguarding", "--district", "South", "--as", "ADM1",
         "--on", "2026-01-05")  # fmt: skip
    done(db, "case", "open", "LL-2001", "--team", "safeguarding", "--district",
         "South", "--worker", "SW1", "--as", "TM9", "--on", "2026-01-05")  # fmt: skip
    for ref in ("LL-1001", "LL-2001"):
        done(db, "case", "trigger", ref, "--kind", "cp-conference", "--as", "SW1",
             "--on", "2026-03-02")  # fmt: skip
    decision = "management-decision:cp-conference"
    north, south = due_for(db, "TM1", "2026-03-03"), due_for(db, "TM9", "2026-03-03")
    assert (decision, "LL-1001", "due") in north
    assert (decision, "LL-2001", "due") not in north
    assert (decision, "LL-2001", "due") in south
    assert (decision, "LL-1001", "due") not in south


def test_heads_of_service_moderate_each_cycles_gradings_by_its_end(db: str) -> None:
    done(db, "cycle", "open", "2026H1", "--size", "1", "--as", "QA1",
         "--on", "2026-02-02")  # fmt: skip
    assert shown(
        compliance(db, "2026-02-02", "moderation"),
        "subject_id", "due_on", "responsible", "status",
    ) == [("cycle:2026H1", "2026-06-30", "head-of-service", "due")]  # fmt: skip
    assert ("moderation", "cycle:2026H1", "due") in due_for(db, "HOS2", "2026-02-02")
    done(db, "cycle", "draw", "2026H1", "--seed", "1", "--as", "QA1",
         "--on", "2026-02-02")  # fmt: skip
    plan = json.loads(
        run(db, "cycle", "allocate", "2026H1", "--auditor", "TM2", "--week",
            "2026-02-09", "--as", "QA1", "--on", "2026-02-02", "--json").output
    )  # fmt: skip
    audit = next(iter(plan["allocations"].values()))["audit_id"]
    done(db, "audit", "start", audit, "--as", "TM2", "--on", "2026-02-10")
    done(db, "audit", "grade", audit, "good", "--as", "TM2", "--on", "2026-02-11")
    assert shown(compliance(db, "2026-03-31", "moderation"), "status") == [("due",)]
    done(
        db, "audit", "moderate", audit, "--replaces", "good", "--grade", "good",
        "--rationale", "Agreed at panel", "--as", "HOS1", "--on", "2026-04-20",
    )  # fmt: skip
    assert shown(compliance(db, "2026-06-30", "moderation"), "met_on", "status") == [
        ("2026-04-20", "met")
    ]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("transfer_audit_days = 0", "transfer_audit_days must be a whole number of 1"),
        ("calendar_grace_days = -1", "calendar_grace_days must be a whole number of 0"),
        ("transfer_audit_days = 'soon'", "transfer_audit_days must be a whole number"),
        ("transfer_days = 7", "unknown standard(s) transfer_days; allowed: "),
    ],
)
def test_a_settings_file_with_a_bad_standard_is_refused_and_nothing_written(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, said: str
) -> None:
    settings = tmp_path / "qaledger.toml"
    settings.write_text(f"[standards]\n{line}\n")
    monkeypatch.setenv("QALEDGER_SETTINGS", str(settings))
    refused = refused_by_cli(
        db, "case", "transfer", "LL-1001", "--to", "looked-after-children",
        "--as", "TM1", "--on", "2026-03-02",
    )  # fmt: skip
    assert said in refused


def test_no_grace_days_may_be_said_outright(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "qaledger.toml"
    settings.write_text("[standards]\ncalendar_grace_days = 0\n")
    monkeypatch.setenv("QALEDGER_SETTINGS", str(settings))
    assert shown(compliance(db, "2026-03-03", "performance-meeting"), "due_on")[0] == (
        "2026-01-31",
    )
