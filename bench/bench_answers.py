"""Answer-engine speed on this machine: the figures issue 9 names, printed as a Markdown table.

    .venv/bin/python bench/bench_answers.py [--questions N]

- cold ``rxanswers ask``: wall time of a new process answering one question (median of 3), indexes built;
- server first answer: from starting ``rxanswers serve`` to the first answered ``/ask?q=...`` page;
- compose p50 / p99: ``answer_question`` in one warm process over the probe questions (bench/probes, our own
  written questions: speed only, no quality claim);
- ``ask --batch``: questions per second of one new ``rxanswers ask --batch`` (default workers: one per core, at most
  2; the time includes starting it and loading the indexes) answering the probe questions as JSON lines;
- the same with ``--workers 1`` (one process), for comparison;
- peak RSS of the largest batch process (``getrusage`` of the children).
Numbers are printed, never asserted. Run on the database ``make run`` uses (the bundled data, ``rxanswers index``
done).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rxanswers.cli.ports import free_port

REPO = Path(__file__).resolve().parents[1]
RXANSWERS = REPO / ".venv" / "bin" / "rxanswers"
QUESTION = "can I take ibuprofen with lisinopril"


def probe_questions(limit: int) -> list[str]:
    out: list[str] = []
    for path in sorted((REPO / "bench" / "probes").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            out += [row["question"] for row in csv.DictReader(fh, delimiter="\t") if row.get("question")]
    return out[:limit]


def cold_ask() -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(RXANSWERS), "ask", QUESTION], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def server_first_answer(timeout: float = 60.0) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}/ask?" + urllib.parse.urlencode({"q": QUESTION})
    start = time.perf_counter()
    server = subprocess.Popen(
        [str(RXANSWERS), "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)  # not listening yet
        raise RuntimeError("the server did not answer within the timeout")
    finally:
        server.terminate()
        server.wait(timeout=30)


def compose_latency(questions: list[str]) -> tuple[float, float]:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")
    import django

    django.setup()
    from rxanswers.answers.pipeline import answer_question, warm_up

    warm_up()
    answer_question(QUESTION)
    times = []
    for q in questions:
        start = time.perf_counter()
        answer_question(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def batch(questions: list[str], *options: str) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for i, q in enumerate(questions):
            fh.write(json.dumps({"id": str(i), "question": q}) + "\n")
        path = fh.name
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([str(RXANSWERS), "ask", "--batch", path, *options], check=True, capture_output=True)
        elapsed = time.perf_counter() - start
        peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    finally:
        os.unlink(path)
    return len(questions) / elapsed, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=600)
    args = parser.parse_args()
    questions = probe_questions(args.questions)
    rate, rss = batch(questions)
    one_rate, _ = batch(questions, "--workers", "1")
    cold = cold_ask()
    first = server_first_answer()
    p50, p99 = compose_latency(questions)
    print(f"{len(questions)} probe questions; {os.cpu_count()} cores\n")
    print("| figure | target | measured |\n|---|---|---|")
    print(f"| cold `rxanswers ask` (median of 3) | < 1.5 s | {cold:.2f} s |")
    print(f"| server: start to first answered /ask | < 1 s | {first:.2f} s |")
    print(f"| compose p50 / p99 (warm) | < 30 / 150 ms | {p50:.1f} / {p99:.1f} ms |")
    print(f"| `ask --batch` | >= 50 questions/s | {rate:.0f} questions/s |")
    print(f"| `ask --batch --workers 1` (one process) | - | {one_rate:.0f} questions/s |")
    print(f"| peak RSS of the batch process | < 600 MB | {rss:.0f} MB |")


if __name__ == "__main__":
    main()
