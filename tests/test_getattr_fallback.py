"""`__getattr__` fallback with the builder in an installed package (djmail's `MagicMailBuilder`
idiom): an attribute the workspace subclass and the library base do not define is what the base's
`__getattr__` returns, a function whose result is the message the view sends. The environment is
built in a temp folder; nothing in it runs."""

from __future__ import annotations

import json
import os
import sys
import textwrap

import pytest
from offpath.cli.main import main

PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"

LIBRARY = {
    "mailbuilder/__init__.py": "",
    "mailbuilder/core.py": """\
        from django.core import mail


        class TemplateMail:
            def __init__(self, name):
                self.name = name

            def make_message(self, to):
                return mail.EmailMessage(self.name, "body", to=[to])


        class MagicBuilder:
            def __init__(self, template_cls=TemplateMail):
                self._template_cls = template_cls

            def plain(self, to):
                return to

            def __getattr__(self, name):
                def _build(to, context):
                    template = self._template_cls(name)
                    return template.make_message(to)
                return _build
        """,
}

VIEWS = """\
    from flask import Flask
    from mailbuilder.core import MagicBuilder

    app = Flask(__name__)


    class Builder(MagicBuilder):
        pass


    builder = Builder()


    @app.route("/invite")
    def invite():
        email = builder.member_invitation("x@example.com", {})
        email.send()
        return "ok"


    @app.route("/plain")
    def plain():
        builder.plain("x@example.com").send()
        return "ok"
    """


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFPATH_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)


def check(capsys, *args) -> set[tuple[str, int, str]]:
    code = main(["check", "--format", "json", "--exit-zero", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return {(os.path.basename(f["path"]), f["line"], f["code"]) for f in json.loads(out)["findings"]}


def test_an_attribute_missing_on_a_library_class_is_what_its_getattr_returns(tmp_path, capsys):
    env = tmp_path / "env"
    write(os.path.join(str(env), "lib", PY, "site-packages"), LIBRARY)
    write(env, {"pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\n", "bin/python": ""})
    write(tmp_path / "proj", {"views.py": VIEWS})
    # `builder.plain(...)` is defined: it returns its argument, and no `__getattr__` runs for it.
    assert check(capsys, str(tmp_path / "proj"), "--python", str(env)) == {("views.py", 17, "OFP101")}
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == set()
