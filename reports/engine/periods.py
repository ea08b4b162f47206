"""The periods reports cover: a six-monthly audit cycle (``2026H2``), a month
(``2026-10``), a quarter (``2026Q3``), a year (``2026``), or the twelve months
up to a day (``as-of-2026-10-31``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.dates import add_months
from ledger.errors import InvalidValue

HALF = re.compile(r"^(\d{4})H([12])$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    kind: str  # "cycle", "month", "quarter", "year" or "12 months"
    label: str  # as typed and in file names: 2026H2, 2026-10, as-of-2026-10-31
    start: date
    end: date

    @property
    def title(self) -> str:
        """``Cycle 2026H2``, ``Month 2026-10``, ``The 12 months to 2026-10-31``."""
        if self.kind == "12 months":
            return f"The 12 months to {self.end.isoformat()}"
        return f"{self.kind.capitalize()} {self.label}"

    @property
    def description(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        return PARSERS[self.kind](label_of(self.kind, self.end + timedelta(days=1)))


def half_year(text: str) -> Period:
    match = HALF.match(text.strip().upper())
    if not match:
        raise InvalidValue(f"cycle {text!r} must be a year and half, like 2026H2")
    year, half = int(match[1]), int(match[2])
    start = date(year, 1 if half == 1 else 7, 1)
    return Period("cycle", f"{year}H{half}", start, last_day(add_months(start, 5)))


def month(text: str) -> Period:
    match = MONTH.match(text.strip())
    if not match:
        raise InvalidValue(f"month {text!r} must be a year and month, like 2026-10")
    start = date(int(match[1]), int(match[2]), 1)
    return Period("month", start.strftime("%Y-%m"), start, last_day(start))


def quarter(text: str) -> Period:
    match = QUARTER.match(text.strip().upper())
    if not match:
        raise InvalidValue(f"quarter {text!r} must be a year and quarter, like 2026Q3")
    year, number = int(match[1]), int(match[2])
    start = date(year, 3 * number - 2, 1)
    return Period("quarter", f"{year}Q{number}", start, last_day(add_months(start, 2)))


def year(text: str) -> Period:
    match = YEAR.match(text.strip())
    if not match:
        raise InvalidValue(f"year {text!r} must be four digits, like 2026")
    number = int(match[1])
    return Period("year", str(number), date(number, 1, 1), date(number, 12, 31))


def twelve_months_to(as_of: date) -> Period:
    """The twelve months ending on ``as_of``: an Ofsted look-back window."""
    start = add_months(as_of, -12) + timedelta(days=1)
    return Period("12 months", f"as-of-{as_of.isoformat()}", start, as_of)


def last_day(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def label_of(kind: str, day: date) -> str:
    """The label of the period of ``kind`` holding ``day``."""
    if kind == "cycle":
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    if kind == "month":
        return day.strftime("%Y-%m")
    if kind == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if kind == "year":
        return str(day.year)
    raise InvalidValue(f"{kind!r} periods do not repeat")


def holding(kind: str, day: date) -> Period:
    return PARSERS[kind](label_of(kind, day))


def ended_between(kind: str, first_day: date, today: date) -> list[Period]:
    """Every period of ``kind`` that holds a day from ``first_day`` on and
    ended before ``today``, oldest first."""
    found = []
    period = holding(kind, first_day)
    while period.end < today:
        found.append(period)
        period = period.next()
    return found


PARSERS = {"cycle": half_year, "month": month, "quarter": quarter, "year": year}
