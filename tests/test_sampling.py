"""Sampling and allocation as pure functions, with hypothesis properties."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.cases.case import Case
from ledger.dates import add_months
from ledger.programme.population import AuditFacts, CaseFacts, Population, StaffFacts
from ledger.programme.sampling import (
    CaseToAllocate,
    NoFairAllocation,
    NoPairAcrossDistricts,
    allocate,
    draw_sample,
    pair_across_districts,
    proportional_quotas,
)

DRAW_DAY = date(2026, 7, 1)
TEAMS = ["safeguarding", "leaving-care", "looked-after-children"]


def test_quotas_are_proportional_and_add_up() -> None:
    assert proportional_quotas({"a": 60, "b": 30, "c": 10}, 10) == {
        "a": 6,
        "b": 3,
        "c": 1,
    }
    # Exact shares 3.5, 2.1 and 1.4: the one left over goes to the largest remainder.
    assert proportional_quotas({"a": 5, "b": 3, "c": 2}, 7) == {"a": 4, "b": 2, "c": 1}


def test_quotas_never_exceed_the_population() -> None:
    assert proportional_quotas({"a": 2, "b": 1}, 35) == {"a": 2, "b": 1}


def test_the_same_seed_draws_the_same_sample_and_another_seed_another() -> None:
    population = {team: [f"{team[:3]}-{n}" for n in range(40)] for team in TEAMS}
    first = draw_sample(population, 12, seed=7)
    assert first == draw_sample(population, 12, seed=7)
    assert first != draw_sample(population, 12, seed=8)
    assert len(first) == len(set(first)) == 12


def test_the_draw_ignores_the_order_the_population_is_given_in() -> None:
    population = {"a": ["x1", "x2", "x3", "x4"], "b": ["y1", "y2"]}
    shuffled = {"b": ["y2", "y1"], "a": ["x3", "x1", "x4", "x2"]}
    assert draw_sample(population, 3, 1) == draw_sample(shuffled, 3, 1)


def test_allocation_refuses_when_only_barred_auditors_remain() -> None:
    cases = [CaseToAllocate("c1", frozenset({"TM1", "SW1"}))]
    try:
        allocate(cases, ["TM1"])
    except NoFairAllocation as refusal:
        assert refusal.unallocated == ["c1"]
    else:
        raise AssertionError("allocated a case to its own team manager")


def test_allocation_finds_the_one_fair_arrangement() -> None:
    cases = [
        CaseToAllocate("c1", frozenset({"A"})),
        CaseToAllocate("c2", frozenset({"B", "C"})),
        CaseToAllocate("c3", frozenset({"B"})),
    ]
    assert allocate(cases, ["A", "B", "C"]) == {"c2": "A", "c1": "B", "c3": "C"}


# Properties over generated ledgers.

DISTRICTS = ("North", "South", "East")

case_facts = st.builds(
    lambda n, team, opened, worker, district: CaseFacts(
        f"LL-{n}", team, worker, DRAW_DAY - timedelta(days=opened), district
    ),
    st.integers(0, 10_000),
    st.sampled_from(TEAMS),
    st.integers(0, 800),
    st.sampled_from(["SW1", "SW2", "SW3", "TM1"]),
    st.sampled_from(DISTRICTS),
)


@st.composite
def populations(draw: st.DrawFn) -> Population:
    cases = {c.case_ref: c for c in draw(st.lists(case_facts, max_size=60))}
    population = Population(position=1)
    for case in cases.values():
        population.cases[Case.id_for(case.case_ref)] = case
        for days_ago in draw(st.lists(st.integers(-30, 900), max_size=2)):
            started = DRAW_DAY - timedelta(days=days_ago)
            population.audits[uuid4()] = AuditFacts(case.case_ref, started)
    for staff_id, team in (("TM1", TEAMS[0]), ("TM2", TEAMS[1]), ("DTM3", TEAMS[2])):
        role = "deputy-team-manager" if staff_id.startswith("D") else "team-manager"
        population.staff[uuid4()] = (staff_id, StaffFacts(role, team))
    return population


@settings(max_examples=200, deadline=None)
@given(populations(), st.integers(1, 40), st.integers(0, 2**32))
def test_a_sample_never_holds_a_case_audited_in_the_last_12_months(
    population: Population, size: int, seed: int
) -> None:
    drawn = draw_sample(population.eligible(DRAW_DAY, 12), size, seed)
    since = add_months(DRAW_DAY, -12)
    recently_audited = {
        audit.case_ref
        for audit in population.audits.values()
        if audit.started_on and since < audit.started_on <= DRAW_DAY
    }
    assert not set(drawn) & recently_audited
    assert len(drawn) == len(set(drawn))


@settings(max_examples=200, deadline=None)
@given(
    populations(),
    st.integers(0, 2**32),
    st.permutations(["TM1", "TM2", "DTM3", "SW1", "SW2", "SW3", "HOS1", "HOS2"]),
)
def test_no_case_is_allocated_to_its_worker_or_a_manager_of_its_team(
    population: Population, seed: int, auditors: list[str]
) -> None:
    drawn = draw_sample(population.eligible(DRAW_DAY, 12), len(auditors), seed)
    cases = [population.to_allocate(ref, DRAW_DAY) for ref in drawn]
    try:
        allocation = allocate(cases, auditors[: len(cases)])
    except NoFairAllocation:
        return
    managers = {facts.team: staff_id for staff_id, facts in population.staff.values()}
    for ref, auditor in allocation.items():
        case = population.cases[Case.id_for(ref)]
        assert auditor != case.worker
        assert auditor != managers[case.team]
    assert len(set(allocation.values())) == len(allocation)


# §3.6: pairs of team managers across districts.

managers_named = st.lists(
    st.tuples(st.sampled_from(["TM1", "TM2", "TM3", "TM4", "TM5"]),
              st.sampled_from(DISTRICTS)),
    min_size=1, max_size=5, unique_by=lambda m: m[0],
)  # fmt: skip
cases_drawn = st.lists(
    st.tuples(st.integers(0, 999).map(lambda n: f"LL-{n}"), st.sampled_from(DISTRICTS)),
    max_size=12,
)


@given(cases_drawn, managers_named)
def test_each_case_is_paired_across_districts_led_from_outside_its_own(
    cases: list[tuple[str, str]], managers: list[tuple[str, str]]
) -> None:
    district = dict(managers)
    try:
        pairs = pair_across_districts(cases, managers)
    except NoPairAcrossDistricts:
        assert len(set(district.values())) < 2  # refused only then
        return
    assert len(pairs) == len(cases)
    for (_, case_district), (lead, joint) in zip(cases, pairs, strict=True):
        assert district[lead] != district[joint]
        assert district[lead] != case_district
    assert pair_across_districts(cases, managers) == pairs  # the same again


def test_the_pairing_shares_the_audits_among_the_managers() -> None:
    managers = [("TM1", "North"), ("TM2", "South"), ("TM3", "North"), ("TM4", "East")]
    cases = [(f"LL-{n}", "East") for n in range(4)]
    pairs = pair_across_districts(cases, managers)
    audits = Counter(person for pair in pairs for person in pair)
    assert audits == {"TM1": 2, "TM2": 2, "TM3": 2, "TM4": 2}
    assert all(
        district != "East" for district in (dict(managers)[lead] for lead, _ in pairs)
    )
