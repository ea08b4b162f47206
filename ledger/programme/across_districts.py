"""§3.6: team managers across districts "jointly undertake random thematic
sample of cases to measure consistency across the districts". One record per
month: the random sample, drawn in proportion to each district's eligible
cases so anyone can redraw it, and the pair of team managers of different
districts who audit each case together."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ledger.events import Attribution, LedgerAggregate, LedgerCreated
from ledger.ids import aggregate_id
from ledger.programme.cycle import recorded_sample

# The sample's key is its month and this, e.g. 2026-11/across-districts.
SUFFIX = "across-districts"


class CrossDistrictSample(LedgerAggregate):
    TOPIC = "ledger.programme.across_districts:CrossDistrictSample"

    key: str
    month: str
    theme: str
    team: str | None
    sample: dict[str, Any]
    audits: list[dict[str, str]]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def key_for(month: str) -> str:
        return f"{month}/{SUFFIX}"

    @staticmethod
    def is_key(key: str) -> bool:
        return key.endswith(f"/{SUFFIX}")

    @staticmethod
    def id_for(key: str) -> UUID:
        return aggregate_id("cross-district-sample", key)

    @classmethod
    def draw(
        cls,
        by: Attribution,
        *,
        month: str,
        theme: str,
        team: str | None,
        sample: dict[str, Any],
        audits: list[dict[str, str]],
    ) -> CrossDistrictSample:
        key = cls.key_for(month)
        return cls._create(
            cls.Drawn,
            id=cls.id_for(key),
            key=key,
            month=month,
            theme=theme,
            team=team,
            audits=audits,
            **sample,
            **by.stamp(),
        )

    class Drawn(LedgerCreated):
        TOPIC = "ledger.programme.across_districts:CrossDistrictSample.Drawn"
        class_version = 1
        key: str
        month: str
        theme: str
        team: str | None  # the sample of one team's cases, or None for all
        seed: int
        size: int
        as_of_position: int
        look_back_months: int
        population: dict[str, list[str]]  # by district
        drawn: list[str]
        # Per drawn case: case_ref, audit_id, auditor and joint_auditor.
        audits: list[dict[str, str]]

        def apply(self, aggregate: Any) -> None:
            aggregate.key = self.key
            aggregate.month = self.month
            aggregate.theme = self.theme
            aggregate.team = self.team
            aggregate.audits = [dict(a) for a in self.audits]
            aggregate.sample = recorded_sample(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "month": self.month,
            "theme": self.theme,
            "team": self.team,
            "by_district": True,
            "sample": self.sample,
            "audits": [dict(a) for a in self.audits],
        }
