"""A built :class:`~rxanswers.answers.understanding.names.NameIndex` kept on disk as one SQLite file, read lazily.

Unpickling the whole index cost ~0.3 s per process (80k names, each a list of small objects, and 15k drug
records), while one question looks up only some 50-60 names. The four large maps (names, squashed names, drugs,
combinations) are therefore tables of the file, and a name's entry is read and decoded the first time a process
asks for it (then kept). The small parts (word sets, fuzzy-match blocks, classes) are one pickle in the same file.
A map read from the file behaves as the dict it was built as (same keys, order, values); it is read-only.

The file is written once, atomically, and never changed afterwards (opened ``immutable``). Pure Python (sqlite3,
marshal, pickle): no Django.
"""

from __future__ import annotations

import marshal
import os
import pickle
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .name_data import _DrugInfo, _Target

FORMAT = "1"  # part of the stored file's name (selectors digest this module): a change writes a new file
_SEP = "\x1f"
_MISSING = object()
_ABSENT_KEPT = 100_000


def _encode_targets(ranked: list[_Target]) -> bytes:
    return marshal.dumps(tuple((t.drug_key, t.kind, t.display) for t in ranked))


def _decode_targets(blob: bytes) -> list[_Target]:
    return [_Target(key, kind, display) for key, kind, display in marshal.loads(blob)]


def _encode_drug(info: _DrugInfo) -> bytes:
    # sets and counters as lists/dicts in their iteration order: rebuilt in that order, as unpickling does
    return marshal.dumps(
        (dict(info.generic), dict(info.brands), list(info.classes), list(info.sources), info.names)
    )


def _decode_drug(blob: bytes) -> _DrugInfo:
    generic, brands, classes, sources, names = marshal.loads(blob)
    return _DrugInfo(Counter(generic), Counter(brands), set(classes), set(sources), names)


def _combo_key(parts: frozenset) -> str:
    return _SEP.join(sorted(parts))


def _combo_parts(key: str) -> frozenset:
    return frozenset(key.split(_SEP))


def _same(value):
    return value


# attribute -> (encode value, decode value, encode key, decode key)
_TABLES: dict[str, tuple[Callable, Callable, Callable, Callable]] = {
    "_targets": (_encode_targets, _decode_targets, _same, _same),
    "_squashed": (_same, _same, _same, _same),
    "_drugs": (_encode_drug, _decode_drug, _same, _same),
    "_combos": (_same, _same, _combo_key, _combo_parts),
}


class _File:
    """One read-only connection, shared by threads (a lock around each read)."""

    def __init__(self, path: Path):
        self.con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.lock = threading.Lock()

    def value(self, table: str, key: str):
        with self.lock:
            row = self.con.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def keys(self, table: str) -> list[str]:
        with self.lock:
            return [k for (k,) in self.con.execute(f"SELECT key FROM {table} ORDER BY pos")]


class StoredMap(Mapping):
    """A read-only dict whose entries are read from the file on first access and then kept in memory."""

    def __init__(self, file: _File, table: str, length: int):
        self._file, self._table, self._length = file, table, length
        _, self._decode, self._key, self._unkey = _TABLES[table]
        self._memo: dict = {}  # key -> decoded value, for the keys read so far
        self._absent: set = set()  # keys looked up and not found (bounded: any text is looked up)
        self._lock = threading.Lock()

    def _lookup(self, key):
        value = self._memo.get(key, _MISSING)  # an unhashable key raises TypeError, as a dict does
        if value is _MISSING and key not in self._absent:
            blob = self._file.value(self._table, self._key(key))
            if blob is None:
                if len(self._absent) >= _ABSENT_KEPT:
                    self._absent.clear()
                self._absent.add(key)
            else:
                with self._lock:  # two threads decoding one entry keep the first: one object per key
                    value = self._memo.setdefault(key, self._decode(blob))
        return value

    def __getitem__(self, key):
        value = self._lookup(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key, default=None):
        value = self._lookup(key)
        return default if value is _MISSING else value

    def __contains__(self, key) -> bool:
        return self._lookup(key) is not _MISSING

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator:
        return iter([self._unkey(k) for k in self._file.keys(self._table)])

    def __repr__(self) -> str:
        return f"<StoredMap {self._table}: {self._length} entries>"


def save(index, path: Path) -> None:
    """Write ``index`` to ``path`` (atomically: a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA page_size=16384")
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            small = {k: v for k, v in vars(index).items() if k not in _TABLES}
            con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            lengths = {name: len(getattr(index, name)) for name in _TABLES}
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("format", FORMAT.encode()),
                    ("small", pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL)),
                    ("lengths", marshal.dumps(lengths)),
                ],
            )
            for name, (encode, _, encode_key, _) in _TABLES.items():
                # pos: the dict's order (iteration); rows inserted in key order (a compact B-tree, written fast)
                rows = sorted(
                    (encode_key(k), pos, v) for pos, (k, v) in enumerate(getattr(index, name).items())
                )
                con.execute(f"CREATE TABLE {name} (key TEXT PRIMARY KEY, pos INTEGER, value) WITHOUT ROWID")
                con.executemany(
                    f"INSERT INTO {name} (key, pos, value) VALUES (?, ?, ?)",
                    ((k, pos, encode(v)) for k, pos, v in rows),
                )
            con.commit()
        finally:
            con.close()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def load(path: Path, cls):
    """The index stored at ``path`` (an instance of ``cls``), or None when the file is missing or unreadable."""
    try:
        file = _File(path)
        meta = dict(file.con.execute("SELECT key, value FROM meta"))
        if bytes(meta.get("format", b"")) != FORMAT.encode():
            return None
        small = pickle.loads(meta["small"])
        lengths = marshal.loads(meta["lengths"])
    except (sqlite3.Error, OSError, KeyError, EOFError, ValueError, pickle.UnpicklingError, AttributeError):
        return None
    index = cls.__new__(cls)
    index.__dict__.update(small)
    for name in _TABLES:
        setattr(index, name, StoredMap(file, name, lengths[name]))
    return index
