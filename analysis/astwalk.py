"""Per-node-type tables for walking `ast` trees fast.

The summary and `call_use` walk every node of every file; asking `isinstance(x, (six abstract
classes))` and `getattr` for every field of every node (`Name.id`, `Attribute.ctx`…) was most of
the walk. A node's concrete type answers both questions with one set or dict lookup: which of its
fields can hold nodes at all, and whether a node of that type is walked into.
"""

from __future__ import annotations

import ast

# Fields that never hold a node worth walking into: strings, numbers, flags, and contexts and
# operators (leaves with no children and no calls).
_SCALAR_FIELDS = frozenset({
    "arg", "asname", "attr", "conversion", "ctx", "id", "is_async", "kind", "kwd_attrs", "level",
    "lineno", "module", "n", "name", "op", "ops", "s", "simple", "tag", "type_comment",
})


def _concrete(base: type) -> set[type]:
    found = {base}
    for sub in base.__subclasses__():
        found |= _concrete(sub)
    return found


NODE_TYPES: frozenset[type] = frozenset(t for t in _concrete(ast.AST) if getattr(t, "_fields", None) is not None)

# type -> the fields of that type that may hold a node (or a list of nodes), in `_fields` order.
CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    t: tuple(f for f in t._fields if f not in _SCALAR_FIELDS) for t in NODE_TYPES}


def walked_types(skip: tuple[type, ...]) -> frozenset[type]:
    """The node types that are not instances of any class in `skip`: `type(x) in walked_types(…)`
    is `isinstance(x, ast.AST) and not isinstance(x, skip)` for every node `ast.parse` builds."""
    return frozenset(t for t in NODE_TYPES if not issubclass(t, skip))
