"""On-disk cache of file summaries keyed by content hash, so a second start skips parsing.

Entries are pickles signed with a per-user key (a planted `.offpath_cache/` cannot run code), stored
under a directory named after the offpath version, the Python version and a fingerprint of the code
that builds summaries. Writes go through a temp file and `os.replace`; a corrupt, truncated or foreign
entry is ignored and removed. The whole directory is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile

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


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
