"""qaledger verify and qaledger checkpoint through click's CliRunner, on both
stores: the verdicts, --json, exit statuses, and holding the ledger to a head
digest taken earlier."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from commands.cli import main
from ledger.application import QALedger
from tests.conftest import given_a_started_audit
from tests.helpers.tampering import Tamperer


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--db", db], catch_exceptions=False)


def verdict(db: str, *args: str) -> dict[str, object]:
    result = run(db, "verify", "--json", *args)
    data: dict[str, object] = json.loads(result.stdout)
    assert result.exit_code == (0 if data["ok"] else 1), result.output
    return data


def test_verify_prints_events_position_and_head_digest(
    council: QALedger, db_url: str
) -> None:
    head = council.integrity.verify().head
    result = run(db_url, "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"verified {head.tree_size} events up to position {head.last_position}, "
        f"head digest {head.digest}"
    )


def test_verify_json_gives_the_head(council: QALedger, db_url: str) -> None:
    head = council.integrity.verify().head
    assert verdict(db_url) == {
        "ok": True,
        "events": head.tree_size,
        "position": head.last_position,
        "digest": head.digest,
        "checkpoints_checked": 0,
    }


def test_verify_names_the_first_position_that_does_not_match(
    council: QALedger, db_url: str
) -> None:
    Tamperer(db_url).delete(6)
    result = run(db_url, "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: position 6 does not match (missing): ")
    data = verdict(db_url)
    assert (data["ok"], data["position"], data["reason"]) == (False, 6, "missing")


def test_an_old_head_still_agrees_after_the_ledger_grows(
    council: QALedger, db_url: str
) -> None:
    old = council.integrity.verify().head
    given_a_started_audit(council)
    result = run(
        db_url, "verify", "--digest", old.digest, "--at", str(old.last_position)
    )
    assert result.exit_code == 0, result.output
    assert f"agrees with digest {old.digest} at position {old.last_position}" in (
        result.stdout
    )
    at = verdict(db_url, "--digest", old.digest, "--at", str(old.last_position))["at"]
    assert at == {
        "events": old.tree_size,
        "position": old.last_position,
        "digest": old.digest,
        "agrees": True,
    }


def test_an_old_head_no_longer_agrees_once_history_before_it_changes(
    council: QALedger, db_url: str
) -> None:
    old = council.integrity.verify().head
    given_a_started_audit(council)
    tamperer = Tamperer(db_url)
    tamperer.rewrite_with_witness(4, b'{"quietly":"rewritten"}')
    result = run(
        db_url, "verify", "--digest", old.digest, "--at", str(old.last_position)
    )
    assert result.exit_code == 1
    assert f"does not agree with digest {old.digest}" in result.stderr
    data = verdict(db_url, "--digest", old.digest, "--at", str(old.last_position))
    assert data["ok"] is False


def test_a_digest_without_a_position_is_held_to_the_current_head(
    council: QALedger, db_url: str
) -> None:
    digest = council.integrity.verify().head.digest
    assert run(db_url, "verify", "--digest", digest).exit_code == 0
    given_a_started_audit(council)
    result = run(db_url, "verify", "--digest", digest)
    assert result.exit_code == 1
    assert "does not agree" in result.stderr


def test_verify_at_a_position_prints_the_head_as_it_stood_then(
    council: QALedger, db_url: str
) -> None:
    head_at_3 = council.integrity.verify(at=3).head_at
    assert head_at_3 is not None
    result = run(db_url, "verify", "--at", "3")
    assert result.exit_code == 0, result.output
    assert f"head at position 3: {head_at_3.digest} over 3 events" in result.stdout


def test_verify_refuses_bad_input(council: QALedger, db_url: str) -> None:
    last = council.position()
    beyond = run(db_url, "verify", "--at", str(last + 1))
    assert beyond.exit_code == 1
    assert f"positions run to {last}" in beyond.stderr
    bad = run(db_url, "verify", "--digest", "not-hex")
    assert bad.exit_code == 1
    assert "is not a head digest" in bad.stderr
    assert run(db_url, "verify", "--bundle", "x.json").exit_code == 2


def test_verify_never_creates_a_missing_ledger(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = run(str(missing), "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no ledger at {missing}")
    assert not missing.exists()


def test_checkpoint_record_signs_off_the_current_head(
    council: QALedger, db_url: str
) -> None:
    head = council.integrity.verify().head
    result = run(db_url, "checkpoint", "record", "--as", "QA1", "--json")
    assert result.exit_code == 0, result.output
    taken = json.loads(result.stdout)
    assert (taken["digest"], taken["events"], taken["signed_off_by"]) == (
        head.digest,
        head.tree_size,
        "QA1",
    )
    listed = json.loads(run(db_url, "checkpoint", "list", "--json").stdout)
    assert [c["digest"] for c in listed["checkpoints"]] == [head.digest]
    assert verdict(db_url)["checkpoints_checked"] == 1


def test_checkpoint_is_refused_for_unknown_staff_or_a_tampered_ledger(
    council: QALedger, db_url: str
) -> None:
    unknown = run(db_url, "checkpoint", "record", "--as", "NOBODY")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no such staff member")
    Tamperer(db_url).set_state(2, b"{}")
    tampered = run(db_url, "checkpoint", "record", "--as", "HOS1")
    assert tampered.exit_code == 1
    assert "does not verify, so no checkpoint was recorded: position 2" in (
        tampered.stderr
    )
    assert council.integrity.checkpoints() == []
