"""Named polars expressions the report pipelines share: what a grade ranks,
whether an action or a requirement stood completed, met, overdue or not yet
due on a given day, and how a rate is rounded."""

from __future__ import annotations

from datetime import date

import polars as pl

# Best first: the order grades are shown in.
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
GRADE_RANK = {grade: rank for rank, grade in enumerate(GRADES, start=1)}
GOOD_OR_BETTER = ("outstanding", "good")

ACTION_STATUSES = ("completed", "overdue", "open")
# A requirement on a day: met on time, met late, not met and past its due
# day, or not met and not yet due.
REQUIREMENT_STATUSES = ("met", "met late", "overdue", "due")


def grade_rank(column: str) -> pl.Expr:
    """1 for outstanding down to 4 for inadequate."""
    return pl.col(column).replace_strict(GRADE_RANK, default=None, return_dtype=pl.Int8)


def good_or_better(column: str = "grade") -> pl.Expr:
    return pl.col(column).is_in(GOOD_OR_BETTER)


def on_or_before(column: str, day: date) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) <= day)


def between(column: str, start: date, end: date) -> pl.Expr:
    return pl.col(column).is_between(start, end, closed="both")


def action_status(as_of: date) -> pl.Expr:
    """``completed`` if completed on or before ``as_of``; else ``overdue``
    if it was due before that day; else ``open``."""
    return (
        pl.when(on_or_before("completed_on", as_of))
        .then(pl.lit("completed"))
        .when(pl.col("due_on") < as_of)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("open"))
        .alias("status")
    )


def requirement_status(as_of: date) -> pl.Expr:
    """A requirement as it stood on ``as_of``: met on time or late if met by
    then (the stored status says which), else overdue or due."""
    return (
        pl.when(on_or_before("met_on", as_of))
        .then(
            pl.when(pl.col("met_on") <= pl.col("due_on"))
            .then(pl.lit("met"))
            .otherwise(pl.lit("met late"))
        )
        .when(pl.col("due_on") < as_of)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("due"))
        .alias("status")
    )


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
