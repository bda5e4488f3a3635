"""Shared pieces of the reliability tests: the fixture corpus, byte-level mutations, invariants that
every analysis result must satisfy, and a tally of inputs tried (printed at the end of the run)."""

from __future__ import annotations

import os
import re
import time
from collections import Counter

from hypothesis import strategies as st

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(TESTS, "fixtures")
RULES = os.path.join(FIXTURES, "rules")
PROJECTS = os.path.join(FIXTURES, "projects")

# Inputs tried per test, reported by conftest's terminal summary (and quoted in docs/reliability.md).
TRIED: Counter[str] = Counter()
_LSP_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def corpus() -> list[tuple[str, bytes]]:
    """(name, bytes) of every fixture program: single-file rule fixtures and project files."""
    out = []
    for base in (RULES, PROJECTS):
        for directory, _, files in sorted(os.walk(base)):
            for name in sorted(files):
                if name.endswith(".py") and not name.endswith(".fixed.py"):
                    path = os.path.join(directory, name)
                    with open(path, "rb") as handle:
                        out.append((os.path.relpath(path, FIXTURES), handle.read()))
    return out


CORPUS = corpus()
RULE_CORPUS = [(n, b) for n, b in CORPUS if n.startswith("rules" + os.sep)]

# Text an editor can hold mid-edit or a hostile repository can contain.
SNIPPETS = [
    "(", ")", "[", "]", "{", "}", ":", "\\", "'", '"', '"""', "'''", "#", "@", "def ", "class ", "async ",
    "await ", "lambda", "yield", "return", "\n", "\r", "\r\n", "\t", "    ", "\x0c", "\x0b", "\x85",
    "\u2028", "\u2029", "\x1c", "\ufeff", "\x00", "é", "ß", "€", "😋", "𝔘", "\u200b", "\u0301",
    "f'{", "}'", "b'", "rb'", "u'", "import ", "from . import ", "from .. import x", "*", "**", ":=",
    "requests.get(url)", "send_mail(a, b, c, [d])", "self.", "super().", "if True:\n", "else:\n",
    "match x:\n    case 1:\n        pass\n", "type X = int\n", "def f[T](x: T): ...\n", "# offpath: ignore\n",
    "# -*- coding: latin-1 -*-\n", "@app.route('/x')\n", "global x\n", "nonlocal x\n", "del x\n",
]
ENCODINGS = ["latin-1", "cp1252", "utf-8", "utf-8-sig", "shift_jis", "euc-jp", "koi8-r", "utf-16", "utf-32",
             "rot13", "hex", "bogus-codec", "ascii", "mac-roman", "cp037", "big5", "iso-2022-jp", "punycode"]


@st.composite
def mutated_fixture(draw, corpus=CORPUS) -> tuple[str, bytes]:
    """A fixture file with 1-4 mutations applied at the byte or text level."""
    name, data = draw(st.sampled_from(corpus))
    steps = draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4))
    for step in steps:
        data = step(draw, data)
    return name, data


def _pos(draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def _truncate(draw, data: bytes) -> bytes:
    return data[:_pos(draw, data)]


def _insert(draw, data: bytes) -> bytes:
    at = _pos(draw, data)
    piece = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=20)))
    return data[:at] + piece.encode("utf-8", "surrogatepass") + data[at:]


def _delete(draw, data: bytes) -> bytes:
    start = _pos(draw, data)
    end = draw(st.integers(start, min(len(data), start + 200)))
    return data[:start] + data[end:]


def _invalid_utf8(draw, data: bytes) -> bytes:
    at = _pos(draw, data)
    junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\x80\x80", b"\xfe\xff"]))
    return data[:at] + junk + data[at:]


def _nul(draw, data: bytes) -> bytes:
    at = _pos(draw, data)
    return data[:at] + b"\x00" + data[at:]


def _bom(draw, data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def _line_endings(draw, data: bytes) -> bytes:
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"]))
    return data.replace(b"\r\n", b"\n").replace(b"\n", ending)


def _tabs(draw, data: bytes) -> bytes:
    return data.replace(b"    ", draw(st.sampled_from([b"\t", b" \t", b"\t    "])))


def _duplicate(draw, data: bytes) -> bytes:
    start = _pos(draw, data)
    end = draw(st.integers(start, len(data)))
    return data[:end] + data[start:end] + data[end:]


def _cookie(draw, data: bytes) -> bytes:
    """A PEP 263 coding line, with the body re-encoded when the codec can (else left as it was)."""
    encoding = draw(st.sampled_from(ENCODINGS))
    text = data.decode("utf-8", "replace")
    try:
        body = text.encode(encoding)
    except (LookupError, UnicodeError, TypeError):
        body = data
    return f"# -*- coding: {encoding} -*-\n".encode("ascii") + body


MUTATIONS = [_truncate, _insert, _delete, _invalid_utf8, _nul, _bom, _line_endings, _tabs, _duplicate, _cookie]


def lsp_lines(text: str) -> list[str]:
    return _LSP_LINE_BREAK.split(text)


def check_result(project, path: str, text: str | None, changes: dict) -> None:
    """Invariants of any analysis result: the file is either summarised or skipped with a reason,
    and every finding's span lies inside the text it was computed from."""
    path = os.path.abspath(path)
    if path in project.skipped:
        reason = project.skipped[path]
        assert isinstance(reason, str) and reason.strip(), f"empty skip reason for {path}"
    else:
        assert project.summary(path) is not None, f"{path} neither analysed nor reported as skipped"
    for changed, findings in changes.items():
        assert isinstance(findings, list)
        if changed != path or text is None:
            continue
        lines = lsp_lines(text)
        for finding in findings:
            check_span(finding.span, lines, finding)


def check_span(span, lines: list[str], what=None) -> None:
    assert 1 <= span.line <= span.end_line <= len(lines), (span, len(lines), what)
    assert 0 <= span.col <= len(lines[span.line - 1]), (span, lines[span.line - 1], what)
    assert 0 <= span.end_col <= len(lines[span.end_line - 1]), (span, lines[span.end_line - 1], what)
    assert (span.line, span.col) <= (span.end_line, span.end_col), (span, what)


class Timer:
    """`with Timer(limit): ...` asserts the block finished within `limit` seconds."""

    def __init__(self, limit: float, what: str = ""):
        self.limit = limit
        self.what = what

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.elapsed = time.perf_counter() - self.started
        if exc[0] is None:
            assert self.elapsed < self.limit, f"{self.what} took {self.elapsed:.1f} s (limit {self.limit} s)"
