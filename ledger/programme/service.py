"""Commands on the audit programme: cycles, samples, allocation, thematic
schedules and heads of service's monthly samples (§3.1 to §3.6)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from ledger.audits.action import Action
from ledger.audits.audit import Audit
from ledger.base import Service
from ledger.dates import add_months, week_start
from ledger.errors import (
    AllocationRefused,
    DateTooEarly,
    IdAlreadyUsed,
    InvalidValue,
    NoSuchCycle,
    NoSuchSample,
)
from ledger.events import Attribution
from ledger.ids import ACTION_PREFIX, AUDIT_PREFIX
from ledger.programme.across_districts import CrossDistrictSample
from ledger.programme.cycle import (
    AuditCycle,
    HeadOfServiceSample,
    ThematicSchedule,
    check_period,
)
from ledger.programme.population import read_population
from ledger.programme.sampling import (
    NoFairAllocation,
    NoPairAcrossDistricts,
    allocate,
    draw_sample,
    pair_across_districts,
)
from ledger.vocabulary import AuditKind, Team

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ProgrammeService(Service):
    """``qaledger cycle``: audit cycles, their samples and allocation,
    thematic schedules and heads of service's monthly samples."""

    def open_cycle(
        self,
        actor: str,
        *,
        period: str,
        target_size: int | None = None,
        on: date | None = None,
    ) -> str:
        by = self.app.attribute("cycle open", actor, on)
        period = check_period(period)
        size = target_size or self.app.settings.sample_size
        if size < 1:
            raise InvalidValue("a cycle's target sample size must be 1 or more")
        if self.app.exists(AuditCycle.id_for(period)):
            raise IdAlreadyUsed("audit cycle", period)
        self.app.save_all(AuditCycle.open(by, period=period, target_size=size))
        return period

    def draw_sample(
        self,
        actor: str,
        *,
        period: str,
        seed: int | None = None,
        on: date | None = None,
    ) -> dict[str, Any]:
        """Draw the cycle's random sample of open cases, stratified by team."""
        by = self.app.attribute("cycle draw", actor, on)
        cycle = self.audit_cycle(period)
        sample = self.drawn_sample(by, seed=seed, size=cycle.target_size, team=None)
        cycle.draw_sample(by, sample=sample)
        self.app.save_all(cycle)
        return self.audit_cycle(period).as_dict()["sample"]  # type: ignore[no-any-return]

    def allocate(
        self,
        actor: str,
        *,
        period: str,
        auditors: list[str],
        week: date,
        on: date | None = None,
    ) -> dict[str, dict[str, str]]:
        """Give each drawn case its own auditor and schedule its audit."""
        by = self.app.attribute("cycle allocate", actor, on)
        cycle = self.audit_cycle(period)
        cycle.check_open()
        if cycle.sample is None:
            raise AllocationRefused(f"draw the sample for {cycle.period} first")
        drawn: list[str] = cycle.sample["drawn"]
        if len(set(auditors)) != len(auditors):
            raise AllocationRefused(
                "each auditor audits one case; an auditor is repeated"
            )
        if len(auditors) != len(drawn):
            raise AllocationRefused(
                f"{len(drawn)} cases were drawn for {cycle.period} but "
                f"{len(auditors)} auditors given; give one auditor per case"
            )
        for auditor in auditors:
            self.app.audits.check_auditor_role(
                auditor, by.occurred_on, AuditKind.WHOLE_CASE_FILE
            )
        population = read_population(self.app, self.app.position())
        cases = [population.to_allocate(ref, by.occurred_on) for ref in drawn]
        try:
            auditor_for = allocate(cases, auditors)
        except NoFairAllocation as refusal:
            raise AllocationRefused(
                "no fair allocation: these cases have no auditor who is neither "
                f"their allocated worker nor a manager of their team: {refusal}"
            ) from None

        files = {ref: self.app.cases.case_file(ref) for ref in drawn}

        def scheduled(audit_ids: list[str]) -> list[Any]:
            current = self.audit_cycle(period)
            allocations = {
                ref: {"auditor": auditor_for[ref], "audit_id": audit_id}
                for ref, audit_id in zip(drawn, audit_ids, strict=True)
            }
            current.allocate(by, allocations=allocations, week=week_start(week))
            audits = [
                Audit.schedule(
                    by,
                    audit_id=plan["audit_id"],
                    kind=AuditKind.WHOLE_CASE_FILE,
                    case_ref=ref,
                    supervisee=None,
                    auditor=plan["auditor"],
                    week=week_start(week),
                    theme=None,
                    cycle=current.period,
                    team=files[ref].team,
                    district=files[ref].district,
                )
                for ref, plan in allocations.items()
            ]
            return [current, *audits]

        self.app.save_with_new_ids(AUDIT_PREFIX, len(drawn), by, scheduled)
        return self.audit_cycle(period).allocations

    def close_cycle(
        self,
        actor: str,
        *,
        period: str,
        findings: str,
        actions: list[tuple[str, str]],
        on: date | None = None,
    ) -> list[str]:
        """Close the cycle with its key findings and action plan; each planned
        action (owner, description) becomes an action due a month later."""
        by = self.app.attribute("cycle close", actor, on)
        cycle = self.audit_cycle(period)
        cycle.check_open()
        for owner, description in actions:
            self.app.employed_staff_member(owner, by.occurred_on)
            if not description.strip():
                raise InvalidValue(f"the action for {owner} needs a description")
        due = add_months(by.occurred_on, self.app.settings.action_due_months)

        def closed(action_ids: list[str]) -> list[Any]:
            current = self.audit_cycle(period)
            current.close(by, findings=findings.strip(), action_ids=action_ids)
            planned = [
                Action.set(
                    by,
                    action_id=action_id,
                    source_audit=None,
                    source_cycle=current.period,
                    case_ref=None,
                    owner=owner,
                    description=description.strip(),
                    due_on=due,
                )
                for action_id, (owner, description) in zip(
                    action_ids, actions, strict=True
                )
            ]
            return [current, *planned]

        if not actions:
            cycle.close(by, findings=findings.strip(), action_ids=[])
            self.app.save_all(cycle)
            return []
        return self.app.save_with_new_ids(ACTION_PREFIX, len(actions), by, closed)

    def plan_thematic(
        self,
        actor: str,
        *,
        month: str,
        theme: str,
        week: date,
        auditors: list[str],
        findings_due_on: date,
        on: date | None = None,
    ) -> str:
        """Put a month's thematic audit on the schedule (§3.2)."""
        by = self.app.attribute("cycle thematic", actor, on)
        month = check_month(month)
        if not theme.strip():
            raise InvalidValue("a thematic audit needs a theme")
        if week.strftime("%Y-%m") != month:
            raise InvalidValue(f"the audit week {week} is not in {month}")
        if findings_due_on < week:
            raise DateTooEarly(
                f"findings due on {findings_due_on} would be before the audit "
                f"week {week}"
            )
        if not auditors:
            raise InvalidValue("name at least one auditor")
        for auditor in auditors:
            self.app.audits.check_auditor_role(
                auditor, by.occurred_on, AuditKind.THEMATIC
            )
        schedule = ThematicSchedule.plan(
            by,
            month=month,
            theme=theme.strip(),
            week=week_start(week),
            auditors=list(auditors),
            findings_due_on=findings_due_on,
        )
        if self.app.exists(schedule.id):
            raise IdAlreadyUsed("thematic schedule", schedule.key)
        self.app.save_all(schedule)
        return schedule.key

    def draw_hos_sample(
        self,
        actor: str,
        *,
        team: str,
        month: str,
        size: int,
        week: date,
        seed: int | None = None,
        on: date | None = None,
    ) -> dict[str, Any]:
        """A head of service draws a random sample of a team's open cases and
        schedules their own audits of them (§3.5)."""
        by = self.app.attribute("cycle hos-sample", actor, on)
        team_ = Team.parse(team).value
        month = check_month(month)
        if size < 1:
            raise InvalidValue("a sample needs at least one case")
        key = HeadOfServiceSample.key_for(month, team_)
        if self.app.exists(HeadOfServiceSample.id_for(key)):
            raise IdAlreadyUsed("head of service sample", key)
        sample = self.drawn_sample(by, seed=seed, size=size, team=team_)

        files = {ref: self.app.cases.case_file(ref) for ref in sample["drawn"]}

        def drawn(audit_ids: list[str]) -> list[Any]:
            audits = [
                Audit.schedule(
                    by,
                    audit_id=audit_id,
                    kind=AuditKind.HOS_RANDOM_SAMPLE,
                    case_ref=ref,
                    supervisee=None,
                    auditor=by.actor_id,
                    week=week_start(week),
                    theme=None,
                    team=team_,
                    district=files[ref].district,
                )
                for audit_id, ref in zip(audit_ids, sample["drawn"], strict=True)
            ]
            record = HeadOfServiceSample.draw(
                by, month=month, team=team_, sample=sample, audit_ids=audit_ids
            )
            return [record, *audits]

        self.app.save_with_new_ids(AUDIT_PREFIX, len(sample["drawn"]), by, drawn)
        return self.show_hos_sample(key)

    def draw_cross_district_sample(
        self,
        actor: str,
        *,
        month: str,
        theme: str,
        managers: list[str],
        size: int,
        week: date,
        team: str | None = None,
        seed: int | None = None,
        on: date | None = None,
    ) -> dict[str, Any]:
        """§3.6: a random thematic sample across districts (in proportion to
        each district's eligible cases), each case audited jointly by two of
        ``managers``, team managers of different districts."""
        by = self.app.attribute("cycle cross-district", actor, on)
        month = check_month(month)
        theme = theme.strip()
        if not theme:
            raise InvalidValue("a cross-district thematic audit needs a theme")
        if size < 1:
            raise InvalidValue("a sample needs at least one case")
        team_ = Team.parse(team).value if team is not None else None
        key = CrossDistrictSample.key_for(month)
        if self.app.exists(CrossDistrictSample.id_for(key)):
            raise IdAlreadyUsed("cross-district sample", key)
        kind = AuditKind.CROSS_DISTRICT_THEMATIC
        named = []
        for staff_id in dict.fromkeys(managers):
            self.app.audits.check_auditor_role(staff_id, by.occurred_on, kind)
            member = self.app.employed_staff_member(staff_id, by.occurred_on)
            named.append((member.staff_id, member.district or ""))
        sample = self.drawn_sample(
            by, seed=seed, size=size, team=team_, by_district=True
        )
        files = {ref: self.app.cases.case_file(ref) for ref in sample["drawn"]}
        try:
            pairs = pair_across_districts(
                [(ref, files[ref].district) for ref in sample["drawn"]], named
            )
        except NoPairAcrossDistricts as refused:
            raise InvalidValue(
                f"a cross-district audit is by team managers of different "
                f"districts: {refused}"
            ) from None

        def drawn(audit_ids: list[str]) -> list[Any]:
            audits = [
                Audit.schedule(
                    by,
                    audit_id=audit_id,
                    kind=kind,
                    case_ref=ref,
                    supervisee=None,
                    auditor=lead,
                    joint_auditor=joint,
                    week=week_start(week),
                    theme=theme,
                    team=files[ref].team,
                    district=files[ref].district,
                )
                for audit_id, ref, (lead, joint) in zip(
                    audit_ids, sample["drawn"], pairs, strict=True
                )
            ]
            record = CrossDistrictSample.draw(
                by,
                month=month,
                theme=theme,
                team=team_,
                sample=sample,
                audits=[
                    {
                        "case_ref": a.case_ref or "",
                        "audit_id": a.audit_id,
                        "auditor": a.auditor,
                        "joint_auditor": a.joint_auditor or "",
                    }
                    for a in audits
                ],
            )
            return [record, *audits]

        self.app.save_with_new_ids(AUDIT_PREFIX, len(sample["drawn"]), by, drawn)
        return self.show_cross_district_sample(key)

    def redraw_check(self, key: str) -> dict[str, Any]:
        """Redraw a recorded sample from the log and compare.

        Two checks: the population read from the log at the recorded position
        is the recorded population, and drawing from it with the recorded
        seed gives the recorded cases.
        """
        record = self.sample_record(key)
        sample = record["sample"]
        population = read_population(self.app, sample["as_of_position"]).eligible(
            date.fromisoformat(sample["drawn_on"]),
            sample["look_back_months"],
            team=record.get("team"),
            by_district=record.get("by_district", False),
        )
        redrawn = draw_sample(population, sample["size"], sample["seed"])
        return {
            "sample": key,
            "seed": sample["seed"],
            "as_of_position": sample["as_of_position"],
            "population_size": sum(len(refs) for refs in population.values()),
            "population_matches": population == sample["population"],
            "sample_matches": redrawn == sample["drawn"],
            "drawn": sample["drawn"],
            "redrawn": redrawn,
        }

    def cycle_opened(self, period: str) -> bool:
        """Whether the whole case file audit cycle of ``period`` was opened."""
        return self.app.exists(AuditCycle.id_for(check_period(period)))

    def show_cycle(self, period: str) -> dict[str, Any]:
        return self.audit_cycle(period).as_dict()

    def show_cross_district_sample(self, key: str) -> dict[str, Any]:
        return self.app.load(
            CrossDistrictSample, CrossDistrictSample.id_for(key), NoSuchSample(key)
        ).as_dict()

    def show_hos_sample(self, key: str) -> dict[str, Any]:
        return self.app.load(
            HeadOfServiceSample, HeadOfServiceSample.id_for(key), NoSuchSample(key)
        ).as_dict()

    # Shared by the commands above.

    def audit_cycle(self, period: str) -> AuditCycle:
        period = check_period(period)
        return self.app.load(AuditCycle, AuditCycle.id_for(period), NoSuchCycle(period))

    def sample_record(self, key: str) -> dict[str, Any]:
        """A cycle (``2026H2``), a head of service sample (``2026-11/team``)
        or a cross-district one (``2026-11/across-districts``)."""
        if CrossDistrictSample.is_key(key):
            return self.show_cross_district_sample(key)
        if "/" in key:
            return self.show_hos_sample(key)
        record = self.show_cycle(key)
        if record["sample"] is None:
            raise NoSuchSample(key)
        return record

    def drawn_sample(
        self,
        by: Attribution,
        *,
        seed: int | None,
        size: int,
        team: str | None,
        by_district: bool = False,
    ) -> dict[str, Any]:
        position = self.app.position()
        look_back = self.app.settings.look_back_months
        cases = read_population(self.app, position)
        population = cases.eligible(
            by.occurred_on, look_back, team=team, by_district=by_district
        )
        if not any(population.values()):
            raise EmptyPopulation(
                team, by.occurred_on, cases.open_on(by.occurred_on, team), look_back
            )
        chosen_seed = seed if seed is not None else secrets.randbelow(10**9)
        return {
            "seed": chosen_seed,
            "size": size,
            "as_of_position": position,
            "look_back_months": look_back,
            "population": population,
            "drawn": draw_sample(population, size, chosen_seed),
        }


class EmptyPopulation(InvalidValue):
    """A sample cannot be drawn from no cases; say why there are none."""

    def __init__(self, team: str | None, on: date, open_cases: int, months: int):
        where = f"{team} has" if team else "there are"
        if open_cases == 0:
            why = f"{where} no open cases on {on}"
        else:
            why = (
                f"{where} {open_cases} open case(s) on {on}, but every one was "
                f"audited in the last {months} months or has an audit scheduled"
            )
        super().__init__(f"no case is eligible for a sample: {why}; nothing drawn")


def check_month(month: str) -> str:
    month = month.strip()
    if not MONTH.match(month):
        raise InvalidValue(f"month {month!r} must look like 2026-11")
    return month
