"""Reading the project's installed packages: discovery (`--python`, `[tool.offpath] python`,
`$VIRTUAL_ENV`, `.venv`), sinks found through a wrapper library and through re-exports, stub
types, the shared cache, and robustness (nothing from the environment runs; a broken or huge
library file does not stop the analysis). Each test builds its environment in a temp folder."""

from __future__ import annotations

import json
import os
import sys
import textwrap

import pytest
from offpath.analysis.cache import SummaryCache
from offpath.analysis.environment import NoEnvironment, discover
from offpath.analysis.project import Project
from offpath.analysis.project import discover as project_files
from offpath.cli.main import main

PUSH = "OFP106"
PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"

WRAPPER = {
    "mailkit/__init__.py": "from .core import welcome, Mailer\n",
    "mailkit/core.py": """\
        import smtplib


        def _deliver(to):
            server = smtplib.SMTP("localhost")
            server.sendmail("noreply@example.com", to, "hello")


        def welcome(user):
            _deliver(user.email)


        def harmless(user):
            return user.email.lower()


        class Mailer:
            def notify(self, to):
                self._go(to)

            def _go(self, to):
                _deliver(to)
        """,
}

VIEWS = """\
    import mailkit
    from flask import Flask

    app = Flask(__name__)


    @app.route("/signup")
    def signup():
        mailkit.welcome(1)
        mailkit.core.harmless(1)
        return "ok"


    @app.route("/notify")
    def notify():
        mailer = mailkit.Mailer()
        mailer.notify("someone@example.com")
        return "ok"
    """


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))


def make_venv(folder, packages: dict[str, str]) -> str:
    """A virtual environment's layout (pyvenv.cfg, bin/python, site-packages), no interpreter run."""
    site = os.path.join(str(folder), "lib", PY, "site-packages")
    write(site, packages)
    write(folder, {"pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\n", "bin/python": ""})
    return str(folder)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFPATH_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)


def check(capsys, *args) -> list[dict]:
    code = main(["check", "--format", "json", "--exit-zero", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)["findings"]


def lines(findings) -> set[tuple[str, int, str]]:
    return {(os.path.basename(f["path"]), f["line"], f["code"]) for f in findings}


def test_a_sink_behind_a_wrapper_library_is_found_at_the_workspace_call(tmp_path, capsys):
    venv = make_venv(tmp_path / "env", WRAPPER)
    write(tmp_path / "proj", {"views.py": VIEWS})
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 9, "OFP101"), ("views.py", 17, "OFP101")}
    signup = next(f for f in found if f["line"] == 9)
    assert signup["path"].endswith("views.py") and "site-packages" not in signup["path"]
    assert [hop["name"] for hop in signup["sink"]["via"]] == ["mailkit.core.welcome", "mailkit.core._deliver"]
    assert signup["sink"]["api"] == "smtplib.SMTP"
    notify = next(f for f in found if f["line"] == 17)
    assert [hop["name"] for hop in notify["sink"]["via"]] == [
        "mailkit.core.Mailer.notify", "mailkit.core.Mailer._go", "mailkit.core._deliver"]
    # Without the environment the library is opaque: nothing is reported.
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []


def test_library_hops_are_bounded(tmp_path, capsys):
    deep = {"deep/__init__.py": """\
        import smtplib

        def one(): two()
        def two(): three()
        def three(): four()
        def four(): smtplib.SMTP("localhost")
        """}
    venv = make_venv(tmp_path / "env", deep)
    write(tmp_path / "proj", {"views.py": """\
        import deep
        from flask import Flask
        app = Flask(__name__)

        @app.route("/near")
        def near():
            deep.three()

        @app.route("/far")
        def far():
            deep.one()
        """})
    assert lines(check(capsys, str(tmp_path / "proj"), "--python", venv)) == {("views.py", 7, "OFP101")}


def test_a_reexport_is_one_sink_with_its_defining_module(tmp_path, capsys):
    # The table names `emails.Message.send`; the code reaches it by its defining module, a
    # private one no table knows: only the environment's re-export folds it.
    lib = {
        "emails/__init__.py": "from ._core import Message\n",
        "emails/_core.py": "class Message:\n    def send(self, to=None):\n        return self\n",
    }
    venv = make_venv(tmp_path / "env", lib)
    write(tmp_path / "proj", {"views.py": """\
        import emails._core
        from flask import Flask
        app = Flask(__name__)

        @app.route("/a")
        def a():
            emails._core.Message().send(to="x")

        @app.route("/b")
        def b():
            emails._core.Message()
        """})
    assert lines(check(capsys, str(tmp_path / "proj"), "--python", venv)) == {("views.py", 7, "OFP101")}
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []


def test_a_configured_sink_folds_through_reexports_too(tmp_path, capsys):
    lib = {"notifykit/__init__.py": "from ._impl import Hub\n", "notifykit/_impl.py": "class Hub:\n    def ping(self): pass\n"}
    venv = make_venv(tmp_path / "env", lib)
    write(tmp_path / "proj", {
        "pyproject.toml": '[tool.offpath]\npython = "../env"\nsinks = {"notifykit.Hub.ping" = "push"}\n',
        "views.py": """\
            from notifykit._impl import Hub
            from flask import Flask
            app = Flask(__name__)

            @app.route("/a")
            def a():
                Hub().ping()
            """,
    })
    assert os.path.isdir(venv)
    assert lines(check(capsys, str(tmp_path / "proj"))) == {("views.py", 7, PUSH)}


def test_stubs_give_the_return_type_the_source_hides(tmp_path, capsys):
    lib = {
        "mkmail/__init__.py": "def build(**kwargs):\n    return getattr(_registry, 'factory')(**kwargs)\n",
        "mkmail-stubs/__init__.pyi": (
            "from django.core.mail import EmailMultiAlternatives\n"
            "def build(**kwargs) -> EmailMultiAlternatives: ...\n"
        ),
        "imagelib/__init__.py": """\
            class Picture:
                def crop(self, box) -> Picture:
                    return self

            def open(path) -> Picture:
                return _decode(path)
            """,
    }
    venv = make_venv(tmp_path / "env", lib)
    write(tmp_path / "proj", {"views.py": """\
        import mkmail
        from flask import Flask
        app = Flask(__name__)

        @app.route("/a")
        def a():
            mkmail.build(to=["x"]).send()
        """})
    assert lines(check(capsys, str(tmp_path / "proj"), "--python", venv)) == {("views.py", 7, "OFP101")}
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []


def test_annotated_returns_of_an_image_library_reach_the_table(tmp_path, capsys):
    lib = {"PIL/__init__.py": "", "PIL/Image.py": """\
        class Image:
            def crop(self, box) -> Image:
                return self._new(box)

            def save(self, fp):
                pass

        def open(fp) -> Image:
            return _decode(fp)
        """}
    venv = make_venv(tmp_path / "env", lib)
    write(tmp_path / "proj", {"views.py": """\
        from PIL import Image
        from flask import Flask
        app = Flask(__name__)

        @app.route("/a")
        def a():
            picture = Image.open("in.png")
            smaller = picture.crop((0, 0, 1, 1))
            smaller.rotate(90)
            return "ok"
        """})
    found = lines(check(capsys, str(tmp_path / "proj"), "--python", venv))
    assert found == {("views.py", 8, "OFP104"), ("views.py", 9, "OFP104")}


def test_a_library_function_calling_a_method_of_its_argument_runs_the_workspace_method(tmp_path, capsys):
    """An installed function that calls a method of an argument (`obj.save()` in an admin base's
    `save_model`) runs the method of what the workspace hands it: through `super()` of a workspace
    subclass and through a plain call. A quiet object handed over stays quiet; without the
    environment the library is opaque."""
    lib = {"adminkit/__init__.py": "from .options import ModelAdmin, persist\n", "adminkit/options.py": """\
        class ModelAdmin:
            def save_model(self, request, obj, form, change):
                obj.save()

        def persist(obj):
            obj.save()
        """}
    venv = make_venv(tmp_path / "env", lib)
    write(tmp_path / "proj", {"views.py": """\
        import smtplib
        from flask import Flask
        from adminkit import ModelAdmin, persist
        app = Flask(__name__)

        class Order:
            def save(self):
                smtplib.SMTP("localhost").sendmail("a", "b", "saved")

        class Note:
            def save(self):
                return self

        class OrderAdmin(ModelAdmin):
            def save_model(self, request, obj, form, change):
                super().save_model(request, obj, form, change)

        @app.route("/admin")
        def admin_save():
            OrderAdmin().save_model(None, Order(), None, True)
            return "ok"

        @app.route("/persist")
        def persist_order():
            persist(Order())
            return "ok"

        @app.route("/note")
        def persist_note():
            persist(Note())
            return "ok"
        """})
    found = lines(check(capsys, str(tmp_path / "proj"), "--python", venv))
    assert found == {("views.py", 20, "OFP101"), ("views.py", 25, "OFP101")}
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []


def test_python_discovery_order(tmp_path, monkeypatch):
    explicit = make_venv(tmp_path / "explicit", {"a.py": ""})
    virtual = make_venv(tmp_path / "active", {"b.py": ""})
    project = tmp_path / "proj"
    local = make_venv(project / ".venv", {"c.py": ""})
    site = lambda folder: os.path.join(folder, "lib", PY, "site-packages")
    # An interpreter path or an environment folder, explicitly.
    assert discover(os.path.join(explicit, "bin", "python"), str(project)).paths == (site(explicit),)
    assert discover(explicit, str(project)).paths == (site(explicit),)
    monkeypatch.setenv("VIRTUAL_ENV", virtual)
    found = discover("", str(project))
    assert (found.paths, found.origin) == ((site(virtual),), "VIRTUAL_ENV")
    monkeypatch.delenv("VIRTUAL_ENV")
    found = discover("", str(project))
    assert (found.paths, found.origin) == ((site(local),), ".venv")
    found = discover("", str(tmp_path / "elsewhere"))
    assert found.origin == "interpreter"
    assert discover("", str(tmp_path / "elsewhere"), fallback=False) is None
    with pytest.raises(NoEnvironment):
        discover(str(tmp_path / "missing"), str(project))


def test_a_non_venv_interpreter_is_asked_isolated_for_its_paths():
    base = getattr(sys, "_base_executable", "") or sys.executable
    found = discover(base, None)
    assert found.paths and all(os.path.isdir(p) for p in found.paths)


def test_cli_discovers_dot_venv_and_virtual_env(tmp_path, capsys, monkeypatch):
    write(tmp_path / "proj", {"views.py": VIEWS})
    make_venv(tmp_path / "proj" / ".venv", WRAPPER)
    assert len(check(capsys, str(tmp_path / "proj"))) == 2
    other = tmp_path / "proj2"
    write(other, {"views.py": VIEWS})
    assert check(capsys, str(other)) == []
    monkeypatch.setenv("VIRTUAL_ENV", make_venv(tmp_path / "active", WRAPPER))
    assert len(check(capsys, str(other))) == 2


def test_cli_reports_a_bad_python(tmp_path, capsys):
    write(tmp_path / "proj", {"views.py": VIEWS})
    code = main(["check", str(tmp_path / "proj"), "--python", str(tmp_path / "nope")])
    assert code == 2
    assert "not a Python interpreter or environment" in capsys.readouterr().err


def test_nothing_from_the_environment_runs(tmp_path, capsys):
    marker = tmp_path / "ran"
    hostile = dict(WRAPPER)
    hostile["mailkit/__init__.py"] = (
        f"open({str(marker)!r}, 'w').close()\nfrom .core import welcome, Mailer\n")
    hostile["zz_hook.pth"] = f"import os; open({str(marker)!r}, 'w').close()\n"
    hostile["sitecustomize.py"] = f"open({str(marker)!r}, 'w').close()\n"
    venv = make_venv(tmp_path / "env", hostile)
    write(tmp_path / "proj", {"views.py": VIEWS})
    assert len(check(capsys, str(tmp_path / "proj"), "--python", venv)) == 2
    assert not marker.exists()


def test_the_cache_is_shared_by_a_second_project(tmp_path):
    venv = make_venv(tmp_path / "env", WRAPPER)
    cache_dir = str(tmp_path / "shared")
    counts = []
    for name in ("first", "second"):
        write(tmp_path / name, {"views.py": VIEWS})
        project = Project([str(tmp_path / name)], environment=discover(venv), library_cache=SummaryCache(cache_dir))
        project.load(project_files([str(tmp_path / name)]))
        assert len([f for found in project.all_findings().values() for f in found]) == 2
        library = project.index.library
        counts.append((library.summarised, library.cache.hits))
    (first_made, first_hits), (second_made, second_hits) = counts
    assert first_made >= 2 and first_hits == 0
    assert second_made == 0 and second_hits >= 2


def test_a_broken_or_huge_library_file_does_not_stop_the_analysis(tmp_path, capsys):
    lib = dict(WRAPPER)
    lib["broken/__init__.py"] = "def oops(:\n    pass\n"
    lib["huge/__init__.py"] = "X = 1\n" + "# padding\n" * 600_000
    venv = make_venv(tmp_path / "env", lib)
    views = textwrap.dedent(VIEWS) + textwrap.dedent("""\


        @app.route("/other")
        def other():
            import broken, huge
            broken.oops()
            huge.X()
            mailkit.welcome(2)
        """)
    write(tmp_path / "proj", {"views.py": views})
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 9, "OFP101"), ("views.py", 17, "OFP101"), ("views.py", 26, "OFP101")}
    project = Project([str(tmp_path / "proj")], environment=discover(venv))
    project.load(project_files([str(tmp_path / "proj")]))
    skipped = {os.path.basename(os.path.dirname(p)) for p in project.index.library.skipped}
    assert skipped == {"broken", "huge"}


WIZARD = {
    "formtools/__init__.py": "",
    "formtools/wizard/__init__.py": "",
    "formtools/wizard/views.py": """\
        class WizardView:
            def post(self, *args, **kwargs):
                form = self.get_form(data=self.request.POST)
                if form.is_valid():
                    if self.steps.current == self.steps.last:
                        return self.render_done(form, **kwargs)
                    return self.render_next_step(form)
                return self.render(form)

            def get_form(self, data=None):
                return None

            def render_next_step(self, form, **kwargs):
                return self.render(form)

            def render_done(self, form, **kwargs):
                return self.done([form], **kwargs)

            def done(self, form_list, **kwargs):
                raise NotImplementedError

            def render(self, form=None, **kwargs):
                return None


        class SessionWizardView(WizardView):
            pass
        """,
}

WIZARD_PROJECT = {
    "shop/__init__.py": "",
    "shop/urls.py": """\
        from django.urls import path

        from .views import QuietWizard, SignupWizard

        urlpatterns = [
            path("signup/", SignupWizard.as_view([])),
            path("quiet/", QuietWizard.as_view([])),
        ]
        """,
    "shop/views.py": """\
        import requests
        from django.core.mail import send_mail
        from formtools.wizard.views import SessionWizardView


        class SignupWizard(SessionWizardView):
            def done(self, form_list, **kwargs):
                send_mail("Welcome", "hi", "shop@example.com", ["someone@example.com"])
                return None

            def render_next_step(self, form, **kwargs):
                requests.post("https://crm.example.com/progress", json={})
                return super().render_next_step(form, **kwargs)


        class QuietWizard(SessionWizardView):
            def done(self, form_list, **kwargs):
                return None

            def preview(self):
                send_mail("Preview", "hi", "shop@example.com", ["someone@example.com"])
        """,
}


def test_an_installed_base_class_calls_the_projects_override(tmp_path, capsys):
    """A form wizard's `post()` lives in the library and calls `self.done()` and
    `self.render_next_step()`: with the environment its methods join the view's MRO, so the walk
    from the routed view reaches the project's overrides. The finding stands in the override (the
    first workspace location); its chain names the library's hops, none of it is published there."""
    venv = make_venv(tmp_path / "env", WIZARD)
    write(tmp_path / "proj", WIZARD_PROJECT)
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 8, "OFP101"), ("views.py", 12, "OFP102")}
    done = next(f for f in found if f["line"] == 8)
    assert ["site-packages" in hop["path"] for hop in done["chain"]] == [True, True, False]
    names = [hop["name"] for hop in done["chain"]]
    assert names == ["formtools.wizard.views.WizardView.post", "formtools.wizard.views.WizardView.render_done",
                     "shop.views.SignupWizard.done"]
    assert done["entry"]["route"] == "/signup/"
    assert done["message"].startswith("`SignupWizard.done` sends email via `send_mail` directly")
    assert all("site-packages" not in f["path"] for f in found)
    # `QuietWizard.preview` is never called by the library: no finding. Without the environment
    # the wizard's `post()` is unknown and nothing is reached.
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []


MIXINS = {
    "restkit/__init__.py": "",
    "restkit/mixins.py": """\
        class CreateMixin:
            def create(self, request, *args, **kwargs):
                serializer = self.get_serializer(data=request.data)
                self.after_validation(serializer)
                return self.respond(serializer)

            def after_validation(self, serializer):
                serializer.save()

            def respond(self, serializer):
                return serializer.data
        """,
}


def test_an_installed_mixin_reaches_the_override_of_the_served_class_only(tmp_path, capsys):
    """`self.after_validation()` in an installed mixin's `create()` runs the override of the class
    the router serves, not a sibling's: `self` is the concrete view class."""
    venv = make_venv(tmp_path / "env", MIXINS)
    write(tmp_path / "proj", {
        "api/__init__.py": "",
        "api/views.py": """\
            import requests
            from rest_framework import routers, viewsets
            from restkit.mixins import CreateMixin


            class OrderViewSet(CreateMixin, viewsets.GenericViewSet):
                def after_validation(self, serializer):
                    requests.post("https://erp.example.com/orders", json={})


            class DraftViewSet(CreateMixin, viewsets.GenericViewSet):
                def respond(self, serializer):
                    return {}


            class Unused(CreateMixin):
                def after_validation(self, serializer):
                    requests.post("https://erp.example.com/unused", json={})


            router = routers.DefaultRouter()
            router.register("orders", OrderViewSet)
            router.register("drafts", DraftViewSet)
            """,
    })
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 8, "OFP102")}
    (only,) = found
    assert only["entry"]["route"] == "/orders" and only["entry"]["methods"] == ["POST"]
    assert [hop["name"] for hop in only["chain"]] == ["restkit.mixins.CreateMixin.create", "api.views.OrderViewSet.after_validation"]


def test_graph_reads_the_environment_like_check(tmp_path, capsys):
    """`offpath graph --python ENV` ends the wrapper's call at the sink the library hides; with
    `--no-environment` the call into the library is no edge at all."""
    venv = make_venv(tmp_path / "env", WRAPPER)
    write(tmp_path / "proj", {"views.py": VIEWS})
    assert main(["graph", str(tmp_path / "proj"), "--python", venv]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert graph["views.signup"] == ["smtplib.SMTP"]
    assert main(["graph", str(tmp_path / "proj"), "--no-environment"]) == 0
    assert json.loads(capsys.readouterr().out)["views.signup"] == []


BUILDER = {
    "mailbuild/__init__.py": "from .builder import Builder\n",
    "mailbuild/builder.py": """\
        from django.core import mail


        def make_message(to, context):
            message = mail.EmailMultiAlternatives(to=[to])
            message.body = str(context)
            return message


        class Builder:
            def __init__(self, factory=make_message):
                self.build = factory
        """,
}


def test_a_callable_an_installed_class_stores_on_its_instances_gives_its_result(tmp_path, capsys):
    """`builder.build(...)` calls what the installed `Builder.__init__` stored on the instance;
    its result is the library's message, whose `send()` the table knows."""
    venv = make_venv(tmp_path / "env", BUILDER)
    write(tmp_path / "proj", {"views.py": """\
        from flask import Flask
        from mailbuild import Builder

        app = Flask(__name__)
        builder = Builder()


        @app.route("/invite")
        def invite():
            message = builder.build("someone@example.com", {})
            message.send()
            return "ok"
        """})
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 11, "OFP101")}
    assert found[0]["sink"]["api"] == "django.core.mail.EmailMultiAlternatives.send"


DRF = {
    "rest_framework/__init__.py": "",
    "rest_framework/generics.py": """\
        from rest_framework import views


        class GenericAPIView(views.APIView):
            serializer_class = None

            def get_serializer(self, *args, **kwargs):
                return self.serializer_class(*args, **kwargs)

            def get_object(self):
                return self.get_queryset().get()
        """,
    "rest_framework/views.py": """\
        class APIView:
            pass
        """,
    "rest_framework/mixins.py": """\
        class CreateModelMixin:
            def create(self, request, *args, **kwargs):
                serializer = self.get_serializer(data=request.data)
                self.perform_create(serializer)
                return serializer.data

            def perform_create(self, serializer):
                serializer.save()


        class UpdateModelMixin:
            def update(self, request, *args, **kwargs):
                serializer = self.get_serializer(self.get_object(), data=request.data)
                self.perform_update(serializer)
                return serializer.data

            def perform_update(self, serializer):
                serializer.save()


        class DestroyModelMixin:
            def destroy(self, request, *args, **kwargs):
                instance = self.get_object()
                self.perform_destroy(instance)

            def perform_destroy(self, instance):
                instance.delete()
        """,
    "rest_framework/viewsets.py": """\
        from rest_framework import generics, mixins


        class GenericViewSet(generics.GenericAPIView):
            pass


        class ModelViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, GenericViewSet):
            pass
        """,
    "rest_framework/routers.py": """\
        class DefaultRouter:
            def register(self, prefix, viewset, basename=None):
                pass
        """,
    "rest_framework/serializers.py": """\
        class ModelSerializer:
            def save(self, **kwargs):
                return self.create(kwargs)

            def create(self, validated_data):
                return self.Meta.model.objects.create(**validated_data)
        """,
}


def test_drf_hooks_a_view_inherits_save_its_serializer_and_delete_its_model(tmp_path, capsys):
    """A viewset that inherits DRF's `perform_create`/`perform_destroy` unchanged saves its own
    serializer (its model's save receivers run) and deletes its own model (the delete receivers
    run); a view that overrides the hook runs its override instead."""
    venv = make_venv(tmp_path / "env", DRF)
    write(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/views.py": """\
            import requests
            from django.db import models
            from django.db.models.signals import post_delete, post_save
            from django.dispatch import receiver
            from rest_framework import routers, serializers, viewsets


            class Order(models.Model):
                total = models.IntegerField()


            @receiver(post_save, sender=Order)
            def order_saved(sender, instance, **kwargs):
                requests.post("https://erp.example.com/orders", json={})


            @receiver(post_delete, sender=Order)
            def order_deleted(sender, instance, **kwargs):
                requests.delete("https://erp.example.com/orders/1")


            class OrderSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Order
                    fields = ("total",)


            class OrderViewSet(viewsets.ModelViewSet):
                serializer_class = OrderSerializer
                queryset = Order.objects.all()


            class QuietOrderViewSet(viewsets.ModelViewSet):
                serializer_class = OrderSerializer
                queryset = Order.objects.all()

                def perform_create(self, serializer):
                    return None

                def perform_destroy(self, instance):
                    return None


            router = routers.DefaultRouter()
            router.register("orders", OrderViewSet)
            router.register("quiet", QuietOrderViewSet)
            """,
    })
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert {(f["entry"]["name"].rsplit(".", 2)[-2:][0], f["sink"]["line"]) for f in found} == {
        ("OrderViewSet", 14), ("OrderViewSet", 19), ("QuietOrderViewSet", 14)}  # its inherited `update` saves



def test_an_installed_viewset_without_an_update_action_runs_no_inherited_perform_update(tmp_path, capsys):
    """The installed DRF decides which inherited hooks run: a `ModelViewSet` that the environment
    builds without `UpdateModelMixin` serves no `update`, so its `perform_update` (which the
    tables would add by the class's name) saves nothing; its installed `create` still saves."""
    drf = dict(DRF)
    drf["rest_framework/viewsets.py"] = DRF["rest_framework/viewsets.py"].replace("mixins.UpdateModelMixin, ", "")
    venv = make_venv(tmp_path / "env", drf)
    write(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/views.py": """\
            import requests
            from django.db import models
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from rest_framework import routers, serializers, viewsets


            class Order(models.Model):
                total = models.IntegerField()


            @receiver(post_save, sender=Order)
            def order_saved(sender, instance, **kwargs):
                requests.post("https://erp.example.com/orders", json={})


            class OrderSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Order
                    fields = ("total",)


            class OrderViewSet(viewsets.ModelViewSet):
                serializer_class = OrderSerializer
                queryset = Order.objects.all()


            router = routers.DefaultRouter()
            router.register("orders", OrderViewSet)
            """,
    })
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert {f["entry"]["name"].rsplit(".", 1)[-1] for f in found} == {"create"}  # not `perform_update`

DJANGO_MANAGERS = {
    "django/__init__.py": "",
    "django/db/__init__.py": "",
    "django/db/models/__init__.py": """\
        from django.db.models.base import Model
        from django.db.models.manager import Manager
        from django.db.models.query import QuerySet
        """,
    "django/db/models/base.py": """\
        class Model:
            def delete(self):
                return None
        """,
    "django/db/models/manager.py": """\
        class BaseManager:
            def get_queryset(self):
                return None


        class Manager(BaseManager):
            pass
        """,
    "django/db/models/query.py": """\
        class QuerySet:
            @classmethod
            def as_manager(cls) -> "BaseManager":
                from django.db.models.manager import BaseManager
                return BaseManager()
        """,
}


def test_a_manager_the_environment_types_as_a_manager_class_hands_out_its_model(tmp_path, capsys):
    """`objects = ProjectQuerySet.as_manager()` where the installed Django says `as_manager()`
    returns a `BaseManager`: still the model's manager, so iterating a custom queryset method
    gives the model's instances and deleting one runs its delete receivers."""
    venv = make_venv(tmp_path / "env", DJANGO_MANAGERS)
    write(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/views.py": """\
            import requests
            from django.db import models
            from django.db.models.signals import pre_delete
            from django.dispatch import receiver
            from django.http import JsonResponse
            from django.views import View


            class ProjectQuerySet(models.QuerySet):
                def single_owner(self, user):
                    return self.filter(users=user)


            class Project(models.Model):
                objects = ProjectQuerySet.as_manager()


            @receiver(pre_delete, sender=Project)
            def unindex(sender, instance, **kwargs):
                requests.delete("https://search.example.com/projects/1", timeout=5)


            class Purge(View):
                def post(self, request):
                    for project in Project.objects.single_owner(request.user):
                        project.delete()
                    return JsonResponse({})
            """,
    })
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("views.py", 26, "OFP102")}
