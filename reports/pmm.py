"""The monthly Performance Management Meeting pack (§3.7, §4.1).

For one month: audits completed and their grades, what thematic audits found,
overdue actions, follow-up timeliness, management decision compliance,
supervision compliance by team, observations due, complaints and compliments,
escalated complaints, feedback from families and the meetings held.
Requirements are those due in the month, as they stood on the as-of day.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ledger.dates import add_months
from ledger.settings import Settings
from projections.status import REQUIREMENT_STATUSES
from reports.benchmark import final_grades
from reports.engine.charts import bars
from reports.engine.document import Document, Section, Table
from reports.engine.expressions import (
    GRADES,
    action_status,
    as_column,
    between,
    count_by,
    days_between,
    percent,
    requirement_status,
)
from reports.engine.periods import Period
from reports.engine.sources import Sources

JOB = "pmm"
TITLE = "Performance Management Meeting pack"
THEMATIC = ("thematic", "cross-district-thematic")
STATUS_COUNTS = ("requirements", *(as_column(s) for s in REQUIREMENT_STATUSES))
ON_TIME_RATE = {"on_time_pct": ("fell_due", "met")}


def audits_completed(
    audits: pl.LazyFrame, gradings: pl.LazyFrame, month: Period
) -> pl.LazyFrame:
    """Audits completed in the month, with the grade given and as moderated."""
    grades = final_grades(gradings).select(
        "audit_id", "original_grade", "grade", "moderations"
    )
    return (
        audits.filter(between("completed_on", month.start, month.end))
        .join(grades, on="audit_id", how="left")
        .with_columns(pl.col("moderations").fill_null(0))
        .sort("completed_on", "audit_id")
        .select(
            "audit_id",
            "audit_kind",
            "case_ref",
            "team",
            "auditor",
            "completed_on",
            "original_grade",
            "grade",
            "moderations",
        )
    )


def grades_by_kind(completed: pl.LazyFrame) -> pl.LazyFrame:
    return completed.with_columns(pl.col("grade").fill_null("ungraded")).pipe(
        count_by, ["audit_kind"], "grade", (*GRADES, "ungraded"), name="audits"
    )


def thematic_findings(completed: pl.LazyFrame, sections: pl.LazyFrame) -> pl.LazyFrame:
    """What each thematic audit completed in the month found, section by
    section, as its audit trail records it."""
    thematic = completed.filter(pl.col("audit_kind").is_in(THEMATIC))
    return (
        thematic.join(
            sections.select(
                pl.col("aggregate_id").alias("audit_id"), "position", "summary"
            ),
            on="audit_id",
            how="inner",
        )
        .sort("audit_id", "position")
        .select("audit_id", "audit_kind", "team", "auditor", "grade", "summary")
        .rename({"summary": "finding"})
    )


def overdue_actions(actions: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Every action overdue on ``as_of``, longest overdue first."""
    return (
        actions.with_columns(action_status(as_of), pl.lit(as_of).alias("as_of"))
        .filter(pl.col("status") == "overdue")
        .with_columns(days_between("due_on", "as_of").alias("days_overdue"))
        .sort("due_on", "action_id")
        .select(
            "action_id",
            "source_audit",
            "source_cycle",
            "owner",
            "due_on",
            "days_overdue",
            "follow_ups",
            "escalated_on",
        )
    )


def requirement_statuses(
    requirements: pl.LazyFrame, keys: list[str], as_of: date
) -> pl.LazyFrame:
    """Requirements per group as they stood on ``as_of``, with the share of
    those that fell due that were met on time."""
    return (
        requirements.with_columns(requirement_status(as_of))
        .pipe(count_by, keys, "status", REQUIREMENT_STATUSES, name="requirements")
        .with_columns(
            (pl.col("met") + pl.col("met_late") + pl.col("overdue")).alias("fell_due")
        )
        .with_columns(percent("met", "fell_due").alias("on_time_pct"))
    )


def decisions_by_kind(decisions: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """§2.2 management decisions due in the month, by the trigger's kind."""
    return requirement_statuses(
        decisions.with_columns(
            pl.col("requirement").str.split(":").list.last().alias("decision")
        ),
        ["decision"],
        as_of,
    )


def observations_due(
    requirements: pl.LazyFrame, as_of: date, horizon: date
) -> pl.LazyFrame:
    """Practice observations (§4.1, at least every 12 months) not done by
    ``as_of``: overdue, or falling due by ``horizon``; per team."""
    return (
        requirements.with_columns(requirement_status(as_of))
        .filter(
            pl.col("status").is_in(("overdue", "due")) & (pl.col("due_on") <= horizon)
        )
        .with_columns(pl.col("team").fill_null("no team"))
        .pipe(count_by, ["team"], "status", ("overdue", "due"), name="observations")
        .rename({"due": "due_soon"})
    )


def observations_done(observations: pl.LazyFrame, month: Period) -> pl.LazyFrame:
    return (
        observations.filter(between("observed_on", month.start, month.end))
        .group_by("outcome")
        .agg(
            pl.len().cast(pl.Int64).alias("observations"),
            pl.col("support_needed").sum().cast(pl.Int64).alias("support_needed"),
        )
        .sort(
            pl.col("outcome").replace_strict(
                {g: i for i, g in enumerate(GRADES)}, default=9, return_dtype=pl.Int8
            )
        )
    )


def complaints_received(complaints: pl.LazyFrame, month: Period) -> pl.LazyFrame:
    return (
        complaints.filter(between("received_on", month.start, month.end))
        .group_by("team", "category")
        .agg(pl.len().cast(pl.Int64).alias("complaints"))
        .sort("team", "category")
    )


def compliments_received(compliments: pl.LazyFrame) -> pl.LazyFrame:
    return (
        compliments.group_by("team")
        .agg(pl.len().cast(pl.Int64).alias("compliments"))
        .sort("team")
    )


def escalations(
    steps: pl.LazyFrame, complaints: pl.LazyFrame, month: Period
) -> pl.LazyFrame:
    """Complaints escalated past stage one in the month (for the management
    team's fortnightly meetings, §4.1)."""
    return (
        steps.filter(
            (pl.col("step") == "escalated")
            & between("occurred_on", month.start, month.end)
        )
        .join(complaints, on="complaint_id", how="left")
        .sort("occurred_on", "complaint_id", "stage")
        .select(
            "complaint_id",
            "team",
            "category",
            "received_on",
            pl.col("stage").alias("to_stage"),
            pl.col("occurred_on").alias("escalated_on"),
        )
    )


def feedback(questionnaires: pl.LazyFrame, month: Period) -> pl.LazyFrame:
    """Questionnaires sent and returned in the month (§4.1), by reason,
    with the mean overall rating (1 to 5) of those returned."""
    returned = between("returned_on", month.start, month.end)
    return (
        questionnaires.group_by("reason")
        .agg(
            between("sent_on", month.start, month.end)
            .sum()
            .cast(pl.Int64)
            .alias("sent"),
            returned.sum().cast(pl.Int64).alias("returned"),
            pl.col("overall").filter(returned).mean().round(1).alias("mean_overall"),
        )
        .sort("reason")
    )


def build(
    sources: Sources, period: Period, as_of: date, settings: Settings
) -> Document:
    threshold = settings.small_count_threshold
    audits = sources.audits(active_in=period)
    gradings = sources.gradings(audits_active_in=period)
    completed = audits_completed(audits, gradings, period).collect()
    thematic_ids = completed.filter(pl.col("audit_kind").is_in(THEMATIC))["audit_id"]
    sections_assessed = (
        sources.trail(
            aggregate_type="Audit",
            event_kinds=("SectionAssessed",),
            aggregate_ids=thematic_ids.to_list(),
        )
        if thematic_ids.len()
        else pl.LazyFrame(
            schema={
                "aggregate_id": pl.String,
                "position": pl.Int64,
                "summary": pl.String,
            }
        )
    )
    findings = thematic_findings(completed.lazy(), sections_assessed).collect()
    by_kind = grades_by_kind(completed.lazy()).collect()
    overdue = overdue_actions(sources.actions(), as_of).collect()
    follow_ups = requirement_statuses(
        sources.compliance(requirements=("follow-up-1", "follow-up-2"), due_in=period),
        ["requirement"],
        as_of,
    ).collect()
    decisions = decisions_by_kind(
        sources.compliance(prefix="management-decision:", due_in=period), as_of
    ).collect()
    supervision = requirement_statuses(
        sources.compliance(requirements=("supervision",), due_in=period).with_columns(
            pl.col("team").fill_null("no team")
        ),
        ["team"],
        as_of,
    ).collect()
    horizon = add_months(as_of, 1)
    observation_requirements = sources.compliance(
        requirements=("practice-observation",)
    ).filter(pl.col("due_on") <= horizon)
    due_observations = observations_due(
        observation_requirements, as_of, horizon
    ).collect()
    observed = observations_done(sources.observations(), period).collect()
    complaints = sources.complaints()
    received = complaints_received(complaints, period).collect()
    compliments = compliments_received(sources.compliments(period)).collect()
    escalated = escalations(sources.complaint_steps(), complaints, period).collect()
    returns = feedback(sources.questionnaires(period), period).collect()
    meetings = sources.meetings(period).sort("held_on", "meeting_id").collect()

    rate_counts = ("requirements", "met", "met_late", "overdue", "due", "fell_due")
    sections = (
        Section(
            "Audits completed",
            f"Audits completed in {period.label}: the grade the auditor gave and "
            "the grade after moderation by a head of service.",
            tables=(
                Table(
                    "grades_by_kind",
                    "Grades by kind of audit",
                    by_kind,
                    counts=("audits", *(as_column(g) for g in (*GRADES, "ungraded"))),
                ),
                Table("audits_completed", "Each audit completed", completed),
            ),
            charts=(
                bars(
                    f"Audits completed in {period.label} by kind",
                    [
                        (str(r["audit_kind"]), int(r["audits"]))
                        for r in by_kind.iter_rows(named=True)
                    ],
                    threshold,
                ),
            )
            if by_kind.height
            else (),
            empty=f"No audit was completed in {period.label}.",
        ),
        Section(
            "Thematic findings",
            "What the thematic audits completed in the month found, section by "
            "section (§3.2), from the audit trail.",
            tables=(Table("thematic_findings", "Findings by section", findings),),
            empty="No thematic audit completed this month recorded a section finding.",
        ),
        Section(
            "Overdue actions",
            f"Every action not completed and past its due day on {as_of.isoformat()}, "
            "whenever it was set.",
            tables=(Table("overdue_actions", "Overdue actions", overdue),),
            empty=f"No action was overdue on {as_of.isoformat()}.",
        ),
        Section(
            "Follow-up timeliness",
            "Follow-ups of actions due in the month (§3.2, §3.3: within a month, "
            "and again the following month).",
            tables=(
                Table(
                    "follow_ups",
                    "Follow-ups due this month",
                    follow_ups,
                    counts=rate_counts,
                    rates=ON_TIME_RATE,
                ),
            ),
            empty="No follow-up fell due this month.",
        ),
        Section(
            "Management decisions",
            "Decisions the §2.2 triggers needed, due in the month "
            f"({settings.decision_due_days} days after the trigger).",
            tables=(
                Table(
                    "management_decisions",
                    "Management decisions by kind",
                    decisions,
                    counts=rate_counts,
                    rates=ON_TIME_RATE,
                ),
            ),
            empty="No management decision fell due this month.",
        ),
        Section(
            "Supervision compliance by team",
            f"Supervision due in the month (every {settings.supervision_interval_days} "
            "days), by the supervisee's team.",
            tables=(
                Table(
                    "supervision_by_team",
                    "Supervision by team",
                    supervision,
                    counts=rate_counts,
                    rates=ON_TIME_RATE,
                ),
            ),
            empty="No supervision fell due this month.",
        ),
        Section(
            "Practice observations",
            "Staff whose observation (§4.1, every "
            f"{settings.observation_interval_months} months) was overdue on "
            f"{as_of.isoformat()} or falls due by "
            f"{horizon.isoformat()}, and the observations made this month.",
            tables=(
                Table(
                    "observations_due",
                    "Observations due",
                    due_observations,
                    counts=("observations", "overdue", "due_soon"),
                ),
                Table(
                    "observations_done",
                    "Observations made this month",
                    observed,
                    counts=("observations", "support_needed"),
                ),
            ),
            empty="No observation is due and none was made this month.",
        ),
        Section(
            "Complaints and compliments",
            "Complaints and compliments received in the month (§4.1), and "
            "complaints escalated past stage one.",
            tables=(
                Table(
                    "complaints_received",
                    "Complaints received by team and category",
                    received,
                    counts=("complaints",),
                ),
                Table(
                    "compliments_received",
                    "Compliments received by team",
                    compliments,
                    counts=("compliments",),
                ),
                Table("escalated_complaints", "Escalated complaints", escalated),
            ),
            empty="No complaint or compliment was received or escalated this month.",
        ),
        Section(
            "Feedback from children and families",
            "Questionnaires sent on closure or transfer, and returned (§4.1).",
            tables=(
                Table(
                    "feedback",
                    "Questionnaires by reason",
                    returns,
                    counts=("sent", "returned"),
                    rates={"mean_overall": ("returned",)},
                ),
            ),
            empty="No questionnaire was sent or returned this month.",
        ),
        Section(
            "Performance management meetings",
            "Meetings held in the month (§3.7): reports tabled and actions reviewed.",
            tables=(Table("meetings", "Meetings held", meetings),),
            empty="No performance management meeting was recorded this month.",
        ),
    )
    has_data = any(
        frame.height
        for frame in (
            completed,
            follow_ups,
            decisions,
            supervision,
            observed,
            received,
            compliments,
            escalated,
            returns,
            meetings,
        )
    )
    return Document(JOB, TITLE, period, as_of, sections, has_data)


def day_before(day: date) -> date:
    return day - timedelta(days=1)
