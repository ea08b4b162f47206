"""qaledger history: everything that happened to a case, an audit or a
member of staff, in the order it was recorded."""

from __future__ import annotations

from datetime import datetime

import click

from commands.read_models import Table, read_model_command
from projections.history import COLUMNS
from projections.history import history as read_history
from projections.registry import ReadModels

SHOWN = ["position", "recorded_at", "occurred_on", "actor", "actor_role", "summary"]


def history_command(subject: str, argument: str, example: str) -> click.Command:
    @click.command(subject)
    @click.argument("ident", metavar=argument)
    @click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="YYYY-MM-DD",
        help="The history as it stood at the end of that day (by when recorded).",
    )
    @read_model_command
    def command(
        models: ReadModels, table: Table, ident: str, as_of: datetime | None
    ) -> None:
        rows = read_history(models, subject, ident, as_of.date() if as_of else None)
        table.show(
            rows,
            list(COLUMNS) if table.as_csv else SHOWN,
            f"Nothing recorded about {subject} {ident}.",
        )

    command.help = (
        f"Every event touching {subject} {argument}, in the order recorded, "
        "with who recorded it, in which role, and when it happened. Moderations "
        "and corrections appear beside what they replaced.\n\n"
        f"Example:\n\n    {example}"
    )
    return command


@click.group()
def history() -> None:
    """The full history of a case, an audit or a member of staff."""


history.add_command(
    history_command("case", "CASE_REF", "qaledger history case LL-204311 --csv")
)
history.add_command(
    history_command("audit", "AUDIT_ID", "qaledger history audit AUD-0042 --json")
)
history.add_command(
    history_command(
        "staff", "STAFF_ID", "qaledger history staff SW014 --as-of 2026-06-30"
    )
)
