"""Encryption at rest: event payloads are encrypted with the eventsourcing
library's AES cipher (AES-GCM) when a key is configured.

``QALEDGER_CIPHER_KEY`` holds the key itself (base64 of 16, 24 or 32 bytes)
or ``QALEDGER_CIPHER_KEY_FILE`` names a file holding it; ``qaledger keygen``
makes one. Only the state bytes are encrypted: position, aggregate id,
version and topic stay readable, so the tree is computed over ciphertext and
``qaledger verify`` needs no key.

A ledger read with no key, or the wrong one, fails with a plain
``UnreadableEvents`` error rather than a traceback or garbage.
"""

from __future__ import annotations

import binascii
import os
from base64 import b64decode
from collections.abc import Mapping
from pathlib import Path
from uuid import UUID

from eventsourcing.cipher import AESCipher
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import Environment

from ledger.errors import InvalidValue, LedgerError

KEY_VARIABLE = "QALEDGER_CIPHER_KEY"
KEY_FILE_VARIABLE = "QALEDGER_CIPHER_KEY_FILE"
CIPHER_TOPIC = "eventsourcing.cipher:AESCipher"
KEY_BYTES = 32  # AES-256
KEY_SIZES = (16, 24, 32)


class UnreadableEvents(LedgerError):
    """The ledger's events cannot be decoded with the key configured (or
    without one)."""


def new_key() -> str:
    return AESCipher.create_key(KEY_BYTES)


def check_key(text: str, source: str) -> str:
    key = text.strip()
    try:
        raw = b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in KEY_SIZES:
        raise InvalidValue(
            f"{source} is not a cipher key: expected base64 of 16, 24 or 32 "
            "bytes; make one with 'qaledger keygen'"
        )
    return key


def read_key_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a key file"
        raise InvalidValue(
            f"cannot read the cipher key file {path}: {reason}"
        ) from None
    return check_key(text, f"the cipher key file {path}")


def configured_key(environ: Mapping[str, str] = os.environ) -> str | None:
    """The key the environment configures, checked; None when there is none."""
    given = environ.get(KEY_VARIABLE, "").strip()
    key_file = environ.get(KEY_FILE_VARIABLE, "").strip()
    key = check_key(given, KEY_VARIABLE) if given else None
    if key_file:
        from_file = read_key_file(Path(key_file))
        if key is not None and from_file != key:
            raise InvalidValue(
                f"{KEY_VARIABLE} and {KEY_FILE_VARIABLE} name different keys; set one"
            )
        key = from_file
    return key


def cipher_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Settings that turn on the library's cipher, or none."""
    key = configured_key(environ)
    if key is None:
        return {}
    return {"CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": key}


def configured_cipher(environ: Mapping[str, str] = os.environ) -> AESCipher | None:
    """The cipher of the configured key, for reading ciphertext outside an
    application (an evidence bundle)."""
    key = configured_key(environ)
    if key is None:
        return None
    return AESCipher(Environment(env={"CIPHER_KEY": key}))


class KeyCheckingMapper(Mapper[UUID]):
    """The library's mapper, saying in plain words when a key is missing or
    wrong instead of raising a deserialisation traceback."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        try:
            return super().to_domain_event(stored_event)
        except MapperDeserialisationError:
            raise UnreadableEvents(self._diagnose(stored_event.state)) from None

    def _diagnose(self, state: bytes) -> str:
        looks_plain = self._is_plain(state)
        if self.cipher is None:
            if looks_plain:
                return "an event of the ledger is damaged and cannot be read"
            return (
                "the ledger's events are encrypted: set "
                f"{KEY_VARIABLE} or {KEY_FILE_VARIABLE} to the ledger's key"
            )
        if looks_plain:
            return (
                "the ledger's events are not encrypted, but a cipher key is "
                f"configured: unset {KEY_VARIABLE} and {KEY_FILE_VARIABLE}"
            )
        return (
            "the configured cipher key does not open the ledger's events: it is "
            "not the key they were encrypted with (or an event is damaged)"
        )

    def _is_plain(self, state: bytes) -> bool:
        try:
            self.transcoder.decode(state)
        except Exception:  # any failure at all means "not plain JSON"
            return False
        return True
