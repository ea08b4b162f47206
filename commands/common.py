"""What every command shares: opening the ledger, the common options, turning
domain refusals into ``Error:`` messages, and printing results."""

from __future__ import annotations

import functools
import inspect
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar, cast

import click
from eventsourcing.persistence import MapperDeserialisationError, PersistenceError

from ledger.application import QALedger, open_ledger
from ledger.errors import ActorRequired, LedgerError
from ledger.storage.store import StoreUnavailable, locate

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def refusals_as_errors(db: str | None) -> Iterator[None]:
    """Show foreseeable failures as ``Error: ...`` with exit status 1."""
    try:
        yield
    except LedgerError as error:
        raise click.ClickException(str(error)) from None
    except StoreUnavailable as error:
        raise click.ClickException(str(error)) from None
    except PersistenceError as error:
        where = locate(db).display
        raise click.ClickException(f"the database at {where} failed: {error}") from None
    except MapperDeserialisationError as error:
        raise click.ClickException(
            f"a stored event could not be read ({error}); if the ledger may have "
            "been altered, run 'qaledger verify'"
        ) from None
    except (
        click.ClickException,
        click.Abort,
        click.exceptions.Exit,
        KeyboardInterrupt,
    ):
        raise
    except Exception as error:
        # Altered or corrupt stored events surface as odd errors deep in the
        # domain; say so plainly rather than print a traceback.
        if os.environ.get("QALEDGER_DEBUG"):
            raise
        raise click.ClickException(
            f"unexpected failure ({type(error).__name__}: {error}); if the ledger "
            "may have been altered, run 'qaledger verify' (QALEDGER_DEBUG=1 shows "
            "the traceback)"
        ) from None


def acting_staff(ledger: QALedger, claimed: str | None) -> str:
    """Who acts: the login's staff member on PostgreSQL, else ``--as``; not
    saying who is a usage error (exit 2), like any missing option."""
    try:
        return ledger.acting_staff(claimed)
    except ActorRequired as missing:
        raise click.UsageError(str(missing)) from None


def to_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


db_option = click.option(
    "--db",
    envvar="QALEDGER_DB",
    metavar="PATH|URL",
    help="Ledger to use: a SQLite file (default qaledger.db here) or a "
    "postgresql:// URL. Env: QALEDGER_DB.",
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON."
)
actor_option = click.option(
    "--as",
    "actor",
    envvar="QALEDGER_ACTOR",
    metavar="STAFF_ID",
    help="Your staff id: who is recording this. Env: QALEDGER_ACTOR. On "
    "PostgreSQL a personal login already says who you are.",
)


def date_option(flag: str, help: str) -> Callable[[F], F]:
    """A ``--flag YYYY-MM-DD`` option, given to the command as a datetime."""
    return click.option(
        flag,
        flag.lstrip("-").replace("-", "_"),
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="YYYY-MM-DD",
        help=help,
    )


on_option = date_option(
    "--on", "The date it happened (default today); may be earlier for late entry."
)
# Reads as of a day: what was met, due or overdue at the end of it.
as_of_option = date_option(
    "--as-of", "Read as it stood at the end of this day (default today)."
)


def ledger_command(*, writes: bool) -> Callable[[F], F]:
    """Give a command the shared options and an open ledger.

    The command receives ``ledger`` and ``output``; a writing command also
    receives ``actor`` and ``on``; one that names a ``store`` parameter gets
    the ledger's ``Store``.
    """

    def decorate(func: F) -> F:
        wants_store = "store" in inspect.signature(func).parameters

        @functools.wraps(func)
        def wrapper(db: str | None, as_json: bool, **kwargs: Any) -> None:
            output = Output(as_json)
            if "on" in kwargs:
                kwargs["on"] = to_date(kwargs["on"])
            with refusals_as_errors(db):
                if wants_store:
                    kwargs["store"] = locate(db)
                # Without --as, SQLite cannot know who acts: say so before the
                # file is even created.
                if writes and kwargs["actor"] is None and not locate(db).is_postgres:
                    raise click.UsageError("Missing option '--as' (your staff id).")
                ledger = open_ledger(db)
                try:
                    if writes:
                        kwargs["actor"] = acting_staff(ledger, kwargs["actor"])
                    func(ledger=ledger, output=output, **kwargs)
                finally:
                    ledger.close()

        decorated: Callable[..., Any] = wrapper
        options = [db_option, json_option]
        if writes:
            options += [actor_option, on_option]
        for option in reversed(options):
            decorated = option(decorated)
        return cast(F, decorated)

    return decorate


class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def done(self, message: str, **data: Any) -> None:
        """Report a write: a sentence for people, the ids for scripts."""
        if self.as_json:
            click.echo(json.dumps({"ok": True, **data}, indent=2))
        else:
            click.echo(message)

    def record(self, data: dict[str, Any]) -> None:
        """Show one record: JSON as is, or indented ``key: value`` lines."""
        if self.as_json:
            click.echo(json.dumps(data, indent=2))
        else:
            click.echo("\n".join(describe(data)))


def describe(value: Any, indent: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            label = f"{indent}{key.replace('_', ' ')}:"
            if isinstance(item, dict | list) and item:
                yield label
                yield from describe(item, indent + "  ")
            else:
                yield f"{label} {plain(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lines = list(describe(item, indent + "  "))
                yield indent + "- " + lines[0].lstrip()
                yield from lines[1:]
            else:
                yield f"{indent}- {plain(item)}"


def plain(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
