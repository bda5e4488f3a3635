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
own function's scope keys changed: `ParameterAnswers.candidates`), and reports the derived key changed only when the values differ
(`Graph._changed_parameters`); their readers re-resolve, the others keep their facts.
"""

from __future__ import annotations

from collections import defaultdict

from .dependencies import scope_keys

# The memoised answers computed over a function's callers (`Resolver._callers`), each keyed
# (kind, module, qualname, parameter name): the values a parameter receives, the bool/None
# constants it receives, whether only decorations fill it.
DERIVED = ("param", "param-constants", "decoration-param")


def derived_key(key: tuple) -> str:
    """The derived key a reader of this answer records: `param:pkg.mod:qualname:name`, …; an
    answer of a resolver narrowed to a class (`Resolver._narrowed_to`), whose key ends with the
    class, `param:pkg.mod:qualname:name@pkg.mod.Class`."""
    if len(key) > 4:
        return f"{key[0]}:{key[1]}:{key[2]}:{key[3]}@{key[4]}"
    return f"{key[0]}:{key[1]}:{key[2]}:{key[3]}"


class ParameterAnswers:
    """Final answers over callers of the graph's passes: derived key -> (memo key, value, raw
    reads), with the raw keys and modules indexed back to the derived keys that read them. The
    index is kept as answers are recorded (lists: a set per key cost several times the memory on
    sentry's 2.3 million reads) and never shrinks: an answer recorded again adds the keys it did
    not read before, and a stale entry is skipped by checking the answer's current reads."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[tuple, object, tuple[str, ...]]] = {}
        self._readers: dict[str, list[str]] = defaultdict(list)  # raw key -> derived keys
        self._by_module: dict[str, list[str]] = defaultdict(list)
        self._dropped: dict[str, tuple[str, ...]] = {}  # dropped answers' reads, still indexed

    def __getstate__(self) -> dict:
        return {"answers": self.answers}  # the index is rebuilt from the answers

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        for derived, (where, values, reads) in state["answers"].items():
            self.record(derived, where, values, reads)

    def __len__(self) -> int:
        return len(self.answers)

    def copy(self) -> ParameterAnswers:
        """A table of the same answers for a clone. The index is shared: it only grows, and each
        table checks what it finds against its own answers, so neither one's edits mislead the
        other (and a clone costs no copy of sentry's 2.3 million entries)."""
        twin = ParameterAnswers()
        twin.answers = dict(self.answers)
        twin._readers, twin._by_module = self._readers, self._by_module
        twin._dropped = dict(self._dropped)
        return twin

    def get(self, derived: str):
        return self.answers.get(derived)

    def record(self, derived: str, where: tuple, values, reads: tuple[str, ...]) -> None:
        old = self.answers.get(derived)
        before = old[2] if old is not None else self._dropped.pop(derived, None)
        self.answers[derived] = (where, values, reads)
        if before is reads:
            return
        readers = self._readers
        if before is None:  # never indexed
            self._by_module[where[1]].append(derived)
            for key in reads:
                readers[key].append(derived)
        else:  # indexed under `before`: only the keys it had not read (the index never shrinks)
            for key in set(reads).difference(before):
                readers[key].append(derived)

    def drop(self, derived: str) -> None:
        """Forget an answer; the index keeps it (skipped while it is gone, reused if it comes back)."""
        old = self.answers.pop(derived, None)
        if old is not None:
            self._dropped[derived] = old[2]

    def candidates(self, keys: set[str], modules: set[str]) -> set[str]:
        """The derived keys whose answer read one of `keys`, or is about a function of one of the
        edited `modules` whose own scope changed. An answer reads its own function (its
        parameters, defaults, enclosing functions) without recording a key; what changed there is
        what a reader in another file records on entering it (`scope_keys`: the function's
        top-level name, a method's own key), so an edit elsewhere in the module leaves it alone."""
        found: set[str] = set()
        for key in keys:
            found.update(self._readers.get(key, ()))
        for module in modules:
            found.update(self._by_module.get(module, ()))
        out: set[str] = set()
        for derived in found:
            answer = self.answers.get(derived)  # the index may hold stale entries: ask the reads
            if answer is None:
                continue
            where = answer[0]
            if not keys.isdisjoint(answer[2]) or (
                where[1] in modules and not keys.isdisjoint(scope_keys(where[1], where[2]))
            ):
                out.add(derived)
        return out

    def closure(self, derived: set[str]) -> set[str]:
        """`derived` and every kept answer that read one of them, transitively: what may change
        when they do."""
        out = set(derived)
        todo = list(derived)
        while todo:
            for reader in self._readers.get(todo.pop(), ()):
                if reader not in out and reader in self.answers:
                    out.add(reader)
                    todo.append(reader)
        return out
