"""Named polars expressions the report pipelines share: what a grade ranks,
what an action or a requirement stood at on a given day (the one definition
in ``projections/status.py``, read by polars), and how a rate is rounded."""

from __future__ import annotations

from datetime import date

import polars as pl

from ledger.vocabulary import GOOD_OR_BETTER, Grade
from projections.status import ACTION_STATUS, REQUIREMENT_STATUS, on_day

# Best first: the order grades are shown in.
GRADES = tuple(grade.value for grade in Grade)
GRADE_RANK = {grade: rank for rank, grade in enumerate(GRADES, start=1)}


def grade_rank(column: str) -> pl.Expr:
    """1 for outstanding down to 4 for inadequate."""
    return pl.col(column).replace_strict(GRADE_RANK, default=None, return_dtype=pl.Int8)


def good_or_better(column: str = "grade") -> pl.Expr:
    return pl.col(column).is_in([grade.value for grade in GOOD_OR_BETTER])


def on_or_before(column: str, day: date) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) <= day)


def between(column: str, start: date, end: date) -> pl.Expr:
    return pl.col(column).is_between(start, end, closed="both")


def status_on(definition: str, as_of: date) -> pl.Expr:
    """The status ``definition`` gives a row on ``as_of``: the SQL the
    CLI's reads run in the database, run by polars."""
    return pl.sql_expr(on_day(definition, f"DATE '{as_of.isoformat()}'")).alias(
        "status"
    )


def action_status(as_of: date) -> pl.Expr:
    return status_on(ACTION_STATUS, as_of)


def requirement_status(as_of: date) -> pl.Expr:
    return status_on(REQUIREMENT_STATUS, as_of)


def percent(numerator: str | pl.Expr, denominator: str | pl.Expr) -> pl.Expr:
    """100 * numerator / denominator to one decimal place; empty when the
    denominator is 0."""
    top = pl.col(numerator) if isinstance(numerator, str) else numerator
    bottom = pl.col(denominator) if isinstance(denominator, str) else denominator
    return (
        pl.when(bottom > 0)
        .then((100.0 * top / bottom).round(1))
        .otherwise(pl.lit(None, dtype=pl.Float64))
    )


def days_between(start: str, end: str) -> pl.Expr:
    return (pl.col(end) - pl.col(start)).dt.total_days()


def requirement_family(column: str = "requirement") -> pl.Expr:
    """``management-decision:case-closure`` → ``management-decision``."""
    return pl.col(column).str.split(":").list.first()


def count_by(
    frame: pl.LazyFrame,
    keys: list[str],
    column: str,
    values: tuple[str, ...],
    *,
    name: str = "count",
) -> pl.LazyFrame:
    """Counts of each of ``values`` of ``column`` per ``keys``, one column
    per value (``met late`` → ``met_late``), zero where there are none."""
    wide = [
        (pl.col(column) == value).sum().cast(pl.Int64).alias(as_column(value))
        for value in values
    ]
    total = pl.len().cast(pl.Int64).alias(name)
    if not keys:
        # One row of totals, or none when there is nothing to count.
        return frame.select(total, *wide).filter(pl.col(name) > 0)
    return frame.group_by(keys).agg(total, *wide).sort(keys)


def as_column(value: str) -> str:
    return value.replace(" ", "_").replace("-", "_")
