"""Parse a file written for any Python 3 version into this interpreter's `ast`, positions intact.

`parse` asks the host's `ast` first. A file it rejects may use syntax newer than the host (a 3.14
project analysed by offpath on 3.11): then its text is rewritten, character for character, into
what the host reads, so every line and column of what is kept stays where the user wrote it:
  - PEP 695 type parameters (`def f[T](...)`, `class C[T]:`) are blanked;
  - PEP 695 `type X = ...` becomes `_=   X = ...`;
  - PEP 758 `except A, B:` becomes `except(A,B):` (a name after the space given up moves one
    column left; `except A,B:` has no space to give up, so the rest of its line moves one right);
  - PEP 750 t-strings, and f-strings the host cannot tokenize (PEP 701: their own quote, a
    backslash, a comment or a line break inside a replacement field), become a parenthesised tuple
    of their replacement fields: `t"Hi {user.name}!"` -> `(    user.name, )`. The calls inside the
    fields are kept where they were; the literal text, which offpath never reads there, is not.
If the rewritten text is rejected too, the file is invalid in every version this module knows: the
error raised is the rewritten text's (same positions), so it points past the newer syntax to the
real mistake; without any newer syntax it is the host's own.

parso (jedi's parser) was considered: its newest grammar (3.14 in parso 0.8.7) rejects all four
constructs, and its tree is not `ast`, which every summary is built on.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

_STRING_PREFIXES = frozenset({"", "r", "u", "b", "br", "rb", "f", "rf", "fr", "t", "rt", "tr"})
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(")]}")


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """The host's `ast` of `text`, reading syntax newer than the host (see the module docstring)."""
    try:
        return ast.parse(text, filename=filename, type_comments=False)
    except SyntaxError as original:
        error = original
        for newer_strings in (False, True):
            try:
                rewritten = downlevel(text, all_fstrings=newer_strings)
            except RecursionError:  # strings nested past the interpreter's stack: not analysable
                rewritten = None
            if rewritten is None or rewritten == text:
                continue
            try:
                return ast.parse(rewritten, filename=filename, type_comments=False)
            except SyntaxError as exc:
                if error is original:
                    error = exc  # past the newer syntax: where the file is wrong in every version
        raise error from None


def downlevel(text: str, all_fstrings: bool = False) -> str | None:
    """`text` with newer syntax rewritten in place (same line breaks; same length but for
    `except A,B:` with no space to spare), or None when it cannot be scanned. `all_fstrings` rewrites every f-string, not only the PEP 701 ones."""
    try:
        tokens = _Scanner(text).tokens()
    except _ScanError:
        return None
    out = list(text)
    _rewrite_statements(tokens, text, out)
    for group in _string_groups(tokens):
        if any(t.kind == "tstring" for t in group) or any(
                t.kind == "fstring" and (all_fstrings or t.newer) for t in group):
            _tuple_of_fields(group, out)
    return "".join(out)


# -- tokens ------------------------------------------------------------------------------------
class _ScanError(Exception):
    pass


@dataclass
class _Field:
    """A replacement field of an f- or t-string: where its expression is, and the strings in it."""

    start: int  # first character after `{`
    end: int  # end of the expression (before `=`, `!`, `:` or `}`)
    close: int  # offset of the closing `}`
    strings: list[_Token] = field(default_factory=list)


@dataclass
class _Token:
    kind: str  # name, op, string, fstring, tstring, newline
    start: int
    end: int
    depth: int = 0
    fields: list[_Field] = field(default_factory=list)
    newer: bool = False  # an f-string only PEP 701 tokenizers read


class _Scanner:
    """A small Python tokenizer: names, operators, strings (f/t-strings with nested fields, PEP 701
    rules), logical line ends; comments and whitespace are skipped."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def tokens(self) -> list[_Token]:
        out: list[_Token] = []
        self._code(out, stop=None)
        return out

    def _code(self, out: list[_Token], stop: str | None) -> str:
        """Scan code into `out` until, at bracket depth 0, a character of `stop` (an f-string field's
        end: `}`, `!`, `:`, `=`) is reached; the character found ('' at the end of the text)."""
        text = self.text
        depth = 0
        while self.pos < len(text):
            char = text[self.pos]
            if stop is not None and depth == 0 and char in stop:
                if char == "!" and text.startswith("!=", self.pos) or char == "=" and (text.startswith("==", self.pos) or
                                      (self.pos > 0 and text[self.pos - 1] in "=!<>:")):
                    pass
                else:
                    return char
            if char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif char == "\\" and text.startswith(("\\\n", "\\\r"), self.pos):
                self.pos += 3 if text.startswith("\\\r\n", self.pos) else 2
            elif char in "\r\n":
                if depth == 0 and stop is None:
                    out.append(_Token("newline", self.pos, self.pos + 1))
                self.pos += 1
            elif char in " \t\f":
                self.pos += 1
            elif char in "\"'":
                out.append(self._string("", self.pos, depth))
            elif char.isidentifier() or char.isdigit():
                start = self.pos
                self.pos += 1
                while self.pos < len(text) and (text[self.pos].isidentifier() or text[self.pos].isdigit()
                                                or (text[self.pos] == "." and text[start].isdigit())):
                    self.pos += 1
                word = text[start:self.pos]
                if self.pos < len(text) and text[self.pos] in "\"'" and word.lower() in _STRING_PREFIXES:
                    out.append(self._string(word.lower(), start, depth))
                else:
                    out.append(_Token("name", start, self.pos, depth))
            else:
                if char in _OPEN:
                    depth += 1
                elif char in _CLOSE:
                    if depth == 0 and stop is not None:
                        raise _ScanError("unbalanced bracket in a replacement field")
                    depth = max(depth - 1, 0)
                out.append(_Token("op", self.pos, self.pos + 1, depth))
                self.pos += 1
        return ""

    def _string(self, prefix: str, start: int, depth: int) -> _Token:
        text = self.text
        quote = text[self.pos] * 3 if text.startswith(text[self.pos] * 3, self.pos) else text[self.pos]
        self.pos += len(quote)
        kind = "fstring" if "f" in prefix else "tstring" if "t" in prefix else "string"
        token = _Token(kind, start, 0, depth)
        while True:
            if self.pos >= len(text):
                raise _ScanError("unterminated string")
            char = text[self.pos]
            if text.startswith(quote, self.pos):
                self.pos += len(quote)
                token.end = self.pos
                return token
            if char == "\\":
                self.pos += 2
            elif char in "\r\n" and len(quote) == 1:
                raise _ScanError("line break in a one-line string")
            elif kind != "string" and char == "{":
                if text.startswith("{{", self.pos):
                    self.pos += 2
                else:
                    token.fields.append(self._field(token, quote))
            else:
                self.pos += 1

    def _field(self, token: _Token, quote: str) -> _Field:
        """A replacement field from its `{` to its `}` (the format spec's own fields included)."""
        text = self.text
        self.pos += 1
        start = self.pos
        strings: list[_Token] = []
        found = self._code(strings, stop="}!:=")
        end = self.pos
        inside = text[start:end]
        if quote in inside or "\\" in inside or "#" in inside or (len(quote) == 1 and ("\n" in inside or "\r" in inside)):
            token.newer = True
        if any(s.newer or s.kind == "tstring" for s in strings):
            token.newer = True
        if found == "=":
            self.pos += 1
            found = self._code([], stop="}!:")
        if found == "!":
            self.pos += 1
            found = self._code([], stop="}:")
        if found == ":":
            self.pos += 1
            while self.pos < len(text) and text[self.pos] != "}":
                if text[self.pos] == "{":
                    self._field(token, quote)  # a nested field of the spec: blanked with the spec
                elif text.startswith(quote, self.pos) or (len(quote) == 1 and text[self.pos] in "\r\n"):
                    raise _ScanError("unterminated format spec")
                else:
                    self.pos += 1
        if self.pos >= len(text) or text[self.pos] != "}":
            raise _ScanError("unterminated replacement field")
        close = self.pos
        self.pos += 1
        return _Field(start, end, close, strings)


# -- rewrites ----------------------------------------------------------------------------------
def _rewrite_statements(tokens: list[_Token], text: str, out: list[str]) -> None:
    for index, token in enumerate(tokens):
        if token.kind != "name":
            continue
        word = text[token.start:token.end]
        if word in ("def", "class"):
            _blank_type_params(tokens, index + 1, text, out)
        elif word == "type" and _starts_statement(tokens, index, text):
            _type_alias(tokens, index, text, out)
        elif word == "except" and _starts_statement(tokens, index, text):
            _except_group(tokens, index, text, out)


def _starts_statement(tokens: list[_Token], index: int, text: str) -> bool:
    if index == 0:
        return True
    before = tokens[index - 1]
    return before.depth == 0 and (before.kind == "newline" or text[before.start:before.end] == ";")


def _bracket_end(tokens: list[_Token], index: int, text: str) -> int | None:
    """Index of the token closing the bracket opened at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        value = text[tokens[position].start:tokens[position].end] if tokens[position].kind == "op" else ""
        if value in _OPEN:
            depth += 1
        elif value in _CLOSE:
            depth -= 1
            if depth == 0:
                return position
    return None


def _blank(out: list[str], start: int, end: int) -> None:
    """Spaces over `start:end`, line breaks kept and continued with a backslash."""
    for position in range(start, end):
        if out[position] not in "\r\n":
            out[position] = " "
    for position in range(start + 1, end):
        ends_line = out[position] == "\r" or (out[position] == "\n" and out[position - 1] != "\r")
        if ends_line and out[position - 1] not in "\r\n":
            out[position - 1] = "\\"


def _blank_type_params(tokens: list[_Token], index: int, text: str, out: list[str]) -> int | None:
    """`def f[T](...)`: blank `[T]` after the name at `index`; the index after it."""
    if index + 1 >= len(tokens) or tokens[index].kind != "name":
        return None
    opener = tokens[index + 1]
    if opener.kind != "op" or text[opener.start] != "[":
        return None
    close = _bracket_end(tokens, index + 1, text)
    if close is None:
        return None
    _blank(out, opener.start, tokens[close].end)
    return close + 1


def _type_alias(tokens: list[_Token], index: int, text: str, out: list[str]) -> None:
    """`type X[T] = ...` -> `_=   X    = ...` (a chained assignment the host reads)."""
    if index + 2 >= len(tokens) or tokens[index + 1].kind != "name":
        return
    after = index + 2
    if tokens[after].kind == "op" and text[tokens[after].start] == "[":
        after = _blank_type_params(tokens, index + 1, text, out) or after
    if after >= len(tokens) or text[tokens[after].start:tokens[after].end] != "=":
        return
    if after + 1 < len(tokens) and text[tokens[after + 1].start:tokens[after + 1].end] == "=":
        return  # `type == x`, not an alias
    start = tokens[index].start
    out[start:start + 4] = list("_=  ")


def _except_group(tokens: list[_Token], index: int, text: str, out: list[str]) -> None:
    """`except A, B:` (PEP 758) -> `except(A,B):` (a space inside the list makes room for the
    closing parenthesis; `except A,B:` gets one more character)."""
    first = index + 1
    if first < len(tokens) and text[tokens[first].start:tokens[first].end] == "*":
        first += 1
    colon = None
    comma = False
    for position in range(first, len(tokens)):
        token = tokens[position]
        if token.kind == "newline":
            break
        value = text[token.start:token.end]
        if token.depth == 0 and value == ":" and token.kind == "op":
            colon = position
            break
        if token.depth == 0 and value == "," and token.kind == "op":
            comma = True
        if token.kind == "name" and value == "as":
            return
    if colon is None or not comma or first >= colon:
        return
    start, end = tokens[first].start, tokens[colon - 1].end
    if start - 1 < tokens[first - 1].end:
        return  # no space after `except` to turn into the opening parenthesis
    inner = text[start:end]
    room = next((i for i in range(len(inner) - 1, -1, -1) if inner[i] in " \t"), None)
    out[start - 1] = "("
    if room is None:
        out[end - 1] += ")"  # no space to give up: what follows on this line moves by one column
        return
    squeezed = inner[:room] + inner[room + 1:] + ")"
    out[start:end] = list(squeezed)


def _string_groups(tokens: list[_Token]) -> list[list[_Token]]:
    """Runs of adjacent string tokens (implicit concatenation)."""
    groups: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        if token.kind in ("string", "fstring", "tstring"):
            current.append(token)
            continue
        if token.kind == "newline" and current and current[-1].depth > 0:
            continue
        if current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _tuple_of_fields(group: list[_Token], out: list[str]) -> None:
    """The strings of `group` -> `(` field, field, `)` with the fields' expressions in place."""
    start, end = group[0].start, group[-1].end
    keep: list[tuple[int, int]] = []
    nested: list[list[_Token]] = []
    for token in group:
        for item in token.fields:
            keep.append((item.start, item.end))
            nested.extend(_string_groups(item.strings))
    kept = [False] * (end - start)
    for first, last in keep:
        for position in range(first, last):
            kept[position - start] = True
    for position in range(start, end):
        if not kept[position - start] and out[position] not in "\r\n":
            out[position] = " "
    for token in group:
        for item in token.fields:
            out[item.close] = ","
    for inner in nested:
        if any(t.kind in ("fstring", "tstring") for t in inner):
            _tuple_of_fields(inner, out)
    # Line breaks of triple-quoted literal text stay: they are inside the tuple's parentheses.
    out[start] = "("
    out[end - 1] = ")"
