"""The rule registry: one module per rule, each with its documentation as the module docstring."""

from __future__ import annotations

from ..model import Rule
from . import (
    analytics,
    chat,
    dispatch_in_atomic,
    email,
    fire_and_forget,
    http,
    image,
    pdf,
    push,
    search_index,
    sleep,
    sms,
    subprocess,
    task_called_directly,
    task_orm_argument,
    video,
)

RULES: tuple[Rule, ...] = tuple(
    module.RULE
    for module in (
        email, http, pdf, image, video, push, sms, analytics, search_index, chat, sleep, subprocess,
        task_called_directly, task_orm_argument, dispatch_in_atomic, fire_and_forget,
    )
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_CATEGORY: dict[str, Rule] = {rule.category: rule for rule in RULES if rule.code.startswith("OFP1")}
DOCS_URL = "https://offpath.dev/rules/{code}"


def rule_for(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or next((r for r in RULES if r.name == key.lower()), None)
