"""Every report reads every table as it stood at the end of its as-of day,
on both stores: nothing dated later is in any of its files, and an audit
completed later shows as started (issue 14: the Ofsted pack as of 31 October
listed an audit completed on 7 November)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.helpers.cli import run

# The reporting ledger (tests/helpers/records.py): the cycle's audits graded
# on 11 February and completed on 5 March, a grading moderated on 6 March, an
# action completed on 10 March, complaint steps, returns, observations and a
# meeting through March. Read as of 3 March, none of March's later acts has
# happened.
AS_OF = "2026-03-03"
JOBS = {
    "benchmark": ("--cycle", "2026H1"),
    "pmm": ("--month", "2026-03"),
    "supervision": ("--year", "2026"),
    "complaints": ("--quarter", "2026Q1"),
    "ofsted": (),
}
# Columns saying when something happened (not when it falls due).
HAPPENED = (
    "completed_on",
    "graded_on",
    "moderated_on",
    "met_on",
    "returned_on",
    "held_on",
    "observed_on",
    "received_on",
    "occurred_on",
    "started_on",
    "escalated_on",
    "supervised_on",
    "sent_on",
    "last_audit_completed",
    "first_audit_started",
)


def tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Each CSV in ``folder``, by file name."""
    return {
        path.name: list(csv.DictReader(io.StringIO(path.read_text())))
        for path in sorted(folder.glob("*.csv"))
    }


Tables = dict[str, list[dict[str, str]]]


def report(db: str, folder: Path, job: str, as_of: str = AS_OF) -> Tables:
    """The job's tables as of ``as_of``, by table name."""
    made = run(db, "report", job, *JOBS[job], "--as-of", as_of, "--out",
               str(folder), "--as", "QA1")  # fmt: skip
    assert made.exit_code == 0, made.output
    return {
        # benchmark-2026H1-grades_by_cycle.csv: table names have no hyphen.
        name.removesuffix(".csv").rsplit("-", 1)[-1]: rows
        for name, rows in tables(folder).items()
    }


@pytest.mark.parametrize("job", sorted(JOBS))
def test_no_day_after_the_as_of_day_is_in_any_table(
    db: str, tmp_path: Path, job: str
) -> None:
    for name, rows in report(db, tmp_path, job).items():
        for row in rows:
            for column, value in row.items():
                if value and column.endswith(HAPPENED):
                    assert value <= AS_OF, f"{name}: {column} = {value}"


def test_the_benchmark_counts_no_moderation_or_completion_made_later(
    db: str, tmp_path: Path
) -> None:
    read = report(db, tmp_path, "benchmark")
    assert read["moderations"] == []
    cycle = {r["grade"]: r for r in read["grades_by_cycle"] if r["cycle"] == "2026H1"}
    assert (cycle["good"]["audits"], cycle["requires-improvement"]["audits"]) == (
        "1",
        "1",
    )
    assert {r["completed"] for r in read["actions_by_status"]} == {"0"}


def test_the_pmm_pack_shows_no_meeting_or_completion_yet(
    db: str, tmp_path: Path
) -> None:
    read = report(db, tmp_path, "pmm")
    assert read["meetings"] == []
    assert read["audits_completed"] == []
    assert read["observations_done"] == []


def test_the_complaints_report_shows_no_later_step(db: str, tmp_path: Path) -> None:
    read = report(db, tmp_path, "complaints")
    assert read["lessons"] == [] and read["compliments"] == []
    assert read["outcomes"] == [] and read["escalations"] == []


def test_the_supervision_report_counts_sessions_up_to_the_day(
    db: str, tmp_path: Path
) -> None:
    read = report(db, tmp_path, "supervision", as_of="2026-02-15")
    (worker,) = [r for r in read["supervision_by_worker"] if r["supervisee"] == "SW1"]
    assert (worker["sessions"], worker["last_session"]) == ("1", "2026-02-01")


def test_an_audit_completed_after_the_as_of_day_shows_as_started(
    db: str, tmp_path: Path
) -> None:
    made = run(db, "report", "ofsted", "--as-of", AS_OF, "--out", str(tmp_path),
               "--as", "QA1")  # fmt: skip
    assert made.exit_code == 0, made.output
    (audits,) = [rows for name, rows in tables(tmp_path).items() if name.endswith(
        "-audits.csv")]  # fmt: skip
    cycle = [row for row in audits if row["audit_kind"] == "whole-case-file"]
    assert len(cycle) == 2
    assert {(row["status"], row["completed_on"]) for row in cycle} == {("started", "")}
    # The grading of 11 February stands; the moderation of 6 March has not
    # happened yet.
    assert sorted(row["grade"] for row in cycle) == ["good", "requires-improvement"]
    assert {row["moderations"] for row in cycle} == {"0"}
