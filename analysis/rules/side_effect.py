"""What the side-effect rules (OFP1xx) share: how a message words the depth of a call, and the
message of the informational copy each deeper call of the chain gets. Each rule's own message
template is on its `RULE`."""

from __future__ import annotations

from ..model import Rule

HOP_MESSAGE = ("`{sink}` ({category}, ~{cost}) runs {where} on the request path of `{handler}` ({entry})"
               " — move it to a queue")


def message(rule: Rule, *, handler: str, callee: str, depth: int, sink: str, cost: str, entry: str) -> str:
    """The finding on the handler's own call: by the handler itself (depth 0), else by `callee`, its first call."""
    actor = f"`{handler}`" if depth == 0 else f"`{callee}()`"
    how = "directly" if depth == 0 else ("1 call deep" if depth == 1 else f"{depth} calls deep")
    return rule.format(actor=actor, sink=sink, depth=how, cost=cost, entry=entry)


def hop_message(*, sink: str, category: str, cost: str, remaining: int, handler: str, entry: str) -> str:
    """The copy on a deeper call of the chain, `remaining` calls above the slow one."""
    where = "here" if remaining == 0 else ("1 call deeper" if remaining == 1 else f"{remaining} calls deeper")
    return HOP_MESSAGE.format(sink=sink, category=category, cost=cost, where=where, handler=handler, entry=entry)
