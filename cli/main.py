"""`offpath` command line: check, graph, explain, server.

Exit codes follow ruff: 0 clean, 1 findings, 2 usage or configuration errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import sys

from offpath.analysis import baseline, checkcache, environment, graph_export
from offpath.analysis.baseline import DEFAULT_NAME as DEFAULT_BASELINE
from offpath.analysis.cache import library_cache, user_cache_dir
from offpath.analysis.checkcache import CheckResult
from offpath.analysis.config import Config, ConfigError, load_config
from offpath.analysis.parallel import default_workers
from offpath.analysis.paths import relative
from offpath.analysis.project import Project, discover
from offpath.analysis.rules import RULES, rule_for

from .exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError
from .formats import FORMATS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="offpath", description="Keep slow side effects off the request path.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="report side effects on request critical paths")
    check.add_argument("paths", nargs="*", default=["."])
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--select", default="", help="comma-separated rule codes or prefixes to enable")
    check.add_argument("--ignore", default="", help="comma-separated rule codes or prefixes to disable")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="summarise files on N processes (default: the cores available)")
    check.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the cache (default: .offpath_cache/ or `cache-dir`)")
    check.add_argument("--cache-dir", metavar="DIR", help="the cache folder (overrides `cache-dir` in the config)")
    check.add_argument("--config", help="pyproject.toml to read [tool.offpath] from")
    check.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    check.add_argument("--fix", action="store_true", help="move side effects to the queue (verified rewrites)")
    check.add_argument("--backend", help="queue backend for --fix (default: the one the project uses)")
    check.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of applying them")
    check.add_argument("--baseline", metavar="FILE",
                       help=f"report only findings not recorded in FILE (default: {DEFAULT_BASELINE} when present)")
    check.add_argument("--write-baseline", nargs="?", const="", metavar="FILE",
                       help=f"record today's findings as accepted in FILE (default: {DEFAULT_BASELINE}) and exit 0")
    check.add_argument("--no-baseline", action="store_true", help="ignore the baseline and report every finding")
    _environment_arguments(check)

    graph = sub.add_parser("graph", help="export the call graph")
    graph.add_argument("path")
    graph.add_argument("--format", choices=["json", "dot", "pycg"], default="json",
                       help="pycg: JSON in the public PyCG micro-benchmark's convention (calls only, "
                            "lambdas per scope, library calls by name, builtins as <builtin>.name)")
    _environment_arguments(graph)

    report = sub.add_parser("report", help="critical-path report of every endpoint (HTML, Markdown or JSON)")
    report.add_argument("path", nargs="?", default=".")
    report.add_argument("--format", choices=["html", "markdown", "json"],
                        help="default: from the --output extension (.md, .json), else html")
    report.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    report.add_argument("--title", default="", help="the project's name in the report (default: the folder's)")
    report.add_argument("--config", help="pyproject.toml to read [tool.offpath] from")
    _environment_arguments(report)

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", nargs="?", help="rule code or name (all rules when omitted)")

    server = sub.add_parser("server", help="run the language server")
    server.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    return parser


def _environment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--python", metavar="PATH", default="",
                        help="the project's interpreter or virtual environment, whose installed packages are read "
                             "(never run); default: [tool.offpath] python, $VIRTUAL_ENV, .venv or venv in the project, "
                             "else the interpreter offpath runs on")
    parser.add_argument("--no-environment", action="store_true",
                        help="read only the workspace, not the installed packages")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `offpath explain | head`: the reader left; exit quietly like other Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            if argv is None and not (args.fix or args.diff):
                # The `offpath` script ends with the check: no cyclic collection at all. When the
                # check's `gcpause.paused()` block ended, the collector's next run walked every
                # record the check built (seconds on a 3,000-file tree) just before the exit.
                # (Fixes verify on project clones, whose cycles must be collected.)
                gc.disable()
            return run_check(args)
        if args.command == "graph":
            return run_graph(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "report":
            return run_report(args)
        if args.command == "server":
            from offpath.server.__main__ import main as server_main

            return server_main(["--tcp", args.tcp] if args.tcp else [])
    except (UsageError, ConfigError) as exc:
        print(f"offpath: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


def project_root(path: str) -> str:
    """The folder module names start from: above the outermost package holding `path`."""
    current = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path))
    while os.path.isfile(os.path.join(current, "__init__.py")):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return current


def validate_paths(paths: list[str]) -> None:
    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or directory")
        if os.path.isfile(path) and not path.endswith((".py", ".pyi")):
            raise UsageError(f"{path}: not a Python file (expected a .py file or a directory)")


def find_environment(args, config: Config, root: str):
    """The environment whose packages the analysis reads (`--python`, the config, the usual places)."""
    if getattr(args, "no_environment", False):
        return None
    python, origin = getattr(args, "python", "") or "", "--python"
    if not python and config.python:
        config_dir = os.path.dirname(os.path.abspath(config.source)) if config.source else root
        python, origin, root = config.python, "config", config_dir
    try:
        return environment.discover(python, root, origin)
    except environment.NoEnvironment as exc:
        raise UsageError(str(exc)) from None


def load_project(paths: list[str], config: Config, jobs: int = 1, args=None) -> tuple[Project, dict]:
    roots = sorted({project_root(p) for p in paths})
    found = find_environment(args, config, roots[0])
    project = Project(roots, config, environment=found, library_cache=library_cache() if found else None)
    files = []
    for path in paths:
        files += discover([path], config, root=project_root(path))
    project.load(dict.fromkeys(files), workers=jobs)
    return project, project.all_findings()


def cache_dir_for(args, config: Config, root: str) -> str | None:
    """The cache folder of a check: `--cache-dir`, else `cache-dir` (relative to its pyproject.toml),
    else `.offpath_cache/` in the project root when it is writable, else the user cache folder."""
    if getattr(args, "no_cache", False):
        return None
    if getattr(args, "cache_dir", None):
        return os.path.abspath(args.cache_dir)
    if config.cache_dir:
        base = os.path.dirname(os.path.abspath(config.source)) if config.source else os.getcwd()
        return os.path.abspath(os.path.join(base, os.path.expanduser(config.cache_dir)))
    if os.access(root, os.W_OK):
        return os.path.join(root, ".offpath_cache")
    return user_cache_dir()


def check_project(args, paths: list[str], config: Config, need_project: bool = False) -> CheckResult:
    """`offpath check`'s analysis of `paths` (one project root), through the cache."""
    roots = sorted({project_root(p) for p in paths})
    files = []
    for path in paths:
        files += discover([path], config, root=project_root(path))
    jobs = args.jobs if args.jobs is not None else default_workers()
    found = find_environment(args, config, roots[0])
    return checkcache.check(roots, paths, files, config, cache_dir_for(args, config, roots[0]),
                            max(1, jobs), need_project, found)


def _config_for(args) -> Config:
    if getattr(args, "config", None):
        if not os.path.isfile(args.config):
            raise UsageError(f"{args.config}: no such configuration file")
        from offpath.analysis.config import parse_config

        with open(args.config, encoding="utf-8") as handle:
            config = parse_config(handle.read(), args.config)
    else:
        config = load_config(args.paths[0] if getattr(args, "paths", None) else ".")
    overrides = {}
    if getattr(args, "select", ""):
        overrides["select"] = [c.strip() for c in args.select.split(",") if c.strip()]
    if getattr(args, "ignore", ""):
        overrides["ignore"] = [c.strip() for c in args.ignore.split(",") if c.strip()]
    return config.merged(overrides) if overrides else config


def run_check(args) -> int:
    validate_paths(args.paths)
    config = _config_for(args)
    groups: dict[str, list[str]] = {}
    for path in args.paths:
        groups.setdefault(project_root(path), []).append(path)
    if len(groups) > 1 and not (args.fix or args.diff or args.write_baseline is not None):
        # Separate projects (e.g. two apps that both have a top-level `shop` package) are analysed
        # apart: one workspace would let their modules shadow each other.
        findings, skipped = [], {}
        for paths in groups.values():
            result = check_project(args, paths, config)
            findings += [f for found in result.findings.values() for f in found]
            skipped.update(result.skipped)
    else:
        need_project = bool(args.fix or args.diff or args.write_baseline is not None)
        result = check_project(args, args.paths, config, need_project)
        project, by_file = result.project, result.findings
        if args.fix or args.diff:
            from .fix import run_fix

            outcome = run_fix(args, project)
            if outcome is not None:
                return outcome
            by_file = project.all_findings()
        findings = [f for found in by_file.values() for f in found]
        skipped = result.skipped if project is None else project.skipped
        if args.write_baseline is not None:
            return write_baseline(args, config, project, findings)
    findings = apply_baseline(args, config, findings)
    report = FORMATS[args.format](findings, skipped)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        sys.stdout.write(report)
    if findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _baseline_root(args, config: Config) -> str:
    """Baseline paths are relative to the project: the pyproject.toml's folder, else the first path's root."""
    if config.source and os.path.isfile(config.source):
        return os.path.dirname(os.path.abspath(config.source))
    return project_root(args.paths[0])


def _baseline_file(args, config: Config, chosen: str | None) -> str:
    if chosen:
        return chosen
    pyproject = config.source if config.source and os.path.isfile(config.source) else None
    return baseline.configured_path(_baseline_root(args, config), pyproject)


def apply_baseline(args, config: Config, findings: list) -> list:
    """Drop findings recorded in the baseline (`--baseline`, `[tool.offpath] baseline` or the default file)."""
    if args.no_baseline:
        return findings
    path = _baseline_file(args, config, args.baseline)
    if not os.path.isfile(path):
        if args.baseline:
            raise UsageError(f"{args.baseline}: no such baseline file (create it with --write-baseline)")
        return findings
    try:
        accepted = baseline.load(path)
    except baseline.BaselineError as exc:
        raise UsageError(str(exc)) from None
    new = baseline.filter_new(findings, accepted)
    if len(new) != len(findings):
        hidden = len(findings) - len(new)
        print(f"{hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline {relative(path)}", file=sys.stderr)
    return new


def write_baseline(args, config: Config, project: Project, findings: list) -> int:
    """Record today's findings, pruning entries that no longer occur in the files analysed."""
    path = _baseline_file(args, config, args.write_baseline or args.baseline)
    try:
        old = baseline.load(path) if os.path.isfile(path) else None
    except baseline.BaselineError as exc:
        raise UsageError(str(exc)) from None
    analysed = list(project.index.summaries) + list(project.skipped)
    new = baseline.update(old, findings, os.path.dirname(os.path.abspath(path)), analysed)
    baseline.write(new, path)
    pruned = sum(count for key, count in old.counts.items() if key not in new.counts) if old else 0
    note = f", pruned {pruned} that no longer occur" if pruned else ""
    print(f"Recorded {len(new)} finding{'s' if len(new) != 1 else ''} in {relative(path)}{note}.", file=sys.stderr)
    return EXIT_CLEAN


def run_report(args) -> int:
    """Write the critical-path report; the exit code does not depend on what it shows."""
    from offpath.analysis.report import build_report, render_html, render_markdown, to_dict

    validate_paths([args.path])
    args.paths = [args.path]
    project, _ = load_project(args.paths, _config_for(args), args=args)
    root = os.path.abspath(args.path if os.path.isdir(args.path) else os.path.dirname(args.path))
    model = build_report(project, root, args.title or os.path.basename(root))
    kind = args.format or {".md": "markdown", ".json": "json"}.get(os.path.splitext(args.output or "")[1].lower(), "html")
    if kind == "html":
        text = render_html(model)
    elif kind == "markdown":
        text = render_markdown(model)
    else:
        text = json.dumps(to_dict(model), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"Wrote the {kind} report of {len(model.endpoints)} entry points to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_CLEAN


def call_graph(project: Project, convention: str = "offpath") -> dict[str, list[str]]:
    if convention == "pycg":
        return graph_export.pycg_graph(project.facts)
    return graph_export.offpath_graph(project.facts)


def run_graph(args) -> int:
    validate_paths([args.path])
    config = load_config(args.path)
    if args.format == "pycg":
        config = dataclasses.replace(config, library_calls=True)  # it prints the calls out of the workspace
    root = project_root(args.path)
    found = find_environment(args, config, root)  # like `check`: a sink behind a library is an edge's end
    project = Project([root], config, environment=found, library_cache=library_cache() if found else None)
    project.load(discover([args.path], config, root=root))
    graph = call_graph(project, "pycg" if args.format == "pycg" else "offpath")
    if args.format in ("json", "pycg"):
        sys.stdout.write(json.dumps(graph, indent=2) + "\n")
    else:
        lines = ["digraph offpath {", "  rankdir=LR;", "  node [shape=box, fontname=monospace];"]
        for caller, callees in graph.items():
            for callee in callees:
                lines.append(f'  "{caller}" -> "{callee}";')
        lines.append("}")
        sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_CLEAN


def run_explain(args) -> int:
    if not args.rule:
        for rule in RULES:
            print(f"{rule.code}  {rule.name:<28} {rule.summary}")
        return EXIT_CLEAN
    rule = rule_for(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule `{args.rule}` (try `offpath explain` for the list)")
    print(f"# {rule.name} ({rule.code})\n")
    print(f"Category: {rule.category}. Default severity: {rule.severity.value}.\n")
    print(rule.doc.strip())
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
