"""How one stored event becomes one leaf of the ledger's Merkle tree.

The leaf bytes are a canonical, unambiguous encoding of the event as stored:
its notification position, originator id, originator version, topic and the
*stored* state bytes (ciphertext when the ledger is encrypted, so anyone can
check the tree without the key). Every variable-length field carries its
length, so no two different events share leaf bytes::

    version      u8   1 (the encoding; a new one gets a new number)
    position     u64  notification id (big-endian, as every integer here)
    id kind      u8   0x75 'u': 16 bytes of a UUID; 0x73 's': UTF-8 text
    id length    u32  then the id bytes
    version      u64  originator version
    topic length u32  then the topic, UTF-8
    state length u32  then the state bytes as stored

The leaf hash is SHA-256(0x00 || leaf bytes), as RFC 6962 says.
"""

from __future__ import annotations

import struct
from hashlib import sha256
from uuid import UUID

from ledger.integrity.merkle import LEAF_PREFIX

ENCODING_VERSION = 1
UUID_ID = 0x75
TEXT_ID = 0x73

_HEAD = struct.Struct(">BQBI")  # version, position, id kind, id length
_PREFIXED_HEAD = struct.Struct(">BBQBI")  # the same after RFC 6962's 0x00
_MIDDLE = struct.Struct(">QI")  # originator version, topic length
_LENGTH = struct.Struct(">I")

# A log has a few dozen topics and millions of events: encode each topic once.
_topic_bytes: dict[str, bytes] = {}


def _id_and_topic(originator_id: UUID | str, topic: str) -> tuple[int, bytes, bytes]:
    topic_bytes = _topic_bytes.get(topic)
    if topic_bytes is None:
        topic_bytes = _topic_bytes.setdefault(topic, topic.encode())
    if isinstance(originator_id, UUID):
        return UUID_ID, originator_id.int.to_bytes(16, "big"), topic_bytes
    return TEXT_ID, originator_id.encode(), topic_bytes


def leaf_bytes(
    position: int,
    originator_id: UUID | str,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    id_kind, id_bytes, topic_bytes = _id_and_topic(originator_id, topic)
    return b"".join(
        (
            _HEAD.pack(ENCODING_VERSION, position, id_kind, len(id_bytes)),
            id_bytes,
            _MIDDLE.pack(originator_version, len(topic_bytes)),
            topic_bytes,
            _LENGTH.pack(len(state)),
            state,
        )
    )


def event_leaf_hash(
    position: int,
    originator_id: UUID | str,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """SHA-256(0x00 || leaf_bytes(...)), built in one piece: verify runs this
    once per event."""
    id_kind, id_bytes, topic_bytes = _id_and_topic(originator_id, topic)
    return sha256(
        b"".join(
            (
                _PREFIXED_HEAD.pack(
                    LEAF_PREFIX[0], ENCODING_VERSION, position, id_kind, len(id_bytes)
                ),
                id_bytes,
                _MIDDLE.pack(originator_version, len(topic_bytes)),
                topic_bytes,
                _LENGTH.pack(len(state)),
                state,
            )
        )
    ).digest()
