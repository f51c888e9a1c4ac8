"""Sets of candidates as Python integers: bit ``i`` is candidate ``i`` of a table.

A condition over 400,000 people is then a handful of AND/OR on 50-kilobyte integers, each a
single C loop. Conversions go through byte strings (``bytes.translate`` and ``int(…, 2)`` are C
loops too), so only building a set from a list of indices costs a Python step per element.
"""

from itertools import compress

_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_FROM_ASCII = bytes.maketrans(b"01", b"\x00\x01")


def full(n: int) -> int:
    """Every one of ``n`` candidates."""
    return (1 << n) - 1


def from_indices(n: int, indices) -> int:
    """The set of the given candidate indices (each < ``n``)."""
    if n == 0:
        return 0
    buf = bytearray(b"0") * n
    last = n - 1
    for i in indices:
        buf[last - i] = 49  # ord("1"); the most significant digit comes first
    return int(buf, 2)


def from_flags(flags: bytes | bytearray) -> int:
    """The set of the indices whose byte is 1 (bytes must be 0 or 1)."""
    if not flags:
        return 0
    return int(bytes(flags[::-1]).translate(_TO_ASCII), 2)


def to_flags(bits: int, n: int) -> bytes:
    """One byte per candidate, 1 when in the set, 0 otherwise."""
    if n == 0:
        return b""
    return format(bits, f"0{n}b")[::-1].encode("ascii").translate(_FROM_ASCII)


def to_indices(bits: int, n: int) -> list[int]:
    """The indices in the set, ascending."""
    return list(compress(range(n), to_flags(bits, n)))


def has(bits: int, i: int) -> bool:
    return (bits >> i) & 1 == 1


class AtLeast:
    """Counts, for every candidate, in how many of the added sets it was, up to ``limit``:
    ``reached(k)`` is the set of candidates counted at least ``k`` times (k ≤ limit)."""

    def __init__(self, limit: int):
        self.limit = max(limit, 0)
        self.levels = [0] * (self.limit + 1)  # levels[k]: counted ≥ k times (levels[0] unused)

    def add(self, bits: int) -> None:
        levels = self.levels
        for k in range(self.limit, 1, -1):
            levels[k] |= levels[k - 1] & bits
        if self.limit >= 1:
            levels[1] |= bits

    def reached(self, k: int, everyone: int) -> int:
        if k <= 0:
            return everyone
        return self.levels[k] if k <= self.limit else 0
