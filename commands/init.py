"""qaledger init: a new ledger and its first administrator."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command, on_option
from ledger.application import QALedger
from ledger.storage.store import Store
from projections.registry import ReadModels


@click.command()
@click.option("--admin", "admin_id", required=True, metavar="STAFF_ID")
@click.option("--name", required=True, help="The administrator's name.")
@on_option
@ledger_command(writes=False)
def init(
    ledger: QALedger,
    output: Output,
    admin_id: str,
    name: str,
    on: date | None,
    store: Store,
) -> None:
    """Create the ledger, its read-model tables and its first administrator.

    Example:

    \b
        qaledger init --admin ADM1 --name "Alex Admin"
    """
    ledger.staff.init(admin_id=admin_id, name=name, on=on)
    with ReadModels(ledger, store, ledger.settings) as models:
        models.catch_up()
    output.done(f"ledger ready; administrator {admin_id}", staff_id=admin_id)
