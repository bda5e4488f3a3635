"""Golden rewrites: for each `tests/fixtures/fixes/<backend>/<scenario>/`, analyse `before/`, take
the fix of that backend for the finding marked `# fix: CODE`, apply it and compare every file with
`after/`; the result must parse and re-analysing it must not report the finding again.
`pytest --update-goldens` rewrites the after/ trees."""

from __future__ import annotations

import ast
import os
import re
import shutil

import pytest
from offpath.analysis.project import Project, discover
from offpath.analysis.rules import BY_CODE
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.text import apply_edits

HERE = os.path.dirname(__file__)
FIXES = os.path.join(HERE, "fixtures", "fixes")
MARKER = re.compile(r"#\s*fix:\s*(OFP\d{3})")


def _cases() -> list[str]:
    found = []
    for backend in sorted(os.listdir(FIXES)):
        folder = os.path.join(FIXES, backend)
        if not os.path.isdir(folder):
            continue
        for scenario in sorted(os.listdir(folder)):
            if os.path.isdir(os.path.join(folder, scenario, "before")):
                found.append(f"{backend}/{scenario}")
    return found


def _tree(root: str) -> dict[str, str]:
    out = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as handle:
                out[os.path.relpath(path, root).replace(os.sep, "/")] = handle.read()
    return out


def _markers(tree: dict[str, str]) -> list[tuple[str, int, str]]:
    out = []
    for rel, text in tree.items():
        for number, line in enumerate(text.splitlines(), start=1):
            match = MARKER.search(line)
            if match:
                out.append((rel, number, match.group(1)))
    return out


def _analyse(root: str) -> Project:
    project = Project([root])
    project.load(discover([root]))
    assert not project.skipped, project.skipped
    return project


def _key(finding, root: str) -> tuple:
    return (finding.code, os.path.relpath(finding.path, root),) + finding.key[2:]


@pytest.mark.parametrize("case", _cases())
def test_golden_fix(case: str, request, tmp_path) -> None:
    backend = case.split("/")[0]
    base = os.path.join(FIXES, case)
    before_root = os.path.join(base, "before")
    before = _tree(before_root)
    markers = _markers(before)
    assert len(markers) == 1, f"expected one `# fix: CODE` marker, found {markers}"
    rel, line, code = markers[0]
    project = _analyse(before_root)
    target = os.path.join(before_root, rel)
    finding = next((f for f in project.findings(target) if f.span.line == line and f.code == code), None)
    assert finding is not None, f"no {code} at {rel}:{line}: {project.all_findings()}"
    fixes = fixes_for(project, finding, backends=[backend])
    assert fixes, f"no {backend} fix offered"
    fix = fixes[0]
    assert fix.backend == backend
    result = dict(before)
    for path in {e.path for e in fix.edits}:
        name = os.path.relpath(path, before_root).replace(os.sep, "/")
        result[name] = apply_edits(before[name], [e for e in fix.edits if e.path == path])
        ast.parse(result[name], filename=name)
    after_root = os.path.join(base, "after")
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(after_root, ignore_errors=True)
        for name, text in result.items():
            os.makedirs(os.path.dirname(os.path.join(after_root, name)), exist_ok=True)
            with open(os.path.join(after_root, name), "w", encoding="utf-8") as handle:
                handle.write(text)
    assert os.path.isdir(after_root), "no after/ tree: run pytest --update-goldens"
    assert _tree(after_root) == result
    # The fixed project no longer reports the finding, and reports nothing new.
    fixed_root = tmp_path / "after"
    shutil.copytree(after_root, fixed_root)
    fixed = _analyse(str(fixed_root))
    old = {_key(f, before_root) for found in project.all_findings().values() for f in found}
    new = {_key(f, str(fixed_root)) for found in fixed.all_findings().values() for f in found}
    assert _key(finding, before_root) not in new
    # The queue's own advice (OFP205–OFP207: no worker, retries) about a task the fix created is not a regression.
    assert {k for k in new if not BY_CODE[k[0]].about_tasks} <= old, f"new findings: {new - old}"


def test_move_all_side_effects_of_a_handler(tmp_path) -> None:
    """The per-handler source action moves every side effect and leaves a project without them."""
    from offpath.analysis.rewrites import move_all_fixes

    root = tmp_path / "project"
    shutil.copytree(os.path.join(FIXES, "celery", "other_module", "before"), root)
    views = root / "shop" / "views.py"
    views.write_text(views.read_text().replace(
        "    return JsonResponse", "    send_invoice(order)\n    return JsonResponse"))
    project = _analyse(str(root))
    entry = next(e for e in project.entry_points() if e.name.endswith(".checkout"))
    assert len(project.entry_findings(entry)) == 2
    fix = move_all_fixes(project, entry)
    assert fix is not None and fix.title == "Move all side effects of checkout to the queue"
    for path in {e.path for e in fix.edits}:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(apply_edits(text, [e for e in fix.edits if e.path == path]))
    fixed = _analyse(str(root))
    assert not fixed.entry_findings(entry)
    assert "send_invoice_task.delay(order.pk)" in views.read_text()


def test_fixes_are_deterministic_and_preferred_first() -> None:
    root = os.path.join(FIXES, "celery", "other_module", "before")
    project = _analyse(root)
    finding = next(f for found in project.all_findings().values() for f in found)
    first, second = fixes_for(project, finding), fixes_for(project, finding)
    assert first == second
    assert first[0].preferred and first[0].backend == "celery"
    assert sum(f.preferred for f in first) == 1


def _provider_dict_findings(hops: bool) -> tuple[Project, list]:
    root = os.path.join(HERE, "fixtures", "projects", "flask_provider_dict")
    project = Project([root], hops=hops)
    project.load(discover([root], project.config, root=root))
    primaries = sorted((f for found in project.all_findings().values() for f in found if not f.hop),
                       key=lambda f: (f.path, f.span, f.code))
    return project, primaries


def test_fixes_are_the_same_with_and_without_hop_reports() -> None:
    """Two handler calls reach one provider dict (`PROVIDERS[kind]().send`): in the server's mode
    (hops=True) the hop report on the shared deeper call switches chains when one is cut, which
    must not make the verification reject the fix."""
    plain, plain_findings = _provider_dict_findings(hops=False)
    hops, hop_findings = _provider_dict_findings(hops=True)
    # One finding per sink each call reaches: `smtplib.SMTP(...)` and `.sendmail(...)`, then `requests.post`.
    assert [(f.code, f.span.line) for f in plain_findings] == [
        ("OFP101", 11), ("OFP101", 11), ("OFP102", 11), ("OFP101", 12), ("OFP101", 12), ("OFP102", 12)]
    assert [f.key for f in hop_findings] == [f.key for f in plain_findings]
    for without, with_hops in zip(plain_findings, hop_findings):
        offered = fixes_for(hops, with_hops)
        assert offered, f"no fix in hops mode for {with_hops.message}"
        assert offered == fixes_for(plain, without)
    # A fix asked for on a hop report (the service module's diagnostic) is verified against the
    # primary finding it echoes.
    echo = next(f for found in hops.all_findings().values() for f in found
                if f.hop and f.path.endswith("accounts.py"))
    assert fixes_for(hops, echo)


FAN_OUT = os.path.join(HERE, "fixtures", "fanout")


def _fan_out_cases() -> list[str]:
    return [f"{backend}/{case}" for backend in sorted(os.listdir(FAN_OUT))
            for case in sorted(os.listdir(os.path.join(FAN_OUT, backend)))]


@pytest.mark.parametrize("case", _fan_out_cases())
def test_golden_fan_out(case: str, request, tmp_path) -> None:
    """tests/fixtures/fanout/<backend>/<case>: the handler marked `# fan-out` on its `def` line gets
    the "Publish one … event" source action; every file after it equals after/, and the fixed
    project reports none of the handler's side effects and nothing new."""
    from offpath.analysis.rewrites import fan_out_fix

    backend = case.split("/")[0]
    base = os.path.join(FAN_OUT, case)
    before_root = os.path.join(base, "before")
    before = _tree(before_root)
    ((rel, line),) = [(name, n) for name, text in before.items()
                      for n, text_line in enumerate(text.splitlines(), start=1) if text_line.endswith("# fan-out")]
    project = _analyse(before_root)
    entry = next(e for e in project.entry_points() if e.span.line == line and e.path.endswith(rel))
    moved = {_key(f, before_root) for f in project.entry_findings(entry) if f.code.startswith("OFP1")}
    fix = fan_out_fix(project, entry, backend=backend)
    assert fix is not None and fix.backend == backend
    result = dict(before)
    for path in {e.path for e in fix.edits}:
        name = os.path.relpath(path, before_root).replace(os.sep, "/")
        result[name] = apply_edits(before[name], [e for e in fix.edits if e.path == path])
        ast.parse(result[name], filename=name)
    after_root = os.path.join(base, "after")
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(after_root, ignore_errors=True)
        for name, text in result.items():
            os.makedirs(os.path.dirname(os.path.join(after_root, name)), exist_ok=True)
            with open(os.path.join(after_root, name), "w", encoding="utf-8") as handle:
                handle.write(text)
    assert _tree(after_root) == result
    fixed_root = tmp_path / "after"
    shutil.copytree(after_root, fixed_root)
    fixed = _analyse(str(fixed_root))
    old = {_key(f, before_root) for found in project.all_findings().values() for f in found}
    new = {_key(f, str(fixed_root)) for found in fixed.all_findings().values() for f in found}
    assert len(moved) >= 2 and not moved & new
    assert {k for k in new if not BY_CODE[k[0]].about_tasks} <= old, f"new findings: {new - old}"


def test_a_broker_is_a_rewrite_target_only_where_the_project_produces_to_it() -> None:
    """The celery project has no Kafka producer or SQS client: no move to them, and they are not
    among the backends tried; the Kafka project's own producer makes Kafka the one offered."""
    from offpath.analysis.rewrites.api import backend_order
    from offpath.analysis.rewrites.context import Context

    plain = _analyse(os.path.join(FIXES, "celery", "other_module", "before"))
    finding = next(f for found in plain.all_findings().values() for f in found if f.code == "OFP101")
    assert fixes_for(plain, finding, backends=["kafka"]) == []
    assert fixes_for(plain, finding, backends=["sqs"]) == []
    assert not {"kafka", "sqs"} & set(backend_order(Context(plain), finding))
    kafka = _analyse(os.path.join(FIXES, "kafka", "plain_call", "before"))
    finding = next(f for found in kafka.all_findings().values() for f in found if f.code == "OFP101")
    assert [f.backend for f in fixes_for(kafka, finding) if f.backend in ("kafka", "sqs")] == ["kafka"]


def test_redis_client_alone_is_no_stream_target(tmp_path) -> None:
    """A Redis client the project only caches with is no reason to offer Redis streams: the
    stream is offered once the project adds entries with `xadd` itself."""
    root = tmp_path / "project"
    shutil.copytree(os.path.join(FIXES, "redis_streams", "plain_call", "before"), root)
    events = root / "shop" / "events.py"
    events.write_text(events.read_text().replace('streams.xadd("orders", {"paid": order_id})',
                                                 'streams.set(f"paid:{order_id}", 1)'))
    project = _analyse(str(root))
    finding = next(f for found in project.all_findings().values() for f in found if f.code == "OFP101")
    assert fixes_for(project, finding, backends=["redis_streams"]) == []
    assert "redis_streams" not in {f.backend for f in fixes_for(project, finding)}


@pytest.mark.parametrize("case", ["celery/result_job_cbv", "celery/result_job_viewset", "fastapi/result_job_store",
                                  "celery/result_job_fastapi"])
def test_every_offered_job_fix_parses_and_clears_its_finding(case: str, tmp_path) -> None:
    """Not only the first: each OFP301 fix offered (every backend, the job store too) leaves files
    that parse and a project without the finding; one that would not is never offered."""
    root = tmp_path / "before"
    shutil.copytree(os.path.join(FIXES, case, "before"), root)
    project = _analyse(str(root))
    (finding,) = [f for found in project.all_findings().values() for f in found if f.code == "OFP301"]
    fixes = fixes_for(project, finding)
    assert fixes and all(f.applicability.name == "DISPLAY_ONLY" for f in fixes)
    for fix in fixes:
        copy = tmp_path / f"fixed-{fix.backend}"
        shutil.copytree(root, copy)
        for path in {e.path for e in fix.edits}:
            target = copy / os.path.relpath(path, root)
            text = apply_edits(target.read_text() if target.exists() else "", [e for e in fix.edits if e.path == path])
            ast.parse(text) if target.suffix == ".py" else None
            target.write_text(text)
        fixed = _analyse(str(copy))
        assert not [f for found in fixed.all_findings().values() for f in found if f.code == "OFP301"], fix.title
