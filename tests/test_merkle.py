"""The tree maths agree with RFC 6962: the certificate-transparency test
vectors (the leaves and roots used by Google's and transparency-dev's Merkle
libraries), and every audit path of every small tree."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.integrity.merkle import (
    EMPTY_ROOT,
    ProofCollector,
    TreeBuilder,
    audit_path,
    leaf_hash,
    node_hash,
    path_ranges,
    root_from_path,
    root_of,
    verify_inclusion,
)

VECTOR_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
VECTOR_ROOTS = [  # tree sizes 0 to 8
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
VECTOR_PATHS = [  # (leaf index, tree size, audit path)
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
VECTOR_HASHES = [leaf_hash(leaf) for leaf in VECTOR_LEAVES]


def leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def test_the_empty_tree_hashes_the_empty_string() -> None:
    assert EMPTY_ROOT.hex() == VECTOR_ROOTS[0]
    assert TreeBuilder().root() == EMPTY_ROOT


def test_leaf_and_node_hashes_are_prefixed_as_the_rfc_says() -> None:
    # SHA-256(0x00) and the tree of two empty-ish leaves, computed by hand.
    assert leaf_hash(b"").hex() == VECTOR_ROOTS[1]
    assert node_hash(VECTOR_HASHES[0], VECTOR_HASHES[1]).hex() == VECTOR_ROOTS[2]


@pytest.mark.parametrize("size", range(9))
def test_tree_heads_match_the_certificate_transparency_vectors(size: int) -> None:
    builder = TreeBuilder()
    builder.extend(VECTOR_HASHES[:size])
    assert root_of(VECTOR_HASHES[:size]).hex() == VECTOR_ROOTS[size]
    assert builder.root().hex() == VECTOR_ROOTS[size]


def test_appending_one_at_a_time_gives_every_intermediate_head() -> None:
    builder = TreeBuilder()
    for size, leaf in enumerate(VECTOR_HASHES, start=1):
        builder.append(leaf)
        assert builder.root().hex() == VECTOR_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "expected"), VECTOR_PATHS)
def test_audit_paths_match_the_certificate_transparency_vectors(
    index: int, size: int, expected: list[str]
) -> None:
    hashes = VECTOR_HASHES[:size]
    assert [h.hex() for h in audit_path(index, hashes)] == expected
    collector = ProofCollector([index], size)
    collector.extend(hashes)
    assert [h.hex() for h in collector.proofs()[index]] == expected
    root = bytes.fromhex(VECTOR_ROOTS[size])
    assert verify_inclusion(index, size, hashes[index], audit_path(index, hashes), root)


@pytest.mark.parametrize("size", range(1, 70))
def test_streamed_proofs_of_every_leaf_verify_and_match_the_definition(
    size: int,
) -> None:
    hashes = leaves(size)
    collector = ProofCollector(range(size), size)
    collector.extend(hashes)
    root = root_of(hashes)
    assert collector.root() == root
    proofs = collector.proofs()
    for index in range(size):
        assert proofs[index] == audit_path(index, hashes)
        assert verify_inclusion(index, size, hashes[index], proofs[index], root)


def test_a_proof_does_not_verify_for_another_leaf_index_or_an_altered_hash() -> None:
    hashes = leaves(13)
    root = root_of(hashes)
    path = audit_path(6, hashes)
    assert not verify_inclusion(7, 13, hashes[6], path, root)
    assert not verify_inclusion(6, 13, hashes[7], path, root)
    altered = [*path[:-1], bytes(32)]
    assert not verify_inclusion(6, 13, hashes[6], altered, root)
    assert not verify_inclusion(6, 13, hashes[6], path[:-1], root)
    assert root_from_path(13, 13, hashes[6], path) is None


def test_proofs_stay_logarithmic() -> None:
    for size in (1, 2, 3, 1000, 30_000_000, 2**40 + 7):
        longest = max(len(path_ranges(i, size)) for i in (0, size // 2, size - 1))
        assert longest <= math.ceil(math.log2(size))


@given(st.lists(st.binary(max_size=12), min_size=1, max_size=40), st.data())
def test_any_tree_proves_any_of_its_leaves(
    data: list[bytes], draw: st.DataObject
) -> None:
    hashes = [leaf_hash(d) for d in data]
    index = draw.draw(st.integers(0, len(hashes) - 1))
    collector = ProofCollector([index], len(hashes))
    collector.extend(hashes)
    assert verify_inclusion(
        index, len(hashes), hashes[index], collector.proofs()[index], root_of(hashes)
    )


def test_proofs_need_every_leaf_first() -> None:
    collector = ProofCollector([0], 4)
    collector.extend(leaves(3))
    with pytest.raises(ValueError, match="not the 4 expected"):
        collector.proofs()
