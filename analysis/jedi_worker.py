"""The jedi process: answers "what does the name at (line, column) refer to?" one JSON line at a time.

jedi runs here, not in the analysing process, so a lookup that takes too long can be cut off by
killing this process (a thread cannot be stopped), and whatever jedi loads stays out of the
language server's memory. It only parses: no unsafe extension loading, no auto-imported modules,
no `Interpreter`, and its working directory is neutral so the workspace is never on `sys.path[0]`.

Protocol (stdin -> stdout, one JSON object per line):
  {"path", "digest", "text" (first time per digest), "line", "column", "root"} -> {"names": [...]}
"""

from __future__ import annotations

import json
import sys

_TEXTS: dict[str, str] = {}
_PROJECTS: dict[str, object] = {}
_KINDS = ("function", "class", "instance", "statement")


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

    jedi.settings.auto_import_modules = []
    for line in sys.stdin:
        try:
            names = _answer(jedi, json.loads(line))
        except Exception:  # noqa: BLE001 - a failed lookup is an empty answer, never a dead worker
            names = []
        sys.stdout.write(json.dumps({"names": names}) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
