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


MAIL = ("from django.core.mail import send_mail\n\n\n"
        "class Mailer:\n    def deliver(self):\n        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n\n\n"
        "class Quiet:\n    def deliver(self):\n        return None\n")
OWN = ("from functools import wraps\n\nfrom app.mail import Mailer, Quiet\n\n\n"
       "def deco(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        return f(Quiet(), *args, **kwargs)\n\n"
       "    return wrapper\n\n\n"
       "@deco\ndef notify(mailer=None):\n    return mailer\n\n\n"
       "def run(callback):\n    callback(Mailer())\n\n\n"
       "def on_done(channel):\n    return channel\n\n\n"
       "def other(channel):\n    return None\n\n\n"
       "def start():\n    run(on_done)\n\n\n"
       "def unrelated(mailer):\n    mailer.deliver()\n")
OWN_VIEWS = ("from django.http import HttpResponse\n\nfrom app.mail import Mailer, Quiet\n"
             "from app.own import notify, on_done, start, unrelated\n\n\n"
             "def signup(request):\n    notify().deliver()\n    start()\n    unrelated(Mailer())\n    return HttpResponse('ok')\n\n\n"
             "def done(request):\n    on_done(Quiet()).deliver()\n    return HttpResponse('ok')\n")


def _own_project(root: str) -> str:
    os.makedirs(os.path.join(root, "app"))
    write(os.path.join(root, "app", "__init__.py"), "")
    write(os.path.join(root, "app", "mail.py"), MAIL)
    write(os.path.join(root, "app", "own.py"), OWN)
    write(os.path.join(root, "app", "views.py"), OWN_VIEWS)
    write(os.path.join(root, "app", "urls.py"),
          "from django.urls import path\n\nfrom app import views\n\n"
          "urlpatterns = [path('signup/', views.signup), path('done/', views.done)]\n")
    return os.path.join(root, "app", "own.py")


def _checked(project, monkeypatch) -> list[tuple]:
    """The answers over callers the next edit computes again to compare (`Graph._changed_parameters`)."""
    from offpath.analysis.resolve import Resolver

    asked: list[tuple] = []
    again = Resolver.derived_again

    def spy(self, key):
        asked.append(key)
        return again(self, key)

    monkeypatch.setattr(Resolver, "derived_again", spy)
    return asked


def test_an_edit_in_a_module_checks_only_the_answers_about_the_functions_it_changed(tmp_path, monkeypatch) -> None:
    """An answer over a function's callers reads its own function without a key; what an edit
    changed of that function is what another file's reader would record (its top-level name, a
    method's own key), so a line added to one function of the module leaves the answers about its
    other functions unchecked, and a changed default is checked and seen."""
    root = str(tmp_path / "own")
    own = _own_project(root)
    project = fresh(root, hops=True)
    assert ("param", "app.own", "unrelated", "mailer") in {a[0] for a in project.graph._params.answers.values()}
    asked = _checked(project, monkeypatch)
    elsewhere = OWN.replace("def start():\n", "def start():\n    other(None)\n")
    project.update(own, elsewhere)
    write(own, elsewhere)
    _same_as_fresh(project, root)
    assert ("app.own", "unrelated") not in {key[1:3] for key in asked}
    assert ("app.own", "notify") not in {key[1:3] for key in asked}
    asked.clear()
    default = elsewhere.replace("def unrelated(mailer):", "def unrelated(mailer=Quiet()):")
    project.update(own, default)
    write(own, default)
    _same_as_fresh(project, root)
    assert ("app.own", "unrelated") in {key[1:3] for key in asked}


def test_what_a_module_reads_of_its_other_functions_is_checked_when_they_change(tmp_path) -> None:
    """Reads of the module's other functions are recorded like another file's: a wrapper's call
    of the function it wraps (the `calls:` key of its parameter's name) and the caller that hands a
    function on (`run(on_done)` in `start`). Changing either, each step equals a fresh analysis."""
    root = str(tmp_path / "own")
    own = _own_project(root)
    project = fresh(root, hops=True)
    wrapped = OWN.replace("f(Quiet(), *args", "f(Mailer(), *args")
    rebound = OWN.replace("def start():\n    run(on_done)", "def start():\n    on_done = other\n    run(on_done)")
    handed = OWN.replace("def start():\n    run(on_done)", "def start():\n    run(on_done)\n    run(other)")
    flagged = []
    for text in (wrapped, OWN, rebound, OWN, handed, rebound, OWN):
        project.update(own, text)
        write(own, text)
        _same_as_fresh(project, root)
        flagged.append({f.span.line for f in project.all_findings()[os.path.join(root, "app", "views.py")]})
    assert 8 in flagged[0] and 8 not in flagged[1]  # `notify()` returns the wrapper's Mailer
    assert 15 in flagged[1] and 15 not in flagged[2]  # `start` no longer hands `run` the `on_done` that gets a Mailer
