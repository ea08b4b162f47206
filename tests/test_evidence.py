"""Evidence bundles: exported with inclusion proofs, checked offline with no
database, and any change to a bundle is caught."""

from __future__ import annotations

import copy
import json
import math
from base64 import b64decode, b64encode
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from commands.cli import main
from ledger.application import QALedger
from ledger.cases.case import Case
from ledger.integrity.evidence import BundleInvalid, check_bundle, export_evidence
from ledger.integrity.service import LogDoesNotVerify
from tests.conftest import given_a_started_audit
from tests.helpers.tampering import Tamperer

OFFLINE = "/nonexistent/folder/no.db"  # any use of a database would fail


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def case_history(council: QALedger) -> QALedger:
    """Case LL-1001 with an audit and an action; case LL-1002 with its own."""
    audit_id = given_a_started_audit(council)
    council.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Add dates to the plan",
        on=date(2026, 2, 4),
    )
    council.cases.open(
        "TM1",
        case_ref="LL-1002",
        team="safeguarding",
        district="North",
        worker="SW2",
        on=date(2026, 1, 6),
    )
    council.audits.schedule(
        "QA1",
        kind="whole-case-file",
        auditor="TM1",
        week=date(2026, 2, 2),
        case_ref="LL-1002",
        on=date(2026, 1, 20),
    )
    return council


def events_touching(app: QALedger, case_ref: str) -> list[int]:
    """Positions of events on the case, or on aggregates whose events name it."""
    touching: set[UUID | str] = {Case.id_for(case_ref)}
    positions = []
    for note in app.notifications():
        event = app.mapper.to_domain_event(note)
        if getattr(event, "case_ref", None) == case_ref:
            touching.add(note.originator_id)
        if note.originator_id in touching:
            positions.append(note.id)
    return positions


def test_a_bundle_holds_every_event_touching_the_case_and_no_other(
    case_history: QALedger,
) -> None:
    bundle = export_evidence(case_history, "LL-1001")
    positions = [event["position"] for event in bundle["events"]]
    assert positions == events_touching(case_history, "LL-1001")
    topics = {event["topic"].rsplit(".", 1)[-1] for event in bundle["events"]}
    assert {"Opened", "Scheduled", "Started", "Set"} <= topics
    assert all(
        e["content"].get("case_ref") in (None, "LL-1001") for e in bundle["events"]
    )


def test_a_bundle_round_trip_through_the_cli_checks_offline(
    case_history: QALedger, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "LL-1001.json"
    exported = run(
        "export", "evidence", "--case", "LL-1001", "--out", str(out), "--db", db_url
    )
    assert exported.exit_code == 0, exported.output
    digest = case_history.integrity.verify().head.digest
    assert digest in exported.stdout
    case_history.close()

    checked = run("verify", "--bundle", str(out), "--digest", digest, "--db", OFFLINE)
    assert checked.exit_code == 0, checked.output
    count = len(events_touching_file(out))
    assert checked.stdout.startswith(
        f"bundle verified: {count} event(s) of case LL-1001 are in the ledger "
        f"whose head is {digest}"
    )


def events_touching_file(path: Path) -> list[Any]:
    events: list[Any] = json.loads(path.read_text())["events"]
    return events


def test_proofs_are_logarithmic_in_the_ledger_size(case_history: QALedger) -> None:
    bundle = export_evidence(case_history, "LL-1001")
    size = bundle["tree_head"]["tree_size"]
    for event in bundle["events"]:
        assert 1 <= len(event["audit_path"]) <= math.ceil(math.log2(size))


# Tampering with a bundle.


@pytest.fixture
def bundle(case_history: QALedger) -> dict[str, Any]:
    return export_evidence(case_history, "LL-1001")


def digest_of(bundle: dict[str, Any]) -> str:
    digest: str = bundle["tree_head"]["digest"]
    return digest


def test_an_untouched_bundle_checks(bundle: dict[str, Any]) -> None:
    checked = check_bundle(bundle, digest_of(bundle))
    assert (checked.case_ref, checked.events) == ("LL-1001", len(bundle["events"]))
    assert checked.content_unchecked == 0


def altered(bundle: dict[str, Any], change: str) -> dict[str, Any]:
    copied = copy.deepcopy(bundle)
    event = copied["events"][1]
    if change == "content":
        event["content"]["actor_id"] = "SOMEONE-ELSE"
    elif change == "state":
        state = json.loads(b64decode(event["state"]))
        state["actor_id"] = "SOMEONE-ELSE"
        event["content"] = state
        event["state"] = b64encode(json.dumps(state).encode()).decode()
    elif change == "position":
        event["position"] += 1
    elif change == "topic":
        event["topic"] = "ledger.case:Case.Closed"
    elif change == "proof":
        event["audit_path"][0] = "00" * 32
    elif change == "leaf index":
        event["leaf_index"] += 1
    elif change == "order":
        copied["events"].reverse()
    return copied


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("content", "readable content is not what was stored"),
        ("state", "the event or its proof was altered"),
        ("position", "the event or its proof was altered"),
        ("topic", "the event or its proof was altered"),
        ("proof", "the event or its proof was altered"),
        ("leaf index", "the event or its proof was altered"),
        ("order", "out of order"),
    ],
)
def test_any_change_to_a_bundle_is_caught(
    bundle: dict[str, Any], change: str, message: str
) -> None:
    with pytest.raises(BundleInvalid, match=message):
        check_bundle(altered(bundle, change), digest_of(bundle))


def test_a_bundle_is_checked_against_the_digest_you_hold_not_its_own(
    bundle: dict[str, Any], case_history: QALedger
) -> None:
    held = case_history.integrity.verify(at=3).head_at
    assert held is not None
    with pytest.raises(BundleInvalid, match="not the digest you hold"):
        check_bundle(bundle, held.digest)
    forged = copy.deepcopy(bundle)
    forged["tree_head"]["digest"] = held.digest
    with pytest.raises(BundleInvalid, match="the event or its proof was altered"):
        check_bundle(forged, held.digest)


def test_a_tampered_bundle_fails_through_the_cli(
    bundle: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "tampered.json"
    out.write_text(json.dumps(altered(bundle, "content")))
    result = run(
        "verify", "--bundle", str(out), "--digest", digest_of(bundle), "--db", OFFLINE
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the event at position")
    out.write_text("not json")
    result = run(
        "verify", "--bundle", str(out), "--digest", digest_of(bundle), "--db", OFFLINE
    )
    assert result.exit_code == 1
    assert "cannot read the bundle" in result.stderr
    out.write_text(json.dumps({"format": "something else"}))
    result = run(
        "verify", "--bundle", str(out), "--digest", digest_of(bundle), "--db", OFFLINE
    )
    assert result.exit_code == 1
    assert "not a qaledger evidence bundle" in result.stderr


# Export refusals: nothing written.


def test_export_refuses_an_unknown_case(
    council: QALedger, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    result = run(
        "export", "evidence", "--case", "LL-404", "--out", str(out), "--db", db_url
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no such case: 'LL-404'")
    assert not out.exists()


def test_export_refuses_a_ledger_that_does_not_verify(
    council: QALedger, db_url: str, tmp_path: Path
) -> None:
    Tamperer(db_url).set_state(3, b"{}")
    with pytest.raises(LogDoesNotVerify):
        export_evidence(council, "LL-1001")
    out = tmp_path / "x.json"
    result = run(
        "export", "evidence", "--case", "LL-1001", "--out", str(out), "--db", db_url
    )
    assert result.exit_code == 1
    assert "no evidence was exported: position 3 changed" in result.stderr
    assert not out.exists()


def test_export_never_replaces_a_file_unless_asked(
    council: QALedger, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    out.write_text("keep me")
    args = [
        "export",
        "evidence",
        "--case",
        "LL-1001",
        "--out",
        str(out),
        "--db",
        db_url,
    ]
    refused = run(*args)
    assert refused.exit_code == 1
    assert out.read_text() == "keep me"
    assert run(*args, "--overwrite").exit_code == 0
    assert json.loads(out.read_text())["case_ref"] == "LL-1001"
