"""Add imports the way a tidy project writes them: reuse an existing binding, merge a name into an
existing `from m import …` (keeping one-per-line layouts), or add a statement in the right section
(future, stdlib, third party, first party) and in sorted position — isort's defaults, as ruff applies them."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

from .text import Doc

STDLIB = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True, slots=True)
class Need:
    """`from module import name` (name set) or `import module` (name empty)."""

    module: str
    name: str = ""


def _base(doc: Doc, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module or ""
    parts = doc.module.split(".") if doc.module else []
    if not doc.is_package:
        parts = parts[:-1]
    if node.level - 1 > len(parts):
        return None
    parts = parts[: len(parts) - (node.level - 1)]
    base = ".".join(parts)
    if node.module:
        return f"{base}.{node.module}" if base else node.module
    return base


def bound_name(doc: Doc, need: Need) -> str | None:
    """The local name under which `need` is already imported at module level, if it is."""
    for node in doc.tree.body:
        if need.name and isinstance(node, ast.ImportFrom) and _base(doc, node) == need.module:
            for alias in node.names:
                if alias.name == need.name:
                    return alias.asname or alias.name
        if not need.name and isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == need.module:
                    return alias.asname or alias.name
    if need.name and doc.module and need.module == doc.module:
        return need.name  # the name is defined in this very file
    return None


def _section(doc: Doc, node: ast.stmt, first_party: frozenset[str]) -> int:
    if isinstance(node, ast.ImportFrom):
        if node.module == "__future__":
            return 0
        if node.level:
            return 4  # local folder: after first party, as isort and ruff place it
        module = node.module or ""
    else:
        module = node.names[0].name
    return _module_section(module, first_party)


def _module_section(module: str, first_party: frozenset[str]) -> int:
    top = module.split(".")[0]
    if module == "__future__":
        return 0
    if top in first_party:
        return 3
    return 1 if top in STDLIB else 2


def _sort_key(doc: Doc, node: ast.stmt) -> tuple[int, str]:
    if isinstance(node, ast.ImportFrom):
        return (1, ("." * node.level + (node.module or "")).lower())
    return (0, node.names[0].name.lower())


def _name_key(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, Classes, functions."""
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (kind, name.lower())


def _header(doc: Doc) -> tuple[list[ast.stmt], int]:
    """The leading import statements and the offset just after the docstring (0 when none)."""
    body = doc.tree.body
    after_doc = 0
    index = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        after_doc = doc.line_after(body[0].end_lineno)
        index = 1
    imports = []
    for node in body[index:]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(node)
        else:
            break
    return imports, after_doc


def _statement(doc: Doc, need: Need, names: list[str], first_party: frozenset[str]) -> str:
    if not need.name:
        return f"import {need.module}"
    module = need.module
    if _module_section(module, first_party) == 3 and doc.module and _uses_relative(doc):
        module = _relative(doc, module)
    return f"from {module} import {', '.join(sorted(names, key=_name_key))}"


def _uses_relative(doc: Doc) -> bool:
    return any(isinstance(n, ast.ImportFrom) and n.level for n in doc.tree.body)


def _relative(doc: Doc, target: str) -> str:
    package = doc.module.split(".")
    if not doc.is_package:
        package = package[:-1]
    parts = target.split(".")
    if not package or parts[0] != package[0]:
        return target
    common = 0
    while common < len(package) and common < len(parts) and package[common] == parts[common]:
        common += 1
    dots = "." * (len(package) - common + 1)
    return dots + ".".join(parts[common:])


def plan_imports(doc: Doc, needs: list[Need], first_party: frozenset[str]) -> tuple[dict[Need, str], list[tuple[int, int, str]]]:
    """Local names for each need and the (start, end, text) edits that provide the missing ones."""
    names: dict[Need, str] = {}
    merges: dict[int, tuple[ast.ImportFrom, list[str]]] = {}
    new: dict[str, tuple[Need, list[str]]] = {}
    for need in dict.fromkeys(needs):
        local = bound_name(doc, need)
        if local is not None:
            names[need] = local
            continue
        names[need] = need.name or need.module
        target = None
        if need.name:
            for node in doc.tree.body:
                if isinstance(node, ast.ImportFrom) and _base(doc, node) == need.module and node.names[0].name != "*":
                    target = node
                    break
        if target is not None:
            merges.setdefault(id(target), (target, []))[1].append(need.name)
        else:
            key = need.module if need.name else f"import {need.module}"
            new.setdefault(key, (need, []))[1].append(need.name)
    edits: list[tuple[int, int, str]] = []
    for node, added in merges.values():
        edits += _merge(doc, node, added)
    header, after_doc = _header(doc)
    def order(item):
        need = item[0]
        return (_module_section(need.module, first_party), bool(need.name), need.module.lower())

    # Same-offset inserts apply in list order: earlier sections first.
    planned = sorted(new.values(), key=order)
    if not header and len(planned) > 1:
        # A file with no imports yet gets one block, sections apart, rather than one block per import.
        lines, last = [], None
        for need, added in planned:
            line = _statement(doc, need, added, first_party)
            section = 4 if line.startswith("from .") else _module_section(need.module, first_party)
            if last is not None and section != last:
                lines.append("")
            lines.append(line)
            last = section
        edits.append(_insert(doc, header, after_doc, planned[0][0], "\n".join(lines), first_party))
        return names, edits
    blocks: list[tuple[Need, list[str]]] = []  # in planned order; a section the file lacks is one block
    fresh: dict[int, list[str]] = {}
    for need, added in planned:
        line = _statement(doc, need, added, first_party)
        section = 4 if line.startswith("from .") else _module_section(need.module, first_party)
        if any(_section(doc, n, first_party) == section for n in header):
            blocks.append((need, [line]))
        elif section in fresh:
            fresh[section].append(line)
        else:
            fresh[section] = [line]
            blocks.append((need, fresh[section]))
    for need, lines in blocks:
        edits.append(_insert(doc, header, after_doc, need, "\n".join(lines), first_party))
    return names, edits


def _merge(doc: Doc, node: ast.ImportFrom, added: list[str]) -> list[tuple[int, int, str]]:
    aliases = node.names
    multiline = len({a.lineno for a in aliases}) > 1 or (aliases[0].lineno != node.lineno)
    indent = doc.indent_of(aliases[-1]) if multiline else ""
    edits = []
    for name in sorted(added, key=_name_key):
        anchor = next((a for a in aliases if _name_key(a.name) > _name_key(name)), None)
        if anchor is None:
            last = aliases[-1]
            text = f",\n{indent}{name}" if multiline else f", {name}"
            edits.append((doc.end(last), doc.end(last), text))
        else:
            text = f"{name},\n{indent}" if multiline else f"{name}, "
            edits.append((doc.start(anchor), doc.start(anchor), text))
    return edits


def _insert(doc: Doc, header: list[ast.stmt], after_doc: int, need: Need, line: str, first_party) -> tuple[int, int, str]:
    section = 4 if line.startswith("from .") else _module_section(need.module, first_party)
    key = (1 if need.name else 0, line.split()[1].lower())
    same = [n for n in header if _section(doc, n, first_party) == section]
    if same:
        for node in same:
            if _sort_key(doc, node) > key:
                at = doc.line_start(doc.start(node))
                return (at, at, line + "\n")
        at = doc.line_after(same[-1].end_lineno)
        return (at, at, line + "\n")
    before = [n for n in header if _section(doc, n, first_party) < section]
    if before:
        at = doc.line_after(before[-1].end_lineno)
        return (at, at, "\n" + line + "\n")
    if header:
        at = doc.line_start(doc.start(header[0]))
        return (at, at, line + "\n\n")
    body = doc.tree.body
    first_code = body[1] if after_doc and len(body) > 1 else (body[0] if body and not after_doc else None)
    gap = "\n\n" if isinstance(first_code, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else "\n"
    if after_doc:
        return (after_doc, after_doc, "\n" + line + "\n" + ("\n" if gap == "\n\n" else ""))
    return (0, 0, line + "\n" + gap)


def unused_import_edits(doc: Doc, new_text: str, names: list[str]) -> list[tuple[int, int, str]]:
    """Remove module-level imports of `names` that `new_text` (the file after a rewrite) no longer uses."""
    try:
        tree = ast.parse(new_text)
    except SyntaxError:
        return []
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    if tree.body and any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets) for n in tree.body):
        return []
    edits = []
    for node in doc.tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        drop = [a for a in node.names if (a.asname or a.name.split(".")[0]) in names and (a.asname or a.name.split(".")[0]) not in used]
        if not drop:
            continue
        if len(drop) == len(node.names):
            start = doc.line_start(doc.start(node))
            end = doc.line_after(node.end_lineno)
            before = doc.lines[node.lineno - 2] if node.lineno >= 2 else ""
            after = doc.lines[node.end_lineno] if node.end_lineno < len(doc.lines) else ""
            if not before.strip() and not after.strip():
                end = doc.line_after(node.end_lineno + 1)  # the section is gone: so is its blank line
            edits.append((start, end, ""))
            continue
        if len(drop) > 1 and len({a.lineno for a in node.names}) == 1:
            # Several names of one line: rewrite the list once (per-name cuts would overlap).
            kept = ", ".join(doc.segment(a) for a in node.names if a not in drop)
            edits.append((doc.start(node.names[0]), doc.end(node.names[-1]), kept))
            continue
        for alias in drop[:1] if len(drop) > 1 else drop:
            index = node.names.index(alias)
            if index + 1 < len(node.names):
                edits.append((doc.start(alias), doc.start(node.names[index + 1]), ""))
            else:
                edits.append((doc.end(node.names[index - 1]), doc.end(alias), ""))
    return edits
