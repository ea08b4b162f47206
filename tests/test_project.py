"""The project's promises about itself: the README shows the permission table
the code enforces, and CI runs the README's test command."""

from __future__ import annotations

import re
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


# In the map, `file.py` (`name`, `other`; ...): the file, and the names it
# says the file holds.
MAP_ENTRY = re.compile(r"`([\w/]+\.py)`(?: \(([^)]*)\))?")
NAME = re.compile(r"`(\w+)`")


def test_every_file_and_name_the_rule_map_points_to_is_there() -> None:
    """ledger/README.md's map sends a newcomer to a rule's file in one hop:
    each file it names exists (under ledger/, or from the top), and each
    name it gives for that file is defined in it."""
    text = (ROOT / "ledger" / "README.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if re.match(r"\| [\d.,\- ]+ \|", line)]
    checked = 0
    for row in rows:
        for path, names in MAP_ENTRY.findall(row):
            file = next(
                (p for p in (ROOT / "ledger" / path, ROOT / path) if p.exists()), None
            )
            assert file is not None, f"{path} in: {row}"
            source = file.read_text(encoding="utf-8")
            for name in NAME.findall(names.split(";")[0]):
                assert re.search(rf"\b(def|class) {name}\b|^{name} =", source, re.M), (
                    f"{name} not in {path}"
                )
                checked += 1
    assert checked > 30


def test_the_readmes_settings_file_is_read_as_it_stands_with_the_defaults(
    tmp_path: Path,
) -> None:
    """The qaledger.toml the README shows is a settings file the ledger
    reads, and every value in it is the default it says it is."""
    from ledger.settings import Settings, load_settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "qaledger.toml"
    path.write_text(block, encoding="utf-8")
    assert load_settings(path) == Settings()
    assert block.count(" = ") >= 10
