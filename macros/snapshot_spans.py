"""Pyodide's memory snapshot as the spans of it that are not zeros.

The snapshot is the WebAssembly memory of a started Python: 31 MB, three fifths of it zeros
(memory never written). A page makes Pyodide's memory as a new, zero-filled array, so only
the other spans need to come and be decompressed: the build ships them end to end, and
says where each goes (its offset and length). Every decoder then writes 12 MB, not 31 MB:
a shorter start wherever the snapshot is used (fzstd from the file system most of all).
"""

from __future__ import annotations

import re

# Zero runs shorter than this stay in their span: more spans would cost more to say than
# their zeros cost to decompress (at 1 KiB, 69 spans hold 11.9 MB of the 31 MB).
MIN_ZEROS = 1024


def nonzero_spans(memory: bytes, min_zeros: int = MIN_ZEROS) -> list[tuple[int, int]]:
    """(offset, length) of each span of ``memory`` between runs of ``min_zeros`` or more
    zeros, in order."""
    spans = []
    start = 0
    for zeros in re.finditer(rb"\x00{%d,}" % min_zeros, memory):
        if zeros.start() > start:
            spans.append((start, zeros.start() - start))
        start = zeros.end()
    if start < len(memory):
        spans.append((start, len(memory) - start))
    return spans


def packed(memory: bytes, spans: list[tuple[int, int]]) -> bytes:
    """The spans' bytes, end to end: what the build ships."""
    return b"".join(memory[offset : offset + length] for offset, length in spans)


def unpacked(data: bytes, spans: list[tuple[int, int]], size: int) -> bytes:
    """The memory again, as a page makes it (python-runtime.js): zeros, then each span."""
    if len(data) != sum(length for _, length in spans):
        raise ValueError(f"{len(data)} bytes do not fill the spans")
    memory = bytearray(size)
    taken = 0
    for offset, length in spans:
        memory[offset : offset + length] = data[taken : taken + length]
        taken += length
    return bytes(memory)
