"""The command line through click's CliRunner, against a ledger named by --db,
and the number of events a ledger holds."""

from __future__ import annotations

from click.testing import CliRunner, Result

from commands.cli import main
from ledger.application import QALedger
from ledger.storage.store import locate
from tests.conftest import event_count


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--db", db], catch_exceptions=False)


def events_in(db: str) -> int:
    app = QALedger(locate(db).env)
    try:
        return event_count(app)
    finally:
        app.close()
