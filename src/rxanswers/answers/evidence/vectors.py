"""Sentence vectors, stored once per text: a content-addressed cache on disk (SQLite), shared by every process
and every database on the machine (the SQLite and PostgreSQL test runs, the site, the CLI). The clean sentences
of each label version are kept there too, keyed by its content hash and the sentence builder's code.

A label sentence's vector depends only on its text and the encoder, so the key is a hash of both. Label text
never changes in place (versions are immutable), so the cache never needs invalidating; a new encoder build
writes a new file. ``rxanswers setup`` fills it for the bundled labels (``fill``); a label first seen later
fills its sentences on first use.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from rxanswers.answers import encoders
from rxanswers.answers.cache_db import thread_connection

_LOCAL = threading.local()


def store_path() -> Path:
    return encoders.var_dir() / "cache" / f"sentence-vectors-{encoders.model_path().stem}.sqlite3"


def _connection() -> sqlite3.Connection:
    return thread_connection(
        _LOCAL,
        store_path(),
        (
            "CREATE TABLE IF NOT EXISTS vec (key BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS passages (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
        ),
        timeout=60,
    )


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def vectors(texts: list[str]) -> np.ndarray:
    """One unit vector (float32, 384-d) per text: from the cache, the missing ones encoded and stored."""
    if not texts:
        return np.zeros((0, encoders.DIM), dtype=np.float32)
    con = _connection()
    keys = [_key(t) for t in texts]
    found: dict[bytes, np.ndarray] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, blob in con.execute(f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk):
            found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    missing = [i for i, k in enumerate(keys) if k not in found]
    if missing:
        todo = list(dict.fromkeys(texts[i] for i in missing))
        encoded = encoders.encode(todo)
        rows = [(_key(t), v.astype(np.float16).tobytes()) for t, v in zip(todo, encoded, strict=True)]
        with con:
            con.executemany("INSERT OR IGNORE INTO vec (key, v) VALUES (?, ?)", rows)
        for t, v in zip(todo, encoded, strict=True):
            found[_key(t)] = v.astype(np.float16).astype(np.float32)  # as stored: the same on every read
    return np.stack([found[k] for k in keys])


def stored_passages(key: str):
    """The clean sentences of a label version stored under ``key`` (None when not stored yet)."""
    import orjson

    row = _connection().execute("SELECT data FROM passages WHERE key = ?", (key,)).fetchone()
    return orjson.loads(row[0]) if row else None


def store_passages(key: str, data) -> None:
    import orjson

    con = _connection()
    with con:
        con.execute("INSERT OR REPLACE INTO passages (key, data) VALUES (?, ?)", (key, orjson.dumps(data)))


def missing(texts: list[str]) -> list[str]:
    """The texts not yet in the cache."""
    con = _connection()
    keys = {_key(t): t for t in texts}
    have: set[bytes] = set()
    items = list(keys)
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        marks = ",".join("?" * len(chunk))
        have.update(k for (k,) in con.execute(f"SELECT key FROM vec WHERE key IN ({marks})", chunk))
    return [t for k, t in keys.items() if k not in have]


def _encode_chunk(texts: list[str]) -> list[tuple[bytes, bytes]]:
    return [
        (_key(t), v.astype(np.float16).tobytes()) for t, v in zip(texts, encoders.encode(texts), strict=True)
    ]


def fill(texts: list[str], *, workers: int = 2, progress=None) -> int:
    """Encode and store every text not yet cached, in ``workers`` processes (one encoder thread each).
    Returns how many were encoded. ``progress(n)`` is called as chunks finish."""
    todo = missing(list(dict.fromkeys(texts)))
    if not todo:
        return 0
    chunks = [todo[i : i + 256] for i in range(0, len(todo), 256)]
    con = _connection()
    encoders.question_encoder()  # build the model file once, before any worker needs it
    if workers <= 1 or len(chunks) == 1:
        results = map(encoders.encode_rows, chunks)
        pool = None
    else:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(workers)
        results = pool.imap_unordered(encoders.encode_rows, chunks)
    try:
        for rows in results:
            with con:
                con.executemany(
                    "INSERT OR IGNORE INTO vec (key, v) VALUES (?, ?)", [(_key(t), v) for t, v in rows]
                )
            if progress is not None:
                progress(len(rows))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return len(todo)
