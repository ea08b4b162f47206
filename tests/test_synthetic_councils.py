"""Synthetic councils: many councils over many years through the real
commands, the same for the same seed, councils kept apart in one ledger,
and the batched path giving the very events the one-command-at-a-time path
gives."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from commands.cli import main
from ledger.application import QALedger
from ledger.demo.synthetic import Built, build
from ledger.storage.store import locate
from tests.helpers.topics import NOT_PRACTICE, domain_event_topics

START = date(2023, 1, 1)

Event = tuple[str, int, str, dict[str, Any]]


def built(path: Path, *, seed: int, councils: int, years: int, **kw: Any) -> Built:
    return build(
        str(path), councils=councils, years=years, seed=seed, start=START, **kw
    )


def events_in(db: Path | str, *, keep_time: bool = False) -> list[Event]:
    app = QALedger(locate(str(db)).env)
    try:
        found = []
        for n in app.notifications():
            state = json.loads(n.state)
            if not keep_time:
                state.pop("timestamp")
            found.append((str(n.originator_id), n.originator_version, n.topic, state))
        return found
    finally:
        app.close()


def head_of(db: Path | str) -> str:
    app = QALedger(locate(str(db)).env)
    try:
        verification = app.integrity.verify()
        assert verification.finding is None
        return verification.head.digest
    finally:
        app.close()


def on(state: dict[str, Any]) -> date:
    """When it happened (stored as ``{"_type_": "date_iso", "_data_": ...}``)."""
    return date.fromisoformat(state["occurred_on"]["_data_"])


def of_kind(events: list[Event], name: str) -> list[dict[str, Any]]:
    return [state for _, _, topic, state in events if topic.endswith(f":{name}")]


@pytest.fixture(scope="module")
def two_councils(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("councils") / "two.db"
    built(path, seed=11, councils=2, years=1)
    return path


@pytest.fixture(scope="module")
def two_councils_events(two_councils: Path) -> list[Event]:
    return events_in(two_councils, keep_time=True)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("years") / "two-years.db"
    result = built(path, seed=3, councils=1, years=2)
    assert result.batched
    return path


@pytest.fixture(scope="module")
def two_years_events(two_years: Path) -> list[Event]:
    return events_in(two_years)


# Determinism.


def test_the_same_seed_gives_the_same_councils_byte_for_byte(
    tmp_path: Path, two_councils: Path, two_councils_events: list[Event]
) -> None:
    again = tmp_path / "again.db"
    built(again, seed=11, councils=2, years=1)
    # Recording times included: a batched build dates each event's
    # recording to the day it happened, so even the tree head is the same.
    assert events_in(again, keep_time=True) == two_councils_events
    assert head_of(again) == head_of(two_councils)
    assert len(two_councils_events) > 20_000


def test_another_seed_gives_other_councils(
    tmp_path: Path, two_councils_events: list[Event]
) -> None:
    other = tmp_path / "other.db"
    built(other, seed=12, councils=2, years=1)
    assert events_in(other, keep_time=True) != two_councils_events


def test_the_same_seed_gives_the_same_years(
    tmp_path: Path, two_years_events: list[Event]
) -> None:
    again = tmp_path / "again.db"
    built(again, seed=3, councils=1, years=2)
    assert events_in(again) == two_years_events
    other = tmp_path / "other.db"
    built(other, seed=4, councils=1, years=2)
    assert events_in(other) != two_years_events


def test_batching_gives_the_events_one_command_at_a_time_gives(
    tmp_path: Path, two_years_events: list[Event]
) -> None:
    """The batched path runs the same commands with the same checks: saving
    each command on its own (the demo's path) records the same events."""
    slow = tmp_path / "slow.db"
    result = built(slow, seed=3, councils=1, years=2, batch=1)
    assert not result.batched
    assert events_in(slow) == two_years_events


# The years.


def test_the_calendar_moves_on_over_the_years(two_years_events: list[Event]) -> None:
    days = [on(state) for *_, state in two_years_events]
    assert min(days) == START
    assert max(days) <= date(2024, 12, 31)
    by_year = Counter(day.year for day in days)
    assert by_year[2024] > 0.8 * by_year[2023]
    cycles = [s["period"] for s in of_kind(two_years_events, "AuditCycle.Opened")]
    assert cycles == ["2023H1", "2023H2", "2024H1", "2024H2"]
    surveys = of_kind(two_years_events, "SupervisionSurvey.Recorded")
    assert [s["year"] for s in surveys] == [2023, 2024]
    # Staff leave and join in the second year too, not just the demo's first.
    left = {on(s).year for s in of_kind(two_years_events, "StaffMember.Left")}
    joined_late = [
        s for s in of_kind(two_years_events, "StaffMember.Joined") if on(s).year == 2024
    ]
    assert left == {2023, 2024}
    assert joined_late


def test_every_kind_of_event_is_recorded_over_the_years(
    two_years_events: list[Event],
) -> None:
    recorded = {topic for _, _, topic, _ in two_years_events}
    assert sorted(domain_event_topics() - recorded - NOT_PRACTICE) == []


def test_gradings_improve_over_the_years(two_years_events: list[Event]) -> None:
    grades: dict[int, list[str]] = defaultdict(list)
    for state in of_kind(two_years_events, "Audit.GradingGiven"):
        grades[on(state).year].append(state["grade"])

    def good_or_better(year: int) -> float:
        given = grades[year]
        return sum(g in ("outstanding", "good") for g in given) / len(given)

    assert good_or_better(2024) > good_or_better(2023) + 0.05


def test_samples_of_later_years_can_be_redrawn(two_years: Path) -> None:
    app = QALedger(locate(str(two_years)).env)
    try:
        for key in ("2024H1", "2024H2"):
            check = app.programme.redraw_check(key)
            assert check["population_matches"], key
            assert check["sample_matches"], key
    finally:
        app.close()


# Councils in one ledger.


def council_of(identifier: str | None) -> str | None:
    if identifier is None:
        return None
    prefix = identifier.split("-", 1)[0]
    return prefix if prefix.startswith("C") and prefix[1:].isdigit() else None


def test_councils_keep_their_own_staff_and_cases(
    two_councils_events: list[Event],
) -> None:
    staff = [s["staff_id"] for s in of_kind(two_councils_events, "StaffMember.Joined")]
    assert staff.count("ADM1") == 1  # the ledger's administrator, before any council
    by_council = Counter(council_of(staff_id) for staff_id in staff)
    assert set(by_council) == {None, "C001", "C002"}
    assert by_council[None] == 1
    assert len(staff) == len(set(staff))
    cases = of_kind(two_councils_events, "Case.Opened")
    refs = [case["case_ref"] for case in cases]
    assert len(refs) == len(set(refs))
    assert {council_of(ref) for ref in refs} == {"C001", "C002"}
    for case in cases:
        council = council_of(case["case_ref"])
        assert council_of(case["allocated_worker"]) == council
        assert case["district"].startswith(f"{council} ")


def test_councils_work_only_on_their_own_cases(
    two_councils_events: list[Event],
) -> None:
    """Everyone who records anything on a case, on an audit of a case or on
    an action from one, and every auditor, owner and worker named, belongs
    to the case's council."""
    council_of_aggregate: dict[str, str | None] = {}
    checked = Counter[str]()
    for originator, _, topic, state in two_councils_events:
        if "case_ref" in state and originator not in council_of_aggregate:
            council_of_aggregate[originator] = council_of(state["case_ref"])
        council = council_of_aggregate.get(originator)
        if council is None:
            continue
        for key in ("actor_id", "auditor", "owner", "allocated_worker"):
            if state.get(key) is not None:
                assert council_of(state[key]) == council, (topic, key, state)
                checked[key] += 1
    assert checked["actor_id"] > 10_000
    assert checked["auditor"] > 100
    assert checked["owner"] > 50


def test_shared_sequences_number_every_council_s_audits(
    two_councils_events: list[Event],
) -> None:
    scheduled = of_kind(two_councils_events, "Audit.Scheduled")
    ids = [s["audit_id"] for s in scheduled]
    assert ids == [f"AUD-{n:04d}" for n in range(1, len(ids) + 1)]
    assert {council_of(s["auditor"]) for s in scheduled} == {"C001", "C002"}
    whole = [s for s in scheduled if s["kind"] == "whole-case-file"]
    for council in ("C001", "C002"):
        # Two cycles' samples each, one auditor per case.
        own = [s for s in whole if council_of(s["case_ref"]) == council]
        assert len(own) >= 40


def test_the_ledger_of_many_councils_verifies(two_councils: Path) -> None:
    assert len(head_of(two_councils)) == 64


# The command.


def test_demo_generate_writes_an_events_file_of_the_councils(tmp_path: Path) -> None:
    from ledger.bulk.events_file import check_events_file

    out = tmp_path / "councils.jsonl"
    args = ["demo", "generate", "--councils", "2", "--years", "1"]
    args += ["--seed", "5", "--start", "2023-01-01", "--jsonl", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2 councils, 1 year" in result.output
    assert "events recorded" in result.output
    assert "events per transaction" in result.stderr
    checked = check_events_file(out)
    assert checked.head.tree_size > 20_000
    assert not (tmp_path / "demo.db").exists()
    # The same again is the same file; an existing file is kept.
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1
    assert "exists" in again.output
    second = tmp_path / "second.jsonl"
    args[-1] = str(second)
    assert CliRunner().invoke(main, args).exit_code == 0
    assert second.read_bytes() == out.read_bytes()


def test_both_stores_get_the_same_ledger(db_url: str, two_years: Path) -> None:
    """The batched path on PostgreSQL writes what it writes on SQLite, byte
    for byte: the same events, recording times and tree head."""
    build(db_url, councils=1, years=2, seed=3, start=START)
    assert events_in(db_url, keep_time=True) == events_in(two_years, keep_time=True)
    assert head_of(db_url) == head_of(two_years)
