"""Large ledgers for benchmarks, fast: real aggregates and their real events
(the domain's own methods, so every event decodes and projects as in use),
saved through the store many aggregates per transaction. The application's
per-command checks are skipped: they are what bench_commands measures.

One "team block" is a team manager, five social workers with their cases,
supervision, §2.2 triggers and decisions, audits through their lifecycle and
actions with follow-ups: about 600 events.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ledger.application import QALedger
from ledger.audits.action import Action
from ledger.audits.audit import Audit
from ledger.cases.case import Case
from ledger.events import Attribution
from ledger.staff.member import StaffMember
from ledger.supervision.file import SupervisionFile
from ledger.vocabulary import (
    AuditKind,
    DecisionFunction,
    FollowUpOutcome,
    Grade,
    Trigger,
)

START = date(2025, 1, 6)
TEAMS = ("safeguarding", "looked-after-children", "referral-and-assessment")
GRADES = list(Grade)


def team_block(block: int, rng: random.Random) -> Iterator[list[Any]]:
    """The aggregates of one team block, in groups saved together."""
    team = TEAMS[block % len(TEAMS)]
    manager = f"B{block}-TM"
    admin = Attribution("ADM1", "administrator", START)
    as_manager = Attribution(manager, "team-manager", START)
    staff = [
        StaffMember.join(
            admin,
            staff_id=manager,
            name=manager,
            role="team-manager",
            team=team,
            district="North",
        )
    ]
    workers = [f"B{block}-SW{n}" for n in range(5)]
    staff += [
        StaffMember.join(
            admin, staff_id=w, name=w, role="social-worker", team=team, district="North"
        )
        for w in workers
    ]
    yield staff
    for w_index, worker in enumerate(workers):
        file = SupervisionFile.open(as_manager, supervisee=worker)
        for month in range(12):
            day = START + timedelta(days=28 * month + rng.randrange(0, 10))
            file.record_supervision(
                Attribution(manager, "team-manager", day),
                cases_discussed=[],
                decisions_recorded_on_child_files=True,
                reflective_discussion_held=rng.random() < 0.8,
                note="",
            )
        group: list[Any] = [file]
        for c in range(16):
            ref = f"B{block}-{w_index}-{c}"
            case = Case.open(
                as_manager,
                case_ref=ref,
                team=team,
                district="North",
                allocated_worker=worker,
            )
            day = START + timedelta(days=rng.randrange(10, 300))
            by = Attribution(manager, "team-manager", day)
            case.record_trigger(by, trigger=Trigger.CP_CONFERENCE, note="")
            if rng.random() < 0.8:
                case.record_decision(
                    by,
                    kind=Trigger.CP_CONFERENCE,
                    function=DecisionFunction.CASE_MANAGEMENT_DECISION,
                    decided_by=manager,
                    rationale="Threshold met",
                )
            group.append(case)
            if c % 4 == 0:
                group += audited(f"{ref}-A", ref, team, day, rng, manager)
        yield group


def audited(
    audit_id: str, case_ref: str, team: str, day: date, rng: random.Random, manager: str
) -> list[Any]:
    auditor = Attribution("HOS1", "head-of-service", day)
    audit = Audit.schedule(
        auditor,
        audit_id=audit_id,
        kind=AuditKind.WHOLE_CASE_FILE,
        case_ref=case_ref,
        supervisee=None,
        auditor="HOS1",
        week=day,
        theme=None,
        cycle="2025H1",
        team=team,
        district="North",
    )
    audit.start(auditor, look_back_months=12)
    audit.give_grading(auditor, grade=rng.choice(GRADES))
    audit.give_feedback(auditor, summary="s", social_worker="SW", team_manager=manager)
    audit.send_alert(auditor, team_manager=manager, head_of_service="HOS2")
    action = Action.set(
        auditor,
        action_id=f"{audit_id}-X",
        source_audit=audit_id,
        case_ref=case_ref,
        owner=manager,
        description="Plan",
        due_on=day + timedelta(days=30),
    )
    audit.agree_action(auditor, action_id=action.action_id)
    for weeks in (3, 8):
        action.review_follow_up(
            Attribution(manager, "team-manager", day + timedelta(weeks=weeks)),
            outcome=FollowUpOutcome.ON_TRACK,
            note="seen",
        )
    action.complete(
        Attribution(manager, "team-manager", day + timedelta(weeks=9)), note=""
    )
    audit.complete(auditor, findings="")
    return [audit, action]


def fill(app: QALedger, events: int, seed: int = 1) -> int:
    """Add team blocks until the ledger holds at least ``events`` events."""
    rng = random.Random(seed)
    block = 0
    while app.position() < events:
        for group in team_block(block, rng):
            app.save(*group)
        block += 1
    return app.position()
