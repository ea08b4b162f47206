"""Merkle tree maths of RFC 6962 (certificate transparency), nothing else.

A leaf hash is SHA-256(0x00 || leaf bytes), an interior node SHA-256(0x01 ||
left || right); the tree of n leaves splits at the largest power of two below
n, so the tree of every prefix of the log is well defined and an audit path
(inclusion proof) has at most ceil(log2 n) hashes.

``TreeBuilder`` streams leaf hashes in and keeps only the roots of the perfect
subtrees seen so far (one per set bit of the size): O(log n) memory however
long the log. ``ProofCollector`` does the same while catching the subtree
hashes that the audit paths of chosen leaves need, so proofs for a few leaves
of a very large log cost one pass and no per-leaf storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()

Range = tuple[int, int]  # leaves [start, end) of one subtree


def leaf_hash(data: bytes) -> bytes:
    return sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(NODE_PREFIX + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly below ``size`` (``size`` >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) by the RFC's recursive definition: the reference the
    streaming builders are tested against."""
    if not leaf_hashes:
        return EMPTY_ROOT
    if len(leaf_hashes) == 1:
        return leaf_hashes[0]
    k = split_point(len(leaf_hashes))
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def audit_path(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) by the RFC's definition, for leaves held in memory."""
    return [
        root_of(leaf_hashes[start:end])
        for start, end in path_ranges(index, len(leaf_hashes))
    ]


def path_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose subtree hashes make the audit path of leaf
    ``index`` in a tree of ``size`` leaves, nearest the leaf first.

    Each range is either a perfect subtree (a power-of-two size, starting at
    a multiple of it) or a suffix ending at ``size``.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    ranges: list[Range] = []
    offset = 0
    while size > 1:
        k = split_point(size)
        if index < k:
            ranges.append((offset + k, offset + size))
            size = k
        else:
            ranges.append((offset, offset + k))
            offset += k
            index -= k
            size -= k
    ranges.reverse()
    return ranges


def root_from_path(
    index: int, size: int, leaf: bytes, path: Sequence[bytes]
) -> bytes | None:
    """The root an audit path leads to (RFC 9162 section 2.1.3.2), or None
    when the path cannot belong to leaf ``index`` of a tree of ``size``."""
    if not 0 <= index < size:
        return None
    fn, sn = index, size - 1
    result = leaf
    for sibling in path:
        if sn == 0 or len(sibling) != HASH_SIZE:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return result if sn == 0 else None


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    return root_from_path(index, size, leaf, path) == root


class TreeBuilder:
    """The tree head of a stream of leaf hashes, in O(log n) memory.

    ``_peaks`` holds the roots of the perfect subtrees the leaves so far
    decompose into, largest (leftmost) first: one per set bit of ``size``.
    """

    __slots__ = ("_peaks", "size")

    def __init__(self) -> None:
        self._peaks: list[bytes] = []
        self.size = 0

    def append(self, leaf: bytes) -> None:
        peaks = self._peaks
        n = self.size
        while n & 1:
            leaf = sha256(NODE_PREFIX + peaks.pop() + leaf).digest()
            n >>= 1
        peaks.append(leaf)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        # The loop of ``append``, inlined: this runs once per event in verify.
        peaks = self._peaks
        pop, push = peaks.pop, peaks.append
        size = self.size
        for leaf in leaves:
            n = size
            while n & 1:
                leaf = sha256(NODE_PREFIX + pop() + leaf).digest()
                n >>= 1
            push(leaf)
            size += 1
        self.size = size

    def root(self) -> bytes:
        if not self._peaks:
            return EMPTY_ROOT
        peaks = iter(reversed(self._peaks))
        result = next(peaks)
        for left in peaks:
            result = node_hash(left, result)
        return result


class ProofCollector(TreeBuilder):
    """A ``TreeBuilder`` that also collects audit paths for chosen leaves of
    a tree whose final ``size`` is known before streaming starts."""

    __slots__ = ("_caught", "_needed", "_starts", "final_size", "targets")

    def __init__(self, targets: Iterable[int], final_size: int) -> None:
        super().__init__()
        self.final_size = final_size
        self.targets = sorted(set(targets))
        self._needed: set[Range] = {
            r for index in self.targets for r in path_ranges(index, final_size)
        }
        self._caught: dict[Range, bytes] = {}
        self._starts: list[int] = []  # first leaf of each peak

    def append(self, leaf: bytes) -> None:
        start = self.size
        end = start + 1
        if (start, end) in self._needed:
            self._caught[(start, end)] = leaf
        n = start
        while n & 1:
            left_start = self._starts.pop()
            leaf = node_hash(self._peaks.pop(), leaf)
            start = left_start
            if (start, end) in self._needed:
                self._caught[(start, end)] = leaf
            n >>= 1
        self._peaks.append(leaf)
        self._starts.append(start)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def proofs(self) -> dict[int, list[bytes]]:
        """The audit path of every target leaf; call once all leaves are in."""
        if self.size != self.final_size:
            raise ValueError(
                f"the tree has {self.size} leaves, not the {self.final_size} expected"
            )
        # Suffixes [start, size) are folded from the peaks, right to left.
        suffix = None
        for start, peak in zip(
            reversed(self._starts), reversed(self._peaks), strict=True
        ):
            suffix = peak if suffix is None else node_hash(peak, suffix)
            self._caught.setdefault((start, self.size), suffix)
        return {
            index: [self._caught[r] for r in path_ranges(index, self.size)]
            for index in self.targets
        }
