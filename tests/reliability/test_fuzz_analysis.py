"""Analysis fuzzing: generated programs and mutated fixtures never make `Project.update`, `Project.load`
or `summarize` raise anything but `SummaryError`, finish in bounded time, and a file that cannot be
analysed is reported in `project.skipped` with a reason."""

from __future__ import annotations

import os
import tempfile

import hypothesmith
import pytest
from fuzzing import CORPUS, RULE_CORPUS, TRIED, Timer, check_result, mutated_fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from offpath.analysis.config import Config
from offpath.analysis.project import Project, read_source
from offpath.analysis.source import SourceFile, decode_source
from offpath.analysis.summary import SummaryError, summarize

LIMIT = 45.0  # seconds per input: a hang guard (a 100,000-line input takes 8-17 s of CPU; 2 loaded cores double it), a quadratic blow-up still fails
# Jedi is exercised by its own test below; a small budget keeps the many examples fast.
FAST = Config(jedi_budget=0.2)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def analyse_text(name: str, text: str, config: Config = FAST) -> Project:
    """Both wrappers on one text: `update` (an editor buffer) and `load` (the file on disk)."""
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, "app", os.path.basename(name))
        os.makedirs(os.path.dirname(path))
        project = Project([root], config)
        with Timer(LIMIT, f"update({name})"):
            changes = project.update(path, text)
        check_result(project, path, text, changes)
        # An edit of a file already analysed (the incremental path), then back again.
        with Timer(LIMIT, f"re-update({name})"):
            project.update(path, text[: len(text) // 2])
            changes = project.update(path, text)
        check_result(project, path, text, {p: f for p, f in changes.items() if p == path})
        return project


def analyse_bytes(name: str, data: bytes, config: Config = FAST) -> Project:
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, "app", os.path.basename(name))
        os.makedirs(os.path.dirname(path))
        with open(path, "wb") as handle:
            handle.write(data)
        project = Project([root], config)
        with Timer(LIMIT, f"load({name})"):
            changes = project.load([path])
        check_result(project, path, read_source(path), changes)
        return project


def summarize_only(text: str) -> None:
    try:
        summarize(SourceFile("m.py", text), "m")
    except SummaryError as exc:
        assert exc.reason


@settings(FUZZ, max_examples=120)
@given(case=mutated_fixture())
def test_mutated_fixtures(case) -> None:
    TRIED["analysis: mutated fixtures"] += 1
    name, data = case
    analyse_bytes(name, data)
    text = decode_source(data)
    summarize_only(text)
    analyse_text(name, text)


@settings(FUZZ, max_examples=40)
@given(source=hypothesmith.from_grammar())
def test_generated_programs(source: str) -> None:
    TRIED["analysis: hypothesmith programs"] += 1
    summarize_only(source)
    analyse_text("generated.py", source)


@settings(FUZZ, max_examples=60)
@given(case=st.sampled_from(RULE_CORPUS), junk=st.text(alphabet=st.characters(codec=None), max_size=40),
       at=st.floats(0, 1))
def test_editor_text_with_lone_surrogates(case, junk: str, at: float) -> None:
    """JSON can carry lone surrogates ("\\ud800"), so an editor buffer can hold them."""
    TRIED["analysis: buffers with surrogates and control characters"] += 1
    name, data = case
    text = data.decode("utf-8")
    cut = int(len(text) * at)
    analyse_text(name, text[:cut] + junk + "\ud83d" + text[cut:])


# -- the named hazards, one by one --------------------------------------------------------------
ROUTE = "from flask import Flask\nimport requests\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef view():\n    requests.get('https://example.com')\n"


def deep(kind: str, depth: int) -> str:
    indent = min(depth, 150)  # nested blocks grow quadratically; Python stops at 100 levels
    return {
        "binop": "x = " + "+".join(["a"] * depth),
        "attribute": "x = " + "a." * depth + "b",
        "call chain": "x = a" + "()" * depth,
        "unary": "x = " + "-" * depth + "1",
        "not": "x = " + "not " * depth + "a",
        "ternary": "x = " + "a if b else " * depth + "c",
        "lambda": "x = " + "lambda: " * depth + "1",
        "subscript": "x = a" + "[0]" * depth,
        "parens": "x = " + "(" * depth + "1" + ")" * depth,
        "calls": "x = " + "f(" * depth + ")" * depth,
        "indent": "".join("    " * i + "if x:\n" for i in range(indent)) + "    " * indent + "pass",
        "defs": "".join("    " * i + f"def f{i}():\n" for i in range(indent)) + "    " * indent + "requests.get(u)",
    }[kind] + "\n"


@pytest.mark.parametrize("kind", ["binop", "attribute", "call chain", "unary", "not", "ternary", "lambda",
                                  "subscript", "parens", "calls", "indent", "defs"])
@pytest.mark.parametrize("depth", [90, 900, 5000, 100_000])
def test_deep_nesting(kind: str, depth: int) -> None:
    """Nesting deep enough for RecursionError/MemoryError in `ast` or in our own walk: skipped, with a reason."""
    TRIED["analysis: deep nesting"] += 1
    text = ROUTE + deep(kind, depth)
    project = analyse_text("deep.py", text)
    path = next(iter(project.skipped), None)
    if depth >= 5000:
        assert path is not None and project.skipped[path], f"{kind} at depth {depth} should be skipped"


def test_one_megabyte_line() -> None:
    TRIED["analysis: huge inputs"] += 3
    long_string = ROUTE + "BLOB = '" + "x" * 1_000_000 + "'\n"
    long_call = ROUTE + "def other():\n    requests.post(" + ", ".join(["'a'"] * 200_000) + ")\n"
    long_comment = ROUTE + "# " + "é😋" * 400_000 + "\n"
    for text in (long_string, long_call, long_comment):
        with Timer(60, "1 MB line"):
            project = analyse_text("long_line.py", text)
        assert not project.skipped
        assert project.all_findings(), "the route's request is still found"


def test_hundred_thousand_lines() -> None:
    TRIED["analysis: huge inputs"] += 2
    flat = ROUTE + "x = 1\n" * 100_000
    defs = ROUTE + "".join(f"def f{i}(request):\n    '''Doc.'''\n    y = f{i + 1}(request)\n    return y\n\n"
                           for i in range(20_000))
    for text in (flat, defs):
        assert text.count("\n") >= 100_000
        with Timer(60, "100,000 lines"):
            project = analyse_text("big.py", text)
        assert not project.skipped


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "shift_jis", "koi8-r", "utf-8", "utf-8-sig",
                                      "utf-16", "rot13", "bogus-codec", "ascii"])
def test_pep263_encodings(encoding: str) -> None:
    """A coding cookie is honoured when it can be; any other declaration never raises."""
    TRIED["analysis: PEP 263 encodings"] += 1
    body = ROUTE + "GREETING = 'Grüße ½'\n"
    data = f"# -*- coding: {encoding} -*-\n".encode()
    try:
        data += body.encode(encoding)
    except (LookupError, UnicodeError, TypeError):
        data += body.encode("utf-8")
    project = analyse_bytes(f"enc_{encoding}.py", data)
    if encoding in ("latin-1", "cp1252", "utf-8"):
        assert not project.skipped and project.all_findings()


@pytest.mark.parametrize("name", ["nul", "bom", "crlf", "cr", "tabs", "invalid_utf8", "truncated"])
def test_named_mutations(name: str) -> None:
    TRIED["analysis: named mutations"] += 1
    data = ROUTE.encode()
    data = {
        "nul": data.replace(b"app =", b"app\x00 ="),
        "bom": b"\xef\xbb\xbf" + data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "cr": data.replace(b"\n", b"\r"),
        "tabs": data.replace(b"    ", b"\t"),
        "invalid_utf8": data.replace(b"example", b"ex\xffample"),
        "truncated": data[:-20],
    }[name]
    project = analyse_bytes(f"{name}.py", data)
    if name == "nul":
        assert any("NUL" in r for r in project.skipped.values())
    elif name == "truncated":
        assert any("syntax error" in r for r in project.skipped.values())
    else:
        assert not project.skipped and project.all_findings(), name


def test_whole_corpus_with_jedi() -> None:
    """Every fixture, cut at ten points, with jedi's default budget: nothing raises."""
    for name, data in CORPUS[::3]:
        for tenth in range(1, 10, 3):
            TRIED["analysis: truncated fixtures with jedi"] += 1
            analyse_text(name, data.decode("utf-8")[: len(data) * tenth // 10], Config())
