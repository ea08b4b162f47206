"""Database logins and the staff members they belong to (PostgreSQL).

Each person connects as their own PostgreSQL role; a ``Login`` records which
staff member that role is, keyed by the role name, so that finding who is
connected costs one read however many staff there are.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from ledger.errors import InvalidValue
from ledger.events import Attribution, LedgerAggregate, LedgerCreated
from ledger.ids import aggregate_id

LOGIN_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


def check_login(login: str) -> str:
    login = login.strip()
    if not LOGIN_NAME.match(login):
        raise InvalidValue(
            f"login {login!r} is not a PostgreSQL role name: use lower-case "
            "letters, digits, '_' or '$', at most 63, not starting with a digit"
        )
    return login


class Login(LedgerAggregate):
    TOPIC = "ledger.logins:Login"
    login: str
    staff_id: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(login: str) -> UUID:
        return aggregate_id("login", login)

    @classmethod
    def grant(cls, by: Attribution, *, login: str, staff_id: str) -> Login:
        return cls._create(
            cls.Granted,
            id=cls.id_for(login),
            login=login,
            staff_id=staff_id,
            **by.stamp(),
        )

    class Granted(LedgerCreated):
        TOPIC = "ledger.logins:Login.Granted"
        class_version = 1
        login: str
        staff_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.login = self.login
            aggregate.staff_id = self.staff_id
