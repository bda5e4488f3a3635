"""Findings of a workspace: each entry point's walk over the graph, the queue-hygiene findings
of each file, and what is published per file after rule selection, suppression and severity.

`Findings.recompute` re-walks only the entry points it is given and returns the findings of every
file whose published findings changed, empty lists included, so fixed files get cleared (like
ruff's DiagnosticsMap).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .graph import EntryKey, Graph
from .model import Finding, Severity, Span
from .reachability import Remap, Walks, findings_for, moved_finding, own_findings
from .rules import BY_CODE, DISPATCH_RULES
from .task_hygiene import TaskHygiene
from .workspace import copy_state


class Findings:
    def __init__(self, graph: Graph, hops: bool = False):
        """`hops=True` also reports each side effect on the deeper calls of its chain."""
        self.graph = graph
        self.hops = hops
        self._entry_findings: dict[EntryKey, list[Finding]] = {}
        # The same findings by the file they land in, built once per walk: publishing a file reads
        # its part of each entry's findings without filtering every finding of every entry.
        self._entry_by_file: dict[EntryKey, dict[str, list[Finding]]] = {}
        self._entry_reach: dict[EntryKey, set[str]] = {}
        self._entries_in_file: dict[str, set[EntryKey]] = defaultdict(set)  # whose findings land there
        self.reached_by: dict[str, set[EntryKey]] = defaultdict(set)
        self._published: dict[str, list[Finding]] = {}
        self.tasks = TaskHygiene(graph)  # OFP205–OFP207: the queue's own findings
        self._walks = Walks()  # each start node's walk, kept across passes
        # The entries whose calls never come back to their own function: when only that function's
        # own report changed, the rest of their findings are moved (`_move`). Absent (a state
        # stored before): walked again.
        self._direct_only: set[EntryKey] = set()

    def copy(self, graph: Graph) -> Findings:
        twin = object.__new__(Findings)
        copy_state(self, twin)
        twin.graph = graph
        twin.tasks = self.tasks.copy(graph)
        twin._walks = self._walks.copy()
        return twin

    # -- reading -----------------------------------------------------------------------------
    def of_file(self, path: str) -> list[Finding]:
        return list(self._published.get(path, ()))

    def all(self) -> dict[str, list[Finding]]:
        return {p: list(f) for p, f in self._published.items() if f}

    def of_entry(self, key: EntryKey) -> list[Finding]:
        return list(self._entry_findings.get(key, ()))

    def reaching(self, functions: set[str], before: dict | None = None) -> set[EntryKey]:
        """The entry points whose walk reached one of `functions` (whose facts changed; `before`:
        their facts before the change, when known, which lets kept walks through them stand)."""
        self.tasks.note_changed(set(functions))  # the tasks' walks follow the same changes
        self._walks.note(functions, before, self.graph.facts_of)
        out: set[EntryKey] = set()
        for name in functions:
            out |= self.reached_by.get(name, set())
        return out

    def forget_walks(self) -> None:
        """Drop the kept walks (the settings changed: what installed classes answer may too)."""
        self._walks.clear()

    # -- walking -----------------------------------------------------------------------------
    def recompute(self, entries_dirty: set[EntryKey], force_files: set[str],
                  moved: dict | None = None, changed: set[str] | frozenset = frozenset(),
                  rewalk: set[EntryKey] | frozenset = frozenset()) -> dict[str, list[Finding]]:
        """Re-walk `entries_dirty`; publish what changed. `moved` (`reachability.moved_functions`
        of the `changed` functions, given only when no MRO lookup can answer differently): an
        entry, not in `rewalk` (the graph changed it), whose walk met no changed function
        except moved ones keeps its walk and its findings, their positions moved."""
        graph = self.graph
        touched = set(force_files)
        if moved is not None:
            entries_dirty = {key for key in entries_dirty if not self._move(key, moved, changed, touched, key in rewalk)}
        lookup = graph.method_lookup() if entries_dirty else None
        for key in entries_dirty:
            self._entry_findings.pop(key, None)
            for path in self._entry_by_file.pop(key, ()):
                touched.add(path)
                self._entries_in_file[path].discard(key)
            before = self._entry_reach.pop(key, set())
            entry = graph.entries.get(key)
            if entry is None:
                self._unreach(key, before)
                self._direct_only.discard(key)
                continue
            below: set[str] = set()
            found, reached = findings_for(entry, graph.facts_of, graph.path_of_function, self._walks, lookup,
                                          self.hops, graph.outside if graph.index.library is not None else None,
                                          below)
            if entry.name in below:
                self._direct_only.discard(key)
            else:
                self._direct_only.add(key)
            self._entry_findings[key] = found
            self._entry_reach[key] = reached
            by_file: dict[str, list[Finding]] = {}
            for finding in found:
                by_file.setdefault(finding.path, []).append(finding)
            if by_file:
                self._entry_by_file[key] = by_file
            for path in by_file:
                self._entries_in_file[path].add(key)
            self._unreach(key, before - reached)
            for name in reached - before:
                self.reached_by[name].add(key)
            touched.update(by_file)
        return self._publish(touched)

    def _move(self, key: EntryKey, moved: dict, changed, touched: set[str], renewed: bool = False) -> bool:
        """Move the findings of an entry whose walk is the same apart from positions (the files
        whose findings moved are added to `touched`); False when it must be walked again.
        `renewed`: the graph changed the entry; it is moved only when its handler's `def` line
        (and its view's) is all that changed, as its findings show. When the entry's own function
        changed what it reports itself (`Remap.reports` False) and no call of the entry comes
        back to it, that report is built again and the rest moved."""
        reach = self._entry_reach.get(key)
        entry = self.graph.entries.get(key)
        if reach is None or entry is None:
            return False
        own = False  # the entry's own function changed what it reports: that report is built again
        for name in changed:
            if name in reach:
                how = moved.get(name)
                if how is None:
                    return False
                if type(how) is Remap and not how.reports:
                    if name != entry.name or key not in self._direct_only:
                        return False
                    own = True
        found = self._entry_findings.get(key, [])
        if renewed:
            old = found[0].entry if found else None
            if old is None or old == entry or replace(old, span=entry.span, view_span=entry.view_span) != entry:
                return False
        out = []
        paths: set[str] = set()
        if own:
            graph = self.graph
            out = own_findings(entry, graph.facts_of, graph.path_of_function, self.hops,
                               graph.outside if graph.index.library is not None else None)
            paths.update(finding.path for finding in out)
            # Its own findings are the first, their chains one location long (the rest start at
            # one of its calls).
            kept = [finding for finding in found if len(finding.chain) > 1]
            paths.update(finding.path for finding in found if len(finding.chain) == 1)
            found = kept
        for finding in found:
            if finding.entry is not None and finding.entry != entry:
                if not renewed or finding.entry != old:
                    return False
                finding = replace(finding, entry=entry)
            now = moved_finding(finding, moved)
            if now is None:
                return False
            if now is not finding or renewed:
                paths.add(finding.path)
            out.append(now)
        if paths or own:
            self._entry_findings[key] = out
            by_file: dict[str, list[Finding]] = {}
            for finding in out:
                by_file.setdefault(finding.path, []).append(finding)
            before = self._entry_by_file.pop(key, {})
            if by_file:
                self._entry_by_file[key] = by_file
            for path in before.keys() - by_file.keys():
                self._entries_in_file[path].discard(key)
            for path in by_file.keys() - before.keys():
                self._entries_in_file[path].add(key)
            touched |= paths
        return True

    def _unreach(self, key: EntryKey, names) -> None:
        for name in names:
            holders = self.reached_by.get(name)
            if holders is not None:
                holders.discard(key)
                if not holders:
                    del self.reached_by[name]

    # -- publishing --------------------------------------------------------------------------
    def _publish(self, touched: set[str]) -> dict[str, list[Finding]]:
        # Only the entries whose findings land in a touched file are read: an edit's cost does not
        # grow with the number of findings elsewhere in the workspace.
        touched = touched | self.tasks.refresh({path for path in touched if path})
        by_file: dict[str, list[Finding]] = {path: [] for path in touched if path}
        for path, found in by_file.items():
            for key in self._entries_in_file.get(path, ()):
                found.extend(self._entry_by_file.get(key, {}).get(path, ()))
        for path in list(by_file):
            by_file[path].extend(self._local_findings(path))
            by_file[path].extend(self.tasks.of_file(path))
        summaries = self.graph.index.summaries
        changes: dict[str, list[Finding]] = {}
        for path, found in by_file.items():
            final = self._finalise(path, found)
            if self._published.get(path, []) != final:
                changes[path] = final
                if final or path in summaries:
                    self._published[path] = final
                else:
                    self._published.pop(path, None)
        return changes

    def _local_findings(self, path: str) -> list[Finding]:
        """Queue-hygiene findings that do not depend on an entry point (OFP202, OFP203)."""
        facts = self.graph.facts.get(path)
        if facts is None:
            return []
        out = []
        for function in facts.functions.values():
            for job in function.dispatches:
                for rule in DISPATCH_RULES:
                    message = rule.check_dispatch(job)
                    if message is not None:
                        out.append(_finding(rule.code, path, job.span, message))
        return out

    def _finalise(self, path: str, found: list[Finding]) -> list[Finding]:
        config = self.graph.config
        summary = self.graph.index.summaries.get(path)
        suppressed = dict(summary.suppressions) if summary else {}
        # group -> [the finding kept, its total-order key once built]
        unique: dict[tuple, list] = {}
        enabled: dict[str, bool] = {}
        for finding in found:
            code = finding.code
            allowed = enabled.get(code)
            if allowed is None:
                allowed = enabled[code] = config.enabled(code)
            if not allowed:
                continue
            if suppressed and is_suppressed(finding, suppressed):
                continue
            group = (code, finding.span, _sink_site(finding))
            # One finding per place, rule and sink call: a captcha check must not hide the welcome
            # email the same call reaches (the editor groups a call's sinks into one diagnostic).
            # Among the ways to one sink, a handler's own report beats a hop, then the shallowest
            # chain, then the total order (`_key`, built only on a tie, once per finding: hundreds
            # of entries reach one service call).
            kept = unique.get(group)
            if kept is None:
                unique[group] = [finding, None]
                continue
            existing = kept[0]
            first, second = (finding.hop > 0, finding.depth), (existing.hop > 0, existing.depth)
            if first != second:
                if first < second:
                    kept[0], kept[1] = finding, None
                continue
            if kept[1] is None:
                kept[1] = _key(existing)
            key = _key(finding)
            if key < kept[1]:
                kept[0], kept[1] = finding, key
        out = []
        for finding, _ in unique.values():
            rule = BY_CODE[finding.code]
            severity = config.severity_for(finding.code, finding.category, rule.severity)
            if finding.hop:
                severity = Severity.INFO
            if severity != finding.severity:
                finding = replace(finding, severity=severity)
            out.append(finding)
        out.sort(key=lambda f: (f.span, f.code, _sink_site(f), f.entry.name if f.entry else ""))
        return out


def _sink_site(finding: Finding) -> tuple:
    """The sink a finding ends at: its call's place and kind of work (two calls of one API are two
    sinks; one call whose receiver resolved two ways, `Image.Image` by an annotation and
    `Image.new(...)` by the value, is one: the name kept is the first in `_key`'s order)."""
    sink = finding.sink
    return (sink.path, sink.span, sink.category) if sink is not None else ()


def _key(finding: Finding) -> tuple:
    """A total order on findings: when two entries (viewsets inheriting one handler, two routes of
    one shared `dispatch`) or two equally short chains tie, the pick must not depend on the order
    sets were iterated in."""
    entry = finding.entry
    return (finding.code, finding.span, finding.sink.api if finding.sink else "",
            (entry.name, entry.handler, entry.route, entry.self_class, entry.methods) if entry else (),
            tuple(location.name for location in finding.chain))


def is_suppressed(finding: Finding, suppressed: dict[int, tuple[str, ...]]) -> bool:
    """Whether an `# offpath: ignore[...]` comment on the finding's first or last line hides it
    (`suppressed`: line -> codes, empty for all codes, as `FileSummary.suppressions` holds them)."""
    for line in {finding.span.line, finding.span.end_line}:
        codes = suppressed.get(line)
        if codes is not None and (not codes or finding.code in codes):
            return True
    return False


def _finding(code: str, path: str, span: Span, message: str) -> Finding:
    rule = BY_CODE[code]
    return Finding(code=code, message=message, path=path, span=span, category=rule.category, severity=rule.severity)
