"""Every aggregate and event class says what the log calls it and, for an
event, which shape of its state it makes: written in its own class body, so
neither follows the module it lives in (ledger/README.md, "Changing an event
safely")."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

import ledger
from ledger.events import LedgerAggregate


def aggregates() -> list[type[Aggregate]]:
    for module in pkgutil.walk_packages(ledger.__path__, "ledger."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        sub: type
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {
            c
            for c in subclasses(Aggregate)
            if c.__module__.startswith("ledger.") and c is not LedgerAggregate
        },
        key=lambda c: c.__qualname__,
    )


def events(aggregate: type[Aggregate]) -> list[type[CanMutateAggregate[Any]]]:
    return [
        value
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, CanMutateAggregate)
        and name != "Event"
    ]


def written(cls: type, attribute: str) -> bool:
    """Set in the class's own body: the library redefines each nested event
    class as a subclass of the one written, so look there too."""
    return attribute in vars(cls) or any(attribute in vars(b) for b in cls.__bases__)


@pytest.mark.parametrize("aggregate", aggregates(), ids=lambda c: c.__qualname__)
def test_every_aggregate_and_event_names_its_topic_and_version(
    aggregate: type[Aggregate],
) -> None:
    assert issubclass(aggregate, LedgerAggregate)
    assert "TOPIC" in vars(aggregate)
    assert events(aggregate), "an aggregate with no events"
    for event in events(aggregate):
        assert written(event, "TOPIC"), event
        assert written(event, "class_version"), event
        assert resolve_topic(get_topic(event)) is event


def test_no_two_classes_share_a_topic() -> None:
    topics = [
        get_topic(cls)
        for aggregate in aggregates()
        for cls in (aggregate, *events(aggregate))
    ]
    assert len(topics) == len(set(topics))
    # Every class there was when the golden file was exported is still here.
    golden = Path(__file__).parent / "golden" / "topics-2025.txt"
    assert set(golden.read_text().split()) <= set(topics)
