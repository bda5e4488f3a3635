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
