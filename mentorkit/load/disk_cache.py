"""The persistent cache: what one run read (and printed) kept on disk for the next, in the site's ``.mentorkit/cache``.

``serve`` keeps parsed files in memory (``ReadCache``); every other command
starts a new process. This keeps the same entries between processes, so a
``check`` after a one-file edit reads one file. The PDF cache
(``printed/pdf_cache``) keeps its documents here too.

Trust: a cache file is a pickle, and unpickling runs code, so a file is read
only when it carries a valid HMAC-SHA256 made with a key that is not in the
cache folder: ``MENTORKIT_CACHE_KEY`` (CI: from a secret) or a random key
made once per user in ``~/.cache/mentorkit/cache-key``. A file another
machine, another mentorkit, Python or dependency version wrote, a truncated
file or a forged one is ignored with a note and rewritten: never trusted.

Staleness: the key of every entry is its file's content hash, and every
cache file carries a fingerprint of mentorkit's own files (code, templates),
the Python version and the versions of the libraries that shape what is
read; any change to them starts the cache afresh.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import pickle
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mentorkit.load.cache import ReadCache, paused_collector

CACHE_DIR_ENV = "MENTORKIT_CACHE_DIR"
CACHE_KEY_ENV = "MENTORKIT_CACHE_KEY"
MAGIC = b"mentorkit-cache 1\n"
#: A header is one short JSON line; a longer one is not ours.
MAX_HEADER = 1024
#: Libraries whose behaviour is part of what a cache entry holds (parse, models, tables, PDFs).
DEPENDENCIES = ("pydantic", "pydantic-core", "pyyaml", "polars", "frictionless", "nh3", "markdown-it-py", "jinja2")
PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir(root: Path, given: Path | None = None) -> Path:
    """``--cache-dir``, else ``$MENTORKIT_CACHE_DIR``, else ``<site>/.mentorkit/cache`` (git-ignored)."""
    if given is not None:
        return given.resolve()
    from_env = os.environ.get(CACHE_DIR_ENV)
    return Path(from_env).resolve() if from_env else root.resolve() / ".mentorkit" / "cache"


def note(message: str) -> None:
    print(f"mentorkit: note: {message}", file=sys.stderr)


@functools.cache
def fingerprint() -> str:
    """What every entry depends on besides its file: mentorkit's own files and the versions around them."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in DEPENDENCIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _user_key() -> bytes | None:
    given = os.environ.get(CACHE_KEY_ENV)
    if given:
        return given.encode()
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mentorkit"
    path = home / "cache-key"
    try:
        if not path.exists():
            home.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError as exc:
        note(f"no cache: its key ({path}) cannot be made or read: {exc.strerror}")
        return None
    return key if len(key) >= 16 else None


@dataclass
class DiskCache:
    directory: Path
    key: bytes
    #: shard -> {entry key: content digest} as loaded, so only shards that changed are written back
    loaded: dict[str, dict[tuple[str, ...], bytes]] = field(default_factory=dict)
    #: one note a run: a cache from another key is untrusted file by file, and once is enough to say so
    noted: bool = False

    @classmethod
    def open(cls, directory: Path) -> DiskCache | None:
        key = _user_key()
        return None if key is None else cls(directory, key)

    # ------------------------------------------------------------ signed files

    def _mac(self, what: str, payload: bytes | memoryview) -> str:
        mac = hmac.new(self.key, what.encode() + b"\0" + fingerprint().encode() + b"\0", hashlib.sha256)
        mac.update(payload)  # the same MAC as of the whole message, without copying the payload into it
        return mac.hexdigest()

    def read(self, name: str, what: str) -> bytes | None:
        """The payload of ``name`` if this mentorkit wrote it for ``what`` with this key; else None."""
        view = self.read_view(name, what)
        return None if view is None else bytes(view)

    def read_view(self, name: str, what: str) -> memoryview | None:
        """``read`` without copying the payload out of the file's bytes (what ``pickle.loads`` needs)."""
        path = self.directory / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._ignore(path, exc.strerror or str(exc))
            return None
        end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
        try:
            if not data.startswith(MAGIC) or end < 0:
                raise ValueError
            header = json.loads(data[len(MAGIC) : end])
            payload = memoryview(data)[end + 1 :]  # not a copy of the 100 MB of a national site's tables
            if not isinstance(header, dict):
                raise ValueError
            if header.get("fingerprint") != fingerprint() or header.get("what") != what:
                return None  # another mentorkit or library version wrote it: stale, not suspicious
            if not hmac.compare_digest(str(header.get("mac")), self._mac(what, payload)):
                raise ValueError
        except ValueError:
            self._ignore(path, "it is damaged or was not written by this mentorkit for you (it will be rewritten)")
            return None
        return payload

    def _ignore(self, path: Path, why: str) -> None:
        if not self.noted:
            self.noted = True
            note(f"ignoring the cache file {path}: {why}")

    def write(self, name: str, what: str, payload: bytes) -> None:
        path = self.directory / name
        header = json.dumps({"what": what, "fingerprint": fingerprint(), "mac": self._mac(what, payload)})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(MAGIC + header.encode() + b"\n" + payload)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            note(f"the cache could not be saved in {path.parent}: {exc.strerror}")

    # ------------------------------------------------------------ the read cache

    def read_cache(self) -> ReadCache:
        """The entries the last run kept, one shard per kind of file (and one for the tables)."""
        cache = ReadCache()
        folder = self.directory / "read"
        names = sorted(p.name for p in folder.glob("*.pickle")) if folder.is_dir() else []
        with paused_collector():
            for name in names:
                payload = self.read_view(f"read/{name}", "read")
                if payload is None:
                    continue
                try:
                    entries = pickle.loads(payload)
                except Exception:  # noqa: BLE001 - a signed file this mentorkit cannot load is as good as none
                    self._ignore(folder / name, "it cannot be loaded")
                    continue
                cache.entries.update(entries)
                self.loaded[name.removesuffix(".pickle")] = {k: v[0] for k, v in entries.items()}
        return cache

    def save_read_cache(self, cache: ReadCache) -> None:
        """Write back the shards whose files changed since they were loaded; drop those left empty."""
        shards: dict[str, dict[tuple[str, ...], tuple[bytes, Any]]] = {}
        for key, entry in cache.entries.items():
            shards.setdefault(_shard(key), {})[key] = entry
        with paused_collector():  # pickling a model makes a dict for its state: no cycles, many objects
            for shard, entries in shards.items():
                if self.loaded.get(shard) != {k: v[0] for k, v in entries.items()}:
                    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
                    self.write(f"read/{shard}.pickle", "read", payload)
        for shard in set(self.loaded) - set(shards):
            (self.directory / "read" / f"{shard}.pickle").unlink(missing_ok=True)
        self.loaded = {s: {k: v[0] for k, v in e.items()} for s, e in shards.items()}


def _shard(key: tuple[str, ...]) -> str:
    # Kind names and "table" are plain words; anything else shares one shard rather than naming a file.
    return key[0] if key[0].isidentifier() else "other"
