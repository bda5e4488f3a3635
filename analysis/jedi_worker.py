"""The jedi process: answers "what does the name at (line, column) refer to?" one JSON line at a time.

jedi runs here, not in the analysing process, so a lookup that takes too long can be cut off by
killing this process (a thread cannot be stopped), and whatever jedi loads stays out of the
language server's memory. It only parses: no unsafe extension loading, no auto-imported modules,
no `Interpreter`, and its working directory is neutral so the workspace is never on `sys.path[0]`.

Deterministic: jedi keeps inferred values in frozensets of objects hashed by identity, so they
iterate in memory-address order, and its recursion and execution limits then cut a different branch
on every run (a proxy over four implementations named a different one each time, or none). Before
the first question the worker makes those sets iterate in insertion order (`_ordered_value_sets`),
so the same questions get the same answers on every run and under any hash seed.

Protocol (stdin -> stdout, one JSON object per line):
  {"path", "digest", "text" (first time per digest), "line", "column", "root"} -> {"names": [...]}
"""

from __future__ import annotations

import json
import sys

_TEXTS: dict[str, str] = {}
_PROJECTS: dict[str, object] = {}
_KINDS = ("function", "class", "instance", "statement")


class _InsertionOrdered(frozenset):
    """A frozenset that iterates in the order its members were first given; equality and hashing
    stay those of the set."""

    def __new__(cls, members=()):
        order = tuple(dict.fromkeys(members))
        made = super().__new__(cls, order)
        made._order = order
        return made

    def __iter__(self):
        return iter(self._order)

    def __or__(self, other):
        return _InsertionOrdered((*self._order, *other))

    def __and__(self, other):
        return _InsertionOrdered(member for member in self._order if member in other)

    def __sub__(self, other):
        return _InsertionOrdered(member for member in self._order if member not in other)


def _ordered_value_sets(value_set) -> bool:
    """Make jedi's `ValueSet` (a wrapper of one frozenset in `_set`) keep insertion order; False when
    this jedi's ValueSet is not the shape this expects (then the worker answers nothing: an answer
    that changes from run to run is worse than none)."""
    if not all(hasattr(value_set, name) for name in ("_from_frozen_set", "from_sets", "__iter__")):
        return False

    def __init__(self, iterable):
        self._set = _InsertionOrdered(iterable)

    def _from_frozen_set(cls, members):
        made = cls.__new__(cls)
        made._set = members if isinstance(members, _InsertionOrdered) else _InsertionOrdered(members)
        return made

    def from_sets(cls, sets):
        members: dict = {}
        for each in sets:
            members.update(dict.fromkeys(each._set if isinstance(each, value_set) else each))
        return cls._from_frozen_set(_InsertionOrdered(members))

    value_set.__init__ = __init__
    value_set._from_frozen_set = classmethod(_from_frozen_set)
    value_set.from_sets = classmethod(from_sets)
    return True


def _answer(jedi, request: dict) -> list[str]:
    digest = request["digest"]
    if "text" in request:
        _TEXTS[digest] = request["text"]
    text = _TEXTS.get(digest)
    if text is None:
        return []
    root = request.get("root") or None
    project = _PROJECTS.get(root)
    if project is None and root:
        project = jedi.Project(root, load_unsafe_extensions=False, smart_sys_path=True)
        _PROJECTS[root] = project
    script = jedi.Script(text, path=request["path"], project=project, environment=jedi.InterpreterEnvironment())
    names = []
    for name in script.infer(request["line"], request["column"]):
        if name.full_name and name.type in _KINDS:
            names.append(name.full_name)
    return list(dict.fromkeys(names))


def main() -> int:
    import jedi

    try:
        from jedi.inference.base_value import ValueSet
        deterministic = _ordered_value_sets(ValueSet)
    except ImportError:
        deterministic = False
    jedi.settings.auto_import_modules = []
    for line in sys.stdin:
        try:
            names = _answer(jedi, json.loads(line)) if deterministic else []
        except Exception:  # noqa: BLE001 - a failed lookup is an empty answer, never a dead worker
            names = []
        sys.stdout.write(json.dumps({"names": names}) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
