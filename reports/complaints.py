"""The quarterly collation of complaints and compliments (§4.1: "collated on
a quarterly basis and used to review and revise practice").

For one quarter: complaints received, escalated past stage one, the outcomes
of responses, how long responses took at each stage, complaints still
awaiting a response at the quarter's end, the lessons recorded, and the
compliments received.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ledger.records.complaint import ComplaintOutcome
from ledger.settings import Settings
from reports.engine.charts import bars
from reports.engine.document import Document, Section, Table
from reports.engine.expressions import as_column, between, days_between
from reports.engine.periods import Period
from reports.engine.sources import Sources

JOB = "complaints"
TITLE = "Complaints and compliments"
OUTCOMES = tuple(outcome.value for outcome in ComplaintOutcome)


def received(complaints: pl.LazyFrame, quarter: Period, key: str) -> pl.LazyFrame:
    return (
        complaints.filter(between("received_on", quarter.start, quarter.end))
        .group_by(key)
        .agg(pl.len().cast(pl.Int64).alias("received"))
        .sort(key)
    )


def in_quarter(steps: pl.LazyFrame, step: str, quarter: Period) -> pl.LazyFrame:
    return steps.filter(
        (pl.col("step") == step) & between("occurred_on", quarter.start, quarter.end)
    )


def escalations(steps: pl.LazyFrame, quarter: Period) -> pl.LazyFrame:
    return (
        in_quarter(steps, "escalated", quarter)
        .group_by(pl.col("stage").alias("to_stage"))
        .agg(pl.len().cast(pl.Int64).alias("escalations"))
        .sort("to_stage")
    )


def outcomes(steps: pl.LazyFrame, quarter: Period) -> pl.LazyFrame:
    """Responses in the quarter per stage, by outcome."""
    return (
        in_quarter(steps, "responded", quarter)
        .group_by("stage")
        .agg(
            pl.len().cast(pl.Int64).alias("responses"),
            *[
                (pl.col("outcome") == outcome)
                .sum()
                .cast(pl.Int64)
                .alias(as_column(outcome))
                for outcome in OUTCOMES
            ],
        )
        .sort("stage")
    )


def response_times(steps: pl.LazyFrame, quarter: Period) -> pl.LazyFrame:
    """For responses in the quarter, per stage: days from the complaint
    reaching that stage (receipt, or escalation to it) to the response."""
    starts = steps.filter(pl.col("step").is_in(("received", "escalated"))).select(
        "complaint_id", "stage", pl.col("occurred_on").alias("stage_reached_on")
    )
    return (
        in_quarter(steps, "responded", quarter)
        .join(starts, on=["complaint_id", "stage"], how="left")
        .with_columns(days_between("stage_reached_on", "occurred_on").alias("days"))
        .group_by("stage")
        .agg(
            pl.len().cast(pl.Int64).alias("responses"),
            pl.col("days").median().round(1).alias("median_days"),
            pl.col("days").mean().round(1).alias("mean_days"),
            pl.col("days").max().cast(pl.Int64).alias("longest_days"),
        )
        .sort("stage")
    )


def awaiting_response(steps: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Complaints that, on ``as_of``, had reached a stage and had no
    response at it yet, by that stage."""
    known = steps.filter(pl.col("occurred_on") <= as_of)
    reached = (
        known.filter(pl.col("step").is_in(("received", "escalated")))
        .group_by("complaint_id")
        .agg(pl.col("stage").max())
    )
    answered = known.filter(pl.col("step") == "responded").select(
        "complaint_id", "stage"
    )
    return (
        reached.join(answered, on=["complaint_id", "stage"], how="anti")
        .group_by("stage")
        .agg(pl.len().cast(pl.Int64).alias("awaiting_response"))
        .sort("stage")
    )


def lessons(
    steps: pl.LazyFrame, complaints: pl.LazyFrame, quarter: Period
) -> pl.LazyFrame:
    return (
        in_quarter(steps, "lesson", quarter)
        .join(complaints.select("complaint_id", "team", "category"), on="complaint_id")
        .sort("occurred_on", "position")
        .select(
            "complaint_id",
            "team",
            "category",
            "stage",
            pl.col("occurred_on").alias("recorded_on"),
            pl.col("detail").alias("lesson"),
        )
    )


def build(
    sources: Sources, period: Period, as_of: date, settings: Settings
) -> Document:
    threshold = settings.small_count_threshold
    complaints = sources.complaints().collect().lazy()
    steps = sources.complaint_steps().collect().lazy()
    compliments = sources.compliments(period).collect()
    by_team = received(complaints, period, "team").collect()
    by_category = received(complaints, period, "category").collect()
    escalated = escalations(steps, period).collect()
    answered = outcomes(steps, period).collect()
    times = response_times(steps, period).collect()
    waiting = awaiting_response(steps, as_of).collect()
    learned = lessons(steps, complaints, period).collect()
    compliments_by_team = (
        compliments.group_by("team")
        .agg(pl.len().cast(pl.Int64).alias("compliments"))
        .sort("team")
    )
    compliment_list = compliments.sort("received_on", "compliment_id")
    sections = (
        Section(
            "Complaints received",
            f"Complaints received in {period.label}, by team and by category.",
            tables=(
                Table("received_by_team", "By team", by_team, counts=("received",)),
                Table(
                    "received_by_category",
                    "By category",
                    by_category,
                    counts=("received",),
                ),
            ),
            charts=(
                bars(
                    f"Complaints received in {period.label} by category",
                    [
                        (str(r["category"]), int(r["received"]))
                        for r in by_category.iter_rows(named=True)
                    ],
                    threshold,
                ),
            )
            if by_category.height
            else (),
            empty=f"No complaint was received in {period.label}.",
        ),
        Section(
            "Escalations",
            "Complaints escalated in the quarter, by the stage they went to; the "
            "management team considers every complaint past stage one (§4.1).",
            tables=(
                Table("escalations", "Escalations", escalated, counts=("escalations",)),
            ),
            empty=f"No complaint was escalated in {period.label}.",
        ),
        Section(
            "Outcomes and response times",
            "Responses given in the quarter: their outcomes, and days from the "
            "complaint reaching the stage to the response.",
            tables=(
                Table(
                    "outcomes",
                    "Outcomes by stage",
                    answered,
                    counts=("responses", *(as_column(o) for o in OUTCOMES)),
                ),
                Table(
                    "response_times",
                    "Response times by stage (days)",
                    times,
                    counts=("responses",),
                    rates={
                        "median_days": ("responses",),
                        "mean_days": ("responses",),
                        "longest_days": ("responses",),
                    },
                ),
                Table(
                    "awaiting_response",
                    f"Awaiting a response on {as_of.isoformat()}",
                    waiting,
                    counts=("awaiting_response",),
                ),
            ),
            empty=f"No complaint was answered in {period.label} or awaits an answer.",
        ),
        Section(
            "Lessons",
            "Lessons recorded from complaints in the quarter, to share at team "
            "and district meetings (§4.1).",
            tables=(Table("lessons", "Lessons recorded", learned),),
            empty=f"No lesson was recorded in {period.label}.",
        ),
        Section(
            "Compliments",
            f"Compliments received in {period.label}.",
            tables=(
                Table(
                    "compliments_by_team",
                    "By team",
                    compliments_by_team,
                    counts=("compliments",),
                ),
                Table("compliments", "Each compliment", compliment_list),
            ),
            empty=f"No compliment was received in {period.label}.",
        ),
    )
    has_data = any(
        frame.height for frame in (by_team, escalated, answered, learned, compliments)
    )
    return Document(JOB, TITLE, period, as_of, sections, has_data)
