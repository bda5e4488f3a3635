"""One file's text and syntax tree for rewriting: code-point offsets of `ast` nodes, spans, and
applying a set of edits exactly (the same arithmetic the verifier and the CLI use)."""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterable, Iterator

from ..model import Edit, Span
from ..source import split_lines


class Doc:
    """A parsed file; offsets are code-point indexes into `text`."""

    def __init__(self, path: str, text: str, module: str = "", is_package: bool = False):
        self.path = path
        self.text = text
        self.module = module
        self.is_package = is_package
        self.tree = ast.parse(text)
        self.lines = split_lines(text)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))
        self._parents: dict[ast.AST, ast.AST] | None = None

    # -- positions -----------------------------------------------------------------------------
    def offset(self, line: int, col: int) -> int:
        """Code-point offset of a 1-based line and a code-point column."""
        if line - 1 >= len(self.lines):
            return len(self.text)
        return self._starts[line - 1] + col

    def _byte_offset(self, line: int, byte_col: int) -> int:
        if line - 1 >= len(self.lines):
            return len(self.text)
        text = self.lines[line - 1]
        col = byte_col if text.isascii() else len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        return self._starts[line - 1] + col

    def start(self, node: ast.AST) -> int:
        return self._byte_offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self._byte_offset(node.end_lineno, node.end_col_offset)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node):self.end(node)]

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based line, code-point column) of an offset."""
        index = bisect.bisect_right(self._starts, offset) - 1
        index = min(index, len(self._starts) - 1)
        return index + 1, offset - self._starts[index]

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def line_start(self, offset: int) -> int:
        return self._starts[self.position(offset)[0] - 1]

    def line_after(self, line: int) -> int:
        """Offset of the start of the line following 1-based `line` (the end of text at the end)."""
        return self._starts[min(line, len(self.lines))]

    def indent_of(self, node: ast.AST) -> str:
        begin = self.line_start(self.start(node))
        text = self.text[begin:self.start(node)]
        return text if not text.strip() else " " * (len(text) - len(text.lstrip()))

    # -- tree ------------------------------------------------------------------------------------
    @property
    def parents(self) -> dict[ast.AST, ast.AST]:
        if self._parents is None:
            parents: dict[ast.AST, ast.AST] = {}
            for node in ast.walk(self.tree):
                for child in ast.iter_child_nodes(node):
                    parents[child] = node
            self._parents = parents
        return self._parents

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        parents = self.parents
        while node in parents:
            node = parents[node]
            yield node

    def find(self, span: Span, kind: type = ast.Call) -> ast.AST | None:
        """The node of type `kind` that covers exactly `span`."""
        start, end = self.offset(span.line, span.col), self.offset(span.end_line, span.end_col)
        for node in ast.walk(self.tree):
            if isinstance(node, kind) and node.lineno == span.line and self.start(node) == start and self.end(node) == end:
                return node
        return None

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        for parent in self.ancestors(node):
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return parent
            if isinstance(parent, (ast.Lambda, ast.ClassDef)):
                return None
        return None

    def top_level(self, node: ast.AST) -> ast.stmt:
        """The module-level statement that contains `node`."""
        current = node
        for parent in self.ancestors(node):
            if isinstance(parent, ast.Module):
                return current  # type: ignore[return-value]
            current = parent
        return current  # type: ignore[return-value]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits of one file; inserts at the same position keep their order. Overlaps raise."""
    doc_lines = split_lines(text)
    starts = [0]
    for line in doc_lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        if line - 1 >= len(doc_lines):
            return len(text)
        return min(starts[line - 1] + col, starts[line])

    ranges = sorted(
        ((offset(e.span.line, e.span.col), offset(e.span.end_line, e.span.end_col), n, e.text) for n, e in enumerate(edits)),
        key=lambda item: (item[0], item[1], item[2]),
    )
    out, position = [], 0
    for start, end, _, new in ranges:
        if start < position:
            raise ValueError("overlapping edits")
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)
