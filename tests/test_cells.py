"""No cell written for a spreadsheet runs as a formula: the rule for rows
(``ledger.bulk.cells.as_text_cell``) and for the reports' frames
(``reports.engine.files.as_text_cells``) give the same answers, and every
``--csv`` and report CSV applies it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from polars.testing import assert_frame_equal

from ledger.application import QALedger
from ledger.bulk.cells import as_text_cell
from ledger.storage.store import locate
from reports.engine.document import Table
from reports.engine.files import as_text_cells, csv_bytes
from reports.engine.workbook import xlsx_bytes
from tests.conftest import TODAY, given_a_council, given_a_started_audit
from tests.helpers.cli import ok_json, run

ATTACKS = [
    '=HYPERLINK("http://x","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "=\n1",
]
HARMLESS = ["-", "+", "=", "", "Plan now SMART", "a=b", " =1", "LL-204311"]


def test_a_would_be_formula_is_written_as_text_and_the_rest_as_it_is() -> None:
    assert [as_text_cell(v) for v in ATTACKS] == ["'" + v for v in ATTACKS]
    assert [as_text_cell(v) for v in HARMLESS] == HARMLESS
    assert as_text_cell(-3) == -3 and as_text_cell(None) is None


@given(st.lists(st.text(alphabet="=+-@\t\r\n ab1", max_size=6), max_size=20))
def test_the_frame_rule_gives_the_row_rules_answers(texts: list[str]) -> None:
    frame = pl.DataFrame({"text": texts, "n": list(range(len(texts)))})
    expected = pl.DataFrame(
        {"text": [as_text_cell(t) for t in texts], "n": list(range(len(texts)))}
    )
    assert_frame_equal(as_text_cells(frame), expected)


def test_a_report_csv_keeps_numbers_and_neutralises_text() -> None:
    frame = pl.DataFrame({"finding": ["=1+1", "fine"], "change": [-2, 3]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode())))
    assert rows == [["finding", "change"], ["'=1+1", "-2"], ["fine", "3"]]


def test_every_csv_a_command_prints_writes_a_formula_as_text(db_url: str) -> None:
    """A description typed as a formula comes out of ``--csv`` as text."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        audit_id = given_a_started_audit(app)
        app.actions.set(
            "TM2", audit_id=audit_id, owner="SW1", on=date(2026, 2, 4),
            description='=HYPERLINK("http://evil.example","Plan")',
        )  # fmt: skip
    finally:
        app.close()
    for command in (["action", "list"], ["actions"]):
        printed = run(db_url, *command, "--csv")
        assert printed.exit_code == 0, printed.output
        descriptions = [
            row["description"] for row in csv.DictReader(io.StringIO(printed.output))
        ]
        assert descriptions == ['\'=HYPERLINK("http://evil.example","Plan")']


def complaints_report_with_a_lesson(
    db_url: str, lesson: str, out: Path
) -> dict[str, object]:
    """The test council with a complaint whose lesson is ``lesson``, and its
    quarter's complaints report in ``out``; returns what the run recorded."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        complaint = app.complaints.receive(
            "TM1", team="safeguarding", category="delay", on=date(2026, 3, 2)
        )
        app.complaints.record_lesson(
            "TM1", complaint_id=complaint, lesson=lesson, on=date(2026, 3, 4)
        )
    finally:
        app.close()
    return ok_json(db_url, "report", "complaints", "--quarter", "2026Q1", "--out",
                   str(out), "--as", "QA1")  # fmt: skip


def test_a_reports_csv_writes_a_formula_as_text(db_url: str, tmp_path: Path) -> None:
    """A lesson typed as a formula comes out of the complaints report's CSV
    as text, and its Parquet keeps it as it was typed."""
    attack = "=cmd|' /C calc'!A0"
    complaints_report_with_a_lesson(db_url, attack, tmp_path)
    (lessons,) = tmp_path.glob("complaints-2026Q1-lessons.csv")
    written = list(csv.DictReader(io.StringIO(lessons.read_text())))
    assert [row["lesson"] for row in written] == ["'" + attack]
    kept = pl.read_parquet(lessons.with_suffix(".parquet"))
    assert kept["lesson"].to_list() == [attack]


def test_a_reports_workbook_keeps_a_formula_as_text_and_its_types(
    db_url: str, tmp_path: Path
) -> None:
    """In the .xlsx a would-be formula is a text cell showing as typed; days
    are dates and counts numbers; the header is frozen; the provenance sheet
    and the Parquet metadata say where in the ledger the figures stand."""
    attack = '=HYPERLINK("http://evil.example","Plan")'
    recorded = complaints_report_with_a_lesson(db_url, attack, tmp_path)
    book = load_workbook(tmp_path / "complaints-2026Q1.xlsx")
    lessons = book["lessons"]
    header = [cell.value for cell in lessons[1]]
    row = {name: cell for name, cell in zip(header, lessons[2], strict=True)}
    assert row["lesson"].value == attack and row["lesson"].data_type == "s"
    assert row["recorded_on"].is_date
    assert lessons.freeze_panes == "A2"
    about = {r[0].value: r[1].value for r in book["provenance"].iter_rows()}
    assert about["ledger_position"] == str(recorded["ledger_position"])
    assert about["head_digest"] == recorded["head_digest"]
    metadata = pq_metadata(tmp_path / "complaints-2026Q1-lessons.parquet")
    assert metadata["qaledger.head_digest"] == recorded["head_digest"]
    assert metadata["qaledger.quarter"] == "2026Q1"


def pq_metadata(path: Path) -> dict[str, str]:
    return dict(pl.read_parquet_metadata(path))


def test_a_workbook_is_dated_by_the_ledger_not_the_clock() -> None:
    """openpyxl stamps the time of saving as the modified time; the workbook
    says the ledger's time instead, so the same position gives the same
    bytes whenever it is written."""
    tables = [Table("counts", "Counts", pl.DataFrame({"audits": [3]}))]
    when = datetime(2026, 1, 1, 9, 30)
    data = xlsx_bytes(tables, {"ledger_position": 7}, when)
    book = load_workbook(io.BytesIO(data))
    assert book.properties.modified == when
    assert book.properties.created == when
    assert xlsx_bytes(tables, {"ledger_position": 7}, when) == data
