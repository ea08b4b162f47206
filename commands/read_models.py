"""Commands that read the read models: caught up first, then printed as a
table, JSON or CSV."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import click

from commands.common import db_option, json_option, refusals_as_errors
from commands.progress import progress_on_stderr
from ledger.application import open_ledger
from ledger.bulk.cells import as_text_cell
from ledger.settings import load_settings
from ledger.storage.store import locate
from projections.engine.migrate import MigrationFailed
from projections.registry import ReadModels

F = TypeVar("F", bound=Callable[..., Any])

csv_option = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")


def read_model_command(func: F) -> F:
    """Give a command --db, --json and --csv, and caught-up read models.

    The command receives ``models`` and ``table`` (a ``Table`` printer).
    """

    @functools.wraps(func)
    def wrapper(db: str | None, as_json: bool, as_csv: bool, **kwargs: Any) -> None:
        with refusals_as_errors(db):
            ledger = open_ledger(db)
            try:
                with (
                    ReadModels(ledger, locate(db), load_settings()) as models,
                    progress_on_stderr() as progress,
                ):
                    models.catch_up(progress)
                    func(models=models, table=Table(as_json, as_csv), **kwargs)
            except MigrationFailed as error:
                raise click.ClickException(str(error)) from None
            finally:
                ledger.close()

    decorated: Callable[..., Any] = wrapper
    for option in reversed([db_option, json_option, csv_option]):
        decorated = option(decorated)
    return cast(F, decorated)


class Table:
    def __init__(self, as_json: bool, as_csv: bool) -> None:
        self.as_json = as_json
        self.as_csv = as_csv

    def show(
        self, rows: list[dict[str, Any]], columns: Sequence[str], empty: str
    ) -> None:
        if self.as_json:
            click.echo(json.dumps(rows, indent=2))
        elif self.as_csv:
            buffer = io.StringIO()
            writer = csv.DictWriter(
                buffer, fieldnames=list(columns), extrasaction="ignore"
            )
            writer.writeheader()
            # No text cell a spreadsheet would run as a formula.
            writer.writerows(
                {key: as_text_cell(value) for key, value in row.items()} for row in rows
            )
            click.echo(buffer.getvalue(), nl=False)
        elif not rows:
            click.echo(empty)
        else:
            click.echo(aligned(rows, columns))


def aligned(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[str(column).replace("_", " ") for column in columns]]
    cells += [["-" if row[c] is None else str(row[c]) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in cells
    )
