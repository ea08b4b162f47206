"""Rendering a report: small counts hidden in the HTML (tables and charts)
but not in the data files, text escaped, the periods and as-of days reports
cover, and bytes that depend on nothing but what is written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from ledger.errors import InvalidValue
from reports.engine.charts import bars, stacked_grades
from reports.engine.document import Document, Section, Table
from reports.engine.files import OutputNames, csv_bytes, parquet_bytes
from reports.engine.periods import ended_between, half_year, month, quarter, year
from reports.engine.render import Stamp, render, small_count
from reports.jobs import JOBS

NAMES = OutputNames("pmm", "2026-03")
STAMP = Stamp(
    position=42,
    tree_size=42,
    head_digest="ab" * 32,
    ledger_time=datetime(2026, 4, 1, 9, 30, tzinfo=UTC),
    settings={"small_count_threshold": 5},
    software={"polars": "x"},
)


def document(table: Table, has_data: bool = True) -> Document:
    return Document(
        job="pmm",
        title="A pack",
        period=month("2026-03"),
        as_of=date(2026, 3, 31),
        sections=(Section("Counts", "Some counts.", tables=(table,)),),
        has_data=has_data,
    )


def html(table: Table, threshold: int = 5, has_data: bool = True) -> str:
    return render(
        document(table, has_data), STAMP, NAMES, threshold, [("month", "2026-03")]
    )


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")]
)
def test_counts_from_one_to_under_the_threshold_are_shown_as_less_than_it(
    count: int, shown: str
) -> None:
    assert small_count(count, 5) == shown


def counts_table() -> Table:
    frame = pl.DataFrame(
        {
            "team": ["safeguarding", "leaving-care"],
            "cases": [3, 40],
            "met": [2, 30],
            "met_pct": [66.7, 75.0],
        }
    )
    return Table(
        "counts",
        "Counts",
        frame,
        counts=("cases", "met"),
        rates={"met_pct": ("cases", "met")},
    )


def test_small_counts_and_the_rates_built_on_them_are_hidden_in_html_only() -> None:
    page = html(counts_table())
    assert (
        '<td class="num">&lt;5</td><td class="num">&lt;5</td>'
        '<td class="num">suppressed</td>' in page
    )
    assert (
        '<td class="num">40</td><td class="num">30</td><td class="num">75.0</td>'
        in page
    )
    assert "66.7" not in page
    # The data files keep every figure.
    assert csv_bytes(counts_table().frame) == (
        b"team,cases,met,met_pct\nsafeguarding,3,2,66.7\nleaving-care,40,30,75.0\n"
    )


def test_the_threshold_comes_from_the_settings() -> None:
    page = html(counts_table(), threshold=2)
    assert (
        '<td class="num">3</td><td class="num">2</td><td class="num">66.7</td>' in page
    )


def test_a_chart_gives_away_no_more_than_the_table() -> None:
    """A count of 1 and one of 4 are drawn alike, as the threshold."""

    def drawn(count: int) -> tuple[str, str]:
        return (
            stacked_grades(
                "Grades", [("2026H1", {"good": count, "inadequate": 9})], 5
            ).svg,
            bars("Actions", [("open", count), ("completed", 9)], 5).svg,
        )

    assert drawn(1) == drawn(4)
    assert drawn(4) != drawn(5)
    assert ">&lt;5<" in drawn(1)[0]
    assert ">&lt;5<" in drawn(1)[1]


def test_text_from_the_ledger_is_escaped() -> None:
    frame = pl.DataFrame({"finding": ["<script>alert(1)</script> & more"]})
    page = html(Table("findings", "Findings", frame))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    chart = bars("<b>", [("<i>", 7)], 5).svg
    assert "<b>" not in chart
    assert "<i>" not in chart


def test_the_page_states_its_period_position_head_time_settings_and_files() -> None:
    page = html(counts_table())
    assert "<title>A pack: 2026-03</title>" in page
    assert "2026-03-01 to 2026-03-31" in page
    assert "Statuses as at</th><td>2026-03-31" in page
    assert "42: this report reflects every event recorded up to" in page
    assert "ab" * 32 in page
    assert "2026-04-01 09:30:00 UTC" in page
    assert "small_count_threshold = 5" in page
    assert 'href="pmm-2026-03-counts.csv"' in page
    assert 'href="pmm-2026-03-counts.parquet"' in page
    assert 'id="no-data"' not in page
    assert 'id="no-data"' in html(counts_table(), has_data=False)


def test_the_same_document_renders_to_the_same_bytes() -> None:
    frame = counts_table().frame
    assert html(counts_table()) == html(counts_table())
    assert parquet_bytes(frame) == parquet_bytes(frame.clone())
    assert csv_bytes(frame) == csv_bytes(frame.clone())


@pytest.mark.parametrize(
    ("parse", "text", "start", "end", "label"),
    [
        (half_year, "2026h2", date(2026, 7, 1), date(2026, 12, 31), "2026H2"),
        (half_year, "2026H1", date(2026, 1, 1), date(2026, 6, 30), "2026H1"),
        (month, "2028-02", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),
        (quarter, "2026q3", date(2026, 7, 1), date(2026, 9, 30), "2026Q3"),
        (year, "2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
    ],
)
def test_periods(parse, text, start, end, label) -> None:
    period = parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("parse", "text"),
    [(half_year, "2026H3"), (month, "2026-13"), (quarter, "2026Q5"), (year, "26")],
)
def test_a_malformed_period_is_refused(parse, text) -> None:
    with pytest.raises(InvalidValue):
        parse(text)


def test_periods_that_have_ended_since_a_day() -> None:
    labels = [
        p.label for p in ended_between("quarter", date(2025, 11, 15), date(2026, 4, 1))
    ]
    assert labels == ["2025Q4", "2026Q1"]
    # A period ending on the day itself has not ended yet.
    assert [
        p.label for p in ended_between("month", date(2026, 1, 1), date(2026, 1, 31))
    ] == []


def test_statuses_are_read_as_of_the_periods_end_or_the_ledgers_last_day() -> None:
    pmm = JOBS["pmm"]
    # Ended: its last day, whenever the ledger's last event was.
    assert pmm.resolve("2026-03", None, date(2026, 11, 2))[1] == date(2026, 3, 31)
    # Still running: the day of the last event recorded.
    assert pmm.resolve("2026-03", None, date(2026, 3, 17))[1] == date(2026, 3, 17)
    # Not begun: its first day.
    assert pmm.resolve("2026-03", None, date(2026, 2, 1))[1] == date(2026, 3, 1)
    # Given: as given.
    assert pmm.resolve("2026-03", date(2026, 4, 15), None)[1] == date(2026, 4, 15)
    period, day = JOBS["ofsted"].resolve(None, None, date(2026, 10, 31))
    assert (period.start, day) == (date(2025, 11, 1), date(2026, 10, 31))
    with pytest.raises(InvalidValue):
        JOBS["ofsted"].resolve(None, None, None)
