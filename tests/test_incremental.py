"""Project.update/remove keep findings equal to a fresh analysis, across files and edits."""

from __future__ import annotations

import os
import shutil

from offpath.analysis.config import Config
from offpath.analysis.project import Project, discover, read_source

CASE = os.path.join(os.path.dirname(__file__), "fixtures", "projects", "django_urls_three_deep")
NO_JEDI = Config(jedi_budget=0)


def _snapshot(project: Project) -> set[tuple[str, int, str]]:
    return {(os.path.basename(f.path), f.span.line, f.code) for found in project.all_findings().values() for f in found}


def _fresh(root: str) -> set[tuple[str, int, str]]:
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    return _snapshot(project)


def _copy(tmp_path) -> str:
    root = os.path.join(tmp_path, "case")
    shutil.copytree(CASE, root)
    return root


def _sink_file(root: str) -> str:
    for path in discover([root]):
        if "send_mail(" in (read_source(path) or "") and "views" not in path:
            return path
    raise AssertionError("no sink file in the fixture")


def test_removing_the_sink_call_clears_the_view_and_restoring_it_brings_it_back(tmp_path) -> None:
    root = _copy(tmp_path)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    before = _snapshot(project)
    assert before, "the fixture has a finding"
    sink = _sink_file(root)
    text = read_source(sink)
    changes = project.update(sink, text.replace("send_mail(", "print("))
    assert any(path.endswith("views.py") and found == [] for path, found in changes.items())
    assert _snapshot(project) == set()
    changes = project.update(sink, text)
    assert any(path.endswith("views.py") and found for path, found in changes.items())
    assert _snapshot(project) == before


def test_removing_a_file_equals_a_fresh_analysis_without_it(tmp_path) -> None:
    root = _copy(tmp_path)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    sink = _sink_file(root)
    project.remove(sink)
    os.remove(sink)
    assert _snapshot(project) == _fresh(root) == set()


def test_an_unparsable_edit_keeps_the_last_good_analysis(tmp_path) -> None:
    root = _copy(tmp_path)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    before = _snapshot(project)
    sink = _sink_file(root)
    assert project.update(sink, read_source(sink) + "\ndef broken(:\n") == {}
    assert _snapshot(project) == before
    assert "syntax error" in project.skipped[os.path.abspath(sink)]


CASCADE_MODELS = '''from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=40)


class Image(models.Model):
    name = models.CharField(max_length=40)
'''
CASCADE_VIEWS = '''import requests
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.views import View

from shop.models import Image, Product


def delete_files(sender, instance, **kwargs):
    requests.delete("https://files.example.com/images/1", timeout=5)


post_delete.connect(delete_files, sender=Image)


class ProductDelete(View):
    def post(self, request, pk):
        Product.objects.get(pk=pk).delete()
        return HttpResponse("")
'''


def test_a_cascading_field_added_to_another_model_runs_its_delete_receivers_and_removing_it_stops_them(tmp_path) -> None:
    root = os.path.join(tmp_path, "case")
    os.makedirs(os.path.join(root, "shop"))
    for name, text in (("__init__.py", ""), ("models.py", CASCADE_MODELS), ("views.py", CASCADE_VIEWS)):
        with open(os.path.join(root, "shop", name), "w", encoding="utf-8") as handle:
            handle.write(text)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    assert _snapshot(project) == set()
    models = os.path.join(root, "shop", "models.py")
    cascading = CASCADE_MODELS.replace(
        "class Image(models.Model):\n", "class Image(models.Model):\n"
        "    product = models.ForeignKey(Product, on_delete=models.CASCADE)\n")
    project.update(models, cascading)
    with open(models, "w", encoding="utf-8") as handle:
        handle.write(cascading)
    assert _snapshot(project) == _fresh(root) == {("views.py", 18, "OFP102")}
    project.update(models, CASCADE_MODELS)
    with open(models, "w", encoding="utf-8") as handle:
        handle.write(CASCADE_MODELS)
    assert _snapshot(project) == _fresh(root) == set()


CONFIGURED_FORMS = '''import requests
from django.contrib.auth import forms as auth_forms


class ResetForm(auth_forms.PasswordResetForm):
    def save(self, *args, **kwargs):
        requests.post("https://mail.example.com/reset", json={}, timeout=5)


class PlainForm(auth_forms.PasswordResetForm):
    pass
'''
CONFIGURED_URLS = '''from django.contrib.auth import views as auth_views
from django.urls import path

from shop.forms import ResetForm

urlpatterns = [
    path("password-reset/", auth_views.PasswordResetView.as_view(form_class=ResetForm)),
]
'''


def test_a_library_view_configured_with_a_form_class_follows_edits_of_the_form_and_of_the_route(tmp_path) -> None:
    root = os.path.join(tmp_path, "case")
    os.makedirs(os.path.join(root, "shop"))
    for name, text in (("__init__.py", ""), ("forms.py", CONFIGURED_FORMS), ("urls.py", CONFIGURED_URLS)):
        with open(os.path.join(root, "shop", name), "w", encoding="utf-8") as handle:
            handle.write(text)
    project = Project([root], NO_JEDI)
    project.load(discover([root]))
    assert _snapshot(project) == _fresh(root) == {("urls.py", 7, "OFP102")}
    urls = os.path.join(root, "shop", "urls.py")
    plain = CONFIGURED_URLS.replace("import ResetForm", "import PlainForm").replace("=ResetForm", "=PlainForm")
    project.update(urls, plain)
    with open(urls, "w", encoding="utf-8") as handle:
        handle.write(plain)
    assert _snapshot(project) == _fresh(root) == set()
    forms = os.path.join(root, "shop", "forms.py")
    sending = CONFIGURED_FORMS.replace("class PlainForm(auth_forms.PasswordResetForm):\n    pass\n",
                                       "class PlainForm(auth_forms.PasswordResetForm):\n    def save(self, *args, **kwargs):\n"
                                       "        requests.post(\"https://mail.example.com/plain\", json={}, timeout=5)\n")
    project.update(forms, sending)
    with open(forms, "w", encoding="utf-8") as handle:
        handle.write(sending)
    assert _snapshot(project) == _fresh(root) == {("urls.py", 7, "OFP102")}
