"""qaledger import audits: a council's audit spreadsheet, through the
ledger's rules, all of it or (unless --skip-bad) nothing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from commands.common import acting_staff, actor_option, db_option, json_option
from commands.common import refusals_as_errors as refusals
from ledger.bulk.audit_spreadsheet import (
    BadSpreadsheet,
    Outcome,
    describe,
    import_rows,
    read_spreadsheet,
)
from ledger.bulk.batching import BatchingLedger
from ledger.settings import load_settings
from ledger.storage.store import locate, prepare


@click.command("audits")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Import the rows the ledger accepts and skip the others (each still "
    "reported); without it one bad row means nothing is written.",
)
@db_option
@json_option
@actor_option
def audits(
    db: str | None,
    as_json: bool,
    actor: str | None,
    file: Path,
    skip_bad: bool,
) -> None:
    """Import a council's audit spreadsheet (FILE.csv or FILE.xlsx): one row
    per audit, with the columns case, auditor, date, kind and grade, and
    actions (one per line in the cell, or separated by ';'); optionally
    theme (thematic audits need one), findings, and owner (who owns the
    actions; default the case's allocated worker). The first row names the
    columns; other columns are ignored, as are a workbook's other sheets.
    Dates are 2026-11-05 or 05/11/2026. For a supervision-file audit the
    case column names the supervisee.

    Each row is recorded as its audit's steps on its date, through the same
    rules as 'qaledger audit': scheduled by you (--as), then started,
    graded, its actions set and completed by the auditor.

    Every row is tried before anything is written. Each rejected row is
    reported with its line number and the reason; if any is, nothing is
    written (exit status 1), unless --skip-bad, which writes the rows the
    ledger accepted. The rows written go in one transaction. Importing the
    same spreadsheet twice records its audits twice.

    On PostgreSQL run it from a login not mapped to a staff member (the
    ledger's owner or operator): a personal login can act only as itself,
    and each audit's steps are recorded as its auditor's.

    Example:

    \b
        qaledger import audits audits-2025.xlsx --as QA1
    """
    with refusals(db):
        store = locate(db)
        if actor is None and not store.is_postgres:
            raise click.UsageError("Missing option '--as' (your staff id).")
        try:
            sheet = read_spreadsheet(file)
        except BadSpreadsheet as error:
            raise click.ClickException(f"{error}; nothing was written") from None
        except OSError as error:
            raise click.ClickException(
                f"cannot read {file}: {error.strerror or error}"
            ) from None
        store = prepare(store)
        ledger = BatchingLedger(store.env, settings=load_settings(), flush_every=None)
        try:
            if not ledger.has_events():
                raise click.ClickException(
                    f"{store.display} holds no ledger: start one with 'qaledger init'"
                )
            who = acting_staff(ledger, actor)
            outcome = import_rows(ledger, sheet, actor=who, skip_bad=skip_bad)
        finally:
            ledger.close()
    report(outcome, file, as_json, skip_bad)


def report(outcome: Outcome, file: Path, as_json: bool, skip_bad: bool) -> None:
    audits_ = [
        {"line": i.line, "audit_id": i.audit_id, "action_ids": list(i.action_ids)}
        for i in outcome.imported
    ]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": outcome.written or not outcome.rejected,
                    "written": outcome.written,
                    "rows": outcome.rows,
                    "imported": audits_ if outcome.written else [],
                    "rejected": [
                        {"line": r.line, "reason": r.reason} for r in outcome.rejected
                    ],
                    "ignored_columns": outcome.ignored_columns,
                },
                indent=2,
            )
        )
    else:
        for line in describe(outcome):
            click.echo(line, err=True)
        if outcome.ignored_columns:
            click.echo(
                f"columns not read: {', '.join(outcome.ignored_columns)}", err=True
            )
    rejected = len(outcome.rejected)
    if rejected and not skip_bad:
        good = outcome.rows - rejected
        raise click.ClickException(
            f"{rejected} of {outcome.rows} rows of {file.name} rejected; nothing "
            "was written. Correct them and import again"
            + (f", or add --skip-bad to import the other {good}" if good else "")
        )
    if as_json:
        return
    actions = sum(len(i.action_ids) for i in outcome.imported)
    if outcome.imported:
        first, last = outcome.imported[0].audit_id, outcome.imported[-1].audit_id
        span = first if first == last else f"{first} to {last}"
        click.echo(
            f"imported {len(outcome.imported)} audits ({span}) with {actions} "
            f"actions from {file.name}"
            + (f"; {rejected} rows skipped" if rejected else "")
        )
    else:
        click.echo(f"nothing imported from {file.name}: every row was rejected")
