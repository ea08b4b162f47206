"""Progress on stderr for every long job (``ledger.progress``): a
``click.progressbar`` per stage on a terminal, and plain lines, at most one
a second, when stderr is not one (a log file, CI). A stage that ends within
its first second shows nothing, so quick commands print only their result."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from ledger.progress import Progress

QUIET_SECONDS = 1.0


class StderrProgress:
    def __init__(
        self,
        stream: TextIO,
        *,
        terminal: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.terminal = terminal
        self.stage: str | None = None
        self.began = 0.0
        self.last_line = 0.0
        self.shown = False
        self.bar: Any = None  # click's ProgressBar, on a terminal

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if stage != self.stage:
            self.finish()
            self.stage, self.began, self.shown = stage, now, False
        finished = done >= total
        if not self.shown and (now - self.began < QUIET_SECONDS):
            return
        if self.terminal:
            self.draw(stage, done, total, finished)
        elif finished or not self.shown or now - self.last_line >= QUIET_SECONDS:
            share = f" ({done / total:.0%})" if total else ""
            click.echo(f"{stage}: {done:,} of {total:,}{share}", file=self.stream)
            self.last_line = now
        self.shown = True
        if finished:
            self.finish()

    def draw(self, stage: str, done: int, total: int, finished: bool) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=max(total, 1), label=stage, file=self.stream, show_pos=True
            )
            self.bar.__enter__()
        self.bar.length = max(total, 1)
        self.bar.update(max(done - self.bar.pos, 0))

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        self.stage = None


@contextmanager
def progress_on_stderr(
    stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
) -> Iterator[Progress]:
    """A ``Progress`` for one command, on stderr unless ``stream`` is given;
    whatever it drew is closed when the command ends, however it ends (an
    interrupt leaves a tidy terminal)."""
    stream = stream or sys.stderr
    printer = StderrProgress(stream, terminal=stream.isatty(), clock=clock)
    try:
        yield printer
    finally:
        printer.finish()
