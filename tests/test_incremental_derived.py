"""The cutoff on derived answers (`analysis/derived.py`): an edit that changes a name's call sites
but not the values its parameters receive leaves the parameters' readers alone; one that changes
the values re-resolves them, through parameters that pass them on too. Every step equals a fresh
analysis of the same texts.
"""

from __future__ import annotations

import os

from differential import entry_rows, finding_rows, fresh, write

SERVICE = "def notify(mailer):\n    _send(mailer)\n\n\ndef _send(channel):\n    channel.deliver()\n"
OTHERS = ("from app.mail import Mailer\nfrom app.service import notify\n\n\n"
          "def again():\n    notify(Mailer())\n    notify(Mailer())\n    return None\n")


def _project(root: str) -> tuple[str, str]:
    os.makedirs(os.path.join(root, "app"))
    write(os.path.join(root, "app", "__init__.py"), "")
    write(os.path.join(root, "app", "mail.py"),
          "from django.core.mail import send_mail\n\n\nclass Mailer:\n    def deliver(self):\n"
          "        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n\n\n"
          "class Quiet:\n    def deliver(self):\n        return None\n")
    write(os.path.join(root, "app", "service.py"), SERVICE)
    write(os.path.join(root, "app", "views.py"),
          "from django.http import HttpResponse\n\nfrom app.mail import Mailer\nfrom app.service import notify\n\n\n"
          "def signup(request):\n    notify(Mailer())\n    return HttpResponse('ok')\n")
    write(os.path.join(root, "app", "urls.py"),
          "from django.urls import path\n\nfrom app import views\n\nurlpatterns = [path('signup/', views.signup)]\n")
    others = os.path.join(root, "app", "others.py")
    write(others, OTHERS)
    return others, os.path.join(root, "app", "service.py")


def _same_as_fresh(project, root: str) -> None:
    expected = fresh(root, hops=True)
    assert finding_rows(project, root) == finding_rows(expected, root)
    assert entry_rows(project, root) == entry_rows(expected, root)


def test_a_call_site_removed_with_the_same_values_leaves_the_parameters_readers_alone(tmp_path) -> None:
    root = str(tmp_path / "flow")
    others, service = _project(root)
    project = fresh(root, hops=True)
    functions = project.facts[service].functions
    notify, send = functions["app.service.notify"], functions["app.service._send"]
    steps = [
        (OTHERS.replace("    notify(Mailer())\n", "", 1), True),  # one `notify(Mailer())` fewer
        (OTHERS, True),
        (OTHERS.replace("notify(Mailer())", "notify(Quiet())").replace(
            "import Mailer", "import Quiet"), False),  # `Quiet` reaches both parameters now
        (OTHERS, False),
        (OTHERS.replace("    return None\n", "    notify(Mailer())\n    return None\n"), True),
    ]
    for text, kept in steps:
        project.update(others, text)
        write(others, text)
        _same_as_fresh(project, root)
        functions = project.facts[service].functions
        assert functions["app.service.notify"] is notify  # calls `_send` whatever `mailer` holds
        # `_send` reads `notify`'s parameter through its own: resolved again only when it changed.
        assert (functions["app.service._send"] is send) == kept
        send = functions["app.service._send"]
    assert any(f.code == "OFP101" and f.path.endswith("views.py") for found in project.all_findings().values() for f in found)


def test_a_clone_checks_its_own_answers(tmp_path) -> None:
    """The table of kept answers is copied with the project: a clone's edits leave the original's
    answers as they were, so the original's next edit still compares with its own."""
    root = str(tmp_path / "flow")
    others, _ = _project(root)
    project = fresh(root, hops=True)
    twin = project.clone()
    quiet = OTHERS.replace("notify(Mailer())", "notify(Quiet())").replace("import Mailer", "import Quiet")
    twin.update(others, quiet)
    project.update(others, quiet)
    write(others, quiet)
    _same_as_fresh(project, root)
    _same_as_fresh(twin, root)


BASE = ("from django.core.mail import send_mail\n\n\n"
        "class Mailer:\n    def deliver(self):\n        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n\n\n"
        "class Quiet:\n    def deliver(self):\n        return None\n\n\n"
        "class Base:\n    def dispatch(self, request, channel):\n        return self.handle(request, channel)\n\n"
        "    def handle(self, request, channel):\n        return None\n\n\n"
        "class Middle(Base):\n    def dispatch(self, request, channel):\n        return super().dispatch(request, channel)\n")
VIEWS = ("from django.http import HttpResponse\n\nfrom app.base import Mailer, Middle, Quiet\n\n\n"
         "class Signup(Middle):\n    def dispatch(self, request, channel):\n        return super().dispatch(request, channel)\n\n"
         "    def handle(self, request, channel):\n        channel.deliver()\n        return HttpResponse('ok')\n\n\n"
         "def signup(request):\n    return Signup().dispatch(request, Quiet())\n")


def test_a_chain_of_super_calls_into_a_hook_matches_a_fresh_analysis(tmp_path) -> None:
    """What a template method passes a hook is read in a resolver narrowed to the subclass; its
    answers over `dispatch`'s callers are kept under derived keys of their own, and an edit that
    changes what the chain of `super().dispatch(...)` calls passes is checked through every link
    (each answer found changed sends its readers to be checked again)."""
    root = str(tmp_path / "chain")
    os.makedirs(os.path.join(root, "app"))
    write(os.path.join(root, "app", "__init__.py"), "")
    base, views = os.path.join(root, "app", "base.py"), os.path.join(root, "app", "views.py")
    write(base, BASE)
    write(views, VIEWS)
    write(os.path.join(root, "app", "urls.py"),
          "from django.urls import path\n\nfrom app import views\n\nurlpatterns = [path('signup/', views.signup)]\n")
    project = fresh(root, hops=True)
    assert any("@" in derived for derived in project.graph._params.answers)  # a narrowed answer kept
    mailer = VIEWS.replace("Signup().dispatch(request, Quiet())", "Signup().dispatch(request, Mailer())")
    cut = BASE.replace("        return super().dispatch(request, channel)\n", "        return None\n")
    steps = [(views, mailer), (base, cut), (base, BASE), (views, VIEWS), (base, cut), (views, mailer), (base, BASE)]
    reported = []
    for path, text in steps:
        project.update(path, text)
        write(path, text)
        _same_as_fresh(project, root)
        reported.append(any(f.code == "OFP101" for found in project.all_findings().values() for f in found))
    assert reported[0] and not reported[1]  # the Mailer reaches the hook's send_mail through the chain
