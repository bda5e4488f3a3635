"""On-disk caches: file summaries keyed by content hash (the server and the CLI), and the CLI's
analysed state of a whole check (`ProjectCache`), so a second `offpath check` skips the work.

Entries are pickles signed with a per-user key (a planted `.offpath_cache/` cannot run code), stored
under a directory named after the offpath version, the Python version and a fingerprint of the code
that builds them. Writes go through a temp file and `os.replace`; a corrupt, truncated, foreign or
old-format entry is ignored and removed, never trusted. A cache folder holds a `.gitignore` of `*`,
so it ignores itself. The whole directory is safe to delete at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import operator
import os
import pickle
import secrets
import sys
import tempfile
from typing import ClassVar

from . import __version__, summary_codec
from .summary import FileSummary

MAGIC = b"OFPC1\n"
_MAC_SIZE = 32
_PRODUCERS = ("summary.py", "model.py", "source.py", "summary_codec.py", "call_use.py")


def _fingerprint() -> str:
    """Hash of the modules that shape a FileSummary: a change there invalidates every entry."""
    digest = hashlib.blake2b(digest_size=8)
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _PRODUCERS:
        try:
            with open(os.path.join(here, name), "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def schema_key() -> str:
    return f"v{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{_fingerprint()}"


_ANALYSIS_FINGERPRINT: list[str] = []


def analysis_fingerprint() -> str:
    """Hash of every module of the analysis package: the analysed state of a check depends on all of
    them (resolution, call graph, frameworks, sinks, rules), so any change there invalidates it."""
    if _ANALYSIS_FINGERPRINT:
        return _ANALYSIS_FINGERPRINT[0]
    digest = hashlib.blake2b(digest_size=8)
    here = os.path.dirname(os.path.abspath(__file__))
    for directory, dirnames, filenames in os.walk(here):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                digest.update(os.path.relpath(path, here).encode() + b"\0")
                try:
                    with open(path, "rb") as handle:
                        digest.update(handle.read())
                except OSError:
                    pass
    _ANALYSIS_FINGERPRINT.append(f"v{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{digest.hexdigest()}")
    return _ANALYSIS_FINGERPRINT[0]


def ensure_gitignored(directory: str) -> None:
    """Make a cache folder ignore itself (`.gitignore` of `*`), like `.ruff_cache/`."""
    path = os.path.join(directory, ".gitignore")
    if os.path.exists(path):
        return
    try:
        os.makedirs(directory, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("# Automatically created by offpath.\n*\n")
    except OSError:
        pass


def user_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "offpath")


def default_cache_dir(root: str | None = None) -> str:
    """`.offpath_cache/` in the workspace when the user created one, else the user cache dir."""
    if root:
        local = os.path.join(root, ".offpath_cache")
        if os.path.isdir(local):
            return local
    return user_cache_dir()


def library_cache(base: str | None = None) -> SummaryCache | None:
    """The cache of installed packages' summaries: `library/` in `base`, else in the user cache
    folder, shared by every project (`OFFPATH_CACHE_DIR` moves it; `off` turns it off)."""
    setting = os.environ.get("OFFPATH_CACHE_DIR", "")
    if setting == "off" and not base:
        return None
    return SummaryCache(os.path.join(base or setting or user_cache_dir(), "library"))


class SummaryCache:
    """`get(digest, module, is_package)` / `put(summary)`, the interface `Project` calls."""

    def __init__(self, directory: str | None = None):
        self.base = os.path.abspath(directory or user_cache_dir())
        self.directory = os.path.join(self.base, schema_key())
        self.hits = 0
        self.misses = 0
        self._key: bytes | None = None
        self._made: set[str] = set()
        self.enabled = True

    # -- public API --------------------------------------------------------------------------
    def get(self, digest: str, module: str, is_package: bool) -> FileSummary | None:
        if not self.enabled:
            return None
        path = self._entry(digest, module, is_package)
        try:
            with open(path, "rb") as handle:
                blob = handle.read()
        except OSError:
            self.misses += 1
            return None
        summary = self._decode(blob)
        if summary is None or (summary.digest, summary.module, summary.is_package) != (digest, module, is_package):
            self.misses += 1
            _unlink(path)
            return None
        self.hits += 1
        return summary

    def put(self, summary: FileSummary) -> None:
        if not self.enabled:
            return
        path = self._entry(summary.digest, summary.module, summary.is_package)
        try:
            payload = pickle.dumps(summary_codec.encode(summary), protocol=pickle.HIGHEST_PROTOCOL)
            blob = MAGIC + self._mac(payload) + payload
            folder = os.path.dirname(path)
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(temp, path)
            except BaseException:
                _unlink(temp)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            # A read-only or full disk costs speed, never correctness.
            self.enabled = os.access(self.base, os.W_OK) if os.path.isdir(self.base) else self.enabled

    def clear(self) -> None:
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)
        self._made.clear()

    # -- internals ---------------------------------------------------------------------------
    def _entry(self, digest: str, module: str, is_package: bool) -> str:
        name = hashlib.blake2b(f"{digest}\0{module}\0{int(is_package)}".encode(), digest_size=16).hexdigest()
        return os.path.join(self.directory, name[:2], name + ".pickle")

    def _decode(self, blob: bytes) -> FileSummary | None:
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _MAC_SIZE:
            return None
        mac = blob[len(MAGIC):len(MAGIC) + _MAC_SIZE]
        payload = blob[len(MAGIC) + _MAC_SIZE:]
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            # Plain tuples through the codec: several times faster than pickling NamedTuples.
            value = summary_codec.decode(pickle.loads(payload))
        except Exception:  # noqa: BLE001 - any unpickling or decoding failure means a bad entry
            return None
        return value if isinstance(value, FileSummary) else None

    def _mac(self, payload: bytes) -> bytes:
        return hashlib.blake2b(payload, key=self._secret(), digest_size=_MAC_SIZE).digest()

    def _secret(self) -> bytes:
        """A per-user random key kept in the user cache dir (0600), created on first use."""
        if self._key is not None:
            return self._key
        path = os.path.join(user_cache_dir(), "secret.key")
        try:
            with open(path, "rb") as handle:
                key = handle.read()
            if len(key) == 32:
                self._key = key
                return key
        except OSError:
            pass
        key = secrets.token_bytes(32)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
            try:
                os.link(temp, path)  # first writer wins when two servers start together
            except OSError:
                pass
            _unlink(temp)
            with open(path, "rb") as handle:
                stored = handle.read()
            key = stored if len(stored) == 32 else key
        except OSError:
            pass  # unwritable home: entries written now are only readable by this process
        self._key = key
        return key


STATE_MAGIC = b"OFPS1\n"


def _rebuild(cls, names: tuple[str, ...], values: tuple):
    """Unpickle a slotted dataclass without running `__init__` (a frozen one's fields are set as
    the generated `__init__` sets them)."""
    obj = cls.__new__(cls)
    for name, value in zip(names, values):
        object.__setattr__(obj, name, value)
    return obj


class _StatePickler(pickle.Pickler):
    """Pickles slotted dataclasses (the call graph's facts) as (class, field tuple): the default
    goes through `dataclasses._dataclass_getstate`, which calls `fields()` per object and made
    writing the state several times slower than building it."""

    _fields: ClassVar[dict[type, tuple]] = {}

    def reducer_override(self, obj):
        cls = type(obj)
        known = self._fields.get(cls)
        if known is None:
            fields = getattr(cls, "__dataclass_fields__", None)
            own_state = cls.__dict__.get("__getstate__")
            custom = (own_state is not None and getattr(own_state, "__name__", "") != "_dataclass_getstate") \
                or "__reduce__" in cls.__dict__ or "__reduce_ex__" in cls.__dict__
            if fields is None or "__slots__" not in cls.__dict__ or custom:
                known = ()
            else:
                names = tuple(name for name, f in fields.items() if f._field_type is dataclasses._FIELD)
                known = (names, operator.attrgetter(*names) if len(names) > 1 else None)
            self._fields[cls] = known
        if not known:
            return NotImplemented
        names, getter = known
        values = getter(obj) if getter is not None else (getattr(obj, names[0]),)
        return _rebuild, (cls, names, values)


class _SigningWriter:
    """A file wrapper that feeds what is written to the keyed hash `SummaryCache._mac` computes."""

    def __init__(self, handle, key: bytes):
        self.handle = handle
        self.digest = hashlib.blake2b(key=key, digest_size=_MAC_SIZE)

    def write(self, data) -> int:
        self.digest.update(data)
        return self.handle.write(data)


class ProjectCache:
    """The CLI's analysed state of one check (roots, paths and configuration: `key`), in two signed
    entries: the head (each file's digest and module, the findings, the skipped files) answers an
    unchanged tree without reading the rest; the body (summaries, per-file facts with the
    dependency keys they recorded, the walks) lets an edited tree re-analyse only what the edit
    invalidates. Entries are named by `analysis_fingerprint()`: a change to any analysis module
    starts afresh."""

    def __init__(self, directory: str):
        self.base = os.path.abspath(directory)
        self.directory = os.path.join(self.base, "state-" + analysis_fingerprint())
        self._signer = SummaryCache(self.base)  # shares the per-user key

    def load(self, key: str, part: str):
        """The value stored for (key, part), or None when missing, corrupt or foreign (then removed)."""
        path = self._entry(key, part)
        try:
            with open(path, "rb") as handle:
                blob = handle.read()
        except OSError:
            return None
        value = self._decode(blob, key, part)
        if value is None:
            _unlink(path)
        return value

    def save(self, key: str, parts: dict[str, object]) -> bool:
        """Write every part (atomically each; the body first, so a head never outlives its body)."""
        try:
            os.makedirs(self.directory, exist_ok=True)
            ensure_gitignored(self.base)
            for part in sorted(parts, key=lambda name: name == "head"):
                fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "wb") as handle:
                        # Streamed: the MAC is computed while pickling, so the state is never held
                        # twice in memory; its place is written once the payload is complete.
                        handle.write(STATE_MAGIC + bytes(_MAC_SIZE))
                        writer = _SigningWriter(handle, self._signer._secret())
                        _StatePickler(writer, protocol=pickle.HIGHEST_PROTOCOL).dump((key, part, parts[part]))
                        handle.seek(len(STATE_MAGIC))
                        handle.write(writer.digest.digest())
                    os.replace(temp, self._entry(key, part))
                except BaseException:
                    _unlink(temp)
                    raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return False  # an unwritable folder or an unpicklable value costs speed, never correctness
        return True

    def _entry(self, key: str, part: str) -> str:
        name = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        return os.path.join(self.directory, f"{name}.{part}")

    def _decode(self, blob: bytes, key: str, part: str):
        if not blob.startswith(STATE_MAGIC) or len(blob) < len(STATE_MAGIC) + _MAC_SIZE:
            return None
        mac = blob[len(STATE_MAGIC):len(STATE_MAGIC) + _MAC_SIZE]
        payload = blob[len(STATE_MAGIC) + _MAC_SIZE:]
        if not hmac.compare_digest(mac, self._signer._mac(payload)):
            return None
        try:
            stored_key, stored_part, value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - any unpickling failure means a bad entry
            return None
        return value if (stored_key, stored_part) == (key, part) else None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
