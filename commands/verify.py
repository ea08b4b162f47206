"""qaledger verify and qaledger checkpoint: tamper evidence.

``verify`` recomputes the Merkle tree over the whole log and holds it to the
witness and every checkpoint; with ``--digest`` it also checks the ledger
still agrees with a tree head someone holds, and with ``--bundle`` it checks
an evidence bundle offline, without opening any database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import click

from commands.common import (
    Output,
    actor_option,
    db_option,
    json_option,
    ledger_command,
    refusals_as_errors,
)
from ledger.application import QALedger
from ledger.integrity.checking import verify_ledger
from ledger.integrity.evidence import BundleCheck, check_bundle
from ledger.integrity.verification import TreeHead, Verification, describe_head
from ledger.integrity.witness import Checkpoint
from ledger.storage.cipher_keys import configured_cipher


@click.command()
@click.option(
    "--digest",
    metavar="HEX",
    help="A head digest you hold (from a report, a checkpoint or a bundle): "
    "check the ledger still agrees with it.",
)
@click.option(
    "--at",
    "at",
    type=click.IntRange(min=0),
    metavar="POSITION",
    help="The position the digest was taken at (default: the last one). "
    "Without --digest, print the head as it stood there.",
)
@click.option(
    "--bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check this evidence bundle against --digest, offline: no database.",
)
@db_option
@json_option
def verify(
    db: str | None,
    as_json: bool,
    digest: str | None,
    at: int | None,
    bundle: Path | None,
) -> None:
    """Recompute the ledger's Merkle tree (RFC 6962) from every stored event
    and check it against the witness kept at each save and every checkpoint.
    Prints the head digest, or the first position that does not match and
    why (changed, missing, inserted, reordered, rewritten), exit status 1.
    Needs no cipher key.

    Example:

    \b
        qaledger verify

        qaledger verify --digest 3f5a...c2 --at 1200

        qaledger verify --bundle LL-204311.json --digest 3f5a...c2
    """
    output = Output(as_json)
    with refusals_as_errors(db):
        if bundle is not None:
            if digest is None:
                raise click.UsageError("--bundle needs --digest: the head you trust")
            show_bundle(output, bundle, digest)
            return
        checked = verify_ledger(db, digest=digest, at=at)
    show_verification(output, checked.verification, checked.held)


def show_verification(
    output: Output, verification: Verification, held: bytes | None
) -> None:
    head = verification.head
    finding = verification.finding
    result: dict[str, Any] = {"ok": finding is None}
    if finding is not None:
        result |= {
            "position": finding.position,
            "reason": str(finding.reason),
            "detail": finding.detail,
        }
        if output.as_json:
            fail(json.dumps(result, indent=2))
        raise click.ClickException(
            f"position {finding.position} does not match ({finding.reason}): "
            f"{finding.detail}"
        )
    result |= {
        "events": head.tree_size,
        "position": head.last_position,
        "digest": head.digest,
        "checkpoints_checked": verification.checkpoints_checked,
    }
    lines = [
        f"verified {head.tree_size} events up to position {head.last_position}, "
        f"head digest {head.digest}",
        f"agrees with all {verification.checkpoints_checked} checkpoint(s)"
        if verification.checkpoints_checked
        else "no checkpoint recorded yet: 'qaledger checkpoint record' signs one off",
    ]
    at = verification.head_at
    if at is not None:
        agrees = held is None or held == at.root
        result["at"] = head_data(at) | ({} if held is None else {"agrees": agrees})
        if held is None:
            lines.append(f"head at position {at.last_position}: {describe_head(at)}")
        elif agrees:
            lines.append(
                f"agrees with digest {held.hex()} at position {at.last_position}"
            )
        else:
            result["ok"] = False
            message = (
                f"the ledger does not agree with digest {held.hex()}: its head at "
                f"position {at.last_position} is {describe_head(at)}"
            )
            if output.as_json:
                fail(json.dumps(result | {"detail": message}, indent=2))
            raise click.ClickException(message)
    if output.as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo("\n".join(lines))


def show_bundle(output: Output, path: Path, digest: str) -> None:
    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "not JSON"
        raise click.ClickException(f"cannot read the bundle {path}: {reason}") from None
    checked = check_bundle(bundle, digest, configured_cipher())
    output.done(bundle_message(checked), **bundle_data(checked))


def bundle_message(checked: BundleCheck) -> str:
    message = (
        f"bundle verified: {checked.events} event(s) of case {checked.case_ref} "
        f"are in the ledger whose head is {describe_head(checked.head)}"
    )
    if checked.content_unchecked:
        message += (
            f"; the readable content of {checked.content_unchecked} encrypted "
            "event(s) was not compared: set QALEDGER_CIPHER_KEY to compare it"
        )
    return message


def bundle_data(checked: BundleCheck) -> dict[str, Any]:
    return {
        "case_ref": checked.case_ref,
        "events": checked.events,
        "head": head_data(checked.head),
        "content_unchecked": checked.content_unchecked,
    }


def head_data(head: TreeHead) -> dict[str, Any]:
    return {
        "events": head.tree_size,
        "position": head.last_position,
        "digest": head.digest,
    }


def fail(text: str) -> NoReturn:
    """Print a JSON verdict that the ledger failed, and exit with status 1."""
    click.echo(text)
    click.get_current_context().exit(1)


@click.group()
def checkpoint() -> None:
    """Tree heads signed off as checkpoints: a rewrite of events and
    witness together no longer matches them."""


@checkpoint.command("record")
@actor_option
@ledger_command(writes=False)
def record(ledger: QALedger, output: Output, actor: str) -> None:
    """Verify the ledger, then record its tree head as signed off by you.
    Nothing is recorded when the ledger does not verify. Keep the printed
    digest somewhere else too: it is what the ledger must agree with later.

    Example:

    \b
        qaledger checkpoint record --as HOS1
    """
    taken = ledger.integrity.record_checkpoint(actor)
    output.done(
        f"checkpoint {taken.checkpoint_id}: {taken.tree_size} events up to "
        f"position {taken.last_position}, head digest {taken.root_hash.hex()}, "
        f"signed off by {taken.signed_off_by}",
        **checkpoint_data(taken),
    )


@checkpoint.command("list")
@ledger_command(writes=False)
def list_(ledger: QALedger, output: Output) -> None:
    """Show every checkpoint, oldest head first.

    Example:

    \b
        qaledger checkpoint list --json
    """
    output.record(
        {"checkpoints": [checkpoint_data(c) for c in ledger.integrity.checkpoints()]}
    )


def checkpoint_data(taken: Checkpoint) -> dict[str, Any]:
    return {
        "checkpoint_id": taken.checkpoint_id,
        "events": taken.tree_size,
        "position": taken.last_position,
        "digest": taken.root_hash.hex(),
        "recorded_at": taken.recorded_at.isoformat(timespec="seconds"),
        "signed_off_by": taken.signed_off_by,
    }
