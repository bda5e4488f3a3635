"""The `shop` fixture of the real-editor tests; the scenario itself is in scenario.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scenario import EXAMPLE


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A private copy of examples/django_shop: the editors write into it."""
    root = tmp_path / "django_shop"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".offpath_cache"))
    return root
