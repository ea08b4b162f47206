"""What the demo year recorded, counted for the person who asked for it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ledger.vocabulary import AuditKind, Grade

COUNTS = (
    "staff joined",
    "staff left",
    "role changes",
    "logins granted",
    "headships recorded",
    "cases opened",
    "cases transferred",
    "cases reallocated within a team",
    "cases closed",
    "§2.2 triggers",
    "decisions recorded on time",
    "decisions recorded late",
    "decisions never recorded",
    "supervision sessions",
    "supervision sessions missed",
    "development reviews",
    "supervision files audited",
    "supervision surveys",
    "audit cycles",
    "cases drawn for cycles",
    "thematic schedules",
    "heads of service samples",
    "cross-district samples",
    *(f"{kind.label} audits" for kind in AuditKind),
    "audits completed",
    "audits cancelled",
    *(f"graded {grade}" for grade in Grade),
    "gradings moderated",
    "gradings changed by moderation",
    "urgent concerns",
    "actions set",
    "follow-ups reviewed",
    "follow-ups late",
    "actions completed",
    "actions escalated",
    "oversight notes",
    "complaints received",
    "complaint escalations",
    "complaint responses",
    "complaint lessons",
    "complaints considered by SSMT",
    "compliments",
    "questionnaires sent",
    "questionnaires returned",
    "practice observations",
    "observations needing support",
    "performance meetings",
)


@dataclass
class DemoSummary:
    counts: Counter[str] = field(
        default_factory=lambda: Counter(dict.fromkeys(COUNTS, 0))
    )
    # What each audit cycle found, as its closing findings put it.
    cycles: dict[str, str] = field(default_factory=dict)
    events: int = 0

    def lines(self) -> list[str]:
        return [
            *(f"{what}: {n}" for what, n in self.counts.items()),
            *(f"cycle {period}: {found}" for period, found in self.cycles.items()),
            f"events recorded: {self.events}",
        ]
