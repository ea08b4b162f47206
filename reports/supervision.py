"""The annual supervision report (§2.3, §3.5).

For one year: how often each worker and each team was supervised and
whether sessions kept to the standard interval, the annual audits of
supervision files, personal development reviews, and how many supervision
records are kept and why (retention: while employed and 2 years after).

Teams are the supervisee's team now (``compliance_subjects``); the
supervision requirements carry the team they were set in.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ledger.settings import Settings
from reports.engine.charts import bars
from reports.engine.document import Document, Section, Table
from reports.engine.expressions import between, percent
from reports.engine.periods import Period
from reports.engine.sources import Sources
from reports.pmm import requirement_statuses

JOB = "supervision"
TITLE = "Supervision report"
RETENTION_STATUSES = (
    "retained - employed",
    "retained - within 2 years of leaving",
    "due for retention review",
)
NO_TEAM = "no team"


def sessions_in(
    records: pl.LazyFrame, staff: pl.LazyFrame, year: Period
) -> pl.LazyFrame:
    """The year's sessions, each with the supervisee's team."""
    return (
        records.filter(between("supervised_on", year.start, year.end))
        .join(
            staff.select(pl.col("staff_id").alias("supervisee"), "team"),
            on="supervisee",
            how="left",
        )
        .with_columns(pl.col("team").fill_null(NO_TEAM))
    )


def by_worker(
    sessions: pl.LazyFrame, requirements: pl.LazyFrame, staff: pl.LazyFrame, as_of: date
) -> pl.LazyFrame:
    """Per supervisee: sessions in the year, the first and last, the longest
    gap between two of them (days), and the supervision requirements due in
    the year as they stood on ``as_of``."""
    gaps = sessions.sort("supervisee", "supervised_on").with_columns(
        (pl.col("supervised_on") - pl.col("supervised_on").shift(1).over("supervisee"))
        .dt.total_days()
        .alias("gap")
    )
    counted = gaps.group_by("supervisee", "team").agg(
        pl.len().cast(pl.Int64).alias("sessions"),
        pl.col("supervised_on").min().alias("first_session"),
        pl.col("supervised_on").max().alias("last_session"),
        pl.col("gap").max().cast(pl.Int64).alias("longest_gap_days"),
    )
    due = requirement_statuses(
        requirements.rename({"staff_id": "supervisee"}), ["supervisee"], as_of
    ).select("supervisee", "met", "met_late", "overdue", "fell_due", "on_time_pct")
    teams = staff.select(pl.col("staff_id").alias("supervisee"), "team")
    return (
        counted.join(due, on="supervisee", how="full", coalesce=True)
        .join(teams, on="supervisee", how="left", suffix="_now")
        .with_columns(
            pl.coalesce("team", "team_now", pl.lit(NO_TEAM)).alias("team"),
            pl.col("sessions", "met", "met_late", "overdue", "fell_due").fill_null(0),
        )
        .sort("team", "supervisee")
        .select(
            "supervisee",
            "team",
            "sessions",
            "first_session",
            "last_session",
            "longest_gap_days",
            "met",
            "met_late",
            "overdue",
            "fell_due",
            "on_time_pct",
        )
    )


def by_team(workers: pl.LazyFrame) -> pl.LazyFrame:
    """Per team: supervisees, sessions, sessions per supervisee, and the
    share of supervision that fell due in the year met on time."""
    return (
        workers.group_by("team")
        .agg(
            pl.len().cast(pl.Int64).alias("supervisees"),
            *[
                pl.col(c).sum().cast(pl.Int64)
                for c in ("sessions", "met", "met_late", "overdue", "fell_due")
            ],
        )
        .with_columns(
            (pl.col("sessions") / pl.col("supervisees"))
            .round(1)
            .alias("sessions_per_supervisee"),
            percent("met", "fell_due").alias("on_time_pct"),
        )
        .sort("team")
    )


def events_by_team(
    events: pl.LazyFrame, staff: pl.LazyFrame, kind: str, name: str
) -> pl.LazyFrame:
    """Audit-trail events of ``kind`` per supervisee's team: how many, and
    for how many people."""
    return (
        events.filter(pl.col("event_kind") == kind)
        .join(staff, on="staff_id", how="left")
        .with_columns(pl.col("team").fill_null(NO_TEAM))
        .group_by("team")
        .agg(
            pl.len().cast(pl.Int64).alias(name),
            pl.col("staff_id").n_unique().cast(pl.Int64).alias("staff"),
        )
        .sort("team")
    )


def retention(records: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Supervision records by why they are kept on ``as_of`` (§2.3)."""
    status = (
        pl.when(pl.col("employment_end").is_null())
        .then(pl.lit(RETENTION_STATUSES[0]))
        .when(pl.col("retain_until") >= as_of)
        .then(pl.lit(RETENTION_STATUSES[1]))
        .otherwise(pl.lit(RETENTION_STATUSES[2]))
        .alias("status")
    )
    counts = (
        records.filter(pl.col("supervised_on") <= as_of)
        .with_columns(status)
        .group_by("status")
        .agg(
            pl.len().cast(pl.Int64).alias("records"),
            pl.col("supervisee").n_unique().cast(pl.Int64).alias("supervisees"),
        )
    )
    return (
        pl.LazyFrame({"status": list(RETENTION_STATUSES)})
        .join(counts, on="status", how="left", maintain_order="left")
        .with_columns(pl.col("records", "supervisees").fill_null(0))
        .filter(pl.col("records") > 0)
    )


def build(
    sources: Sources, period: Period, as_of: date, settings: Settings
) -> Document:
    threshold = settings.small_count_threshold
    staff = sources.staff().collect().lazy()
    records = sources.supervision_records().collect().lazy()
    sessions = sessions_in(records, staff, period)
    requirements = sources.compliance(requirements=("supervision",), due_in=period)
    workers = by_worker(sessions, requirements, staff, as_of).collect()
    teams = by_team(workers.lazy()).collect()
    file_audit_due = requirement_statuses(
        sources.compliance(
            requirements=("supervision-file-audit",), due_in=period
        ).with_columns(pl.col("team").fill_null(NO_TEAM)),
        ["team"],
        as_of,
    ).collect()
    events = (
        sources.trail(
            aggregate_type="SupervisionFile",
            event_kinds=("FileAudited", "DevelopmentReviewRecorded"),
            within=period,
        )
        .collect()
        .lazy()
    )
    audits_done = events_by_team(events, staff, "FileAudited", "file_audits").collect()
    reviews = events_by_team(
        events, staff, "DevelopmentReviewRecorded", "development_reviews"
    ).collect()
    kept = retention(records, as_of).collect()
    worker_counts = ("sessions", "met", "met_late", "overdue", "fell_due")
    rate = {"on_time_pct": ("fell_due", "met")}
    sections = (
        Section(
            "Supervision frequency by team",
            f"Sessions in {period.label} and supervision due in the year "
            f"(every {settings.supervision_interval_days} days), as it stood on "
            f"{as_of.isoformat()}.",
            tables=(
                Table(
                    "supervision_by_team",
                    "By team",
                    teams,
                    counts=("supervisees", *worker_counts),
                    rates={**rate, "sessions_per_supervisee": ("supervisees",)},
                ),
            ),
            charts=(
                bars(
                    f"Supervision sessions in {period.label} by team",
                    [
                        (str(r["team"]), int(r["sessions"]))
                        for r in teams.iter_rows(named=True)
                    ],
                    threshold,
                ),
            )
            if teams.height
            else (),
            empty=f"No supervision was recorded or due in {period.label}.",
        ),
        Section(
            "Supervision frequency by worker",
            "Each supervisee: sessions, the longest gap between two sessions in "
            "the year, and the supervision due in the year.",
            tables=(
                Table(
                    "supervision_by_worker",
                    "By worker",
                    workers,
                    counts=worker_counts,
                    rates=rate,
                ),
            ),
            empty=f"No supervision was recorded or due in {period.label}.",
        ),
        Section(
            "Annual audits of supervision files",
            "File audits by senior managers (§2.3, §3.5: once a year): those done "
            "in the year, and those that fell due in it.",
            tables=(
                Table(
                    "file_audits_done",
                    "File audits done",
                    audits_done,
                    counts=("file_audits", "staff"),
                ),
                Table(
                    "file_audits_due",
                    "File audits due",
                    file_audit_due,
                    counts=(
                        "requirements",
                        "met",
                        "met_late",
                        "overdue",
                        "due",
                        "fell_due",
                    ),
                    rates=rate,
                ),
            ),
            empty=f"No supervision file audit was done or due in {period.label}.",
        ),
        Section(
            "Personal development reviews",
            "Annual personal development reviews recorded in the year (§2.3).",
            tables=(
                Table(
                    "development_reviews",
                    "Development reviews by team",
                    reviews,
                    counts=("development_reviews", "staff"),
                ),
            ),
            empty=f"No development review was recorded in {period.label}.",
        ),
        Section(
            "Retention of supervision records",
            "Supervision records by why they are kept on "
            f"{as_of.isoformat()} (§2.3: while the supervisee is employed and at "
            "least 2 years after employment ends).",
            tables=(
                Table(
                    "retention",
                    "Records by retention status",
                    kept,
                    counts=("records", "supervisees"),
                ),
            ),
            empty="No supervision record is held.",
        ),
    )
    has_data = bool(workers.height or audits_done.height or reviews.height)
    return Document(JOB, TITLE, period, as_of, sections, has_data)
