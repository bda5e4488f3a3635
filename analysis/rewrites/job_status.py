"""OFP301's fix: the handler starts a job and answers 202 with a status URL; a new status
endpoint reads the job's state from the backend. Offered only where the framework and the
backend allow it (see `fix`)."""

from __future__ import annotations


def fix(ctx, finding):
    """No verified rewrite yet for this handler's framework and backend: None."""
    return None
