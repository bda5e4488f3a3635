"""The critical-path report as GitHub-flavoured Markdown, sized for a pull-request comment."""

from __future__ import annotations

from .data import Endpoint, Report, category_label, format_seconds, short_name

MAX_ROWS = 50


def render_markdown(report: Report) -> str:
    """A summary line, the slowest endpoints as a table and their call chains folded away."""
    affected = [e for e in report.affected if e.effects or e.notes]
    effects = sum(len(e.effects) for e in report.endpoints)
    lines = [f"## offpath: critical paths of `{_code(report.title)}`", ""]
    if not affected:
        lines.append(f"No synchronous side effects on the paths of {len(report.endpoints)} entry points.")
        return "\n".join(lines) + "\n"
    lines.append(
        f"**{sum(1 for e in report.endpoints if e.effects)} of {len(report.endpoints)} entry points** run "
        f"**{effects} synchronous side effect{'s' if effects != 1 else ''}** while the user waits: "
        f"{format_seconds(report.wait_seconds)} in total, {format_seconds(report.after_queue_seconds)} "
        f"after moving them to a queue."
    )
    lines += ["", "| Endpoint | Framework | Side effects | Est. wait | After queue |", "| --- | --- | --- | ---: | ---: |"]
    for endpoint in affected[:MAX_ROWS]:
        categories = ", ".join(category_label(c) for c in endpoint.categories) or "—"
        lines.append(
            f"| `{_code(endpoint.label)}` | {_cell(endpoint.framework)} | {_cell(categories)} | "
            f"{format_seconds(endpoint.wait_seconds)} | {format_seconds(endpoint.after_queue_seconds)} |"
        )
    if len(affected) > MAX_ROWS:
        lines.append(f"| … and {len(affected) - MAX_ROWS} more | | | | |")
    by_category = report.by_category
    if by_category:
        lines += ["", "Waiting time by category: " + ", ".join(
            f"{category_label(c)} {format_seconds(s)}" for c, (s, _) in by_category.items()) + "."]
    lines += ["", "<details><summary>Call chains</summary>", ""]
    for endpoint in affected[:MAX_ROWS]:
        lines += _chains(endpoint)
    lines += ["</details>", ""]
    return "\n".join(lines)


def _chains(endpoint: Endpoint) -> list[str]:
    lines = [f"**`{_code(endpoint.label)}`** — `{_code(endpoint.name)}` ({endpoint.path}:{endpoint.line})", ""]
    for effect in endpoint.effects:
        chain = " → ".join(f"`{_code(short_name(h.name))}`" for h in effect.chain)
        lines.append(f"- {effect.code} {category_label(effect.category)}, {effect.cost}: {chain} → "
                     f"`{_code(effect.api)}` ({effect.path}:{effect.line})")
    for note in endpoint.notes:
        lines.append(f"- {note.code}: {_cell(note.message)} ({note.path}:{note.line})")
    lines.append("")
    return lines


def _code(text: str) -> str:
    """Text for inside a code span: no backticks; pipes escaped (GitHub reads them in tables too)."""
    return text.replace("`", "'").replace("|", "\\|")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
