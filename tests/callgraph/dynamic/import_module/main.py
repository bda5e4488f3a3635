"""`importlib.import_module` with a constant name gives that module."""
import importlib

importlib.import_module("plugins.mail").setup()
