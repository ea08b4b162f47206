"""Shared by the benchmarks: timing, PostgreSQL scratch schemas, the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

POSTGRES_URL = os.environ.get(
    "QALEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


def rate(count: int, run: Callable[[], None]) -> float:
    """Operations per second of ``run``, which performs ``count`` operations."""
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


@contextmanager
def scratch_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards; yields its URL."""
    schema = f"qaledger_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            admin.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
            )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


# A child's peak memory is read by a small launcher process: a child forked
# from a benchmark process (large by then) starts out counting its pages.
LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, "
    "time.perf_counter() - started)\n"
)


def timed_peak(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of ``command``, run to
    completion in a new process."""
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        capture_output=True,
        text=True,
        check=True,
    )
    status, kilobytes, seconds = launched.stdout.split()
    assert status == "0", f"{' '.join(command)} failed"
    return float(seconds), int(kilobytes) / 1024


def peak_rss_mib(command: list[str]) -> float:
    """Peak resident memory of ``command``, run to completion in a new process."""
    return timed_peak(command)[1]
