"""One place per framework: the registry finds every framework module, and the summary, the
resolver and the call graph hold no framework names of their own (they read `HOOKS`)."""

from __future__ import annotations

import ast
import os

from offpath.analysis.frameworks import FRAMEWORKS, HOOKS

ANALYSIS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "analysis")
PACKAGES = ("django", "rest_framework", "oscar", "flask", "quart", "wtforms", "blinker", "werkzeug",
            "fastapi", "starlette", "ninja", "litestar", "falcon")
FRAMEWORK_WORDS = {"get_class", "get_classes", "atomic", "objects", "receiver", "as_view",
                   "form_class", "serializer_class", "current_app"}


def _literals(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_registry_discovers_every_framework_module() -> None:
    modules = {name[:-3] for name in os.listdir(os.path.join(ANALYSIS, "frameworks"))
               if name.endswith(".py") and name not in ("__init__.py", "base.py")}
    assert len(FRAMEWORKS) == len(modules)
    assert {"django", "django-oscar", "flask", "fastapi", "falcon", "graphql", "sqlalchemy"} <= {f.name for f in FRAMEWORKS}
    assert [f.precedence for f in FRAMEWORKS] == sorted(f.precedence for f in FRAMEWORKS)
    assert len(HOOKS.detectors) == sum(1 for f in FRAMEWORKS if f.detect)


def test_core_modules_hold_no_framework_names() -> None:
    for module in ("summary.py", "resolve.py", "callgraph.py"):
        for text in _literals(os.path.join(ANALYSIS, module)):
            assert not text.split(".")[0] in PACKAGES, f"{module}: {text!r} belongs in analysis/frameworks/"
            assert text not in FRAMEWORK_WORDS, f"{module}: {text!r} belongs in analysis/frameworks/"
