"""The data dictionary, read from ``projections/README.md``: for each table
and view, its description (the section's first paragraph) and every column
with its type and meaning. The database carries the same words
(``projections.engine.migrate.describe``: ``COMMENT ON`` on PostgreSQL, and the
``read_model_columns`` table on both stores), so a data analyst with psql or
sqlite3 reads them where the data is, and the page and the database cannot
drift (tests/test_migrations.py holds them equal)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

HEADING = re.compile(r"^## ([a-z_]+)(?: \(view\))?$")
COLUMN = re.compile(r"^\| `([a-z_]+)` \| ([A-Z]+)[^|]* \| (.*) \|$")
# Markdown the database does not need: `code` and *emphasis* marks.
MARKS = re.compile(r"[`*]")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the first word of the declared type: TEXT, DATE, BIGINT, ...
    meaning: str


@dataclass(frozen=True)
class Entry:
    """A table or view: what it holds, and its columns in order."""

    name: str
    description: str
    columns: tuple[Column, ...]
    is_view: bool = False


def plain(text: str) -> str:
    return MARKS.sub("", text).strip()


@cache
def dictionary() -> dict[str, Entry]:
    """Every documented table and view, by name."""
    text = resources.files("projections").joinpath("README.md").read_text("utf-8")
    found: dict[str, Entry] = {}
    name: str | None = None
    is_view = False
    first_paragraph: list[str] = []
    described = False  # the first paragraph has ended
    columns: list[Column] = []

    def close() -> None:
        if name is not None and columns:
            found[name] = Entry(
                name, plain(" ".join(first_paragraph)), tuple(columns), is_view
            )

    for line in text.splitlines():
        if line.startswith("## "):
            close()
            heading = HEADING.match(line)
            name = heading[1] if heading else None
            is_view = line.endswith("(view)")
            first_paragraph, described, columns = [], False, []
        elif name is None:
            continue
        elif match := COLUMN.match(line):
            columns.append(Column(match[1], match[2], plain(match[3])))
        elif not line.strip() or line.startswith("|"):
            described = described or bool(first_paragraph)
        elif not described:
            first_paragraph.append(line.strip())
    close()
    return found


def rows() -> tuple[list[tuple[str, bool, str]], list[tuple[str, str, int, str, str]]]:
    """The dictionary as the rows of read_model_tables and read_model_columns."""
    entries = sorted(dictionary().values(), key=lambda e: e.name)
    tables = [(e.name, e.is_view, e.description) for e in entries]
    columns = [
        (e.name, c.name, n, c.type, c.meaning)
        for e in entries
        for n, c in enumerate(e.columns, start=1)
    ]
    return tables, columns
