"""An evidence pack for inspection preparation (§3.3: key findings matched
against the Ofsted inspection handbook, its Annex F case tracking template).

For the twelve months up to a day: every audit started or completed in them,
with its grade and moderation; the actions those audits set and whether they
were completed, and on time; a compliance summary of every requirement that
fell due; and a case tracking list (cases audited, grade, actions, key
dates), also written as CSV like every table.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ledger.settings import Settings
from reports.benchmark import final_grades
from reports.engine.charts import stacked_grades
from reports.engine.document import Document, Section, Table
from reports.engine.expressions import (
    GRADES,
    action_status,
    as_column,
    count_by,
    percent,
    requirement_family,
)
from reports.engine.periods import Period
from reports.engine.sources import Sources
from reports.pmm import requirement_statuses

JOB = "ofsted"
TITLE = "Ofsted evidence pack"


def audits_with_grades(audits: pl.LazyFrame, gradings: pl.LazyFrame) -> pl.LazyFrame:
    grades = final_grades(gradings).select(
        "audit_id", "original_grade", "grade", "moderations"
    )
    return (
        audits.join(grades, on="audit_id", how="left")
        .with_columns(pl.col("moderations").fill_null(0))
        .sort("audit_id")
        .select(
            "audit_id",
            "audit_kind",
            "case_ref",
            "team",
            "district",
            "auditor",
            "status",
            "started_on",
            "completed_on",
            "original_grade",
            "grade",
            "moderations",
        )
    )


def grades_by_kind(audits: pl.LazyFrame) -> pl.LazyFrame:
    return (
        audits.with_columns(pl.col("grade").fill_null("ungraded"))
        .pipe(count_by, ["audit_kind"], "grade", (*GRADES, "ungraded"), name="audits")
        .join(
            audits.group_by("audit_kind").agg(
                (pl.col("moderations") > 0).sum().cast(pl.Int64).alias("moderated")
            ),
            on="audit_kind",
        )
        .sort("audit_kind")
    )


def action_statuses(actions: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Each action as it stood on ``as_of``: a completion after that day is
    not shown; one by then says whether it was by the due day."""
    completed = pl.col("status") == "completed"
    return (
        actions.with_columns(action_status(as_of))
        .with_columns(
            pl.when(completed).then(pl.col("completed_on")).alias("completed_on"),
            pl.when(completed)
            .then(pl.col("completed_on") <= pl.col("due_on"))
            .alias("completed_on_time"),
        )
        .sort("action_id")
        .select(
            "action_id",
            "source_audit",
            "case_ref",
            "owner",
            "set_on",
            "due_on",
            "completed_on",
            "status",
            "completed_on_time",
            "follow_ups",
        )
    )


def action_completion(actions: pl.LazyFrame) -> pl.LazyFrame:
    completed = pl.col("status") == "completed"
    return (
        actions.select(
            pl.len().cast(pl.Int64).alias("actions"),
            completed.sum().cast(pl.Int64).alias("completed"),
            pl.col("completed_on_time").sum().cast(pl.Int64).alias("completed_on_time"),
            (completed & pl.col("completed_on_time").not_())
            .sum()
            .cast(pl.Int64)
            .alias("completed_late"),
            (pl.col("status") == "due").sum().cast(pl.Int64).alias("due"),
            (pl.col("status") == "open").sum().cast(pl.Int64).alias("open"),
            (pl.col("status") == "overdue").sum().cast(pl.Int64).alias("overdue"),
        )
        .filter(pl.col("actions") > 0)
        .with_columns(
            percent("completed", "actions").alias("completed_pct"),
            percent("completed_on_time", "completed").alias("on_time_pct"),
        )
    )


def compliance_summary(requirements: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Requirements that fell due in the window, by kind (management
    decisions together), as they stood on ``as_of``."""
    return requirement_statuses(
        requirements.with_columns(requirement_family().alias("requirement")),
        ["requirement"],
        as_of,
    )


def case_tracking(audits: pl.LazyFrame, actions: pl.LazyFrame) -> pl.LazyFrame:
    """One row per case audited (Annex F style): its audits, the latest
    audit's grade, its actions and the key dates."""
    latest = (
        audits.filter(pl.col("case_ref").is_not_null())
        .sort("case_ref", pl.coalesce("completed_on", "started_on"), "audit_id")
        .group_by("case_ref")
        .agg(
            pl.col("team").last(),
            pl.col("district").last(),
            pl.len().cast(pl.Int64).alias("audits"),
            pl.col("started_on").min().alias("first_audit_started"),
            pl.col("completed_on").max().alias("last_audit_completed"),
            pl.col("audit_id").last().alias("latest_audit"),
            pl.col("grade").last().alias("latest_grade"),
            (pl.col("moderations") > 0).any().alias("moderated"),
        )
    )
    per_case = actions.group_by("case_ref").agg(
        pl.len().cast(pl.Int64).alias("actions"),
        (pl.col("status") == "completed")
        .sum()
        .cast(pl.Int64)
        .alias("actions_completed"),
        (pl.col("status") == "overdue").sum().cast(pl.Int64).alias("actions_overdue"),
        pl.col("due_on").max().alias("last_action_due"),
    )
    return (
        latest.join(per_case, on="case_ref", how="left")
        .with_columns(
            pl.col("actions", "actions_completed", "actions_overdue").fill_null(0)
        )
        .sort("case_ref")
    )


def build(
    sources: Sources, period: Period, as_of: date, settings: Settings
) -> Document:
    threshold = settings.small_count_threshold
    audits = audits_with_grades(
        sources.audits(active_in=period), sources.gradings(audits_active_in=period)
    ).collect()
    by_kind = grades_by_kind(audits.lazy()).collect()
    actions = action_statuses(
        sources.actions(audits_active_in=period).filter(pl.col("set_on") <= as_of),
        as_of,
    ).collect()
    completion = action_completion(actions.lazy()).collect()
    requirements = compliance_summary(
        sources.compliance(due_in=period), as_of
    ).collect()
    tracking = case_tracking(audits.lazy(), actions.lazy()).collect()
    chart_rows = [
        (str(row["audit_kind"]), {g: int(row[as_column(g)]) for g in GRADES})
        for row in by_kind.iter_rows(named=True)
        if any(int(row[as_column(g)]) for g in GRADES)
    ]
    grade_counts = tuple(as_column(g) for g in (*GRADES, "ungraded"))
    sections = (
        Section(
            "Audits in the last 12 months",
            f"Every audit started or completed from {period.start.isoformat()} to "
            f"{period.end.isoformat()}, with the grade the auditor gave and the "
            "grade after moderation by a head of service (§3.3).",
            tables=(
                Table(
                    "grades_by_kind",
                    "Grades by kind of audit",
                    by_kind,
                    counts=("audits", *grade_counts, "moderated"),
                ),
                Table("audits", "Each audit", audits),
            ),
            charts=(stacked_grades("Grades by kind of audit", chart_rows, threshold),)
            if chart_rows
            else (),
            empty="No audit was started or completed in these 12 months.",
        ),
        Section(
            "Actions and their completion",
            f"Actions set from those audits, as they stood on {as_of.isoformat()}.",
            tables=(
                Table(
                    "action_completion",
                    "Completion",
                    completion,
                    counts=(
                        "actions",
                        "completed",
                        "completed_on_time",
                        "completed_late",
                        "due",
                        "open",
                        "overdue",
                    ),
                    rates={
                        "completed_pct": ("actions", "completed"),
                        "on_time_pct": ("completed", "completed_on_time"),
                    },
                ),
                Table("actions", "Each action", actions),
            ),
            empty="No action was set from these audits.",
        ),
        Section(
            "Compliance summary",
            "Every requirement that fell due in the 12 months (management "
            "decisions, follow-ups, feedback and alerts, supervision, "
            f"observations, file audits), as it stood on {as_of.isoformat()}.",
            tables=(
                Table(
                    "compliance_summary",
                    "Requirements by kind",
                    requirements,
                    counts=(
                        "requirements",
                        "met",
                        "met_late",
                        "overdue",
                        "due",
                        "fell_due",
                    ),
                    rates={"on_time_pct": ("fell_due", "met")},
                ),
            ),
            empty="No requirement fell due in these 12 months.",
        ),
        Section(
            "Case tracking",
            "Each case audited in the 12 months (after Ofsted's Annex F case "
            "tracking template): audits, the latest grade, actions and key dates.",
            tables=(Table("case_tracking", "Cases audited", tracking),),
            empty="No case was audited in these 12 months.",
        ),
    )
    has_data = bool(audits.height or actions.height or requirements.height)
    return Document(JOB, TITLE, period, as_of, sections, has_data)
