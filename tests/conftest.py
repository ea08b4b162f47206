"""Fixtures: a fresh ledger on each store, and the people and cases most tests
need. PostgreSQL tests get their own schema, dropped afterwards. Shared here
too: an append-only ledger on PostgreSQL (`server`) and a reporting ledger
(`db`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest
from psycopg import sql

from ledger.application import QALedger
from ledger.storage.db_roles import Roles
from ledger.storage.store import locate

if TYPE_CHECKING:
    from tests.helpers.postgres_roles import Server

TODAY = date(2026, 6, 30)
POSTGRES_URL = os.environ.get(
    "QALEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


def postgres_required() -> bool:
    return os.environ.get("QALEDGER_REQUIRE_POSTGRES") == "1"


def postgres_schema_url() -> Iterator[str]:
    """Yield a URL naming a fresh schema; drop the schema afterwards."""
    schema = f"qaledger_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        if postgres_required():
            pytest.fail(reason + " (QALEDGER_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    with admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            # The ledger's schema, and its read models' beside it.
            for name in (schema, f"{schema}_read"):
                admin.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        sql.Identifier(name)
                    )
                )


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A ledger location on each store: the same tests run on both."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
    else:
        yield from postgres_schema_url()


@pytest.fixture
def ledger(db_url: str) -> Iterator[QALedger]:
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    yield app
    app.close()


def event_count(app: QALedger) -> int:
    return sum(1 for _ in app.notifications())


@pytest.fixture
def council(ledger: QALedger) -> QALedger:
    """A ledger with an administrator, senior managers, a team and an open case."""
    given_a_council(ledger)
    return ledger


START = date(2026, 1, 5)


def given_a_council(app: QALedger) -> None:
    app.staff.init(admin_id="ADM1", name="Alex Admin", on=START)
    people = [
        ("HOS1", "head-of-service", None),
        ("HOS2", "head-of-service", None),
        ("QA1", "qa-officer", None),
        ("INS1", "inspector", None),
        ("DA1", "data-analyst", None),
        ("TM1", "team-manager", "safeguarding"),
        ("TM2", "team-manager", "looked-after-children"),
        ("SW1", "social-worker", "safeguarding"),
        ("SW2", "social-worker", "safeguarding"),
    ]
    for staff_id, role, team in people:
        app.staff.join(
            "ADM1",
            staff_id=staff_id,
            name=f"Name of {staff_id}",
            role=role,
            team=team,
            district="North",
            on=START,
        )
    app.cases.open(
        "TM1",
        case_ref="LL-1001",
        team="safeguarding",
        district="North",
        worker="SW1",
        on=START,
    )


def given_a_started_audit(
    app: QALedger, kind: str = "whole-case-file", auditor: str = "TM2"
) -> str:
    audit_id = app.audits.schedule(
        "QA1",
        kind=kind,
        auditor=auditor,
        week=date(2026, 2, 2),
        case_ref="LL-1001",
        theme="Child's voice" if "thematic" in kind else None,
        on=date(2026, 1, 20),
    )
    app.audits.start(auditor, audit_id=audit_id, on=date(2026, 2, 3))
    return audit_id


# tests/helpers imports names from this module, so the fixtures below import
# from tests/helpers when they run rather than at the top of this module.


@pytest.fixture
def server() -> Iterator[Server]:
    """A council's ledger in its own schema, made append-only by the CLI,
    with a login in each group role."""
    from tests.helpers.cli import run
    from tests.helpers.postgres_roles import Server, drop_roles

    tag = uuid.uuid4().hex[:10]
    roles = Roles(writer=f"qaledger_test_w_{tag}", reader=f"qaledger_test_r_{tag}")
    names = [
        f"{roles.writer}_login",
        f"{roles.reader}_login",
        roles.writer,
        roles.reader,
    ]
    try:
        for url in postgres_schema_url():
            app = QALedger(locate(url).env, today=lambda: TODAY)
            given_a_council(app)
            app.integrity.record_checkpoint("HOS1")
            app.close()
            applied = run(
                url, "db", "roles", "--apply", "--writer", roles.writer,
                "--reader", roles.reader,
            )  # fmt: skip
            assert applied.exit_code == 0, applied.output
            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                for group in (roles.writer, roles.reader):
                    admin.execute(
                        sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                            sql.Identifier(f"{group}_login"), sql.Identifier(group)
                        )
                    )
            yield Server(url, locate(url).schema, roles)
    finally:
        drop_roles(names)


@pytest.fixture
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A reporting ledger on each store (given_a_reporting_ledger), with the
    working directory a fresh folder and no settings file named."""
    from tests.helpers.records import given_a_reporting_ledger

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QALEDGER_SETTINGS", raising=False)
    app = QALedger(locate(db_url).env, today=lambda: date(2026, 6, 30))
    try:
        given_a_reporting_ledger(app)
    finally:
        app.close()
    yield db_url


@pytest.fixture(scope="session")
def demo_year_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo council's 2025 (seed 4) as an events file, generated once for
    the session: a test that needs a year of real events imports it into its
    own fresh ledger, on either store, in a fraction of the time recording
    it again would take."""
    from ledger.demo.synthetic import build

    path = tmp_path_factory.mktemp("demo-year") / "demo-2025.jsonl"
    build(None, councils=1, years=1, seed=4, start=date(2025, 1, 1), events_file=path)
    return path
