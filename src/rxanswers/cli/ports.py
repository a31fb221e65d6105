"""``free_port()``: a TCP port on 127.0.0.1 that nothing listens on, for an ``rxanswers serve`` started by a test or a
benchmark script (the one copy of this helper)."""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
