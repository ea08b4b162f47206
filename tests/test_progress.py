"""Progress on stderr (commands/progress.py): nothing for a stage that ends
within its first second; then a click progress bar on a terminal, or plain
lines at most one a second when stderr is not a terminal. The clock is the
test's, so nothing here waits."""

from __future__ import annotations

import io

import pytest

from commands.progress import StderrProgress, progress_on_stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_stage_that_ends_within_a_second_shows_nothing(clock: Clock) -> None:
    for terminal in (False, True):
        stream = Terminal() if terminal else io.StringIO()
        printer = StderrProgress(stream, terminal=terminal, clock=clock)
        printer("importing", 0, 10)
        clock.now += 0.5
        printer("importing", 10, 10)
        printer.finish()
        assert stream.getvalue() == ""


def test_plain_lines_at_most_one_a_second_and_the_last(clock: Clock) -> None:
    stream = io.StringIO()
    printer = StderrProgress(stream, terminal=False, clock=clock)
    printer("importing", 0, 4000)
    for done in range(1000, 4001, 500):
        clock.now += 0.6
        printer("importing", done, 4000)
    printer("rebuilding", 0, 10)  # a new stage starts quiet again
    assert stream.getvalue().splitlines() == [
        "importing: 1,500 of 4,000 (38%)",
        "importing: 2,500 of 4,000 (62%)",
        "importing: 3,500 of 4,000 (88%)",
        "importing: 4,000 of 4,000 (100%)",
    ]


def test_a_terminal_gets_a_bar_for_each_stage(clock: Clock) -> None:
    stream = Terminal()
    printer = StderrProgress(stream, terminal=True, clock=clock)
    for stage in ("verifying", "copying"):
        printer(stage, 0, 200)
        clock.now += 2
        printer(stage, 100, 200)
        printer(stage, 200, 200)
    printer.finish()
    drawn = stream.getvalue()
    assert "verifying" in drawn and "copying" in drawn
    assert "200/200" in drawn and "#" in drawn


def test_an_interrupted_command_leaves_the_terminal_tidy(clock: Clock) -> None:
    stream = Terminal()
    with (
        pytest.raises(KeyboardInterrupt),
        progress_on_stderr(stream, clock) as progress,
    ):
        progress("rebuilding", 0, 10)
        clock.now += 2
        progress("rebuilding", 5, 10)
        raise KeyboardInterrupt
    assert "rebuilding" in stream.getvalue()
    assert stream.getvalue().endswith("\n")  # the bar's line is ended
