"""A module's top-level code calls its own function when imported: an edge of that module."""
import setup_hooks

setup_hooks.ready()
