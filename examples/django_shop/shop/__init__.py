"""Example Django shop for offpath (static analysis only; never imported)."""
from .celery import app as celery_app

__all__ = ["celery_app"]
