"""The message a user reads for each kind of finding, byte for byte, on the project fixtures; and the
rule modules that own those messages build exactly that text."""

from __future__ import annotations

import os

import pytest
from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover
from offpath.analysis.rules import RULES, dispatch_in_atomic, side_effect, task_orm_argument

PROJECTS = os.path.join(os.path.dirname(__file__), "fixtures", "projects")


def _messages(case: str, hops: bool = False) -> dict[tuple[str, int, str], set[str]]:
    root = os.path.join(PROJECTS, case)
    project = Project([root], Config(jedi_budget=0), hops=hops)
    project.load(discover([root]))
    out: dict[tuple[str, int, str], set[str]] = {}
    for path, found in project.all_findings().items():
        for finding in found:
            key = (os.path.relpath(path, root).replace(os.sep, "/"), finding.span.line, finding.code)
            out.setdefault(key, set()).add(finding.message)
    return out


@pytest.mark.parametrize(("case", "hops", "where", "message"), [
    ("drf_router", False, ("api/views.py", 38, "OFP301"),
     ("`ExportViewSet.list` waits on `run` (subprocess, ~0.1 s–minutes) directly and GET /api/exports needs its result "
     "— return 202 with a job and a status URL (or SSE), cache it, and set a timeout")),
    ("cross_module_super", False, ("web.py", 26, "OFP107"),
     ("`SmsNotifier.deliver()` sends an SMS via `create` 1 call deep (~0.5–3 s) while the user waits for "
     "POST /orders/{order_id}/sms — move it to a queue")),
    ("cross_module_super", True, ("notifiers/base.py", 20, "OFP102"),
     ("`get` (http, ~0.1–30 s) runs 1 call deeper on the request path of `sms` (POST /orders/{order_id}/sms) "
     "— move it to a queue")),
    ("cross_module_super", True, ("notifiers/base.py", 25, "OFP102"),
     ("`get` (http, ~0.1–30 s) runs here on the request path of `sms` (POST /orders/{order_id}/sms) "
     "— move it to a queue")),
    ("task_called_directly", False, ("shop/services.py", 7, "OFP201"),
     ("task `generate_invoice` is called directly, so it runs inline while the user waits for "
     "/orders/<int:order_id>/pay/ — dispatch it with the celery queue instead")),
    ("orm_argument", False, ("shop/views.py", 21, "OFP202"),
     ("`sync_customer` is given a `Customer` object: pass its id and load it in the task "
     "(the worker would see stale data or fail to serialise it)")),
    ("atomic_dispatch", False, ("shop/views.py", 27, "OFP203"),
     ("`export_order` is dispatched inside `transaction.atomic()`: the worker may run before the commit "
     "— wrap it in `transaction.on_commit(...)`")),
    ("fire_and_forget", False, ("background.py", 15, "OFP204"),
     ("`concurrent.futures.ThreadPoolExecutor.submit` starts fire-and-forget work on the request path of "
     "POST /signup: it is lost if the worker restarts — use a durable queue")),
])
def test_finding_message(case: str, hops: bool, where: tuple[str, int, str], message: str) -> None:
    assert message in _messages(case, hops)[where]


def test_queue_hygiene_messages_come_from_their_rules() -> None:
    assert task_orm_argument.message(task="sync_customer", models=["shop.models.Customer"]) == (
        "`sync_customer` is given a `Customer` object: pass its id and load it in the task "
        "(the worker would see stale data or fail to serialise it)")
    assert task_orm_argument.message(task="t", models=["a.Order", "b.Customer"]).startswith(
        "`t` is given a `Order`, `Customer` object:")
    assert dispatch_in_atomic.message(task="export_order") in _messages("atomic_dispatch")[("shop/views.py", 27, "OFP203")]


def test_side_effect_depth_wording() -> None:
    rule = next(r for r in RULES if r.code == "OFP101")
    values = {"handler": "checkout", "callee": "notify", "sink": "send_mail", "cost": "~1 s", "entry": "/checkout/"}
    assert side_effect.message(rule, depth=0, **values).startswith("`checkout` sends email via `send_mail` directly")
    assert side_effect.message(rule, depth=1, **values).startswith("`notify()` sends email via `send_mail` 1 call deep")
    assert side_effect.message(rule, depth=3, **values).startswith("`notify()` sends email via `send_mail` 3 calls deep")


def test_every_rule_has_a_message_and_a_fix_family_the_rewrites_know() -> None:
    from offpath.analysis.rewrites.api import FIXES

    assert all(rule.message for rule in RULES)
    assert {rule.fix for rule in RULES} <= set(FIXES) | {""}
    assert (families := {rule.code: rule.fix for rule in RULES})["OFP202"] == "ids"
    assert families["OFP203"] == "on_commit"
