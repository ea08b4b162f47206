"""qaledger import audits: a council's spreadsheet, CSV or Excel, through the
ledger's rules; each bad row named with its line and reason, and nothing
written unless --skip-bad, on both stores."""

from __future__ import annotations

import contextlib
import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from commands.cli import main
from commands.import_audits import audits
from ledger.application import QALedger
from ledger.bulk.batching import BatchingLedger
from ledger.storage.store import locate
from tests.conftest import TODAY, event_count

HEADER = ["Case", "Auditor", "Date", "Kind", "Grade", "Actions", "Theme", "Team"]
GOOD_FIRST = [
    "LL-1001",
    "TM2",
    "2026-02-10",
    "Whole case file",
    "Good",
    "Update the chronology; Add timescales to the plan",
    "",
    "Safeguarding",
]
ROWS: list[list[Any]] = [
    GOOD_FIRST,  # line 2
    ["LL-1002", "HOS1", "12/03/2026", "thematic", "", "Record the child's views",
     "Voice of the child", ""],  # line 3
    ["LL-9999", "TM2", "2026-03-01", "whole-case-file", "good", "", "", ""],  # 4
    ["LL-1001", "SW2", "2026-03-02", "whole-case-file", "good", "", "", ""],  # 5
    ["LL-1002", "TM2", "31/02/2026", "whole-case-file", "good", "", "", ""],  # 6
    # Scheduled, started and then refused: a whole case file audit needs a grade.
    ["LL-1002", "TM2", "2026-04-01", "whole-case-file", "", "Plan", "", ""],  # 7
    ["LL-1002", "TM2", "2026-04-02", "family-support", "requires improvement",
     "", "", ""],  # line 8
]  # fmt: skip
BAD_LINES = {
    4: "LL-9999",
    5: "social-worker",
    6: "31/02/2026",
    7: "grad",
}


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    """A real workbook, dates as Excel dates where they are dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Audits 2026"
    sheet.append(header)
    for row in rows:
        cells = list(row)
        # A date Excel knows as one; other text kept as a person typed it.
        with contextlib.suppress(ValueError):
            cells[2] = datetime.fromisoformat(cells[2])
        sheet.append(cells)
    book.save(path)
    return path


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


@pytest.fixture(params=sorted(WRITERS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def cases(council: QALedger) -> QALedger:
    council.cases.open(
        "TM1",
        case_ref="LL-1002",
        team="safeguarding",
        district="North",
        worker="SW2",
        on=date(2026, 1, 12),
    )
    return council


def spreadsheet(tmp_path: Path, kind: str, rows: list[list[Any]]) -> Path:
    return WRITERS[kind](tmp_path / f"audits.{kind}", rows)


def run(db_url: str, path: Path, *extra: str) -> Result:
    args = [str(path), "--db", db_url, "--as", "QA1", *extra]
    return CliRunner().invoke(audits, args)


def test_a_bad_row_is_named_by_line_and_reason_and_nothing_is_written(
    cases: QALedger, db_url: str, tmp_path: Path, kind: str
) -> None:
    before = event_count(cases)
    result = run(db_url, spreadsheet(tmp_path, kind, ROWS))
    assert result.exit_code == 1, result.output
    for line, reason in BAD_LINES.items():
        reported = [
            r for r in result.stderr.splitlines() if r.startswith(f"line {line}:")
        ]
        assert len(reported) == 1, result.output
        assert reason in reported[0], reported
    for good in (2, 3, 8):
        assert f"line {good}:" not in result.output
    assert "4 of 7 rows" in result.output
    assert "nothing was written" in result.output
    assert event_count(cases) == before
    # Not even an id was taken: the next audit is still the first.
    assert cases.audits.schedule(
        "QA1", kind="thematic", auditor="TM2", week=date(2026, 5, 4),
        case_ref="LL-1001", theme="Chronologies", on=date(2026, 5, 1),
    ) == "AUD-0001"  # fmt: skip


def test_skip_bad_writes_the_good_rows_only(
    cases: QALedger, db_url: str, tmp_path: Path, kind: str
) -> None:
    before = event_count(cases)
    result = run(db_url, spreadsheet(tmp_path, kind, ROWS), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "imported 3 audits (AUD-0001 to AUD-0003) with 3 actions" in result.stdout
    assert "4 rows skipped" in result.stdout
    assert {int(r.split(":")[0][5:]) for r in result.stderr.splitlines()
            if r.startswith("line ")} == set(BAD_LINES)  # fmt: skip
    assert event_count(cases) > before
    first = cases.audits.show("AUD-0001")
    assert first["case_ref"] == "LL-1001"
    assert first["auditor"] == "TM2"
    assert first["kind"] == "whole-case-file"
    assert first["grade"] == "good"
    assert first["status"] == "completed"
    assert [a["description"] for a in first["actions"]] == [
        "Update the chronology",
        "Add timescales to the plan",
    ]
    assert {a["owner"] for a in first["actions"]} == {"SW1"}  # the case's worker
    assert {a["due_on"] for a in first["actions"]} == {"2026-03-10"}
    thematic = cases.audits.show("AUD-0002")
    assert (thematic["kind"], thematic["theme"]) == ("thematic", "Voice of the child")
    assert thematic["started_on"] == "2026-03-12"  # 12/03/2026, a UK date
    # Line 7 was scheduled and started before it was refused: undone whole,
    # so line 8's audit took the next id and no action of line 7 remains.
    third = cases.audits.show("AUD-0003")
    assert (third["case_ref"], third["kind"]) == ("LL-1002", "family-support")
    assert third["grade"] == "requires-improvement"
    with pytest.raises(Exception, match="AUD-0004"):
        cases.audits.show("AUD-0004")
    assert cases.actions.show("ACT-0003")["description"] == "Record the child's views"
    with pytest.raises(Exception, match="ACT-0004"):
        cases.actions.show("ACT-0004")


def test_a_good_spreadsheet_is_written_whole(
    cases: QALedger, db_url: str, tmp_path: Path, kind: str
) -> None:
    good = [ROWS[0], ROWS[1], ROWS[6]]
    result = run(db_url, spreadsheet(tmp_path, kind, good), "--json")
    assert result.exit_code == 0, result.output
    assert '"written": true' in result.output
    assert '"ignored_columns": [\n    "Team"\n  ]' in result.output
    assert [cases.audits.show(f"AUD-000{n}")["status"] for n in (1, 2, 3)] == [
        "completed"
    ] * 3


def test_rows_are_judged_with_the_rows_before_them(
    cases: QALedger, db_url: str, tmp_path: Path
) -> None:
    """A row repeating an earlier one is refused, as is a row that only an
    earlier, rejected row would have made possible."""
    rows = [ROWS[0], ROWS[0], ["LL-1001", "TM2", "2026-02-11", "whole-case-file",
                               "outstanding", "", "", ""]]  # fmt: skip
    result = run(db_url, write_csv(tmp_path / "repeats.csv", rows), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "line 3: repeats line 2" in result.stderr
    assert "imported 2 audits (AUD-0001 to AUD-0002)" in result.stdout


def test_a_spreadsheet_without_a_needed_column_is_refused(
    cases: QALedger, db_url: str, tmp_path: Path, kind: str
) -> None:
    before = event_count(cases)
    header = ["Case", "Date", "Kind", "Grade"]
    row = ["LL-1001", "2026-02-10", "thematic", ""]
    path = WRITERS[kind](tmp_path / f"short.{kind}", [row], header)
    result = run(db_url, path)
    assert result.exit_code == 1
    assert "line 1: the header has no column for auditor" in result.output
    assert event_count(cases) == before


def test_it_says_who_imports(cases: QALedger, db_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [GOOD_FIRST])
    if not db_url.startswith("postgresql"):
        result = CliRunner().invoke(audits, [str(path), "--db", db_url])
        assert result.exit_code == 2
        assert "--as" in result.output
    before = event_count(cases)
    refused = CliRunner().invoke(audits, [str(path), "--db", db_url, "--as", "INS1"])
    assert refused.exit_code == 1
    assert "line 2: " in refused.stderr
    assert "inspector" in refused.stderr
    assert event_count(cases) == before


def test_the_rows_are_tried_on_a_ledger_that_can_undo_one_row(
    council: QALedger, db_url: str
) -> None:
    """What the import relies on: commands tried on a BatchingLedger write
    nothing until flushed, and a rolled-back group leaves no trace, neither
    what it made nor what it changed."""
    before = event_count(council)
    trial = BatchingLedger(locate(db_url).env, today=lambda: TODAY, flush_every=None)
    try:
        on = date(2026, 3, 2)
        trial.savepoint()
        trial.staff.join("ADM1", staff_id="SW9", name="New", role="social-worker",
                         team="safeguarding", on=on)  # fmt: skip
        trial.staff.leave("ADM1", staff_id="SW1", on=on)
        trial.rollback()
        assert trial.staff.show("SW1")["left_on"] is None
        trial.savepoint()
        # SW9 was never made: the id is free again.
        trial.staff.join("ADM1", staff_id="SW9", name="Newer", role="social-worker",
                         team="safeguarding", on=on)  # fmt: skip
        trial.release()
        assert event_count(council) == before
        assert trial.flush() == 1
    finally:
        trial.close()
    assert event_count(council) == before + 1
    assert council.staff.show("SW9")["name"] == "Newer"
    assert council.staff.show("SW1")["left_on"] is None


def test_a_csv_line_number_is_where_the_row_starts(
    cases: QALedger, db_url: str, tmp_path: Path
) -> None:
    """A cell may hold several actions, one per line: the rows after it are
    named by the line they start on, as a text editor shows them."""
    several = [*GOOD_FIRST[:5], "Update the chronology\nAdd timescales", "", ""]
    bad = ["LL-9999", "TM2", "2026-03-01", "whole-case-file", "good", "", "", ""]
    path = write_csv(tmp_path / "multi.csv", [several, bad])
    assert path.read_text().count("\n") == 4
    result = run(db_url, path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("line 4: no such case: 'LL-9999'")
    assert "imported 1 audits (AUD-0001) with 2 actions" in result.stdout


def test_it_is_qaledger_import_audits(
    cases: QALedger, db_url: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "one.csv", [GOOD_FIRST])
    args = ["import", "audits", str(path), "--db", db_url, "--as", "QA1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "imported 1 audits (AUD-0001) with 2 actions from one.csv" in result.stdout
    assert cases.audits.show("AUD-0001")["status"] == "completed"
