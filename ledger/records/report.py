"""Reports generated from the read models (§3.3 benchmarks, §3.7 packs, §4.1).

Each run of a report job is recorded as one event: which job, its parameters
(the period, the day statuses are read as of), the settings in force, the
ledger position the read models reflected and the Merkle tree head at that
position, and the SHA-256 of every file written. The same job, parameters and
settings at the same position give the same bytes, so anyone can regenerate a
report and check it, and ``qaledger report verify FILE`` tells whether a file
is one the ledger recorded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidValue, NotFound
from ledger.events import Attribution, LedgerAggregate, LedgerCreated
from ledger.ids import aggregate_id

REPORT_PREFIX = "REP"

SHA256 = re.compile(r"^[0-9a-f]{64}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


class NoSuchReport(NotFound):
    def __init__(self, report_id: str) -> None:
        super().__init__("report", report_id, "Report ids look like REP-0001.")


class Report(LedgerAggregate):
    TOPIC = "ledger.report:Report"
    report_id: str
    job: str
    parameters: dict[str, str]
    settings: dict[str, int]
    software: dict[str, str]
    ledger_position: int
    tree_size: int
    head_digest: str
    outputs: dict[str, str]
    generated_on: date
    generated_by: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(report_id: str) -> UUID:
        return aggregate_id("report", report_id)

    @classmethod
    def generate(
        cls,
        by: Attribution,
        *,
        report_id: str,
        job: str,
        parameters: Mapping[str, str],
        settings: Mapping[str, int],
        software: Mapping[str, str],
        ledger_position: int,
        tree_size: int,
        head_digest: str,
        outputs: Mapping[str, str],
    ) -> Report:
        if ledger_position < 0 or tree_size < 0:
            raise InvalidValue("a report's ledger position cannot be negative")
        if not SHA256.match(head_digest):
            raise InvalidValue(f"{head_digest!r} is not a SHA-256 tree head digest")
        if not outputs:
            raise InvalidValue("a report records at least one output file")
        for name, digest in outputs.items():
            if not FILE_NAME.match(name):
                raise InvalidValue(f"{name!r} is not a plain output file name")
            if not SHA256.match(digest):
                raise InvalidValue(f"{digest!r} is not the SHA-256 of {name}")
        return cls._create(
            cls.ReportGenerated,
            id=cls.id_for(report_id),
            report_id=report_id,
            job=job,
            parameters=dict(sorted(parameters.items())),
            settings=dict(sorted(settings.items())),
            software=dict(sorted(software.items())),
            ledger_position=ledger_position,
            tree_size=tree_size,
            head_digest=head_digest,
            outputs=dict(sorted(outputs.items())),
            **by.stamp(),
        )

    class ReportGenerated(LedgerCreated):
        TOPIC = "ledger.report:Report.ReportGenerated"
        class_version = 1
        report_id: str
        job: str
        parameters: dict[str, str]
        settings: dict[str, int]
        # Versions of what wrote the files (polars writes its own into Parquet).
        software: dict[str, str]
        ledger_position: int
        tree_size: int
        head_digest: str
        # file name -> SHA-256 (hex) of its bytes
        outputs: dict[str, str]

        def apply(self, aggregate: Any) -> None:
            aggregate.report_id = self.report_id
            aggregate.job = self.job
            aggregate.parameters = dict(self.parameters)
            aggregate.settings = dict(self.settings)
            aggregate.software = dict(self.software)
            aggregate.ledger_position = self.ledger_position
            aggregate.tree_size = self.tree_size
            aggregate.head_digest = self.head_digest
            aggregate.outputs = dict(self.outputs)
            aggregate.generated_on = self.occurred_on
            aggregate.generated_by = self.actor_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "job": self.job,
            "parameters": dict(self.parameters),
            "settings": dict(self.settings),
            "software": dict(self.software),
            "ledger_position": self.ledger_position,
            "tree_size": self.tree_size,
            "head_digest": self.head_digest,
            "outputs": dict(self.outputs),
            "generated_on": self.generated_on.isoformat(),
            "generated_by": self.generated_by,
            "recorded_at": self.created_on.isoformat(),
        }
