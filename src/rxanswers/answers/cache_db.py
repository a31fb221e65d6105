"""The on-disk caches under ``var/cache`` (sentence vectors, passages, leaflets): one SQLite connection per thread
and file, in WAL mode, its tables created on first use."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


def thread_connection(
    local: threading.local, path: Path, tables: tuple[str, ...], *, timeout: float
) -> sqlite3.Connection:
    """This thread's connection to ``path`` (kept on ``local``; a new one when the path changed), with each
    ``CREATE TABLE IF NOT EXISTS`` statement of ``tables`` run once."""
    con = getattr(local, "con", None)
    if con is None or getattr(local, "path", None) != path:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        for table in tables:
            con.execute(table)
        local.con, local.path = con, path
    return con
