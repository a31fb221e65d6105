"""Objects built from bundled files, kept between processes under ``var/cache`` (our own pickles, named by a
digest of what they were built from: any change to those files or the code builds a new one).

Loading with the garbage collector paused turns a 1.3 s rebuild into a ~0.05-0.3 s read; a read-only or missing
``var/`` only makes every process rebuild, never fails.

Each new file removes the older ones of its kind (:func:`prune`): a data change, a test database or a code
change writes a new file (the name index is ~30 MB), and they used to pile up. A file read in the last hour is
kept, so two databases in use on one machine (the site and a test run) do not delete each other's.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "cache"


def digest_of(parts: Iterable[str | bytes | Path]) -> str:
    """A short digest of strings, bytes and files (a file counts by its name, size and modification time)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            stat = part.stat() if part.exists() else None
            part = f"{part}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{part}:missing"
        digest.update(part if isinstance(part, bytes) else str(part).encode())
    return digest.hexdigest()[:16]


KEEP_UNUSED_SECONDS = 3600  # an older file read within this time is kept (another database may be using it)
_TOUCH_AFTER_SECONDS = 600


def mark_used(path: Path) -> None:
    """Note that ``path`` is in use (its modification time), at most every ten minutes; never fails."""
    try:
        if path.stat().st_mtime < time.time() - _TOUCH_AFTER_SECONDS:
            os.utime(path)
    except OSError:
        pass


def prune(path: Path, prefix: str) -> None:
    """Remove the files of ``prefix`` in ``path``'s folder other than ``path`` itself that were not read or written
    in the last hour (:data:`KEEP_UNUSED_SECONDS`); never fails."""
    cutoff = time.time() - KEEP_UNUSED_SECONDS
    try:
        for old in path.parent.glob(f"{prefix}-*"):
            try:
                if old != path and old.stat().st_mtime < cutoff:
                    old.unlink(missing_ok=True)
            except OSError:
                continue
    except OSError:
        pass


def load(path: Path):
    """The unpickled object, or None when the file is missing or unreadable."""
    gc.disable()
    try:
        with open(path, "rb") as fh:
            obj = pickle.load(fh)
        mark_used(path)
        return obj
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    finally:
        gc.enable()


def store(obj, path: Path, *, prefix: str) -> None:
    """Write atomically; older files with the same prefix are removed (:func:`prune`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        return  # a read-only var/: rebuilt per process, slower but correct
    prune(path, prefix)


def cached(prefix: str, built_from: Iterable[str | bytes | Path], build: Callable[[], object]):
    """The stored object for ``built_from``, else ``build()`` (then stored)."""
    path = cache_dir() / f"{prefix}-{digest_of(built_from)}.pickle"
    obj = load(path)
    if obj is None:
        obj = build()
        store(obj, path, prefix=prefix)
    return obj
