"""The year: the council set up, every month's activities booked, and the
diary worked through."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.demo.cases import open_caseload, plan_referrals
from ledger.demo.complaints import plan_complaints_and_compliments
from ledger.demo.council import Council
from ledger.demo.cycles import plan_audit_cycles
from ledger.demo.decisions import review_caseload
from ledger.demo.diary import Diary
from ledger.demo.meetings import hold_meeting
from ledger.demo.programme import (
    cross_district_audits,
    draw_hos_samples,
    family_support_audits,
    plan_thematic_month,
    supervision_file_audits,
)
from ledger.demo.staff import join_staff, plan_staff_changes
from ledger.demo.summary import DemoSummary
from ledger.demo.supervision import plan_for_member, record_survey
from ledger.errors import InvalidValue


def generate(
    ledger: QALedger,
    *,
    seed: int,
    start: date,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """Record a year of one council's oversight from ``start`` into the empty
    ``ledger``; the year must be over by today."""
    end = add_months(start, 12) - timedelta(days=1)
    if end > ledger.today():
        raise InvalidValue(
            f"the demo year {start} to {end} is not over yet (today is "
            f"{ledger.today()}); start it at least a year ago"
        )
    council = Council(
        ledger=ledger,
        rng=random.Random(seed),
        seed=seed,
        start=start,
        end=end,
        diary=Diary(end),
        summary=DemoSummary(),
    )
    book_progress(council, progress)
    join_staff(council)
    plan_staff_changes(council)
    open_caseload(council)
    for month in range(12):
        plan_month(council, month)
    for member in list(council.staff.values()):
        plan_for_member(council, member)
    plan_audit_cycles(council)
    council.book(council.month(8, 20), partial(record_survey, council))
    council.diary.run()
    council.summary.events = ledger.position()
    progress(f"year complete: {council.summary.events} events")
    return council.summary


def book_progress(c: Council, progress: Callable[[str], None]) -> None:
    def report(month_start: date, _: date) -> None:
        previous = add_months(month_start, -1)
        progress(f"{previous:%B %Y}: {c.ledger.position()} events so far")

    # Booked first, so each runs before anything else on its day.
    for month in range(1, 12):
        first = c.month(month)
        c.diary.book(first, partial(report, first))


def plan_month(c: Council, month: int) -> None:
    first = c.month(month)
    c.book(first, partial(plan_referrals, c))
    c.book(c.month(month, 3), partial(review_caseload, c))
    c.book(first, partial(plan_thematic_month, c, month))
    c.book(c.month(month, 8), partial(draw_hos_samples, c, month))
    c.book(c.month(month, 2), partial(plan_complaints_and_compliments, c))
    c.book(c.month(month, 24), partial(hold_meeting, c, month))
    if month % 3 == 0:
        c.book(c.month(month, 10), partial(family_support_audits, c))
    if month in (5, 10):
        c.book(c.month(month, 12), partial(cross_district_audits, c))
    if month == 9:
        c.book(c.month(month, 6), partial(supervision_file_audits, c))
