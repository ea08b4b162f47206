"""How a long job says how far it has got: one interface for every job
(importing, exporting, copying and verifying the log, rebuilding read models,
generating a demo), so that one printer draws them all (``commands.progress``).

A job calls ``progress(stage, done, total)`` as it goes: the stage in words
("importing", "rebuilding"), how much of it is done and how much there is, in
the stage's own unit (positions, bytes, months). A job that nobody watches is
given ``no_progress``.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """Progress nobody watches."""
