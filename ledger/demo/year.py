"""The years: each council set up, every year's activities booked, and the
diary worked through a year at a time."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import partial

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.demo.cases import open_caseload, plan_referrals
from ledger.demo.complaints import plan_complaints_and_compliments
from ledger.demo.council import ADMIN, DISTRICT_NAMES, Council
from ledger.demo.cycles import plan_audit_cycles
from ledger.demo.decisions import review_caseload
from ledger.demo.diary import Diary, derived_seed
from ledger.demo.meetings import hold_meeting
from ledger.demo.programme import (
    cross_district_audits,
    draw_hos_samples,
    family_support_audits,
    plan_thematic_month,
    supervision_file_audits,
)
from ledger.demo.staff import join_staff, plan_later_changes, plan_staff_changes
from ledger.demo.summary import DemoSummary
from ledger.demo.supervision import (
    plan_for_member,
    plan_year_for_member,
    record_survey,
)
from ledger.errors import InvalidValue
from ledger.progress import Progress, no_progress

# How big a council sharing a ledger is: districts, and social workers and
# cases per team and district as multiples of the demo council's (1 and 2).
# The months of council oversight recorded so far, of all there are to record.
RECORDING = "recording months"
DISTRICT_CHOICES = (2, 3, 3, 4, 4, 5, 6)
SIZE_CHOICES = (3, 3, 4, 4, 5, 6)


def generate(
    ledger: QALedger,
    *,
    seed: int,
    start: date,
    progress: Progress = no_progress,
    councils: int = 1,
    years: int = 1,
) -> DemoSummary:
    """Record ``years`` years of the oversight of ``councils`` councils from
    ``start`` into the empty ``ledger``; the last year may end today at the
    latest (the ledger records nothing in the future).

    One council is the demo council; several share the ledger, each with its
    own prefix (``C001``) on staff ids, case references and districts, and a
    size drawn from the seed."""
    if councils < 1 or years < 1:
        raise InvalidValue("give at least one council and one year")
    end = last_day(start, years)
    today = ledger.today()
    if end > today:
        what = "year" if years == 1 else f"{years} years"
        raise InvalidValue(
            f"the demo {what} {start} to {end} is not over yet (today is "
            f"{today}); start it on {latest_start(years, today)} or earlier, "
            "so it ends by today"
        )
    diary = Diary(end)
    summary = DemoSummary()
    if councils > 1:
        ledger.staff.init(admin_id=ADMIN, name="Alex Admin", on=start)
        summary.counts["staff joined"] += 1
    every = [
        council(ledger, seed, start, diary, summary, n, councils)
        for n in range(councils)
    ]
    for year in range(years):
        first = add_months(start, 12 * year)
        last = last_day(start, year + 1)
        for n, c in enumerate(every):
            c.start, c.end = first, last
            if n == 0:
                book_progress(c, progress, year, years)
            if year == 0:
                plan_first_year(c, survey=n == 0)
            else:
                plan_later_year(c, survey=n == 0)
        diary.run(until=last)
        progress(RECORDING, 12 * (year + 1), 12 * years)
    summary.events = ledger.position()
    return summary


def last_day(start: date, years: int) -> date:
    """The last day of ``years`` years from ``start``: the day before the
    start's anniversary."""
    return add_months(start, 12 * years) - timedelta(days=1)


def latest_start(years: int, today: date) -> date:
    """The first day of the ``years`` years that end today: the day after
    the same day ``years`` years ago, so one year is the 365 or 366 days up
    to and including today.

    On 28 February of a leap year that day is 1 March, whose year ends on
    the 29th, after today; no start's year ends on the 28th then, so the
    years start a day earlier and end yesterday."""
    start = add_months(today, -12 * years) + timedelta(days=1)
    if last_day(start, years) > today:
        start -= timedelta(days=1)
    return start


def council(
    ledger: QALedger,
    seed: int,
    start: date,
    diary: Diary,
    summary: DemoSummary,
    n: int,
    councils: int,
) -> Council:
    end = last_day(start, 1)
    if councils == 1:
        rng = random.Random(seed)
        return Council(ledger, rng, seed, start, end, diary, summary, first_day=start)
    code = f"C{n + 1:03d}"
    rng = random.Random(derived_seed(seed, f"council/{code}"))
    districts = DISTRICT_NAMES[: rng.choice(DISTRICT_CHOICES)]
    return Council(
        ledger,
        rng,
        seed,
        start,
        end,
        diary,
        summary,
        code=code,
        districts=tuple(f"{code} {name}" for name in districts),
        size=rng.choice(SIZE_CHOICES),
        joint=True,
        first_day=start,
    )


def book_progress(c: Council, progress: Progress, year: int, years: int) -> None:
    """Months recorded, said at the start of each month."""

    def report(months_done: int, _: date) -> None:
        progress(RECORDING, months_done, 12 * years)

    # Booked first, so each runs before anything else on its day.
    for month in range(0 if year else 1, 12):
        first = c.month(month)
        c.diary.book(first, partial(report, 12 * year + month))


def plan_first_year(c: Council, *, survey: bool) -> None:
    join_staff(c)
    plan_staff_changes(c)
    open_caseload(c)
    for month in range(12):
        plan_month(c, month)
    for member in list(c.staff.values()):
        plan_for_member(c, member)
    plan_audit_cycles(c)
    if survey:
        c.book(c.month(8, 20), partial(record_survey, c))


def plan_later_year(c: Council, *, survey: bool) -> None:
    """The calendar moves on: what is done and long past is forgotten, staff
    changes are planned, and the year's activities booked as in the first."""
    forget_the_past(c)
    plan_later_changes(c)
    for month in range(12):
        plan_month(c, month)
    for member in list(c.staff.values()):
        if member.employed(c.start):
            plan_year_for_member(c, member)
    plan_audit_cycles(c)
    # The ledger keeps one supervision survey a year.
    if survey:
        c.book(c.month(8, 20), partial(record_survey, c))


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


def forget_the_past(c: Council) -> None:
    """Drop what no step will ask about again, so a long run's memory and
    the time its searches take stay flat: cases closed over half a year ago
    with no open action, audits started over half a year ago, and actions
    done."""
    long_ago = c.start - timedelta(days=183)
    for action_id in [a for a, action in c.actions.items() if action.done]:
        del c.actions[action_id]
    for audit_id in [
        a
        for a, audit in c.audits.items()
        if audit.started_on is not None and audit.started_on < long_ago
    ]:
        del c.audits[audit_id]
    in_use = {a.case_ref for a in c.actions.values()}
    in_use |= {a.case_ref for a in c.audits.values()}
    for ref in [
        ref
        for ref, case in c.cases.items()
        if case.closed is not None and case.closed < long_ago and ref not in in_use
    ]:
        del c.cases[ref]
