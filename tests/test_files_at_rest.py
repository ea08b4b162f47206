"""The SQLite ledger and its read store hold personal data: the files the
CLI creates are readable and writable by their owner alone, their WAL files
too, whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import run


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_ledger_and_read_store_files_are_the_owners_alone(
    tmp_path: Path, open_umask: None
) -> None:
    db = tmp_path / "council.db"
    made = run(str(db), "init", "--admin", "ADM1", "--name", "Alex Admin")
    assert made.exit_code == 0, made.output
    assert run(str(db), "due").exit_code == 0
    # SQLite removes the -wal file on a clean close: hold one open.
    held = sqlite3.connect(tmp_path / "council.read.db")
    try:
        held.execute("CREATE TABLE scratch (x)")
        modes = {
            f.name: stat.S_IMODE(f.stat().st_mode) for f in tmp_path.glob("council*")
        }
    finally:
        held.close()
    assert {"council.db", "council.read.db", "council.read.db-wal"} <= set(modes)
    for name, mode in modes.items():
        assert mode & 0o077 == 0, f"{name} is {oct(mode)}"


def test_a_file_that_is_there_keeps_its_owners_choice(
    tmp_path: Path, open_umask: None
) -> None:
    db = tmp_path / "shared.db"
    db.touch(mode=0o640)
    os.chmod(db, 0o640)
    assert run(str(db), "init", "--admin", "ADM1", "--name", "Alex").exit_code == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o640
