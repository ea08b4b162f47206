"""The command line through click's CliRunner, against a ledger named by --db,
and the number of events a ledger holds."""

from __future__ import annotations

import json

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


def ok_json(db: str, *args: str) -> dict[str, object]:
    """Run a command that must succeed; return what it printed with --json."""
    result = run(db, *args, "--json")
    assert result.exit_code == 0, f"{args}: {result.output}"
    parsed: dict[str, object] = json.loads(result.output)
    return parsed


def refused_by_cli(db: str, *args: str) -> str:
    """Run a command the ledger must refuse (exit 1, ``Error: ...``, nothing
    written); return its message."""
    before = events_in(db)
    result = run(db, *args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: "), result.output
    assert events_in(db) == before, "a refused command wrote events"
    return result.output
