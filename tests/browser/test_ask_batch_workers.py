"""`rxanswers ask --batch` answered by two forked processes gives, line for line, what one process gives.

Uses the browser tests' site database (a real SQLite file: forked workers open their own connections, which the
in-memory test database would not allow)."""

from __future__ import annotations

import json
import subprocess

from tests.browser.conftest import RXANSWERS

QUESTIONS = [
    "what is metformin used for",
    "side effects of metformin",
    "can I take metformin with alcohol",
    "how should I store atorvastatin",
    "is there a generic for lipitor",
]


def _batch(site, path, workers: int) -> tuple[list[dict], str]:
    result = subprocess.run(
        [RXANSWERS, "ask", "--batch", str(path), "--workers", str(workers)],
        env=site.env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=site.root,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_two_workers_answer_a_long_batch_in_order_exactly_as_one(site, tmp_path):
    lines = []
    for i in range(80):  # over PARALLEL_MIN lines, so the workers start
        lines.append("not json" if i % 17 == 5 else json.dumps({"id": str(i), "question": QUESTIONS[i % 5]}))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    one, one_log = _batch(site, path, 1)
    two, two_log = _batch(site, path, 2)
    assert "1 process," in one_log and "2 processes" in two_log
    assert len(two) == 80 and two == one
    assert [a.get("id") for a in two if "error" not in a] == [str(i) for i in range(80) if i % 17 != 5]
    assert any(a.get("answer") for a in two)  # real answers, not only errors
