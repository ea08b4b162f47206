"""The command line through click's CliRunner: exit codes, messages, --json,
and nothing written when a command is refused."""

from __future__ import annotations

import json
import shlex
from datetime import date, timedelta

import click
import pytest
from click.testing import CliRunner

from commands.cli import main
from tests.helpers.cli import events_in, run


@pytest.fixture
def cli_db(db_url: str) -> str:
    """A ledger with an administrator, two managers, a worker and a case."""
    on = ["--on", "2026-01-05"]
    assert run(db_url, "init", "--admin", "ADM1", "--name", "Alex", *on).exit_code == 0
    for args in (
        ["HOS1", "--role", "head-of-service"],
        ["TM1", "--role", "team-manager", "--team", "safeguarding"],
        ["TM2", "--role", "team-manager", "--team", "leaving-care"],
        ["SW1", "--role", "social-worker", "--team", "safeguarding"],
        ["INS1", "--role", "inspector"],
    ):
        staff_id, *rest = args
        result = run(
            db_url,
            "staff",
            "join",
            staff_id,
            "--name",
            staff_id,
            *rest,
            "--as",
            "ADM1",
            *on,
        )
        assert result.exit_code == 0, result.output
    result = run(
        db_url,
        "case",
        "open",
        "LL-1",
        "--team",
        "safeguarding",
        "--district",
        "North",
        "--worker",
        "SW1",
        "--as",
        "TM1",
        *on,
    )
    assert result.exit_code == 0, result.output
    return db_url


def test_help_lists_every_group() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for group in ("init", "staff", "case", "audit", "action", "demo"):
        assert group in result.output


def every_command(
    group: click.Group, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, f"{' '.join((*path, name))} does not load"
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
        else:
            found.append((*path, name))
    return found


SHELL = {">", ">>", "|", "&&"}


def help_examples(help_text: str) -> list[list[str]]:
    """The example commands of a help text, as the shell would split them:
    the lines after "Example:" (or "Examples:") up to "Options:", a line
    ending in a backslash continued on the next."""
    examples: list[list[str]] = []
    lines = help_text.split("Example", 1)[1].split("\nOptions:")[0].splitlines()[1:]
    pending = ""
    for line in (line.strip() for line in lines):
        if not line and not pending:
            continue
        pending += line
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        words = shlex.split(pending, comments=True)
        # What the shell does with the output is not the command's.
        redirect = next((i for i, w in enumerate(words) if w in SHELL), len(words))
        examples.append(words[:redirect])
        pending = ""
    return examples


def parsed_by_the_cli(words: list[str]) -> click.Command:
    """The command an example names, its options and arguments parsed as
    the command line would parse them (raising click's usage error if not),
    without running it."""
    assert words[0] == "qaledger", words
    command: click.Command = main
    rest = words[1:]
    while isinstance(command, click.Group):
        found = command.get_command(click.Context(command), rest[0])
        assert found is not None, words
        command, rest = found, rest[1:]
    command.make_context(command.name or "", rest)
    return command


def test_every_command_help_has_an_example_that_pastes() -> None:
    """Each example is on lines of its own (click's \\b), names its own
    command and parses as given: pasted, it would run that command."""
    runner = CliRunner()
    commands = every_command(main)
    assert ("audit", "grade") in commands
    for path in commands:
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0
        name = " ".join(path)
        assert "Example:" in result.output or "Examples:" in result.output, (
            f"{name} has no example"
        )
        examples = help_examples(result.output)
        assert examples, f"{name}: no example command"
        assert any(words[1 : 1 + len(path)] == list(path) for words in examples), (
            f"{name}: no example of this command: {examples}"
        )
        for words in examples:
            try:
                parsed_by_the_cli(words)
            except click.BadParameter as refused:
                # A file the reader would have (an events file, a report).
                assert "does not exist" in str(refused), f"{name}: {refused}"


def test_an_example_that_does_not_parse_is_caught() -> None:
    with pytest.raises(click.UsageError):
        parsed_by_the_cli(["qaledger", "audit", "grade", "AUD-1", "good", "--bogus"])
    assert help_examples(
        "Example:\n\n    qaledger a b \\\n        --c 'd e'\n\nOptions:\n  --x"
    ) == [["qaledger", "a", "b", "--c", "d e"]]


def test_schedule_prints_the_new_id_as_json(cli_db: str) -> None:
    result = run(
        cli_db,
        "audit",
        "schedule",
        "--kind",
        "whole-case-file",
        "--case",
        "LL-1",
        "--auditor",
        "TM2",
        "--week",
        "2026-02-02",
        "--as",
        "HOS1",
        "--on",
        "2026-01-20",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"ok": True, "audit_id": "AUD-0001"}


def test_a_refusal_exits_1_with_error_and_writes_nothing(cli_db: str) -> None:
    before = events_in(cli_db)
    result = run(cli_db, "case", "close", "LL-1", "--reason", "x", "--as", "INS1")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: the inspector role may not case close; that needs one of: "
    )
    assert events_in(cli_db) == before


def test_an_unknown_grade_lists_the_grades_and_writes_nothing(cli_db: str) -> None:
    run(
        cli_db,
        "audit",
        "schedule",
        "--kind",
        "whole-case-file",
        "--case",
        "LL-1",
        "--auditor",
        "TM2",
        "--week",
        "2026-02-02",
        "--as",
        "HOS1",
        "--on",
        "2026-01-20",
    )
    run(cli_db, "audit", "start", "AUD-0001", "--as", "TM2", "--on", "2026-02-02")
    before = events_in(cli_db)
    result = run(cli_db, "audit", "grade", "AUD-0001", "superb", "--as", "TM2")
    assert result.exit_code == 1
    assert "Error: unknown grade 'superb'; allowed: outstanding, good" in result.output
    assert events_in(cli_db) == before


def test_a_future_date_is_refused(cli_db: str) -> None:
    before = events_in(cli_db)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = run(
        cli_db,
        "case",
        "close",
        "LL-1",
        "--reason",
        "x",
        "--as",
        "TM1",
        "--on",
        tomorrow,
    )
    assert result.exit_code == 1
    assert "in the future" in result.output
    assert events_in(cli_db) == before


def test_usage_errors_exit_2_and_write_nothing(cli_db: str) -> None:
    before = events_in(cli_db)
    missing_actor = run(cli_db, "case", "close", "LL-1", "--reason", "x")
    bad_date = run(
        cli_db,
        "case",
        "close",
        "LL-1",
        "--reason",
        "x",
        "--as",
        "TM1",
        "--on",
        "31/12/2025",
    )
    assert (missing_actor.exit_code, bad_date.exit_code) == (2, 2)
    assert "--as" in missing_actor.output
    assert events_in(cli_db) == before


def test_show_prints_plain_words(cli_db: str) -> None:
    result = run(cli_db, "case", "show", "LL-1")
    assert result.exit_code == 0
    assert "allocated worker: SW1" in result.output
    assert "status: open" in result.output


def test_show_of_an_unknown_id_says_no_such(cli_db: str) -> None:
    result = run(cli_db, "audit", "show", "AUD-0404")
    assert result.exit_code == 1
    assert "Error: no such audit: 'AUD-0404'" in result.output


def test_an_unreachable_database_is_an_error_not_a_traceback() -> None:
    result = run("postgresql://nobody@127.0.0.1:1/none", "case", "show", "LL-1")
    assert result.exit_code == 1
    assert "Error: cannot reach the database at postgresql://127.0.0.1:1/none" in (
        result.output
    )


def test_a_missing_folder_is_an_error_not_a_traceback(tmp_path: object) -> None:
    result = run(f"{tmp_path}/no/such/folder/x.db", "case", "show", "LL-1")
    assert result.exit_code == 1
    assert "Error: cannot open" in result.output


def test_the_default_store_is_a_file_in_the_working_directory(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.delenv("QALEDGER_DB", raising=False)
    result = CliRunner().invoke(main, ["init", "--admin", "ADM1", "--name", "A"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qaledger.db").exists()  # type: ignore[operator]
