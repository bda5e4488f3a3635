"""Rewrites never lose text: on fuzzed variants of the fixture programs (other line endings, tabs,
form feeds, Unicode line separators and astral characters in comments, a BOM, no final newline),
every fix `fixes_for` offers changes only the ranges its edits name and leaves files that parse."""

from __future__ import annotations

import ast
import itertools
import os
import random
import re
import tempfile

from fuzzing import RULE_CORPUS, TRIED, check_span, lsp_lines
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from offpath.analysis.config import Config
from offpath.analysis.project import Project, read_source
from offpath.analysis.rewrites import fixes_for, suppression_fix
from offpath.analysis.rewrites.api import QUEUES

# Only fixtures whose findings have queue fixes are worth the time.
FIXABLE = [(n, b) for n, b in RULE_CORPUS if re.search(rb"# OFP1\d\d", b) or b"OFP20" in b]
COMMENTS = ["# é", "# 😋 𝔘", "# a\u2028b", "# a\x85b", "# a\x0bb", "# \u2029", "# \x1c", "\x0c", "# ½ \x0c x"]


@st.composite
def variants(draw) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(FIXABLE))
    text = data.decode("utf-8")
    lines = text.split("\n")
    rng = random.Random(draw(st.integers(0, 2**32)))
    # Comment lines (and bare form feeds) with the indentation of the line they precede.
    for _ in range(draw(st.integers(0, 12))):
        at = rng.randrange(len(lines))
        indent = re.match(r"[ \t]*", lines[at]).group()
        lines.insert(at, indent + rng.choice(COMMENTS))
    # Trailing comments with astral characters and line separators.
    for _ in range(draw(st.integers(0, 6))):
        at = rng.randrange(len(lines))
        if lines[at].strip() and not lines[at].rstrip().endswith("\\"):
            lines[at] += "  " + rng.choice(COMMENTS[:6])
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("    ", "\t")
    if draw(st.booleans()):
        text = text.rstrip("\n")
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return name, data


def check_fix(fix, read) -> None:
    """Edits in bounds and disjoint; files parse; outside the named ranges the text is unchanged."""
    for path in {e.path for e in fix.edits}:
        old = read(path)
        lines = lsp_lines(old)
        starts = list(itertools.accumulate((len(m.group()) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", old)),
                                           initial=0))
        edits = [e for e in fix.edits if e.path == path]
        spans = []
        for edit in edits:
            span = edit.span
            if span.line == len(lines) + 1 and span.col == 0:  # an insertion at the very end
                start = len(old)
            else:
                check_span(span, lines, edit)
                start = starts[span.line - 1] + span.col
            end = len(old) if span.end_line == len(lines) + 1 else starts[span.end_line - 1] + span.end_col
            assert start <= end
            spans.append((start, end, edit.text))
        spans.sort(key=lambda s: (s[0], s[1]))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), f"overlapping edits in {path}: {fix}"
        pieces, position = [], 0
        for start, end, new in spans:
            pieces += [old[position:start], new]
            position = end
        pieces.append(old[position:])
        result = "".join(pieces)
        ast.parse(result)
        # Each edit replaces exactly the text it names: the kept pieces appear in order.
        assert sum(len(p) for p in pieces[::2]) == len(old) - sum(e - s for s, e, _ in spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(case=variants(), backend=st.sampled_from([None, *sorted(QUEUES), "fastapi"]))
def test_fixes_on_fuzzed_fixtures(case, backend) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, os.path.basename(name))
        with open(path, "wb") as handle:
            handle.write(data)
        text = read_source(path)
        try:
            ast.parse(text)
        except SyntaxError:
            assume(False)  # a comment inside a continued line: not the rewrite's business
        TRIED["rewrites: fuzzed fixtures"] += 1
        project = Project([root], Config(jedi_budget=0))
        project.load([path])
        assert not project.skipped, project.skipped
        for finding in project.findings(path):
            check_span(finding.span, lsp_lines(text), finding)
            fixes = fixes_for(project, finding, backends=[backend] if backend else None)
            fixes.append(suppression_fix(finding, text))
            for fix in fixes:
                TRIED["rewrites: fixes checked"] += 1
                check_fix(fix, read_source)
