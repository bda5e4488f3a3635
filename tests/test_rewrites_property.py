"""Property: every fix offered, on the fixture programs and on generated ones, yields code that
parses and changes only the ranges its edits name."""

from __future__ import annotations

import ast
import itertools
import os
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from offpath.analysis.project import Project, discover
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.api import QUEUES
from offpath.analysis.rewrites.text import apply_edits

HERE = os.path.dirname(__file__)
RULES = os.path.join(HERE, "fixtures", "rules")
PROJECTS = os.path.join(HERE, "fixtures", "projects")
BACKENDS = sorted(QUEUES) + ["fastapi"]


def _offsets(text: str):
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return lines, starts


def check_fix(fix, read) -> None:
    """Edits are in bounds and disjoint; the files parse; nothing outside the named ranges changed."""
    for path in {e.path for e in fix.edits}:
        old = read(path)
        lines, starts = _offsets(old)
        ranges = []
        for edit in (e for e in fix.edits if e.path == path):
            span = edit.span
            for line, col in ((span.line, span.col), (span.end_line, span.end_col)):
                assert 1 <= line <= len(lines) + 1, edit
                assert col <= (len(lines[line - 1].rstrip("\r\n")) + 1 if line <= len(lines) else 0), edit
            start = starts[span.line - 1] + span.col if span.line <= len(lines) else len(old)
            end = starts[span.end_line - 1] + span.end_col if span.end_line <= len(lines) else len(old)
            assert start <= end, edit
            ranges.append((start, end))
        edits = [e for e in fix.edits if e.path == path]
        ranges_by_edit = list(ranges)
        ranges = sorted(ranges)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges)), f"overlapping edits in {path}"
        new = apply_edits(old, [e for e in fix.edits if e.path == path])
        ast.parse(new)
        # Outside the named ranges the text is the old text, piece for piece; no edit is a no-op.
        pieces, position = [], 0
        for (start, end), edit in sorted(zip(ranges_by_edit, edits), key=lambda pair: pair[0]):
            assert old[start:end] != edit.text, f"no-op edit {edit}"
            pieces += [old[position:start], edit.text]
            position = end
        pieces.append(old[position:])
        assert "".join(pieces) == new


def _all_fixes(project: Project):
    for found in project.all_findings().values():
        for finding in found:
            for backend in BACKENDS:
                yield from fixes_for(project, finding, backends=[backend])
            yield from fixes_for(project, finding)


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(RULES) if n.endswith(".py")))
def test_rule_fixture_fixes(name: str) -> None:
    project = Project([RULES])
    project.load([os.path.join(RULES, name)])
    for fix in _all_fixes(project):
        check_fix(fix, _read)


@pytest.mark.parametrize("case", sorted(os.listdir(PROJECTS)))
def test_project_fixture_fixes(case: str) -> None:
    root = os.path.join(PROJECTS, case)
    project = Project([root])
    project.load(discover([root]))
    for fix in _all_fixes(project):
        check_fix(fix, _read)


# -- generated programs ----------------------------------------------------------------------
SINKS = [
    ('send_mail("Hi", body, "a@example.com", [email])', "from django.core.mail import send_mail"),
    ('requests.post("https://example.com/hook", json={"e": email}, timeout=5)', "import requests"),
]
ARGS = ["email", "order.email", 'f"{email}"', "email,  # who\n        "]


@st.composite
def programs(draw):
    sink, sink_import = draw(st.sampled_from(SINKS))
    helper_args = draw(st.sampled_from(["email", "email, body=''", "email, *, body=''"]))
    wrapper = draw(st.sampled_from(["plain", "atomic", "loop", "if"]))
    is_async = draw(st.booleans()) and wrapper != "atomic"
    arg = draw(st.sampled_from(ARGS))
    comment = draw(st.sampled_from(["", "  # noqa: E501", "  # keep"]))
    call = f"notify({arg}){comment}" if "\n" not in arg else f"notify(\n        {arg})"
    body = {
        "plain": f"    {call}",
        "atomic": f"    with transaction.atomic():\n        {call}",
        "loop": f"    for email in emails:\n        {call}",
        "if": f"    if email:\n        {call}",
    }[wrapper]
    deps = draw(st.sampled_from(["celery", "dramatiq", "django-rq", "huey", ""]))
    views = textwrap.dedent(f'''\
        """Generated views."""
        {sink_import}
        from django.db import transaction
        from django.http import JsonResponse


        def notify({helper_args}):
            body = "x"
            {sink.replace("email]", "email]")}


        ''') + f"{'async ' if is_async else ''}def handler(request, emails=()):\n    email = request.POST['email']\n    order = request\n{body}\n    return JsonResponse({{}})\n"
    urls = 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("x/", views.handler)]\n'
    return {"app/__init__.py": "", "app/views.py": views, "app/urls.py": urls, "requirements.txt": deps + "\n"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=programs())
def test_generated_programs(files, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("gen")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    project = Project([str(root)])
    project.load(discover([str(root)]))
    if project.skipped:
        return
    for fix in _all_fixes(project):
        check_fix(fix, _read)
