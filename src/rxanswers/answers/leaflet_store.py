"""Composed leaflet sections, kept per label version: in memory (recently used) and on disk (a SQLite file under
``var/cache/``, shared by every server process and kept across restarts).

A label version never changes, so its composed sections change only when the code or data that composes them
does: the key holds the page's label version and the medicine's other current label versions (ids and content
hashes: a leaflet quotes them where the first is silent), the medicine (id and name: sentences name it), the
database (ids are per database) and a digest of the composing code, the lay glossary and the ranker's weights.
A new label version or new code is a new key; nothing needs invalidating. The disk store is a cache: when it
cannot be read or written, sections are composed again.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from rxanswers.answers.cache_db import thread_connection
from rxanswers.drugs.models import Drug

_MEMORY_SIZE = 256
_LOCK = threading.Lock()
_MEMORY: OrderedDict[str, list] = OrderedDict()
_LOCAL = threading.local()


@functools.cache
def code_digest() -> str:
    """Digest of what composes a leaflet: this code, the quoting and ranking code and weights, the sentence
    builder (``builder_version``)."""
    from rxanswers.answers import leaflet, resources
    from rxanswers.answers.composers import quoting
    from rxanswers.answers.evidence import ranking
    from rxanswers.answers.evidence.index import builder_version

    digest = hashlib.sha256(builder_version().encode() + leaflet.LEAFLET_VERSION.encode())
    for module in (leaflet, quoting, ranking):
        digest.update(Path(module.__file__).read_bytes())
    digest.update((Path(resources.__file__).parent / "ranker.json").read_bytes())
    return digest.hexdigest()[:16]


def store_path() -> Path:
    from rxanswers.answers.encoders import var_dir

    return var_dir() / "cache" / "leaflets.sqlite3"


def _connection() -> sqlite3.Connection:
    return thread_connection(
        _LOCAL,
        store_path(),
        ("CREATE TABLE IF NOT EXISTS leaflet (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",),
        timeout=30,
    )


def key_for(drug: Drug, version_id: int) -> str:
    """The main label version and every other current label of the drug (a leaflet may quote them), with their
    content hashes: one indexed query."""
    from django.db import connection
    from django.db.models import Min

    from rxanswers.labels.models import LabelVersion

    versions = sorted(  # the first section id too: citations carry section ids, which are per database
        LabelVersion.objects.filter(label__drugs=drug, is_current=True)
        .annotate(first_section=Min("sections__id"))
        .values_list("id", "content_hash", "first_section")
    )
    where = (connection.vendor, connection.settings_dict["NAME"], drug.id, drug.name, version_id, versions)
    return code_digest() + ":" + hashlib.sha256(repr(where).encode()).hexdigest()[:32]


def _read(key: str) -> list | None:
    try:
        row = _connection().execute("SELECT data FROM leaflet WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else None
    except (sqlite3.Error, OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _write(key: str, sections: list) -> None:
    try:
        con = _connection()
        with con:
            con.execute(
                "INSERT OR REPLACE INTO leaflet (key, data) VALUES (?, ?)", (key, pickle.dumps(sections))
            )
    except (sqlite3.Error, OSError):
        pass  # a read-only var/: composed again next time


def _stored(key: str) -> bool:
    try:
        return _connection().execute("SELECT 1 FROM leaflet WHERE key = ?", (key,)).fetchone() is not None
    except (sqlite3.Error, OSError):
        return False


def ensure(drug: Drug, version_id: int, compose: Callable[[], list]) -> bool:
    """Compose and store the sections for (``drug``, ``version_id``) unless the disk store already holds them
    under the same key (same label versions, code and data): True when they were composed now."""
    key = key_for(drug, version_id)
    if _stored(key):
        return False
    _write(key, compose())
    return True


def kept(drug: Drug, version_id: int | None, compose: Callable[[], list]) -> list:
    """The sections ``compose()`` makes for (``drug``, ``version_id``): from memory, else from disk, else
    composed and kept. Without label text (``version_id`` None) nothing is kept: those sections are cheap."""
    if version_id is None:
        return compose()
    key = key_for(drug, version_id)
    with _LOCK:
        found = _MEMORY.get(key)
        if found is not None:
            _MEMORY.move_to_end(key)
            return found
    found = _read(key)
    if found is None:
        found = compose()
        _write(key, found)
    with _LOCK:
        _MEMORY[key] = found
        while len(_MEMORY) > _MEMORY_SIZE:
            _MEMORY.popitem(last=False)
    return found


def clear_memory() -> None:
    """Forget the in-memory copies (tests)."""
    with _LOCK:
        _MEMORY.clear()
