"""The only bridge between offpath's analysis values and LSP types.

Analysis spans are 1-based lines and 0-based code-point columns; the client counts in its position
encoding (UTF-16 unless negotiated otherwise), which only this module converts to and from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types
from offpath.analysis.model import Edit, EntryPoint, Finding, Fix, Location, Severity, Span
from offpath.analysis.report.data import format_seconds
from offpath.analysis.rules import BY_CODE, DOCS_URL
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

SOURCE = "offpath"
LinesFor = Callable[[str], Sequence[str]]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


@dataclass(frozen=True, slots=True)
class SideEffect:
    """One synchronous side effect on an entry point's critical path."""

    code: str
    category: str
    api: str
    depth: int
    cost: str
    cost_seconds: float
    line: int


@dataclass(frozen=True, slots=True)
class EntrySummary:
    entry: EntryPoint
    effects: tuple[SideEffect, ...]

    @property
    def total_seconds(self) -> float:
        return sum(e.cost_seconds for e in self.effects)


# -- paths and lines ---------------------------------------------------------------------------
def uri_for(path: str) -> str:
    return from_fs_path(path) or path


def path_for(uri: str) -> str | None:
    """Filesystem path of a `file:` URI (None for other schemes: untitled buffers, notebooks)."""
    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them (only \\n, \\r\\n and \\r end a line), without terminators."""
    return _LINE_BREAK.split(text)


# -- positions ---------------------------------------------------------------------------------
def to_lsp_position(line: int, col: int, lines: Sequence[str], codec: PositionCodec) -> types.Position:
    """1-based line and code-point column to a client position."""
    index = min(max(line - 1, 0), max(len(lines) - 1, 0))
    if line - 1 >= len(lines):
        text = lines[index] if lines else ""
        return types.Position(line=index, character=codec.client_num_units(text))
    text = lines[index] if lines else ""
    col = min(max(col, 0), len(text))
    if text.isascii():
        return types.Position(line=index, character=col)
    return types.Position(line=index, character=codec.client_num_units(text[:col]))


def to_lsp_range(span: Span, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    return types.Range(
        start=to_lsp_position(span.line, span.col, lines, codec),
        end=to_lsp_position(span.end_line, span.end_col, lines, codec),
    )


def from_lsp_position(position: types.Position, lines: Sequence[str], codec: PositionCodec) -> tuple[int, int]:
    """A client position to (1-based line, code-point column)."""
    if position.line >= len(lines):
        return len(lines) + 1 if lines else 1, 0
    text = lines[position.line]
    if text.isascii():
        return position.line + 1, min(position.character, len(text))
    units = 0
    for index, char in enumerate(text):
        if units >= position.character:
            return position.line + 1, index
        units += codec.client_num_units(char)
    return position.line + 1, len(text)


def apply_change(text: str, change: types.TextDocumentContentChangeEvent, codec: PositionCodec) -> str:
    """The text after one `didChange` content change, by LSP's rules: only \\n, \\r\\n and \\r end a
    line, a character past a line's end means its end, a line past the last one the end of the text.

    (pygls's own documents also break lines at \\f, \\x85, \\u2028 ..., so after such a character the
    edits land on the wrong line, and clamp a too-large character on the last line one short.)
    """
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return change.text
    lines = split_lines(text)
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    def offset(position: types.Position) -> int:
        line, col = from_lsp_position(position, lines, codec)
        return len(text) if line > len(lines) else starts[line - 1] + col

    start, end = sorted((offset(change.range.start), offset(change.range.end)))
    return text[:start] + change.text + text[end:]


def from_lsp_range(rng: types.Range, lines: Sequence[str], codec: PositionCodec) -> Span:
    start = from_lsp_position(rng.start, lines, codec)
    end = from_lsp_position(rng.end, lines, codec)
    return Span(start[0], start[1], end[0], end[1])


# -- diagnostics -------------------------------------------------------------------------------
def to_lsp_severity(severity: Severity) -> types.DiagnosticSeverity:
    return _SEVERITY.get(severity, types.DiagnosticSeverity.Warning)


def to_lsp_location(location: Location, lines_for: LinesFor, codec: PositionCodec) -> types.Location:
    return types.Location(uri=uri_for(location.path), range=to_lsp_range(location.span, lines_for(location.path), codec))


def _short(name: str) -> str:
    parts = name.split(".")
    # `Class.method` reads better than `method` alone; modules are noise here.
    if len(parts) >= 2 and parts[-2][:1].isupper():
        return ".".join(parts[-2:])
    return parts[-1]


def chain_messages(finding: Finding) -> list[str]:
    """One sentence per hop: `checkout` calls `place_order` … `Mailer.send` calls `send_mail` (email)."""
    out = []
    chain = finding.chain
    for index, hop in enumerate(chain):
        if index + 1 < len(chain):
            callee = f"`{_short(chain[index + 1].name)}()`"
        elif finding.sink is not None:
            callee = f"`{finding.sink.api}` ({finding.sink.category}, ~{finding.sink.cost})"
        else:
            callee = "the side effect"
        prefix = "request handler " if index == 0 else ""
        out.append(f"{prefix}`{_short(hop.name)}` calls {callee}")
    return out


def finding_data(finding: Finding) -> dict:
    """What `Diagnostic.data` carries: enough to find the finding again without re-analysing."""
    span = finding.span
    return {
        "code": finding.code,
        "span": [span.line, span.col, span.end_line, span.end_col],
        "entry": finding.entry.name if finding.entry else "",
        "sink": finding.sink.api if finding.sink else "",
    }


def to_lsp_diagnostic(finding: Finding, lines_for: LinesFor, codec: PositionCodec,
                      others: Sequence[Finding] = ()) -> types.Diagnostic:
    """One diagnostic for a call site: `finding` names it, `others` (the same call reaching more
    sinks) are counted in the message, and every sink's chain is in the related information."""
    related: list[types.DiagnosticRelatedInformation] = []
    seen: set[tuple] = set()
    for member in (finding, *others):
        for hop, message in zip(member.chain, chain_messages(member)):
            key = (hop.path, hop.span, message)
            if key not in seen:
                seen.add(key)
                related.append(types.DiagnosticRelatedInformation(
                    location=to_lsp_location(hop, lines_for, codec), message=message))
    rule = BY_CODE.get(finding.code)
    data = finding_data(finding)
    if others:
        data["codes"] = list(dict.fromkeys(f.code for f in (finding, *others)))
    return types.Diagnostic(
        range=to_lsp_range(finding.span, lines_for(finding.path), codec),
        message=site_message(finding, others),
        severity=to_lsp_severity(finding.severity),
        code=finding.code,
        code_description=types.CodeDescription(href=DOCS_URL.format(code=finding.code)) if rule else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


def site_message(finding: Finding, others: Sequence[Finding]) -> str:
    """The first sink's message, then "(and 1 more: post, http)" for the call's other sinks."""
    if not others:
        return finding.message
    named = [f"{o.sink.api} ({o.sink.category})" if o.sink else o.code for o in others]
    return f"{finding.message} (and {len(others)} more: {', '.join(dict.fromkeys(named))})"


def to_lsp_diagnostics(findings: Sequence[Finding], lines_for: LinesFor, codec: PositionCodec) -> list[types.Diagnostic]:
    """One diagnostic per call site, however many sinks the call reaches (the CLI's reports keep
    every finding; an editor showing each twice doubles the squiggles and the quick fixes)."""
    from .fixes import group_by_site

    return [to_lsp_diagnostic(group[0], lines_for, codec, group[1:]) for group in group_by_site(findings)]


def data_span(data: object) -> tuple[str, Span] | None:
    """(code, span) from a diagnostic's `data`, if the client sent it back intact."""
    if not isinstance(data, dict):
        return None
    span = data.get("span")
    code = data.get("code")
    if not isinstance(code, str) or not isinstance(span, list) or len(span) != 4:
        return None
    try:
        return code, Span(*(int(v) for v in span))
    except (TypeError, ValueError):
        return None


# -- code actions ------------------------------------------------------------------------------
OTHER_FILES = "offpath.otherFiles"


def to_workspace_edit(fix: Fix, lines_for: LinesFor, codec: PositionCodec, path: str | None = None,
                      annotate: bool = False) -> types.WorkspaceEdit:
    """The fix's edits; with `annotate` (the client supports change annotations), a fix that
    edits files other than `path` has every edit carry one annotation that needs confirmation, so
    VS Code previews them instead of saving a file the user never saw. All of them: VS Code leaves
    the edits needing confirmation unticked, and applying only the others would be half a fix."""
    changes: dict[str, list[types.TextEdit]] = {}
    annotate = annotate and path is not None and any(e.path != path for e in fix.edits)
    for edit in fix.edits:
        edit = _inside_last_line(edit, lines_for(edit.path))
        rng = to_lsp_range(edit.span, lines_for(edit.path), codec)
        if annotate:
            text_edit = types.AnnotatedTextEdit(range=rng, new_text=edit.text, annotation_id=OTHER_FILES)
        else:
            text_edit = types.TextEdit(range=rng, new_text=edit.text)
        changes.setdefault(uri_for(edit.path), []).append(text_edit)
    if not annotate:
        return types.WorkspaceEdit(changes=changes)
    others = [path_for(name) or name for name in changes if name != uri_for(path or "")]
    # Named relative to the folder all edited files share, so two `__init__.py` stay apart.
    base = os.path.commonpath([os.path.dirname(p) for p in (path, *others)]) if path else ""
    label = "Also edits " + ", ".join(os.path.relpath(o, base) if base else os.path.basename(o) for o in others)
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(text_document=types.OptionalVersionedTextDocumentIdentifier(uri=u, version=None),
                                   edits=edits)
            for u, edits in changes.items()
        ],
        change_annotations={OTHER_FILES: types.ChangeAnnotation(
            label=label, needs_confirmation=True,
            description="the quick fix changes files besides the one you are editing")},
    )


def _inside_last_line(edit: Edit, lines: Sequence[str]) -> Edit:
    """An insert of whole lines after the final line break ("X\n" on the empty last line) as the
    same text inserted at the end of the last line ("\nX"): the file comes out the same, but
    Neovim, whose buffers have no empty last line, would otherwise append an extra blank line."""
    span = edit.span
    last = len(lines)
    if (len(lines) >= 2 and lines[-1] == "" and span.line == span.end_line == last and span.col == span.end_col == 0
            and edit.text.endswith("\n") and not edit.text.endswith("\r\n")):
        end = len(lines[-2])
        return Edit(edit.path, Span(last - 1, end, last - 1, end), "\n" + edit.text[:-1])
    return edit


def to_code_action(fix: Fix, diagnostics: list[types.Diagnostic], lines_for: LinesFor, codec: PositionCodec,
                   preferred: bool = False, title: str | None = None, path: str | None = None,
                   annotate: bool = False) -> types.CodeAction:
    """A quick fix; `path` is the diagnostic's file (edits elsewhere are annotated when `annotate`)."""
    return types.CodeAction(
        title=title or fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics or None,
        edit=to_workspace_edit(fix, lines_for, codec, path, annotate),
        is_preferred=preferred or fix.preferred or None,
    )


# -- hover, code lens, critical paths ----------------------------------------------------------
def lens_title(summary: EntrySummary) -> str:
    count = len(summary.effects)
    noun = "side effect" if count == 1 else "side effects"
    return f"{count} {noun} on the request path · {format_seconds(summary.total_seconds)}"


def _depth(depth: int) -> str:
    if depth == 0:
        return "in the handler"
    return "1 call deep" if depth == 1 else f"{depth} calls deep"


def to_hover(summary: EntrySummary, rng: types.Range) -> types.Hover:
    entry = summary.entry
    title = f"**offpath** · `{_short(entry.handler)}` · {entry.label} ({entry.framework})"
    if not summary.effects:
        body = "No synchronous side effects on this request's critical path."
    else:
        rows = ["| | category | API | depth | typical cost |", "|---|---|---|---|---|"]
        for number, effect in enumerate(summary.effects, start=1):
            rows.append(f"| {number} | {effect.category} | `{effect.api}` | {_depth(effect.depth)} | {effect.cost} |")
        body = "Synchronous side effects on the critical path:\n\n" + "\n".join(rows)
        body += f"\n\n**Total: {format_seconds(summary.total_seconds)}** ({lens_title(summary).split(' · ')[0]})"
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=f"{title}\n\n{body}"),
                       range=rng)


def def_line_range(entry: EntryPoint, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    index = entry.span.line - 1
    text = lines[index] if 0 <= index < len(lines) else ""
    return to_lsp_range(Span(entry.span.line, entry.span.col, entry.span.line, len(text)), lines, codec)


def to_code_lens(summary: EntrySummary, lines: Sequence[str], codec: PositionCodec) -> types.CodeLens:
    rng = def_line_range(summary.entry, lines, codec)
    start = types.Range(start=rng.start, end=rng.start)
    return types.CodeLens(range=start, command=types.Command(title=lens_title(summary), command=""))


def to_critical_path(summary: EntrySummary) -> dict:
    entry = summary.entry
    return {
        "name": entry.name,
        "route": entry.route,
        "methods": list(entry.methods),
        "framework": entry.framework,
        "uri": uri_for(entry.path),
        "line": entry.span.line - 1,
        "totalSeconds": summary.total_seconds,
        "sideEffects": [
            {"category": e.category, "api": e.api, "depth": e.depth, "cost": e.cost, "code": e.code}
            for e in summary.effects
        ],
    }
