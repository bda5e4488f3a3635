"""Render findings for people and machines: text (like ruff), JSON, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
from urllib.parse import quote

from offpath.analysis.model import Finding, Severity
from offpath.analysis.paths import relative
from offpath.analysis.rules import BY_CODE, DOCS_URL, RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.HINT: "notice"}
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.HINT: "note"}


def _sorted(findings: list[Finding]) -> list[Finding]:
    """By place and rule, then by sink: one call reaching several sinks gives one finding each."""
    return sorted(findings, key=lambda f: (relative(f.path), f.span.line, f.span.col, f.code,
                                           _sink_order(f), f.entry.name if f.entry else ""))


def _sink_order(finding: Finding) -> tuple:
    sink = finding.sink
    return (relative(sink.path), sink.span.line, sink.span.col, sink.api) if sink is not None else ()


def to_text(findings: list[Finding], skipped: dict[str, str] | None = None) -> str:
    lines = []
    for finding in _sorted(findings):
        lines.append(f"{relative(finding.path)}:{finding.span.line}:{finding.span.col + 1}: {finding.code} {finding.message}")
        for hop in finding.chain[1:]:
            lines.append(f"    -> {hop.name} ({relative(hop.path)}:{hop.span.line})")
        for hop in finding.sink.via if finding.sink is not None else ():  # inside installed packages
            lines.append(f"    -> {hop.name} ({hop.path}:{hop.span.line}, installed)")
    for path, reason in sorted((skipped or {}).items()):
        lines.append(f"{relative(path)}: skipped: {reason}")
    count = len(findings)
    if count:
        lines.append(f"Found {count} finding{'s' if count != 1 else ''}.")
    else:
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"


def finding_record(finding: Finding) -> dict:
    """One finding as the documented JSON object (paths relative to the cwd, 1-based positions)."""
    record = {
        "code": finding.code,
        "rule": BY_CODE[finding.code].name if finding.code in BY_CODE else "",
        "category": finding.category,
        "message": finding.message,
        "severity": finding.severity.value,
        "path": relative(finding.path),
        "line": finding.span.line,
        "column": finding.span.col + 1,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_col + 1,
    }
    if finding.entry is not None:
        entry = finding.entry
        path, span = entry.site  # an inherited handler: the concrete view class in the user's file
        record["entry"] = {"path": relative(path), "line": span.line, "name": entry.handler,
                           "framework": entry.framework, "route": entry.route, "methods": list(entry.methods)}
        if entry.inherited:
            record["entry"]["defined_in"] = {"path": relative(entry.path), "line": entry.span.line, "name": entry.name}
    if finding.sink is not None:
        sink = finding.sink
        record["sink"] = {"path": relative(sink.path), "line": sink.span.line, "api": sink.api,
                          "category": sink.category, "cost": sink.cost, "cost_seconds": sink.cost_seconds}
        if sink.via:  # the library calls between the workspace's call and the API
            record["sink"]["via"] = [{"path": h.path, "line": h.span.line, "name": h.name} for h in sink.via]
    if finding.chain and finding.sink is not None:
        record["chain"] = [{"path": relative(h.path), "line": h.span.line, "name": h.name} for h in finding.chain]
    return record


def to_json(findings: list[Finding], skipped: dict[str, str] | None = None) -> str:
    document = {
        "version": 1,
        "findings": [finding_record(f) for f in _sorted(findings)],
        "skipped": [{"path": relative(p), "reason": r} for p, r in sorted((skipped or {}).items())],
    }
    return json.dumps(document, indent=2) + "\n"


def to_github(findings: list[Finding], skipped: dict[str, str] | None = None) -> str:
    """GitHub Actions workflow commands: one `::warning file=…,line=…::message` annotation per line."""
    lines = []
    for finding in _sorted(findings):
        level = GITHUB_LEVEL[finding.severity]
        span = finding.span
        props: list[tuple[str, object]] = [("file", relative(finding.path)), ("line", span.line), ("endLine", span.end_line)]
        # Columns are only accepted on a single-line annotation (@actions/core's AnnotationProperties).
        if span.end_line == span.line:
            props += [("col", span.col + 1), ("endColumn", max(span.end_col + 1, span.col + 1))]
        props.append(("title", f"{finding.code} {BY_CODE[finding.code].name}"))
        lines.append(_workflow_command(level, props, finding.message))
    for path, reason in sorted((skipped or {}).items()):
        lines.append(_workflow_command("notice", [("file", relative(path)), ("title", "offpath")], f"skipped: {reason}"))
    return "\n".join(lines) + ("\n" if lines else "")


def _workflow_command(level: str, props: list[tuple[str, object]], message: str) -> str:
    rendered = ",".join(f"{name}={_escape_property(str(value))}" for name, value in props)
    return f"::{level} {rendered}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """A command's message: the runner decodes %25, %0D and %0A (escapeData in @actions/core)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value: like data, plus `:` and `,`, which delimit properties (escapeProperty)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_sarif(findings: list[Finding], skipped: dict[str, str] | None = None) -> str:
    from offpath import analysis

    version = getattr(analysis, "__version__", "0.1.0")
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc.split("## Why is this bad?")[0].replace("## What it does", "").strip()},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "helpUri": DOCS_URL.format(code=rule.code),
            "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
            "properties": {"category": rule.category},
        }
        for rule in RULES
    ]
    rule_index = {rule.code: number for number, rule in enumerate(RULES)}
    results = []
    for finding in _sorted(findings):
        result = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [_sarif_location(finding.path, finding.span)],
            "partialFingerprints": {"offpathKey/v1": "|".join(finding.key[:1] + finding.key[2:])},
        }
        if finding.entry is not None:
            result["properties"] = {"entry": finding.entry.handler, "route": finding.entry.label}
        if finding.chain:
            result["relatedLocations"] = [
                {**_sarif_location(h.path, h.span), "id": n, "message": {"text": h.name}}
                for n, h in enumerate(finding.chain)
            ]
            result["codeFlows"] = [{"threadFlows": [{"locations": [
                {"location": {**_sarif_location(h.path, h.span), "message": {"text": h.name}}} for h in finding.chain
            ]}]}]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "offpath", "version": version, "informationUri": "https://offpath.dev", "rules": rules}},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "warning", "message": {"text": f"skipped: {reason}"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}}}]}
                    for path, reason in sorted((skipped or {}).items())
                ],
            }],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(document, indent=2) + "\n"


def _sarif_location(path: str, span) -> dict:
    return {"physicalLocation": {
        "artifactLocation": {"uri": _uri(path)},
        "region": {"startLine": span.line, "startColumn": span.col + 1, "endLine": span.end_line, "endColumn": span.end_col + 1},
    }}


def _uri(path: str) -> str:
    """A relative URI reference for a path: spaces and other reserved characters percent-encoded."""
    return quote(relative(path), safe="/-._~")


FORMATS = {"text": to_text, "json": to_json, "sarif": to_sarif, "github": to_github}
assert set(BY_CODE)  # the registry is importable before any rendering
