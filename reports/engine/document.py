"""What a report job produces before it is rendered: sections of tables and
charts. Every table becomes a CSV and a Parquet file beside the HTML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from reports.engine.charts import Chart
from reports.engine.periods import Period


@dataclass(frozen=True)
class Table:
    name: str  # file stem: grades_by_cycle
    title: str
    frame: pl.DataFrame
    # Columns holding counts of people or records: shown as "<5" in HTML
    # when small (never in CSV or Parquet).
    counts: tuple[str, ...] = ()
    # Rate column -> the counts it is worked out from: hidden in HTML when
    # any of them is small, since the rate would give that count away.
    rates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    # Said instead of the tables when none of them has a row.
    empty: str = "Nothing was recorded for this period."

    @property
    def has_rows(self) -> bool:
        return any(table.frame.height for table in self.tables)


@dataclass(frozen=True)
class Document:
    job: str
    title: str
    period: Period
    as_of: date
    sections: tuple[Section, ...]
    # Whether anything at all was recorded for the period; if not the
    # report says so at the top.
    has_data: bool
    notes: tuple[str, ...] = ()

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]
