"""Projection rebuild events/s beside the library's own decode-only catch-up
(reading the notification log and decoding each event, writing nothing: the
ceiling), same ledger, same run; and the rebuild's peak memory at two ledger
sizes, each in a fresh process (the figure must stay flat as the log grows).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.harness import peak_rss_mib, rate, scratch_schema
from benchmarks.synthetic import fill
from ledger.application import QALedger
from ledger.settings import Settings
from ledger.storage.store import locate
from projections.registry import ReadModels

PAGE = 2000
REBUILD = "from commands.cli import main; main()"


def decode_only(app: QALedger, count: int) -> float:
    def run() -> None:
        start = 1
        while True:
            page = app.recorder.select_notifications(start=start, limit=PAGE)
            for notification in page:
                app.mapper.to_domain_event(notification)
            if len(page) < PAGE:
                return
            start = page[-1].id + 1

    return rate(count, run)


def rebuild_rate(app: QALedger, db: str, count: int) -> float:
    with ReadModels(app, locate(db), Settings()) as models:

        def rebuild() -> None:
            models.runner.rebuild(resume=False)

        return rate(count, rebuild)


def both_rates(db: str, events: int) -> tuple[float, float]:
    app = QALedger(locate(db).env)
    try:
        count = fill(app, events)
        return rebuild_rate(app, db, count), decode_only(app, count)
    finally:
        app.close()


def rebuild_peak_rss_mib(db: str) -> float:
    """Peak resident memory of ``qaledger projections rebuild`` on ``db``."""
    return peak_rss_mib(
        [sys.executable, "-c", REBUILD, "projections", "rebuild", "--db", db]
    )


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    events = 20_000 if quick else 200_000
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rebuild, ceiling = both_rates(str(Path(folder) / "p.db"), events)
        rows.append(
            (
                f"SQLite: rebuild events/s ({events:,})",
                rebuild,
                "decode-only catch-up events/s",
                ceiling,
            )
        )
    with scratch_schema() as url:
        rebuild, ceiling = both_rates(url, events)
        rows.append(
            (
                f"PostgreSQL: rebuild events/s ({events:,})",
                rebuild,
                "decode-only catch-up events/s",
                ceiling,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        sizes = (events // 2, events)
        peaks = []
        for size in sizes:
            db = str(Path(folder) / f"rss{size}.db")
            app = QALedger(locate(db).env)
            fill(app, size)
            app.close()
            peaks.append(rebuild_peak_rss_mib(db))
        rows.append(
            (
                f"rebuild peak RSS MiB at {sizes[0]:,} events",
                peaks[0],
                f"at {sizes[1]:,} events",
                peaks[1],
            )
        )
    return rows
