"""What an action, a requirement or a supervision record stood at on a day:
defined once, here, as a SQL expression over the read-model columns and a
day called ``as_of``.

The same text runs in three places. The CLI's reads (``projections.queries``:
``qaledger actions``, ``compliance``, ``due``) run it in the database with the
day as a parameter; the ``*_now`` views run it with ``CURRENT_DATE``
(``migrations/0012_status_views.sql``); the report pipelines run it in polars
through ``polars.sql_expr``, with the day as a column (``reports.engine.
expressions``). ``tests/test_status_parity.py`` holds them to one answer.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# Completed by that day; else past its due day; else due that very day;
# else due later.
ACTION_STATUSES = ("completed", "overdue", "due", "open")
ACTION_STATUS = (
    "CASE WHEN completed_on IS NOT NULL AND completed_on <= as_of THEN 'completed' "
    "WHEN due_on < as_of THEN 'overdue' "
    "WHEN due_on = as_of THEN 'due' "
    "ELSE 'open' END"
)

# Met by that day, on or before its due day; met by that day, after it
# (what the stored status says once met); else not met and past its due day;
# else not yet due.
REQUIREMENT_STATUSES = ("met", "met late", "overdue", "due")
REQUIREMENT_STATUS = (
    "CASE WHEN met_on IS NOT NULL AND met_on <= as_of AND met_on <= due_on "
    "THEN 'met' "
    "WHEN met_on IS NOT NULL AND met_on <= as_of THEN 'met late' "
    "WHEN due_on < as_of THEN 'overdue' "
    "ELSE 'due' END"
)

# §2.3: kept while the supervisee is employed and at least 2 years after.
RETENTION_STATUSES = (
    "retained - employed",
    "retained - within 2 years of leaving",
    "due for retention review",
)
RETENTION_STATUS = (
    "CASE WHEN employment_end IS NULL THEN 'retained - employed' "
    "WHEN retain_until >= as_of THEN 'retained - within 2 years of leaving' "
    "ELSE 'due for retention review' END"
)

AS_OF = re.compile(r"\bas_of\b")


def on_day(status: str, day: str) -> str:
    """``status`` with the day written as ``day``: ``CURRENT_DATE`` in a
    view, ``?`` for a parameter."""
    return AS_OF.sub(day, status)


def with_day(status: str, day: date) -> tuple[str, tuple[Any, ...]]:
    """``status`` for a query, with one ``?`` parameter per mention of the
    day, and the parameters to pass."""
    mentions = len(AS_OF.findall(status))
    return on_day(status, "?"), (day,) * mentions
