"""Text of one file: reading it safely, and the mapping from `ast` byte offsets to code-point columns."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class SourceFile:
    path: str
    text: str
    version: int | None = None

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text) or [""]

    @cached_property
    def ascii(self) -> bool:
        return self.text.isascii()

    @cached_property
    def digest(self) -> str:
        return content_digest(self.text)

    def column(self, line: int, byte_col: int) -> int:
        """Code-point column for a UTF-8 byte offset as `ast` reports it (line is 1-based)."""
        if self.ascii:
            return byte_col
        if line < 1 or line > len(self.lines):
            return byte_col
        text = self.lines[line - 1]
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].rstrip("\r\n")
        return ""


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken where Python's tokenizer and LSP break them (\\n, \\r\\n, \\r).

    Not `str.splitlines`: it also breaks at \\f, \\v, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029, which
    Python source may hold in comments and strings, and every line number after one would be off.
    """
    return _LINE.findall(text)


def content_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def decode_source(data: bytes) -> str:
    """Decode file bytes the way Python does (BOM, PEP 263 cookie), never raising."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, ValueError, TypeError):
        # Not only UnicodeDecodeError: a cookie can name any codec (`punycode`, `idna`, `hex`).
        text = data.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff")


def read_source(path: str) -> str | None:
    """The decoded text of a regular file of at most MAX_FILE_BYTES, else None.

    Opened without blocking and checked after opening: a FIFO named `x.py` would wait for a writer
    forever, a link to /dev/zero never ends, and a file can be swapped between a check and a read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
            return None if len(data) > MAX_FILE_BYTES else decode_source(data)
    except OSError:
        return None
