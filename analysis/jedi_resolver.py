"""Ask jedi to name a callee our own resolution could not.

Bounded and cached: a cap per file (a count, so the same tree asks the same questions), answers
memoised by (file content hash, position), and, only for the editor, a wall-clock budget per pass
(`JediBudget(seconds)`): a lookup that overruns keeps running in the worker and its answer is used
on a later pass. The CLI passes `JediBudget(None)`: every question is answered before the result
is reported, so load never changes what `offpath check` finds. jedi never executes workspace code:
the worker only parses (see its docstring), and this module never imports jedi.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from .import_roots import import_root

MAX_PER_FILE = 40
# Not a budget: a lookup still unanswered after this long is taken for a hung jedi (its worker is
# killed and the answer is empty), so a pathological file cannot stall `offpath check` forever.
HUNG_LOOKUP_SECONDS = 300.0


@dataclass
class JediBudget:
    """Wall-clock seconds of jedi per pass; `None`: no clock, every lookup is waited for."""

    seconds: float | None = 2.0
    spent: float = 0.0

    @property
    def left(self) -> bool:
        return self.seconds is None or self.spent < self.seconds

    @property
    def remaining(self) -> float | None:
        """Seconds left to wait, or None to wait for the answer (up to HUNG_LOOKUP_SECONDS)."""
        if self.seconds is None:
            return None
        return max(self.seconds - self.spent, 0.0)


@dataclass
class JediResolver:
    """Maps (path, text, line, column) of a call's name to qualified names of what it refers to."""

    roots: list[str]
    budget: JediBudget = field(default_factory=JediBudget)
    _cache: dict[tuple[str, int, int], tuple[str, ...]] = field(default_factory=dict)
    _per_file: dict[str, int] = field(default_factory=dict)
    _process: subprocess.Popen | None = None
    _sent: set[str] = field(default_factory=set)
    _pending: tuple[str, int, int] | None = None
    _fresh: bool = False

    def names(self, path: str, text: str, digest: str, line: int, column: int) -> tuple[str, ...] | None:
        """Qualified names of the definitions at line (1-based), column (0-based code points), or
        None when the answer is not known yet (budget spent, or jedi still thinking: a lookup that
        overruns keeps running in the worker and its answer is cached when it arrives). With an
        unlimited budget the answer is always known when this returns."""
        key = (digest, line, column)
        if key in self._cache:
            return self._cache[key]
        if self._per_file.get(digest, 0) >= MAX_PER_FILE:
            return ()
        if not self.budget.left:
            return None
        started = time.perf_counter()
        try:
            if self._pending is not None and not self._drain(self.budget.remaining):
                return None  # the previous question is still being answered
            if key in self._cache:
                return self._cache[key]
            self._per_file[digest] = self._per_file.get(digest, 0) + 1
            if not self._send(key, path, text):
                return None
            self._drain(self.budget.remaining)
        finally:
            self.budget.spent += time.perf_counter() - started
        return self._cache.get(key)

    def close(self) -> None:
        process, self._process = self._process, None
        self._sent.clear()
        self._pending = None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    # -- the worker process ------------------------------------------------------------------
    def _send(self, key: tuple[str, int, int], path: str, text: str) -> bool:
        self._fresh = False
        if self._process is None or self._process.poll() is not None:
            self.close()
            if not self._start():
                return False
            self._fresh = True
        digest, line, column = key
        request = {"path": path, "digest": digest, "line": line, "column": column, "root": self._root(path)}
        if digest not in self._sent:
            request["text"] = text
        try:
            assert self._process is not None and self._process.stdin
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError, AssertionError):
            self.close()
            return False
        self._sent.add(digest)
        self._pending = key
        return True

    def _drain(self, timeout: float | None) -> bool:
        """Read the answer to the pending question if it arrives within `timeout` seconds (None:
        wait for it; a worker silent for HUNG_LOOKUP_SECONDS is killed and the answer is empty)."""
        if self._pending is None:
            return True
        process = self._process
        if process is None or process.stdout is None:
            self._pending = None
            return True
        try:
            wait = HUNG_LOOKUP_SECONDS if timeout is None else max(timeout, 0.0)
            ready, _, _ = select.select([process.stdout], [], [], wait)
            if not ready:
                if timeout is None:
                    self._cache[self._pending] = ()
                    self.close()
                    return True
                return False
            reply = process.stdout.readline()
            names = tuple(json.loads(reply)["names"]) if reply else ()
        except (OSError, ValueError, KeyError):
            self.close()
            return True
        if not reply:
            self.close()  # the worker died: forget it; the next question starts a new one
            return True
        self._cache[self._pending] = names
        self._pending = None
        return True

    def _start(self) -> bool:
        env = dict(os.environ)
        # The same import path as this process (editable installs, the VS Code bundle), never cwd.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isabs(p))
        env.pop("PYTHONSTARTUP", None)
        # `-m` puts the working directory first on sys.path: in the shared temp dir anyone's
        # `/tmp/jedi.py` would run. Python 3.11+ leaves it out (PYTHONSAFEPATH); for 3.10 the
        # directory is a fresh private one, removed once the worker has started.
        env["PYTHONSAFEPATH"] = "1"
        cwd = tempfile.mkdtemp(prefix="offpath-jedi-")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "offpath.analysis.jedi_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, bufsize=1, cwd=cwd, env=env,
            )
        except OSError:
            self._process = None
            return False
        finally:
            os.rmdir(cwd)
        return True

    def _root(self, path: str) -> str:
        """The folder jedi searches imports from: where this file's module names start."""
        return import_root(path, self.roots) or os.path.dirname(path)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - interpreter shutdown: nothing left to tell
            pass
