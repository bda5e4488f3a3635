"""A generated Flask app of 300+ files whose password-reset handler sends email through a service
and a dict of provider classes (`PROVIDERS = {"smtp": SmtpProvider, "http": HttpProvider}` …
`PROVIDERS[kind]().send(...)`): each of the handler's two calls reaches both providers, so each is
one diagnostic with two sinks. The editors' end-to-end tests open it; what the fix must write is
computed with `fixes_for`, the function `offpath check --fix` applies."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from offpath.cli.main import load_project
from offpath.analysis.config import load_config
from offpath.analysis.rewrites import fixes_for
from offpath.analysis.rewrites.text import apply_edits

VIEW = "app/auth/views.py"
CALLS = ("    accounts.request_reset(email)\n", "    accounts.notify_admins(email)\n")
FILLER_PACKAGES = 30
FILLER_MODULES = 10  # per package: 30 × (10 + __init__) = 330 files, plus the app's own

FILES = {
    "requirements.txt": "flask\nrequests\n",
    "app/__init__.py": '''"""Application factory."""
from flask import Flask


def create_app():
    app = Flask(__name__)
    from .auth.views import bp

    app.register_blueprint(bp)
    return app
''',
    "app/auth/__init__.py": "",
    VIEW: '''"""Auth views: the password reset mails the user and the admins."""
from flask import Blueprint, request

from ..services import accounts

bp = Blueprint("auth", __name__)


@bp.route("/reset_password", methods=["GET", "POST"])
def reset_password():
    email = request.form["email"]
''' + "".join(CALLS) + '''    return "ok"


@bp.route("/login", methods=["GET"])
def login():
    return "login"
''',
    "app/services/__init__.py": "",
    "app/services/accounts.py": '''"""Account service."""
from ..utils.email import send_email


def request_reset(email):
    send_email(email, "Reset your password")


def notify_admins(email):
    send_email("admin@example.com", f"Reset requested for {email}")
''',
    "app/utils/__init__.py": "",
    "app/utils/email/__init__.py": '''"""Email helpers: a provider chosen by name from a dict of provider classes."""
from .providers import HttpProvider, SmtpProvider

PROVIDERS = {"smtp": SmtpProvider, "http": HttpProvider}


def send_email(to, subject, kind="smtp"):
    PROVIDERS[kind]().send(to, subject)
''',
    "app/utils/email/providers.py": '''"""Email providers."""
import smtplib

import requests


class SmtpProvider:
    def send(self, to, subject):
        with smtplib.SMTP("localhost") as smtp:
            smtp.sendmail("noreply@example.com", [to], subject)


class HttpProvider:
    def send(self, to, subject):
        requests.post("https://mail.example.com/send", json={"to": to, "subject": subject}, timeout=10)
''',
}


@dataclass(frozen=True)
class Expected:
    """One call of the handler: its diagnostic and what its preferred fix writes."""

    line: int  # 1-based
    code: str
    message: str
    title: str
    files: dict[str, str]  # relative path -> text after the fix
    fixed_file: str  # a file the fix changes (the view's line itself is not edited)
    fixed_text: str  # a line of `fixed_file` that only exists after the fix


def generate(root: Path) -> None:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in range(FILLER_PACKAGES):
        base = root / "app" / f"catalog{package:02d}"
        base.mkdir(parents=True, exist_ok=True)
        (base / "__init__.py").write_text("")
        for module in range(FILLER_MODULES):
            previous = f"from .mod{module - 1:02d} import price_{module - 1}\n\n\n" if module else ""
            body = f"price_{module - 1}(sku) + {module}" if module else f"len(sku) * {package + 1}"
            (base / f"mod{module:02d}.py").write_text(
                f'"""Catalog helpers {package}.{module}."""\n{previous}def price_{module}(sku):\n    return {body}\n')


def count_files(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.py"))


def expected(root: Path) -> list[Expected]:
    """Each handler call's diagnostic and preferred fix, as `offpath check --fix` computes them."""
    project, found = load_project([str(root)], load_config(str(root)))
    view = str(root / VIEW)
    out = []
    for number, call in enumerate(CALLS):
        line = FILES[VIEW].splitlines(keepends=True).index(call) + 1
        site = sorted((f for f in found.get(view, ()) if f.span.line == line and not f.hop),
                      key=lambda f: (f.code, f.sink.api))
        # One finding per sink: `smtplib.SMTP(...)` and `.sendmail(...)`, then the HTTP provider.
        assert [f.category for f in site] == ["email", "email", "http"], site
        fix = next(x for x in fixes_for(project, site[0]) if x.backend != "suppress")
        files = {}
        for path in sorted({e.path for e in fix.edits}):
            with open(path, encoding="utf-8") as handle:
                before = handle.read()
            files[os.path.relpath(path, root)] = apply_edits(before, [e for e in fix.edits if e.path == path])
        fixed_file = next(rel for rel in files if rel != VIEW)
        old_lines = set((root / fixed_file).read_text().splitlines())
        fixed_text = next(line for line in files[fixed_file].splitlines() if line.strip() and line not in old_lines
                          and "import" not in line and not line.startswith("@"))
        others = ", ".join(rel.replace(os.sep, "/") for rel in files if rel != VIEW)
        verb = "also edits" if VIEW in files else "edits"
        sinks = [f for f in site[1:]]
        named = dict.fromkeys(f"{f.sink.api} ({f.sink.category})" for f in sinks)
        more = f" (and {len(sinks)} more: " + ", ".join(named) + ")"
        out.append(Expected(line=line, code=site[0].code, message=site[0].message + more,
                            title=f"{fix.title} ({verb} {others})", files=files, fixed_file=fixed_file,
                            fixed_text=fixed_text))
    return out
