"""qaledger report through click's CliRunner, on both stores: every job
writes its files and records them; the same position gives the same bytes;
a changed file fails 'report verify'; a period with no data says so; only
the QA team and senior managers may run reports; 'report due' and 'run-due'
follow the calendar and what was generated."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ledger.application import QALedger
from ledger.storage.store import locate
from reports.generate import due_reports
from tests.conftest import event_count
from tests.helpers.cli import refused_by_cli, run
from tests.helpers.reports import JOB_ARGS, generate

TABLES = {
    "benchmark": 10,
    "pmm": 14,
    "supervision": 6,
    "complaints": 9,
    "ofsted": 6,
}


def ledger_head(db: str, position: int) -> str:
    result = run(db, "verify", "--at", str(position), "--json")
    assert result.exit_code == 0, result.output
    head: str = json.loads(result.stdout)["at"]["digest"]
    return head


def positions_of_oversight(db: str) -> int:
    app = QALedger(locate(db).env)
    try:
        return app.position()
    finally:
        app.close()


@pytest.mark.parametrize("job", sorted(JOB_ARGS))
def test_each_job_writes_html_csv_parquet_and_a_workbook_and_records_them(
    db: str, tmp_path: Path, job: str
) -> None:
    position = positions_of_oversight(db)
    generated = generate(db, job, tmp_path / "out")
    outputs = generated["outputs"]
    html = [name for name in outputs if name.endswith(".html")]
    assert len(html) == 1
    assert len(outputs) == 2 + 2 * TABLES[job]
    assert {Path(name).suffix for name in outputs} == {
        ".html", ".csv", ".parquet", ".xlsx"
    }  # fmt: skip
    (workbook,) = [name for name in outputs if name.endswith(".xlsx")]
    sheets = load_workbook(tmp_path / "out" / workbook, read_only=True).sheetnames
    assert len(sheets) == TABLES[job] + 1 and sheets[-1] == "provenance"
    assert generated["ledger_position"] == position
    assert generated["has_data"] is True
    page = (tmp_path / "out" / html[0]).read_text(encoding="utf-8")
    assert f'<meta name="qaledger-position" content="{position}">' in page
    assert generated["head_digest"] == ledger_head(db, position)
    assert generated["head_digest"] in page
    assert 'id="no-data"' not in page
    # Every file is recorded with its SHA-256, and verifies.
    files = [str(tmp_path / "out" / name) for name in outputs]
    verified = run(db, "report", "verify", *files)
    assert verified.exit_code == 0, verified.output
    assert verified.output.count(f"of {generated['report_id']}") == len(files)


def test_the_benchmark_shows_the_cycles_grades_and_moderation(
    db: str, tmp_path: Path
) -> None:
    generate(db, "benchmark", tmp_path)
    progress = (tmp_path / "benchmark-2026H1-progress_by_cycle.csv").read_text()
    # Two audits: one good moderated to requires improvement, one requires
    # improvement: none good or better.
    assert progress.splitlines() == [
        "cycle,audits,outstanding,good,requires_improvement,inadequate,"
        "good_or_better,good_or_better_pct,change_from_previous_pts,"
        "change_from_benchmark_pts",
        "2026H1,2,0,0,2,0,0,0.0,,0.0",
    ]
    moderations = (tmp_path / "benchmark-2026H1-moderations.csv").read_text()
    assert "lowered" in moderations
    assert "The plan has no timescales" in moderations  # from the audit trail
    page = (tmp_path / "benchmark-2026H1.html").read_text()
    assert page.count("<svg") == 3  # by cycle, by team, actions by status


def test_a_period_with_no_data_gives_a_report_that_says_so(
    db: str, tmp_path: Path
) -> None:
    result = run(db, "report", "pmm", "--month", "2026-05", "--out", str(tmp_path),
                 "--as", "QA1")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "no data was recorded for this period" in result.stdout
    page = (tmp_path / "pmm-2026-05.html").read_text()
    assert 'id="no-data"' in page
    assert "No audit was completed in 2026-05." in page
    assert (
        (tmp_path / "pmm-2026-05-audits_completed.csv")
        .read_text()
        .startswith("audit_id,audit_kind,")
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("benchmark", "--cycle", "2099H1"), "Cycle 2099H1 has not begun"),
        (
            ("benchmark", "--cycle", "2026H2"),
            "cycle 2026H2 was never opened (cycle open); cycles recorded: 2026H1",
        ),
        (
            ("pmm", "--month", "2025-06"),
            "Month 2025-06 ends before the ledger's record begins on 2026-01-05; "
            "months from 2026-01 can be reported",
        ),
        (("complaints", "--quarter", "2030Q1"), "Quarter 2030Q1 has not begun"),
        (
            ("ofsted", "--as-of", "2025-12-31"),
            "ends before the ledger's record begins on 2026-01-05",
        ),
    ],
)
def test_a_period_the_ledger_cannot_speak_of_is_refused_and_nothing_recorded(
    db: str, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    out = tmp_path / "reports"
    refused = refused_by_cli(db, "report", *args, "--out", str(out), "--as",
                             "QA1")  # fmt: skip
    assert said in refused
    assert not out.exists() or not any(out.iterdir())  # no file written


def test_the_same_position_gives_the_same_bytes(db: str, tmp_path: Path) -> None:
    first = generate(db, "pmm", tmp_path / "first")
    # Recording the first run moved the ledger on, but only by the record of
    # a report: the second run reflects the same position.
    second = generate(db, "pmm", tmp_path / "second")
    assert second["report_id"] != first["report_id"]
    assert second["ledger_position"] == first["ledger_position"]
    assert second["outputs"] == first["outputs"]
    for name in first["outputs"]:
        assert (tmp_path / "first" / name).read_bytes() == (
            tmp_path / "second" / name
        ).read_bytes(), name


def test_a_new_event_moves_the_position_and_changes_the_report(
    db: str, tmp_path: Path
) -> None:
    before = generate(db, "complaints", tmp_path / "before")
    app = QALedger(locate(db).env, today=lambda: date(2026, 6, 30))
    try:
        app.complaints.receive(
            "TM1", team="safeguarding", category="delay", on=date(2026, 3, 20)
        )
    finally:
        app.close()
    after = generate(db, "complaints", tmp_path / "after")
    # The first run's record (its id and the report), then the complaint's.
    assert after["ledger_position"] == before["ledger_position"] + 4
    name = "complaints-2026Q1-received_by_team.csv"
    assert after["outputs"][name] != before["outputs"][name]
    assert (tmp_path / "after" / name).read_text().splitlines()[1:] == [
        "looked-after-children,1",
        "safeguarding,2",
    ]


def test_a_changed_file_fails_verify(db: str, tmp_path: Path) -> None:
    generated = generate(db, "supervision", tmp_path)
    page = tmp_path / "supervision-2026.html"
    csv = tmp_path / "supervision-2026-supervision_by_team.csv"
    csv.write_bytes(csv.read_bytes().replace(b",", b";", 1))
    page.write_bytes(page.read_bytes() + b"\n")
    result = run(db, "report", "verify", str(page), str(csv))
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert f"recorded by {generated['report_id']}" in result.output
    assert "it has been changed" in result.output
    as_json = run(db, "report", "verify", str(page), "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)[0]["ok"] is False
    stranger = tmp_path / "elsewhere.html"
    stranger.write_text("<html></html>")
    unknown = run(db, "report", "verify", str(stranger))
    assert unknown.exit_code == 1
    assert "matches no recorded report" in unknown.output


def test_only_the_qa_team_and_senior_managers_may_run_reports(
    db: str, tmp_path: Path
) -> None:
    before = events(db)
    for actor in ("SW1", "INS1", "DA1", "TM1"):
        result = run(db, "report", "pmm", "--month", "2026-03", "--out",
                     str(tmp_path / actor), "--as", actor)  # fmt: skip
        assert result.exit_code == 1, actor
        assert "Error:" in result.output
        assert not (tmp_path / actor).exists()
    assert events(db) == before
    # Anyone may check a file.
    generated = generate(db, "pmm", tmp_path / "qa")
    html = next(name for name in generated["outputs"] if name.endswith(".html"))
    assert run(db, "report", "verify", str(tmp_path / "qa" / html)).exit_code == 0


def events(db: str) -> int:
    app = QALedger(locate(db).env)
    try:
        return event_count(app)
    finally:
        app.close()


def test_a_malformed_period_or_a_future_day_is_refused(db: str, tmp_path: Path) -> None:
    for args in (
        ["benchmark", "--cycle", "2026H3"],
        ["pmm", "--month", "March"],
        ["ofsted", "--as-of", "2999-01-01"],
    ):
        result = run(db, "report", *args, "--out", str(tmp_path), "--as", "QA1")
        assert result.exit_code == 1, args
        assert "Error:" in result.output
    missing = run(db, "report", "pmm", "--out", str(tmp_path), "--as", "QA1")
    assert missing.exit_code == 2


def test_due_lists_ended_periods_not_yet_generated_and_run_due_makes_them(
    db: str, tmp_path: Path
) -> None:
    app = QALedger(locate(db).env, today=lambda: date(2026, 4, 15))
    try:
        # The ledger began on 5 January: January to March, the first
        # quarter; neither half-year nor the year has ended by 15 April.
        assert [(d.job, d.period) for d in due_reports(app)] == [
            ("pmm", "2026-01"),
            ("pmm", "2026-02"),
            ("complaints", "2026Q1"),
            ("pmm", "2026-03"),
        ]
        assert [(d.job, d.period) for d in due_reports(app, date(2026, 3, 1))] == [
            ("complaints", "2026Q1"),
            ("pmm", "2026-03"),
        ]
    finally:
        app.close()
    generate(db, "pmm", tmp_path)  # 2026-03
    listed = run(db, "report", "due", "--json")
    assert listed.exit_code == 0
    due = {(item["job"], item["period"]) for item in json.loads(listed.stdout)}
    assert ("pmm", "2026-02") in due
    assert ("pmm", "2026-03") not in due
    assert ("benchmark", "2026H1") in due
    ran = run(db, "report", "run-due", "--since", "2026-06-01", "--out",
              str(tmp_path / "cron"), "--as", "QA1", "--json")  # fmt: skip
    assert ran.exit_code == 0, ran.output
    made = {
        (r["job"], tuple(sorted(r["parameters"].items())))
        for r in json.loads(ran.stdout)
    }
    assert (("benchmark", (("as_of", "2026-06-30"), ("cycle", "2026H1")))) in made
    assert (("pmm", (("as_of", "2026-06-30"), ("month", "2026-06")))) in made
    again = run(db, "report", "run-due", "--since", "2026-06-01", "--out",
                str(tmp_path / "cron"), "--as", "QA1")  # fmt: skip
    assert again.exit_code == 0
    assert again.stdout.strip() == "no report is due"
