"""Render a report document to one self-contained HTML file.

Everything shown is worked out here as text (cells formatted, small counts
suppressed); the jinja2 template under ``reports/engine/templates/`` only lays it
out. Nothing here reads a clock: the times shown are the ledger's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import jinja2
from markupsafe import Markup

from reports.engine.document import Document, Table
from reports.engine.files import OutputNames

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("reports.engine", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

HIDDEN_RATE = "suppressed"


@dataclass(frozen=True)
class Stamp:
    """Where in the ledger a report stands: the same for every file of one
    run, and the same whenever the run is repeated at that position."""

    position: int
    tree_size: int
    head_digest: str
    ledger_time: datetime | None
    settings: Mapping[str, int]
    software: Mapping[str, str]

    @property
    def ledger_time_text(self) -> str:
        if self.ledger_time is None:
            return "no event recorded yet"
        return self.ledger_time.strftime("%Y-%m-%d %H:%M:%S UTC")


def small_count(value: int, threshold: int) -> str:
    """A count as published: from 1 up to the threshold it is "<threshold";
    zero is shown, since it identifies nobody."""
    return f"<{threshold}" if 0 < value < threshold else str(value)


def plain(value: Any) -> str:
    if value is None:
        return "\u2013"  # an en dash: nothing recorded
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def heading(column: str) -> str:
    if column.endswith("_pct"):
        return column.removesuffix("_pct").replace("_", " ") + " %"
    return column.replace("_", " ")


def cells(
    table: Table, row: Mapping[str, Any], threshold: int
) -> list[tuple[str, str]]:
    """(text, css class) of each cell of ``row`` as published."""
    shown = []
    for column, value in row.items():
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        css = "num" if numeric else ""
        if column in table.counts and isinstance(value, int):
            text = small_count(value, threshold)
        elif column in table.rates:
            hidden = any(
                isinstance(row.get(base), int) and 0 < row[base] < threshold
                for base in table.rates[column]
            )
            text = HIDDEN_RATE if hidden else plain(value)
            css = "num"
        else:
            text = plain(value)
        shown.append((text, css))
    return shown


def table_view(table: Table, names: OutputNames, threshold: int) -> dict[str, Any]:
    return {
        "name": table.name,
        "title": table.title,
        "note": table.note,
        "headers": [heading(column) for column in table.frame.columns],
        "rows": [
            cells(table, row, threshold) for row in table.frame.iter_rows(named=True)
        ],
        "csv": names.csv(table.name),
        "parquet": names.parquet(table.name),
        "suppressed": bool(table.counts or table.rates),
    }


def render(
    document: Document,
    stamp: Stamp,
    names: OutputNames,
    threshold: int,
    parameters: Sequence[tuple[str, str]],
) -> str:
    template = ENVIRONMENT.get_template("report.html.j2")
    return template.render(
        document=document,
        period=document.period,
        stamp=stamp,
        threshold=threshold,
        parameters=parameters,
        sections=[
            {
                "title": section.title,
                "intro": section.intro,
                "empty": section.empty,
                "has_rows": section.has_rows,
                # Built, and every text in them escaped, in reports/engine/charts.py.
                "charts": [Markup(chart.svg) for chart in section.charts],
                "tables": [table_view(t, names, threshold) for t in section.tables],
            }
            for section in document.sections
        ],
    )
