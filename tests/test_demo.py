"""The demo ledger: a plausible year built through the real rules, the same for
the same seed, and recording every kind of event the domain defines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from commands.demo import program
from ledger.application import QALedger
from ledger.dates import add_months
from ledger.demo import generate
from ledger.demo.year import last_day, latest_start
from ledger.errors import InvalidValue
from ledger.events import LedgerCreated, LedgerEvent
from ledger.storage.store import locate
from tests.helpers.topics import NOT_PRACTICE, domain_event_topics

START = date(2025, 1, 1)
SEED = 5

Event = tuple[str, int, str, dict[str, Any]]


def build(path: Path, seed: int) -> Path:
    app = QALedger(locate(str(path)).env)
    try:
        generate(app, seed=seed, start=START)
    finally:
        app.close()
    return path


def events_in(path: Path) -> list[Event]:
    app = QALedger(locate(str(path)).env)
    try:
        events = []
        for n in app.notifications():
            state = json.loads(n.state)
            state.pop("timestamp")  # when it was recorded: differs run to run
            events.append((str(n.originator_id), n.originator_version, n.topic, state))
        return events
    finally:
        app.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("demo") / "demo.db", SEED)


@pytest.fixture(scope="module")
def demo_events(demo_db: Path) -> list[Event]:
    return events_in(demo_db)


@pytest.fixture
def demo_ledger(demo_db: Path) -> Iterator[QALedger]:
    app = QALedger(locate(str(demo_db)).env)
    yield app
    app.close()


def of_kind(events: list[Event], name: str) -> list[dict[str, Any]]:
    return [state for _, _, topic, state in events if topic.endswith(f":{name}")]


def test_the_same_seed_gives_the_same_ledger(
    tmp_path: Path, demo_events: list[Event]
) -> None:
    assert events_in(build(tmp_path / "again.db", SEED)) == demo_events
    assert len(demo_events) > 2000


def test_another_seed_gives_another_ledger(
    tmp_path: Path, demo_events: list[Event]
) -> None:
    assert events_in(build(tmp_path / "other.db", SEED + 1)) != demo_events


def test_the_event_kinds_are_found() -> None:
    topics = domain_event_topics()
    assert {
        "ledger.staff:StaffMember.RoleChanged",
        "ledger.case:Case.DecisionRecorded",
        "ledger.cycle:AuditCycle.SampleDrawn",
        "ledger.ids:IdSequence.Advanced",
    } <= topics
    assert not any(topic.endswith((".Event", ".Created")) for topic in topics)


def test_the_demo_records_every_kind_of_event(demo_events: list[Event]) -> None:
    recorded = {topic for _, _, topic, _ in demo_events}
    assert sorted(domain_event_topics() - recorded - NOT_PRACTICE) == []


def test_every_date_falls_in_the_demo_year(demo_ledger: QALedger) -> None:
    end = add_months(START, 12) - timedelta(days=1)
    days = set()
    for notification in demo_ledger.notifications():
        event = demo_ledger.mapper.to_domain_event(notification)
        assert isinstance(event, LedgerEvent | LedgerCreated)
        days.add(event.occurred_on)
    assert min(days) == START
    assert max(days) <= end < date.today()


def test_the_demo_refuses_a_year_not_yet_over(tmp_path: Path) -> None:
    app = QALedger(locate(str(tmp_path / "soon.db")).env)
    try:
        with pytest.raises(InvalidValue, match="not over yet"):
            generate(app, seed=1, start=date.today() - timedelta(days=100))
        assert not app.has_events()
    finally:
        app.close()


def test_the_demo_samples_can_be_redrawn(
    demo_ledger: QALedger, demo_events: list[Event]
) -> None:
    cycles = [state["period"] for state in of_kind(demo_events, "AuditCycle.Opened")]
    samples = [
        state["key"] for state in of_kind(demo_events, "HeadOfServiceSample.Drawn")
    ]
    assert len(cycles) == 2
    assert len(samples) >= 30
    for key in cycles + samples:
        check = demo_ledger.programme.redraw_check(key)
        assert check["population_matches"], key
        assert check["sample_matches"], key


def test_decisions_are_on_time_late_and_missing(
    demo_events: list[Event], demo_ledger: QALedger
) -> None:
    """§2.2 triggers need a management decision; the demo has all three
    outcomes a compliance report must show."""
    due = timedelta(days=demo_ledger.settings.decision_due_days)
    refs = {state["case_ref"] for state in of_kind(demo_events, "Case.Opened")}
    outcomes = {"on time": 0, "late": 0, "missing": 0}
    for ref in refs:
        case = demo_ledger.cases.show(ref)
        for trigger in case["triggers"]:
            made = [
                date.fromisoformat(d["on"])
                for d in case["decisions"]
                if d["kind"] == trigger["trigger"]
            ]
            if not made:
                outcomes["missing"] += 1
            elif min(made) <= date.fromisoformat(trigger["on"]) + due:
                outcomes["on time"] += 1
            else:
                outcomes["late"] += 1
    assert all(outcomes.values()), outcomes
    assert outcomes["on time"] > outcomes["late"] + outcomes["missing"]


def test_gradings_improve_between_the_cycles(
    demo_events: list[Event], demo_ledger: QALedger
) -> None:
    def good_or_better(period: str) -> float:
        cycle = demo_ledger.programme.show_cycle(period)
        grades = [
            demo_ledger.audits.show(plan["audit_id"])["original_grade"]
            for plan in cycle["allocations"].values()
        ]
        graded = [grade for grade in grades if grade]
        return sum(grade in ("outstanding", "good") for grade in graded) / len(graded)

    first, second = (s["period"] for s in of_kind(demo_events, "AuditCycle.Opened"))
    assert good_or_better(second) > good_or_better(first)


@pytest.mark.parametrize("years", [1, 3])
def test_the_default_demo_years_end_today_or_the_day_before_a_leap_day(
    years: int,
) -> None:
    """Every day of six years, leap days and their eves included: the years
    built by default end today, or yesterday when no start's years end today
    (28 February before a 29th)."""
    today = date(2024, 1, 1)
    while today < date(2030, 1, 1):
        start = latest_start(years, today)
        end = last_day(start, years)
        assert end == today or (end == today - timedelta(days=1) and today.month == 2)
        assert (end - start).days + 1 >= 365 * years  # whole years
        today += timedelta(days=1)


def test_the_closing_hint_names_the_qaledger_that_was_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed = tmp_path / "venv dir" / "bin" / "qaledger"
    monkeypatch.setattr("sys.argv", [str(installed), "demo", "generate"])
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    assert program() == f"'{installed}'"
    monkeypatch.setattr("sys.argv", ["python -m pytest"])
    assert program() == "qaledger"
