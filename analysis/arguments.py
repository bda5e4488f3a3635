"""Which arguments of one call site fill one parameter of the function it calls: positional and
keyword arguments, `*xs`/`**d` on either side, and whether the default applies.

Pure: it reads a call site and a signature; the resolver evaluates the chains it returns in the
caller's scope (`Resolver.parameter`, the union over every call site).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .summary import CallSite, Chain, FunctionInfo


class Passed(NamedTuple):
    """An argument expression reaching a parameter; `spread` when it is `*xs` or `**d`, so any
    member of its value may be the one that lands there."""

    chain: Chain
    spread: bool = False


class Filled(NamedTuple):
    passed: tuple[Passed, ...]
    default: bool  # the call may leave the parameter out: its default applies
    collected: bool  # the parameter is `*args`/`**kwargs`: the arguments form a collection


def fill(info: FunctionInfo, site: CallSite, offset: int, param: str) -> Filled | None:
    """The arguments of `site` that reach `param` of `info`; `offset` positional parameters are
    bound already (the receiver of a bound method). None: `param` is not a parameter of `info`."""
    names = [p.name for p in info.params]
    if param not in names:
        return None
    kinds = info.param_kinds or ("p",) * len(names)
    index = names.index(param)
    kind = kinds[index] if index < len(kinds) else "p"
    positional = [i for i, k in enumerate(kinds) if k == "p"][offset:]
    first_star = min(site.starred) if site.starred else len(site.args) + len(names)
    keywords = dict(site.kwargs)
    spread_keywords = tuple(Passed(v, True) for k, v in site.kwargs if k == "**" and v)
    if kind == "*":
        rest = [_passed(site, n) for n in range(len(positional), len(site.args))]
        if first_star < len(positional):
            rest += [_passed(site, n) for n in site.starred]
        return Filled(tuple(p for p in rest if p), False, True)
    if kind == "**":
        extra = tuple(Passed(v) for k, v in site.kwargs if k != "**" and k not in names and v)
        return Filled(extra + spread_keywords, False, True)
    if kind == "p" and index in positional:
        position = positional.index(index)
        if position >= first_star:
            spread = tuple(_passed(site, n) for n in range(first_star, len(site.args)))
            return Filled(tuple(p for p in spread if p), True, False)
        if position < len(site.args):
            found = _passed(site, position)
            return Filled((found,) if found else (), False, False)
    elif kind == "p":
        return Filled((), False, False)  # the bound receiver
    if param in keywords:
        value = keywords[param]
        return Filled((Passed(value),) if value else (), False, False)
    return Filled(spread_keywords, True, False)


def _passed(site: CallSite, position: int) -> Passed | None:
    chain = site.args[position] if position < len(site.args) else None
    if not chain:
        return None
    return Passed(chain, position in site.starred)


UNKNOWN = "?"


def constant(info: FunctionInfo, site: CallSite, offset: int, param: str) -> str:
    """The bool/None literal `site` passes to `param` ("True", "False", "None"), its default when
    the call leaves it out, or UNKNOWN."""
    filled = fill(info, site, offset, param)
    if filled is None or filled.collected:
        return UNKNOWN
    literals = dict(site.constants)
    if param in literals:
        return literals[param]
    names = [p.name for p in info.params]
    kinds = info.param_kinds or ("p",) * len(names)
    positional = [i for i, k in enumerate(kinds) if k == "p"][offset:]
    index = names.index(param)
    if index in positional:
        position = positional.index(index)
        if position in literals:
            return literals[position]
        if position < len(site.args) or site.starred:
            return UNKNOWN
    if filled.passed:
        return UNKNOWN
    if param in dict(site.kwargs):
        return UNKNOWN
    return dict(info.const_defaults).get(param, UNKNOWN)


_NAME_TEXT = re.compile(r"[A-Za-z_][\w.:]{0,120}")


def name_literal(info: FunctionInfo, site: CallSite, offset: int, param: str) -> str | None:
    """The string literal `site` passes to `param` when it reads as a name or a dotted path
    (`"order_created"`, `"app.mail.Mailer"`): what `getattr(obj, param)` or `import_string(param)`
    in the callee names. Not a bool, a number or free text."""
    names = [p.name for p in info.params]
    if param not in names or site.starred:
        return None
    text = dict(site.kw_literals).get(param)
    if text is None:
        kinds = info.param_kinds or ("p",) * len(names)
        positional = [i for i, k in enumerate(kinds) if k == "p"][offset:]
        index = names.index(param)
        if index not in positional:
            return None
        position = positional.index(index)
        if position >= len(site.args) or site.args[position] is not None or position >= len(site.arg_literals):
            return None
        text = site.arg_literals[position]
    if text is None or text in ("True", "False", "None") or not _NAME_TEXT.fullmatch(text):
        return None
    return text
