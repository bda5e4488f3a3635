"""Example Flask shop for offpath (static analysis only; never imported)."""
