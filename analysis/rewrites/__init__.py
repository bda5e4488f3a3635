"""Rewrites: turn a Finding into verified Fixes (queue dispatch per backend, suppression comment).

`fixes_for(project, finding)` is the one entry point the CLI and the server use.
"""

from __future__ import annotations

from .api import fixes_for, move_all_fixes, suppression_fix

__all__ = ["fixes_for", "move_all_fixes", "suppression_fix"]
