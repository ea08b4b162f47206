"""The project's promises about itself: the README shows the permission table
the code enforces, and CI runs the README's test command."""

from __future__ import annotations

from pathlib import Path

from ledger.permissions import permissions_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_readme_shows_the_permission_table_the_code_enforces() -> None:
    assert permissions_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_demo_and_test_commands() -> None:
    commands = [
        line.strip()
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12]
        if line.startswith("    python3 -m venv")
    ]
    assert len(commands) == 2
    assert "qaledger demo generate" in commands[0]
    assert commands[1].endswith("pytest")
