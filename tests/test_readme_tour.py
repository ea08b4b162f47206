"""The README's tour runs: every command of its ``sh`` blocks, in order, on a
fresh ledger on each store, each succeeding and printing the id its comment
says it prints; and its report commands, on the demo ledger its first
command builds, give reports with data. The commands are read from
README.md, so the tour stays true as the README changes."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from commands.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
TOUR_HEADINGS = ("## A short tour of the CLI",)
REPORT_HEADINGS = ("## Reports",)
# A demo year ending on 2026-12-02, after every period the README's report
# commands name (a demo built today ends today).
DEMO_START = "2025-12-03"
PRINTS = re.compile(r"#\s*prints\s+(\S+)")


@dataclass(frozen=True)
class Command:
    line: int  # where it starts in README.md
    words: list[str]
    prints: str | None  # the id its comment says it prints


def sections(text: str, headings: tuple[str, ...]) -> list[tuple[int, str]]:
    """(first line number, text) of each section under one of ``headings``,
    up to the next second-level heading."""
    lines = text.splitlines()
    found = []
    for n, line in enumerate(lines):
        if line.strip() in headings:
            end = next(
                (m for m in range(n + 1, len(lines)) if lines[m].startswith("## ")),
                len(lines),
            )
            found.append((n + 1, "\n".join(lines[n:end])))
    return found


def sh_commands(first_line: int, section: str) -> list[Command]:
    """The commands of a section's ```sh blocks: continued lines joined,
    comments dropped (a ``# prints ID`` comment kept as what it prints)."""
    commands: list[Command] = []
    in_block = False
    pending: list[str] = []
    start = 0
    for offset, line in enumerate(section.splitlines()):
        if line.startswith("```"):
            in_block = line.strip() == "```sh" and not in_block
            continue
        if not in_block or (not pending and not line.strip()):
            continue
        if not pending:
            start = first_line + offset
        pending.append(line.rstrip())
        if line.rstrip().endswith("\\"):
            pending[-1] = pending[-1][:-1]
            continue
        joined = " ".join(pending)
        pending = []
        printed = PRINTS.search(joined)
        commands.append(
            Command(
                start,
                shlex.split(joined, comments=True),
                printed.group(1) if printed else None,
            )
        )
    return commands


def tour(headings: tuple[str, ...] = TOUR_HEADINGS) -> list[Command]:
    text = README.read_text(encoding="utf-8")
    return [
        command
        for first_line, section in sections(text, headings)
        for command in sh_commands(first_line, section)
    ]


def test_the_tour_is_found_and_reads_as_commands() -> None:
    commands = tour()
    assert len(commands) > 30
    programs = {c.words[0] for c in commands}
    assert programs <= {"qaledger", "export"}, programs
    assert [c.prints for c in commands if c.prints][:2] == ["AUD-0001", "ACT-0001"]


def test_a_tour_command_is_joined_across_lines_without_its_comment() -> None:
    section = "\n".join(
        [
            "```sh",
            "qaledger audit schedule --kind whole-case-file \\",
            "    --week 2026-11-02 --as HOS1   # prints AUD-0001",
            "```",
            "```console",
            "qaledger not run",
            "```",
        ]
    )
    assert sh_commands(10, section) == [
        Command(
            11,
            [
                "qaledger",
                "audit",
                "schedule",
                "--kind",
                "whole-case-file",
                "--week",
                "2026-11-02",
                "--as",
                "HOS1",
            ],
            "AUD-0001",
        )
    ]


def test_every_command_of_the_tour_works_in_order_on_a_fresh_ledger(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("QALEDGER_DB", "QALEDGER_ACTOR", "QALEDGER_SETTINGS"):
        monkeypatch.delenv(name, raising=False)
    env: dict[str, str] = {}
    ran = 0
    for command in tour():
        where = f"README.md line {command.line}: {shlex.join(command.words)}"
        if command.words[0] == "export":
            name, _, value = command.words[1].partition("=")
            # The tour's ledger, on the store this run tests.
            env[name] = db_url if name == "QALEDGER_DB" else value
            continue
        result = CliRunner().invoke(main, command.words[1:], env=env)
        assert result.exit_code == 0, f"{where}\n{result.output}"
        if command.prints is not None:
            printed = re.search(rf"\b{re.escape(command.prints)}\b", result.output)
            assert printed, f"{where}\n{result.output}"
        ran += 1
    assert ran == len(tour()) - 1


def test_the_readmes_reports_have_data_on_the_demo_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo built as the README's first command builds it, its closing
    hint run as printed, then every report command of the README."""
    monkeypatch.chdir(tmp_path)
    for name in ("QALEDGER_DB", "QALEDGER_ACTOR", "QALEDGER_SETTINGS"):
        monkeypatch.delenv(name, raising=False)
    env = {"QALEDGER_DB": str(tmp_path / "demo.db")}
    built = CliRunner().invoke(
        main, ["demo", "generate", "--start", DEMO_START], env=env
    )
    assert built.exit_code == 0, built.output
    # It ends with every report for its latest period, and an index.
    opened = next(line for line in built.output.splitlines() if "open " in line)
    index = Path(opened.rsplit("open ", 1)[1])
    assert index == tmp_path / "demo-reports" / "index.html"
    linked = re.findall(r'href="([^"]+\.html)"', index.read_text(encoding="utf-8"))
    assert len(linked) == 5
    for name in linked:
        page = (index.parent / name).read_text(encoding="utf-8")
        assert 'id="no-data"' not in page, name
    checked = CliRunner().invoke(
        main, ["report", "verify", *(str(index.parent / n) for n in linked)], env=env
    )
    assert checked.exit_code == 0, checked.output
    hint = built.output.splitlines()[-1]
    assert hint.startswith("Try: qaledger "), hint
    tried = CliRunner().invoke(main, shlex.split(hint)[2:])
    assert tried.exit_code == 0 and "AUD-0001" in tried.output, tried.output
    commands = tour(REPORT_HEADINGS)
    assert {c.words[2] for c in commands} >= {
        "benchmark", "pmm", "supervision", "complaints", "ofsted", "verify"
    }  # fmt: skip
    written: list[str] = []
    for command in commands:
        where = f"README.md line {command.line}: {shlex.join(command.words)}"
        result = CliRunner().invoke(main, command.words[1:], env=env)
        assert result.exit_code == 0, f"{where}\n{result.output}"
        assert "no data was recorded" not in result.output, where
        if command.words[2] not in ("verify", "due", "run-due"):
            # run-due also writes periods from before the demo began.
            written += re.findall(r"\S+\.html", result.output)
    assert len(written) == 5, written
    for name in written:
        page = (tmp_path / "reports" / name).read_text(encoding="utf-8")
        assert 'id="no-data"' not in page, name
