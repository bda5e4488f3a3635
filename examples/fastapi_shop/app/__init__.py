"""Example FastAPI shop for offpath (static analysis only; never imported)."""
