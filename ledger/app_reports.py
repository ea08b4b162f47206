"""Commands on generated reports: record a run of a report job, and read the
runs back (to verify a file, and to see which periodic reports are due)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from ledger.base import LedgerBase
from ledger.errors import InvalidValue
from ledger.ids import aggregate_id, format_sequential_id, normalise_sequential_id
from ledger.report import REPORT_PREFIX, NoSuchReport, Report


def report_command(job: str) -> str:
    """The permission a run of ``job`` needs: ``report benchmark``, ..."""
    return f"report {job}"


class ReportCommands(LedgerBase):
    def check_may_generate(self, actor: str, job: str, on: date | None = None) -> None:
        """Refuse early (before any work) an actor who may not run ``job``."""
        self.attribute(report_command(job), actor, on)

    def record_report(
        self,
        actor: str,
        *,
        job: str,
        parameters: Mapping[str, str],
        settings: Mapping[str, int],
        software: Mapping[str, str],
        ledger_position: int,
        tree_size: int,
        head_digest: str,
        outputs: Mapping[str, str],
        on: date | None = None,
    ) -> str:
        """Record that ``job`` was run at ``ledger_position`` and wrote
        ``outputs`` (file name -> SHA-256); returns the new report id."""
        by = self.attribute(report_command(job), actor, on)
        last = self.position()
        if ledger_position > last:
            raise InvalidValue(
                f"position {ledger_position} is not in the ledger: its positions "
                f"run to {last}"
            )

        def generated(report_id: str) -> list[Report]:
            return [
                Report.generate(
                    by,
                    report_id=report_id,
                    job=job,
                    parameters=parameters,
                    settings=settings,
                    software=software,
                    ledger_position=ledger_position,
                    tree_size=tree_size,
                    head_digest=head_digest,
                    outputs=outputs,
                )
            ]

        return self.save_with_new_id(REPORT_PREFIX, by, generated)

    def report_record(self, report_id: str) -> Report:
        readable = normalise_sequential_id(REPORT_PREFIX, report_id)
        return self.load(Report, Report.id_for(readable), NoSuchReport(report_id))

    def report(self, report_id: str) -> dict[str, Any]:
        return self.report_record(report_id).as_dict()

    def generated_reports(self) -> Iterator[dict[str, Any]]:
        """Every recorded report, oldest first.

        Report ids are issued one after another by their id sequence, so
        each is read by its id: no scan of the log.
        """
        sequence_id = aggregate_id("sequence", REPORT_PREFIX)
        last = next(iter(self.events.get(sequence_id, desc=True, limit=1)), None)
        issued = int(getattr(last, "number", 0)) if last is not None else 0
        for number in range(1, issued + 1):
            yield self.report(format_sequential_id(REPORT_PREFIX, number))
