"""The report jobs: what each is called, the period it takes, how often it
falls due, and the function that builds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ledger.errors import InvalidValue
from ledger.settings import Settings
from reports import benchmark, complaints, ofsted, pmm, supervision
from reports.engine.document import Document
from reports.engine.periods import (
    Period,
    half_year,
    label_of,
    month,
    quarter,
    twelve_months_to,
    year,
)
from reports.engine.sources import Sources

Build = Callable[[Sources, Period, date, Settings], Document]


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    # The command-line option that names the period: cycle, month, ...;
    # None for the Ofsted pack, whose period is the 12 months to --as-of.
    option: str | None
    parse: Callable[[str], Period] | None
    build: Build
    # How often it falls due: after each period of this kind has ended.
    every: str | None

    def resolve(
        self, value: str | None, as_of: date | None, ledger_day: date | None
    ) -> tuple[Period, date]:
        """The period a run covers and the day statuses are read as of.

        Without ``--as-of`` that day is the period's last day, or, for a
        period still running, the day of the last event recorded (the
        ledger's own clock, so the same position gives the same day).
        """
        if self.parse is None:
            day = as_of or ledger_day
            if day is None:
                raise InvalidValue("the ledger holds no event yet: give --as-of")
            return twelve_months_to(day), day
        if value is None:
            raise InvalidValue(f"the {self.name} report needs --{self.option}")
        period = self.parse(value)
        if as_of is None:
            as_of = period.end
            if ledger_day is not None:
                as_of = min(period.end, max(period.start, ledger_day))
        return period, as_of

    def check_known(
        self, period: Period, as_of: date, sources: Sources, known: Known
    ) -> None:
        """Refuse a period the ledger cannot speak of: one not begun, one
        that ended before its record began, or a cycle never opened; say
        which it can."""
        if period.start > known.today:
            raise InvalidValue(
                f"{period.title} has not begun (today is {known.today}); give "
                "one that has"
            )
        if known.began is None:
            raise InvalidValue("the ledger holds no event yet: nothing to report")
        if period.end < known.began or as_of < known.began:
            since = "" if self.every is None else (
                f"; {self.option}s from {label_of(self.every, known.began)} can "
                "be reported"
            )  # fmt: skip
            raise InvalidValue(
                f"{period.title} ends before the ledger's record begins on "
                f"{known.began}{since}"
            )
        if self.every == "cycle" and not known.cycle_opened(period.label):
            opened = ", ".join(sources.cycles_opened()) or "none yet"
            raise InvalidValue(
                f"cycle {period.label} was never opened (cycle open); cycles "
                f"recorded: {opened}"
            )


@dataclass(frozen=True)
class Known:
    """What the ledger can speak of: today, the day its record began, and
    whether a cycle was opened."""

    today: date
    began: date | None
    cycle_opened: Callable[[str], bool]


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("benchmark", benchmark.TITLE, "cycle", half_year, benchmark.build, "cycle"),
        Job("pmm", pmm.TITLE, "month", month, pmm.build, "month"),
        Job("supervision", supervision.TITLE, "year", year, supervision.build, "year"),
        Job(
            "complaints",
            complaints.TITLE,
            "quarter",
            quarter,
            complaints.build,
            "quarter",
        ),
        Job("ofsted", ofsted.TITLE, None, None, ofsted.build, None),
    )
}
