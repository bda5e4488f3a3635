"""Encode a FileSummary as plain nested tuples and back.

Pickling hundreds of thousands of NamedTuples goes through a Python-level `__getnewargs__` per
object; plain tuples pickle in C. The on-disk cache and the parallel summariser both move
summaries between processes, so they use this codec (about 10x faster than pickling directly).
"""

from __future__ import annotations

from .model import Span
from .summary import Binding, CallSite, ClassInfo, FileSummary, FunctionInfo, ImportBinding

CODEC_VERSION = 9

_span_new = Span._make
_site_new = CallSite._make
_binding_new = Binding._make
_READS = FunctionInfo._fields.index("reads")


def _site(site: CallSite) -> tuple:
    fields = list(site)
    fields[1] = tuple(site.span)
    if site.func_span is not None:
        fields[13] = tuple(site.func_span)
    return tuple(fields)


def _unsite(data: tuple) -> CallSite:
    fields = list(data)
    fields[1] = _span_new(fields[1])
    if fields[13] is not None:
        fields[13] = _span_new(fields[13])
    return _site_new(fields)


def _function(info: FunctionInfo) -> tuple:
    fields = list(info)
    fields[2] = tuple(info.span)
    fields[6] = tuple(tuple(b) for b in info.params)
    fields[7] = tuple(_site(d) for d in info.decorators)
    fields[8] = tuple(_site(c) for c in info.calls)
    fields[9] = tuple(tuple(b) for b in info.bindings)
    fields[10] = tuple(tuple(b) for b in info.self_attrs)
    fields[_READS] = tuple(_site(r) for r in info.reads)
    return tuple(fields)


def _unfunction(data: tuple) -> FunctionInfo:
    fields = list(data)
    fields[2] = _span_new(fields[2])
    fields[6] = tuple(_binding_new(b) for b in fields[6])
    fields[7] = tuple(_unsite(d) for d in fields[7])
    fields[8] = tuple(_unsite(c) for c in fields[8])
    fields[9] = tuple(_binding_new(b) for b in fields[9])
    fields[10] = tuple(_binding_new(b) for b in fields[10])
    fields[_READS] = tuple(_unsite(r) for r in fields[_READS])
    return FunctionInfo._make(fields)


def _class(info: ClassInfo) -> tuple:
    fields = list(info)
    fields[2] = tuple(info.span)
    fields[4] = tuple(_site(d) for d in info.decorators)
    fields[5] = tuple(tuple(b) for b in info.attrs)
    return tuple(fields)


def _unclass(data: tuple) -> ClassInfo:
    fields = list(data)
    fields[2] = _span_new(fields[2])
    fields[4] = tuple(_unsite(d) for d in fields[4])
    fields[5] = tuple(_binding_new(b) for b in fields[5])
    return ClassInfo._make(fields)


def encode(summary: FileSummary) -> tuple:
    return (
        CODEC_VERSION, summary.module, summary.is_package, summary.digest,
        tuple(_function(f) for f in summary.functions),
        tuple(_class(c) for c in summary.classes),
        tuple(tuple(i) for i in summary.imports),
        summary.dunder_all, summary.suppressions, summary.lines,
    )


def decode(data: tuple) -> FileSummary:
    """Rebuild a summary; raises ValueError for data from another codec version."""
    if not data or data[0] != CODEC_VERSION:
        raise ValueError("summary encoded by another version")
    _, module, is_package, digest, functions, classes, imports, dunder_all, suppressions, lines = data
    return FileSummary(
        module=module, is_package=is_package, digest=digest,
        functions=tuple(_unfunction(f) for f in functions),
        classes=tuple(_unclass(c) for c in classes),
        imports=tuple(ImportBinding._make(i) for i in imports),
        dunder_all=dunder_all, suppressions=suppressions, lines=lines,
    )
