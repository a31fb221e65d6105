"""`rxanswers serve --workers 2`: gunicorn with two worker processes sharing a memcached cache, so a rate limit
counts every request whichever worker answers it (with per-process memory, two workers would allow twice the
limit). Needs the memcached server (Debian package, installed by `make test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rxanswers.cli.ports import free_port
from tests.conftest import REPO_ROOT
from tests.web.test_serve_slow_clients import RXANSWERS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("memcached") is None, reason="memcached not installed"),
]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:  # a condition, not a fixed sleep
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_two_workers_share_one_rate_limit_through_memcached(tmp_path):
    cache_port, port = free_port(), free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    memcached = subprocess.Popen(["memcached", "-l", "127.0.0.1", "-p", str(cache_port), "-U", "0", *user])
    env = dict(
        os.environ,
        RXANSWERS_DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        RXANSWERS_VAR_DIR=str(tmp_path / "var"),
        RXANSWERS_SECRET_KEY="production-server-test-key-not-for-production",
        RXANSWERS_DEBUG="",
        RXANSWERS_RATE_LIMITS="1",
        RXANSWERS_CACHE_URL=f"memcached://127.0.0.1:{cache_port}",
    )
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, timeout=300
    )
    server = subprocess.Popen(
        [RXANSWERS, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/sources/", server)
        deadline = time.monotonic() + 60
        while len(_children(server.pid)) < 2:  # both workers forked
            assert time.monotonic() < deadline, "gunicorn did not start two workers"
            time.sleep(0.2)
        statuses = [_status(base + "/sitemap.xml") for _ in range(25)]  # the sitemap allows 20 a minute
        assert statuses[:20] == [200] * 20
        assert set(statuses[20:]) == {429}
        assert _status(base + "/sources/") == 200  # other pages are not limited by it
    finally:
        server.terminate()
        server.wait(timeout=40)
        memcached.terminate()
        memcached.wait(timeout=10)
