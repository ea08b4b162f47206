"""The whole case file audit benchmark (§3.3): "this grading will be used to
offer a bench mark of practice and be used to measure progress in future
audits".

For one six-monthly cycle: its grades beside every earlier cycle's (the first
cycle is the benchmark; each later one shows progress against it and against
the cycle before), by team and by district; moderation by heads of service
(how many gradings were moderated, how often the moderator agreed, which way
grades moved, per auditor); and the actions the cycle set, with their
follow-ups.

An audit's grade is the auditor's grading as moderated: the last moderation
if there was one. Audits cancelled after grading are left out.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ledger.settings import Settings
from projections.status import ACTION_STATUSES, REQUIREMENT_STATUSES
from reports.engine.charts import bars, stacked_grades
from reports.engine.document import Document, Section, Table
from reports.engine.expressions import (
    GRADES,
    action_status,
    as_column,
    count_by,
    days_between,
    good_or_better,
    grade_rank,
    percent,
    requirement_status,
)
from reports.engine.periods import Period
from reports.engine.sources import Sources

JOB = "benchmark"
TITLE = "Whole case file audit benchmark"
KIND = "whole-case-file"
GRADE_COLUMNS = tuple(as_column(grade) for grade in GRADES)


def final_grades(gradings: pl.LazyFrame) -> pl.LazyFrame:
    """One row per audit: where it was, who audited it, the grade the
    auditor gave, the grade it stands at after moderation, and how many
    moderations it had."""
    grading = pl.col("moderator").is_null()
    # Within each group, rows keep the frame's order: the log's order here.
    return (
        gradings.sort("position")
        .group_by("audit_id")
        .agg(
            pl.col("cycle").first(),
            pl.col("team").first(),
            pl.col("district").first(),
            pl.col("auditor").first(),
            pl.col("grade_given").filter(grading).first().alias("original_grade"),
            pl.coalesce("moderated_grade", "grade_given").last().alias("grade"),
            (~grading).sum().cast(pl.Int64).alias("moderations"),
        )
        .sort("audit_id")
    )


def grade_distribution(audits: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Audits of each grade per group (every grade listed, zero where none)
    and each grade's share of its group."""
    groups = audits.select(keys).unique()
    grid = groups.join(pl.LazyFrame({"grade": list(GRADES)}), how="cross")
    counts = audits.group_by([*keys, "grade"]).agg(
        pl.len().cast(pl.Int64).alias("audits")
    )
    return (
        grid.join(counts, on=[*keys, "grade"], how="left")
        .with_columns(pl.col("audits").fill_null(0))
        .with_columns(pl.col("audits").sum().over(keys).alias("of_audits"))
        .with_columns(percent("audits", "of_audits").alias("share_pct"))
        .sort([*keys, grade_rank("grade")])
        .select(*keys, "grade", "audits", "of_audits", "share_pct")
    )


def grades_wide(audits: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Per group: audits, one column per grade, good or better and its
    share."""
    return (
        audits.group_by(keys)
        .agg(
            pl.len().cast(pl.Int64).alias("audits"),
            *[
                (pl.col("grade") == grade).sum().cast(pl.Int64).alias(as_column(grade))
                for grade in GRADES
            ],
            good_or_better().sum().cast(pl.Int64).alias("good_or_better"),
        )
        .with_columns(percent("good_or_better", "audits").alias("good_or_better_pct"))
        .sort(keys)
    )


def progress(audits: pl.LazyFrame) -> pl.LazyFrame:
    """Per cycle, oldest first: good or better, and the change in points
    against the cycle before and against the first (the benchmark)."""
    share = pl.col("good_or_better_pct")
    return (
        grades_wide(audits, ["cycle"])
        .sort("cycle")
        .with_columns(
            (share - share.shift(1)).round(1).alias("change_from_previous_pts"),
            (share - share.first()).round(1).alias("change_from_benchmark_pts"),
        )
    )


def direction() -> pl.Expr:
    """Which way a moderation moved the grade: raised, lowered or agreed."""
    given, moderated = grade_rank("grade_given"), grade_rank("moderated_grade")
    return (
        pl.when(moderated < given)
        .then(pl.lit("raised"))
        .when(moderated > given)
        .then(pl.lit("lowered"))
        .otherwise(pl.lit("agreed"))
        .alias("direction")
    )


def moderation_by_auditor(gradings: pl.LazyFrame) -> pl.LazyFrame:
    """Per auditor, and for all of them: gradings given, how many were
    moderated, the moderations, how many agreed, raised or lowered the
    grade, and the agreement rate."""
    moderations = gradings.filter(pl.col("moderator").is_not_null()).with_columns(
        direction()
    )

    def summary(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
        given = gradings.filter(pl.col("moderator").is_null())
        counts = [
            pl.len().cast(pl.Int64).alias("moderations"),
            pl.col("audit_id").n_unique().cast(pl.Int64).alias("gradings_moderated"),
            *[
                (pl.col("direction") == way).sum().cast(pl.Int64).alias(way)
                for way in ("agreed", "raised", "lowered")
            ],
        ]
        if keys:
            graded = given.group_by(keys).agg(pl.len().cast(pl.Int64).alias("gradings"))
            moderated = frame.group_by(keys).agg(counts)
            joined = graded.join(moderated, on=keys, how="full", coalesce=True)
        else:
            graded = given.select(pl.len().cast(pl.Int64).alias("gradings"))
            joined = graded.join(frame.select(counts), how="cross")
        return joined.with_columns(
            pl.col(
                "gradings",
                "gradings_moderated",
                "moderations",
                "agreed",
                "raised",
                "lowered",
            ).fill_null(0)
        )

    per_auditor = summary(moderations, ["auditor"]).sort("auditor")
    everyone = summary(moderations, []).with_columns(
        pl.lit("all auditors").alias("auditor")
    )
    return (
        pl.concat([per_auditor, everyone], how="diagonal")
        .select(
            "auditor",
            "gradings",
            "gradings_moderated",
            "moderations",
            "agreed",
            "raised",
            "lowered",
        )
        .with_columns(percent("agreed", "moderations").alias("agreement_pct"))
    )


def moderation_changes(gradings: pl.LazyFrame) -> pl.LazyFrame:
    """Moderations from each grade to each grade."""
    return (
        gradings.filter(pl.col("moderator").is_not_null())
        .with_columns(direction())
        .group_by("grade_given", "moderated_grade", "direction")
        .agg(pl.len().cast(pl.Int64).alias("moderations"))
        .sort(grade_rank("grade_given"), grade_rank("moderated_grade"))
        .rename({"grade_given": "from_grade", "moderated_grade": "to_grade"})
    )


def moderation_list(gradings: pl.LazyFrame, notes: pl.LazyFrame) -> pl.LazyFrame:
    """Each moderation with the audit trail's account of it (its rationale)."""
    return (
        gradings.filter(pl.col("moderator").is_not_null())
        .with_columns(direction())
        .join(notes, on="position", how="left")
        .sort("position")
        .select(
            "audit_id",
            "team",
            "auditor",
            "moderator",
            pl.col("graded_on").alias("moderated_on"),
            pl.col("grade_given").alias("from_grade"),
            pl.col("moderated_grade").alias("to_grade"),
            "direction",
            pl.col("summary").alias("audit_trail"),
        )
    )


def action_summary(actions: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """The cycle's actions by how they stood on ``as_of``."""
    return count_by(
        actions.with_columns(action_status(as_of)),
        [],
        "status",
        ACTION_STATUSES,
        name="actions",
    ).with_columns(percent("completed", "actions").alias("completed_pct"))


def overdue_actions(actions: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    return (
        actions.with_columns(action_status(as_of), pl.lit(as_of).alias("as_of"))
        .filter(pl.col("status") == "overdue")
        .with_columns(days_between("due_on", "as_of").alias("days_overdue"))
        .sort("due_on", "action_id")
        .select(
            "action_id", "source_audit", "owner", "set_on", "due_on", "days_overdue"
        )
    )


def follow_up_timeliness(follow_ups: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """First and second follow-ups (§3.2, §3.3: within a month, and again
    the next): met on time, met late, overdue or not yet due on ``as_of``;
    on time as a share of those due by then."""
    counted = count_by(
        follow_ups.with_columns(requirement_status(as_of)),
        ["requirement"],
        "status",
        REQUIREMENT_STATUSES,
        name="follow_ups",
    )
    return counted.with_columns(
        (pl.col("met") + pl.col("met_late") + pl.col("overdue")).alias("fell_due"),
    ).with_columns(percent("met", "fell_due").alias("on_time_pct"))


def build(
    sources: Sources, period: Period, as_of: date, settings: Settings
) -> Document:
    cycle = period.label
    threshold = settings.small_count_threshold
    gradings = sources.gradings(kind=KIND, cycles_up_to=cycle).collect().lazy()
    audits = final_grades(gradings).collect()
    this_cycle = audits.filter(pl.col("cycle") == cycle)
    this_gradings = gradings.filter(pl.col("cycle") == cycle)
    actions = sources.actions(cycle=cycle).collect().lazy()
    follow_ups = sources.compliance(
        requirements=("follow-up-1", "follow-up-2"), actions_of_cycle=cycle
    )

    by_cycle = grade_distribution(audits.lazy(), ["cycle"]).collect()
    progress_table = progress(audits.lazy()).collect()
    by_team = grades_wide(audits.lazy(), ["team", "cycle"]).collect()
    by_district = grades_wide(audits.lazy(), ["district", "cycle"]).collect()
    by_auditor = moderation_by_auditor(this_gradings).collect()
    changes = moderation_changes(this_gradings).collect()
    listed = moderation_list(this_gradings, sources.moderation_notes(cycle)).collect()
    action_counts = action_summary(actions, as_of).collect()
    overdue = overdue_actions(actions, as_of).collect()
    timeliness = follow_up_timeliness(follow_ups, as_of).collect()
    grade_counts = GRADE_COLUMNS

    chart_rows = [
        (str(row["cycle"]), {g: int(row[as_column(g)]) for g in GRADES})
        for row in progress_table.iter_rows(named=True)
    ]
    team_rows = [
        (str(row["team"] or "no team"), {g: int(row[as_column(g)]) for g in GRADES})
        for row in by_team.filter(pl.col("cycle") == cycle).iter_rows(named=True)
    ]
    wide_counts = ("audits", *grade_counts, "good_or_better")
    wide_rates = {"good_or_better_pct": ("audits", "good_or_better")}
    sections = (
        Section(
            "Grades by cycle: the benchmark and progress",
            f"Whole case file audits graded in {cycle} beside every earlier cycle. "
            "The first cycle is the benchmark; the change columns are percentage "
            "points of audits graded good or better.",
            tables=(
                Table(
                    "progress_by_cycle",
                    "Good or better by cycle",
                    progress_table,
                    counts=wide_counts,
                    rates=wide_rates,
                ),
                Table(
                    "grades_by_cycle",
                    "Grades by cycle",
                    by_cycle,
                    counts=("audits", "of_audits"),
                    rates={"share_pct": ("audits", "of_audits")},
                ),
            ),
            charts=(stacked_grades("Grades by cycle", chart_rows, threshold),),
            empty="No whole case file audit has been graded in this cycle or before.",
        ),
        Section(
            "Grades by team and district",
            "Each team's and district's audits (as when the audit was scheduled), "
            f"in {cycle} and earlier cycles.",
            tables=(
                Table("grades_by_team", "By team", by_team, wide_counts, wide_rates),
                Table(
                    "grades_by_district",
                    "By district",
                    by_district,
                    wide_counts,
                    wide_rates,
                ),
            ),
            charts=(stacked_grades(f"Grades by team in {cycle}", team_rows, threshold),)
            if team_rows
            else (),
        ),
        Section(
            "Moderation",
            f"Moderations by heads of service of {cycle}'s gradings (§3.3): "
            "agreed keeps the auditor's grade; raised and lowered move it.",
            tables=(
                Table(
                    "moderation_by_auditor",
                    "Moderation by auditor",
                    by_auditor,
                    counts=(
                        "gradings",
                        "gradings_moderated",
                        "moderations",
                        "agreed",
                        "raised",
                        "lowered",
                    ),
                    rates={"agreement_pct": ("moderations", "agreed")},
                ),
                Table(
                    "moderation_changes",
                    "Direction of changes",
                    changes,
                    counts=("moderations",),
                ),
                Table("moderations", "Each moderation", listed),
            ),
            empty=f"No grading in {cycle} has been moderated.",
        ),
        Section(
            "Actions from the cycle",
            f"Actions set from {cycle}'s audits or its action plan, as they stood "
            f"on {as_of.isoformat()}, and their follow-ups (§3.2, §3.3: reviewed "
            "within a month, and again the following month).",
            tables=(
                Table(
                    "actions_by_status",
                    "Actions by status",
                    action_counts,
                    counts=("actions", *ACTION_STATUSES),
                    rates={"completed_pct": ("actions", "completed")},
                ),
                Table("overdue_actions", "Overdue actions", overdue),
                Table(
                    "follow_ups",
                    "Follow-up timeliness",
                    timeliness,
                    counts=(
                        "follow_ups",
                        "met",
                        "met_late",
                        "overdue",
                        "due",
                        "fell_due",
                    ),
                    rates={"on_time_pct": ("fell_due", "met")},
                ),
            ),
            charts=(
                bars(
                    f"Actions from {cycle} by status",
                    [
                        (status, int(action_counts[status][0]))
                        for status in ACTION_STATUSES
                    ],
                    threshold,
                ),
            )
            if action_counts.height
            else (),
            empty=f"No action has been set from {cycle}.",
        ),
    )
    return Document(
        job=JOB,
        title=TITLE,
        period=period,
        as_of=as_of,
        sections=sections,
        has_data=bool(this_cycle.height or actions.collect().height),
    )
