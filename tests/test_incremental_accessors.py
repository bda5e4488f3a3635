"""Reading an attribute runs code only when some class makes the name an accessor (a property, a
`__getattr__`); the call graph skips every other read without looking at its receiver. So an
edit that adds or removes a property must re-resolve the reads of that name in files that never
read the property's class: each step equals a fresh analysis of the same texts.
"""

from __future__ import annotations

import os

from differential import finding_rows, fresh, write

PLAIN = "class Cart:\n    def __init__(self):\n        self.lines = []\n"
WITH_PROPERTY = (
    "from django.core.mail import send_mail\n\n\n"
    "class Cart:\n    def __init__(self):\n        self.lines = []\n\n"
    "    @property\n    def total(self):\n"
    "        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n        return 0\n"
)
WITH_GETATTR = (
    "from django.core.mail import send_mail\n\n\n"
    "class Cart:\n    def __init__(self):\n        self.lines = []\n\n"
    "    def __getattr__(self, name):\n"
    "        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n        return 0\n"
)


def _project(root: str) -> str:
    os.makedirs(os.path.join(root, "app"))
    write(os.path.join(root, "app", "__init__.py"), "")
    models = os.path.join(root, "app", "models.py")
    write(models, PLAIN)
    write(os.path.join(root, "app", "carts.py"),
          "from app.models import Cart\n\n\ndef current_cart():\n    return Cart()\n")
    write(os.path.join(root, "app", "views.py"),
          "from django.http import HttpResponse\n\nfrom app.carts import current_cart\n\n\n"
          "def checkout(request):\n    current_cart().total\n    return HttpResponse('ok')\n")
    write(os.path.join(root, "app", "urls.py"),
          "from django.urls import path\n\nfrom app import views\n\nurlpatterns = [path('checkout/', views.checkout)]\n")
    return models


def _chains(project, root: str) -> set[tuple]:
    return {row[-1] for row in finding_rows(project, root) if row[1] == "app/views.py"}


def test_a_property_added_in_another_file_makes_a_read_a_chain_edge_as_a_fresh_analysis(tmp_path) -> None:
    root = str(tmp_path / "shop")
    models = _project(root)
    project = fresh(root, hops=True)
    assert not _chains(project, root)  # `total` is a plain attribute read: nothing runs
    for text, runs in ((WITH_PROPERTY, "app.models.Cart.total"), (PLAIN, None),
                       (WITH_GETATTR, "app.models.Cart.__getattr__"), (PLAIN, None)):
        project.update(models, text)
        write(models, text)
        expected = fresh(root, hops=True)
        assert finding_rows(project, root) == finding_rows(expected, root)
        names = {place[2] for chain in _chains(project, root) for place in chain}
        if runs:
            assert any(runs in (name or "") for name in names), names
        else:
            assert not _chains(project, root)


def test_a_get_added_to_a_class_in_another_file_makes_its_instances_descriptors(tmp_path) -> None:
    root = str(tmp_path / "shop")
    models = _project(root)
    rates = os.path.join(root, "app", "rates.py")
    plain = "class Remote:\n    def fetch(self):\n        return 0\n"
    descriptor = (
        "from django.core.mail import send_mail\n\n\n"
        "class Remote:\n    def __get__(self, instance, owner):\n"
        "        send_mail('s', 'b', 'f@example.com', ['t@example.com'])\n        return 0\n"
    )
    write(rates, plain)
    project = fresh(root, hops=True)
    text = "from app.rates import Remote\n\n\nclass Cart:\n    total = Remote()\n"
    project.update(models, text)
    write(models, text)
    assert not _chains(project, root)  # `Remote` has no `__get__`: `total` is only read
    for text, runs in ((descriptor, True), (plain, False)):
        project.update(rates, text)
        write(rates, text)
        expected = fresh(root, hops=True)
        assert finding_rows(project, root) == finding_rows(expected, root)
        names = {place[2] for chain in _chains(project, root) for place in chain}
        assert any("Remote.__get__" in (name or "") for name in names) is runs, names
