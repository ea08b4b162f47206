"""Every figure at the sizes ``qaledger demo generate`` makes, each beside
its baseline measured in the same run:

    python -m benchmarks.scale [--sizes 1x5 152x10] [--work DIR]
                               [--stores SQLite PostgreSQL]

A size is councils x years. For each, the ledger and its events file are
generated once into ``DIR/c<councils>y<years>/`` (kept, and reused by a
later run with the same ``--work``), then, on SQLite and on PostgreSQL:

- ``qaledger import events`` of the file into an empty ledger, beside raw
  batched inserts of the same rows (``bench_import``);
- ``qaledger projections rebuild`` of the imported ledger, beside the
  decode-only catch-up (``bench_projections``); on SQLite, of a copy of the
  generated ledger instead, while the import runs beside it on the other
  core (a national ledger takes hours otherwise);
- the benchmark report of the last cycle over its read models, beside
  ``polars.read_database`` running the same queries (``bench_reports``);
- ``qaledger case open`` p50 and p95 on the imported ledger, beside the
  same on the smallest size;

and the peak memory of generate, import, rebuild and report, each in a new
process, at every size (the largest beside the smallest). Commands run as
at a terminal, so their times include starting Python (under a second).
``--stores`` leaves a store out, when a session cannot wait for it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.bench_cli import QALEDGER, write_times_ms
from benchmarks.bench_import import raw_postgres, raw_sqlite, row_batches
from benchmarks.bench_projections import decode_only
from benchmarks.bench_reports import time_polars_alone, time_report
from benchmarks.harness import machine, scratch_schema, timed_peak
from ledger.application import QALedger
from ledger.demo.council import ADMIN, QA_LEAD
from ledger.storage.store import locate, postgres_conninfo
from projections.engine.read_store import open_read_store, read_schema

Figure = tuple[str, float, str, float]
WRITE_RUNS = 40


@dataclass(frozen=True)
class Size:
    councils: int
    years: int

    @classmethod
    def parse(cls, text: str) -> Size:
        councils, _, years = text.partition("x")
        return cls(int(councils), int(years))

    @property
    def label(self) -> str:
        return f"{self.councils}x{self.years}"

    def staff(self, local: str) -> str:
        """A staff id of the first council (``ledger.demo.council.sid``)."""
        return f"C001-{local}" if self.councils > 1 else local

    @property
    def district(self) -> str:
        """A district of the first council (``C001 North``)."""
        return "C001 North" if self.councils > 1 else "North"


@dataclass
class Generated:
    events_file: Path
    events: int
    seconds: float
    peak_mib: float


def tree_size(events_file: Path) -> int:
    """The tree size the file's last line (its tree head) states."""
    with open(events_file, "rb") as file:
        file.seek(max(0, file.seek(0, 2) - 512))
        last = file.read().splitlines()[-1]
    return int(json.loads(last)["tree_head"]["tree_size"])


def generate(size: Size, folder: Path) -> Generated:
    """The size's events file, generated unless an earlier run left it."""
    events_file = folder / "events.jsonl"
    record = folder / "generated.json"
    if record.exists():
        kept = json.loads(record.read_text())
        return Generated(events_file, kept["events"], kept["seconds"], kept["peak_mib"])
    folder.mkdir(parents=True, exist_ok=True)
    seconds, peak = timed_peak(
        [
            *QALEDGER,
            "demo",
            "generate",
            "--councils",
            str(size.councils),
            "--years",
            str(size.years),
            "--db",
            str(folder / "generated.db"),
            "--jsonl",
            str(events_file),
            "--overwrite",
        ]
    )
    made = Generated(events_file, tree_size(events_file), seconds, peak)
    kept = {"events": made.events, "seconds": seconds, "peak_mib": peak}
    record.write_text(json.dumps(kept))
    return made


@dataclass
class Measured:
    """One store's figures at one size."""

    import_rate: float
    raw_rate: float
    import_peak: float
    rebuild_rate: float
    decode_rate: float
    rebuild_peak: float
    report_ms: float
    polars_ms: float
    polars_queries: int
    polars_rows: int
    report_peak: float
    write_p50: float
    write_p95: float


def say(measured: str) -> None:
    """Each figure on stderr as it is taken: a long run interrupted still
    leaves what it measured."""
    print(f"  {measured}", file=sys.stderr, flush=True)


def qaledger(*arguments: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of a qaledger command."""
    seconds, peak = timed_peak([*QALEDGER, *arguments])
    say(f"qaledger {' '.join(arguments[:2])}: {seconds:,.1f} s, {peak:,.0f} MiB")
    return seconds, peak


def measure(
    size: Size, made: Generated, db: str, raw: float, rebuilt: str | None = None
) -> Measured:
    """Import into the empty ledger at ``db``, then rebuild its read models,
    report and write. With ``rebuilt`` (a copy of the same ledger), its read
    models are rebuilt and reported on instead, while the import runs beside
    it: each on a core of its own."""
    count = made.events
    importing = ("import", "events", str(made.events_file), "--db", db)
    if rebuilt is None:
        rebuilt = db
        import_seconds, import_peak = qaledger(*importing)
        rebuild_seconds, rebuild_peak = qaledger("projections", "rebuild", "--db", db)
    else:
        with ThreadPoolExecutor(2) as both:
            imported = both.submit(qaledger, *importing)
            rebuilding = both.submit(
                qaledger, "projections", "rebuild", "--db", rebuilt
            )
            import_seconds, import_peak = imported.result()
            rebuild_seconds, rebuild_peak = rebuilding.result()
    store = locate(rebuilt)
    ledger = QALedger(store.env)
    try:
        decode_rate = decode_only(ledger, count)
    finally:
        ledger.close()
    say(f"decode-only: {decode_rate:,.0f} events/s")
    cycle = f"{date.today().year - 1}H2"
    out = Path(made.events_file.parent / "report")
    shutil.rmtree(out, ignore_errors=True)
    read_store = open_read_store(store)
    try:
        report_seconds, queries = time_report(read_store, out / "in-process", cycle)
        polars_seconds, polars_rows = time_polars_alone(read_store, queries)
    finally:
        read_store.close()
    say(f"report {report_seconds:,.2f} s; polars alone {polars_seconds:,.2f} s")
    _, report_peak = qaledger(
        "report", "benchmark", "--cycle", cycle, "--out", str(out / "cli"),
        "--as", size.staff(QA_LEAD), "--db", rebuilt,
    )  # fmt: skip
    qaledger(
        "staff", "join", "BENCH-TM", "--name", "Bench Manager", "--role",
        "team-manager", "--team", "safeguarding", "--as", size.staff(ADMIN),
        "--db", db,
    )  # fmt: skip
    p50, p95 = write_times_ms(
        db, WRITE_RUNS, "BENCH-TM", size.district, date.today().isoformat()
    )
    say(f"write command p50 {p50:,.0f} ms, p95 {p95:,.0f} ms")
    return Measured(
        import_rate=count / import_seconds,
        raw_rate=raw,
        import_peak=import_peak,
        rebuild_rate=count / rebuild_seconds,
        decode_rate=decode_rate,
        rebuild_peak=rebuild_peak,
        report_ms=report_seconds * 1000,
        polars_ms=polars_seconds * 1000,
        polars_queries=len(queries),
        polars_rows=polars_rows,
        report_peak=report_peak,
        write_p50=p50,
        write_p95=p95,
    )


def on_sqlite(size: Size, made: Generated) -> Measured:
    folder = made.events_file.parent
    for leftover in [*folder.glob("imported.*"), *folder.glob("rebuilt.*")]:
        leftover.unlink()
    raw_db = folder / "raw.db"
    raw_db.unlink(missing_ok=True)
    raw = raw_sqlite(raw_db, row_batches(made.events_file))
    raw_db.unlink()
    say(f"raw inserts: {raw:,.0f} rows/s")
    # The generated ledger stays as it was made, for the next run.
    shutil.copyfile(folder / "generated.db", folder / "rebuilt.db")
    return measure(
        size, made, str(folder / "imported.db"), raw, str(folder / "rebuilt.db")
    )


def on_postgres(size: Size, made: Generated) -> Measured:
    with scratch_schema() as url:
        raw = raw_postgres(url, row_batches(made.events_file))
    say(f"raw inserts: {raw:,.0f} rows/s")
    with scratch_schema() as url:
        try:
            return measure(size, made, url, raw)
        finally:
            drop_read_schema(url)


def drop_read_schema(url: str) -> None:
    import psycopg
    from psycopg import sql

    store = locate(url)
    with psycopg.connect(postgres_conninfo(store), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(read_schema(store))
            )
        )


STORES = {"SQLite": on_sqlite, "PostgreSQL": on_postgres}


def figures(store: str, size: Size, made: Generated, m: Measured) -> list[Figure]:
    at = f"{store}, {size.label} ({made.events:,} events)"
    raw = "raw batched inserts/s, same rows"
    return [
        (f"{at}: import events/s", m.import_rate, raw, m.raw_rate),
        (f"{at}: rebuild events/s", m.rebuild_rate,
         "decode-only catch-up events/s", m.decode_rate),
        (f"{at}: benchmark report ms", m.report_ms,
         f"polars.read_database of its {m.polars_queries} queries, "
         f"{m.polars_rows:,} rows (ms)", m.polars_ms),
    ]  # fmt: skip


def against_smallest(
    store: str, small: Size, large: Size, a: Measured, b: Measured
) -> list[Figure]:
    def row(what: str, big: float, little: float) -> Figure:
        return (f"{store}: {what}, {large.label}", big, f"at {small.label}", little)

    return [
        row("write command p50 ms", b.write_p50, a.write_p50),
        row("write command p95 ms", b.write_p95, a.write_p95),
        row("import peak RSS MiB", b.import_peak, a.import_peak),
        row("rebuild peak RSS MiB", b.rebuild_peak, a.rebuild_peak),
        row("report peak RSS MiB", b.report_peak, a.report_peak),
    ]


def generation(small: Size, large: Size, a: Generated, b: Generated) -> list[Figure]:
    return [
        (f"generate events/s, {large.label} ({b.events:,} events)",
         b.events / b.seconds, f"at {small.label} ({a.events:,} events)",
         a.events / a.seconds),
        (f"generate peak RSS MiB, {large.label}", b.peak_mib,
         f"at {small.label}", a.peak_mib),
    ]  # fmt: skip


def show(rows: list[Figure]) -> None:
    for figure, value, baseline, base_value in rows:
        print(
            f"| {figure} | {value:,.0f} | {baseline} | {base_value:,.0f} "
            f"| {value / base_value:.2f} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", nargs="+", type=Size.parse, default=[Size(1, 5), Size(152, 10)]
    )
    parser.add_argument("--work", type=Path, default=Path("bench-scale"))
    parser.add_argument(
        "--stores", nargs="+", choices=list(STORES), default=list(STORES)
    )
    options: Any = parser.parse_args(argv)
    sizes: list[Size] = sorted(options.sizes, key=lambda s: s.councils * s.years)
    print(f"Machine: {machine()}")
    print(f"Date: {date.today()}; sizes: {' '.join(s.label for s in sizes)}\n")
    print("| figure | value | baseline (same run) | value | ratio |")
    print("| --- | ---: | --- | ---: | ---: |")
    made: dict[Size, Generated] = {}
    measured: dict[tuple[str, Size], Measured] = {}
    for size in sizes:
        folder = options.work / f"c{size.councils}y{size.years}"
        print(f"generating {size.label} ...", file=sys.stderr, flush=True)
        made[size] = generate(size, folder)
        for name in options.stores:
            print(f"measuring {size.label} on {name} ...", file=sys.stderr, flush=True)
            measured[name, size] = STORES[name](size, made[size])
            show(figures(name, size, made[size], measured[name, size]))
    small, large = sizes[0], sizes[-1]
    if small != large:
        show(generation(small, large, made[small], made[large]))
        for name in STORES:
            if (name, small) in measured and (name, large) in measured:
                show(against_smallest(name, small, large, measured[name, small],
                                      measured[name, large]))  # fmt: skip


if __name__ == "__main__":
    main()
