"""Run the benchmarks and print each figure beside its same-run baseline.

    python -m benchmarks.run [--quick]

Paste the printed table into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from benchmarks import (
    bench_cli,
    bench_commands,
    bench_import,
    bench_integrity,
    bench_projections,
    bench_reports,
)
from benchmarks.harness import machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    quick = parser.parse_args().quick
    print(f"Machine: {machine()}")
    print(f"Date: {date.today()}; mode: {'quick' if quick else 'full'}\n")
    print("| figure | value | baseline (same run) | value | ratio |")
    print("| --- | ---: | --- | ---: | ---: |")
    suites = (bench_cli, bench_commands, bench_projections, bench_integrity)
    for suite in (*suites, bench_import, bench_reports):
        print(f"running {suite.__name__} ...", file=sys.stderr)
        for figure, value, baseline, base_value in suite.run(quick):
            print(
                f"| {figure} | {value:,.0f} | {baseline} | {base_value:,.0f} "
                f"| {value / base_value:.2f} |"
            )


if __name__ == "__main__":
    main()
