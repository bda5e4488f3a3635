"""Negative: `join` is `os.path.join`; the workspace module's `join` is never called."""
from os.path import join

join("a", "b")
