"""Load bench: many readers and a few writers against the real server for a while; counts errors and lost writes.

    scripts/with-postgres.sh .venv/bin/python bench/load.py [--readers 64] [--writers 8] [--seconds 60]
    .venv/bin/python bench/load.py --database sqlite   # the embedded default, in a temporary file

Prepares the database (migrations and the bundled dataset via ``rxanswers setup``, skipped when already loaded),
creates 8 editor accounts, starts ``rxanswers serve`` (rate limits off: every client is 127.0.0.1) and then runs,
for ``--seconds``:
- readers: each loops over the home page, drug pages, search, the questions index, the read-only API and now and
  then a computed answer (``/ask``);
- writers: each editor signs in (CSRF and session, as a browser does), then loops creating a review question
  (which composes its first draft) and submitting it for medical review.
Then it checks, in the database, that every write the server acknowledged (a redirect to the new question, then a
redirect after submitting) is there with its status: "lost writes" must be 0. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from rxanswers.cli.ports import free_port

REPO = Path(__file__).resolve().parents[1]
RXANSWERS = REPO / ".venv" / "bin" / "rxanswers"
PASSWORD = "load-bench-password-1"
DRUGS = ["metformin", "ibuprofen", "lisinopril", "warfarin", "atorvastatin", "sertraline", "imatinib"]
READ_PATHS = [
    "/",
    *[f"/drugs/{d}/" for d in DRUGS],
    "/search?q=metformin",
    "/search?q=blood+pressure",
    "/questions/",
    "/conditions/",
    *[f"/api/v1/drugs/{d}" for d in DRUGS[:3]],
]
ASK_PATHS = ["/ask?q=can+I+take+ibuprofen+with+lisinopril", "/ask?q=what+is+metformin+used+for"]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"read": [], "ask": [], "write": []}
        self.errors: Counter[str] = Counter()
        self.acknowledged: list[tuple[str, str]] = []  # (slug, "created" | "submitted")

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def reader(base: str, stop: threading.Event, stats: Stats, number: int) -> None:
    turn = number
    while not stop.is_set():
        turn += 1
        ask = turn % 25 == 0
        path = ASK_PATHS[turn % len(ASK_PATHS)] if ask else READ_PATHS[turn % len(READ_PATHS)]
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            stats.error(f"{exc.code} {path}")
            continue
        except OSError as exc:
            stats.error(f"{type(exc).__name__} {getattr(exc, 'reason', exc)}")
            continue
        stats.add("ask" if ask else "read", time.perf_counter() - started)


def _csrf(opener, url: str) -> str:
    with opener.open(url, timeout=60) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError(f"no CSRF token on {url}")
    return match.group(1)


def _post(opener, url: str, fields: dict) -> str:
    """POST a form; return the redirect location (the server's acknowledgement)."""
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        with opener.open(request, timeout=120) as response:
            raise RuntimeError(f"{url}: {response.status} without a redirect")
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303):
            return exc.headers["Location"]
        raise


def writer(base: str, stop: threading.Event, stats: Stats, number: int, run: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    login = base + "/accounts/login/"
    try:
        _post(
            opener,
            login,
            {
                "username": f"load-editor-{number}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(opener, login),
            },
        )
    except (OSError, RuntimeError) as exc:
        stats.error(f"login: {exc}")
        return
    count = 0
    while not stop.is_set():
        count += 1
        drug = DRUGS[(number + count) % len(DRUGS)]
        text = f"[{run}] writer {number} question {count}: what is {drug} used for?"
        started = time.perf_counter()
        try:
            new = base + "/review/new/"
            where = _post(opener, new, {"question": text, "csrfmiddlewaretoken": _csrf(opener, new)})
            slug = where.rstrip("/").rsplit("/", 1)[-1]
            stats.acknowledged.append((slug, "created"))
            page = base + f"/review/questions/{slug}/"
            _post(
                opener, page + "submit/", {"note": "load bench", "csrfmiddlewaretoken": _csrf(opener, page)}
            )
            stats.acknowledged.append((slug, "submitted"))
        except urllib.error.HTTPError as exc:
            stats.error(f"write {exc.code}")
            continue
        except (OSError, RuntimeError) as exc:
            stats.error(f"write {type(exc).__name__}: {str(exc)[:80]}")
            continue
        stats.add("write", time.perf_counter() - started)


def prepare(env: dict, writers: int) -> None:
    subprocess.run([str(RXANSWERS), "setup", "--no-demo"], env=env, check=True)
    script = f"""
import django; django.setup()
from django.contrib.auth import get_user_model
from rxanswers.review.roles import ensure_groups
editor = ensure_groups()["editor"]
User = get_user_model()
for n in range({writers}):
    user, _ = User.objects.get_or_create(username=f"load-editor-{{n}}")
    user.set_password({PASSWORD!r}); user.save(); user.groups.add(editor)
"""
    subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-c", script], env=env, check=True)


def check_writes(env: dict, run: str, acknowledged: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(acknowledged creates, found, lost): every acknowledged question exists, submitted ones are submitted."""
    script = f"""
import django, json, sys; django.setup()
from rxanswers.review.models import Question
rows = Question.objects.filter(text__startswith={f"[{run}]"!r}).values_list("slug", "status")
print(json.dumps(dict(rows)))
"""
    out = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    found = json.loads(out.strip().splitlines()[-1])
    created = {slug for slug, what in acknowledged if what == "created"}
    submitted = {slug for slug, what in acknowledged if what == "submitted"}
    lost = len(created - set(found)) + sum(1 for slug in submitted if found.get(slug) in (None, "draft"))
    return len(created), len(found), lost


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--threads", type=int, default=16, help="server worker threads")
    parser.add_argument(
        "--database",
        choices=["env", "sqlite"],
        default="env",
        help="env: RXANSWERS_DATABASE_URL (e.g. from scripts/with-postgres.sh); sqlite: a temp file",
    )
    args = parser.parse_args()
    env = dict(os.environ, RXANSWERS_RATE_LIMITS="0", DJANGO_SETTINGS_MODULE="rxanswers.settings")
    folder = tempfile.mkdtemp(prefix="rx-load-")
    if args.database == "sqlite":
        env["RXANSWERS_DATABASE_URL"] = f"sqlite:///{folder}/load.sqlite3"
        env["RXANSWERS_VAR_DIR"] = folder
    if not env.get("RXANSWERS_DATABASE_URL"):
        sys.exit("set RXANSWERS_DATABASE_URL (scripts/with-postgres.sh does) or pass --database sqlite")
    prepare(env, args.writers)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(RXANSWERS), "serve", "--port", str(port), "--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(folder) / "server.log", "w"),  # noqa: SIM115 - a pipe nobody reads would block it
    )
    try:
        for _ in range(600):  # wait for the server to answer (a condition, not a fixed sleep)
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        run = f"load-{int(time.time())}"
        stats, stop = Stats(), threading.Event()
        threads = [threading.Thread(target=reader, args=(base, stop, stats, n)) for n in range(args.readers)]
        threads += [
            threading.Thread(target=writer, args=(base, stop, stats, n, run)) for n in range(args.writers)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    created, found, lost = check_writes(env, run, stats.acknowledged)
    vendor = "PostgreSQL" if env["RXANSWERS_DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"\n{vendor}, {args.readers} readers + {args.writers} writers for {elapsed:.0f} s, "
        f"server threads {args.threads}\n"
    )
    print("| requests | count | per second | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for kind, values in stats.latencies.items():
        print(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | {statistics.median(values) * 1000 if values else 0:.0f} "
            f"| {percentile(values, 0.99) * 1000:.0f} |"
        )
    if stats.errors:
        print(f"server log: {Path(folder) / 'server.log'}")
    print(
        f"\nerrors: {sum(stats.errors.values())} {dict(stats.errors.most_common(5)) if stats.errors else ''}"
    )
    print(
        f"writes acknowledged: {created} questions created (+ submitted); found in the database: {found}; "
        f"lost writes: {lost}"
    )


if __name__ == "__main__":
    main()
