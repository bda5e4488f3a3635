from .impl import publish
