"""The topic of every kind of event the domain defines, and the kinds that
record the ledger itself rather than a council's practice."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from eventsourcing.domain import Aggregate
from eventsourcing.utils import construct_topic

import ledger
from ledger.events import LedgerCreated, LedgerEvent


def domain_event_topics() -> set[str]:
    """The topic of every event class of every aggregate in the ledger package.

    Found two ways, so a new kind is caught however it is declared: every
    subclass of the ledger's event bases, and every event class nested in an
    aggregate of the package. Left out: the ``Event`` and ``Created`` bases
    that eventsourcing gives each aggregate class; they are never triggered.
    No event kind of the domain is excluded.
    """
    for module in pkgutil.walk_packages(ledger.__path__, "ledger."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        direct: list[type] = cls.__subclasses__()
        for sub in direct:
            yield sub
            yield from subclasses(sub)

    def in_package(cls: type) -> bool:
        return cls.__module__.startswith("ledger.")

    def library_base(cls: type) -> bool:
        return cls.__name__ in ("Event", "Created") and "apply" not in vars(cls)

    found = {
        cls
        for base in (LedgerEvent, LedgerCreated)
        for cls in subclasses(base)
        if in_package(cls)
    }
    for aggregate in subclasses(Aggregate):
        if in_package(aggregate):
            found |= {
                nested
                for nested in vars(aggregate).values()
                if isinstance(nested, type)
                and issubclass(nested, Aggregate.Event)
                and not library_base(nested)
            }
    # The library redefines nested event classes per aggregate; the topic
    # each class pins is what the log stores.
    return {construct_topic(cls) for cls in found}


# Records the ledger keeps about itself rather than about a council's
# practice: a report run is recorded by `qaledger report`, not by the year.
NOT_PRACTICE = {"ledger.report:Report.ReportGenerated"}
