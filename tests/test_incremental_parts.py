"""The shortcuts of one edit's pass give what a fresh analysis of the same texts gives.

A file that only read something an edit changed is resolved again in part: just the functions
(and its own entries and receivers) whose recorded reads meet the changed keys; the resolver's
answers are checked lazily against what changed since they were computed. Each test edits, then
compares the findings and entry points with a new `Project` loaded from the same texts, and checks
that the shortcut was taken (the untouched functions keep their facts).
"""

from __future__ import annotations

import os

from differential import PROJECTS, copy_tree, entry_rows, finding_rows, fresh, write
from offpath.analysis.project import read_source

CASE = os.path.join(PROJECTS, "django_urls_three_deep")


def _same_as_fresh(project, root: str) -> None:
    expected = fresh(root, hops=True)
    assert finding_rows(project, root) == finding_rows(expected, root)
    assert entry_rows(project, root) == entry_rows(expected, root)


def test_a_reader_file_resolves_again_only_the_functions_that_read_the_edited_method(tmp_path) -> None:
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    mail = os.path.join(root, "shop", "notifications", "mail.py")
    orders = os.path.join(root, "shop", "services", "orders.py")
    original = read_source(mail)
    before = dict(project.facts[orders].functions)
    # The method's parameters change (its key), not the module: orders.py's `_notify` read it.
    edited = original.replace('def send(self, to, subject, body="Thanks for shopping with us."):',
                              'def send(self, to, subject, body="Thanks!", cc=None):')
    assert edited != original
    project.update(mail, edited)
    write(mail, edited)
    after = project.facts[orders].functions
    assert after["shop.services.orders.OrderService.status"] is before["shop.services.orders.OrderService.status"]
    assert after["shop.services.orders.OrderService._persist"] is before["shop.services.orders.OrderService._persist"]
    assert after["shop.services.orders.OrderService._notify"] is not before["shop.services.orders.OrderService._notify"]
    _same_as_fresh(project, root)
    # Removing the sink from the method the reader calls: the view's finding goes, as in a fresh run.
    removed = edited.replace("send_mail(subject, body, self.sender, [to])", "print(subject, body, self.sender, [to])")
    project.update(mail, removed)
    write(mail, removed)
    _same_as_fresh(project, root)
    assert not any(f.code.startswith("OFP1") for found in project.all_findings().values() for f in found)
    project.update(mail, original)
    write(mail, original)
    _same_as_fresh(project, root)
    assert any(f.code == "OFP101" for found in project.all_findings().values() for f in found)


def test_answers_kept_across_many_edits_are_dropped_when_what_they_read_changed(tmp_path) -> None:
    """The lazy check of kept answers compares with everything changed since each was computed:
    an answer skipped by several edits is still dropped by the first of them that changed its read."""
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    mail = os.path.join(root, "shop", "notifications", "mail.py")
    views = os.path.join(root, "shop", "views.py")
    mail_text, views_text = read_source(mail), read_source(views)
    steps = [
        (mail, mail_text.replace("def send(self, to, subject,", "def deliver(self, to, subject,")),
        (views, views_text + "\n\ndef extra(request):\n    return None\n"),
        (views, views_text + "\n\ndef extra(request):\n    return 1\n"),
        (mail, mail_text),
        (views, views_text),
    ]
    for path, text in steps:
        project.update(path, text)
        write(path, text)
        _same_as_fresh(project, root)


def _called_from_many_places(root: str, extra: int) -> tuple[str, str]:
    """A view hands a mailer to `Notifier.notify`; `extra` other places call `notify` too (one per
    line). A method: every `x.notify(...)` anywhere may call it, so the cap applies to all of them."""
    os.makedirs(os.path.join(root, "app"))
    write(os.path.join(root, "app", "__init__.py"), "")
    write(os.path.join(root, "app", "mail.py"),
          "from django.core.mail import send_mail\n\n\nclass Mailer:\n    def deliver(self):\n"
          "        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n")
    write(os.path.join(root, "app", "service.py"),
          "class Notifier:\n    def notify(self, mailer):\n        mailer.deliver()\n")
    write(os.path.join(root, "app", "views.py"),
          "from django.http import HttpResponse\n\nfrom app.mail import Mailer\nfrom app.service import Notifier\n\n\n"
          "def signup(request):\n    Notifier().notify(Mailer())\n    return HttpResponse('ok')\n")
    write(os.path.join(root, "app", "urls.py"),
          "from django.urls import path\n\nfrom app import views\n\nurlpatterns = [path('signup/', views.signup)]\n")
    others = os.path.join(root, "app", "others.py")
    write(others, _others(extra))
    return others, os.path.join(root, "app", "service.py")


def _others(count: int) -> str:
    return "from app.service import Notifier\n\n\ndef many(n):\n" + "".join("    n.notify(None)\n" for _ in range(count)) + "    return None\n"


def test_a_name_called_from_more_places_than_the_cap_is_not_resolved_again_until_the_count_crosses_it(tmp_path) -> None:
    """Over MAX_CALL_SITES a parameter gets no argument flow: removing one of 40 callers changes
    nothing its readers saw, so they keep their facts; crossing the cap re-resolves them, and at
    every step the findings are a fresh analysis' (the view's email appears once flow is back)."""
    from offpath.analysis.dependencies import MAX_CALL_SITES

    root = str(tmp_path / "many")
    others, service = _called_from_many_places(root, MAX_CALL_SITES + 3)  # + the view's own call
    project = fresh(root, hops=True)
    notify = "app.service.Notifier.notify"
    for count in range(MAX_CALL_SITES + 2, MAX_CALL_SITES - 3, -1):
        before = project.facts[service].functions[notify]
        project.update(others, _others(count))
        write(others, _others(count))
        _same_as_fresh(project, root)
        if count + 1 > MAX_CALL_SITES:  # still over the cap, with the view's call
            assert project.facts[service].functions[notify] is before
    assert any(f.code == "OFP101" and f.path.endswith("views.py") for found in project.all_findings().values() for f in found)
    for count in range(MAX_CALL_SITES - 2, MAX_CALL_SITES + 3):
        project.update(others, _others(count))
        write(others, _others(count))
        _same_as_fresh(project, root)


def test_a_module_function_with_a_common_name_keeps_the_flow_of_the_modules_that_import_it(tmp_path) -> None:
    """`notify` is called in 40 places that cannot mean `app.service.notify` (they call their own
    `notify`): the view's call still gives its parameter the mailer. When those places start
    importing it, they are callers too, over the cap, and the flow goes; back, it returns. Every
    step equals a fresh analysis."""
    from offpath.analysis.dependencies import MAX_CALL_SITES

    root = str(tmp_path / "common")
    others, _service = _called_from_many_places(root, 0)
    write(os.path.join(root, "app", "service.py"), "def notify(mailer):\n    mailer.deliver()\n")
    write(os.path.join(root, "app", "views.py"),
          "from django.http import HttpResponse\n\nfrom app.mail import Mailer\nfrom app.service import notify\n\n\n"
          "def signup(request):\n    notify(Mailer())\n    return HttpResponse('ok')\n")
    calls = "".join("    notify(None)\n" for _ in range(MAX_CALL_SITES + 8))
    own = "def notify(x):\n    return x\n\n\ndef many():\n" + calls
    imported = "from app.service import notify\n\n\ndef many():\n" + calls
    write(others, own)
    project = fresh(root, hops=True)

    def view_sends() -> bool:
        return any(f.code == "OFP101" and f.path.endswith("views.py") for found in project.all_findings().values() for f in found)

    assert view_sends()
    for text, sends in ((imported, False), (own, True)):
        project.update(others, text)
        write(others, text)
        _same_as_fresh(project, root)
        assert view_sends() is sends


def test_a_urlconf_is_not_resolved_again_when_a_routed_view_changes_only_its_body(tmp_path) -> None:
    """A URLconf reads a view by its name: its head (that it is a `def`, its decorators). A new
    local in the view leaves the URLconf's facts alone; a decorator change re-resolves it; every
    step equals a fresh analysis."""
    root = copy_tree(CASE, tmp_path)
    project = fresh(root, hops=True)
    views = os.path.join(root, "shop", "views.py")
    urls = os.path.join(root, "shop", "urls.py")
    original = read_source(views)
    before = project.facts[urls]
    # A new local on the same line (no `def` below moves).
    body = original.replace("    service = OrderService()\n    order_id", "    service = placed = OrderService()\n    order_id", 1)
    assert body != original
    project.update(views, body)
    write(views, body)
    assert project.facts[urls] is before
    _same_as_fresh(project, root)
    undecorated = body.replace("@require_POST\n", "", 1)
    project.update(views, undecorated)
    write(views, undecorated)
    assert project.facts[urls] is not before
    _same_as_fresh(project, root)
    project.update(views, original)
    write(views, original)
    _same_as_fresh(project, root)


BASE = '''import time


class Base:
    def dispatch(self, request):
        response = None
        if request:
            time.sleep(1)
            response = self.prepare(request)
        return response

    def prepare(self, request):
        return request
'''

SUB = '''from base import Base


class Sub(Base):
    def prepare(self, request):
        return self.helper(request)


class Leaf(Sub):
    def __init__(self):
        self.helper = print
'''


def test_a_line_deleted_in_a_base_method_leaves_a_subclass_reading_attributes_alone(tmp_path) -> None:
    """`self.helper` no class of `Sub`'s MRO sets is read from the subclasses; whether a base's
    method sets it is read from the class's key (its methods' `self.x` stores), not from each
    method's own key, which the deleted line changes (a binding's block got shorter)."""
    from offpath.analysis.dependencies import changed_keys

    root = os.path.join(str(tmp_path), "case")
    os.makedirs(root)
    base, sub = os.path.join(root, "base.py"), os.path.join(root, "sub.py")
    write(base, BASE)
    write(sub, SUB)
    project = fresh(root, hops=True)
    facts = project.facts[sub]
    edited = BASE.replace("            time.sleep(1)\n", "")
    old = project.summary(base)
    project.update(base, edited)
    assert "base:Base.dispatch" in changed_keys(old, project.summary(base))
    assert project.facts[sub] is facts  # not resolved again
    write(base, edited)
    _same_as_fresh(project, root)
    project.update(base, BASE)
    write(base, BASE)
    _same_as_fresh(project, root)
