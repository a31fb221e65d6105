"""`rxanswers serve` stays up for everyone while 200 clients hold half-sent requests open."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rxanswers.cli.ports import free_port
from tests.conftest import REPO_ROOT

RXANSWERS = str(Path(sys.executable).with_name("rxanswers"))
HALF_OPEN = 200


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status


@pytest.mark.slow
def test_half_open_connections_do_not_lock_others_out(tmp_path):
    env = dict(
        os.environ,
        RXANSWERS_DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        RXANSWERS_VAR_DIR=str(tmp_path / "var"),
        RXANSWERS_SECRET_KEY="slow-client-test-key-not-for-production",
        RXANSWERS_DEBUG="",
    )
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, timeout=300
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/sources/"
    server = subprocess.Popen(
        [RXANSWERS, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    held: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the server, not for a fixed time
            try:
                assert _get(url, timeout=2) == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        for _ in range(HALF_OPEN):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /sources/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
            held.append(s)
        answered = [_get(url, timeout=10) for _ in range(5)]
        assert answered == [200] * 5
    finally:
        for s in held:
            s.close()
        server.terminate()
        server.wait(timeout=20)
