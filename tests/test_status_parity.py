"""The status of an action, a requirement or a supervision record on a day
has one definition (projections/status.py): the CLI's reads (``qaledger
actions``, ``compliance``, ``due``), the reports' polars pipelines and the
``*_now`` views give every row the same status on the same day, on both
stores, on every day around the dates that change it."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ledger.application import QALedger
from projections import queries
from projections.registry import ReadModels
from projections.status import ACTION_STATUSES, REQUIREMENT_STATUSES
from reports.engine.expressions import action_status, requirement_status
from reports.engine.snapshot import snapshot
from reports.engine.sources import Sources
from tests.conftest import given_a_started_audit
from tests.helpers.read_models import read_models

SET_ON = date(2026, 2, 3)
Statuses = dict[str, dict[str, str]]


def given_actions_due_around(council: QALedger) -> list[date]:
    """Actions due on three days: one completed on its due day, one
    completed two days late, one never; with the follow-up requirements the
    compliance model sets for them, and a supervision recorded a day after
    it was due. Returns the actions' due days."""
    audit_id = given_a_started_audit(council)
    council.supervision.record("TM1", supervisee="SW1", on=SET_ON)
    dues = [SET_ON + timedelta(days=n) for n in (7, 10, 14)]
    action_ids = [
        council.actions.set(
            "TM2",
            audit_id=audit_id,
            owner="SW1",
            description=f"Do the thing due {due}",
            due_on=due,
            on=SET_ON,
        )
        for due in dues
    ]
    council.actions.review(
        "TM1",
        action_id=action_ids[0],
        outcome="on-track",
        note="Begun",
        on=dues[0] - timedelta(days=1),
    )
    council.actions.complete("SW1", action_id=action_ids[0], note="Done", on=dues[0])
    council.actions.complete(
        "SW1", action_id=action_ids[1], note="Late", on=dues[1] + timedelta(days=2)
    )
    return dues


def requirement_key(row: dict[str, object]) -> str:
    return f"{row['requirement']} {row['subject_id']} {row['due_on']}"


def cli_reads(models: ReadModels, day: date) -> Statuses:
    return {
        "actions": {
            str(row["action_id"]): str(row["status"])
            for row in queries.actions(models, day)
        },
        "requirements": {
            requirement_key(row): str(row["status"])
            for row in queries.compliance(models, day)
        },
    }


def report_reads(sources: Sources, day: date) -> Statuses:
    actions = sources.actions().with_columns(action_status(day))
    requirements = (
        sources.compliance()
        .with_columns(requirement_status(day))
        .with_columns(pl.col("due_on").cast(pl.String))
    )
    return {
        "actions": {
            str(row["action_id"]): str(row["status"])
            for row in actions.collect().iter_rows(named=True)
        },
        "requirements": {
            requirement_key(row): str(row["status"])
            for row in requirements.collect().iter_rows(named=True)
        },
    }


def test_the_cli_and_the_reports_give_every_action_and_requirement_one_status(
    council: QALedger, db_url: str
) -> None:
    dues = given_actions_due_around(council)
    days = [
        dues[0] + timedelta(days=n) for n in range(-2, (dues[-1] - dues[0]).days + 5)
    ]
    with read_models(council, db_url) as models:
        models.catch_up()
        cli = {day: cli_reads(models, day) for day in days}
        names = [p.name for p in models.runner.projections]
        with snapshot(models.store, names) as snap:
            report = {day: report_reads(Sources(snap), day) for day in days}
    for day in days:
        assert cli[day] == report[day], day
    seen = {s for day in days for kind in cli[day].values() for s in kind.values()}
    # The days chosen reach every status there is.
    assert set(ACTION_STATUSES) | set(REQUIREMENT_STATUSES) <= seen


def test_the_now_views_give_what_the_cli_gives_today(
    council: QALedger, db_url: str
) -> None:
    given_actions_due_around(council)
    council.staff.leave("ADM1", staff_id="SW2", on=SET_ON)
    today = date.today()
    with read_models(council, db_url) as models:
        models.catch_up()
        requirements = {
            requirement_key(row): row["status"]
            for row in queries.compliance(models, today)
        }
        retention = sorted(
            (row["supervisee"], row["status"])
            for row in queries.supervision_retention(models, today)
        )
        viewed_requirements = {
            f"{r} {s} {str(d)[:10]}": status
            for r, s, d, status in models.rows(
                "SELECT requirement, subject_id, due_on, status FROM compliance_now"
            )
        }
        viewed_retention = sorted(
            (str(s), str(status))
            for s, status in models.rows(
                "SELECT supervisee, status FROM supervision_retention_now"
            )
        )
    assert requirements and retention
    assert viewed_requirements == requirements
    assert viewed_retention == retention
