"""What every ledger command shares: who is acting, on what date, with which
permission, and how new ids are issued and events saved; the store the
application is built on (a recorder that also writes the witness, a mapper
that names a missing or wrong cipher key); and ``Service``, the base of each
context's commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    Notification,
    RecordConflictError,
)
from eventsourcing.utils import Environment, EnvType

from ledger.errors import (
    ActingAsSomeoneElse,
    ActorRequired,
    DateInFuture,
    DateTooEarly,
    LedgerError,
    LedgerNotInitialised,
    NoSuchStaffMember,
)
from ledger.events import Attribution, DateAsISO
from ledger.ids import IdSequence, aggregate_id, format_sequential_id
from ledger.integrity.witness import RECORDER_TOPICS
from ledger.permissions import check_permitted
from ledger.settings import Settings
from ledger.staff.login import Login
from ledger.staff.member import StaffMember
from ledger.storage.cipher_keys import KeyCheckingMapper
from ledger.vocabulary import READ_ONLY_ROLES, Role

if TYPE_CHECKING:
    from ledger.application import QALedger

A = TypeVar("A", bound=Aggregate)

NEW_ID_ATTEMPTS = 5
_UNKNOWN = object()
RECORDER_TOPIC = "APPLICATION_RECORDER_TOPIC"


class ConcurrentChange(LedgerError):
    def __init__(self) -> None:
        super().__init__(
            "the ledger changed while this command ran; nothing was written, "
            "run it again"
        )


class LedgerBase(Application[UUID]):
    name = "qaledger"
    # Benchmarks turn this off to measure what the witness costs a command.
    witnessing: ClassVar[bool] = True

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        settings: Settings | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env)
        self.settings = settings or Settings()
        self.today = today
        self._login: object = _UNKNOWN

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The library's recorder for the store, swapped for one that also
        writes the witness (``ledger.integrity.witness``); the events
        themselves are inserted by the library as before."""
        environment = super().construct_env(name, env)
        topic = RECORDER_TOPICS.get(environment.get("PERSISTENCE_MODULE") or "")
        if self.witnessing and topic is not None:
            # Every spelling the library looks up, so none outranks ours.
            for key in environment.create_keys(RECORDER_TOPIC):
                environment[key] = topic
        return environment

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=KeyCheckingMapper
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Acting and dating.

    def attribute(self, command: str, actor_id: str, on: date | None) -> Attribution:
        """Check ``actor_id`` may issue ``command`` on date ``on`` and say so.

        Every write command starts here, before it builds any event. On
        PostgreSQL, a login mapped to a staff member can act only as them.
        """
        actor_id = self.acting_staff(actor_id)
        occurred_on = self.check_date(on)
        actor = self.staff_member(actor_id, missing_means_uninitialised=True)
        if occurred_on < actor.started_on:
            raise DateTooEarly(
                f"{actor_id} joined on {actor.started_on} and cannot act on "
                f"{occurred_on}"
            )
        actor.check_employed(occurred_on)
        check_permitted(command, actor.role)
        return Attribution(actor_id, actor.role, occurred_on)

    def acting_staff(self, claimed: str | None) -> str:
        """Who is acting: the staff member the database login belongs to,
        else the one claimed (SQLite is single-user; an unmapped PostgreSQL
        login is the ledger's owner or operator)."""
        login = self.connected_login()
        mapped = self.login_staff(login) if login else None
        if mapped is not None:
            if claimed not in (None, mapped):
                assert login is not None and claimed is not None
                raise ActingAsSomeoneElse(login, mapped, claimed)
            return mapped
        if claimed is None:
            raise ActorRequired(login)
        return claimed

    def connected_login(self) -> str | None:
        """The PostgreSQL role this application connects as; None on SQLite."""
        if self._login is _UNKNOWN:
            datastore = getattr(self.recorder, "datastore", None)
            login = None
            # Loaded only if the ledger is on PostgreSQL: a SQLite ledger's
            # commands never import the driver.
            postgres = sys.modules.get("eventsourcing.postgres")
            if postgres is not None and isinstance(
                datastore, postgres.PostgresDatastore
            ):
                with datastore.get_connection() as connection:
                    row = connection.execute("SELECT current_user").fetchone()
                    login = str(row["current_user"]) if row else None
            self._login = login
        return cast(str | None, self._login)

    def login_staff(self, login: str) -> str | None:
        try:
            mapping: Login = self.repository.get(Login.id_for(login))
        except AggregateNotFoundError:
            return None
        return mapping.staff_id

    def check_date(self, on: date | None) -> date:
        today = self.today()
        occurred_on = on or today
        if occurred_on > today:
            raise DateInFuture(occurred_on.isoformat(), today.isoformat())
        return occurred_on

    # Reading aggregates.

    def load(self, aggregate_class: type[A], uuid: UUID, missing: LedgerError) -> A:
        try:
            aggregate: Aggregate = self.repository.get(uuid)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(aggregate, aggregate_class):
            raise missing
        return aggregate

    def exists(self, uuid: UUID) -> bool:
        return any(True for _ in self.events.get(uuid, limit=1))

    def staff_member(
        self, staff_id: str, *, missing_means_uninitialised: bool = False
    ) -> StaffMember:
        try:
            return self.load(
                StaffMember, StaffMember.id_for(staff_id), NoSuchStaffMember(staff_id)
            )
        except NoSuchStaffMember:
            if missing_means_uninitialised and not self.has_events():
                raise LedgerNotInitialised() from None
            raise

    def employed_staff_member(self, staff_id: str, on: date) -> StaffMember:
        member = self.staff_member(staff_id)
        member.check_employed(on)
        return member

    def has_events(self) -> bool:
        return bool(self.recorder.max_notification_id())

    def is_read_only(self, staff_id: str) -> bool:
        return Role.parse(self.staff_member(staff_id).role) in READ_ONLY_ROLES

    # Writing.

    def save_all(self, *objects: Any) -> None:
        try:
            self.save(*objects)
        except RecordConflictError:
            raise ConcurrentChange() from None

    def save_with_new_id(
        self, prefix: str, by: Attribution, build: Callable[[str], Sequence[Any]]
    ) -> str:
        """Issue the next ``prefix`` id, build what uses it, and save both in
        one transaction; if another writer took the same number, try again.

        ``build`` runs once per attempt, so it must load any aggregate it
        changes afresh rather than reuse one changed by an earlier attempt.
        """
        return self.save_with_new_ids(prefix, 1, by, lambda ids: build(ids[0]))[0]

    def save_with_new_ids(
        self,
        prefix: str,
        count: int,
        by: Attribution,
        build: Callable[[list[str]], Sequence[Any]],
    ) -> list[str]:
        """Issue ``count`` consecutive ids at once (see ``save_with_new_id``)."""
        for _ in range(NEW_ID_ATTEMPTS):
            readable_ids, sequence_step = self.issue_ids(prefix, count, by)
            try:
                self.save(sequence_step, *build(readable_ids))
            except RecordConflictError:
                continue
            return readable_ids
        raise ConcurrentChange()

    def issue_ids(
        self, prefix: str, count: int, by: Attribution
    ) -> tuple[list[str], Any]:
        sequence_id = aggregate_id("sequence", prefix)
        last = next(iter(self.events.get(sequence_id, desc=True, limit=1)), None)
        step: Any
        if last is None:
            first = 1
            step = IdSequence._create(
                IdSequence.Started,
                id=sequence_id,
                prefix=prefix,
                number=count,
                **by.stamp(),
            )
        else:
            first = getattr(last, "number") + 1  # noqa: B009 - IdSequence events only
            step = IdSequence.Advanced(  # type: ignore[call-arg,misc]
                originator_id=sequence_id,
                originator_version=last.originator_version + 1,
                timestamp=IdSequence.Advanced.create_timestamp(),
                prefix=prefix,
                number=first + count - 1,
                **by.stamp(),
            )
        ids = [format_sequential_id(prefix, n) for n in range(first, first + count)]
        return ids, step

    # The log.

    def position(self) -> int:
        """The notification id of the last event recorded, 0 when empty."""
        return self.recorder.max_notification_id() or 0

    def notifications(
        self, start: int = 1, batch: int = 1000
    ) -> Iterator[Notification]:
        while True:
            page = self.recorder.select_notifications(start=start, limit=batch)
            yield from page
            if len(page) < batch:
                return
            start = page[-1].id + 1


class Service:
    """The commands and queries of one context, on the one application (and
    so the one log) every context shares: ``self.app`` is the core above and
    reaches the other contexts' services (``self.app.cases``)."""

    def __init__(self, app: QALedger) -> None:
        self.app = app
