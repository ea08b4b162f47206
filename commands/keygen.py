"""qaledger keygen: a key for encrypting the ledger's events at rest."""

from __future__ import annotations

import os
from pathlib import Path

import click

from commands.common import Output, json_option
from ledger.storage.cipher_keys import KEY_FILE_VARIABLE, KEY_VARIABLE, new_key


@click.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the key to this new file (readable by you only); "
    "otherwise it is printed.",
)
@json_option
def keygen(as_json: bool, out: Path | None) -> None:
    """Make a new AES-256 key for encrypting event payloads at rest. Give it
    to qaledger as QALEDGER_CIPHER_KEY, or its file as QALEDGER_CIPHER_KEY_FILE,
    before the first event is recorded, and keep a copy safe: without it the
    events cannot be read (verify still works, it needs no key).

    Example:

    \b
        qaledger keygen --out /etc/qaledger/cipher.key
    """
    output = Output(as_json)
    key = new_key()
    if out is None:
        output.done(key, key=key)
        return
    try:
        # O_EXCL: never replace a key, which would make its ledger unreadable.
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise click.ClickException(
            f"{out} exists; a key is never overwritten"
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from None
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(key + "\n")
    output.done(
        f"wrote a new key to {out}; use it with {KEY_FILE_VARIABLE}={out} "
        f"(or put its content in {KEY_VARIABLE})",
        key_file=str(out),
    )
