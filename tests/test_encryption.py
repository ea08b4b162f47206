"""Encryption at rest, on both stores: payloads are ciphertext in the table,
the right key reads them, a missing or wrong key is a plain error, and
verification needs no key at all."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from commands.cli import main
from ledger.application import QALedger
from ledger.errors import InvalidValue
from ledger.integrity.evidence import BundleInvalid, check_bundle, export_evidence
from ledger.storage.cipher_keys import (
    KEY_FILE_VARIABLE,
    KEY_VARIABLE,
    UnreadableEvents,
    configured_cipher,
    new_key,
)
from ledger.storage.store import locate
from tests.conftest import TODAY, event_count, given_a_council, given_a_started_audit
from tests.helpers.tampering import Tamperer

NOTE = "Mother says the plan was never shared with her"


def run(db: str, *args: str, key: str | None) -> Result:
    """The CLI with exactly this key configured (None: no key)."""
    return CliRunner().invoke(
        main,
        [*args, "--db", db],
        env={KEY_VARIABLE: key, KEY_FILE_VARIABLE: None},
        catch_exceptions=False,
    )


def record_history(app: QALedger) -> str:
    given_a_council(app)
    audit_id = given_a_started_audit(app)
    action_id = app.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Share the plan with the family",
        on=date(2026, 2, 4),
    )
    app.actions.review(
        "TM1", action_id=action_id, outcome="on-track", note=NOTE, on=date(2026, 3, 10)
    )
    return action_id


@pytest.fixture
def key() -> str:
    return new_key()


@pytest.fixture
def encrypted(
    db_url: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[QALedger]:
    monkeypatch.setenv(KEY_VARIABLE, key)
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    record_history(app)
    yield app
    app.close()


def raw_states(db_url: str) -> list[bytes]:
    rows = Tamperer(db_url).run("SELECT state FROM {events}")
    return [bytes(state) for (state,) in rows]


def test_a_plain_ledger_stores_the_note_readably(ledger: QALedger, db_url: str) -> None:
    # The control for the test below: the search finds the note when it is there.
    record_history(ledger)
    assert any(NOTE.encode() in state for state in raw_states(db_url))


def test_an_encrypted_ledger_stores_no_plaintext(
    encrypted: QALedger, db_url: str
) -> None:
    states = raw_states(db_url)
    assert len(states) == event_count(encrypted)
    for plaintext in (NOTE, "Share the plan", "Name of HOS1", "LL-1001", "actor_id"):
        assert not any(plaintext.encode() in state for state in states), plaintext


def test_the_right_key_reads_the_events_back(
    encrypted: QALedger, db_url: str, key: str
) -> None:
    shown = run(db_url, "action", "show", "ACT-0001", "--json", key=key)
    assert shown.exit_code == 0, shown.output
    assert NOTE in shown.stdout


def test_no_key_is_a_plain_error_and_writes_nothing(
    encrypted: QALedger, db_url: str
) -> None:
    before = event_count(encrypted)
    shown = run(db_url, "case", "show", "LL-1001", key=None)
    assert shown.exit_code == 1
    assert shown.stderr.startswith("Error: the ledger's events are encrypted: set ")
    opened = run(
        db_url,
        "case",
        "open",
        "LL-77",
        "--team",
        "safeguarding",
        "--district",
        "North",
        "--worker",
        "SW1",
        "--as",
        "TM1",
        key=None,
    )
    assert opened.exit_code == 1
    assert "Traceback" not in opened.output
    assert event_count(encrypted) == before


def test_a_wrong_key_is_a_plain_error(encrypted: QALedger, db_url: str) -> None:
    result = run(db_url, "case", "show", "LL-1001", key=new_key())
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the configured cipher key does not open the ledger's events"
    )


def test_a_wrong_key_in_the_application_raises_unreadable_events(
    encrypted: QALedger, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, new_key())
    app = QALedger(locate(db_url).env)
    try:
        with pytest.raises(UnreadableEvents, match="does not open"):
            app.cases.show("LL-1001")
    finally:
        app.close()


def test_a_key_for_a_plain_ledger_says_so(ledger: QALedger, db_url: str) -> None:
    record_history(ledger)
    result = run(db_url, "case", "show", "LL-1001", key=new_key())
    assert result.exit_code == 1
    assert "the ledger's events are not encrypted" in result.stderr


def test_a_malformed_key_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run(str(db), "init", "--admin", "ADM1", "--name", "A", key="not a key")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {KEY_VARIABLE} is not a cipher key")
    assert not db.exists()


def test_verify_needs_no_key_and_gives_the_same_head(
    encrypted: QALedger, db_url: str
) -> None:
    with_key = encrypted.integrity.verify().head.digest
    result = run(db_url, "verify", "--json", key=None)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["digest"] == with_key


def test_keygen_writes_a_private_key_file_that_opens_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "cipher.key"
    made = CliRunner().invoke(main, ["keygen", "--out", str(key_file)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = CliRunner().invoke(main, ["keygen", "--out", str(key_file)])
    assert again.exit_code == 1
    assert "never overwritten" in again.stderr

    db = str(tmp_path / "filed.db")
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(key_file))
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    app = QALedger(locate(db).env, today=lambda: TODAY)
    record_history(app)
    app.close()
    assert not any(NOTE.encode() in s for s in raw_states(db))
    shown = CliRunner().invoke(main, ["action", "show", "ACT-0001", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert NOTE in shown.stdout


def test_a_key_file_that_cannot_be_read_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="cannot read the cipher key file"):
        configured_cipher({KEY_FILE_VARIABLE: str(tmp_path / "missing.key")})
    two = tmp_path / "two.key"
    two.write_text(new_key())
    with pytest.raises(InvalidValue, match="name different keys"):
        configured_cipher({KEY_FILE_VARIABLE: str(two), KEY_VARIABLE: new_key()})


def test_an_encrypted_bundle_proves_ciphertext_and_opens_only_with_the_key(
    encrypted: QALedger, key: str
) -> None:
    bundle = export_evidence(encrypted, "LL-1001")
    digest = bundle["tree_head"]["digest"]
    assert bundle["encrypted"] is True
    without_key = check_bundle(bundle, digest)
    assert without_key.content_unchecked == without_key.events > 0
    with_key = check_bundle(bundle, digest, configured_cipher({KEY_VARIABLE: key}))
    assert with_key.content_unchecked == 0
    with pytest.raises(BundleInvalid, match="does not open"):
        check_bundle(bundle, digest, configured_cipher({KEY_VARIABLE: new_key()}))
