"""A small, plausible year of one council's oversight, through the real rules.

The same seed gives the same ledger: every choice comes from one seeded
``random.Random`` and every date from the chosen start date.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.vocabulary import Grade, Team

DEMO_TEAMS = [
    Team.REFERRAL_AND_ASSESSMENT,
    Team.SAFEGUARDING,
    Team.LOOKED_AFTER_CHILDREN,
    Team.LEAVING_CARE,
]
DISTRICTS = ["North", "South"]
# Gradings improve through the year: weights for the first and second half.
GRADE_WEIGHTS = {
    1: [1, 5, 4, 2],
    2: [2, 6, 3, 1],
}
THEMES = ["Child's voice", "Care planning", "Management oversight", "Chronologies"]


@dataclass
class DemoSummary:
    counts: Counter[str] = field(default_factory=Counter)
    events: int = 0

    def lines(self) -> list[str]:
        return [f"{what}: {n}" for what, n in self.counts.items()] + [
            f"events recorded: {self.events}"
        ]


def generate(
    ledger: QALedger,
    *,
    seed: int,
    start: date,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    rng = random.Random(seed)
    summary = DemoSummary()
    count = summary.counts

    ledger.init(admin_id="ADM1", name="Alex Admin", on=start)
    join = ledger.join_staff
    join(
        "ADM1",
        staff_id="AD1",
        name="Asha Director",
        role="assistant-director",
        on=start,
    )
    join(
        "ADM1", staff_id="HOS1", name="Hannah Service", role="head-of-service", on=start
    )
    join("ADM1", staff_id="HOS2", name="Hugo Service", role="head-of-service", on=start)
    join("ADM1", staff_id="QA1", name="Quinn Assure", role="qa-officer", on=start)
    count["staff joined"] += 5

    managers: dict[Team, str] = {}
    workers: dict[Team, list[str]] = {}
    for number, team in enumerate(DEMO_TEAMS, start=1):
        district = DISTRICTS[number % 2]
        managers[team] = f"TM{number}"
        join(
            "ADM1",
            staff_id=f"TM{number}",
            name=f"Team Manager {number}",
            role="team-manager",
            team=team.value,
            district=district,
            on=start,
        )
        workers[team] = []
        for w in range(1, 4):
            staff_id = f"SW{number}{w}"
            join(
                "ADM1",
                staff_id=staff_id,
                name=f"Social Worker {number}{w}",
                role="social-worker",
                team=team.value,
                district=district,
                on=start,
            )
            workers[team].append(staff_id)
        count["staff joined"] += 4
    progress("staff joined")

    cases: list[tuple[str, Team]] = []
    for n in range(1, 41):
        team = DEMO_TEAMS[n % len(DEMO_TEAMS)]
        ref = f"LL-{200000 + n * 37}"
        opened = start + timedelta(days=rng.randrange(0, 20))
        ledger.open_case(
            managers[team],
            case_ref=ref,
            team=team.value,
            district=DISTRICTS[n % 2],
            worker=rng.choice(workers[team]),
            on=opened,
        )
        cases.append((ref, team))
        count["cases opened"] += 1
    progress("cases opened")

    for half in (1, 2):
        cycle_start = add_months(start, 1 if half == 1 else 7)
        sample = rng.sample(cases, 8)
        for ref, team in sample:
            auditor = managers[rng.choice([t for t in DEMO_TEAMS if t != team])]
            _whole_case_file_audit(
                ledger,
                rng,
                summary,
                half,
                cycle_start,
                ref,
                team,
                auditor,
                managers[team],
                workers,
            )
        progress(f"audit cycle {half} done")

    for month in range(2, 12, 3):
        ref, team = rng.choice(cases)
        day = add_months(start, month)
        audit_id = ledger.schedule_audit(
            "QA1",
            kind="thematic",
            auditor="HOS1",
            week=day,
            case_ref=ref,
            theme=rng.choice(THEMES),
            on=day,
        )
        ledger.start_audit("HOS1", audit_id=audit_id, on=day)
        if month == 2:  # the year's first thematic audit is reallocated
            ledger.cancel_audit(
                "QA1",
                audit_id=audit_id,
                reason="Auditor reallocated",
                on=day + timedelta(days=1),
            )
            count["audits cancelled"] += 1
            continue
        ledger.assess_section(
            "HOS1",
            audit_id=audit_id,
            section="Theme",
            finding="Evidence found in most records",
            on=day,
        )
        ledger.complete_audit(
            "HOS1",
            audit_id=audit_id,
            findings="Theme embedded",
            on=day + timedelta(days=2),
        )
        count["thematic audits completed"] += 1

    for ref, team in rng.sample(cases, 6):
        ledger.close_case(
            managers[team],
            case_ref=ref,
            reason="Needs met",
            function="case-closure",
            on=add_months(start, 11),
        )
        count["cases closed"] += 1
    ledger.leave_staff(
        "ADM1", staff_id=workers[DEMO_TEAMS[0]][0], on=add_months(start, 11)
    )
    count["staff left"] += 1
    summary.events = ledger.position()
    return summary


def _whole_case_file_audit(
    ledger: QALedger,
    rng: random.Random,
    summary: DemoSummary,
    half: int,
    week: date,
    ref: str,
    team: Team,
    auditor: str,
    team_manager: str,
    workers: dict[Team, list[str]],
) -> None:
    count = summary.counts
    day = week
    audit_id = ledger.schedule_audit(
        "QA1",
        kind="whole-case-file",
        auditor=auditor,
        week=week,
        case_ref=ref,
        on=week - timedelta(14),
    )
    ledger.start_audit(auditor, audit_id=audit_id, on=day)
    ledger.assess_section(
        auditor,
        audit_id=audit_id,
        section="Assessment",
        finding="Assessment current",
        on=day,
    )
    grade = rng.choices(Grade.choices(), weights=GRADE_WEIGHTS[half])[0]
    ledger.grade_audit(auditor, audit_id=audit_id, grade=grade, on=day)
    count[f"graded {grade}"] += 1
    if grade == Grade.INADEQUATE:
        ledger.raise_concern(
            auditor,
            audit_id=audit_id,
            concern="Visits overdue",
            team_manager=team_manager,
            on=day,
        )
        count["urgent concerns"] += 1
    ledger.give_feedback(
        auditor,
        audit_id=audit_id,
        summary="Findings discussed",
        team_manager=team_manager,
        on=day + timedelta(days=1),
    )
    ledger.send_alert(
        auditor,
        audit_id=audit_id,
        team_manager=team_manager,
        head_of_service="HOS1",
        on=day + timedelta(days=1),
    )
    ledger.record_audit_on_case_system(
        auditor, audit_id=audit_id, note="Audit noted on case", on=day
    )
    if grade != Grade.OUTSTANDING:
        owner = rng.choice(workers[team])
        action_id = ledger.set_action(
            auditor,
            audit_id=audit_id,
            owner=owner,
            description="Update the plan with timescales",
            on=day + timedelta(days=1),
        )
        count["actions set"] += 1
        first = day + timedelta(days=rng.choice([20, 27, 40]))
        ledger.review_action(
            team_manager,
            action_id=action_id,
            outcome="on-track",
            note="Progress seen",
            on=first,
        )
        second = first + timedelta(days=30)
        ledger.review_action(
            team_manager,
            action_id=action_id,
            outcome="achieved",
            note="Plan updated",
            on=second,
        )
        count["follow-ups reviewed"] += 2
        if rng.random() < 0.8:
            ledger.complete_action(owner, action_id=action_id, on=second)
            count["actions completed"] += 1
        else:
            ledger.escalate_action(
                team_manager, action_id=action_id, reason="Drift", on=second
            )
            count["actions escalated"] += 1
    if rng.random() < 0.4:
        # Moderators mostly agree, and otherwise move the grade one step.
        grades = Grade.choices()
        index = grades.index(grade) + rng.choice([-1, 0, 0, 1])
        new_grade = grades[min(max(index, 0), len(grades) - 1)]
        ledger.moderate_grading(
            "HOS2",
            audit_id=audit_id,
            replaces=grade,
            grade=new_grade,
            rationale="Moderation panel view",
            on=day + timedelta(days=10),
        )
        count["gradings moderated"] += 1
    ledger.complete_audit(
        auditor,
        audit_id=audit_id,
        findings="Key findings noted",
        on=day + timedelta(days=12),
    )
    count["whole case file audits completed"] += 1
