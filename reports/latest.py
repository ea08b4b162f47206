"""Every report job for its latest period, and an index page linking them:
what the demo's first command ends with, so a newcomer sees the reports a
monthly meeting reads without knowing a period's name.

The latest period of a job is the last one that has ended and that the
ledger's record covers from its first day (for the benchmark, a cycle that
was opened); failing that, the one running today. The Ofsted pack covers the
twelve months to today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ledger.application import QALedger
from ledger.progress import Progress, no_progress
from ledger.storage.store import Store
from reports.engine.periods import Period, ended_between, holding
from reports.engine.render import ENVIRONMENT
from reports.generate import Generated, ReportModels, first_day, generate
from reports.jobs import JOBS, Job

INDEX = "index.html"


@dataclass(frozen=True)
class Listed:
    """A report on the index page."""

    title: str
    period: str
    html: str
    workbook: str | None


def latest_period(ledger: QALedger, job: Job, began: date) -> Period | None:
    """The job's latest period (see the module's docstring); None for the
    Ofsted pack, whose period is the twelve months to today."""
    if job.every is None:
        return None
    today = ledger.today()

    def known(period: Period) -> bool:
        return job.every != "cycle" or ledger.programme.cycle_opened(period.label)

    covered = [
        p
        for p in ended_between(job.every, began, today)
        if p.start >= began and known(p)
    ]
    if covered:
        return covered[-1]
    running = holding(job.every, today)
    return running if known(running) else None


def run_latest(
    ledger: QALedger,
    store: Store,
    out_dir: Path,
    actor: str,
    progress: Progress = no_progress,
) -> Path:
    """Generate every job for its latest period into ``out_dir`` and write
    the index page; return the page's path."""
    began = first_day(ledger)
    listed = []
    with ReportModels(ledger, store, ledger.settings) as models:
        for job in JOBS.values():
            period = latest_period(ledger, job, began) if began else None
            if job.every is not None and period is None:
                continue  # e.g. no cycle opened yet
            made: Generated = generate(
                ledger,
                models,
                job=job.name,
                period=period.label if period else None,
                as_of=None if period else ledger.today(),
                out_dir=out_dir,
                actor=actor,
                progress=progress,
            )
            names = sorted(made.outputs)
            listed.append(
                Listed(
                    job.title,
                    period.title if period else f"The 12 months to {ledger.today()}",
                    next(n for n in names if n.endswith(".html")),
                    next((n for n in names if n.endswith(".xlsx")), None),
                )
            )
    page = out_dir / INDEX
    page.write_text(
        ENVIRONMENT.get_template("index.html.j2").render(reports=listed),
        encoding="utf-8",
    )
    return page
