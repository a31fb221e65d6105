"""Ingest batches are sized by time: one write transaction takes about MAX_TRANSACTION_SECONDS, however slow
each record is to apply, so a reviewer's write never waits long behind an ingest. A fake clock advanced by the
applier stands in for slow records (no timed asserts)."""

from __future__ import annotations

import pytest

from rxanswers.core import ingest
from rxanswers.core.catalog import source_for
from rxanswers.core.ingest import next_batch_size, run_ingest


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_next_batch_size_moves_toward_the_target_duration():
    assert next_batch_size(100, 2.0, ceiling=500, target=0.5) == 22  # too slow: shrink
    assert next_batch_size(32, 0.01, ceiling=500, target=0.5) == 64  # fast: at most double
    assert next_batch_size(400, 0.01, ceiling=500, target=0.5) == 500  # never past the reader's ceiling
    assert next_batch_size(5, 60.0, ceiling=500, target=0.5) == 1  # never below one record
    assert next_batch_size(10, 0.0, ceiling=500, target=0.5) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("seconds_per_record", [0.001, 0.02, 0.3])
def test_every_write_transaction_stays_near_the_target(tmp_path, monkeypatch, seconds_per_record):
    clock = FakeClock()
    monkeypatch.setattr(ingest, "_clock", clock)
    sizes: list[int] = []

    def slow_apply(records, run):
        sizes.append(len(records))
        clock.now += seconds_per_record * len(records)
        return 0, len(records)

    path = tmp_path / "input.txt"
    path.write_text("x")
    summary = run_ingest(
        path=path,
        reader="test",
        records=range(3000),
        source=source_for("ndc"),
        apply_batch=slow_apply,
        batch_size=2000,
    )
    assert summary.read == 3000 and summary.unchanged == 3000 and sum(sizes) == 3000
    first = min(2000, ingest.FIRST_BATCH) * seconds_per_record
    # after the first batch, no transaction is longer than the target (or one record, if one record is slower)
    later = [size * seconds_per_record for size in sizes[1:]]
    assert max(later) <= max(ingest.MAX_TRANSACTION_SECONDS, seconds_per_record) + 1e-9
    assert summary.longest_transaction == pytest.approx(max([first, *later]))
    if seconds_per_record == 0.001:
        assert max(sizes) > 100  # fast records still go in big batches (not one transaction per record)
