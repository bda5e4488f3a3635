"""The resolved call graph of a workspace, kept current one file at a time.

`Graph.apply` puts new summaries into the workspace index, re-resolves each changed file and the
files that read something the change altered (the dependency keys they recorded, see
`dependencies.py`), and keeps the cross-file indexes in step: functions by name, the reverse
dependencies, signal receivers, and entry points merged from every file that names them. The jedi
fallback adds edges for calls our own resolution could not name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from . import sinks
from .callgraph import Edge, FileFacts, FunctionFacts, GraphContext, SinkHit, analyze_file
from .config import Config
from .dependencies import MAX_CALL_SITES, changed_keys, many_key, position_key
from .derived import ParameterAnswers
from .index import sites_of
from .jedi_resolver import JediBudget, JediResolver
from .model import EntryPoint
from .resolve import Resolver
from .summary import FileSummary
from .workspace import Workspace, copy_state, read_source

EntryKey = tuple[str, str]
_GONE = object()  # no earlier value of an answer
MAX_CHECK_ROUNDS = 64  # rounds of the derived answers' check before it gives up on the cutoff
# Memoised answers kept from one edit's pass for the next (a load's pass holds far more: dropped).
MAX_KEPT_ANSWERS = 200_000


@dataclass
class Changes:
    """What one `apply` changed: functions whose facts differ, entries to re-walk, files re-analysed."""

    functions: set[str] = field(default_factory=set)
    entries: set[EntryKey] = field(default_factory=set)
    analysed: set[str] = field(default_factory=set)
    # The facts each changed function had before this pass (None: it did not exist); the walks
    # through a function whose calls stayed the same are kept (`reachability.Walks`).
    before: dict[str, FunctionFacts | None] = field(default_factory=dict)
    # The dependency keys whose value changed (raw, derived and signal keys): whether the MRO
    # lookups of the walks can have changed (`dependencies.lookups_kept`).
    keys: set[str] = field(default_factory=set)


class Graph:
    def __init__(self, workspace: Workspace, config: Config):
        self.workspace = workspace
        self.config = config
        self.facts: dict[str, FileFacts] = {}
        self.functions: dict[str, FunctionFacts] = {}
        self.entries: dict[EntryKey, EntryPoint] = {}
        # The reverse index, key -> the files whose resolution read it, each set of files an int
        # with one bit per file (`_reader_ids`, numbered in order of first use; `_reader_paths`
        # names them back). A set of paths per key cost 960 MB on sentry's 145,000 keys and 13
        # million reads; the bits cost a few per cent of that, and an edit reads few keys.
        self._rdeps: dict[str, int] = {}
        self._reader_ids: dict[str, int] = {}
        self._reader_paths: list[str] = []
        self._receivers: dict[str, set[str]] = defaultdict(set)
        self._entry_sources: dict[EntryKey, dict[str, EntryPoint]] = defaultdict(dict)
        # path -> (entry, source) pairs whose entry lives in `path` but was found in another file
        self._entries_at: dict[str, set[tuple[EntryKey, str]]] = defaultdict(set)
        self._extra_sinks = self._sink_table(config)
        self.jedi = JediResolver(workspace.roots)
        self._jedi_asked: set[tuple[str, int, int]] = set()
        self._jedi_todo: set[str] = set()  # functions with unresolved calls jedi has not seen yet
        # The last small pass's resolver: the next edit reuses the answers it did not invalidate.
        self._resolver: Resolver | None = None
        # Final parameter answers of the passes, checked after an edit (`derived.py`).
        self._params = ParameterAnswers()

    @property
    def index(self):
        return self.workspace.index

    def set_config(self, config: Config) -> None:
        self.config = config
        self._extra_sinks = self._sink_table(config)

    def _sink_table(self, config: Config):
        """The configured extra sinks; with an environment, also what the installed packages fold
        a name to or hide behind it (`library.WorkspaceSinks`)."""
        extra = sinks.make_extra(config.sinks)
        library = self.workspace.index.library
        if library is None:
            return extra
        from .library import WorkspaceSinks

        return WorkspaceSinks(extra, library, self._workspace_top)

    def _workspace_top(self, top: str) -> bool:
        """Whether a top-level name is the workspace's own package (never asked of the library)."""
        names = self.workspace.index.path_of
        return top in names or any(name.split(".", 1)[0] == top for name in names)

    def copy(self, workspace: Workspace) -> Graph:
        """A copy sharing immutable facts, on `workspace` (a copy too), with no jedi time."""
        twin = object.__new__(Graph)
        copy_state(self, twin)
        twin.workspace = workspace
        twin.config = replace(self.config, jedi_budget=0)
        twin.jedi = JediResolver(workspace.roots, JediBudget(0))
        twin._resolver = None  # bound to this graph's index
        twin._params = self._params.copy()  # the twin's edits update its own table
        return twin

    # -- incremental core --------------------------------------------------------------------
    def apply(self, changed: dict[str, FileSummary], removed: set[str], everything: bool = False) -> Changes:
        out = Changes()
        dirty: set[str] = set()
        keys: set[str] = set()  # the dependency keys whose value changed
        modules: set[str] = set()  # the modules edited, under their old and new names
        for path in removed:
            old = self.index.remove(path)
            if old is not None:
                dirty |= self._readers_of(old, None, keys)
                modules.add(old.module)
        for path, summary in changed.items():
            old = self.index.set(path, summary)
            dirty.add(path)
            dirty |= self._readers_of(old, summary, keys)
            modules.add(summary.module)
            if old is not None:
                modules.add(old.module)
        resolver = self._resolver
        self._resolver = None
        if everything:
            self._params = ParameterAnswers()  # every reader is resolved again
        if resolver is None or everything or not self._rdeps:
            resolver = Resolver(self.index)
            kept = False
        else:
            kept = True
        resolver.use_params(self._params)
        if not everything and self._rdeps:
            # Answers over callers whose values the edit changed (the others' readers keep theirs).
            derived = self._changed_parameters(keys, modules, resolver, kept)
            keys |= derived
            for key in derived:
                dirty |= self._readers(key)
        if everything:
            dirty |= set(self.index.summaries)
        for path in removed:
            self._drop_facts(path, out.functions, out.entries, out.before)
        dirty = {p for p in dirty if p in self.index.summaries}  # a removed file depends on itself
        # The edited files are resolved whole; a file that only read a changed key, just the
        # parts (functions, its own entries and receivers) whose reads meet the changed keys.
        whole = set(dirty) if everything else set(changed)
        rounds = 0
        while dirty and rounds < 8:
            rounds += 1
            next_dirty: set[str] = set()
            context = GraphContext(self.index, self._receivers, self._extra_sinks, self.config.library_calls)
            context.resolver = resolver  # answers do not read the receivers: one for every round
            signals: set[str] = set()
            for path in sorted(dirty):
                next_dirty |= self._reanalyse(path, context, out.functions, out.entries,
                                              None if path in whole else keys, signals, out.before)
            out.analysed |= dirty
            # Receivers found this round change what `.save()` reaches in files already done.
            dirty = {p for p in next_dirty if p in self.index.summaries}
            keys = keys | signals
        if len(resolver) > MAX_KEPT_ANSWERS:
            resolver.sweep()  # stale answers are dropped lazily: count only the live ones
        if len(resolver) <= MAX_KEPT_ANSWERS:  # an edit's pass, not a load's: keep it for the next
            self._resolver = resolver
        out.keys = keys
        self._move_entries(set(changed), out.analysed, out.entries)
        self._rebuild_entries(out.entries)
        if everything:
            out.entries |= set(self.entries)
        return out

    def _changed_parameters(self, keys: set[str], modules: set[str], resolver: Resolver, kept: bool) -> set[str]:
        """The derived keys (`derived.derived_key`) of the kept answers over callers whose values
        differ now. An answer that read a changed key or whose own function's scope changed
        (`ParameterAnswers.candidates`) is computed again and compared, then those that read one that changed, and so on. A kept `resolver`
        first forgets only the changed raw keys; an answer that read a derived key the check has
        not settled yet is reused meanwhile, and each derived key found changed is forgotten in
        its turn (a new revision: every answer that read it, this check's too, is dropped when
        next asked for) and the answers in the table that read it are checked again, those
        already checked included, so nothing computed from a stale answer stays. An answer that
        is no longer final (a cycle, the depth cut) or whose parameter is gone counts as changed
        and leaves the table."""
        table = self._params
        todo = table.candidates(keys, modules) if table else set()
        maybe = table.closure(todo)
        if kept:
            resolver.forget(keys, modules)
        old = {derived: table.get(derived)[:2] for derived in maybe}  # (memo key, values)
        # The value each answer's readers may have used: the old one until it is checked.
        seen = {derived: values for derived, (_, values) in old.items()}
        changed: set[str] = set()
        checked: set[str] = set()
        rounds = 0
        while todo:
            # Recorded during this check (no earlier value to compare): counts as changed.
            asked = {derived: old.get(derived) or (table.get(derived)[0], _GONE) for derived in todo}
            for derived in todo:
                table.drop(derived)
            found: set[str] = set()  # differ from what their readers may have used
            for derived in sorted(todo):
                checked.add(derived)
                resolver.begin(set())
                where, values = asked[derived]
                now = table.get(derived) if resolver.derived_again(where) else None
                if now is None or now[1] != values:
                    changed.add(derived)
                    if now is None:
                        table.drop(derived)
                value = _GONE if now is None else now[1]
                if now is None or seen.get(derived, _GONE) != value:
                    found.add(derived)
                seen[derived] = value
            rounds += 1
            if kept and found and rounds > MAX_CHECK_ROUNDS:
                # Not settling (it has not happened): every answer that may have read a stale one
                # counts as changed and leaves the table; their readers compute them again.
                rest = table.closure(found | checked)
                for derived in rest:
                    table.drop(derived)
                changed |= rest
                resolver.forget(rest, set())
                break
            if kept and found:
                resolver.forget(found, set())
                todo = table.candidates(found, set())  # computed from a stale answer: again
            else:  # a fresh resolver computed everything on the new index
                todo = table.candidates(found, set()) - checked
        return changed

    def _readers_of(self, old: FileSummary | None, new: FileSummary | None, keys: set[str]) -> set[str]:
        """The files whose resolution read something of this file that the edit changed (the
        changed keys are added to `keys`)."""
        if not self._rdeps:  # nothing resolved yet (start-up): nobody to invalidate
            return set()
        out: set[str] = set()
        counts: dict[str, Counter] = {}
        for key in changed_keys(old, new):
            keys.add(key)
            out |= self._readers(key)
            if key.startswith("calls:"):
                if not counts:
                    counts = {"old": _sites_by_name(old), "new": _sites_by_name(new)}
                tail = key[len("calls:"):]
                after = self.index.site_count(tail)  # the index holds `new` already
                before = after - counts["new"][tail] + counts["old"][tail]
                if (before > MAX_CALL_SITES) != (after > MAX_CALL_SITES):
                    keys.add(many_key(tail))
                    out |= self._readers(many_key(tail))
        return out

    def _drop_facts(self, path: str, changed_functions: set[str], entries_dirty: set[EntryKey],
                    before: dict | None = None) -> None:
        old = self.facts.pop(path, None)
        if old is None:
            return
        self._unread(old.dependencies, path)
        for name in old.functions:
            if before is not None:
                before.setdefault(name, self.functions.get(name))
            if self.functions.get(name) is old.functions[name]:
                del self.functions[name]
            changed_functions.add(name)
        for key, receiver in old.receivers:
            self._receivers[key].discard(receiver)
        for entry in old.entries:
            key = (entry.name, entry.self_class)
            self._entry_sources[key].pop(path, None)
            self._entries_at[entry.path].discard((key, path))
            entries_dirty.add(key)

    def _reanalyse(self, path: str, context: GraphContext, changed_functions: set[str], entries_dirty: set[EntryKey],
                   keys: set[str] | None = None, signals: set[str] | None = None,
                   previous: dict | None = None) -> set[str]:
        """Resolve one file again (only the parts that read one of `keys`, when given) and keep
        the cross-file indexes in step; the files to resolve next because their signal
        receivers changed (the `signal:` keys are added to `signals`, and to `previous` the facts
        the changed functions had)."""
        summary = self.index.summaries.get(path)
        old = self.facts.get(path)
        new = analyze_file(path, summary, context, old, keys)
        # An entry found here may carry the `def` line of another file. When it is the line of the
        # function it names, `_move_entries` follows that file's edits; otherwise moving the file's
        # defs must re-analyse this one.
        elsewhere = {self.index.summaries[e.path].module for e in new.entries
                     if e.path != path and e.path in self.index.summaries and self._def_span(e) != e.span}
        if elsewhere:
            positions = {position_key(module) for module in elsewhere}
            if not positions <= new.file_reads:
                new = replace(new, file_reads=new.file_reads | positions)
        # The reverse index moves by the difference only: a file reads thousands of keys and an
        # edit changes a few of them.
        new_dependencies = new.dependencies
        if old is None:
            added = new_dependencies
        else:
            old_dependencies = old.dependencies
            if old_dependencies == new_dependencies:
                added = ()
            else:
                self._unread(old_dependencies - new_dependencies, path)
                added = new_dependencies - old_dependencies
        if added:
            bit = self._reader_bit(path)
            rdeps = self._rdeps
            for dep in added:
                rdeps[dep] = rdeps.get(dep, 0) | bit
        self.facts[path] = new
        old_functions = old.functions if old else {}
        for name in old_functions.keys() | new.functions.keys():
            before, after = old_functions.get(name), new.functions.get(name)
            if before != after:
                changed_functions.add(name)
                if previous is not None:
                    previous.setdefault(name, self.functions.get(name))
            if after is not None:
                self.functions[name] = after
                if after.unresolved and before != after:
                    self._jedi_todo.add(name)
            elif self.functions.get(name) is before:
                del self.functions[name]
        more: set[str] = set()
        old_receivers = set(old.receivers) if old else set()
        new_receivers = set(new.receivers)
        for key, receiver in old_receivers - new_receivers:
            self._receivers[key].discard(receiver)
        for key, receiver in new_receivers - old_receivers:
            self._receivers[key].add(receiver)
        for key, _ in old_receivers ^ new_receivers:
            more |= self._readers(f"signal:{key}")
            if signals is not None:
                signals.add(f"signal:{key}")
        old_entries = set(old.entries) if old else set()
        if old_entries != set(new.entries):
            for entry in old_entries:
                self._entry_sources[(entry.name, entry.self_class)].pop(path, None)
                self._entries_at[entry.path].discard(((entry.name, entry.self_class), path))
            for entry in new.entries:
                self._entry_sources[(entry.name, entry.self_class)][path] = entry
                if entry.path != path:
                    self._entries_at[entry.path].add(((entry.name, entry.self_class), path))
            entries_dirty.update((e.name, e.self_class) for e in old_entries ^ set(new.entries))
        return more

    def _readers(self, key: str) -> set[str]:
        """The files whose resolution read `key`."""
        bits = self._rdeps.get(key, 0)
        paths = self._reader_paths
        out: set[str] = set()
        while bits:
            low = bits & -bits
            out.add(paths[low.bit_length() - 1])
            bits ^= low
        return out

    def _reader_bit(self, path: str) -> int:
        number = self._reader_ids.get(path)
        if number is None:
            number = self._reader_ids[path] = len(self._reader_paths)
            self._reader_paths.append(path)
        return 1 << number

    def _unread(self, keys, path: str) -> None:
        """`path` no longer reads `keys` (each key stays in the index, with no reader left)."""
        mask = ~self._reader_bit(path)
        rdeps = self._rdeps
        for key in keys:
            rdeps[key] = rdeps.get(key, 0) & mask

    def _def_span(self, entry: EntryPoint):
        """The current `def` position of the function an entry names, if it lives in `entry.path`."""
        found = self.index.function(entry.name)
        if found is None or self.index.path_for_module(found[0].module) != entry.path:
            return None
        return found[1].span

    def _move_entries(self, edited: set[str], analysed: set[str], entries_dirty: set[EntryKey]) -> None:
        """Entries that other files found for functions of the `edited` files, given the `def`
        lines those files have now (the files that found them read no position: nothing else of
        theirs can change with a line added above a view)."""
        moved: dict[str, dict[EntryPoint, EntryPoint]] = defaultdict(dict)
        for path in edited:
            for key, source in sorted(self._entries_at.get(path, ())):
                entry = self._entry_sources.get(key, {}).get(source)
                if source in analysed or entry is None or entry.path != path:
                    continue
                span = self._def_span(entry)
                if span is None or span == entry.span:
                    continue
                moved[source][entry] = self._entry_sources[key][source] = replace(entry, span=span)
                entries_dirty.add(key)
        for source, renamed in moved.items():
            facts = self.facts.get(source)
            if facts is not None:  # facts are shared with clones: replace, never mutate
                self.facts[source] = replace(facts, entries=tuple(renamed.get(e, e) for e in facts.entries))

    def _rebuild_entries(self, entries_dirty: set[EntryKey]) -> None:
        """Re-merge the entry points whose contributions changed (a urls.py may route to a view
        defined elsewhere: each key keeps the contribution of every file that names it)."""
        for key in list(entries_dirty):
            sources = self._entry_sources.get(key)
            merged, best = None, None
            for source, entry in (sources or {}).items():
                # A route read where the handler is mounted (another file) beats the handler
                # file's own reading, then the fullest route wins (`/orders/` over `/`),
                # whichever file was read first.
                rank = (source != entry.path, *_route_rank(entry))
                if best is None or rank > best:
                    merged, best = entry, rank
            if merged is None:
                self.entries.pop(key, None)
            else:
                self.entries[key] = merged
        for spec in self.config.entry_points:
            name = spec.replace(":", ".")
            key = (name, "")
            found = self.index.function(name)
            if found is None or (key in self.entries and self.entries[key].framework != "config"):
                continue
            path = self.index.path_for_module(found[0].module) or ""
            entry = EntryPoint(name, path, found[1].span, "config")
            if self.entries.get(key) != entry:
                self.entries[key] = entry
                entries_dirty.add(key)

    # -- jedi fallback -----------------------------------------------------------------------
    def refinable(self, reached) -> bool:
        """Whether one of the `reached` functions still waits for a jedi answer."""
        return self.config.jedi_budget > 0 and bool(self._jedi_todo & reached)

    def jedi_pass(self, reached, seconds: float | None = None) -> set[str]:
        """Ask jedi about calls we could not resolve in the `reached` functions (those some handler
        reaches) and add the edges it finds; the names of the functions that gained some.
        `seconds` (the editor's slices, capped by `jedi-budget`) bounds the pass by the clock;
        None waits for every answer, so the result does not depend on the machine's load."""
        if self.config.jedi_budget <= 0 or not self._jedi_todo:
            return set()
        self.jedi.budget = JediBudget(None if seconds is None else min(seconds, self.config.jedi_budget))
        improved: set[str] = set()
        for name in sorted(self._jedi_todo & reached):
            facts = self.functions.get(name)
            if not self.jedi.budget.left:
                break
            self._jedi_todo.discard(name)
            if facts is None or not facts.unresolved:
                continue
            extra = self._ask_jedi(facts)
            if extra is not None:
                self.functions[name] = extra
                file_facts = self.facts.get(facts.path)
                if file_facts is not None:  # facts are shared with clones: replace, never mutate
                    self.facts[facts.path] = replace(file_facts, functions={**file_facts.functions, name: extra})
                improved.add(name)
        return improved

    def _ask_jedi(self, facts: FunctionFacts) -> FunctionFacts | None:
        summary = self.index.summaries.get(facts.path)
        if summary is None:
            return None
        text = self.workspace.texts.get(facts.path)
        edges, hits = list(facts.edges), list(facts.sinks)
        for call, func in facts.unresolved:
            key = (summary.digest, func.end_line, func.end_col)
            if key in self._jedi_asked:
                continue
            if text is None:
                text = read_source(facts.path) or ""
            names = self.jedi.names(facts.path, text, summary.digest, func.end_line, max(func.end_col - 1, 0))
            if names is None:
                self._jedi_todo.add(facts.name)  # not answered yet: ask again on a later pass
                continue
            self._jedi_asked.add(key)
            for full in names:
                spec = sinks.lookup(full, self._extra_sinks)
                if spec is not None:
                    hits.append(SinkHit(call, spec))
                elif full in self.functions:
                    edges.append(Edge(full, call, "jedi"))
        if len(edges) == len(facts.edges) and len(hits) == len(facts.sinks):
            return None
        return replace(facts, edges=tuple(dict.fromkeys(edges)), sinks=tuple(hits))

    # -- reading -----------------------------------------------------------------------------
    def method_lookup(self):
        """`lookup(cls, name, after)`: the method `name` that an instance of `cls` runs (searching
        its MRO after class `after` for `super()`), for context-sensitive `self` calls. The MROs
        come from the resolver the next edit's pass starts from (valid for the index as it is
        now; that pass drops what its edit changed), so a walk after an edit does not rebuild
        every view's MRO."""
        resolver = self._resolver
        if resolver is None:
            resolver = self._resolver = Resolver(self.index)
        resolver.begin(set())  # what the lookups read belongs to no file

        library = self.index.library
        # One answer per question for this lookup's life (one pass of walks, on an index that does
        # not change meanwhile): hundreds of entries share a view's base classes and ask the same.
        answers: dict[tuple[str, str, str], str | None] = {}

        def lookup(cls: str, name: str, after: str) -> str | None:
            question = (cls, name, after)
            if question in answers:
                return answers[question]
            found = answers[question] = find(cls, name, after)
            return found

        def find(cls: str, name: str, after: str) -> str | None:
            order, external = resolver.mro(cls)
            installed = after if after and after not in order else ""
            if after and not installed:
                order = order[order.index(after) + 1:]
            for owner in order if not installed else ():
                candidate = f"{owner}.{name}"
                if candidate in self.functions:
                    return candidate
            if library is None or not external:
                return None
            # The installed base classes come after the workspace's (see `Library.method`).
            return library.method(external, name, installed)

        return lookup

    def facts_of(self, name: str) -> FunctionFacts | None:
        """A function's facts for a walk: the workspace's, else an installed method reached
        through a class's MRO (`Library.method_facts`: only its calls on `self`)."""
        facts = self.functions.get(name)
        if facts is None and self.index.library is not None:
            facts = self.index.library.method_facts(name)
        return facts

    def path_of_function(self, name: str) -> str:
        facts = self.facts_of(name)
        return facts.path if facts else ""

    def outside(self, path: str) -> bool:
        """Whether a chain's location is an installed base class's method (in the environment's
        package folders, not a workspace file): no finding stands there."""
        library = self.index.library
        return library is not None and path not in self.index.summaries and library.installed(path)


def _sites_by_name(summary: FileSummary | None) -> Counter:
    """The call sites and decorations of `summary` the index counts, per name called."""
    return Counter(ref.tail for ref in sites_of(summary)) if summary is not None else Counter()


def _route_rank(entry: EntryPoint) -> tuple:
    return (len(entry.route), entry.route, entry.methods, entry.framework, entry.path)
