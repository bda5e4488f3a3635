"""A cutoff on derived answers: parameter values that an edit's raw keys touched but left equal.

A parameter's values are the union over every call site of the name (`Resolver._parameter`), so
its answer reads `calls:name` and the scopes of every caller. Recorded flat, those reads made every
reader of the parameter re-resolve when any call site of the name changed (deleting one
`super().dispatch(...)` line re-resolved every `dispatch` method's readers), although the values
the parameter receives rarely change. Like salsa's backdating, a final parameter answer is read
under one derived key, `param:pkg.mod:qualname:name` (`derived_key`; the bool/None constants a
parameter receives and whether only decorations fill it likewise), and the graph keeps each such
answer with the raw keys it read (`ParameterAnswers`). After an edit it computes again, with a
fresh resolver on the new index, only the answers whose reads meet the changed keys (or whose
module was edited), and reports the derived key changed only when the values differ
(`Graph._changed_parameters`); their readers re-resolve, the others keep their facts.
"""

from __future__ import annotations

from collections import defaultdict

# The memoised answers computed over a function's callers (`Resolver._callers`), each keyed
# (kind, module, qualname, parameter name): the values a parameter receives, the bool/None
# constants it receives, whether only decorations fill it.
DERIVED = ("param", "param-constants", "decoration-param")


def derived_key(key: tuple) -> str:
    """The derived key a reader of this answer records: `param:pkg.mod:qualname:name`, …"""
    return f"{key[0]}:{key[1]}:{key[2]}:{key[3]}"


class ParameterAnswers:
    """Final parameter answers of the graph's passes: derived key -> (where, values, raw reads),
    with the raw keys and modules indexed back to the derived keys that read them."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[tuple, object, tuple[str, ...]]] = {}
        self._readers: dict[str, set[str]] | None = None  # raw key -> derived keys (built lazily)
        self._by_module: dict[str, set[str]] | None = None

    def __getstate__(self) -> dict:
        return {"answers": self.answers}  # the indexes are rebuilt when first asked

    def __setstate__(self, state: dict) -> None:
        self.answers = state["answers"]
        self._readers = self._by_module = None

    def __len__(self) -> int:
        return len(self.answers)

    def copy(self) -> ParameterAnswers:
        twin = ParameterAnswers()
        twin.answers = dict(self.answers)
        return twin

    def get(self, derived: str):
        return self.answers.get(derived)

    def record(self, derived: str, where: tuple, values, reads: tuple[str, ...]) -> None:
        self.answers[derived] = (where, values, reads)
        if self._readers is not None:
            self._index(derived, where, reads)

    def drop(self, derived: str) -> None:
        self.answers.pop(derived, None)  # the indexes may keep it: a stale candidate is skipped

    def candidates(self, keys: set[str], modules: set[str]) -> set[str]:
        """The derived keys whose answer read one of `keys` or is about one of `modules`."""
        if self._readers is None:
            self._readers, self._by_module = defaultdict(set), defaultdict(set)
            for derived, (where, _, reads) in self.answers.items():
                self._index(derived, where, reads)
        found: set[str] = set()
        for key in keys:
            found.update(self._readers.get(key, ()))
        for module in modules:
            found.update(self._by_module.get(module, ()))
        return {d for d in found if d in self.answers}

    def _index(self, derived: str, where: tuple, reads: tuple[str, ...]) -> None:
        for key in reads:
            self._readers[key].add(derived)
        self._by_module[where[1]].add(derived)
