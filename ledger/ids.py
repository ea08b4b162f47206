"""Ids people can read and type, and the aggregate ids derived from them.

Staff ids and case references come from the council (payroll number, ICS/LCS
case id). Audits and actions get short sequential ids (``AUD-0007``,
``ACT-0012``) from an ``IdSequence`` aggregate. The aggregate's UUID is derived
from the readable id, so an id can never name two aggregates: reusing one
collides with the first event of the aggregate that already holds it.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid5

from ledger.errors import InvalidValue
from ledger.events import LedgerAggregate, LedgerCreated, LedgerEvent

NAMESPACE = UUID("5b0e4a52-8f59-4c83-9a43-2f4c0bde1a57")

READABLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")

AUDIT_PREFIX = "AUD"
ACTION_PREFIX = "ACT"


def aggregate_id(kind: str, readable_id: str) -> UUID:
    return uuid5(NAMESPACE, f"{kind}:{readable_id}")


def check_readable_id(what: str, value: str) -> str:
    value = value.strip()
    if not READABLE_ID.match(value):
        raise InvalidValue(
            f"{what} {value!r} is not a valid id: use 1 to 40 letters, digits, "
            "'.', '_', '/' or '-', starting with a letter or digit"
        )
    return value


def normalise_sequential_id(prefix: str, value: str) -> str:
    """Accept ``AUD-7``, ``aud-0007`` or ``7`` for ``AUD-0007``."""
    text = value.strip().upper()
    if text.startswith(prefix + "-"):
        text = text[len(prefix) + 1 :]
    if not text.isdigit():
        return value.strip()
    return format_sequential_id(prefix, int(text))


def format_sequential_id(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"


class IdSequence(LedgerAggregate):
    """Hands out numbers for one prefix; each event records the last number
    issued (one command may take several).

    Only the last event is ever read (see ``QALedgerBase.next_id``), so issuing
    an id costs the same however many were issued before.
    """

    TOPIC = "ledger.ids:IdSequence"

    class Started(LedgerCreated):
        TOPIC = "ledger.ids:IdSequence.Started"
        class_version = 1
        prefix: str
        number: int

        def apply(self, aggregate: Any) -> None:
            aggregate.prefix = self.prefix
            aggregate.number = self.number

    class Advanced(LedgerEvent):
        TOPIC = "ledger.ids:IdSequence.Advanced"
        class_version = 1
        prefix: str
        number: int

        def apply(self, aggregate: Any) -> None:
            aggregate.number = self.number
