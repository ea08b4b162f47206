"""meetings: performance management meetings (§3.7), one row each, and one
row per report tabled, action reviewed and person attending."""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.records.meeting import PerformanceMeeting
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor


class Meetings(Projection):
    name = "meetings"
    tables: ClassVar[tuple[str, ...]] = ("meeting_items", "meetings")

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        if isinstance(event, PerformanceMeeting.MeetingHeld):
            cursor.execute(
                "INSERT INTO meetings VALUES (?, ?, ?, ?, ?)",
                (
                    at.position,
                    event.meeting_id,
                    event.occurred_on,
                    event.chair,
                    event.focus,
                ),
            )
            items = [
                (event.meeting_id, kind, ordinal, item)
                for kind, values in (
                    ("report", event.reports),
                    ("action", event.action_ids),
                    ("attendee", event.attendees),
                )
                for ordinal, item in enumerate(values, start=1)
            ]
            if items:
                cursor.executemany(
                    "INSERT INTO meeting_items VALUES (?, ?, ?, ?)", items
                )
