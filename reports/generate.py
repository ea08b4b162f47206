"""Running a report job end to end, checking a file against the ledger, and
working out which periodic reports are due.

A run: check the actor may run the job; catch the read models up; in one
snapshot read the position they reflect and build the document; take the
Merkle tree head at that position; render the HTML and write it with a CSV
and a Parquet file per table; record a ReportGenerated event with the
SHA-256 of each file. Nothing written depends on the wall clock, so the same
job, parameters and settings at the same position give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl

from ledger.application import QALedger
from ledger.errors import InvalidValue, LedgerError
from ledger.progress import Progress, no_progress
from ledger.settings import Settings
from ledger.storage.store import Store
from projections.engine.read_store import PostgresReadStore, SQLiteReadStore
from projections.engine.runner import ProjectionRunner
from projections.oversight_records import oversight_record_projections
from projections.registry import ReadModels, configured_batch_size
from reports.engine.document import Document
from reports.engine.files import (
    OutputNames,
    csv_bytes,
    file_sha256,
    parquet_bytes,
    write_all,
)
from reports.engine.periods import ended_between
from reports.engine.render import Stamp, render
from reports.engine.snapshot import day_of, snapshot
from reports.engine.sources import Sources
from reports.engine.workbook import xlsx_bytes
from reports.jobs import JOBS, Job, Known

CONSISTENT_ATTEMPTS = 3
# The steps of making a report once the read models have caught up: read and
# compute, take the tree head, write the files, record the run.
MAKING = "making the report"
STEPS = 4


class ReportModels:
    """The read models reports read: every registered projection, and the
    complaint, feedback, observation and meeting projections until the
    registry lists them (then they are caught up with the rest)."""

    def __init__(self, ledger: QALedger, store: Store, settings: Settings) -> None:
        self.models = ReadModels(ledger, store, settings)
        registered = {p.name for p in self.models.runner.projections}
        extra = [p for p in oversight_record_projections() if p.name not in registered]
        self.extra = (
            ProjectionRunner(ledger, self.models.store, extra, configured_batch_size())
            if extra
            else None
        )
        self.names = sorted(registered | {p.name for p in extra})

    def catch_up(self, progress: Progress | None = None) -> None:
        self.models.catch_up(progress)
        if self.extra is not None:
            self.extra.catch_up(progress)

    def close(self) -> None:
        self.models.close()

    def __enter__(self) -> ReportModels:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True)
class Generated:
    report_id: str
    job: str
    parameters: dict[str, str]
    position: int
    head_digest: str
    has_data: bool
    out_dir: Path
    outputs: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "job": self.job,
            "parameters": self.parameters,
            "ledger_position": self.position,
            "head_digest": self.head_digest,
            "has_data": self.has_data,
            "out_dir": str(self.out_dir),
            "outputs": self.outputs,
        }


def software() -> dict[str, str]:
    return {
        "jinja2": metadata.version("jinja2"),
        "polars": pl.__version__,
        "qaledger": metadata.version("qaledger"),
    }


def job_named(name: str) -> Job:
    try:
        return JOBS[name]
    except KeyError:
        raise InvalidValue(f"no report job {name!r}; jobs: {', '.join(JOBS)}") from None


@dataclass(frozen=True)
class Built:
    """A report's document, and where in the ledger it was read."""

    job: Job
    document: Document
    position: int
    ledger_time: datetime | None
    # How far the furthest projection read was beyond ``position``: 0 when
    # every table reflects exactly the same events.
    spread: int = 0

    @property
    def parameters(self) -> dict[str, str]:
        parameters = {"as_of": self.document.as_of.isoformat()}
        if self.job.option is not None:
            parameters[self.job.option] = self.document.period.label
        return parameters


def read_and_build(
    store: SQLiteReadStore | PostgresReadStore,
    projections: list[str],
    job: Job,
    period: str | None,
    as_of: date | None,
    settings: Settings,
    known: Known,
) -> Built:
    """Read the read models in one snapshot and build the job's document."""
    with snapshot(store, projections) as snap:
        position = snap.position
        ledger_time = snap.recorded_at(position)
        covered, day = job.resolve(period, as_of, day_of(ledger_time))
        sources = Sources(snap, day)
        job.check_known(covered, day, sources, known)
        document = job.build(sources, covered, day, settings)
    return Built(job, document, position, ledger_time, snap.spread)


def render_files(built: Built, stamp: Stamp, threshold: int) -> dict[str, bytes]:
    """The HTML, a CSV and a Parquet file of every table, and a workbook of
    them all, by name."""
    document = built.document
    names = OutputNames(built.job.name, document.period.label)
    page = render(document, stamp, names, threshold, sorted(built.parameters.items()))
    provenance = {
        "job": built.job.name,
        **built.parameters,
        "ledger_position": stamp.position,
        "tree_size": stamp.tree_size,
        "head_digest": stamp.head_digest,
    }
    files = {names.html: page.encode("utf-8")}
    for table in document.tables:
        files[names.csv(table.name)] = csv_bytes(table.frame)
        files[names.parquet(table.name)] = parquet_bytes(table.frame, provenance)
    if len(files) != 1 + 2 * len(document.tables):
        raise LedgerError(f"two tables of the {built.job.name} report share a name")
    files[names.xlsx] = xlsx_bytes(document.tables, provenance, stamp.ledger_time)
    return files


def generate(
    ledger: QALedger,
    models: ReportModels,
    *,
    job: str,
    period: str | None,
    as_of: date | None,
    out_dir: Path,
    actor: str,
    on: date | None = None,
    progress: Progress = no_progress,
) -> Generated:
    chosen = job_named(job)
    ledger.reports.check_may_generate(actor, chosen.name, on)
    if as_of is not None and as_of > ledger.today():
        raise InvalidValue(
            f"--as-of {as_of} is in the future; statuses can be read as of today "
            "or earlier"
        )
    settings = ledger.settings
    for _ in range(CONSISTENT_ATTEMPTS):
        models.catch_up(progress)
        progress(MAKING, 1, STEPS)
        built = read_and_build(
            models.models.store,
            models.names,
            chosen,
            period,
            as_of,
            settings,
            Known(ledger.today(), first_day(ledger), ledger.programme.cycle_opened),
        )
        # Events recorded between two runners' catch-ups leave one ahead;
        # catch up again so every table reflects the same position.
        if built.spread == 0:
            break
    else:
        raise LedgerError(
            "the read models kept moving while the report was read (events are "
            "being recorded fast); try again"
        )
    progress(MAKING, 2, STEPS)
    head = ledger.integrity.head(built.position)
    stamp = Stamp(
        position=built.position,
        tree_size=head.tree_size,
        head_digest=head.digest,
        ledger_time=built.ledger_time,
        settings=dict(sorted(settings.as_dict().items())),
        software=software(),
    )
    files = render_files(built, stamp, settings.small_count_threshold)
    progress(MAKING, 3, STEPS)
    outputs = write_all(out_dir, files)
    report_id = ledger.reports.record(
        actor,
        job=chosen.name,
        parameters=built.parameters,
        settings=stamp.settings,
        software=stamp.software,
        ledger_position=built.position,
        tree_size=head.tree_size,
        head_digest=head.digest,
        outputs=outputs,
        on=on,
    )
    progress(MAKING, STEPS, STEPS)
    return Generated(
        report_id=report_id,
        job=chosen.name,
        parameters=built.parameters,
        position=built.position,
        head_digest=head.digest,
        has_data=built.document.has_data,
        out_dir=out_dir,
        outputs=outputs,
    )


# Verifying a file.


@dataclass(frozen=True)
class Verdict:
    path: Path
    sha256: str
    matches: list[tuple[dict[str, Any], str]]  # (report, name recorded)
    same_name: list[dict[str, Any]]  # reports with a file of this name

    @property
    def ok(self) -> bool:
        return bool(self.matches)

    def message(self) -> str:
        if self.matches:
            report, name = self.matches[0]
            parameters = ", ".join(f"{k} {v}" for k, v in report["parameters"].items())
            return (
                f"{self.path.name} matches {name} of {report['report_id']}: "
                f"{report['job']} report ({parameters}) at ledger position "
                f"{report['ledger_position']}, tree head {report['head_digest']}, "
                f"generated by {report['generated_by']} on {report['generated_on']} "
                f"(recorded {report['recorded_at']})"
            )
        if self.same_name:
            report = self.same_name[-1]
            return (
                f"{self.path.name} does not match the file of that name recorded by "
                f"{report['report_id']}: its SHA-256 is {self.sha256}, the recorded "
                f"one {report['outputs'][self.path.name]}; it has been changed"
            )
        return (
            f"{self.path.name} matches no recorded report: no report generated by "
            f"this ledger wrote a file with SHA-256 {self.sha256}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "sha256": self.sha256,
            "ok": self.ok,
            "matches": [
                {"report_id": report["report_id"], "recorded_as": name}
                for report, name in self.matches
            ],
            "message": self.message(),
        }


def verify_file(ledger: QALedger, path: Path) -> Verdict:
    """Whether ``path`` is byte for byte a file some recorded report wrote."""
    try:
        digest = file_sha256(path)
    except OSError as error:
        raise InvalidValue(f"cannot read {path}: {error.strerror}") from None
    matches, same_name = [], []
    for report in ledger.reports.generated():
        for name, recorded in report["outputs"].items():
            if recorded == digest:
                matches.append((report, name))
            elif name == path.name:
                same_name.append(report)
    return Verdict(path, digest, matches, same_name)


# What is due.


@dataclass(frozen=True)
class Due:
    job: str
    option: str
    period: str
    ended_on: date

    def as_dict(self) -> dict[str, str]:
        return {
            "job": self.job,
            "period": self.period,
            "ended_on": self.ended_on.isoformat(),
            "command": f"qaledger report {self.job} --{self.option} {self.period}",
        }


def first_day(ledger: QALedger) -> date | None:
    """The day the ledger's first event happened (its ``init``)."""
    first = next(ledger.notifications(start=1, batch=1), None)
    if first is None:
        return None
    event: Any = ledger.mapper.to_domain_event(first)
    day = getattr(event, "occurred_on", None)
    return day if isinstance(day, date) else None


def due_reports(ledger: QALedger, since: date | None = None) -> list[Due]:
    """Every periodic report whose period has ended (before today) since
    the ledger began, or ``since``, and that no recorded report covers."""
    start = since or first_day(ledger)
    if start is None:
        return []
    today = ledger.today()
    done = {
        (report["job"], report["parameters"].get(JOBS[report["job"]].option or "", ""))
        for report in ledger.reports.generated()
        if report["job"] in JOBS
    }
    found = []
    for job in JOBS.values():
        if job.every is None or job.option is None:
            continue
        for period in ended_between(job.every, start, today):
            if job.every == "cycle" and not ledger.programme.cycle_opened(period.label):
                continue  # no cycle, no benchmark of it
            if (job.name, period.label) not in done:
                found.append(Due(job.name, job.option, period.label, period.end))
    return sorted(found, key=lambda due: (due.ended_on, due.job))
