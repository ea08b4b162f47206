"""The CLI as a person meets it: a write command's wall time, p50 and p95,
on a one-team ledger (about 600 events) and on a large one (the cost must
not grow with the ledger), beside ``python -c pass`` (the floor any command pays); and
``qaledger --help``. Each run is a fresh process, as at a terminal.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import fill
from ledger.application import QALedger
from ledger.storage.store import locate

QALEDGER = [sys.executable, "-c", "from commands.cli import main; main()"]


def wall_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20)  # 5% steps
    return statistics.median(samples), cuts[18]


def write_times_ms(
    db: str,
    runs: int,
    manager: str = "B0-TM",
    district: str = "North",
    on: str = "2026-01-05",
) -> tuple[float, float]:
    """p50 and p95 of ``qaledger case open`` (each a new case) on ``db``,
    recorded by team manager ``manager``, who holds it."""
    samples = [
        wall_seconds(
            [
                *QALEDGER,
                "case",
                "open",
                f"BENCH-{n}",
                "--team",
                "safeguarding",
                "--district",
                district,
                "--worker",
                manager,
                "--as",
                manager,
                "--on",
                on,
                "--db",
                db,
            ]
        )
        for n in range(runs)
    ]
    p50, p95 = percentiles(samples)
    return p50 * 1000, p95 * 1000


def ledger_of(path: Path, events: int) -> str:
    """A ledger holding about ``events`` events whose first team block
    includes team manager B0-TM (see benchmarks/synthetic.py)."""
    db = str(path)
    app = QALedger(locate(db).env)
    app.staff.init(admin_id="ADM1", name="Admin")
    fill(app, events)
    app.close()
    return db


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    runs = 10 if quick else 40
    large = 20_000 if quick else 1_000_000
    python_p50, python_p95 = percentiles(
        [wall_seconds([sys.executable, "-c", "pass"]) for _ in range(runs)]
    )
    help_p50, _ = percentiles(
        [wall_seconds([*QALEDGER, "--help"]) for _ in range(runs)]
    )
    with tempfile.TemporaryDirectory() as folder:
        small_p50, small_p95 = write_times_ms(
            ledger_of(Path(folder) / "s.db", 600), runs
        )
        big_p50, big_p95 = write_times_ms(ledger_of(Path(folder) / "b.db", large), runs)
    return [
        ("qaledger --help p50 ms", help_p50 * 1000, "python -c pass p50 ms",
         python_p50 * 1000),
        ("write command p50 ms, one-team ledger", small_p50, "python -c pass p50 ms",
         python_p50 * 1000),
        ("write command p95 ms, one-team ledger", small_p95, "python -c pass p95 ms",
         python_p95 * 1000),
        (f"write command p50 ms, {large:,}-event ledger", big_p50,
         "the same, one-team ledger", small_p50),
        (f"write command p95 ms, {large:,}-event ledger", big_p95,
         "the same, one-team ledger", small_p95),
    ]  # fmt: skip
