"""qaledger report through the command line: the period each job is run for,
and a run that must succeed, returning what it printed as --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.cli import run

JOB_ARGS = {
    "benchmark": ["--cycle", "2026H1"],
    "pmm": ["--month", "2026-03"],
    "supervision": ["--year", "2026"],
    "complaints": ["--quarter", "2026Q1"],
    "ofsted": ["--as-of", "2026-06-30"],
}


def generate(db: str, job: str, out: Path, *extra: str) -> dict[str, Any]:
    result = run(db, "report", job, *JOB_ARGS[job], "--out", str(out), "--as", "QA1",
                 "--json", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    generated: dict[str, Any] = json.loads(result.stdout)
    return generated
