"""What one fix computation shares: the project, the queue setup, parsed files, and `Changes`,
the builder that collects code-point edits and import needs and turns them into minimal `Edit`s."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..backends import QueueSetup, detect
from ..model import Edit
from ..project import read_source
from ..resolve import Resolver
from ..source import content_digest
from .imports import Need, plan_imports
from .text import Doc

Sources = Callable[[str], "str | None"]

# Parsed files by (path, digest): the server asks for fixes of the same file many times.
_DOC_CACHE: dict[tuple[str, str], Doc] = {}
_DOC_CACHE_SIZE = 64


class Context:
    """One project snapshot as the rewrites see it."""

    def __init__(self, project, sources: Sources | None = None, setup: QueueSetup | None = None):
        self.project = project
        self.sources = sources
        self._setup = setup
        self._resolver: Resolver | None = None
        self._first_party: frozenset[str] | None = None
        self.verdicts: dict[tuple, bool] = {}  # (finding, Python edits) -> verified, shared with sub-contexts

    @property
    def setup(self) -> QueueSetup:
        if self._setup is None:
            self._setup = detect(self.project)
        return self._setup

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.project.index)
        return self._resolver

    @property
    def first_party(self) -> frozenset[str]:
        if self._first_party is None:
            self._first_party = frozenset(
                s.module.split(".")[0] for s in self.project.index.summaries.values() if s.module
            )
        return self._first_party

    def doc(self, path: str) -> Doc | None:
        """The parsed file, or None when it cannot be read or differs from what was analysed."""
        path = os.path.abspath(path)
        summary = self.project.summary(path)
        if summary is None:
            return None
        text = self.sources(path) if self.sources is not None else None
        if text is None:
            text = read_source(path)
        if text is None:
            return None
        digest = content_digest(text)
        if digest != summary.digest:
            return None  # stale: the analysis describes other text
        key = (path, digest)
        doc = _DOC_CACHE.get(key)
        if doc is None:
            try:
                doc = Doc(path, text, summary.module, summary.is_package)
            except (SyntaxError, ValueError, RecursionError):
                return None
            if len(_DOC_CACHE) >= _DOC_CACHE_SIZE:
                _DOC_CACHE.pop(next(iter(_DOC_CACHE)))
            _DOC_CACHE[key] = doc
        return doc

    def module_doc(self, module: str) -> Doc | None:
        path = self.project.index.path_for_module(module)
        return self.doc(path) if path else None

    def function(self, full: str):
        """(summary, FunctionInfo, path) of a workspace function, or None."""
        found = self.project.index.function(full)
        if found is None:
            return None
        path = self.project.index.path_for_module(found[0].module)
        return (found[0], found[1], path) if path else None


class Changes:
    """Edits to several files in code-point offsets, plus imports each file needs."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.docs: dict[str, Doc] = {}
        self._raw: list[tuple[str, int, int, str]] = []
        self._needs: dict[str, list[Need]] = {}
        self._maybe_unused: dict[str, list[str]] = {}
        self.scaffolded: set[tuple[str, str]] = set()  # (path, name) of app objects this fix defines

    def replace(self, doc: Doc, start: int, end: int, text: str) -> None:
        self.docs[doc.path] = doc
        self._raw.append((doc.path, start, end, text))

    def insert(self, doc: Doc, at: int, text: str) -> None:
        self.replace(doc, at, at, text)

    def need(self, doc: Doc, module: str, name: str = "") -> str:
        """Ask for an import in `doc`; returns the local name to write."""
        self.docs[doc.path] = doc
        need = Need(module, name)
        self._needs.setdefault(doc.path, []).append(need)
        names, _ = plan_imports(doc, [need], self.ctx.first_party)
        return names[need]

    def drop_if_unused(self, doc: Doc, name: str) -> None:
        """Remove the import of `name` from `doc` if the rewritten file no longer uses it."""
        self.docs[doc.path] = doc
        self._maybe_unused.setdefault(doc.path, []).append(name)

    def edits(self) -> tuple[Edit, ...]:
        edits = self._edits()
        if not self._maybe_unused:
            return edits
        from .imports import unused_import_edits
        from .text import apply_edits

        for path, names in self._maybe_unused.items():
            doc = self.docs[path]
            after = apply_edits(doc.text, [e for e in edits if e.path == path])
            for start, end, text in unused_import_edits(doc, after, names):
                self._raw.append((path, start, end, text))
        self._maybe_unused = {}
        return self._edits()

    def _edits(self) -> tuple[Edit, ...]:
        raw = list(self._raw)
        for path, needs in self._needs.items():
            _, planned = plan_imports(self.docs[path], needs, self.ctx.first_party)
            # Imports go first so that an insert at the same offset keeps them above new code.
            raw = [(path, s, e, t) for s, e, t in planned] + raw
        out = []
        for path, start, end, text in raw:
            doc = self.docs[path]
            start, end, text = trim(doc.text[start:end], text, start, end)
            if start == end and not text:
                continue
            out.append(Edit(path, doc.span(start, end), text))
        order = {id(e): n for n, e in enumerate(out)}
        return tuple(sorted(out, key=lambda e: (e.path, e.span.line, e.span.col, e.span.end_line, e.span.end_col, order[id(e)])))

    def texts(self) -> dict[str, str]:
        """The new text of every touched file."""
        from .text import apply_edits

        edits = self.edits()
        return {path: apply_edits(doc.text, [e for e in edits if e.path == path]) for path, doc in self.docs.items()}


def trim(old: str, new: str, start: int, end: int) -> tuple[int, int, str]:
    """Shrink a replacement to the part that really changes (common prefix and suffix kept)."""
    prefix = 0
    while prefix < len(old) and prefix < len(new) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < len(old) - prefix and suffix < len(new) - prefix
           and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]):
        suffix += 1
    return start + prefix, end - suffix, new[prefix:len(new) - suffix]
