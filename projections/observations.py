"""observations: direct observations of staff practice (§4.1), one row each.

Whether someone is due an observation is a compliance requirement
(``practice-observation`` in ``compliance``); this table says what each
observation found.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.records.observation import PracticeObservation
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor


class Observations(Projection):
    name = "observations"
    tables: ClassVar[tuple[str, ...]] = ("observations",)

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        if isinstance(event, PracticeObservation.PracticeObserved):
            cursor.execute(
                "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    at.position,
                    event.observation_id,
                    event.staff_member,
                    event.observer,
                    event.occurred_on,
                    event.outcome,
                    bool(event.support_needed),
                ),
            )
