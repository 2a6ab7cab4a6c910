"""The snapshot shipped as its spans that are not zeros (macros/snapshot_spans.py)."""

from __future__ import annotations

import random

import pytest

from macros.snapshot_spans import MIN_ZEROS, nonzero_spans, packed, unpacked

GAP = b"\x00" * MIN_ZEROS


def memory_of(*parts: bytes) -> bytes:
    return b"".join(parts)


@pytest.mark.parametrize(
    ("memory", "spans"),
    [
        (b"", []),
        (GAP, []),
        (b"abc", [(0, 3)]),
        (memory_of(b"ab", GAP, b"cd"), [(0, 2), (MIN_ZEROS + 2, 2)]),
        (memory_of(GAP, b"x", GAP, GAP), [(MIN_ZEROS, 1)]),
        # A shorter run of zeros stays in its span.
        (memory_of(b"a", GAP[1:], b"b"), [(0, MIN_ZEROS + 1)]),
    ],
    ids=["empty", "all-zeros", "no-zeros", "between", "edges", "short-run"],
)
def test_the_spans_leave_out_long_runs_of_zeros_only(memory, spans):
    assert nonzero_spans(memory) == spans
    assert unpacked(packed(memory, spans), spans, len(memory)) == memory


def test_a_random_memory_comes_back_whole():
    generator = random.Random(20261130)
    parts = []
    for _ in range(200):
        zeros = generator.choice([0, 1, MIN_ZEROS - 1, MIN_ZEROS, 3 * MIN_ZEROS])
        parts += [b"\x00" * zeros, generator.randbytes(generator.randrange(1, 300))]
    memory = memory_of(*parts)
    spans = nonzero_spans(memory)
    shipped = packed(memory, spans)
    assert unpacked(shipped, spans, len(memory)) == memory
    assert len(shipped) < len(memory)
    # In order and apart; no long run of zeros kept, and what they leave out is zeros only.
    bounds = [0, *(edge for offset, length in spans for edge in (offset, offset + length))]
    bounds.append(len(memory))
    assert bounds == sorted(bounds)
    assert not [span for span in spans if GAP in memory[span[0] : span[0] + span[1]]]
    left_out = memory_of(*(memory[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)))
    assert left_out.count(0) == len(left_out) == len(memory) - len(shipped)


def test_bytes_that_do_not_fill_the_spans_are_refused():
    with pytest.raises(ValueError, match="do not fill"):
        unpacked(b"abc", [(0, 2)], 10)
