"""Ask jedi to name a callee our own resolution could not (the only module that imports jedi).

Bounded and cached: a time budget per analysis pass, a cap per file, and answers memoised by
(file content hash, position). Configured so it never executes workspace code: no unsafe
extension loading, no auto-imported modules, the same interpreter's environment (no subprocess
that imports project packages), and only static inference (`infer`), never `Interpreter`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

MAX_PER_FILE = 40


@dataclass
class JediBudget:
    seconds: float = 2.0
    spent: float = 0.0

    @property
    def left(self) -> bool:
        return self.spent < self.seconds


@dataclass
class JediResolver:
    """Maps (path, text, line, column) of a call's name to qualified names of what it refers to."""

    roots: list[str]
    budget: JediBudget = field(default_factory=JediBudget)
    _cache: dict[tuple[str, int, int], tuple[str, ...]] = field(default_factory=dict)
    _projects: dict[str, object] = field(default_factory=dict)
    _per_file: dict[str, int] = field(default_factory=dict)
    _jedi: object = None

    def _module(self):
        if self._jedi is None:
            import jedi

            jedi.settings.auto_import_modules = []  # never import anything to inspect it
            jedi.settings.call_signatures_validity = 0.0
            self._jedi = jedi
        return self._jedi

    def _project(self, path: str):
        root = next((r for r in self.roots if path.startswith(r.rstrip(os.sep) + os.sep)), os.path.dirname(path))
        project = self._projects.get(root)
        if project is None:
            jedi = self._module()
            project = jedi.Project(root, load_unsafe_extensions=False, smart_sys_path=True)
            self._projects[root] = project
        return project

    def names(self, path: str, text: str, digest: str, line: int, column: int) -> tuple[str, ...]:
        """Qualified names of the definitions at line (1-based), column (0-based code points)."""
        key = (digest, line, column)
        if key in self._cache:
            return self._cache[key]
        if not self.budget.left or self._per_file.get(digest, 0) >= MAX_PER_FILE:
            return ()
        self._per_file[digest] = self._per_file.get(digest, 0) + 1
        started = time.perf_counter()
        try:
            jedi = self._module()
            script = jedi.Script(text, path=path, project=self._project(path),
                                 environment=jedi.InterpreterEnvironment())
            found = []
            for name in script.infer(line, column):
                full = name.full_name
                if full and name.type in ("function", "class", "instance", "statement"):
                    found.append(full)
            result = tuple(dict.fromkeys(found))
        except Exception:  # jedi raises on odd input; a missing answer is fine
            result = ()
        finally:
            self.budget.spent += time.perf_counter() - started
        self._cache[key] = result
        return result
