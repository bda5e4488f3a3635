"""The rule registry: one module per rule, each with its documentation as the module docstring;
modules are discovered, not listed."""

from __future__ import annotations

import importlib
import pkgutil

from ..model import Rule


def _discover() -> tuple[Rule, ...]:
    """Every module of this package that defines `RULE`, in code order: adding a rule is its module
    (documentation, message, fix family) and its fixture, never an edit here."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        rule = getattr(importlib.import_module(f"{__name__}.{info.name}"), "RULE", None)
        if isinstance(rule, Rule):
            found.append(rule)
    return tuple(sorted(found, key=lambda r: r.code))


RULES: tuple[Rule, ...] = _discover()
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_CATEGORY: dict[str, Rule] = {rule.category: rule for rule in RULES if rule.code.startswith("OFP1")}
DOCS_URL = "https://offpath.dev/rules/{code}"


def rule_for(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or next((r for r in RULES if r.name == key.lower()), None)
DISPATCH_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.check_dispatch is not None)
