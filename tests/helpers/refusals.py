"""A refused command: it raises its named error and writes no event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.errors import LedgerError
from tests.conftest import event_count


def refused(
    app: QALedger,
    error: type[LedgerError],
    command: Callable[[], Any],
    match: str | None = None,
) -> LedgerError:
    before = event_count(app)
    with pytest.raises(error, match=match) as caught:
        command()
    assert event_count(app) == before, "a refused command wrote events"
    return caught.value
