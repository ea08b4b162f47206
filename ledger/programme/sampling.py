"""Drawing audit samples that anyone can redraw, and allocating auditors.

Pure functions over plain data, so the rules can be checked exhaustively
(tests/test_sampling.py uses hypothesis). The draw is stratified by team in
proportion to each team's eligible cases (largest remainder), and within a
team it is ``random.Random(f"{seed}:{team}").sample`` over the sorted case
references: the same population and seed always give the same sample.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def proportional_quotas(sizes: Mapping[str, int], total: int) -> dict[str, int]:
    """Split ``total`` across strata in proportion to their ``sizes``.

    Largest-remainder rounding; ties go to the larger stratum, then by name,
    so the split is deterministic. No stratum gets more than it has.
    """
    population = sum(sizes.values())
    total = min(total, population)
    if total <= 0:
        return {name: 0 for name in sizes}
    exact = {name: total * size / population for name, size in sizes.items()}
    quotas = {name: int(share) for name, share in exact.items()}
    leftover = total - sum(quotas.values())
    by_remainder = sorted(
        sizes, key=lambda name: (-(exact[name] - quotas[name]), -sizes[name], name)
    )
    for name in by_remainder[:leftover]:
        quotas[name] += 1
    return quotas


def draw_sample(
    population: Mapping[str, Sequence[str]], size: int, seed: int
) -> list[str]:
    """Draw ``size`` case references, stratified by team, reproducibly."""
    quotas = proportional_quotas(
        {team: len(refs) for team, refs in population.items()}, size
    )
    drawn: list[str] = []
    for team in sorted(population):
        rng = random.Random(f"{seed}:{team}")
        drawn += rng.sample(sorted(population[team]), quotas[team])
    return drawn


@dataclass(frozen=True)
class CaseToAllocate:
    case_ref: str
    # People who may not audit this case: its allocated worker and the
    # managers of its team (§3.3, an independent view of the file).
    barred: frozenset[str]


class NoFairAllocation(Exception):
    def __init__(self, unallocated: list[str]) -> None:
        self.unallocated = unallocated
        super().__init__(", ".join(unallocated))


def allocate(
    cases: Sequence[CaseToAllocate], auditors: Sequence[str]
) -> dict[str, str]:
    """Give each case its own auditor, none of them barred from it.

    A maximum bipartite matching (augmenting paths), trying auditors in the
    order given, so the same input gives the same allocation. Raises
    ``NoFairAllocation`` naming the cases left without an auditor.
    """
    auditor_of: dict[str, str] = {}  # auditor -> case_ref
    eligible = {
        case.case_ref: [a for a in auditors if a not in case.barred] for case in cases
    }

    def place(case_ref: str, tried: set[str]) -> bool:
        for auditor in eligible[case_ref]:
            if auditor in tried:
                continue
            tried.add(auditor)
            holder = auditor_of.get(auditor)
            if holder is None or place(holder, tried):
                auditor_of[auditor] = case_ref
                return True
        return False

    unallocated = [case.case_ref for case in cases if not place(case.case_ref, set())]
    if unallocated:
        raise NoFairAllocation(unallocated)
    return {case_ref: auditor for auditor, case_ref in auditor_of.items()}


class NoPairAcrossDistricts(Exception):
    pass


def pair_across_districts(
    cases: Sequence[tuple[str, str]], managers: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """For each ``(case_ref, district)``, two team managers ``(lead, joint)``
    of different districts (§3.6), the lead from outside the case's district
    so each file has an outside view. Each is the fitting manager with the
    fewest audits so far, the first named on a tie, so the work is shared
    and the same input gives the same pairs."""
    if len({district for _, district in managers}) < 2:
        raise NoPairAcrossDistricts("name team managers of at least two districts")
    load = [0] * len(managers)

    def least_loaded(not_of: str) -> int | None:
        """The least loaded manager not of district ``not_of``."""
        fitting = [i for i, (_, d) in enumerate(managers) if d != not_of]
        return min(fitting, key=lambda i: (load[i], i)) if fitting else None

    pairs = []
    for case_ref, case_district in cases:
        lead = least_loaded(not_of=case_district)
        if lead is None:
            raise NoPairAcrossDistricts(
                f"every team manager named is of district {case_district}, the "
                f"district of {case_ref}; name one from another district to lead"
            )
        joint = least_loaded(not_of=managers[lead][1])
        assert joint is not None  # there are two districts at least
        load[lead] += 1
        load[joint] += 1
        pairs.append((managers[lead][0], managers[joint][0]))
    return pairs
